import { afterEach, describe, expect, it } from 'vitest';
import { seedDefaultCorpus } from '../../../src/lib/storage/corpus';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { recoverStoppedImports } from '../../../src/lib/storage/importJournal';
import { keptSince } from '../../../src/lib/storage/importTypes';
import { createSpan, relabelSpan, setStatus } from '../../../src/lib/storage/spans';
import { serveCorpus } from '../../support/corpusFiles';
import { Locks } from '../../support/locks';

let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.map((database) => database.delete()));
  databases = [];
});

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);

/** The rows a user sees, in a form to compare before and after. */
async function contents(database: SpanwrightDatabase) {
  return {
    documents: (await database.documents.toArray()).map((document) => document.id).sort(),
    heads: await database.heads.count(),
    spans: (await database.spans.toArray())
      .map((span) => `${span.documentId}:${span.start}:${span.end}:${span.label}`)
      .sort(),
    statuses: (await database.statuses.toArray()).map((row) => [
      row.annotator,
      row.documentId,
      row.status,
      row.spanCount,
      row.updated,
    ]),
    labels: (await database.labels.toArray()).map((label) => label.name).sort(),
  };
}

/**
 * A corpus with one labelled default document, and a 1,000-record file (four batches) that adds
 * documents with a new label and a span to that default document. Its import's connection is
 * closed after `batches` batches, as when the tab or Worker running it ends: it takes nothing back.
 */
async function importThatDies(batches: number) {
  const name = `journal-${Math.random()}`;
  const database = new SpanwrightDatabase(name);
  databases.push(database);
  await seedDefaultCorpus(database, serveCorpus, () => 1000);
  const first = (await database.documents.orderBy('order').first())!;
  await createSpan(
    database,
    {
      documentId: first.id,
      annotator: 'me',
      start: 0,
      end: 3,
      label: 'claim',
      text: [...first.text].slice(0, 3).join(''),
    },
    2000,
  );
  const before = await contents(database);
  const records = [
    { text: first.text, spans: [{ start: 4, end: 9, label: 'visit' }] },
    ...Array.from({ length: 999 }, (_, index) => ({
      id: `n${index}`,
      text: `new text ${index}`,
      spans: [{ start: 0, end: 3, label: 'novel' }],
    })),
  ];
  const locks = new Locks();
  let stop = () => undefined as void;
  const job = new FileImport(database, jsonl('dies.jsonl', records), {
    format: 'native',
    defaultAnnotator: 'me',
    now: () => 5000,
    locks,
    onProgress: (progress) => {
      if (progress.phase === 'writing' && progress.done >= batches * 250) stop();
    },
  });
  expect((await job.analyse()).errorCount).toBe(0);
  stop = () => database.close();
  await expect(job.commit()).rejects.toThrow();
  const reopened = new SpanwrightDatabase(name);
  databases.push(reopened);
  return { database: reopened, before, locks, first };
}

