import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import {
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V6,
  SCHEMA_V7,
  SCHEMA_V8,
  SCHEMA_V9,
  SCHEMA_V11,
  SCHEMA_V12,
  SCHEMA_VERSION,
  SpanwrightDatabase,
} from '../../../src/lib/storage/database';
import { setStatus } from '../../../src/lib/storage/spans';
import { renameLabel } from '../../../src/lib/storage/labels';
import { REJECTED_ANNOTATOR } from '../../../src/lib/model/types';
import { SIGNATURE_SCHEME, textSignature } from '../../../src/lib/model/nearDuplicates';

let name: string;
afterEach(async () => Dexie.delete(name));

describe('schema upgrade from version 1', () => {
  it('keeps every record and fills in what version 2 adds', async () => {
    name = `upgrade-${Math.random()}`;
    // Write data the way version 1 of the app did.
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    const documents = [
      {
        id: 'a',
        title: 'A title of words',
        text: 'Kim 🙂 visited\r\nPyongyang',
        source: 'corpus/a.txt',
        meta: { url: 'x' },
        order: 0,
        created: 1,
      },
      { id: 'b', title: 'B', text: '', source: 'import:b.jsonl', meta: {}, order: 1, created: 2 },
    ];
    const spans = [
      {
        id: 's1',
        documentId: 'a',
        annotator: 'ann',
        start: 0,
        end: 3,
        label: 'claim',
        text: 'Kim',
        created: 1,
        updated: 1,
      },
    ];
    const labels = [{ name: 'claim', colour: '#0072B2', hotkey: '1', description: 'd', order: 0 }];
    const statuses = [
      { annotator: 'ann', documentId: 'a', status: 'done', spanCount: 1, labels: ['claim'], updated: 1 },
    ];
    const settings = [{ key: 'annotator', value: 'ann' }];
    await old.transaction('rw', old.tables, async () => {
      await old.table('documents').bulkAdd(documents);
      await old.table('spans').bulkAdd(spans);
      await old.table('labels').bulkAdd(labels);
      await old.table('statuses').bulkAdd(statuses);
      await old.table('settings').bulkAdd(settings);
    });
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.documents.orderBy('order').toArray()).toEqual(
      documents.map((document) => ({ ...document, fingerprint: textFingerprint(document.text) })),
    );
    expect(await database.spans.toArray()).toEqual(spans);
    expect(await database.labels.toArray()).toEqual(labels);
    // Version 5 dates the done status by its last write.
    expect(await database.statuses.toArray()).toEqual(statuses.map((row) => ({ ...row, finished: row.updated })));
    expect(await database.settings.toArray()).toEqual(settings);
    // The new indexes work on the upgraded data.
    expect(
      await database.documents
        .where('fingerprint')
        .equals(textFingerprint('Kim 🙂 visited\r\nPyongyang'))
        .primaryKeys(),
    ).toEqual(['a']);
    expect(await renameLabel(database, 'claim', 'assertion')).toBeNull();
    expect((await database.spans.get('s1'))?.label).toBe('assertion');
    database.close();
  });

  it('opens version 2 data with an empty change log that the next write fills', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(2).stores(SCHEMA_V2);
    const summary = { annotator: 'ann', documentId: 'a', status: 'todo', spanCount: 0, labels: [], updated: 1 };
    await old.table('statuses').add(summary);
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.statuses.toArray()).toEqual([summary]);
    expect(await database.changes.count()).toBe(0);
    await setStatus(database, 'a', 'ann', 'done');
    expect((await database.changes.toArray()).map((change) => change.layers)).toEqual([[['ann', 'a']]]);
    database.close();
  });

  it('moves version 3 "neither" decisions out of settings into the rejected layer, where a rename reaches them', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(3).stores(SCHEMA_V3);
    const text = 'Kim 🙂 met Putin';
    await old.table('documents').add({
      id: 'a',
      title: 'A',
      text,
      source: 's',
      meta: {},
      order: 0,
      created: 1,
      fingerprint: textFingerprint(text),
    });
    await old.table('settings').bulkAdd([
      { key: 'review-rejected:a', value: ['10:15:claim', '10:15:denial'] },
      { key: 'review-rejected:gone', value: ['0:3:claim'] }, // its document was deleted: nothing to keep
      { key: 'theme', value: 'light' },
    ]);
    await old.table('labels').add({ name: 'denial', colour: '#aa3333', hotkey: '2', description: '', order: 1 });
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    const rejected = await database.spans.where('annotator').equals(REJECTED_ANNOTATOR).toArray();
    expect(rejected.map((span) => [span.documentId, span.start, span.end, span.label, span.text]).sort()).toEqual([
      ['a', 10, 15, 'claim', 'Putin'],
      ['a', 10, 15, 'denial', 'Putin'],
    ]);
    expect((await database.statuses.get([REJECTED_ANNOTATOR, 'a']))?.spanCount).toBe(2);
    expect((await database.settings.toArray()).map((row) => row.key)).toEqual(['theme']);
    expect(await renameLabel(database, 'denial', 'refusal')).toBeNull();
    expect(
      (await database.spans.where('annotator').equals(REJECTED_ANNOTATOR).toArray()).map((span) => span.label).sort(),
    ).toEqual(['claim', 'refusal']);
    database.close();
  });

  it('dates version 4 done statuses by their last write, and leaves the others and their spans as they were', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(4).stores(SCHEMA_V3);
    const rows = [
      {
        annotator: 'ann',
        documentId: 'a',
        status: 'done',
        spanCount: 1,
        labels: ['claim'],
        updated: 500,
        revision: 'r1',
      },
      { annotator: 'ann', documentId: 'b', status: 'skipped', spanCount: 0, labels: [], updated: 600 },
      { annotator: 'bea', documentId: 'a', status: 'todo', spanCount: 2, labels: ['claim'], updated: 700 },
    ];
    await old.table('statuses').bulkAdd(rows);
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.statuses.get(['ann', 'a'])).toEqual({ ...rows[0], finished: 500 });
    expect(await database.statuses.get(['ann', 'b'])).toEqual(rows[1]);
    expect(await database.statuses.get(['bea', 'a'])).toEqual(rows[2]);
    // Marking done again keeps the first time; reopening forgets it; done anew dates it anew.
    await setStatus(database, 'a', 'ann', 'done', 900);
    expect((await database.statuses.get(['ann', 'a']))?.finished).toBe(500);
    await setStatus(database, 'a', 'ann', 'todo', 1000);
    expect((await database.statuses.get(['ann', 'a']))?.finished).toBeUndefined();
    await setStatus(database, 'a', 'ann', 'done', 1100);
    expect((await database.statuses.get(['ann', 'a']))?.finished).toBe(1100);
    database.close();
  });

  it('opens version 5 data with an empty suggestions table, its spans as they were, and a rename reaching suggestions', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(5).stores(SCHEMA_V3);
    const span = {
      id: 's1',
      documentId: 'a',
      annotator: 'ann',
      start: 0,
      end: 3,
      label: 'claim',
      text: 'Kim',
      created: 1,
      updated: 1,
    };
    await old.table('spans').add(span);
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.spans.toArray()).toEqual([span]);
    expect(await database.suggestions.count()).toBe(0);
    await database.suggestions.add({ ...span, id: 'g1', start: 8, end: 11, source: 'propagated' });
    expect(await database.suggestions.where('[documentId+annotator]').equals(['a', 'ann']).count()).toBe(1);
    expect(await renameLabel(database, 'claim', 'assertion')).toBe('there is no label named "claim"');
    await database.labels.add({ name: 'claim', colour: '#000000', hotkey: '', description: '', order: 0 });
    expect(await renameLabel(database, 'claim', 'assertion')).toBeNull();
    expect((await database.suggestions.get('g1'))?.label).toBe('assertion');
    database.close();
  });

  it('opens version 6 data with an empty table of sync updates, its spans and suggestions as they were', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(6).stores(SCHEMA_V6);
    const span = {
      id: 's1',
      documentId: 'a',
      annotator: 'ann',
      start: 0,
      end: 3,
      label: 'claim',
      text: 'Kim',
      created: 1,
      updated: 1,
    };
    await old.table('spans').add(span);
    await old.table('suggestions').add({ ...span, id: 'g1', source: 'propagated' });
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.spans.toArray()).toEqual([span]);
    expect(await database.suggestions.count()).toBe(1);
    expect(await database.syncUpdates.count()).toBe(0);
    await database.syncUpdates.add({ name: 'demo/corpus', update: new Uint8Array([0, 0]) });
    expect(await database.syncUpdates.where('name').equals('demo/corpus').count()).toBe(1);
    database.close();
  });

  it('opens version 7 data with a head for every document, without its text', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(7).stores(SCHEMA_V7);
    const documents = ['Kim 🙂 visited\r\nPyongyang', 'Second text'].map((text, order) => ({
      id: `d${order}`,
      title: `Title ${order}`,
      text,
      source: 'import:a.jsonl',
      meta: { url: 'https://example.org' },
      order,
      created: 5,
      fingerprint: textFingerprint(text),
    }));
    await old.table('documents').bulkAdd(documents);
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(await database.documents.orderBy('order').toArray()).toEqual(documents);
    expect(await database.heads.orderBy('order').toArray()).toEqual(
      documents.map(({ id, title, source, order, created, fingerprint, text }) => ({
        id,
        title,
        source,
        order,
        created,
        fingerprint,
        length: text.length,
      })),
    );
    database.close();
  });

  /** A document with astral text and CRLF, and its head, as versions 8 and later store them. */
  const documentAndHead = () => {
    const text = 'Kim 🙂 visited\r\nPyongyang';
    const fingerprint = textFingerprint(text);
    const [id, title, source, order, created] = ['d0', 'Title', 'import:a.jsonl', 0, 5];
    return {
      text,
      document: { id, title, text, source, meta: {}, order, created, fingerprint },
      head: { id, title, source, order, created, fingerprint, length: text.length },
    };
  };

  /** The database `name` opened by this code: at the newest version, with the document and its head kept. */
  const openedWith = async (document: object, head: object) => {
    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.documents.toArray()).toEqual([document]);
    expect(await database.heads.toArray()).toEqual([head]);
    return database;
  };

  it('opens version 8 data with every record kept and an empty search cache of texts', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(8).stores(SCHEMA_V8);
    const { text, document, head } = documentAndHead();
    await old.table('documents').add(document);
    await old.table('heads').add(head);
    old.close();

    const database = await openedWith(document, head);
    expect(await database.textBundles.count()).toBe(0);
    const bundle = { ids: ['d0'], fingerprints: [document.fingerprint], lengths: [text.length], texts: text };
    const seq = await database.textBundles.add(bundle);
    expect(await database.textBundles.get(seq)).toEqual({ ...bundle, seq });
    database.close();
  });

  it('opens version 9 data with every record and the search cache of texts kept, and an empty cache of signatures', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(9).stores(SCHEMA_V9);
    const { text, document, head } = documentAndHead();
    const { fingerprint } = document;
    const span = { id: 's0', documentId: 'd0', annotator: 'alice', label: 'PER', start: 0, end: 3, created: 6 };
    const bundle = { ids: ['d0'], fingerprints: [fingerprint], lengths: [text.length], texts: text };
    await old.table('documents').add(document);
    await old.table('heads').add(head);
    await old.table('spans').add(span);
    const bundleSeq = await old.table('textBundles').add(bundle);
    old.close();

    const database = await openedWith(document, head);
    expect(await database.spans.toArray()).toEqual([span]);
    expect(await database.textBundles.toArray()).toEqual([{ ...bundle, seq: bundleSeq }]);
    expect(await database.signatureBundles.count()).toBe(0);
    const row = {
      scheme: SIGNATURE_SCHEME,
      ids: ['d0'],
      fingerprints: [fingerprint],
      signatures: textSignature(text)!,
    };
    const seq = await database.signatureBundles.add(row);
    expect(await database.signatureBundles.get(seq)).toEqual({ ...row, seq });
    database.close();
  });
});

