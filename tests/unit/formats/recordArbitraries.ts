/** fast-check arbitraries for documents, spans and records with hard Unicode in them. */
import fc from 'fast-check';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { STATUSES } from '../../../src/lib/model/types';
import {
  recordTitle,
  sanitizeJson,
  isJsonObject,
  type AnnotatedRecord,
  type RecordSpan,
} from '../../../src/lib/formats/records';

/** Pieces that break naive offset code: astral characters, ZWJ sequences, flags, combining marks, line breaks. */
const HARD_PIECES = [
  '👩‍👩‍👧',
  '🇺🇦',
  '😀',
  'e\u0301',
  '漢字',
  '한국어',
  '\r\n',
  '\r',
  '\n',
  '\n\n',
  ' ',
  '\t',
  'Kim',
  'North Korea',
  '"',
  '\\',
  '\u2028',
  '\uFEFF',
  '𝔘',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HARD_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/** A non-empty document text. */
export const documentText = fc
  .array(piece, { minLength: 1, maxLength: 40 })
  .map((pieces) => pieces.join(''))
  .filter((text) => text.length > 0);

export const labelName = fc.oneof(
  fc.constantFrom('claim', 'denial', 'PER', 'ラベル', '🏷️ tag', 'a"b'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);

/** Valid spans over `text`, generated in code points and sorted, each quoting its text. */
export function spansOver(text: string): fc.Arbitrary<RecordSpan[]> {
  const length = [...text].length;
  const offset = fc.integer({ min: 0, max: length - 1 });
  return fc.array(fc.tuple(offset, offset, labelName), { maxLength: 12 }).map((tuples) =>
    tuples
      .map(([first, second, label]) => {
        const start = Math.min(first, second);
        const end = Math.max(first, second) + 1;
        return { start, end, label, text: sliceCodePoints(text, start, end) };
      })
      .sort(
        (left, right) =>
          left.start - right.start ||
          left.end - right.end ||
          (left.label < right.label ? -1 : left.label > right.label ? 1 : 0),
      ),
  );
}

export const annotatorName = fc.option(fc.constantFrom('alice', 'bob', 'José', '李雷', 'gold', '17'), { nil: null });
export const status = fc.option(fc.constantFrom(...STATUSES), { nil: null });

/** Meta as it comes out of an import: sanitized JSON. */
export const meta = fc
  .dictionary(
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('title', 'source', '0', 'url')),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 4 },
  )
  .map((value) => {
    const clean = sanitizeJson(value);
    return isJsonObject(clean) ? clean : {};
  });

export const documentId = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  fc.nat().map(String),
  fc.constantFrom('doc-1', '007', '-1'),
);

/** One document with one to three annotators' layers: the records that share its id. */
export const documentRecords = fc
  .record({ id: documentId, text: documentText, meta })
  .chain(({ id, text, meta: documentMeta }) =>
    fc
      .array(fc.record({ annotator: annotatorName, status, spans: spansOver(text) }), { minLength: 1, maxLength: 3 })
      .map((layers): AnnotatedRecord[] =>
        layers.map((layer) => ({ id, text, title: recordTitle(text, id, documentMeta), meta: documentMeta, ...layer })),
      ),
  );

/** Records of several documents with distinct ids, each document's layers together. */
export const corpusRecords = fc
  .uniqueArray(documentRecords, { minLength: 1, maxLength: 4, selector: (records) => records[0].id })
  .map((documents) => documents.flat());
