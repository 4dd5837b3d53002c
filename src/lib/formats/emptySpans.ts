/**
 * Empty spans (start = end, inside the text, quoting nothing), as other tools' exports sometimes hold them
 * (a stray click): an import leaves them out and counts them on the file's card, with the line of each,
 * where any other bad span refuses its file.
 */
import type { LossTally } from './jsonDocuments';
import { isEmptySpan, type SpanFields, type SpanTarget } from './validation';

/** What the import card says of them (what, why). */
export const EMPTY_SPANS = [
  'empty spans (start = end)',
  'a span covers at least one character: one of no width marks nothing to train on',
] as const;

/** Counts one empty span left out: listed as `line 7, span 2` (a JSON record's line is where it starts). */
export function countEmpty(tally: LossTally, line: number, name: string): void {
  tally.add(...EMPTY_SPANS, line, 1, `line ${line}, ${name}`);
}

/** Whether `fields` name an empty span, counted in `tally` when they do. */
export function leftOutEmpty(
  fields: Omit<SpanFields, 'label'>,
  target: SpanTarget,
  tally: LossTally,
  line: number,
  name: string,
): boolean {
  if (!isEmptySpan(fields, target)) return false;
  countEmpty(tally, line, name);
  return true;
}

/** Counts `count` regions whose labels were all taken off (`"labels": []`, which Label Studio keeps): they label nothing. */
export function countUnlabelled(tally: Pick<LossTally, 'add'>, line: number, count: number): void {
  tally.add('regions without a label', 'a region with "labels": [] labels nothing', line, count);
}
