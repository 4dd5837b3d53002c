/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  doccanoFormat,
  doccanoItems,
  parseDoccanoLine,
  readDoccanoRecord,
  serializeDoccano,
} from '../../../src/lib/formats/doccano';
import { detectFormat } from '../../../src/lib/formats/detect';
import type { FileHead, SourceItem } from '../../../src/lib/formats/format';
import { idFromText, type AnnotatedRecord } from '../../../src/lib/formats/records';
import { expectError, valueOf } from './parseResultAssertions';

const line = (value: unknown): string => JSON.stringify(value);

describe('parseDoccanoLine', () => {
  it('reads a doccano export line: numeric id, code point offsets, other keys as meta (comments counted, not kept)', () => {
    const record = valueOf(
      parseDoccanoLine(
        '{"id": 12, "text": "😀 Kim met Putin", "label": [[10, 15, "PER"], [2, 5, "PER"]], "Comments": [], "source": "wire"}',
        1,
      ),
    );
    expect(record).toEqual({
      id: '12',
      text: '😀 Kim met Putin',
      title: '😀 Kim met Putin',
      annotator: null,
      status: null,
      spans: [
        { start: 2, end: 5, label: 'PER', text: 'Kim' },
        { start: 10, end: 15, label: 'PER', text: 'Putin' },
      ],
      meta: { source: 'wire' },
    });
  });

  it('accepts "labels" for "label", a missing label list, and reads the annotator', () => {
    expect(
      valueOf(parseDoccanoLine(line({ id: 'a', text: 'Kim', labels: [[0, 3, 'PER']], annotator: 'bob' }), 1)),
    ).toMatchObject({
      annotator: 'bob',
      spans: [{ start: 0, end: 3, label: 'PER', text: 'Kim' }],
    });
    expect(valueOf(parseDoccanoLine(line({ id: 'a', text: 'Kim' }), 1)).spans).toEqual([]);
  });

  describe('refuses, naming the line and the reason:', () => {
    it('malformed JSON', () =>
      expectError(parseDoccanoLine('{"id": 1, "text": "a", "label": [[0, 1, "x"]', 3), 3, 'malformed JSON'));
    it('missing text', () =>
      expectError(parseDoccanoLine(line({ id: 1, label: [] }), 5), 5, '"text" is missing or empty'));
    it('empty text', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: '' }), 5), 5, '"text" is missing or empty'));
    it('bad id', () =>
      expectError(parseDoccanoLine(line({ id: true, text: 'a' }), 4), 4, '"id" must be a string or number (got true)'));
    it('label not an array', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'a', label: 'PER' }), 2),
        2,
        '"label" must be an array of [start, end, "label"]',
      ));
    it('span not a triple', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0, 1]] }), 2),
        2,
        'span 1 must be [start, end, "label"]',
      ));
    it('out-of-range offsets', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: '😀ab', label: [[0, 4, 'x']] }), 7),
        7,
        'span 1 ends at 4 but the text has 3 characters (code points)',
      ));
    it('start ≥ end', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[2, 1, 'x']] }), 7),
        7,
        'span 1 has start 2 ≥ end 1',
      ));
    it('non-integer offsets', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0.5, 1, 'x']] }), 7),
        7,
        'span 1 start must be a non-negative integer (got 0.5)',
      ));
    it('a label neither a name nor a number', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0, 1, true]] }), 2),
        2,
        'span 1 label must be a non-empty string (got true)',
      ));
    it('both label and labels', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [], labels: [] }), 2),
        2,
        'both "label" and "labels"',
      ));
    it('entities not an array', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: 'abc', entities: {} }), 2), 2, '"entities" must be an array'));
    it('an entity of no span shape', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', entities: [[0, 1]] }), 2),
        2,
        'entity 1 must be [start, end, "label"] or {"start", "end", "label"} (got an array)',
      ));
    it('an entity without offsets', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', entities: [{ begin: 0, finish: 1, label: 'x' }] }), 2),
        2,
        'entity 1 start must be a non-negative integer (got nothing)',
      ));
    it('relations not an array', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: 'abc', relations: 3 }), 2), 2, '"relations" must be an array'));
    it('bad annotator', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', annotator: true }), 2),
        2,
        '"annotator" must be a non-empty string, a user id or null (got true)',
      ));
    it('bad user', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: 'abc', user: {} }), 2), 2, '"user" must be a non-empty string'));
    it('text under "data" not a string', () =>
      expectError(parseDoccanoLine(line({ id: 1, data: { text: 'abc' } }), 2), 2, '"data" must be a string'));
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseDoccanoLine(input, 1);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.jsonValue(),
            text: fc.oneof(fc.string(), fc.jsonValue()),
            label: fc.oneof(fc.array(fc.array(fc.jsonValue(), { maxLength: 4 })), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        (value) => {
          parseDoccanoLine(JSON.stringify(value), 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('serializeDoccano', () => {
  const record: AnnotatedRecord = {
    id: '12',
    text: '😀 Kim',
    title: '😀 Kim',
    annotator: 'alice',
    status: 'done',
    spans: [{ start: 2, end: 5, label: 'PER', text: 'Kim' }],
    meta: { source: 'wire', id: 'shadowed', label: 'shadowed' },
  };

  it('writes id (as a number when it is one), text, label, annotator, then meta; no status', () => {
    expect(serializeDoccano(record)).toBe(
      '{"id":12,"text":"😀 Kim","label":[[2,5,"PER"]],"annotator":"alice","source":"wire"}',
    );
  });

  it('leaves out a null annotator and keeps string ids as strings', () => {
    expect(serializeDoccano({ ...record, id: '007', annotator: null, meta: {} })).toBe(
      '{"id":"007","text":"😀 Kim","label":[[2,5,"PER"]]}',
    );
  });
});

const FIXTURES = 'tests/fixtures/formats/doccano/';
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** The items of `name` as the format reads the file (streamed), checked against reading its text at once. */
async function readFixture(name: string): Promise<SourceItem[]> {
  const text = fixture(name);
  const items: SourceItem[] = [];
  const options = { reading: { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false } } as const;
  for await (const item of doccanoFormat.read(new File([text], name), options)) items.push(item);
  expect(items).toEqual(doccanoItems(text));
  return items;
}

const recordsOf = (items: SourceItem[]): AnnotatedRecord[] =>
  items.flatMap((item) => ('record' in item ? [item.record] : []));
const spansOf = (record: AnnotatedRecord): string[] =>
  record.spans.map((span) => `${span.start}-${span.end}:${span.label}:${span.text}`);
const others = (items: SourceItem[]) => items.filter((item) => !('record' in item));

describe("spaCy v2's training data", () => {
  it('reads a JSON array of [text, {"entities"}] pairs as records, in code points', async () => {
    const name = 'spacy-v2-train.json';
    expect(detectFormat(name, fixture(name))).toBe('doccano');
    const records = recordsOf(await readFixture(name));
    expect(records.map((record) => [spansOf(record), record.meta])).toEqual([
      [['0-3:person:Kim', '11-16:person:Putin', '20-22:place:北京'], {}],
      [['0-5:place:Cafe\u0301'], { cats: { POLITICS: 1 } }],
    ]);
    expect(records[1].text).toBe('Cafe\u0301 talks\r\nended.');
    // The card says what the file was read as, not only "doccano": spaCy's pairs, whose ids come from the texts.
    expect(others(await readFixture(name))).toEqual([
      {
        note: 'read as spaCy v2 training data (2 [text, {"entities": …}] pairs), which has no ids: each document\'s id is made from its text',
      },
    ]);
  });

  it('reads pairs one a line (JSONL of arrays), as spaCy v2 scripts save them', async () => {
    const text =
      '["Uber blew through $1 million", {"entities": [[0, 4, "ORG"]]}]\r\n' +
      '["😀 Kim met Putin", {"entities": [[2, 5, "PER"], [10, 15, "PER"]], "cats": {"POLITICS": 1}}]\n';
    expect(detectFormat('train.jsonl', text)).toBe('doccano');
    const items: SourceItem[] = [];
    const options = { reading: { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false } } as const;
    for await (const item of doccanoFormat.read(new File([text], 'train.jsonl'), options)) items.push(item);
    expect(recordsOf(items).map((record) => [spansOf(record), record.meta])).toEqual([
      [['0-4:ORG:Uber'], {}],
      [['2-5:PER:Kim', '10-15:PER:Putin'], { cats: { POLITICS: 1 } }],
    ]);
    expect(others(items)).toEqual([
      { note: expect.stringContaining('(2 [text, {"entities": …}] pairs), which has no ids') },
    ]);
    // A one-line JSON array of pairs is still one array.
    expect(recordsOf(doccanoItems('[["Kim met Putin.", {"entities": [[0, 3, "PER"]]}]]')).map(spansOf)).toEqual([
      ['0-3:PER:Kim'],
    ]);
  });

  it('names a pair it cannot read by its line, and what it expected', () => {
    const items = doccanoItems('[["Kim met Putin.", {"entities": [[0, 3, "person"]]}], ["no object"]]');
    expect(others(items)).toEqual([
      {
        error: {
          line: 1,
          message: 'expected a JSON object {"id", "text", "label"} or spaCy\'s [text, {"entities": …}] (got an array)',
        },
      },
      { note: expect.stringContaining('(1 [text, {"entities": …}] pair), which has no ids') },
    ]);
  });
});

describe('doccano export shapes', () => {
  it('reads the relation export: entities as spans, relations and comments counted (CRLF lines, emoji, flags, CJK)', async () => {
    const items = await readFixture('relations.jsonl');
    const records = recordsOf(items);
    expect(records.map((record) => [record.id, record.annotator, spansOf(record), record.meta])).toEqual([
      ['2001', null, ['0-14:PER:Marta Kowalska', '22-35:ORG:Nordwind Labs', '39-45:LOC:Gdańsk', '49-53:DATE:2019'], {}],
      ['2002', null, ['3-9:LOC:Kraków', '20-22:LOC:北京', '50-56:DATE:Monday'], {}],
      [idFromText('Cafe\u0301 Łódź opened on 5 May.'), null, ['0-10:ORG:Cafe\u0301 Łódź'], {}],
    ]);
    expect(records[1].text).toBe('🇵🇱 Kraków hosts the 北京 delegation 😀.\r\nTalks start Monday.');
    expect(items.filter((item) => 'record' in item).map((item) => ('record' in item ? item.line : 0))).toEqual([
      1, 2, 3,
    ]);
    expect(others(items)).toEqual([
      {
        loss: {
          what: 'relations',
          why: 'Spanwright keeps spans, not relations between them',
          count: 3,
          line: 1,
          inRecord: true,
        },
      },
      {
        loss: { what: 'comments', why: 'Spanwright keeps no comments on documents', count: 1, line: 2, inRecord: true },
      },
    ]);
  });

  it("reads Label Studio's JSON-MIN export (a region's labels as a list): detected as doccano, a span for each label", async () => {
    const text = readFileSync('tests/fixtures/formats/labelstudio/json-min.json', 'utf8');
    expect(detectFormat('project-1-at-2024-05-02.json', text)).toBe('doccano');
    const items: SourceItem[] = [];
    const options = { reading: { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false } } as const;
    for await (const item of doccanoFormat.read(new File([text], 'json-min.json'), options)) items.push(item);
    expect(items.filter((item) => 'error' in item)).toEqual([]);
    const [record] = recordsOf(items);
    expect([record.id, spansOf(record)]).toEqual([
      '41',
      ['0-11:PER:Kim Jong Un', '16-21:LEADER:Putin', '16-21:PER:Putin', '25-36:LOC:Vladivostok'],
    ]);
  });

  it('leaves out a record with an empty text and no span, counted with its line, and reads those beside it (helper-205)', () => {
    const items = doccanoItems(
      ['{"text":"Kim met Putin","label":[[0,3,"PER"]]}', '{"text":"","label":[]}', '{"text":"Putin met Kim"}'].join(
        '\n',
      ),
    );
    expect(items.filter((item) => 'record' in item)).toHaveLength(2);
    expect(items.filter((item) => 'error' in item)).toEqual([]);
    expect(items.flatMap((item) => ('loss' in item ? [item.loss] : []))).toContainEqual(
      expect.objectContaining({ what: 'records with an empty text and no span', count: 1, line: 2 }),
    );
    // One with a span over nothing is still refused.
    expect(doccanoItems('{"text":"","label":[[0,1,"PER"]]}').some((item) => 'error' in item)).toBe(true);
  });

  it('gives a record without an id the same id from its text on every import', () => {
    const read = () => valueOf(parseDoccanoLine(line({ text: 'No id here 😀', label: [[0, 2, 'X']] }), 1)).id;
    expect(read()).toBe(idFromText('No id here 😀'));
    expect(read()).toBe(read());
  });

  it('reads a JSON array with the text under "data", numeric label ids kept as names (with a note), numeric users', async () => {
    const items = await readFixture('array.json');
    expect(recordsOf(items).map((record) => [record.id, record.annotator, spansOf(record), record.meta])).toEqual([
      ['1', '2', ['0-8:1:Ana Lima', '17-22:3:Porto'], {}],
      [idFromText('Ein Fluss: die Donau 🌊.'), '7', ['15-20:3:Donau'], { source: 'de' }],
    ]);
    expect(items.flatMap((item) => ('record' in item ? [item.line] : []))).toEqual([2, 19]);
    expect(others(items)).toEqual([
      { note: 'labels given as numbers were kept as names: 1, 3; rename them in Settings → Labels' },
    ]);
  });

  it("reads doccano 1.0–1.2's annotations: a record and a layer per user, numeric labels kept as names (helper-172)", () => {
    const text = [
      line({
        id: 1,
        text: 'EU rejects German call 🇩🇪 to boycott lamb.',
        annotations: [
          { id: 1, label: 2, start_offset: 0, end_offset: 2, user: 1 },
          { id: 2, label: 1, start_offset: 11, end_offset: 17, user: 1 },
          { id: 3, label: 2, start_offset: 0, end_offset: 2, user: 4 },
        ],
        meta: {},
        annotation_approver: null,
      }),
      line({
        id: 2,
        text: 'Peter Blackburn',
        annotations: [{ label: 'PER', start_offset: 0, end_offset: 15, user: 1 }],
      }),
      line({ id: 3, text: 'Nobody labelled this', annotations: [] }),
      line({
        id: 4,
        text: 'Named here',
        annotator: 'ann',
        annotations: [{ label: 'X', start_offset: 0, end_offset: 5, user: 1 }],
      }),
    ].join('\n');
    expect(detectFormat('old-doccano.jsonl', text)).toBe('doccano');
    const items = doccanoItems(text);
    expect(recordsOf(items).map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      ['1', '1', ['0-2:2:EU', '11-17:1:German']],
      ['1', '4', ['0-2:2:EU']],
      ['2', '1', ['0-15:PER:Peter Blackburn']],
      ['3', null, []],
      ['4', 'ann', ['0-5:X:Named']],
    ]);
    expect(recordsOf(items)[0].meta).not.toHaveProperty('annotations');
    // Its empty "meta" is no key of the document's metadata (helper-172).
    expect(recordsOf(items)[0].meta).toEqual({ annotation_approver: null });
    expect(others(items)).toEqual([
      { note: 'labels given as numbers were kept as names: 1, 2; rename them in Settings → Labels' },
    ]);
  });

  it('lifts an old export’s nested "meta" to the document’s metadata, unless a key would meet one at the top', () => {
    const text = [
      line({ id: 1, text: 'Kim met Putin.', label: [], meta: { source: 'tass', title: 'Kim and Putin' } }),
      line({ id: 2, text: 'Lavrov denied it.', label: [], source: 'wire', meta: { source: 'tass' } }),
    ].join('\n');
    const [first, second] = recordsOf(doccanoItems(text));
    expect(first.meta).toEqual({ source: 'tass', title: 'Kim and Putin' });
    expect(first.title).toBe('Kim and Putin');
    expect(second.meta).toEqual({ source: 'wire', meta: { source: 'tass' } });
  });

  it("reads Label Studio JSON-MIN whose regions are named after the config's tag, or whose first task has none (helper-172)", () => {
    const task = (id: number, text: string, regions: Record<string, unknown>) => ({
      id,
      text,
      ...regions,
      annotator: 3,
      annotation_id: id,
      lead_time: 1.5,
    });
    const text = JSON.stringify([
      task(60, 'Lavrov denied the claim.', {}),
      task(61, 'Kim Jong Un met Putin 🇷🇺.', {
        ner: [
          { start: 0, end: 11, text: 'Kim Jong Un', labels: ['PER'] },
          { start: 16, end: 21, text: 'Putin', labels: ['PER', 'VIP'] },
        ],
      }),
    ]);
    expect(detectFormat('export-min.json', text)).toBe('doccano');
    const read = recordsOf(doccanoItems(text));
    expect(read.map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      ['60', '3', []],
      ['61', '3', ['0-11:PER:Kim Jong Un', '16-21:PER:Putin', '16-21:VIP:Putin']],
    ]);
    expect(read[1].meta).toEqual({ annotation_id: 61, lead_time: 1.5 });
    // A row with an annotation_id is a submitted annotation (an empty one too: "nothing here"): done, as Label
    // Studio's own JSON reads back; a task no one annotated has none, and a doccano record never does.
    expect(read.map((record) => record.status)).toEqual(['done', 'done']);
    const unannotated = recordsOf(doccanoItems(JSON.stringify([{ id: 62, text: 'Nobody looked.' }])));
    expect(unannotated.map((record) => record.status)).toEqual([null]);
  });

  it("counts doccano 1.x annotations without offsets (a text classification's, a translation's) and a JSON-MIN region without a label, and reads the rest (helper-174)", () => {
    const text = [
      line({ id: 1, text: 'Lavrov denied it.', annotations: [{ id: 1, label: 3, user: 1 }] }),
      line({ id: 2, text: 'Bonjour', annotations: [{ id: 2, text: 'Hello', user: 1 }] }),
      line({
        id: 3,
        text: 'Kim met Putin.',
        annotator: 4,
        ner: [
          { start: 0, end: 3, text: 'Kim', labels: ['PER'] },
          { start: 8, end: 13, text: 'Putin', labels: [] },
        ],
      }),
    ].join('\n');
    const items = doccanoItems(text);
    expect(recordsOf(items).map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      ['1', '1', []],
      ['2', '1', []],
      ['3', '4', ['0-3:PER:Kim']],
    ]);
    expect(items.filter((item) => 'loss' in item)).toEqual([
      { loss: expect.objectContaining({ what: 'annotations of whole documents', count: 2, line: 1 }) },
      { loss: expect.objectContaining({ what: 'regions without a label', count: 1, line: 3 }) },
    ]);
  });

  it('reads a JSON array of texts alone as documents without spans (it was taken for Label Studio; helper-172)', () => {
    const text = JSON.stringify([
      { id: 72, text: 'Lavrov denied the claim.' },
      { id: 73, text: 'Kim met Putin.' },
    ]);
    expect(detectFormat('texts.json', text)).toBe('doccano');
    expect(recordsOf(doccanoItems(text)).map((record) => [record.id, record.text, record.spans])).toEqual([
      ['72', 'Lavrov denied the claim.', []],
      ['73', 'Kim met Putin.', []],
    ]);
  });

  it('lists numeric labels once, in numeric order, and at most twelve', () => {
    const many = Array.from({ length: 14 }, (_, index) => line({ text: 'abc', label: [[0, 1, 14 - index]] }));
    expect(others(doccanoItems([...many, line({ text: 'abc', entities: [] })].join('\n')))).toEqual([
      {
        note: 'labels given as numbers were kept as names: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, …; rename them in Settings → Labels',
      },
    ]);
  });

  it.each(['single.json', 'single.jsonl'])('reads one pretty-printed object in %s whole', async (name) => {
    const text = fixture('single.json');
    const items: SourceItem[] = [];
    const options = { reading: { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false } } as const;
    for await (const item of doccanoFormat.read(new File([text], name), options)) items.push(item);
    expect(recordsOf(items).map((record) => [record.id, record.annotator, spansOf(record), record.meta])).toEqual([
      ['memo-7', 'olga', ['0-13:PER:Olga Petrenko', '18-33:PER:Jean-Luc Picard', '37-41:ORG:ЦЕРН'], { batch: 3 }],
    ]);
    expect(others(items)).toEqual([
      {
        loss: {
          what: 'relations',
          why: 'Spanwright keeps spans, not relations between them',
          count: 1,
          line: 1,
          inRecord: true,
        },
      },
    ]);
  });

  it('reads a pretty-printed object in a .jsonl file ("labels", "annotator", no id)', async () => {
    const records = recordsOf(await readFixture('single-pretty.jsonl'));
    expect(records.map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      [idFromText('Rain in 東京 and 大阪 today.'), 'kenji', ['8-10:LOC:東京', '15-17:LOC:大阪']],
    ]);
  });

  it('counts labels of whole documents (text classification) instead of refusing them', async () => {
    const items = await readFixture('classification.jsonl');
    expect(recordsOf(items).map((record) => [record.id, record.spans])).toEqual([
      ['5', []],
      ['6', []],
    ]);
    expect(others(items)).toEqual([
      {
        loss: {
          what: 'document labels',
          why: 'Spanwright labels spans of text, not whole documents',
          count: 3,
          line: 1,
          inRecord: true,
          examples: ['"positive"', '"negative"', '"neutral"'],
        },
      },
    ]);
  });

  it('takes the annotator from "annotator", then "username", then "user", and keeps none of them as meta', () => {
    const read = (value: Record<string, unknown>) => valueOf(parseDoccanoLine(line({ text: 'a', ...value }), 1));
    expect(read({ user: 12, username: 'ines', annotator: 'bo' })).toMatchObject({ annotator: 'bo', meta: {} });
    expect(read({ user: 12, username: 'ines' })).toMatchObject({ annotator: 'ines', meta: {} });
    expect(read({ user: 12, annotator: null })).toMatchObject({ annotator: '12', meta: {} });
    expect(read({ data: 'meta, as "text" is there' })).toMatchObject({
      text: 'a',
      meta: { data: 'meta, as "text" is there' },
    });
  });

  describe('names the line of each broken record', () => {
    it('in JSONL: malformed JSON, a bad span, not an object; good lines still read', async () => {
      const items = await readFixture('broken.jsonl');
      expect(recordsOf(items).map(spansOf)).toEqual([['6-10:NOUN:text']]);
      expect(others(items)).toEqual([
        { error: { line: 2, message: expect.stringContaining('malformed JSON') } },
        {
          error: {
            line: 3,
            message: 'span 1 must be [start, end, "label"] or {"start", "end", "label"} (got an array)',
          },
        },
        {
          error: {
            line: 4,
            message:
              'expected a JSON object {"id", "text", "label"} or spaCy\'s [text, {"entities": …}] (got an array)',
          },
        },
      ]);
    });

    it('in a JSON array: the line where the element starts', async () => {
      const items = await readFixture('broken-array.json');
      expect(recordsOf(items).map((record) => record.id)).toEqual(['ok']);
      expect(others(items)).toEqual([
        { error: { line: 13, message: 'span 1 ends at 40 but the text has 11 characters (code points)' } },
      ]);
    });

    it('in a JSON array that is malformed: the line of the broken element (the elements before it are read)', () => {
      expect(doccanoItems('[\n{"text": "a"},\n{"text": "b" "label": []}\n]')).toEqual([
        { record: expect.objectContaining({ text: 'a' }), line: 2 },
        { error: { line: 3, message: expect.stringContaining('malformed JSON') } },
      ]);
    });
  });

  it('reads its own export back: spans, annotator and meta (the relation fixture, with CRLF in a text)', async () => {
    const records = recordsOf(await readFixture('relations.jsonl'));
    const again = recordsOf(
      doccanoItems([...doccanoFormat.write(records, { unit: 'codepoint', labels: [] })].join('')),
    );
    expect(again).toEqual(records);
  });

  it('writes no meta key that reads back with a meaning of its own', () => {
    const record = valueOf(parseDoccanoLine(line({ id: 'a', text: 'abc' }), 1));
    const meta = { user: 'x', username: 'y', relations: [1], comments: ['c'], Comments: ['C'], entities: [], kept: 1 };
    expect(serializeDoccano({ ...record, meta })).toBe('{"id":"a","text":"abc","label":[],"kept":1}');
  });
});

