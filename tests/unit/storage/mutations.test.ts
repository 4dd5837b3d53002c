import type { ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { onStorageMutated, tableMutation } from '../../../src/lib/storage/mutations';
import type { DocumentStatus } from '../../../src/lib/model/types';

let database: SpanwrightDatabase;
let seen: ObservabilitySet[];
let stop: () => void;

beforeEach(async () => {
  database = new SpanwrightDatabase(`mutations-${Math.random()}`);
  await database.open();
  seen = [];
  stop = onStorageMutated((parts) => seen.push(parts));
});
afterEach(async () => {
  stop();
  await database.delete();
});

const summary = (annotator: string, documentId: string): DocumentStatus => ({
  annotator,
  documentId,
  status: 'todo',
  spanCount: 0,
  labels: [],
  updated: 0,
});

/** The statuses mutation of the last committed transaction, also as another tab receives it (structured-cloned). */
function lastStatusesMutation() {
  const parts = seen.at(-1)!;
  const here = tableMutation(parts, database.name, 'statuses');
  expect(tableMutation(structuredClone(parts), database.name, 'statuses')).toEqual(here);
  return here;
}

describe('tableMutation', () => {
  it('names the exact rows a small write or delete touched', async () => {
    await database.statuses.put(summary('ann', 'd1'));
    expect(lastStatusesMutation()).toEqual({ keys: [['ann', 'd1']] });
    await database.transaction('rw', database.statuses, async () => {
      await database.statuses.put(summary('ann', 'd2'));
      await database.statuses.delete(['ann', 'd1']);
    });
    const mutation = lastStatusesMutation();
    expect(mutation).toEqual({
      keys: [
        ['ann', 'd1'],
        ['ann', 'd2'],
      ],
    });
  });

  it('names every row of a small bulk write and of a delete by query, and says "range" for a large bulk write and a clear', async () => {
    const rows = Array.from({ length: 49 }, (_, index) => summary('ann', `d${String(index).padStart(2, '0')}`));
    await database.statuses.bulkPut(rows);
    expect(lastStatusesMutation()).toEqual({ keys: rows.map((row) => [row.annotator, row.documentId]) });
    // From 50 rows on, Dexie records the whole table.
    await database.statuses.bulkPut([...rows, summary('ann', 'd49')]);
    expect(lastStatusesMutation()).toBe('range');
    rows.push(summary('ann', 'd49'));
    await database.statuses.where('annotator').equals('ann').delete();
    const deleted = lastStatusesMutation();
    if (deleted !== 'range') expect(deleted).toEqual({ keys: rows.map((row) => [row.annotator, row.documentId]) });
    await database.statuses.bulkPut(rows);
    await database.statuses.clear();
    expect(lastStatusesMutation()).toBe('range');
  });

  it('says "range" when Dexie reports that anything may have changed (a page back from the back/forward cache)', () => {
    expect(tableMutation({ all: { d: 0 } }, database.name, 'statuses')).toBe('range');
  });

  it('says "untouched" for a change to another table or another database', async () => {
    await database.settings.put({ key: 'annotator', value: 'ann' });
    expect(lastStatusesMutation()).toBe('untouched');
    const other = new SpanwrightDatabase(`mutations-other-${Math.random()}`);
    await other.statuses.put(summary('ann', 'd1'));
    expect(lastStatusesMutation()).toBe('untouched');
    await other.delete();
  });
});
