import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { DraftMirror } from '../../../src/lib/storage/draftMirror';

let database: SpanwrightDatabase;
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

describe('the note drafts kept in IndexedDB as in localStorage', () => {
  it('keeps the last value of each key, written one after another, and removes a key set to null', async () => {
    database = new SpanwrightDatabase(`mirror-${Math.random()}`);
    await database.open();
    const mirror = new DraftMirror(database);
    for (const text of ['t', 'th', 'the', 'the c', 'the country']) mirror.set('spanwright.noteDraft.a/1', text);
    mirror.set('spanwright.noteDraft.a/2', 'second');
    mirror.set('spanwright.other', 'not a draft');
    expect(await mirror.read('spanwright.noteDraft.')).toEqual([
      ['spanwright.noteDraft.a/1', 'the country'],
      ['spanwright.noteDraft.a/2', 'second'],
    ]);
    // On disk, for the next start's own connection.
    expect(await new SpanwrightDatabase(database.name).drafts.get('spanwright.noteDraft.a/1')).toEqual({
      key: 'spanwright.noteDraft.a/1',
      value: 'the country',
    });
    mirror.set('spanwright.noteDraft.a/1', null);
    expect(await mirror.read('spanwright.noteDraft.')).toEqual([['spanwright.noteDraft.a/2', 'second']]);
  });

  it('takes no write and reads none while the database is closed, and writes again once it is open', async () => {
    database = new SpanwrightDatabase(`mirror-${Math.random()}`);
    const mirror = new DraftMirror(database);
    mirror.set('spanwright.noteDraft.a/1', 'before the database opened');
    expect(await mirror.read('')).toEqual([]);
    await database.open();
    expect(await database.drafts.count()).toBe(0);
    mirror.set('spanwright.noteDraft.a/1', 'typed');
    expect(await mirror.read('')).toEqual([['spanwright.noteDraft.a/1', 'typed']]);
  });
});
