/** The records an import put onto a document of the same text under another id (`placement.ts`): their ids are not kept. */
import type { Loss } from '../formats/format';

/** What an import says after it of the records whose text another document has under another id (`joinedLoss`'s). */
export function joinedNote({ count, examples = [] }: Loss): string {
  const [which, goes, kept] =
    count === 1
      ? ['1 id of the file names', 'its spans go', 'that id is']
      : [`${count.toLocaleString('en')} ids of the file name`, 'their spans go', 'those ids are'];
  return `${which} a text a document has under another id (stored, or earlier in the file): ${goes} onto that document, and ${kept} not kept: ${examples.join(', ')}${count > examples.length ? ', …' : ''}.`;
}

export const JOINED_WHAT = 'ids of records whose text a document has under another id (stored, or earlier in the file)';

/**
 * Those records: their ids do not arrive, so the card counts them with what will not arrive, not in a note
 * under "Nothing in it is left out" (helper-210).
 */
export function joinedLoss({ ids, examples }: { ids: ReadonlySet<string>; examples: string[] }): Loss | null {
  if (ids.size === 0) return null;
  return {
    what: JOINED_WHAT,
    why: 'their spans go onto that document, which keeps its own id',
    count: ids.size,
    examples,
  };
}
