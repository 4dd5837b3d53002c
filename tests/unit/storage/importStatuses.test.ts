import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';

/** A file's statuses against those an annotator already set: the stored one stays, and the preview says so. */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

function openDatabase(): SpanwrightDatabase {
  const database = new SpanwrightDatabase(`statuses-${Math.random()}`);
  databases.push(database);
  return database;
}

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);
const options: ImportOptions = { format: 'native', defaultAnnotator: 'alice', now: () => 5 };
const record = (id: string, status: string, annotator = 'alice') => ({
  id,
  text: `Kim met Putin in ${id}.`,
  spans: [],
  annotator,
  status,
});

async function importFile(database: SpanwrightDatabase, name: string, records: unknown[]) {
  const job = new FileImport(database, jsonl(name, records), options);
  const analysis = await job.analyse();
  await job.commit();
  return analysis;
}

describe('a file whose statuses differ from those stored', () => {
  it('names each layer whose stored status is kept over the file’s, and keeps it', async () => {
    const database = openDatabase();
    await importFile(database, 'first.jsonl', [
      record('d1', 'skipped'),
      record('d2', 'done'),
      record('d3', 'todo'),
      record('d4', 'done'),
    ]);
    const second = new FileImport(
      database,
      jsonl('second.jsonl', [
        record('d1', 'done'),
        record('d2', 'skipped'),
        record('d3', 'done'),
        record('d4', 'done'),
        record('d1', 'skipped', 'bo'),
      ]),
      options,
    );
    const analysis = await second.analyse();
    expect(analysis.losses).toEqual([
      {
        what: 'statuses that differ from the stored ones',
        why: 'a status the annotator set (done or skipped) is kept; a file never takes it back',
        count: 2,
        line: 1,
        examples: [
          'd1 (alice): done on line 1, stored skipped is kept',
          'd2 (alice): skipped on line 2, stored done is kept',
        ],
      },
    ]);
    // What the preview said is what the commit does: d1 and d2 as stored, d3 (to do before) done now, bo's skipped.
    await second.commit();
    const statuses = await database.statuses.toArray();
    const of = (annotator: string, documentId: string) =>
      statuses.find((row) => row.annotator === annotator && row.documentId === documentId)?.status;
    expect([of('alice', 'd1'), of('alice', 'd2'), of('alice', 'd3'), of('alice', 'd4'), of('bo', 'd1')]).toEqual([
      'skipped',
      'done',
      'done',
      'done',
      'skipped',
    ]);
  });
});
