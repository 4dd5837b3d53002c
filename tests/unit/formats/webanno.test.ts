/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../src/lib/formats/format';
import { CODE_POINTS, READINGS, ReadingSurvey, readingKey } from '../../../src/lib/formats/offsetReadings';
import { idFromText } from '../../../src/lib/formats/records';
import {
  parseWebAnno,
  unescapeText,
  unescapeValue,
  WEBANNO_OFFSETS_NOTE,
  WEBANNO_READING,
  webAnnoFormat,
} from '../../../src/lib/formats/webanno';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { errorsOf, expectError, valueOf } from './parseResultAssertions';

const FIXTURES = 'tests/fixtures/formats/webanno/';
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** A WebAnno TSV 3.3 file: the header lines, two blank lines, then the body lines. */
function tsv(header: string[], body: string[]): string {
  return ['#FORMAT=WebAnno TSV 3.3', ...header, '', '', ...body, ''].join('\n');
}

const NE = '#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value';

async function readItems(content: string, name: string, reading = CODE_POINTS): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of webAnnoFormat.read(new File([content], name), { reading })) items.push(item);
  return items;
}

describe('parseWebAnno: the fixture with stacked, multi-token and sub-token spans and a relation', () => {
  const document = valueOf(parseWebAnno(fixture('ner-relations.tsv'), { id: 'ner-relations' }));
  const { record } = document;

  it('rebuilds the text: escapes undone, gaps as a line break and spaces, #Text lines joined by \\n', () => {
    expect(record.text).toBe(
      '😀 Kim Jong Un met Putin .\n  Ukraine 🇺🇦 denied it\tall \\ 北朝鮮 Cafe\u0301 .\nFirst line\r\nsecond line .',
    );
    expect(record).toMatchObject({ id: 'ner-relations', annotator: null, status: null, meta: {} });
  });

  it('reads UTF-16 offsets after emoji and flags as code points, each span slicing its quote', () => {
    expect(record.spans.map(({ start, end, label, text }) => [start, end, label, text])).toEqual([
      [2, 5, 'FAMILY', 'Kim'],
      [2, 13, 'PER', 'Kim Jong Un'],
      [14, 23, 'Claim', 'met Putin'],
      [18, 23, 'PER', 'Putin'],
      [28, 35, 'LOC', 'Ukraine'],
      [36, 38, 'FLAG_UA', '🇺🇦'],
      [55, 58, 'ORG', '北朝鮮'],
      [62, 64, 'ACCENT', 'e\u0301'],
      [73, 85, 'MISC', 'line\r\nsecond'],
    ]);
    for (const span of record.spans) expect(sliceCodePoints(record.text, span.start, span.end)).toBe(span.text);
  });

  it('labels NamedEntity by "value" though one annotation has an identifier; Claim by its name', () => {
    expect(document.notes).toEqual([
      'NamedEntity spans are labelled by its feature "value".',
      'Claim spans are labelled by its name (no feature has values).',
    ]);
  });

  it('counts the relation as a loss, with the line it is on, and the identifier no span keeps', () => {
    expect(document.losses).toEqual([
      { what: 'relations', why: 'Spanwright keeps spans, not relations between them', count: 1, line: 13 },
      {
        what: 'values of NamedEntity\'s feature "identifier"',
        why: 'a span keeps one label, here NamedEntity\'s feature "value"',
        count: 1,
        line: 13,
      },
    ]);
  });
});

describe('parseWebAnno: a 3.2 file with a part-of-speech layer and coreference chains', () => {
  const { record, losses, notes } = valueOf(parseWebAnno(fixture('pos-chains.tsv')));

  it('labels every token by its first full feature and counts each chain once', () => {
    expect(record.text).toBe('Ana met her sister .\nShe smiled .');
    expect(record.id).toBe(idFromText(record.text));
    expect(record.spans.map((span) => `${span.text}/${span.label}`)).toEqual([
      'Ana/NNP',
      'met/VBD',
      'her/PRP$',
      'sister/NN',
      './.',
      'She/PRP',
      'smiled/VBD',
      './.',
    ]);
    expect(notes).toEqual(['POS spans are labelled by its feature "PosValue".']);
    expect(losses).toEqual([
      { what: 'coreference chains', why: 'Spanwright keeps spans, not chains of them', count: 2, line: 7 },
      {
        what: 'values of POS\'s feature "coarseValue"',
        why: 'a span keeps one label, here POS\'s feature "PosValue"',
        count: 8,
        line: 7,
      },
    ]);
  });
});

