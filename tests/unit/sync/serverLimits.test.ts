// @vitest-environment node
// The app's copy of the sync server's limits agrees with the server's own checks, at each limit and one past it.
import { describe, expect, it } from 'vitest';
import { isDocumentRecord, isLabelFieldRecord, isSpanRecord } from '../../../server/sharedRecords.js';
import { documentRefusal, labelRefusal, spanRefusal } from '../../../src/lib/sync/serverLimits';
import type { SpanRecord } from '../../../src/lib/sync/records';

const span: SpanRecord = {
  documentId: 'doc',
  annotator: 'bob',
  start: 0,
  end: 3,
  label: 'claim',
  text: 'abc',
  created: 1,
  updated: 1,
};
const document = { title: 'A title', text: 'Some text.', source: 'file.txt', meta: {}, order: 0, created: 1 };
const label = { name: 'claim', colour: '#0072b2', hotkey: '1', description: '', order: 0 };

describe('the app and the sync server agree on what the server refuses', () => {
  const lengths = (limit: number) => [limit, limit + 1];
  it('span records', () => {
    const cases: Partial<SpanRecord>[] = [
      ...lengths(200).map((length) => ({ documentId: 'd'.repeat(length) })),
      ...lengths(200).map((length) => ({ annotator: 'a'.repeat(length) })),
      ...lengths(100_000).map((length) => ({ note: 'n'.repeat(length) })),
      ...lengths(1000).map((length) => ({ source: 's'.repeat(length) })),
    ];
    for (const change of cases) {
      const record = { ...span, ...change };
      expect(spanRefusal(record) === null).toBe(isSpanRecord(record, () => true));
    }
    expect(cases.filter((change) => spanRefusal({ ...span, ...change }) !== null)).toHaveLength(4);
  });

  it('document records and label fields', () => {
    for (const change of [
      ...lengths(10_000).map((length) => ({ title: 't'.repeat(length) })),
      ...lengths(10_000).map((length) => ({ source: 's'.repeat(length) })),
    ]) {
      const record = { ...document, ...change };
      expect(documentRefusal(record) === null).toBe(isDocumentRecord(record));
    }
    for (const description of lengths(100_000).map((length) => 'g'.repeat(length)))
      expect(labelRefusal({ ...label, description }) === null).toBe(isLabelFieldRecord({ description }));
    for (const hotkey of ['12345678', '123456789'])
      expect(labelRefusal({ ...label, hotkey }) === null).toBe(isLabelFieldRecord({ hotkey }));
  });
});
