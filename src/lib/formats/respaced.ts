/**
 * A record whose text a token format rebuilt (Hugging Face: its tokens joined by one space) put back
 * on the stored text it was exported from: the same characters in the same order, only the spacing
 * between them differs. Its spans move onto the stored text, edge by edge.
 */
import type { AnnotatedRecord, RecordSpan } from './records';

const SPACE = /^\s$/u;

/**
 * `record` on `stored`: its text replaced by `stored`, its spans' offsets (code points) and texts
 * moved onto it. Null when the two texts differ in anything but white space, or when a span starts
 * or ends on white space of the record's text (no place in `stored` answers for it).
 */
export function ontoRespacedText(record: AnnotatedRecord, stored: string): AnnotatedRecord | null {
  const from = [...record.text];
  const to = [...stored];
  /** For each code point of the record's text, its place in `stored`; -1 for white space. */
  const places = new Int32Array(from.length).fill(-1);
  let at = 0;
  for (let index = 0; index < from.length; index++) {
    if (SPACE.test(from[index])) continue;
    while (at < to.length && SPACE.test(to[at])) at++;
    if (at === to.length || to[at] !== from[index]) return null;
    places[index] = at++;
  }
  while (at < to.length && SPACE.test(to[at])) at++;
  if (at !== to.length) return null;
  const spans: RecordSpan[] = [];
  for (const span of record.spans) {
    if (span.end <= span.start || span.end > from.length) return null;
    const start = places[span.start];
    const last = places[span.end - 1];
    if (start === -1 || last === -1) return null;
    spans.push({ ...span, start, end: last + 1, text: to.slice(start, last + 1).join('') });
  }
  return { ...record, text: stored, spans };
}