describe('parseWebAnno: which feature labels a layer (helper-172)', () => {
  it('takes "value" over an entity link\'s "identifier" on every entity, and counts the identifiers', () => {
    const file = tsv(
      [NE],
      ['#Text=Putin met Xi', '1-1\t0-5\tPutin\tQ7747\tPER\t', '1-2\t6-9\tmet\t_\t_\t', '1-3\t10-12\tXi\tQ15031\tPER\t'],
    );
    const { record, losses, notes } = valueOf(parseWebAnno(file));
    expect(record.spans.map((span) => `${span.text}/${span.label}`)).toEqual(['Putin/PER', 'Xi/PER']);
    expect(notes).toEqual(['NamedEntity spans are labelled by its feature "value".']);
    expect(losses).toEqual([
      expect.objectContaining({ what: 'values of NamedEntity\'s feature "identifier"', count: 2, line: 6 }),
    ]);
  });

  it('takes a feature of words over one of true and false, and counts the other', () => {
    const file = tsv(
      ['#T_SP=webanno.custom.Claim|certain|kind'],
      ['#Text=It rained', '1-1\t0-2\tIt\ttrue[1]\tfactual[1]\t', '1-2\t3-9\trained\ttrue[1]\tfactual[1]\t'],
    );
    const { record, losses } = valueOf(parseWebAnno(file));
    expect(record.spans.map((span) => `${span.text}/${span.label}`)).toEqual(['It rained/factual']);
    expect(losses).toEqual([expect.objectContaining({ what: 'values of Claim\'s feature "certain"', count: 1 })]);
  });
});

describe('parseWebAnno: columns', () => {
  it('reads a layer without features (`*`), escaped values, and stacked values without ids', () => {
    const file = tsv(
      [NE, '#T_SP=webanno.custom.Flag'],
      ['#Text=a b', '1-1\t0-1\ta\t*\tA\\|B\\[1\\]|C\t*', '1-2\t2-3\tb\t_\t_\t_'],
    );
    const { record } = valueOf(parseWebAnno(file));
    expect(record.spans.map((span) => span.label)).toEqual(['A|B[1]', 'C', 'Flag']);
  });

  it('counts slot links as a loss and keeps the span that holds them', () => {
    const file = tsv(
      [
        '#T_SP=webanno.custom.Frame|FE|ROLE_webanno.custom.Frame:Roles_webanno.custom.FrameRolesLink|webanno.custom.Lu',
        '#T_SP=webanno.custom.Lu|luvalue',
      ],
      [
        '#Text=Bob sold clocks',
        '1-1\t0-3\tBob\t_\t_\t_\tbob',
        '1-2\t4-8\tsold\tsale\tseller;goods\t1-1;1-3\t_',
        '1-3\t9-15\tclocks\t_\t_\t_\tclock',
      ],
    );
    const { record, losses } = valueOf(parseWebAnno(file));
    expect(record.spans.map((span) => `${span.text}/${span.label}`)).toEqual(['Bob/bob', 'sold/sale', 'clocks/clock']);
    expect(losses).toEqual([
      { what: 'slot links', why: 'Spanwright keeps spans, not links between them', count: 2, line: 8 },
    ]);
  });

  it('reads CRLF line breaks and a byte order mark, and tolerates lines without the trailing tab', () => {
    const file = `\uFEFF${tsv([NE], ['#Text=Kim', '1-1\t0-3\tKim\t*\tPER']).replaceAll('\n', '\r\n')}`;
    expect(valueOf(parseWebAnno(file)).record.spans).toEqual([{ start: 0, end: 3, label: 'PER', text: 'Kim' }]);
  });

  it('puts a sentence right after the one before when its offset says so, and spaces before the first', () => {
    const file = tsv([], ['#Text=Kim', '1-1\t2-5\tKim', '', '#Text=.', '2-1\t5-6\t.']);
    expect(valueOf(parseWebAnno(file)).record.text).toBe('  Kim.');
  });
});

