/** What a Prodigy file's card says of its kept fields, its rejected answers and its spans' token indices. */
import { clip } from './errorMessages';
import type { Loss } from './format';

/** The meta key holding a task's other top-level fields (see prodigy.ts's module comment). */
export const PRODIGY_FIELDS_KEY = 'prodigy_fields';
/** At most this many kept field names are listed in the note about them. */
const LISTED_FIELDS = 12;

/** The note naming the top-level fields a file's tasks keep in their metadata. */
export function keptFieldsNote(names: string[]): string {
  const listed = names
    .slice(0, LISTED_FIELDS)
    .map((name) => JSON.stringify(clip(name)))
    .join(', ');
  return (
    `top-level fields kept in each document's metadata ("${PRODIGY_FIELDS_KEY}") and written back by a Prodigy export: ` +
    listed +
    (names.length > LISTED_FIELDS ? `, and ${names.length - LISTED_FIELDS} more` : '')
  );
}

/** The note on spans whose token_start/token_end name other characters than their start/end. */
export function tokenNote(count: number, line: number): string {
  const spans =
    count === 1
      ? '1 span’s "token_start" and "token_end" name'
      : `${count.toLocaleString('en')} spans’ "token_start" and "token_end" name`;
  return `${spans} other characters than ${count === 1 ? 'its' : 'their'} "start" and "end" (the first on line ${line}): the character offsets are read`;
}

/**
 * The note on rejected answers: skipped in Spanwright, "reject" again in a Prodigy export. A
 * document keeps its first record's metadata for all its layers, so in this file `otherwise.rejects`
 * came after another answer to their task and export as "ignore", and `otherwise.ignores` came after
 * a reject of theirs and export as "reject".
 */
export function rejectedNote(count: number, otherwise: { rejects: number; ignores: number }): string {
  const answers = count === 1 ? '1 rejected answer is' : `${count.toLocaleString('en')} rejected answers are`;
  const { rejects, ignores } = otherwise;
  const after = [
    rejects === 0
      ? ''
      : `${rejects === 1 ? '1 reject comes' : `${rejects.toLocaleString('en')} rejects come`} after another answer to the same task and ${rejects === 1 ? 'exports' : 'export'} as "ignore"`,
    ignores === 0
      ? ''
      : `${ignores === 1 ? '1 ignored answer comes' : `${ignores.toLocaleString('en')} ignored answers come`} after a reject of the same task and ${ignores === 1 ? 'exports' : 'export'} as "reject"`,
  ].filter((part) => part !== '');
  return (
    `${answers} imported as skipped, like an ignored one; "reject" is kept in the metadata, so a Prodigy export ` +
    'writes "reject" again (other formats leave skipped documents out)' +
    (after.length === 0
      ? ''
      : `; but a document keeps its first record’s metadata for every layer: ${after.join(', and ')}`)
  );
}

/** At most this many span fields are counted each on its own; the rest are counted together. */
const COUNTED_SPAN_FIELDS = 6;

/**
 * The losses of span fields a file's imported spans carry beyond their offsets, label, text and
 * token indices (`score`, `source`, `priority`… as `ner.teach` writes them): one per field, with how
 * many spans carried it and the line of the first.
 */
export function spanFieldLosses(fields: ReadonlyMap<string, { count: number; line: number }>): Loss[] {
  const why =
    'Spanwright keeps a span’s offsets and label, not its other fields; a Prodigy export writes spans without them';
  const named = [...fields].slice(0, COUNTED_SPAN_FIELDS);
  const losses: Loss[] = named.map(([name, { count, line }]) => ({
    what: `spans’ ${JSON.stringify(clip(name))} values`,
    why,
    count,
    line,
  }));
  const rest = [...fields].slice(COUNTED_SPAN_FIELDS);
  if (rest.length > 0)
    losses.push({
      what: `spans’ values of ${rest.length} other fields (${rest.map(([name]) => JSON.stringify(clip(name))).join(', ')})`,
      why,
      count: rest.reduce((sum, [, { count }]) => sum + count, 0),
      line: Math.min(...rest.map(([, { line }]) => line)),
    });
  return losses;
}
