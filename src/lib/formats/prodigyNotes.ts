/** What a Prodigy file's card says of its kept fields, its rejected answers and its spans' token indices. */
import { clip } from './errorMessages';

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
 * The note on rejected answers: skipped in Spanwright, "reject" again in a Prodigy export; but for
 * those (`later`) after another answer to the same task, whose metadata the document does not keep.
 */
export function rejectedNote(count: number, later: number): string {
  const answers = count === 1 ? '1 rejected answer is' : `${count.toLocaleString('en')} rejected answers are`;
  const lost =
    later === 0
      ? ''
      : `; but ${later === count ? (count === 1 ? 'it comes' : 'they all come') : `${later.toLocaleString('en')} of them come`} after another answer to the same task, whose metadata the document keeps instead, so ${later === 1 ? 'its skip exports' : 'their skips export'} as "ignore"`;
  return (
    `${answers} imported as skipped, like an ignored one; "reject" is kept in the metadata, so a Prodigy export ` +
    `writes "reject" again (other formats leave skipped documents out)${lost}`
  );
}
