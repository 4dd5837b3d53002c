/** Hand-written records with the characters that break offset code, shared by fixture tests. */
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { recordTitle, type AnnotatedRecord, type RecordSpan } from '../../../src/lib/formats/records';

/** Spans by the text they quote: `[label, quote]` → a span at the first occurrence of `quote` in `text`. */
function spansOf(text: string, wanted: [label: string, quote: string][]): RecordSpan[] {
  const codePoints = [...text];
  return wanted
    .map(([label, quote]) => {
      const utf16 = text.indexOf(quote);
      if (utf16 === -1) throw new Error(`${quote} is not in the text`);
      const start = [...text.slice(0, utf16)].length;
      const end = start + [...quote].length;
      if (codePoints.slice(start, end).join('') !== quote) throw new Error('bad fixture');
      return { start, end, label, text: sliceCodePoints(text, start, end) };
    })
    .sort((left, right) => left.start - right.start || left.end - right.end || (left.label < right.label ? -1 : 1));
}

function record(
  id: string,
  text: string,
  annotator: string | null,
  status: AnnotatedRecord['status'],
  spans: [string, string][],
  meta: Record<string, unknown> = {},
): AnnotatedRecord {
  return { id, text, title: recordTitle(text, id, meta), annotator, status, spans: spansOf(text, spans), meta };
}

const FAMILY =
  'Shoigu 👩‍👩‍👧 met Kim Jong Un in 평양 (Pyongyang) on Tuesday.\r\nUkraine 🇺🇦 denied the claim.\r\n\r\nCafe\u0301 talks: 北朝鮮 «sanctions» 😀 soon.';

export const UNICODE_RECORDS: AnnotatedRecord[] = [
  record(
    'nk-001',
    FAMILY,
    'alice',
    'done',
    [
      ['visit', 'Shoigu 👩‍👩‍👧 met Kim Jong Un in 평양'],
      ['denial', 'Ukraine 🇺🇦 denied the claim.'],
      ['claim', 'Cafe\u0301 talks: 北朝鮮'],
      ['sanction', '«sanctions» 😀 soon'],
      ['claim', '\r\n'],
    ],
    { title: 'Shoigu in Pyongyang', source: 'wire', tags: ['🇺🇦', 'e\u0301'] },
  ),
  record(
    'nk-001',
    FAMILY,
    'bob',
    'todo',
    [
      ['visit', '👩‍👩‍👧'],
      ['claim', '🇺🇦 denied'],
    ],
    { title: 'Shoigu in Pyongyang', source: 'wire', tags: ['🇺🇦', 'e\u0301'] },
  ),
  record('17', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and\rold Mac line breaks\r😀', null, null, [
    ['claim', '𝔘𝔫𝔦'],
    ['denial', 'line breaks\r😀'],
  ]),
  record('plain', 'No spans here, only text.\n', null, null, []),
];
