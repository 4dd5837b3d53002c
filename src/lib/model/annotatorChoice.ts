/**
 * What typing a name in the annotator field means, given who has a layer: the same annotator, another existing one,
 * or a new one, which opens an empty layer and so is confirmed first. A new name that differs from an existing one
 * only in case, width or spaces ("Bob" for "bob") names that one as what was probably meant.
 */
export type AnnotatorChoice =
  { kind: 'same' } | { kind: 'existing'; name: string } | { kind: 'new'; name: string; similar: string | null };

/** The name folded for likeness: Unicode compatibility form, lower case, runs of spaces as one, none at the ends. */
function folded(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/gu, ' ').trim();
}

export function annotatorChoice(typed: string, current: string, existing: readonly string[]): AnnotatorChoice {
  const name = typed.trim();
  if (name === current) return { kind: 'same' };
  if (existing.includes(name)) return { kind: 'existing', name };
  const key = folded(name);
  const similar = [current, ...existing].find((candidate) => folded(candidate) === key) ?? null;
  return { kind: 'new', name, similar };
}
