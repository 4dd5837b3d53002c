import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreBackup, type BackupContent } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { holdingImportLock, ImportUnderWay } from '../../../src/lib/storage/importJournal';
import { readRestoreMark } from '../../../src/lib/storage/restoreMark';
import { Locks } from '../../support/locks';
import { documentOf } from '../../support/storedDocuments';

let database: SpanwrightDatabase;
const backup: BackupContent = {
  documents: [documentOf('restored', 0, 'from the backup')],
  spans: [],
  labels: [],
  statuses: [],
  settings: [],
  suggestions: [],
};
/** A journal row as an import's batch writes it: this import stored the document `written`. */
const journalRow = (importId: string) => ({
  importId,
  file: 'big.jsonl',
  stamp: 1,
  documents: ['written'],
  spans: [],
  labels: [],
  summaries: [],
});
const documentIds = async () => (await database.documents.toArray()).map((document) => document.id);

beforeEach(async () => {
  database = new SpanwrightDatabase(`restore-${Math.random()}`);
  await addDocuments(database, [documentOf('written', 0, 'an import wrote this')]);
});
afterEach(async () => database.delete());

describe('restoreBackup', () => {
  it('is refused while an import is under way (its lock held, in this tab or another): its journal and data stay', async () => {
    const locks = new Locks();
    await database.importJournal.add(journalRow('running'));
    let restoring: Promise<void> | null = null;
    // The import holds its lock while its commit runs; the restore comes meanwhile.
    await holdingImportLock(
      'running',
      async () => {
        restoring = restoreBackup(database, backup, { locks });
        await restoring.catch(() => undefined);
      },
      locks,
    );
    await expect(restoring).rejects.toThrow(ImportUnderWay);
    await expect(restoring).rejects.toThrow('an import of "big.jsonl" is under way');
    expect(await documentIds()).toEqual(['written']);
    expect(await database.importJournal.count()).toBe(1);
  });

  it("replaces an import's journal that ended without finishing (its lock free), with the data it named", async () => {
    await database.importJournal.add(journalRow('ended'));
    await restoreBackup(database, backup, { locks: new Locks() });
    expect(await documentIds()).toEqual(['restored']);
    expect(await database.importJournal.count()).toBe(0);
  });

  it("keeps team sync's stored updates and marks the restore, a new mark each time", async () => {
    await database.syncUpdates.add({ name: 'demo/layer/alice', update: new Uint8Array([1, 2, 3]) });
    expect(await readRestoreMark(database)).toBeNull();
    await restoreBackup(database, backup, { locks: new Locks(), restoreId: 'first' });
    expect(await readRestoreMark(database)).toEqual({ id: 'first', merged: false });
    await restoreBackup(database, backup, { locks: new Locks(), restoreId: 'second' });
    expect(await readRestoreMark(database)).toEqual({ id: 'second', merged: false });
    const kept = await database.syncUpdates.where('name').equals('demo/layer/alice').toArray();
    expect(kept.map((row) => [...row.update])).toEqual([[1, 2, 3]]);
  });
});
