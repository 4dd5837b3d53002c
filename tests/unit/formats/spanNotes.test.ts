import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBrat, serializeBratAnn } from '../../../src/lib/formats/brat';
import { parseLabelStudio } from '../../../src/lib/formats/labelStudio';
import { parseNativeLine, serializeNative } from '../../../src/lib/formats/native';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { checkExport, exportRecords } from '../../../src/lib/storage/exporter';
import { FileImport } from '../../../src/lib/storage/importer';
import { Store } from '../../../src/lib/storage/store';
import { valueOf } from './parseResultAssertions';

const TEXT = '🙂 Kim met\nPutin.';
const record: AnnotatedRecord = {
  id: 'd1',
  text: TEXT,
  title: 'd1',
  annotator: 'ann',
  status: 'done',
  spans: [
    { start: 2, end: 5, label: 'person', text: 'Kim', note: 'the leader, not the family' },
    { start: 6, end: 15, label: 'visit', text: 'met\nPutin' },
    { start: 10, end: 15, label: 'person', text: 'Putin', note: 'two lines:\nsee the wire\tcopy' },
  ],
  meta: {},
};

describe('span notes in native JSONL', () => {
  it('writes a span’s note as its meta, only where there is one, and reads it back', () => {
    const line = serializeNative(record, 'codepoint');
    const spans = (JSON.parse(line) as { spans: Record<string, unknown>[] }).spans;
    expect(spans[0]).toEqual({
      start: 2,
      end: 5,
      label: 'person',
      text: 'Kim',
      meta: { note: 'the leader, not the family' },
    });
    expect(spans[1]).not.toHaveProperty('meta');
    const read = parseNativeLine(line, 1);
    expect('value' in read && read.value.spans).toEqual(record.spans);
    // UTF-16 offsets carry the note too.
    const utf16 = parseNativeLine(serializeNative(record, 'utf16'), 1, {
      unit: 'utf16',
      inclusiveEnd: false,
      lfNewlines: false,
    });
    expect('value' in utf16 && utf16.value.spans.map((span) => span.note)).toEqual(
      record.spans.map((span) => span.note),
    );
  });

  it('ignores other span meta keys and refuses a note that is not a string, naming the line', () => {
    const line = (meta: unknown) =>
      JSON.stringify({ id: 'd', text: 'Kim', spans: [{ start: 0, end: 3, label: 'p', text: 'Kim', meta }] });
    const other = parseNativeLine(line({ score: 0.9 }), 1);
    expect('value' in other && other.value.spans[0]).toEqual({ start: 0, end: 3, label: 'p', text: 'Kim' });
    expect(parseNativeLine(line({ note: 3 }), 7)).toEqual({
      errors: [{ line: 7, message: 'span 1 meta.note must be a string (got 3)' }],
    });
    expect(parseNativeLine(line('x'), 2)).toEqual({
      errors: [{ line: 2, message: 'span 1 meta must be an object (got "x")' }],
    });
  });
});

describe('span notes in brat', () => {
  it('writes a note as an AnnotatorNotes line on its T line and reads it back (a line break becomes a space)', () => {
    const ann = serializeBratAnn(record);
    expect(ann.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '#1\tAnnotatorNotes T1\tthe leader, not the family',
      '#2\tAnnotatorNotes T3\ttwo lines: see the wire copy',
    ]);
    const parsed = parseBrat('d1.txt', TEXT, ann);
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    // The span across the line break is two fragments in brat: it comes back as the one span it was.
    expect(parsed.value.record.spans.map((span) => [span.label, span.text, span.note])).toEqual([
      ['person', 'Kim', 'the leader, not the family'],
      ['visit', 'met\nPutin', undefined],
      ['person', 'Putin', 'two lines: see the wire copy'],
    ]);
  });

  it('keeps a note on something other than a span in the document meta', () => {
    const parsed = parseBrat(
      'd.txt',
      'Kim met Putin',
      'T1\tp 0 3\tKim\nR1\tmeets Arg1:T1 Arg2:T1\n#1\tAnnotatorNotes R1\ta relation note',
    );
    expect('value' in parsed && parsed.value.record.meta).toEqual({
      brat_notes: [{ annotation: 'R1', note: 'a relation note' }],
    });
  });
});

