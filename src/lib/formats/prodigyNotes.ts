/** What a Prodigy file's card says of its rejected answers. */

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
