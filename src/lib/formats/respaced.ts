/**
 * A record whose text a token format rebuilt (Hugging Face: its tokens joined by one space) put back
 * on the stored text it was exported from: the same characters in the same order, only the white
 * space between them differs. Its spans move onto the stored text, edge by edge.
 */
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import { isSpaceCodePoint } from '../model/whiteSpace';
import type { AnnotatedRecord, RecordSpan } from './records';

/**
 * `record` on `stored`: its text replaced by `stored`, its spans' offsets (code points) and texts
 * moved onto it. White space is what the tokenizer drops (`isSpaceCodePoint`), so a text the export
 * tokenized always comes back. A span edge on white space moves inward to the nearest other
 * character. Null when the two texts differ in anything but white space, or a span is white space only.
 */
export function ontoRespacedText(record: AnnotatedRecord, stored: string): AnnotatedRecord | null {
  const rebuilt = record.text;
  /** For each code point of the rebuilt text, its place (in code points) in `stored`; -1 for white space. */
  const places = new Int32Array(rebuilt.length);
  let count = 0;
  let at16 = 0;
  let at = 0;
  const skipSpaces = () => {
    for (let c = stored.codePointAt(at16); c !== undefined && isSpaceCodePoint(c); c = stored.codePointAt(at16)) {
      at16 += c > 0xffff ? 2 : 1;
      at++;
    }
  };
  for (let index = 0; index < rebuilt.length; count++) {
    const c = rebuilt.codePointAt(index)!;
    index += c > 0xffff ? 2 : 1;
    if (isSpaceCodePoint(c)) {
      places[count] = -1;
      continue;
    }
    skipSpaces();
    if (stored.codePointAt(at16) !== c) return null;
    places[count] = at++;
    at16 += c > 0xffff ? 2 : 1;
  }
  skipSpaces();
  if (at16 !== stored.length) return null;
  const storedIndex = new CodePointIndex(stored);
  const spans: RecordSpan[] = [];
  for (const span of record.spans) {
    let first = span.start;
    let last = Math.min(span.end, count) - 1;
    while (first <= last && places[first] === -1) first++;
    while (last >= first && places[last] === -1) last--;
    if (first > last) return null;
    const start = places[first];
    const end = places[last] + 1;
    spans.push({ ...span, start, end, text: sliceCodePoints(stored, start, end, storedIndex) });
  }
  return { ...record, text: stored, spans };
}
