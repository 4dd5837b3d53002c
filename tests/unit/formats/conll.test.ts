/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONLL_TEXT_NOTE,
  conllFormat,
  conllLosses,
  detectConll,
  parseConll,
  serializeConll,
} from '../../../src/lib/formats/conll';
import type { FileHead, Loss, SourceItem } from '../../../src/lib/formats/format';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import type { FormatError, RecordSpan } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { tokenize } from '../../../src/lib/model/tokens';
import { documentText } from './recordArbitraries';
import { spanAt, tokenRecord as record } from './tokenRecords';

const FIXTURES = 'tests/fixtures/formats/conll/';
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

const records = (items: SourceItem[]) => items.flatMap((item) => ('record' in item ? [item.record] : []));
const errors = (items: SourceItem[]): FormatError[] => items.flatMap((item) => ('error' in item ? [item.error] : []));
const notes = (items: SourceItem[]) => items.flatMap((item) => ('note' in item ? [item.note] : []));
const losses = (items: SourceItem[]): Loss[] => items.flatMap((item) => ('loss' in item ? [item.loss] : []));

const FIRST =
  'Shoigu met Kim Jong Un in Pyongyang .\nUkraine 🙂 denied the claim .\nLavrov told Putin Kim was coming .';
const SECOND = 'Cafe\u0301 Pyongyang talks on 北 朝 鮮 😀 .';
/** What every fixture file holds. */
const EXPECTED = [
  record(FIRST, [
    spanAt(FIRST, 'Shoigu', 'PER'),
    spanAt(FIRST, 'Kim Jong Un', 'PER'),
    spanAt(FIRST, 'Pyongyang', 'LOC'),
    spanAt(FIRST, 'Ukraine', 'LOC'),
    spanAt(FIRST, 'Lavrov', 'PER'),
    spanAt(FIRST, 'Putin', 'PER'),
    spanAt(FIRST, 'Kim', 'PER', FIRST.indexOf('Putin')),
  ]),
  record(SECOND, [spanAt(SECOND, 'Cafe\u0301 Pyongyang', 'ORG'), spanAt(SECOND, '北 朝 鮮', 'LOC')]),
];

function head(text: string, name = 'file.conll'): FileHead {
  return { name, text, keys: [], complete: false, first: text.trimStart().charAt(0) };
}

async function readAll(bytes: string | Uint8Array<ArrayBuffer>, name = 'file.conll'): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of conllFormat.read(new File([bytes], name), { reading: CODE_POINTS })) items.push(item);
  return items;
}