describe('unescaping', () => {
  it('undoes #Text escapes of 3.2 and later, and Java escapes before', () => {
    expect(unescapeText('a\\\\n\\tb\\r\\n\\f\\b\\u0041\\x')).toBe('a\\n\tb\r\n\f\b\\u0041\\x');
    expect(unescapeText('\\\u0001')).toBe('\u0001');
    expect(unescapeText('\\u00e9\\"\\q', 1)).toBe('é"\\q');
  });

  it('undoes feature value escapes', () => {
    expect(unescapeValue('\\\\ \\[ \\] \\| \\_ \\-> \\; \\* \\t \\n \\x')).toBe('\\ [ ] | _ -> ; * \t \n \\x');
  });
});

describe('parseWebAnno refuses, naming the line and the reason:', () => {
  it('a file that is not WebAnno TSV 3', () =>
    expectError(parseWebAnno('#FORMAT=WebAnno TSV 2\n'), 1, 'expected "#FORMAT=WebAnno TSV 3.x"'));
  it('a layer declaration without a type', () =>
    expectError(parseWebAnno(tsv(['#T_SP=|'], ['#Text=a', '1-1\t0-1\ta'])), 2, 'without a type name'));
  it('a token whose text is not the text at its offsets', () =>
    expectError(
      parseWebAnno(tsv([], ['#Text=😀 Kim', '1-1\t0-2\t😀', '1-2\t2-5\tKim'])),
      6,
      'token 1-2 quotes "Kim" but the text at 2–5 is " Ki"',
    ));
  it('an offset inside an emoji', () =>
    expectError(parseWebAnno(tsv([], ['#Text=😀', '1-1\t1-2\t😀'])), 5, 'falls inside a surrogate pair'));
  it('an offset past the text', () =>
    expectError(parseWebAnno(tsv([], ['#Text=ab', '1-1\t0-5\tab'])), 5, 'ends at 5 but the text has 2'));
  it('a malformed token line', () =>
    expectError(parseWebAnno(tsv([], ['#Text=ab', '1-1\t0:2\tab'])), 5, 'expected a token line'));
  it('a column too many, besides the closing tab (helper-172: its values went to the wrong layers)', () =>
    expectError(
      parseWebAnno(tsv([NE], ['#Text=ab', '1-1\t0-2\tab\tX\t*\tLOC\t'])),
      6,
      'has 3 annotation columns but the header declares 2',
    ));
  it('too few columns', () =>
    expectError(
      parseWebAnno(tsv([NE], ['#Text=ab', '1-1\t0-2\tab\t*'])),
      6,
      'has 1 annotation columns but the header declares 2',
    ));
  it('a token before any #Text', () => expectError(parseWebAnno(tsv([], ['1-1\t0-2\tab'])), 4, 'not in a sentence'));
  it('a sub-token before any token', () =>
    expectError(parseWebAnno(tsv([], ['#Text=ab', '1-1.1\t0-1\ta'])), 5, 'sub-token 1-1.1 comes before any token'));
  it('a sentence without tokens', () =>
    expectError(parseWebAnno(tsv([], ['#Text=ab', '', '#Text=c', '2-1\t3-4\tc'])), 4, 'sentence has no token lines'));
  it('a sentence that starts inside the one before', () =>
    expectError(
      parseWebAnno(tsv([], ['#Text=ab', '1-1\t0-2\tab', '', '#Text=c', '2-1\t1-2\tc'])),
      8,
      'sentence starts at 1, inside the one before it',
    ));
  it('a bad disambiguation id', () =>
    expectError(
      parseWebAnno(tsv([NE], ['#Text=ab', '1-1\t0-2\tab\t*\tPER[x]'])),
      6,
      'value "PER[x]" has a bad disambiguation id [x]',
    ));
  it('a file without sentences', () => expectError(parseWebAnno(tsv([NE], [])), 0, 'the file has no sentences'));

  it('every problem, each on its line', () => {
    const errors = errorsOf(parseWebAnno(tsv([], ['#Text=ab', '1-1\t0-2\txx', '1-2\t2-3\ty'])));
    expect(errors).toEqual([
      { line: 5, message: 'token 1-1 quotes "xx" but the text at 0–2 is "ab"' },
      { line: 6, message: 'token 1-2 ends at 3 but the text has 2 characters (UTF-16 code units)' },
    ]);
  });

  it('never throws, whatever the lines', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .tuple(
          fc.nat(9),
          fc.nat(30),
          fc.nat(30),
          fc.string(),
          fc.array(fc.constantFrom('_', '*', 'A[1]', 'B|C', '*[2]')),
        )
        .map(([token, begin, end, text, columns]) => [`1-${token}`, `${begin}-${end}`, text, ...columns].join('\t')),
      fc.string().map((text) => `#Text=${text}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        parseWebAnno(tsv([NE, '#T_RL=x.Rel|BT_y'], lines));
      }),
      { numRuns: 500 },
    );
  });
});

describe('webAnnoFormat', () => {
  it('is detected by its first line, ahead of every other format (5)', () => {
    expect(
      webAnnoFormat.detect({
        name: 'a.tsv',
        text: '\uFEFF#FORMAT=WebAnno TSV 3.2\n',
        keys: [],
        complete: false,
        first: '#',
      }),
    ).toBe(5);
    expect(
      webAnnoFormat.detect({ name: 'a.tsv', text: '#FORMAT=WebAnno TSV 2\n', keys: [], complete: false, first: '#' }),
    ).toBe(0);
  });

  it('reads a file: UTF-16 (with a note), id from the file name, notes, losses, then the record', async () => {
    const items = await readItems(fixture('ner-relations.tsv'), 'corpus/nk-001.tsv');
    expect(items.slice(0, 3)).toEqual([
      { note: WEBANNO_OFFSETS_NOTE },
      { note: 'NamedEntity spans are labelled by its feature "value".' },
      { note: 'Claim spans are labelled by its name (no feature has values).' },
    ]);
    expect(items[3]).toMatchObject({ loss: { what: 'relations', count: 1 } });
    expect(items[4]).toMatchObject({ loss: { what: 'values of NamedEntity\'s feature "identifier"', count: 1 } });
    expect(items[5]).toMatchObject({ line: 1, record: { id: 'nk-001' } });
    expect(items).toHaveLength(6);
  });

  it('says one thing of its offsets: read as UTF-16 whatever reading the card holds, and no other reading offered', async () => {
    const file = tsv([NE], ['#Text=😀 Kim', '1-1\t0-2\t😀\t_\t_', '1-2\t3-6\tKim\t*\tPER']);
    for (const reading of READINGS) {
      const survey = new ReadingSurvey();
      const items: SourceItem[] = [];
      for await (const item of webAnnoFormat.read(new File([file], 'x.tsv'), { reading, survey })) items.push(item);
      expect(items.filter((item) => 'note' in item && /offset/iu.test(item.note))).toEqual([
        { note: WEBANNO_OFFSETS_NOTE },
      ]);
      expect(items.at(-1)).toMatchObject({ record: { spans: [{ start: 2, end: 5, label: 'PER', text: 'Kim' }] } });
      // Nothing for the card to say "read as code points: all fit" or to propose another reading from.
      expect(survey.quoted).toBe(0);
    }
    expect(webAnnoFormat.offsets).toBe(false);
    expect(readingKey(WEBANNO_READING)).toBe('utf16');
  });

  it('reports a line that is not UTF-8 by its number', async () => {
    const bytes = new TextEncoder().encode('#FORMAT=WebAnno TSV 3.3\n\n\n#Text=a\n');
    const broken = new Uint8Array([...bytes, 0xff, 0x0a]);
    const items: SourceItem[] = [];
    for await (const item of webAnnoFormat.read(new File([broken], 'x.tsv'), { reading: CODE_POINTS }))
      items.push(item);
    expect(items).toEqual([{ error: { line: 5, message: expect.stringContaining('not valid UTF-8') } }]);
  });

  it('reports errors as items, and writes nothing (import only)', async () => {
    const items = await readItems(tsv([], ['#Text=ab', '1-1\t0-2\txy']), 'x.tsv');
    expect(items.slice(1)).toEqual([
      { error: { line: 5, message: 'token 1-1 quotes "xy" but the text at 0–2 is "ab"' } },
    ]);
    expect([...webAnnoFormat.write([], { unit: 'codepoint', labels: [] })]).toEqual([]);
  });
});
