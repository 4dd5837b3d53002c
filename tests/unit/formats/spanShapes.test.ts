/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { doccanoFormat, parseDoccanoLine } from '../../../src/lib/formats/doccano';
import type { SourceItem } from '../../../src/lib/formats/format';
import { labelStudioFormat } from '../../../src/lib/formats/labelStudio';
import { nativeFormat, NativeTally, parseNativeLine, serializeNative } from '../../../src/lib/formats/native';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { expectError, valueOf } from './parseResultAssertions';

const line = (value: unknown): string => JSON.stringify(value);
const spansOf = (record: AnnotatedRecord): string[] =>
  record.spans.map((span) => `${span.start}-${span.end}:${span.label}:${span.text}`);

async function itemsOf(text: string, name: string, format = nativeFormat): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of format.read(new File([text], name), { reading: CODE_POINTS })) items.push(item);
  return items;
}

describe('a Spanwright JSONL file whose records give spans in other tools’ shapes', () => {
  it('reads spans under "entities" (spaCy v2 triples) and "label" (doccano triples) as spans, and says so', async () => {
    const text = readFileSync('tests/fixtures/formats/native/spacy_mixed.jsonl', 'utf8');
    const items = await itemsOf(text, 'spacy_mixed.jsonl');
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map(spansOf)).toEqual([['0-6:PER:Macron'], ['0-2:PER:Xi', '11-17:GPE:Moscow'], ['0-6:PER:Nobody']]);
    // Nothing parked in the meta.
    expect(records.map((record) => record.meta)).toEqual([{}, {}, {}]);
    expect(items.filter((item) => 'note' in item)).toEqual([
      { note: expect.stringContaining('2 records give spans under "entities", "ents", "label" or "labels"') },
    ]);
    expect(items.some((item) => 'error' in item || 'loss' in item)).toBe(false);
  });

  it('reads spaCy’s Doc.to_json: "ents" and the span groups under "spans" as spans, a span in both once', async () => {
    // As spaCy v3 writes it (character offsets, which are code points in Python); tokens and sents kept as meta.
    const text = '😀 Apple is looking at buying U.K. startup';
    const doc = {
      text,
      ents: [
        { start: 2, end: 7, label: 'ORG' },
        { start: 29, end: 33, label: 'GPE' },
      ],
      spans: {
        sc: [
          { start: 2, end: 7, label: 'ORG', kb_id: '' },
          { start: 29, end: 41, label: 'TARGET', kb_id: 'Q145' },
        ],
      },
      tokens: [{ id: 0, start: 0, end: 1 }],
      sents: [{ start: 0, end: 41 }],
    };
    const items = await itemsOf(`${line(doc)}\n${line({ text: 'Kim met Putin', ents: [] })}\n`, 'doc.jsonl');
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map(spansOf)).toEqual([['2-7:ORG:Apple', '29-33:GPE:U.K.', '29-41:TARGET:U.K. startup'], []]);
    expect(Object.keys(records[0].meta)).toEqual(['tokens', 'sents']);
    expect(items.filter((item) => 'note' in item)).toEqual([
      {
        note: expect.stringContaining(
          '1 record gives spans under "entities", "ents", "label" or "labels", or span groups under "spans"',
        ),
      },
    ]);
    expect(items.some((item) => 'error' in item)).toBe(false);
    // What the layer cannot hold is named (helper-196: the card said nothing was left out): which group the spans
    // were in, and a kb_id with a value (spaCy's "" carries none).
    expect(items.flatMap((item) => ('loss' in item ? [item.loss] : []))).toMatchObject([
      { what: 'spans’ "kb_id" values', count: 1, line: 1 },
      { what: 'spans of spaCy span groups', count: 2, line: 1, examples: ['"sc"'] },
    ]);
    // A span given twice in one list is the file's own repeat, left to the card's count of repeats.
    const twice = valueOf(
      parseNativeLine(
        line({
          text: 'Kim',
          ents: [
            [0, 3, 'PER'],
            [0, 3, 'PER'],
          ],
        }),
        2,
      ),
    );
    expect(spansOf(twice)).toEqual(['0-3:PER:Kim', '0-3:PER:Kim']);
    // A span past the text in a group is refused, naming the group.
    const bad = parseNativeLine(line({ text: 'Kim', spans: { sc: [{ start: 0, end: 9, label: 'PER' }] } }), 3);
    expectError(bad, 3, '"spans.sc" span 1 ends at 9');
  });

  it('reads entity objects {start, end, label} and doccano {start_offset, end_offset, label}, quotes checked', () => {
    const record = valueOf(
      parseNativeLine(
        line({
          text: '😀 Kim met Putin',
          entities: [
            { start: 2, end: 5, label: 'PER', text: 'Kim' },
            { start_offset: 10, end_offset: 15, label: 'PER' },
          ],
        }),
        1,
      ),
    );
    expect(spansOf(record)).toEqual(['2-5:PER:Kim', '10-15:PER:Putin']);
  });

  it('refuses a span of another shape it cannot read, naming the line, key and item', () => {
    expectError(parseNativeLine(line({ text: 'Kim', entities: [[0, 3]] }), 4), 4, '"entities" span 1 must be');
    expectError(parseNativeLine(line({ text: 'Kim', label: [[0, 9, 'PER']] }), 2), 2, '"label" span 1 end');
  });

  it('counts document labels and the top-level fields a record with "meta" does not read, naming them', () => {
    const tally = new NativeTally();
    const record = valueOf(
      parseNativeLine(
        line({ text: 'Kim', label: ['positive', [0, 3, 'PER']], _input_hash: 7, tokens: [], meta: { a: 1 } }),
        3,
        CODE_POINTS,
        null,
        tally,
      ),
    );
    expect(spansOf(record)).toEqual(['0-3:PER:Kim']);
    expect(record.meta).toEqual({ a: 1 });
    expect(tally.losses).toEqual([
      expect.objectContaining({
        what: 'top-level fields beside "meta"',
        count: 2,
        line: 3,
        examples: ['"_input_hash"', '"tokens"'],
      }),
      expect.objectContaining({ what: 'document labels', count: 1, line: 3, examples: ['"positive"'] }),
    ]);
  });

  it('says a list of plain strings under "label" once, as document labels, not as spans', async () => {
    const items = await itemsOf(`${line({ text: 'Kim met Putin.', label: ['POSITIVE'] })}\n`, 'classes.jsonl');
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map(spansOf)).toEqual([[]]);
    expect(items.filter((item) => 'note' in item)).toEqual([]);
    expect(items.flatMap((item) => ('loss' in item ? [item.loss] : []))).toEqual([
      expect.objectContaining({ what: 'document labels', count: 1, line: 1, examples: ['"POSITIVE"'] }),
    ]);
  });

  it('keeps a "label" that is not a list as metadata (a document class), as before', () => {
    expect(valueOf(parseNativeLine(line({ text: 'Kim', label: 'positive' }), 1)).meta).toEqual({ label: 'positive' });
  });
});

