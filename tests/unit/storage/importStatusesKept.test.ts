import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';
import { setStatus } from '../../../src/lib/storage/spans';
import { describeImported } from '../../../src/lib/state/importWords';

/** A status set in another tab between the card's check and Import (helper-147): kept, and said in the result. */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

const jsonl = (records: unknown[]) => new File([records.map((record) => JSON.stringify(record)).join('\n')], 'f.jsonl');
const native: ImportOptions = { format: 'native', defaultAnnotator: 'me', now: () => 5 };
const TEXT = 'Kim met Putin in Moscow.';

describe('an import over a status set since its check', () => {
  it('keeps the status the annotator set, and its result line names it', async () => {
    const database = new SpanwrightDatabase(`kept-${Math.random()}`);
    databases.push(database);
    await new FileImport(
      database,
      jsonl([
        { id: 's1', text: TEXT },
        { id: 's2', text: 'Lavrov denied it.' },
      ]),
      native,
    ).commit();
    const file = jsonl([
      { id: 's1', text: TEXT, status: 'done', spans: [{ start: 0, end: 3, label: 'claim' }] },
      { id: 's2', text: 'Lavrov denied it.', status: 'done' },
    ]);
    const job = new FileImport(database, file, native);
    const analysis = await job.analyse();
    // Nothing to say at the check: nothing was set yet.
    expect(analysis.losses).toEqual([]);
    // Meanwhile, in another tab: s1 skipped.
    await setStatus(database, 's1', 'me', 'skipped', 6);
    const result = await job.commit();
    expect((await database.statuses.get(['me', 's1']))?.status).toBe('skipped');
    expect((await database.statuses.get(['me', 's2']))?.status).toBe('done');
    expect(result.statusesKept).toEqual(['s1 (me): skipped kept, done in the file']);
    expect(describeImported(result)).toBe(
      'Imported: 0 new documents, 1 span; new labels: claim; 1 status set before kept over the file’s (s1 (me): skipped kept, done in the file).',
    );
  });
});
