/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conllFormat, serializeConll } from '../../../src/lib/formats/conll';
import type { Loss, SourceItem } from '../../../src/lib/formats/format';
import {
  HUGGING_FACE_TEXT_NOTE,
  HuggingFaceReader,
  huggingFaceFormat,
  parseHuggingFaceLine,
  serializeHuggingFace,
  tagNames,
} from '../../../src/lib/formats/huggingface';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { idFromText, type RecordSpan } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { tokenize } from '../../../src/lib/model/tokens';
import { expectError, valueOf } from './parseResultAssertions';
import { documentText, labelName } from './recordArbitraries';
import { spanAt, tokenRecord as record } from './tokenRecords';

const FIXTURE = 'tests/fixtures/formats/huggingface/ner.jsonl';
const line = (value: unknown): string => JSON.stringify(value);

async function readAll(text: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const file = new File([text], 'ner.jsonl');
  for await (const item of huggingFaceFormat.read(file, { reading: CODE_POINTS })) items.push(item);
  return items;
}

const TEXTS = [
  'Shoigu met Kim Jong Un in Pyongyang .',
  'Ukraine 🙂 denied the claim .',
  'Lavrov told Putin Kim was coming .',
  'Cafe\u0301 Pyongyang talks on 北 朝 鮮 😀 .',
];
const EXPECTED = [
  record(
    TEXTS[0],
    [spanAt(TEXTS[0], 'Shoigu', 'PER'), spanAt(TEXTS[0], 'Kim Jong Un', 'PER'), spanAt(TEXTS[0], 'Pyongyang', 'LOC')],
    '0',
  ),
  record(TEXTS[1], [spanAt(TEXTS[1], 'Ukraine', 'LOC')], '1'),
  record(
    TEXTS[2],
    [spanAt(TEXTS[2], 'Lavrov', 'PER'), spanAt(TEXTS[2], 'Putin', 'PER'), spanAt(TEXTS[2], 'Kim', 'PER')],
    '2',
  ),
  record(TEXTS[3], [spanAt(TEXTS[3], 'Cafe\u0301 Pyongyang', 'ORG'), spanAt(TEXTS[3], '北 朝 鮮', 'LOC')], '3'),
];

