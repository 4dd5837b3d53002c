import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseOf, documentOf, dropStoredDatabases, keyOf } from '../../support/storedDocuments';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { HeldTexts } from '../../../src/lib/workers/heldTexts';
import { storedTextsOf, type StoredKey } from '../../../src/lib/workers/storedTexts';
import { packTexts, TextCachePass, unpackTexts } from '../../../src/lib/workers/textBundles';

afterEach(dropStoredDatabases);

/**
 * One pass as a new Worker makes it: every listed text (none held), a page of 3 at a time, through
 * the cache; then what it read from `documents` bundled, `bundleChars` characters to a bundle.
 */
async function passOf(database: SpanwrightDatabase, keys: StoredKey[], bundleChars = 20, deflate = true) {
  const pass = new TextCachePass({ bundleChars, deflate });
  const texts: [string, string | null][] = [];
  for await (const page of storedTextsOf(database.name, keys, () => false, 3, pass))
    for (const document of page.documents) texts.push([document.id, document.text]);
  await pass.write(database);
  return texts;
}

describe('bundled texts', () => {
  it('pack and unpack to the same texts, deflated or plain, and refuse what does not decode', async () => {
    const text = 'Kim 🙂 visited\r\nPyongyang, 東京 and Łódź';
    for (const deflate of [true, false]) {
      const texts = await packTexts(text, deflate);
      expect(typeof texts === 'string').toBe(!deflate);
      expect(await unpackTexts({ ids: ['a'], fingerprints: ['f'], lengths: [text.length], texts })).toBe(text);
      expect(await unpackTexts({ ids: ['a'], fingerprints: ['f'], lengths: [3], texts })).toBeUndefined();
    }
    const broken = { ids: ['a'], fingerprints: ['f'], lengths: [3], texts: new Uint8Array([255, 1, 2, 3]) };
    expect(await unpackTexts(broken)).toBeUndefined();
  });
});

describe('the search cache of texts', () => {
  it('bundles what a pass read, and serves it to the next new pass instead of the documents', async () => {
    const documents = Array.from({ length: 8 }, (_, index) =>
      documentOf(`doc-${index}`, index, `text number ${index}`),
    );
    const database = await databaseOf('text-bundles', documents);
    const keys = documents.map(keyOf);
    const expected = documents.map((document): [string, string] => [document.id, document.text]);
    expect(await passOf(database, keys)).toEqual(expected);
    const bundles = await database.textBundles.toArray();
    expect(bundles.length).toBeGreaterThan(1);
    expect(bundles.flatMap((bundle) => bundle.ids)).toEqual(keys.map((key) => key.id));

    // Stored behind the cache's back under the same fingerprint: the bundled text is served.
    await database.documents.update('doc-2', { text: 'changed unseen' });
    expect(await passOf(database, keys)).toEqual(expected);
    // Nothing was missed, so nothing was written.
    expect(await database.textBundles.toArray()).toEqual(bundles);
  });

  it('serves a new Worker’s held texts from the cache a first Worker wrote after answering', async () => {
    const documents = [documentOf('a', 0, 'first text'), documentOf('b', 1, 'second text')];
    const database = await databaseOf('text-bundles', documents);
    const first = new HeldTexts((text) => text);
    for await (const _page of first.pages(database.name, documents.map(keyOf)));
    const answered: string[] = [];
    await first.cacheTexts(database.name, () => answered.push('answered'));
    expect(answered).toEqual(['answered']);
    expect((await database.textBundles.toArray()).flatMap((bundle) => bundle.ids)).toEqual(['a', 'b']);

    await database.documents.update('a', { text: 'changed unseen' });
    const second = new HeldTexts((text) => text);
    const values: string[] = [];
    for await (const page of second.pages(database.name, documents.map(keyOf)))
      values.push(...page.documents.map((document) => document.value));
    expect(values).toEqual(['first text', 'second text']);
  });

  it('is left out of a backup, and emptied by a restore', async () => {
    const documents = [documentOf('a', 0, 'first text'), documentOf('b', 1, 'second text')];
    const database = await databaseOf('text-bundles', documents);
    await passOf(database, documents.map(keyOf));
    expect(await database.textBundles.count()).toBeGreaterThan(0);
    const backup = await (await exportBackup(database)).text();
    expect(backup).not.toContain('textBundles');
    expect(backup.trim().split('\n')).toHaveLength(3);
    const read = await readBackup(new File([backup], 'backup.jsonl'));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await restoreBackup(database, read.value);
    expect(await database.textBundles.count()).toBe(0);
    expect(await database.documents.count()).toBe(2);
  });

  it('rewrites bundles mostly stale, keeping only the members still listed', async () => {
    const documents = Array.from({ length: 12 }, (_, index) => documentOf(`doc-${index}`, index, `text ${index} here`));
    const database = await databaseOf('text-bundles', documents);
    await passOf(database, documents.map(keyOf), 1000);
    expect(await database.textBundles.count()).toBe(1);
    const kept = documents.slice(0, 4);
    await database.documents.bulkDelete(documents.slice(4).map((document) => document.id));
    await passOf(database, kept.map(keyOf), 1000);
    const bundles = await database.textBundles.toArray();
    expect(bundles.flatMap((bundle) => bundle.ids)).toEqual(kept.map((document) => document.id));
  });

  it('finds what a search without the cache finds, whatever changed since the cache was written', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '🙂', 'é', '\n'), maxLength: 12 });
    const change = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), text }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('add' as const), text }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 1, maxLength: 12 }),
        fc.array(change, { maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (texts, changes, bundleChars, deflate) => {
          let documents = texts.map((body, index) => documentOf(`doc-${index}`, index, body));
          const database = await databaseOf('text-bundles', documents);
          await passOf(database, documents.map(keyOf), bundleChars, deflate);
          let next = documents.length;
          for (const step of changes) {
            if (step.kind === 'add') {
              const added = documentOf(`doc-${next}`, next, step.text);
              next++;
              await database.documents.add(added);
              documents = [...documents, added];
              continue;
            }
            if (documents.length === 0) continue;
            const target = documents[step.at % documents.length];
            if (step.kind === 'delete') {
              await database.documents.delete(target.id);
              documents = documents.filter((document) => document.id !== target.id);
            } else {
              const edited = { ...target, text: step.text, fingerprint: textFingerprint(step.text) };
              await database.documents.put(edited);
              documents = documents.map((document) => (document.id === target.id ? edited : document));
            }
          }
          const keys = documents.map(keyOf);
          const withCache = await passOf(database, keys, bundleChars, deflate);
          const again = await passOf(database, keys, bundleChars, deflate);
          await database.textBundles.clear();
          const withoutCache: [string, string | null][] = [];
          for await (const page of storedTextsOf(database.name, keys, () => false, 3))
            for (const document of page.documents) withoutCache.push([document.id, document.text]);
          expect(withCache).toEqual(withoutCache);
          expect(again).toEqual(withoutCache);
          expect(withoutCache).toEqual(documents.map((document) => [document.id, document.text]));
          await database.delete();
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});
