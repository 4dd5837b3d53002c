// What team sync may share of the label set while imports run: the labels an unfinished import
// brought stay out, from the batch that brought them until the import is whole or taken back.
import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addLabel } from '../../../src/lib/storage/labels';
import { readLabelsToShare } from '../../../src/lib/storage/restoreMark';

let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.map((database) => database.delete()));
  databases = [];
});

const journalRow = (importId: string, labels: string[]) => ({
  importId,
  file: `${importId}.jsonl`,
  stamp: 1,
  documents: [],
  spans: [],
  labels,
  summaries: [],
});

describe('the labels team sync may share', () => {
  it('leaves out the labels of each batch an import under way wrote, read again as batches come and go', async () => {
    const database = new SpanwrightDatabase(`labels-to-share-${Math.random()}`);
    databases.push(database);
    await database.open();
    for (const name of ['claim', 'place', 'person', 'date']) await addLabel(database, name);
    const shared = async () => (await readLabelsToShare(database)).labels.map((label) => label.name);
    expect(await shared()).toEqual(['claim', 'place', 'person', 'date']);
    const first = await database.importJournal.add(journalRow('a', ['place']));
    expect(await shared()).toEqual(['claim', 'person', 'date']);
    // A later batch of the same import, and another import's batch.
    await database.importJournal.add(journalRow('a', ['person']));
    await database.importJournal.add(journalRow('b', ['date']));
    expect(await shared()).toEqual(['claim']);
    // Import a is whole: its rows go, and its labels are the team's to share.
    await database.importJournal.where('importId').equals('a').delete();
    expect(await shared()).toEqual(['claim', 'place', 'person']);
    // A row added after a deletion is read, not taken from what was read before.
    const again = await database.importJournal.add(journalRow('c', ['claim']));
    expect(again).not.toBe(first);
    expect(await shared()).toEqual(['place', 'person']);
  });
});