describe('reading Hugging Face JSONL', () => {
  it('reads the fixture: text from the tokens, spans from the tags, ids as given', async () => {
    const items = await readAll(readFileSync(FIXTURE, 'utf8'));
    expect(items).toEqual([
      ...EXPECTED.map((found, index) => ({ record: found, line: index + 1 })),
      { note: `${HUGGING_FACE_TEXT_NOTE} Tags read as IOB2.` },
    ]);
  });

  it('says which tokens hold white space: the text keeps them, but an export tokenizes again and splits them', async () => {
    const lines = [
      { tokens: ['New York', 'met', 'Kim'], ner_tags: ['B-LOC', 'O', 'B-PER'] },
      { tokens: ['Rio\tde Janeiro'], ner_tags: ['B-LOC'] },
    ];
    const items = await readAll(lines.map((line) => JSON.stringify(line)).join('\n'));
    const texts = items.flatMap((item) => ('record' in item ? [item.record.text] : []));
    expect(texts).toEqual(['New York met Kim', 'Rio\tde Janeiro']);
    expect(items.flatMap((item) => ('note' in item ? [item.note] : []))).toContain(
      '2 tokens hold white space ("New York", "Rio\\tde Janeiro", the first on line 1): the text keeps them as given, but a CoNLL or Hugging Face export tokenizes the text again and splits them there.',
    );
  });

  it('says which tokens are white space only: an export writes no token there (helper-196: not said)', async () => {
    const lines = [
      { tokens: ['Kim', 'met', 'Putin'], ner_tags: ['B-PER', 'O', 'B-PER'] },
      { tokens: ['Kim', ' ', 'met', '\u00a0'], ner_tags: ['B-PER', 'O', 'O', 'O'] },
    ];
    const items = await readAll(lines.map((line) => JSON.stringify(line)).join('\n'));
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes).toContain(
      '2 tokens are white space only (the first on line 2): the text keeps them, but a CoNLL or Hugging Face export tokenizes the text again and writes no token there.',
    );
    expect(notes.join(' ')).not.toContain('hold white space');
  });

  it('takes a number id as a string, and an absent id from the text (the same on every import)', () => {
    const tokens = ['Kim', 'met', '🇺🇦', 'Putin'];
    const tags = ['B-PER', 'O', 'O', 'U-PER'];
    expect(valueOf(parseHuggingFaceLine(line({ id: 12, tokens, ner_tags: tags }), 1))?.id).toBe('12');
    const read = valueOf(parseHuggingFaceLine(line({ tokens, ner_tags: tags }), 1));
    expect(read).toEqual(
      record('Kim met 🇺🇦 Putin', [
        spanAt('Kim met 🇺🇦 Putin', 'Kim', 'PER'),
        spanAt('Kim met 🇺🇦 Putin', 'Putin', 'PER'),
      ]),
    );
    expect(read?.spans[1]).toMatchObject({ start: 11, end: 16 });
    expect(valueOf(parseHuggingFaceLine(line({ id: null, tokens, ner_tags: tags }), 1))?.id).toBe(read?.id);
  });

  it('reads IOB1 and BIOES files into the same spans, and says which scheme it read', () => {
    const tokens = ['Putin', 'Kim', 'met', 'Kim', 'Jong', 'Un'];
    const schemes = {
      IOB2: ['B-PER', 'B-PER', 'O', 'B-PER', 'I-PER', 'I-PER'],
      IOB1: ['I-PER', 'B-PER', 'O', 'I-PER', 'I-PER', 'I-PER'],
      BIOES: ['S-PER', 'S-PER', 'O', 'B-PER', 'I-PER', 'E-PER'],
    };
    for (const [scheme, tags] of Object.entries(schemes)) {
      const reader = new HuggingFaceReader();
      const read = valueOf(reader.parseLine(line({ tokens, ner_tags: tags }), 1));
      expect(read?.spans.map((span) => span.text)).toEqual(['Putin', 'Kim', 'Kim Jong Un']);
      expect(reader.finish()).toEqual([{ note: `${HUGGING_FACE_TEXT_NOTE} Tags read as ${scheme}.` }]);
    }
  });

  it('reads the annotator an export of every layer writes, each line its layer', async () => {
    const text = 'Kim met Putin';
    const written = [
      { ...record(text, [spanAt(text, 'Kim', 'PER')], 'd1'), annotator: 'alice' },
      { ...record(text, [spanAt(text, 'Putin', 'PER')], 'd1'), annotator: 'bob' },
    ];
    const file = [...huggingFaceFormat.write(written, { unit: 'codepoint', labels: [], severalLayers: true })].join('');
    const items = await readAll(file);
    expect(items.flatMap((item) => ('record' in item ? [item.record] : []))).toEqual(written);
    expect(items.filter((item) => 'loss' in item)).toEqual([]);
  });

  it('notes repaired tags, and counts other fields and lines without tokens as left out', async () => {
    const items = await readAll(
      [
        line({ id: 'a', tokens: ['Kim', 'Jong'], ner_tags: ['B-PER', 'I-LOC'], pos_tags: [1, 2], chunk_tags: [] }),
        line({ id: 'b', tokens: [], ner_tags: [] }),
        line({ id: 'c', tokens: ['x'], ner_tags: ['O'], langs: ['en'] }),
      ].join('\n'),
    );
    expect(items.filter((item) => 'record' in item)).toHaveLength(2);
    expect(items.filter((item) => !('record' in item))).toEqual([
      {
        note:
          `${HUGGING_FACE_TEXT_NOTE} Tags read as IOB2. 1 tag did not follow IOB2 (the first on line 1) and was ` +
          'repaired: an I- without its B- starts a span.',
      },
      {
        loss: {
          what: 'other fields',
          why: 'Spanwright keeps a line’s id, tokens and tags',
          count: 3,
          line: 1,
          examples: ['"pos_tags"', '"chunk_tags"', '"langs"'],
        },
      },
      { loss: { what: 'lines without tokens', why: 'a document needs text', count: 1, line: 2 } },
    ]);
  });

  describe('refuses, naming the line and the reason:', () => {
    it('malformed JSON', () => expectError(parseHuggingFaceLine('{"tokens": [', 3), 3, 'malformed JSON'));
    it('not an object', () =>
      expectError(parseHuggingFaceLine('[1]', 4), 4, 'expected a JSON object {"tokens", "ner_tags"} (got an array)'));
    it('integer tags (class ids)', () =>
      expectError(
        parseHuggingFaceLine(line({ tokens: ['Kim'], ner_tags: [1] }), 5),
        5,
        '"ner_tags" holds class ids (numbers), and the file does not name them: import it together with the dataset’s labels.json',
      ));
    it('tokens not an array, or not strings', () => {
      expectError(
        parseHuggingFaceLine(line({ tokens: 'Kim met', ner_tags: ['O'] }), 2),
        2,
        '"tokens" must be an array of strings (got "Kim met")',
      );
      expectError(
        parseHuggingFaceLine(line({ tokens: ['Kim', '', 3], ner_tags: ['O', 'O', 'O'] }), 2),
        2,
        'token 2 must be a non-empty string (got "") (and 1 more)',
      );
    });
    it('tags missing, or not tags', () => {
      expectError(
        parseHuggingFaceLine(line({ tokens: ['Kim'] }), 6),
        6,
        '"ner_tags" must be an array of tags like "B-PER" (got nothing)',
      );
      expectError(
        parseHuggingFaceLine(line({ tokens: ['Kim', 'met'], ner_tags: ['PER', 'O'] }), 6),
        6,
        'tag 1 is not a tag: "PER" (expected O, or B-, I-, E-, S- and a label)',
      );
    });
    it('tokens and tags of different lengths', () =>
      expectError(
        parseHuggingFaceLine(line({ tokens: ['Kim', 'met'], ner_tags: ['O'] }), 7),
        7,
        'has 2 tokens but 1 "ner_tags"',
      ));
    it('a bad id', () =>
      expectError(
        parseHuggingFaceLine(line({ id: {}, tokens: ['Kim'], ner_tags: ['O'] }), 8),
        8,
        '"id" must be a non-empty string or a number (got an object)',
      ));
    it('every problem of a line at once', () => {
      const result = parseHuggingFaceLine(line({ id: '', tokens: 1, ner_tags: 2 }), 9);
      expect('errors' in result && result.errors.map((error) => error.line)).toEqual([9, 9, 9]);
    });
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc
            .record({ id: fc.jsonValue(), tokens: fc.jsonValue(), ner_tags: fc.jsonValue() }, { requiredKeys: [] })
            .map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseHuggingFaceLine(input, 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detect', () => {
  const head = (text: string, keys: string[]) => ({ name: 'a.jsonl', text, keys, complete: true, first: text[0] });
  it('scores a first object with "tokens" and "ner_tags" 3, anything else 0', () => {
    expect(huggingFaceFormat.detect(head('{"id":"0","tokens":[],"ner_tags":[]}', ['id', 'tokens', 'ner_tags']))).toBe(
      3,
    );
    expect(huggingFaceFormat.detect(head('{"tokens":[]}', ['tokens']))).toBe(0);
    expect(huggingFaceFormat.detect(head('[{"tokens":[],"ner_tags":[]}]', ['tokens', 'ner_tags']))).toBe(0);
  });
});

describe('writing Hugging Face JSONL', () => {
  it('writes one line per record: id, tokenize’s tokens, IOB2 string tags', () => {
    const text = 'Kim Jong Un met\r\nShoigu 🇺🇦.';
    expect(
      serializeHuggingFace(record(text, [spanAt(text, 'Kim Jong Un', 'PER'), spanAt(text, 'Shoigu', 'PER')], '7')),
    ).toBe(
      '{"id":"7","tokens":["Kim","Jong","Un","met","Shoigu","🇺🇦","."],' +
        '"ner_tags":["B-PER","I-PER","I-PER","O","B-PER","O","O"]}',
    );
  });

  it('writes the fixture records as the fixture, byte for byte', () => {
    expect([...huggingFaceFormat.write(EXPECTED, { unit: 'codepoint', labels: [] })].join('')).toBe(
      readFileSync(FIXTURE, 'utf8'),
    );
  });

  it('writes labels.json beside it: O, then B- and I- of each label in order', () => {
    expect(huggingFaceFormat.companions?.({ unit: 'codepoint', labels: ['claim', 'PER'] })).toEqual([
      { path: 'labels.json', text: '["O","B-claim","I-claim","B-PER","I-PER"]\n' },
    ]);
    expect(tagNames([])).toEqual(['O']);
  });

  it('says which spans the tags cannot carry', () => {
    const text = 'the Kim Jong Un visit';
    expect(
      huggingFaceFormat.lossesOf?.(
        record(text, [spanAt(text, 'Kim Jong Un visit', 'visit'), spanAt(text, 'Jong', 'PER')]),
      ),
    ).toMatchObject([{ what: 'overlapping spans', count: 1, examples: ['"Jong" 8–12 (PER)'] }]);
    // The tags hold the longer span whole, and no cut-down piece of it.
    expect(
      JSON.parse(
        serializeHuggingFace(record(text, [spanAt(text, 'Kim Jong Un visit', 'visit'), spanAt(text, 'Jong', 'PER')])),
      ),
    ).toMatchObject({
      tokens: ['the', 'Kim', 'Jong', 'Un', 'visit'],
      ner_tags: ['O', 'B-visit', 'I-visit', 'I-visit', 'I-visit'],
    });
  });

  it('writes the same tokens as CoNLL, but keeps a span across a line break (a line is a whole document)', () => {
    const text = 'Line one Lavrov.\r\nLine two Shoigu.\r\n';
    const layer = record(text, [spanAt(text, 'Lavrov', 'PER'), spanAt(text, 'Lavrov.\r\nLine', 'SPANLB')]);
    const written = JSON.parse(serializeHuggingFace(layer)) as { tokens: string[]; ner_tags: string[] };
    const conllLines = [...serializeConll(layer)]
      .join('')
      .split('\n')
      .slice(2)
      .filter((row) => row !== '')
      .map((row) => row.split(' '));
    expect(written.tokens).toEqual(conllLines.map(([token]) => token));
    // CoNLL cuts sentences at line breaks and leaves the span out; a Hugging Face line holds the whole document.
    expect(conllLines.map(([, tag]) => tag)).toEqual(['O', 'O', 'B-PER', 'O', 'O', 'O', 'O', 'O']);
    expect(written.ner_tags).toEqual(['O', 'O', 'B-SPANLB', 'I-SPANLB', 'I-SPANLB', 'O', 'O', 'O']);
    const named = (losses: Loss[] | undefined) =>
      losses?.map(({ what, count, examples }) => ({ what, count, examples }));
    expect(named(huggingFaceFormat.lossesOf?.(layer))).toEqual([
      { what: 'overlapping spans', count: 1, examples: ['"Lavrov" 9–15 (PER)'] },
    ]);
    expect(named(conllFormat.lossesOf?.(layer))).toEqual([
      { what: 'spans across a line break', count: 1, examples: ['"Lavrov.\\r\\nLine" 9–22 (SPANLB)'] },
    ]);
  });

  it('writes "annotator" on every line of an export of every layer, null for a document without a layer', async () => {
    const text = 'Kim met Putin';
    const written = [
      { ...record(text, [spanAt(text, 'Kim', 'PER')], 'd1'), annotator: 'alice' },
      record('Nobody labelled this', [], 'd2'),
    ];
    const file = [...huggingFaceFormat.write(written, { unit: 'codepoint', labels: [], severalLayers: true })].join('');
    const lines = file
      .trim()
      .split('\n')
      .map((row) => JSON.parse(row) as Record<string, unknown>);
    expect(lines.map((row) => Object.keys(row))).toEqual([
      ['id', 'annotator', 'tokens', 'ner_tags'],
      ['id', 'annotator', 'tokens', 'ner_tags'],
    ]);
    expect(lines[1].annotator).toBeNull();
    const items = await readAll(file);
    expect(items.flatMap((item) => ('record' in item ? [item.record] : []))).toEqual(written);
    expect(items.filter((item) => 'loss' in item)).toEqual([]);
  });

  it('every token is text.slice of its token, whatever the text', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const written: unknown = JSON.parse(serializeHuggingFace(record(text, [])));
        expect(written).toEqual({
          id: idFromText(text),
          tokens: tokenize(text).map((token) => sliceCodePoints(text, token.start, token.end)),
          ner_tags: tokenize(text).map(() => 'O'),
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** A text of single-space separated tokens and non-overlapping spans on them. */
const tokenRecord = fc
  .array(fc.constantFrom('Kim', '😀', '北', 'カ', 'Cafe\u0301', '평양', 'don’t', '.', '«', '𝔘𝔫𝔦', '#'), {
    minLength: 1,
    maxLength: 12,
  })
  .chain((words) => {
    const text = words.join(' ');
    const tokens = tokenize(text);
    return fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom('O', 'B', 'I'), labelName), {
          minLength: tokens.length,
          maxLength: tokens.length,
        }),
        fc.oneof(fc.constant(undefined), fc.string({ minLength: 1 })),
      )
      .map(([choices, id]) => {
        const spans: RecordSpan[] = [];
        let open: { start: number; end: number; label: string } | null = null;
        const close = () => {
          if (open) spans.push({ ...open, text: sliceCodePoints(text, open.start, open.end) });
          open = null;
        };
        choices.forEach(([choice, label], index) => {
          if (choice === 'I' && open) open.end = tokens[index].end;
          else {
            close();
            if (choice !== 'O') open = { start: tokens[index].start, end: tokens[index].end, label };
          }
        });
        close();
        return record(text, spans, id);
      });
  });

describe('round trips', () => {
  it('records on token boundaries, without overlaps → Hugging Face JSONL → the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tokenRecord, { minLength: 1, maxLength: 3 }), async (written) => {
        expect(written.flatMap((one) => huggingFaceFormat.lossesOf?.(one) ?? [])).toEqual([]);
        const file = [...huggingFaceFormat.write(written, { unit: 'codepoint', labels: [] })].join('');
        const read = (await readAll(file)).flatMap((item) => ('record' in item ? [item.record] : []));
        expect(read).toEqual(written.map((one) => ({ ...one, tokensOnly: true })));
      }),
      { numRuns: 100 },
    );
  });

  it('writes the tokens a line came with back as they were when asked to split at white space', () => {
    const tokens = ['The', 'U.S.', "didn't", '🇺🇦', '北朝鮮', '$1.5bn', '.'];
    const tags = ['O', 'B-LOC', 'O', 'O', 'B-LOC', 'O', 'O'];
    const read = valueOf(parseHuggingFaceLine(line({ id: 'd1', tokens, ner_tags: tags }), 1))!;
    const written = (rule?: 'words' | 'spaces') =>
      JSON.parse(serializeHuggingFace(read, false, rule)) as { tokens: string[]; ner_tags: string[] };
    expect(written('spaces')).toEqual({ id: 'd1', tokens, ner_tags: tags });
    // Spanwright's words split "U.S." and each Han character: more tokens than the line had.
    expect(written().tokens.length).toBeGreaterThan(tokens.length);
  });
});
