import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { exportBackup, readBackup, restoreBackup, restoreLosses } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addLabel } from '../../../src/lib/storage/labels';
import { createSpan } from '../../../src/lib/storage/spans';

let database: SpanwrightDatabase;
const TEXT = 'Shoigu met Kim in Pyongyang.';
const document = (id: string, order: number) => ({
  id,
  title: id,
  text: TEXT,
  source: 'test',
  meta: {},
  order,
  created: 0,
  fingerprint: id,
});
const layer = { documentId: 'd1', annotator: 'ann' };

beforeEach(async () => {
  database = new SpanwrightDatabase(`losses-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.documents.add(document('d1', 0));
  await createSpan(database, { ...layer, start: 0, end: 6, label: 'claim', text: 'Shoigu' });
});
afterEach(async () => database.delete());

describe('what restoring a backup would take away', () => {
  it('counts what was stored after the backup was made, and names the labels it lacks', async () => {
    const backup = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in backup)) throw new Error('backup unreadable');
    expect(await restoreLosses(database, backup.value)).toEqual({ documents: 0, spans: 0, suggestions: 0, labels: [] });

    // After the backup: a document, two spans and a label of one's own.
    await database.documents.add(document('d2', 1));
    expect(await addLabel(database, 'threat')).toBeNull();
    await createSpan(database, { ...layer, start: 11, end: 14, label: 'visit', text: 'Kim' });
    await createSpan(database, { ...layer, documentId: 'd2', start: 0, end: 6, label: 'threat', text: 'Shoigu' });
    const losses = await restoreLosses(database, backup.value);
    expect(losses).toEqual({ documents: 1, spans: 2, suggestions: 0, labels: ['threat'] });

    // What it said is what the restore takes: after it, none of those is stored.
    await restoreBackup(database, backup.value);
    expect(await database.documents.get('d2')).toBeUndefined();
    expect(await database.spans.count()).toBe(1);
    expect(await database.labels.get('threat')).toBeUndefined();
  });
});
