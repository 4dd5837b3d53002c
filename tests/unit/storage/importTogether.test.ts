import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileStore } from '../../../src/lib/storage/fileStore';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { ImportsTogether, placeInDialog } from '../../../src/lib/storage/importsTogether';
import type { ImportAnalysis, ImportJob } from '../../../src/lib/storage/importTypes';
import { addSharedDocuments } from '../../../src/lib/storage/shared';
import { textFingerprint } from '../../../src/lib/model/fingerprint';

/** Imports that run while something else (another tab's import, team sync) adds documents or labels. */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

function openDatabase(): SpanwrightDatabase {
  const database = new SpanwrightDatabase(`together-${Math.random()}`);
  databases.push(database);
  return database;
}

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);
const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
  format: 'native',
  defaultAnnotator: 'alice',
  now: () => 5,
  ...extra,
});
const records = (prefix: string, count: number, label: string) =>
  Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`,
    text: `${prefix} text ${index}`,
    spans: [{ start: 0, end: prefix.length, label }],
  }));

describe('imports at the same time', () => {
  it('stores both of two files imported at once from two tabs, their documents interleaved in the list', async () => {
    const database = openDatabase();
    // A second connection to the same database, as another tab has.
    const other = new SpanwrightDatabase(database.name);
    const first = new FileImport(database, jsonl('a.jsonl', records('a', 25, 'person')), options());
    const second = new FileImport(other, jsonl('b.jsonl', records('b', 25, 'person')), options());
    await first.analyse();
    await second.analyse();
    const results = await Promise.allSettled([first.commit(), second.commit()]);
    other.close();
    expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);
    const documents = await database.documents.orderBy('order').toArray();
    expect(documents).toHaveLength(50);
    expect(new Set(documents.map((document) => document.order)).size).toBe(50);
    expect(await database.heads.count()).toBe(50);
    expect(await database.spans.count()).toBe(50);
    // Both brought the new label "person": it is stored once, and both files' spans carry it.
    expect((await database.labels.toArray()).map((label) => label.name)).toEqual(['person']);
  });

  it('stores an import during which a document arrives from the team, and the team document too', async () => {
    const database = openDatabase();
    let arrived: Promise<unknown> | null = null;
    const job = new FileImport(database, jsonl('big.jsonl', records('r', 300, 'claim')), {
      ...options(),
      onProgress: (progress) => {
        if (progress.phase === 'writing' && !arrived)
          arrived = addSharedDocuments(database, [
            { id: 'team-doc', title: 't', text: 'from the team', source: 's', meta: {}, order: 0, created: 1 },
          ]);
      },
    });
    await job.analyse();
    await expect(job.commit()).resolves.toMatchObject({ documentsAdded: 300, spansAdded: 300 });
    expect(arrived).not.toBeNull();
    await arrived;
    const documents = await database.documents.orderBy('order').toArray();
    expect(documents).toHaveLength(301);
    expect(documents.map((document) => document.id)).toContain('team-doc');
    expect(new Set(documents.map((document) => document.order)).size).toBe(301);
  });
});

describe('files dropped together', () => {
  const doccano = jsonl('doccano.jsonl', [
    { id: 'd1', text: 'First shared text.', label: [[0, 5, 'claim']] },
    { id: 'd3', text: 'Third shared text.', label: [] },
  ]);
  const bob = jsonl('bob.jsonl', [
    { id: 'd1', text: 'First shared text.', spans: [{ start: 6, end: 12, label: 'claim' }], annotator: 'bob' },
    { id: 'd3', text: 'Third shared text.', spans: [{ start: 6, end: 12, label: 'claim' }], annotator: 'bob' },
    { id: 'd4', text: 'Only in bob.', spans: [], annotator: 'bob', status: 'done' },
  ]);

  it('each says which of its new documents another file brings, and those documents are added once', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    const first = files.importFile(doccano, options({ format: 'doccano' }));
    const second = files.importFile(bob, options());
    const [, fromBob] = await Promise.all([first.analyse(), second.analyse()]);
    expect(await noteOf(second)).toBe(
      'Of its 3 new documents, 2 also in doccano.jsonl, waiting to be imported with it: each document is added once, by the first of these files imported, under its id and with its metadata; the other files’ spans and statuses go onto it, their ids and metadata for it are not kept.',
    );
    expect(await noteOf(first)).toBe(
      'Of its 2 new documents, 2 also in bob.jsonl, waiting to be imported with it: each document is added once, by the first of these files imported, under its id and with its metadata; the other files’ spans and statuses go onto it, their ids and metadata for it are not kept.',
    );
    // Each keeps its ids and metadata for the shared documents only if imported first: the card says so.
    expect(await second.together?.()).toMatchObject({ sharesDocuments: true });
    expect(fromBob).not.toHaveProperty('newDocumentTexts');
    expect(await first.commit()).toMatchObject({ documentsAdded: 2, spansAdded: 1 });
    expect(await second.commit()).toMatchObject({ documentsAdded: 1, spansAdded: 2 });
    expect(await database.documents.count()).toBe(3);
    // Committed, a file is in storage: a file checked after it finds its documents stored, not in a file.
    const checkedAgain = files.importFile(bob, options());
    expect((await checkedAgain.analyse()).newDocuments).toBe(0);
    expect(checkedAgain.together?.()).toBeNull();
  });

  it('says which ids a file imported before it gives other texts (a dataset’s splits each numbered from 0), and stores them so', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    // As the dialog holds them: a source per card.
    const split = (name: string, texts: string[]) => {
      const records = texts.map((text, index) => ({
        id: String(index),
        text,
        spans: [{ start: 0, end: 3, label: 'PER' }],
      }));
      const file = jsonl(name, records);
      return { name, size: file.size, files: [file] };
    };
    const train = split('train.jsonl', ['Kim met Putin.', 'Lavrov denied it.', 'Same text in both.']);
    const validation = split('validation.jsonl', ['Shoigu went.', 'Kim came back.', 'Same text in both.', 'New id.']);
    // Dropped in this order (cards made), analysed the other way round: the cards' order decides.
    placeInDialog(train);
    placeInDialog(validation);
    const second = files.importFile(validation, options());
    const first = files.importFile(train, options());
    await second.analyse();
    await first.analyse();
    const note = await noteOf(second);
    const renamed = ['0', '1'].map((id) => `${id}~`);
    expect(note).toMatch(
      /^Of its 4 new documents, 1 also in train\.jsonl.* 2 of its new documents have ids that train\.jsonl, to be imported before it, gives another text, so they are stored with new ids: 0 → 0~\w+, 1 → 1~\w+\./u,
    );
    expect(await noteOf(first)).not.toContain('new ids');
    expect(await first.commit()).toMatchObject({ documentsAdded: 3 });
    expect(await second.commit()).toMatchObject({ documentsAdded: 3 });
    const stored = (await database.documents.toArray()).map((document) => document.id).sort();
    // The ids the note named are the ids stored.
    const named = [...note!.matchAll(/→ (\d~\w+)/gu)].map((match) => match[1]);
    expect(named.map((id) => id.slice(0, 2))).toEqual(renamed);
    expect(stored).toEqual(['0', '1', '2', '3', ...named].sort());
  });

  it('predicts, over three files sharing ids, only the ids the import renames (helper-176), and the import says what it did', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    const source = (name: string, records: { id: string; text: string }[]) => {
      const file = jsonl(name, records);
      const made = { name, size: file.size, files: [file] };
      placeInDialog(made);
      return made;
    };
    // a: C's 0 is A's text (it lands on A's 0); b: C's 1 is B's text under another id (it lands on B's 5).
    const a = source('a.jsonl', [{ id: '0', text: 'Text X.' }]);
    const b = source('b.jsonl', [
      { id: '0', text: 'Text Y.' },
      { id: '5', text: 'Text Z.' },
    ]);
    const c = source('c.jsonl', [
      { id: '0', text: 'Text X.' },
      { id: '1', text: 'Text Z.' },
      { id: '2', text: 'Text W.' },
    ]);
    const jobs = [a, b, c].map((one) => files.importFile(one, options()));
    await Promise.all(jobs.map((job) => job.analyse()));
    expect(await noteOf(jobs[2])).not.toContain('new id');
    expect(await noteOf(jobs[1])).toMatch(
      /1 of its new documents has an id that a\.jsonl, to be imported before it, gives another text, so it is stored with a new id: 0 → 0~\w+\./u,
    );
    const results = [];
    for (const job of jobs) results.push(await job.commit());
    expect(results.map((result) => result.documentsAdded)).toEqual([1, 2, 1]);
    // What each import did is said after it too: B's renamed 0, and C's 1 gone onto B's 5 (its card said B brings its text).
    expect(results[1].notes?.join(' ')).toMatch(
      /1 record has an id already used by another text, so it is stored as a new document with a new id: 0 → 0~\w+\./u,
    );
    expect(results[2].notes).toEqual([
      '1 id of the file names a text a document has under another id (stored, or earlier in the file): its spans go onto that document, and that id is not kept: 1 → 5.',
    ]);
    const renamed = (await database.documents.toArray()).find((document) => document.text === 'Text Y.')!.id;
    expect(renamed).toMatch(/^0~\w+$/u);
    expect((await database.documents.toArray()).map((document) => document.id).sort()).toEqual(
      ['0', '2', '5', renamed].sort(),
    );
  });

  it('does not predict a new id for tokens whose text an earlier file gives the id with other spacing', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    const native = jsonl('export.jsonl', [{ id: '0', text: 'Kim met Putin.' }]);
    const tokens = jsonl('export-hf.jsonl', [
      { id: '0', tokens: ['Kim', 'met', 'Putin', '.'], ner_tags: ['B-PER', 'O', 'B-PER', 'O'] },
    ]);
    const sources = [native, tokens].map((file) => ({ name: file.name, size: file.size, files: [file] }));
    for (const one of sources) placeInDialog(one);
    const first = files.importFile(sources[0], options());
    const second = files.importFile(sources[1], options({ format: 'huggingface' }));
    await Promise.all([first.analyse(), second.analyse()]);
    expect(await noteOf(second)).toBeNull();
    await first.commit();
    expect(await second.commit()).toMatchObject({ documentsAdded: 0, spansAdded: 2 });
    expect((await database.documents.toArray()).map((document) => document.id)).toEqual(['0']);
  });

  it('says which of its new spans another file brings to the same document and layer, and the two add each once', async () => {
    const database = openDatabase();
    // A stored document, and a new one both files bring: each file repeats two of bob's spans (one
    // on each document), and brings one of its own; the third file puts the same spans in carol's layer.
    await database.documents.add({
      id: 'stored',
      title: 'stored',
      text: 'Stored text here.',
      source: 's',
      meta: {},
      order: 0,
      created: 1,
      fingerprint: textFingerprint('Stored text here.'),
    });
    const spans = (extra: number) => [
      { start: 0, end: 5, label: 'claim' },
      { start: extra, end: extra + 4, label: 'claim' },
    ];
    const bobFile = (name: string, extra: number, annotator = 'bob') =>
      jsonl(name, [
        { id: 'stored', text: 'Stored text here.', spans: spans(extra), annotator },
        { id: `new-${name}`, text: 'A new text both bring.', spans: spans(extra), annotator },
      ]);
    const files = new FileStore(database);
    const first = files.importFile(bobFile('one.jsonl', 6), options());
    const second = files.importFile(bobFile('two.jsonl', 12), options());
    const carol = files.importFile(bobFile('carol.jsonl', 6, 'carol'), options());
    await Promise.all([first.analyse(), second.analyse(), carol.analyse()]);
    const note = await noteOf(first);
    expect(note).toContain('Of its 4 new spans, 2 also in two.jsonl, in the same document and layer');
    expect(note).not.toContain('carol.jsonl, in the same');
    expect(await noteOf(carol)).not.toContain('new spans');
    expect(await first.commit()).toMatchObject({ spansAdded: 4 });
    expect(await second.commit()).toMatchObject({ spansAdded: 2 });
    expect(await carol.commit()).toMatchObject({ spansAdded: 4 });
    expect(await database.spans.count()).toBe(10);
  });

  it('tells a file when another is checked again or let go, and its note then says what they bring now', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    const mine = [{ id: 'n', text: 'A new text.', spans: [{ start: 0, end: 1, label: 'claim' }], annotator: 'bob' }];
    const first = files.importFile(jsonl('one.jsonl', mine), options());
    let second = files.importFile(jsonl('two.jsonl', mine), options());
    await Promise.all([first.analyse(), second.analyse()]);
    let told = 0;
    first.onOthersChange?.(() => told++);
    expect(await noteOf(first)).toContain('Its new span is also in two.jsonl');
    // Checked again into carol's layer (a new job, as a card's new check makes): the span is no longer bob's.
    second.close();
    expect(told).toBe(1);
    expect(first.together?.()).toBeNull();
    second = files.importFile(jsonl('two.jsonl', mine), options({ intoAnnotator: 'carol' }));
    await second.analyse();
    await until(() => told === 2);
    const note = await noteOf(first);
    expect(note).toContain('Its new document is also in two.jsonl');
    expect(note).not.toContain('new span');
    second.close();
  });

  it('says nothing of a file let go (its card closed) or refused', async () => {
    const database = openDatabase();
    const files = new FileStore(database);
    const closed = files.importFile(doccano, options({ format: 'doccano' }));
    await closed.analyse();
    closed.close();
    const refused = files.importFile(jsonl('broken.jsonl', ['{"id": "d1"']), options());
    await refused.analyse();
    const alone = files.importFile(bob, options());
    await alone.analyse();
    expect(await noteOf(alone)).toBeNull();
  });

  it('gives a small file its own preview at once, and the note once a large file dropped with it is analysed', async () => {
    const together = new ImportsTogether();
    const large = slowJob('large.jsonl', ['t1', 't2']);
    const small = together.add(slowJob('small.jsonl', ['t1']).resolved());
    const largeJob = together.add(large);
    const largeAnalysis = largeJob.analyse();
    // The small file's own preview comes while the large one is still being analysed.
    const smallAnalysis = await small.analyse();
    expect(smallAnalysis).toMatchObject({ fileName: 'small.jsonl', newDocuments: 1, notes: [] });
    let note: string | null | undefined;
    void noteOf(small).then((value) => (note = value));
    await Promise.resolve();
    expect(note).toBeUndefined();
    large.finish();
    await largeAnalysis;
    expect(await noteOf(small)).toBe(
      'Its new document is also in large.jsonl, waiting to be imported with it: each document is added once, by the first of these files imported, under its id and with its metadata; the other files’ spans and statuses go onto it, their ids and metadata for it are not kept.',
    );
  });
});

/** The note a card shows for `job` (null: none), once the files analysed with it are. */
function noteOf(job: ImportJob): Promise<string | null> {
  return Promise.resolve(job.together?.() ?? null).then((note) => note?.text ?? null);
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition() && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

/** An import whose analysis ends when the test says (`finish`), or at once (`resolved`). */
function slowJob(name: string, texts: string[]) {
  let finish = () => {};
  const analysis: ImportAnalysis = {
    fileName: name,
    format: 'native',
    records: texts.length,
    newDocuments: texts.length,
    matchedDocuments: 0,
    newSpans: 0,
    newSpansByLayer: {},
    knownSpans: 0,
    annotators: [],
    newLabels: [],
    errors: [],
    errorCount: 0,
    losses: [],
    notes: [],
    offsets: { reading: CODE_POINTS, quoted: 0, ranking: [], fitsAll: null },
    newDocumentTexts: texts,
  };
  const done = new Promise<ImportAnalysis>((resolve) => (finish = () => resolve(analysis)));
  const job: ImportJob & { finish(): void; resolved(): ImportJob } = {
    source: { name } as ImportJob['source'],
    options: {} as ImportJob['options'],
    analyse: () => done,
    commit: () => Promise.reject(new Error('not in this test')),
    close: () => {},
    finish: () => finish(),
    resolved: () => {
      finish();
      return job;
    },
  };
  return job;
}