describe('an import that ends without finishing (its tab closed, its Worker died)', () => {
  it('leaves its journal, and the next start takes back all it stored', async () => {
    const { database, before, locks } = await importThatDies(2);
    const partial = await contents(database);
    expect(partial.documents.length).toBeGreaterThan(before.documents.length + 400);
    expect(partial.documents.length).toBeLessThan(before.documents.length + 999);
    expect(partial.labels).toContain('novel');
    expect(await database.importJournal.count()).toBe(2);

    const recovered = await recoverStoppedImports(database, { locks });
    expect(recovered).toEqual([
      {
        file: 'dies.jsonl',
        documentsRemoved: partial.documents.length - before.documents.length,
        spansRemoved: partial.spans.length - before.spans.length,
        documentsKept: 0,
        spansKept: 0,
      },
    ]);
    expect(await contents(database)).toEqual(before);
    expect(await database.importJournal.count()).toBe(0);
    // Done once: a second start finds nothing to do.
    expect(await recoverStoppedImports(database, { locks })).toEqual([]);
  });

  it('keeps whatever was labelled since: a document with a new span or status, a span changed', async () => {
    const { database, locks, first } = await importThatDies(2);
    const [labelled, marked] = await database.documents.where('id').anyOf(['n10', 'n20']).toArray();
    await createSpan(
      database,
      { documentId: labelled!.id, annotator: 'me', start: 4, end: 8, label: 'claim', text: 'text' },
      9000,
    );
    await setStatus(database, marked!.id, 'me', 'done', 9000);
    const added = (await database.spans.where('documentId').equals(first.id).toArray()).find(
      (span) => span.label === 'visit',
    )!;
    await relabelSpan(database, added.id, 'denial', 9000);

    const [recovered] = await recoverStoppedImports(database, { locks });
    expect(recovered).toMatchObject({ documentsKept: 2, spansKept: 3 });
    expect(
      (await database.documents.toArray())
        .map((document) => document.id)
        .filter((id) => id.startsWith('n'))
        .sort(),
    ).toEqual(['n10', 'n20']);
    const kept = await database.spans.where('documentId').anyOf(['n10', 'n20']).toArray();
    expect(kept.map((span) => `${span.documentId}:${span.label}`).sort()).toEqual([
      'n10:claim',
      'n10:novel',
      'n20:novel',
    ]);
    expect((await database.statuses.get(['me', 'n20']))?.status).toBe('done');
    // The changed span stays, and its layer's summary counts what is stored.
    const layer = await database.spans.where('[documentId+annotator]').equals([first.id, 'me']).toArray();
    expect(layer.map((span) => span.label).sort()).toEqual(['claim', 'denial']);
    expect((await database.statuses.get(['me', first.id]))?.spanCount).toBe(2);
    // A label still in use is kept.
    expect((await database.labels.toArray()).map((label) => label.name)).toContain('novel');
  });

  it('is left alone while its lock is held: the import is still running in another tab', async () => {
    const { database, locks } = await importThatDies(1);
    const [entry] = await database.importJournal.toArray();
    locks.held.add(`spanwright-import:${entry!.importId}`);
    expect(await recoverStoppedImports(database, { locks })).toEqual([]);
    expect(await database.importJournal.count()).toBe(1);
    locks.held.clear();
    expect(await recoverStoppedImports(database, { locks })).toHaveLength(1);
  });

  it('leaves no journal once an import is stored or cancelled; a cancel keeps what the user did meanwhile: a label taken up, a status set', async () => {
    const database = new SpanwrightDatabase(`journal-${Math.random()}`);
    databases.push(database);
    const file = () =>
      jsonl(
        'f.jsonl',
        Array.from({ length: 600 }, (_, index) => ({ text: `t${index}`, spans: [] })),
      );
    const locks = new Locks();
    const stored = new FileImport(database, file(), { format: 'native', defaultAnnotator: 'me', locks });
    await stored.analyse();
    await stored.commit();
    expect(await database.importJournal.count()).toBe(0);
    expect(locks.held.size).toBe(0);

    // Cancelled while the user labels with a label the file brings: the label and the span stay.
    const cancel = new AbortController();
    const first = (await database.documents.orderBy('order').first())!;
    let labelled: Promise<unknown> = Promise.resolve();
    const cancelled = new FileImport(
      database,
      jsonl('g.jsonl', [
        // A span for the user's own layer of an older document, which the user labels and marks done meanwhile.
        { text: 't0', annotator: 'me', spans: [{ start: 1, end: 2, label: 'fresh' }] },
        ...Array.from({ length: 600 }, (_, index) => ({
          text: `g${index}`,
          spans: [{ start: 0, end: 1, label: 'fresh' }],
        })),
      ]),
      {
        format: 'native',
        defaultAnnotator: 'other',
        locks,
        signal: cancel.signal,
        onProgress: (progress) => {
          if (progress.phase !== 'writing') return;
          labelled = Promise.all([
            createSpan(database, {
              documentId: first.id,
              annotator: 'me',
              start: 0,
              end: 1,
              label: 'fresh',
              text: 't',
            }),
            setStatus(database, first.id, 'me', 'done'),
          ]);
          cancel.abort();
        },
      },
    );
    await cancelled.analyse();
    await expect(cancelled.commit()).rejects.toThrow();
    await labelled;
    expect(await database.importJournal.count()).toBe(0);
    expect(await database.documents.count()).toBe(600);
    expect((await database.labels.toArray()).map((label) => label.name)).toContain('fresh');
    // The layer written since keeps its status, and its summary counts what is stored.
    expect(await database.statuses.get(['me', first.id])).toMatchObject({
      status: 'done',
      spanCount: 1,
      labels: ['fresh'],
    });
    expect((await database.spans.toArray()).map((span) => `${span.annotator}:${span.label}`)).toEqual(['me:fresh']);
  });

  it('takes back, on a cancel, the status the file gave a layer the user labelled in meanwhile (not one they set)', async () => {
    const database = new SpanwrightDatabase(`journal-${Math.random()}`);
    databases.push(database);
    await seedDefaultCorpus(database, serveCorpus, () => 1000);
    const [first, second] = await database.documents.orderBy('order').limit(2).toArray();
    const cancel = new AbortController();
    let labelled: Promise<unknown> = Promise.resolve();
    const records = [
      // The file marks both done in the user's layer; meanwhile the user labels in the first and marks the second skipped.
      { text: first.text, annotator: 'me', status: 'done', spans: [{ start: 0, end: 3, label: 'claim' }] },
      { text: second.text, annotator: 'me', status: 'done', spans: [] },
      ...Array.from({ length: 600 }, (_, index) => ({ text: `g${index}`, spans: [] })),
    ];
    const job = new FileImport(database, jsonl('done.jsonl', records), {
      format: 'native',
      defaultAnnotator: 'other',
      locks: new Locks(),
      signal: cancel.signal,
      onProgress: (progress) => {
        if (progress.phase !== 'writing') return;
        labelled = Promise.all([
          createSpan(database, {
            documentId: first.id,
            annotator: 'me',
            start: 4,
            end: 9,
            label: 'visit',
            text: [...first.text].slice(4, 9).join(''),
          }),
          setStatus(database, second.id, 'me', 'skipped'),
        ]);
        cancel.abort();
      },
    });
    await job.analyse();
    await expect(job.commit()).rejects.toThrow();
    await labelled;
    // The user's span stays, the file's goes, and so does the file's "done": the user never marked it.
    expect(await database.statuses.get(['me', first.id])).toMatchObject({
      status: 'todo',
      spanCount: 1,
      labels: ['visit'],
    });
    expect(await database.statuses.get(['me', second.id])).toMatchObject({ status: 'skipped' });
  });

  it('keeps, on a cancel, what another tab labelled meanwhile in the file’s documents and changed in an older one, and says how much', async () => {
    const database = new SpanwrightDatabase(`journal-${Math.random()}`);
    databases.push(database);
    await seedDefaultCorpus(database, serveCorpus, () => 1000);
    const first = (await database.documents.orderBy('order').first())!;
    const before = await database.documents.count();
    const cancel = new AbortController();
    let meanwhile: Promise<unknown> | null = null;
    const job = new FileImport(
      database,
      jsonl('h.jsonl', [
        { text: first.text, spans: [{ start: 0, end: 3, label: 'visit' }] },
        ...Array.from({ length: 999 }, (_, index) => ({
          id: `h${index}`,
          text: `h text ${index}`,
          spans: [{ start: 0, end: 1, label: 'claim' }],
        })),
      ]),
      {
        format: 'native',
        defaultAnnotator: 'me',
        now: () => 5000,
        locks: new Locks(),
        signal: cancel.signal,
        onProgress: (progress) => {
          if (progress.phase !== 'writing' || meanwhile) return;
          // Another tab, after the first batch: a span in one of the file's documents, and the
          // span the file added to the older document relabelled.
          meanwhile = (async () => {
            await createSpan(
              database,
              { documentId: 'h3', annotator: 'me', start: 2, end: 6, label: 'denial', text: 'text' },
              9000,
            );
            const added = (await database.spans.where('documentId').equals(first.id).toArray())[0]!;
            await relabelSpan(database, added.id, 'sanction', 9000);
          })().then(() => cancel.abort(new DOMException('The import was cancelled.', 'AbortError')));
        },
      },
    );
    expect((await job.analyse()).errorCount).toBe(0);
    const error: unknown = await job.commit().then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DOMException);
    // Of what the file stored: h3 with its span (the other tab's span in it was never the file's),
    // and the span on the older document, relabelled.
    expect(keptSince(error)).toEqual({ documentsKept: 1, spansKept: 2 });
    expect(await database.documents.count()).toBe(before + 1);
    expect(
      (await database.spans.toArray())
        .map((span) => `${span.documentId === first.id ? 'first' : span.documentId}:${span.label}`)
        .sort(),
    ).toEqual(['first:sanction', 'h3:claim', 'h3:denial']);
    expect(await database.statuses.get(['me', 'h3'])).toMatchObject({ spanCount: 2 });
    expect(await database.statuses.get(['me', first.id])).toMatchObject({ spanCount: 1, labels: ['sanction'] });
    expect(await database.importJournal.count()).toBe(0);
  });

  it('keeps a label the file brought while a suggestion still proposes it', async () => {
    const { database, locks, first } = await importThatDies(1);
    await database.suggestions.add({
      id: 'sg1',
      documentId: first.id,
      annotator: 'me',
      start: 0,
      end: 3,
      label: 'novel',
      text: [...first.text].slice(0, 3).join(''),
      source: 'pattern:novel',
      created: 9000,
    });
    await recoverStoppedImports(database, { locks });
    expect((await database.labels.toArray()).map((label) => label.name)).toContain('novel');
    await database.suggestions.clear();
    // With no suggestion left, a second stopped import's label goes with it.
    const again = await importThatDies(1);
    await recoverStoppedImports(again.database, { locks: again.locks });
    expect((await again.database.labels.toArray()).map((label) => label.name)).not.toContain('novel');
  });
});
