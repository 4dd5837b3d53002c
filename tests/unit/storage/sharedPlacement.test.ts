import { afterEach, describe, expect, it } from 'vitest';
import type { Span } from '../../../src/lib/model/types';
import { exportBackup, readBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';

/** Spans from the team are stored only against the text they quote; the rest is left aside, named. */
let stores: Store[] = [];
afterEach(async () => {
  for (const store of stores) await store.destroy();
  stores = [];
});

async function openStore(): Promise<{ store: Store; database: SpanwrightDatabase }> {
  const database = new SpanwrightDatabase(`placement-${Math.random()}`);
  const store = new Store(database);
  await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
  stores.push(store);
  await store.addSharedDocuments([
    { id: '1', title: '1', text: 'Kim 🙂 met Putin', source: 's', meta: {}, order: 0, created: 1 },
  ]);
  return { store, database };
}

const teamSpan = (documentId: string, start: number, end: number, text: string): Span => ({
  id: `bob-${documentId}-${start}`,
  documentId,
  annotator: 'bob',
  start,
  end,
  label: 'claim',
  text,
  created: 1,
  updated: 1,
});

async function backupErrors(database: SpanwrightDatabase) {
  const read = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
  return 'errors' in read ? read.errors : [];
}

describe('spans from the team', () => {
  it('a span of a document this database lacks is left aside, named, and the backup stays restorable', async () => {
    const { store, database } = await openStore();
    const outcome = await store.applySharedChanges(
      {
        put: [teamSpan('bobs-own-doc', 0, 3, 'abc')],
        remove: [],
        statuses: [{ documentId: 'bobs-own-doc', annotator: 'bob', status: { status: 'done', updated: 2 } }],
      },
      5,
    );
    expect(outcome).toEqual({
      held: [{ id: 'bob-bobs-own-doc-0', documentId: 'bobs-own-doc', annotator: 'bob', reason: 'missing' }],
      heldStatuses: [{ documentId: 'bobs-own-doc', annotator: 'bob' }],
      kept: [],
      clashes: [],
    });
    expect(await database.spans.count()).toBe(0);
    expect(await database.statuses.count()).toBe(0);
    expect(await backupErrors(database)).toEqual([]);
  });

  it('a span of a same-id document with another text is left aside; one that quotes this text (code points) is stored', async () => {
    const { store, database } = await openStore();
    const outcome = await store.applySharedChanges(
      {
        put: [teamSpan('1', 0, 5, 'Hello'), teamSpan('1', 6, 9, 'met'), teamSpan('1', 10, 20, 'Putin and')],
        remove: [],
        statuses: [],
      },
      5,
    );
    expect(outcome.held.map((span) => [span.id, span.reason])).toEqual([
      ['bob-1-0', 'different'],
      ['bob-1-10', 'different'],
    ]);
    expect((await database.spans.toArray()).map((span) => span.text)).toEqual(['met']);
    expect(await backupErrors(database)).toEqual([]);
    expect(await store.unplacedSpans([teamSpan('1', 0, 5, 'Hello'), teamSpan('1', 6, 9, 'met')])).toEqual([
      { id: 'bob-1-0', documentId: '1', annotator: 'bob', reason: 'different' },
    ]);
  });

  it('a held span is stored once its document arrives and the same change is applied again', async () => {
    const { store, database } = await openStore();
    const change = { put: [teamSpan('later', 0, 3, 'Kim')], remove: [], statuses: [] };
    expect((await store.applySharedChanges(change, 5)).held).toHaveLength(1);
    await store.addSharedDocuments([
      { id: 'later', title: 'l', text: 'Kim again', source: 's', meta: {}, order: 0, created: 1 },
    ]);
    expect((await store.applySharedChanges(change, 6)).held).toEqual([]);
    expect((await database.spans.toArray()).map((span) => span.documentId)).toEqual(['later']);
  });

  it('what the keepLater rules keep stays (a later span, a span edited here, a status), and its layer is named', async () => {
    const { store, database } = await openStore();
    const mine = { ...teamSpan('1', 0, 3, 'Kim'), note: 'mine', updated: 9 };
    const edited = { ...teamSpan('1', 11, 16, 'Putin'), note: 'edited here', updated: 9 };
    await database.spans.bulkPut([mine, edited]);
    await store.setStatus('1', 'bob', 'done', 9);
    const keepLater = {
      span: (stored: Span) => stored.id === mine.id,
      removal: (stored: Span) => stored.id === edited.id,
      status: () => true,
    };
    const outcome = await store.applySharedChanges(
      {
        put: [teamSpan('1', 0, 3, 'Kim')],
        remove: [{ id: edited.id, documentId: '1', annotator: 'bob' }],
        statuses: [{ documentId: '1', annotator: 'bob', status: { status: 'skipped', updated: 2 } }],
        keepLater,
      },
      20,
    );
    expect(outcome.kept).toEqual([
      ['bob', '1'],
      ['bob', '1'],
      ['bob', '1'],
    ]);
    expect((await database.spans.toArray()).map((span) => span.note).sort()).toEqual(['edited here', 'mine']);
    expect((await database.statuses.get(['bob', '1']))?.status).toBe('done');
  });
});