describe('reading CoNLL files', () => {
  it('reads the CoNLL-2003 layout: documents at -DOCSTART-, token first, tag last, other columns left out', () => {
    const items = parseConll(fixture('conll2003.conll'));
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual(EXPECTED);
    expect(items.filter((item) => 'record' in item).map((item) => ('record' in item ? item.line : 0))).toEqual([1, 27]);
    expect(notes(items)).toEqual([`${CONLL_TEXT_NOTE} Tags read as IOB2.`]);
    expect(losses(items)).toEqual([
      {
        what: 'columns between token and tag (POS, chunk…)',
        why: 'Spanwright keeps each token and its tag (the last column)',
        count: 30,
        line: 3,
      },
    ]);
  });

  it.each([
    ['iob1.conll', 'IOB1'],
    ['bioes.conll', 'BIOES'],
    ['spanwright.conll', 'IOB2'],
  ])('reads %s (%s) into the same records', (name, scheme) => {
    const items = parseConll(fixture(name));
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual(EXPECTED);
    expect(notes(items)).toEqual([`${CONLL_TEXT_NOTE} Tags read as ${scheme}.`]);
  });

  it('skips CoNLL-U comment lines, and says so; "# O" is the token "#"', () => {
    const items = parseConll(fixture('bioes.conll'));
    expect(losses(items)).toEqual([
      { what: 'comment lines', why: 'Spanwright keeps tokens and their tags, not comments', count: 6, line: 1 },
    ]);
    const hashtag = parseConll('# text = #Kim O\n# O\nKim B-PER\n#\tO\n');
    expect(records(hashtag)).toEqual([record('# Kim #', [spanAt('# Kim #', 'Kim', 'PER')])]);
    expect(losses(hashtag)[0]).toMatchObject({ what: 'comment lines', count: 1, line: 1 });
  });

  it('counts a -DOCSTART- with no token line before the next as a document left out, naming its line', () => {
    const items = parseConll('-DOCSTART- O\n\nKim B-PER\n\n-DOCSTART- O\n\n-DOCSTART- O\n\nPutin B-PER\n');
    expect(records(items).map((one) => one.text)).toEqual(['Kim', 'Putin']);
    expect(losses(items)).toEqual([
      { what: 'documents without tokens', why: 'a document needs text', count: 1, line: 5 },
    ]);
  });

  it('splits columns at spaces and tabs only: other white space stays in its token', () => {
    const [read] = records(parseConll('  10\u00A0000\tCD  B-NUM \n\u00A0 CD O\n'));
    expect(read.text).toBe('10\u00A0000 \u00A0');
    expect(read.spans).toEqual([{ start: 0, end: 6, label: 'NUM', text: '10\u00A0000' }]);
  });

  it('refuses a token line with another count of columns than the lines before, naming it (helper-172)', () => {
    // CoNLL-2003's four columns; "German JJ B-NP" lost its entity tag, and its chunk tag would be read as one.
    const items = parseConll('EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP\ncall NN I-NP O\n');
    expect(items.filter((item) => 'error' in item)).toEqual([
      {
        error: {
          line: 3,
          message: 'has 3 columns, but the token lines before it have 4: a column is missing or extra',
        },
      },
    ]);
  });

  it('reads a file without -DOCSTART- as one document; ids are the same on every import', () => {
    const text = 'Kim B-PER\nJong I-PER\n\n\n\nmet O\r\n';
    const first = records(parseConll(text));
    expect(first).toEqual([record('Kim Jong\nmet', [spanAt('Kim Jong', 'Kim Jong', 'PER')])]);
    expect(records(parseConll(text))[0].id).toBe(first[0].id);
    expect(first[0].id).toMatch(/^text-/u);
  });

  it('notes malformed tags it repaired, naming the first line', () => {
    const items = parseConll('-DOCSTART- O\n\nKim B-PER\nJong I-LOC\nUn I-PER\n');
    expect(records(items)[0].spans.map((span) => [span.text, span.label])).toEqual([
      ['Kim', 'PER'],
      ['Jong', 'LOC'],
      ['Un', 'PER'],
    ]);
    expect(notes(items)).toEqual([
      `${CONLL_TEXT_NOTE} Tags read as IOB2. 2 tags did not follow IOB2 (the first on line 4) and were repaired: ` +
        'an I- without its B- starts a span.',
    ]);
    expect(losses(items)).toEqual([]);
  });

  it('reads an IOB2 file with one stray I- as IOB2, counting the stray tag as repaired', () => {
    const items = parseConll('Kim B-PER\nmet O\nPutin B-PER\nin O\nMoscow B-LOC\n\nthen O\nBerlin I-LOC\n');
    expect(records(items)[0].spans.map((span) => [span.text, span.label])).toEqual([
      ['Kim', 'PER'],
      ['Putin', 'PER'],
      ['Moscow', 'LOC'],
      ['Berlin', 'LOC'],
    ]);
    expect(notes(items)).toEqual([
      `${CONLL_TEXT_NOTE} Tags read as IOB2. 1 tag did not follow IOB2 (the first on line 8) and was repaired: ` +
        'an I- without its B- starts a span.',
    ]);
  });

  describe('refuses, naming the line:', () => {
    it('a token without a tag', () => {
      expect(errors(parseConll('Kim B-PER\nJong\n'))).toEqual([
        { line: 2, message: '"Jong" has no tag: expected "token tag"' },
      ]);
    });
    it('a tag without a prefix, or not a tag', () => {
      expect(errors(parseConll('Kim PER\n\nJong NNP b-per\nUn X-PER\n'))).toEqual([
        { line: 1, message: '"PER" is not a tag (expected O, or B-, I-, E-, S- and a label)' },
        { line: 3, message: '"b-per" is not a tag (expected O, or B-, I-, E-, S- and a label)' },
        { line: 4, message: '"X-PER" is not a tag (expected O, or B-, I-, E-, S- and a label)' },
      ]);
    });
    it('long content is clipped in messages', () => {
      const [error] = errors(parseConll(`Kim ${'B'.repeat(100)}\n`));
      expect(error.message).toBe(`"${'B'.repeat(39)}…" is not a tag (expected O, or B-, I-, E-, S- and a label)`);
    });
    it('a document with an error gives no record; the others do', () => {
      const items = parseConll('-DOCSTART- O\n\nKim B-PER\nJong\n-DOCSTART- O\n\nPutin B-PER\n');
      expect(errors(items)).toEqual([{ line: 4, message: '"Jong" has no tag: expected "token tag"' }]);
      expect(records(items).map((found) => found.text)).toEqual(['Putin']);
    });
    it('a file without token lines', () => {
      expect(errors(parseConll(''))).toEqual([{ line: 0, message: 'the file holds no token lines ("token tag")' }]);
      expect(errors(parseConll('-DOCSTART- -X- -X- O\n\n# just a comment\n'))).toHaveLength(1);
    });
    it('a line that is not UTF-8, when read from a file', async () => {
      const bytes = new Uint8Array([...new TextEncoder().encode('Kim B-PER\n'), 0xff, 0x20, 0x4f, 0x0a]);
      const items = await readAll(bytes);
      expect(errors(items)).toEqual([
        {
          line: 2,
          message:
            'not valid UTF-8 (it looks like Latin-1 or Windows-1252; save the file as UTF-8 and import it again)',
        },
      ]);
      expect(records(items)).toEqual([]);
    });
  });

  it('read() streams a file into the items parseConll gives', async () => {
    for (const name of ['conll2003.conll', 'iob1.conll', 'bioes.conll']) {
      expect(await readAll(new Uint8Array(readFileSync(FIXTURES + name)))).toEqual(parseConll(fixture(name)));
    }
  });

  it('never throws, whatever the file', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parseConll(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('detectConll', () => {
  it.each(['conll2003.conll', 'iob1.conll', 'bioes.conll', 'spanwright.conll'])(
    '%s scores 4, even named .txt (plain text scores 3)',
    (name) => {
      expect(detectConll(head(fixture(name)))).toBe(4);
      expect(detectConll(head(fixture(name), 'corpus.txt'))).toBe(4);
    },
  );
  it('scores a short file of token lines 2, one with more than half of them 2 (its reader names the others), and anything else 0', () => {
    expect(detectConll(head('Kim B-PER\n'))).toBe(2);
    expect(detectConll(head('Kim B-PER\nJong I-PER\nmet O\n'))).toBe(4);
    expect(detectConll(head('\uFEFF-DOCSTART- -X- O\n'))).toBe(4);
    expect(detectConll(head('Kim met Putin.\nThey talked.\n'))).toBe(0);
    expect(detectConll(head('Kim B-PER\nJong I-PER\nmet O\nhere is prose\n'))).toBe(2);
    expect(detectConll(head('Kim B-person\nmet\nPutin B-person\n'))).toBe(2);
    expect(detectConll(head('Kim B-PER\nhere is prose\n'))).toBe(0);
    expect(detectConll(head('{"tokens": ["Kim"], "ner_tags": ["B-PER"]}\n'))).toBe(0);
    expect(detectConll(head(''))).toBe(0);
  });
  it('looks at the first 50 lines only', () => {
    expect(detectConll(head(`${'Kim B-PER\n'.repeat(50)}${'prose here\n'.repeat(100)}`))).toBe(4);
  });
});

describe('writing CoNLL files', () => {
  it('writes -DOCSTART-, a blank line, then "token tag" lines, a blank line after each sentence', () => {
    const text = 'Kim Jong Un met Shoigu.\r\n\r\nThe 😀 talks\rwent on.\n';
    const written = [
      ...serializeConll(record(text, [spanAt(text, 'Kim Jong Un', 'PER'), spanAt(text, 'Shoigu', 'PER')])),
    ];
    expect(written.join('')).toBe(
      '-DOCSTART- -X- O O\n\nKim B-PER\nJong I-PER\nUn I-PER\nmet O\nShoigu B-PER\n. O\n\n' +
        'The O\n😀 O\ntalks O\n\nwent O\non O\n. O\n\n',
    );
  });

  it('writes a span in Thai (no spaces between words) on its own tokens, one per character cluster', () => {
    const text = 'นายกฯ เศรษฐาปฏิเสธข่าว';
    const start = [...text.slice(0, text.indexOf('เศรษฐา'))].length;
    const record = {
      id: 'th',
      text,
      title: 't',
      annotator: 'bob',
      status: null,
      spans: [{ start, end: start + [...'เศรษฐา'].length, label: 'visit', text: 'เศรษฐา' }],
      meta: {},
    };
    // Before, the whole run "เศรษฐาปฏิเสธข่าว" was one token: the span was left out as off its boundaries.
    expect(conllLosses(record)).toEqual([]);
    const lines = [...conllFormat.write([record], { unit: 'codepoint', labels: [] })].join('').split('\n');
    const tagged = lines.filter((line) => / [BI]-visit$/u.test(line)).map((line) => line.split(' ')[0]);
    expect(tagged.join('')).toBe('เศรษฐา');
    expect(lines).toContain('เ B-visit');
    expect(lines).toContain('ป O');
  });

  it('writes the fixture records as spanwright.conll, byte for byte', () => {
    expect([...conllFormat.write(EXPECTED, { unit: 'codepoint', labels: [] })].join('')).toBe(
      fixture('spanwright.conll'),
    );
  });

  it('leaves a span across a line break out whole (no halves nobody made), and writes white space in labels as _', () => {
    const text = 'Kim\nJong Un';
    const written = [
      ...serializeConll(record(text, [spanAt(text, text, 'head of state'), spanAt(text, 'Jong Un', 'head of state')])),
    ].join('');
    expect(written).toBe('-DOCSTART- -X- O O\n\nKim O\n\nJong B-head_of_state\nUn I-head_of_state\n\n');
  });

  it('writes -DOCSTART- as spacy convert splits documents at ("-DOCSTART- -X- O O"), and reads any form back', () => {
    const text = 'Kim met Shoigu.\nThen talks.';
    const written = [...serializeConll(record(text, [spanAt(text, 'Shoigu', 'PER')]))].join('');
    const lines = written.split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('-DOCSTART- -X- O O');
    expect(new Set(lines.slice(1).map((line) => line.split(' ').length))).toEqual(new Set([2]));
    const recordsOf = (file: string) => parseConll(file).flatMap((item) => ('record' in item ? [item.record] : []));
    const back = recordsOf(written);
    expect(back.map((read) => read.spans)).toEqual([[{ start: 8, end: 14, label: 'PER', text: 'Shoigu' }]]);
    expect(recordsOf(written.replace('-DOCSTART- -X- O O\n', '-DOCSTART- -X- -X- O\n'))).toEqual(back);
    expect(recordsOf(written.replace('-DOCSTART- -X- O O\n', '-DOCSTART- O\n'))).toEqual(back);
  });

  it('writes a document without tokens as -DOCSTART- alone', () => {
    expect([...serializeConll(record(' \n\t', []))].join('')).toBe('-DOCSTART- -X- O O\n\n');
  });

  it('every token line is a token of tokenize(text) and its tag, whatever the text', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const file = [...serializeConll(record(text, []))].join('');
        const lines = file
          .split('\n')
          .slice(2)
          .filter((line) => line !== '');
        const tokens = tokenize(text);
        expect(lines).toEqual(tokens.map((token) => `${sliceCodePoints(text, token.start, token.end)} O`));
      }),
      { numRuns: 300 },
    );
  });

  describe('lossesOf', () => {
    it('names spans off token boundaries, overlapping spans, spans across a line break and renamed labels', () => {
      const text = 'Kim Jong Un visited\r\nSeoul today';
      const outer = spanAt(text, 'Kim Jong Un', 'visit');
      const lost = conllLosses(
        record(text, [
          outer,
          spanAt(text, 'Jong', 'PER'),
          spanAt(text, 'ited', 'frag'),
          spanAt(text, 'visited\r\nSeoul', 'trip'),
          spanAt(text, 'today', 'time of day'),
        ]),
      );
      expect(lost.map(({ what, count, examples }) => ({ what, count, examples }))).toEqual([
        { what: 'spans not on token boundaries', count: 1, examples: ['"ited" 15–19 (frag)'] },
        { what: 'overlapping spans', count: 1, examples: ['"Jong" 4–8 (PER)'] },
        { what: 'spans across a line break', count: 1, examples: ['"visited\\r\\nSeoul" 12–26 (trip)'] },
        { what: 'labels renamed', count: 1, examples: ['"time of day" → "time_of_day"'] },
      ]);
      expect(conllFormat.lossesOf?.(record('Kim met Putin', [spanAt('Kim met Putin', 'Kim', 'PER')]))).toEqual([]);
      // Written as the losses say: the outer span whole, nothing across the line break, no cut-down span.
      const written = [
        ...serializeConll(record(text, [outer, spanAt(text, 'Jong', 'PER'), spanAt(text, 'visited\r\nSeoul', 'trip')])),
      ].join('');
      expect(written).toBe(
        '-DOCSTART- -X- O O\n\nKim B-visit\nJong I-visit\nUn I-visit\nvisited O\n\nSeoul O\ntoday O\n\n',
      );
    });
  });
});