describe('schema upgrade from version 11', () => {
  it('finds the spans stored before by their place (a twin check), every span kept', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(11).stores(SCHEMA_V11);
    const span = { documentId: 'a', annotator: 'ann', start: 4, end: 9, text: 'words', created: 1, updated: 1 };
    await old.table('spans').bulkAdd([
      { ...span, id: 's1', label: 'claim' },
      { ...span, id: 's2', label: 'visit' },
      { ...span, id: 's3', label: 'claim', start: 0, end: 1 },
    ]);
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.spans.count()).toBe(3);
    const here = await database.spans
      .where('[documentId+annotator+start+end]')
      .equals(['a', 'ann', 4, 9])
      .primaryKeys();
    expect(here.sort()).toEqual(['s1', 's2']);
    database.close();
  });
});

describe('schema upgrade from version 12', () => {
  it('opens version 12 data with every span and setting kept, and an empty table of note drafts', async () => {
    name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(12).stores(SCHEMA_V12);
    const span = { id: 's1', documentId: 'a', annotator: 'ann', start: 4, end: 9, label: 'claim', created: 1 };
    await old.table('spans').add({ ...span, note: 'a stored note' });
    await old.table('settings').add({ key: 'annotator', value: 'ann' });
    old.close();

    const database = new SpanwrightDatabase(name);
    await database.open();
    expect(database.verno).toBe(SCHEMA_VERSION);
    expect(await database.spans.toArray()).toEqual([{ ...span, note: 'a stored note' }]);
    expect(await database.settings.toArray()).toEqual([{ key: 'annotator', value: 'ann' }]);
    expect(await database.drafts.count()).toBe(0);
    await database.drafts.put({ key: 'spanwright.noteDraft.t/ann/a/s1', value: '{}' });
    expect(await database.drafts.count()).toBe(1);
    database.close();
  });
});
