import { describe, expect, it } from 'vitest';
import { parseNativeLine, serializeNative } from '../../../src/lib/formats/native';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { exportRecords } from '../../../src/lib/storage/exporter';
import { FileImport } from '../../../src/lib/storage/importer';

const record: AnnotatedRecord = {
  id: 'd1',
  text: '🙂 Kim met\r\nPutin.',
  title: 'd1',
  annotator: 'ann',
  status: 'todo',
  spans: [
    { start: 2, end: 5, label: 'person', text: 'Kim', source: 'propagated', note: 'the leader' },
    { start: 11, end: 16, label: 'person', text: 'Putin', source: 'near-duplicate:d0' },
    { start: 6, end: 9, label: 'visit', text: 'met' },
  ],
  meta: {},
};

describe('span sources in native JSONL', () => {
  it('writes an accepted suggestion’s source in its meta, beside a note, only where there is one, and reads it back', () => {
    const line = serializeNative(record, 'codepoint');
    const spans = (JSON.parse(line) as { spans: { meta?: unknown }[] }).spans;
    expect(spans.map((span) => span.meta)).toEqual([
      { note: 'the leader', source: 'propagated' },
      undefined,
      { source: 'near-duplicate:d0' },
    ]);
    const parsed = parseNativeLine(line, 1);
    expect('value' in parsed && parsed.value.spans.map((span) => [span.source, span.note])).toEqual([
      ['propagated', 'the leader'],
      [undefined, undefined],
      ['near-duplicate:d0', undefined],
    ]);
  });

  it('refuses a source that is not a string, naming the span', () => {
    const line = JSON.stringify({
      id: 'x',
      text: 'Kim',
      spans: [{ start: 0, end: 3, label: 'a', text: 'Kim', meta: { source: 3 } }],
    });
    expect(parseNativeLine(line, 4)).toEqual({
      errors: [{ line: 4, message: 'span 1 meta.source must be a string (got 3)' }],
    });
  });

  it('travels through storage: imported onto the stored span, and exported as it came', async () => {
    const database = new SpanwrightDatabase(`sources-${Math.random()}`);
    await database.documents.add({
      id: 'd1',
      title: 'd1',
      text: record.text,
      source: 'test',
      meta: {},
      order: 0,
      created: 1,
      fingerprint: textFingerprint(record.text),
    });
    const line = serializeNative(record, 'codepoint');
    const job = new FileImport(database, new File([`${line}\n`], 'a.jsonl'), {
      format: 'native',
      defaultAnnotator: 'me',
      now: () => 5,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    const stored = await database.spans.where('annotator').equals('ann').sortBy('start');
    expect(stored.map((span) => span.source)).toEqual(['propagated', undefined, 'near-duplicate:d0']);
    const exported = await exportRecords(database, {
      format: 'native',
      unit: 'codepoint',
      scope: 'all',
      annotator: 'ann',
      unlabelled: 'none',
    });
    expect(await exported.blob.text()).toBe(`${line}\n`);
    await database.delete();
  });
});
