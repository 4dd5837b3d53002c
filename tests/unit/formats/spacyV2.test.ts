import { describe, expect, it } from 'vitest';
import { detectSourceFormat } from '../../../src/lib/formats/detect';
import type { SourceItem } from '../../../src/lib/formats/format';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { readRecords } from '../../../src/lib/formats/registry';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

/** A token as `spacy convert` (v2) writes it: its text, a parse, and a BILUO entity tag. */
const token = (orth: string, ner = 'O', id = 0) => ({ id, orth, tag: 'NNP', head: 0, dep: 'ROOT', ner });

/** Two documents: one with "raw" texts (an emoji, CJK, CRLF), one of tokens alone. */
const CONVERTED = [
  {
    id: 0,
    paragraphs: [
      {
        raw: 'Kim Jong Un met Shoigu 👩‍👩‍👧 in 평양.\r\nTASS said so.',
        sentences: [
          {
            tokens: [
              token('Kim', 'B-PER'),
              token('Jong', 'I-PER'),
              token('Un', 'L-PER'),
              token('met'),
              token('Shoigu', 'U-PER'),
              token('👩‍👩‍👧'),
              token('in'),
              token('평양', 'U-LOC'),
              token('.'),
            ],
            brackets: [],
          },
          { tokens: [token('TASS', 'U-ORG'), token('said'), token('so', '-'), token('.')], brackets: [] },
        ],
        cats: [{ label: 'NEWS', value: 1 }],
      },
      { raw: 'Café Moscow.', sentences: [{ tokens: [token('Café', 'B-ORG'), token('Moscow', 'L-ORG'), token('.')] }] },
    ],
  },
  { id: 1, paragraphs: [{ sentences: [{ tokens: [token('Lavrov', 'U-PER'), token('denied'), token('it')] }] }] },
];

async function read(content: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readRecords(new File([content], 'train.json'), 'doccano')) items.push(item);
  return items;
}
const recordsOf = (items: SourceItem[]) => items.flatMap((item) => ('record' in item ? [item.record] : []));
const spansOf = (record: AnnotatedRecord) =>
  record.spans.map((span) => [sliceCodePoints(record.text, span.start, span.end), span.label]);

describe('spaCy v2 JSON (spacy convert)', () => {
  it('is recognised as doccano’s reader’s, ahead of “not a format Spanwright recognises”', async () => {
    const file = new File([JSON.stringify(CONVERTED, null, 2)], 'train.json');
    expect(await detectSourceFormat({ name: file.name, size: file.size, files: [file] })).toBe('doccano');
  });

  it('reads each document’s paragraphs, raw text kept, BILUO tags as spans, and counts what it does not keep', async () => {
    const items = await read(JSON.stringify(CONVERTED));
    expect(items.flatMap((item) => ('error' in item ? [item.error] : []))).toEqual([]);
    const [first, second] = recordsOf(items);
    expect(first.id).toBe('0');
    expect(first.text).toBe('Kim Jong Un met Shoigu 👩‍👩‍👧 in 평양.\r\nTASS said so.\n\nCafé Moscow.');
    expect(spansOf(first)).toEqual([
      ['Kim Jong Un', 'PER'],
      ['Shoigu', 'PER'],
      ['평양', 'LOC'],
      ['TASS', 'ORG'],
      ['Café Moscow', 'ORG'],
    ]);
    expect(second.text).toBe('Lavrov denied it');
    expect(spansOf(second)).toEqual([['Lavrov', 'PER']]);
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes.some((note) => note.startsWith('read as spaCy v2 JSON (2 documents of paragraphs and tokens'))).toBe(
      true,
    );
    const losses = items.flatMap((item) => ('loss' in item ? [[item.loss.what, item.loss.count]] : []));
    expect(losses).toEqual([
      ['tokens’ tags, heads and dependencies', 19],
      ['text categories ("cats")', 1],
    ]);
  });

  it('refuses a document whose tokens are not in its raw text in turn, naming the record and the token', async () => {
    const broken = [
      {
        id: 3,
        paragraphs: [{ raw: 'Kim met Putin.', sentences: [{ tokens: [token('Kim'), token('Putin'), token('met')] }] }],
      },
    ];
    const items = await read(JSON.stringify(broken));
    expect(recordsOf(items)).toEqual([]);
    expect(items.flatMap((item) => ('error' in item ? [item.error.message] : []))).toEqual([
      'paragraph 1: token 2 "Putin" is not next in its "raw" text (after "Kim")',
    ]);
  });
});