describe('doccano detection', () => {
  const head = (text: string, keys: string[]): FileHead => ({
    name: 'x.json',
    text,
    keys,
    complete: true,
    first: text.trimStart().charAt(0),
  });

  it.each<[string, string[], number]>([
    ['{', ['id', 'text', 'label'], 3],
    ['{', ['text', 'labels'], 3],
    ['{', ['id', 'text', 'entities', 'relations'], 3],
    ['{', ['id', 'text', 'annotations', 'meta', 'annotation_approver'], 3],
    ['{', ['id', 'data', 'label'], 3],
    ['[', ['id', 'text', 'entities'], 3],
    ['{', ['id', 'label'], 2],
    ['[', ['id', 'label'], 0],
    ['{', ['id', 'entities'], 0],
    ['{', ['id', 'text'], 0],
    ['{', ['data', 'annotations', 'label'], 0],
    ['[', ['id', 'data', 'predictions'], 0],
    ['"', ['text', 'label'], 0],
  ])('%s with keys %j scores %d', (first, keys, score) => {
    expect(doccanoFormat.detect(head(first, keys))).toBe(score);
  });

  it.each([
    ['relations.jsonl', 'doccano'],
    ['array.json', 'doccano'],
    ['single.json', 'doccano'],
    ['single-pretty.jsonl', 'doccano'],
    ['classification.jsonl', 'doccano'],
  ])('%s is detected as %s', (name, format) => {
    expect(detectFormat(name, fixture(name))).toBe(format);
  });
});

describe('readDoccanoRecord', () => {
  it('never throws, whatever the record', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.integer(), fc.string());
    fc.assert(
      fc.property(
        fc.record(
          {
            id: anything,
            text: fc.oneof(fc.string(), anything),
            data: anything,
            user: anything,
            entities: fc.oneof(
              fc.array(
                fc.record({ start_offset: anything, end_offset: anything, label: anything }, { requiredKeys: [] }),
              ),
              anything,
            ),
            relations: anything,
            Comments: anything,
          },
          { requiredKeys: [] },
        ),
        (value) => {
          readDoccanoRecord(value, 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