describe('doccano files with spaCy-shaped entities', () => {
  it('reads [start, end, "label"] entities and {start, end, label} objects', () => {
    const record = valueOf(
      parseDoccanoLine(
        line({ text: 'Kim met Putin', entities: [[8, 13, 'PER'], { start: 0, end: 3, label: 'PER' }] }),
        1,
      ),
    );
    expect(spansOf(record)).toEqual(['0-3:PER:Kim', '8-13:PER:Putin']);
  });
});

describe('a doccano export of metadata doccano reads as its own', () => {
  const record: AnnotatedRecord = {
    id: 'd1',
    text: 'Kim',
    title: 'Kim',
    annotator: 'alice',
    status: 'done',
    spans: [],
    meta: { entities: [[0, 3, 'PER']], source: 'wire', relations: [] },
  };

  it('counts and names the meta keys it cannot write', () => {
    expect(doccanoFormat.lossesOf?.(record)).toEqual([
      expect.objectContaining({ count: 2, examples: ['"entities" of d1', '"relations" of d1'] }),
    ]);
    expect(doccanoFormat.lossesOf?.({ ...record, meta: { source: 'wire' } })).toEqual([]);
  });
});

describe('a Label Studio export of metadata Label Studio reads as its own', () => {
  it('counts and names a meta key "text" (data.text is the document text), as doccano’s export does', () => {
    const record: AnnotatedRecord = {
      id: 'fake-doc',
      text: 'Kim met Putin',
      title: 'Kim met Putin',
      annotator: 'alice@example.org',
      status: 'done',
      spans: [],
      meta: { text: 'META TEXT', id: 'fake' },
    };
    expect(labelStudioFormat.lossesOf?.(record)).toEqual([
      expect.objectContaining({
        what: 'metadata fields Label Studio reads as its own',
        count: 1,
        examples: ['"text" of fake-doc'],
      }),
    ]);
    expect(labelStudioFormat.lossesOf?.({ ...record, meta: { id: 'fake' } })).toEqual([]);
    const task = (
      JSON.parse([...labelStudioFormat.write([record], { unit: 'codepoint', labels: [] })].join('')) as {
        data: Record<string, unknown>;
      }[]
    )[0];
    expect(task.data).toEqual({ text: 'Kim met Putin', id: 'fake' });
  });
});

describe('a gold span’s provenance in Spanwright JSONL', () => {
  const origin = { kind: 'a' as const, annotators: ['alice'], by: 'rev', at: 1_700_000_000_000 };
  const record: AnnotatedRecord = {
    id: 'g1',
    text: '😀 Kim met Putin',
    title: '😀 Kim met Putin',
    annotator: 'gold',
    status: 'done',
    spans: [
      { start: 2, end: 5, label: 'PER', text: 'Kim', origin },
      {
        start: 10,
        end: 15,
        label: 'PER',
        text: 'Putin',
        note: 'n',
        origin: { ...origin, kind: 'edited', annotators: [], note: 'why' },
      },
    ],
    meta: {},
  };

  it('is written in the span’s meta and read back the same (round trip, both units)', () => {
    const written = serializeNative(record, 'codepoint');
    expect(JSON.parse(written).spans[0].meta).toEqual({ origin });
    expect(valueOf(parseNativeLine(written, 1))).toEqual(record);
    expect(valueOf(parseNativeLine(serializeNative(record, 'utf16'), 1, 'utf16'))).toEqual(record);
  });

  it('refuses a malformed origin, naming the line and the field', () => {
    const bad = (value: unknown) =>
      line({ text: 'Kim', spans: [{ start: 0, end: 3, label: 'P', text: 'Kim', meta: { origin: value } }] });
    expectError(parseNativeLine(bad({ ...origin, kind: 'x' }), 5), 5, 'span 1 meta.origin.kind must be one of');
    expectError(parseNativeLine(bad({ ...origin, annotators: 'alice' }), 5), 5, 'meta.origin.annotators');
    expectError(parseNativeLine(bad({ ...origin, at: 'today' }), 5), 5, 'meta.origin.at');
    expectError(parseNativeLine(bad(3), 5), 5, 'meta.origin must be an object');
  });
});