/** Single-space separated words in lines: the texts a CoNLL import rebuilds. */
const tokenText = fc
  .array(
    fc.array(
      fc.constantFrom('Kim', 'Jong', '😀', '北', 'Cafe\u0301', '평양', 'don’t', '.', '-', '«', '𝔘𝔫𝔦', '#', 'DOCSTART'),
      { minLength: 1, maxLength: 8 },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((lines) => lines.map((words) => words.join(' ')).join('\n'));

/** A token text and non-overlapping spans on its token boundaries, within its lines. */
const tokenRecord = tokenText.chain((text) => {
  const tokens = tokenize(text);
  const label = fc.constantFrom('PER', 'LOC', 'ラベル', 'a"b', 'B-X', 'O');
  return fc
    .array(fc.tuple(fc.constantFrom('O', 'B', 'I'), label), { minLength: tokens.length, maxLength: tokens.length })
    .map((choices) => {
      const spans: RecordSpan[] = [];
      let open: { start: number; end: number; label: string } | null = null;
      const close = () => {
        if (open) spans.push({ ...open, text: sliceCodePoints(text, open.start, open.end) });
        open = null;
      };
      choices.forEach(([choice, name], index) => {
        const sameLine = index > 0 && !sliceCodePoints(text, tokens[index - 1].end, tokens[index].start).includes('\n');
        if (choice === 'I' && open && sameLine) open.end = tokens[index].end;
        else {
          close();
          if (choice !== 'O') open = { start: tokens[index].start, end: tokens[index].end, label: name };
        }
      });
      close();
      return record(text, spans);
    });
});

describe('round trips', () => {
  it('a CoNLL file → records → IOB2 → records keeps text and spans', () => {
    for (const name of ['conll2003.conll', 'iob1.conll', 'bioes.conll']) {
      const read = records(parseConll(fixture(name)));
      const again = records(parseConll([...conllFormat.write(read, { unit: 'codepoint', labels: [] })].join('')));
      expect(again).toEqual(read);
    }
  });

  it('records on token boundaries, without overlaps → CoNLL → the same records', () => {
    fc.assert(
      fc.property(fc.array(tokenRecord, { minLength: 1, maxLength: 3 }), (written) => {
        expect(written.flatMap((one) => conllLosses(one))).toEqual([]);
        const items = parseConll([...conllFormat.write(written, { unit: 'codepoint', labels: [] })].join(''));
        expect(errors(items)).toEqual([]);
        expect(records(items)).toEqual(written);
      }),
      { numRuns: 200 },
    );
  });

  it('CRLF, flags and ZWJ sequences: the tokens and tagged words come back, the white space as one space', () => {
    const text = 'Ukraine 🇺🇦 denied\r\nthe 👩‍👩‍👧 claim.\r\n';
    const written = record(text, [spanAt(text, 'Ukraine', 'LOC'), spanAt(text, 'claim', 'X')]);
    const [read] = records(parseConll([...serializeConll(written)].join('')));
    // A flag and a ZWJ family are one token each: they come back whole.
    expect(read.text).toBe('Ukraine 🇺🇦 denied\nthe 👩\u200D👩\u200D👧 claim .');
    expect(read.spans.map((span) => [span.text, span.label])).toEqual([
      ['Ukraine', 'LOC'],
      ['claim', 'X'],
    ]);
  });

  it('writes the tokens a CoNLL file came with back as they were when asked to split at white space', () => {
    const file =
      "-DOCSTART- -X- O O\n\nThe O\nU.S. B-LOC\ndidn't O\nsign O\n( O\nAP O\n) O\n\nNew B-ORG\nYork-based I-ORG\n$1.5bn O\n\n";
    const [read] = records(parseConll(file));
    const asFile = (rule?: 'words' | 'spaces') => [...serializeConll(read, undefined, rule)].join('');
    expect(asFile('spaces')).toBe(file);
    // Spanwright's words split "U.S." and "$1.5bn": not the file's tokens.
    expect(asFile().split('\n')).toContain('U B-LOC');
    // The check agrees: a span "U.S" drawn since is on the words' token boundaries, not on the white space's.
    const edited = { ...read, spans: [spanAt(read.text, 'U.S', 'LOC')] };
    const unaligned = (rule: 'words' | 'spaces') =>
      conllLosses(edited, { unit: 'codepoint', labels: [], tokens: rule }).find(
        (loss) => loss.what === 'spans not on token boundaries',
      )?.count;
    expect([unaligned('words'), unaligned('spaces')]).toEqual([undefined, 1]);
  });
});
