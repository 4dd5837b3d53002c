import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';

/** What an import says of a record's metadata its document does not keep (it has its own). */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

function openDatabase(): SpanwrightDatabase {
  const database = new SpanwrightDatabase(`import-meta-${Math.random()}`);
  databases.push(database);
  return database;
}

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);
const TEXT = 'Lavrov denied it. Shoigu visited Pyongyang.';
const WHAT = 'metadata of records whose document has other metadata';
const prodigy: ImportOptions = { format: 'prodigy', defaultAnnotator: 'me', now: () => 5 };

describe("a record's metadata", () => {
  it('is named as not kept when a second Prodigy answer to the same input lands on the first one’s document', async () => {
    const database = openDatabase();
    const file = jsonl('answers.jsonl', [
      {
        text: TEXT,
        spans: [{ start: 18, end: 24, label: 'PER' }],
        _input_hash: 111,
        _task_hash: 222,
        answer: 'accept',
        _session_id: 'alice',
      },
      {
        text: TEXT,
        spans: [{ start: 18, end: 24, label: 'PER' }],
        _input_hash: 111,
        _task_hash: 333,
        answer: 'reject',
        _session_id: 'bob',
        _timestamp: 1700000000,
      },
    ]);
    const job = new FileImport(database, file, prodigy);
    const analysis = await job.analyse();
    const loss = analysis.losses.find((candidate) => candidate.what === WHAT);
    expect(loss).toMatchObject({ count: 1, line: 2 });
    expect(loss?.examples?.[0]).toMatch(/^111 \(line 2\): .*"prodigy_fields"/u);
    expect(loss?.why).toMatch(/Prodigy/u);
    await job.commit();
    // The document keeps the first answer's: the loss said what the store now shows.
    expect((await database.documents.get('111'))?.meta).toEqual({ _input_hash: 111 });
    // A third answer in a file of its own, onto the stored document: named by what differs, the answer's fields,
    // not the input hash all answers share (helper-143).
    const span = { start: 0, end: 6, label: 'PER' };
    const third = { text: TEXT, spans: [span], _input_hash: 111, _task_hash: 444, answer: 'reject', _session_id: 'cy' };
    const again = await new FileImport(database, jsonl('cy.jsonl', [third]), prodigy).analyse();
    expect(again.losses.find((candidate) => candidate.what === WHAT)?.examples).toEqual([
      '111 (line 1): "prodigy_fields"',
    ]);
  });

  it('is not named when a later record of the file brings a part of its document’s metadata, and names only what differs (helper-210)', async () => {
    const database = openDatabase();
    const answer = { text: TEXT, spans: [{ start: 18, end: 24, label: 'PER' }], _input_hash: 111, answer: 'accept' };
    const file = jsonl('answers.jsonl', [
      { ...answer, _session_id: 'alice', _view_id: 'ner_manual', meta: { source: 'wire' } },
      { ...answer, _session_id: 'bob', _view_id: 'ner_manual' },
      { ...answer, _session_id: 'cy', meta: { source: 'blog' } },
    ]);
    const analysis = await new FileImport(database, file, prodigy).analyse();
    const loss = analysis.losses.find((candidate) => candidate.what === WHAT);
    // bob's (line 2) is a part of alice's: nothing lost. cy's source differs: that alone is named.
    expect(loss).toMatchObject({ count: 1, line: 3 });
    expect(loss?.examples).toEqual(['111 (line 3): "source"']);
  });

  it('is named when a file’s record lands on a stored document with other metadata, and not when it is the same', async () => {
    const database = openDatabase();
    const native: ImportOptions = { format: 'native', defaultAnnotator: 'ann', now: () => 5 };
    const record = {
      id: 'd',
      text: TEXT,
      spans: [{ start: 0, end: 6, label: 'person' }],
      meta: { source: 'wire', n: 1 },
    };
    const first = new FileImport(database, jsonl('a.jsonl', [record]), native);
    expect((await first.analyse()).losses.map((loss) => loss.what)).not.toContain(WHAT);
    await first.commit();
    // The same metadata in another key order (a teammate's export of the same corpus): nothing lost.
    const same = { ...record, annotator: 'bea', meta: { n: 1, source: 'wire' } };
    expect((await new FileImport(database, jsonl('b.jsonl', [same]), native).analyse()).losses).toEqual([]);
    // Less of it (an export that left a key out): every key it has the document holds, so nothing is lost
    // (helper-147: the card named a loss with no key).
    const fewer = { ...record, annotator: 'bea', meta: { source: 'wire' } };
    expect((await new FileImport(database, jsonl('f.jsonl', [fewer]), native).analyse()).losses).toEqual([]);
    const other = { ...record, annotator: 'bea', meta: { source: 'other' } };
    const analysis = await new FileImport(database, jsonl('c.jsonl', [other]), native).analyse();
    expect(analysis.losses).toEqual([
      expect.objectContaining({ what: WHAT, count: 1, examples: ['d (line 1): "source"'] }),
    ]);
  });
});
