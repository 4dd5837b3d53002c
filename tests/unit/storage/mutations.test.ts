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

const summary = (annotator: string, documentId: string): DocumentStatus => ({ annotator, documentId, status: 'todo', spanCount: 0, labels: [], updated: 0 });

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
    expect(mutation).toEqual({ keys: [['ann', 'd1'], ['ann', 'd2']] });
  });

  it('covers every row of a bulk write and of a delete by query, and says "range" for a clear', async () => {
    const rows = Array.from({ length: 60 }, (_, index) => summary('ann', `d${String(index).padStart(2, '0')}`));
    await database.statuses.bulkPut(rows);
    const bulk = lastStatusesMutation();
    // Dexie names each row, or the whole table for large writes: either way no row is missed.
    if (bulk !== 'range') expect(bulk).toEqual({ keys: rows.map((row) => [row.annotator, row.documentId]) });
    await database.statuses.where('annotator').equals('ann').delete();
    const deleted = lastStatusesMutation();
    if (deleted !== 'range') expect(deleted).toEqual({ keys: rows.map((row) => [row.annotator, row.documentId]) });
    await database.statuses.bulkPut(rows);
    await database.statuses.clear();
    expect(lastStatusesMutation()).toBe('range');
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