describe('span notes on export', () => {
  let database: SpanwrightDatabase;
  beforeEach(async () => {
    database = new SpanwrightDatabase(`notes-${Math.random()}`);
    await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
    await database.documents.add({
      id: 'd1',
      title: 'd1',
      text: TEXT,
      source: 'test',
      meta: {},
      order: 0,
      created: 1,
      fingerprint: textFingerprint(TEXT),
    });
  });
  afterEach(async () => database.delete());

  it('travels through storage in native JSONL and is counted where a format has no place for it', async () => {
    const job = new FileImport(database, new File([`${serializeNative(record, 'codepoint')}\n`], 'a.jsonl'), {
      format: 'native',
      defaultAnnotator: 'me',
      now: () => 5,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    const stored = await new Store(database).readLayer('d1', 'ann');
    expect(stored.spans.map((span) => span.note)).toEqual(record.spans.map((span) => span.note));
    const options = { unit: 'codepoint', scope: 'all', annotator: 'ann', unlabelled: 'done' } as const;
    const native = await exportRecords(database, { ...options, format: 'native' });
    expect(await native.blob.text()).toBe(`${serializeNative(record, 'codepoint')}\n`);
    expect(native.losses).toEqual([]);
    for (const format of ['doccano', 'prodigy', 'conll', 'huggingface'] as const) {
      const check = await checkExport(database, { ...options, format });
      expect(check.losses.find((loss) => loss.what === 'span notes')?.count, format).toBe(2);
    }
    // Label Studio keeps a note as its region panel does (the region's "meta" text), and reads it back.
    const studio = await exportRecords(database, { ...options, format: 'labelstudio' });
    expect(studio.losses.some((loss) => loss.what === 'span notes')).toBe(false);
    const [back] = valueOf(parseLabelStudio(await studio.blob.text()));
    expect(back.spans.map((span) => span.note)).toEqual(record.spans.map((span) => span.note));
    const brat = await checkExport(database, { ...options, format: 'brat' });
    expect(brat.losses.map((loss) => [loss.what, loss.count])).toContainEqual(['line breaks in span notes', 1]);
    expect(brat.losses.some((loss) => loss.what === 'span notes')).toBe(false);
  });
  it('counts where accepted suggestions came from in every format but native JSONL, which keeps it', async () => {
    const suggested: AnnotatedRecord = {
      ...record,
      spans: [
        { start: 2, end: 5, label: 'person', text: 'Kim', source: 'pattern:leaders.jsonl' },
        { start: 10, end: 15, label: 'person', text: 'Putin', source: 'propagated' },
        { start: 6, end: 9, label: 'visit', text: 'met' },
      ],
    };
    const job = new FileImport(database, new File([`${serializeNative(suggested, 'codepoint')}\n`], 'a.jsonl'), {
      format: 'native',
      defaultAnnotator: 'me',
      now: () => 5,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    const options = { unit: 'codepoint', scope: 'all', annotator: 'ann', unlabelled: 'done' } as const;
    const native = await exportRecords(database, { ...options, format: 'native' });
    expect(await native.blob.text()).toBe(`${serializeNative(suggested, 'codepoint')}\n`);
    expect(native.losses).toEqual([]);
    for (const format of ['doccano', 'labelstudio', 'prodigy', 'brat', 'conll', 'huggingface'] as const) {
      const check = await checkExport(database, { ...options, format });
      expect(
        check.losses.find((loss) => loss.what.startsWith('where accepted suggestions came from'))?.count,
        format,
      ).toBe(2);
    }
  });
  it('keeps the example marks (★) in native JSONL, through an import into another copy, and counts them in every other format', async () => {
    const marked: AnnotatedRecord = {
      ...record,
      spans: [
        { start: 2, end: 5, label: 'person', text: 'Kim', example: true },
        { start: 10, end: 15, label: 'person', text: 'Putin' },
      ],
    };
    const job = new FileImport(database, new File([`${serializeNative(marked, 'codepoint')}\n`], 'a.jsonl'), {
      format: 'native',
      defaultAnnotator: 'me',
      now: () => 5,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    const stored = await database.spans.where('annotator').equals('ann').toArray();
    expect(stored.filter((span) => span.example).map((span) => span.text)).toEqual(['Kim']);
    const options = { unit: 'codepoint', scope: 'all', annotator: 'ann', unlabelled: 'done' } as const;
    const native = await exportRecords(database, { ...options, format: 'native' });
    expect(await native.blob.text()).toBe(`${serializeNative(marked, 'codepoint')}\n`);
    expect(native.losses).toEqual([]);
    for (const format of ['doccano', 'labelstudio', 'prodigy', 'brat', 'conll', 'huggingface'] as const) {
      const check = await checkExport(database, { ...options, format });
      expect(check.losses.find((loss) => loss.what.startsWith('example marks'))?.count, format).toBe(1);
    }
  });
});
