import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseOf, documentOf, dropStoredDatabases, keyOf } from '../../support/storedDocuments';
import {
  findNearDuplicates,
  NearDuplicateIndex,
  SIGNATURE_SCHEME,
  textSignature,
  type NearDuplicatePair,
} from '../../../src/lib/model/nearDuplicates';
import type { Document } from '../../../src/lib/model/types';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { HeldTexts } from '../../../src/lib/workers/heldTexts';
import { SignatureCachePass, type Signature } from '../../../src/lib/workers/signatureCache';

afterEach(dropStoredDatabases);

/** A Worker's signatures, as nearDuplicates.worker.ts holds them; `signed` lists the texts it signed. */
function workerSignatures(bundleSignatures = 1024, signed: string[] = []) {
  return new HeldTexts(
    (text): Signature => {
      signed.push(text);
      return textSignature(text);
    },
    () => new SignatureCachePass({ bundleSignatures }),
  );
}

/** One search as the Worker makes it: the pairs, and each document's signature; then the caches written. */
async function searchOf(
  held: HeldTexts<Signature>,
  database: SpanwrightDatabase,
  documents: Document[],
): Promise<{ pairs: NearDuplicatePair[]; signatures: [string, number[] | null][] }> {
  const index = new NearDuplicateIndex();
  const signatures: [string, number[] | null][] = [];
  for await (const page of held.pages(database.name, documents.map(keyOf)))
    for (const { id, value } of page.documents) {
      index.addSigned(id, value);
      signatures.push([id, value === null ? null : [...value]]);
    }
  const pairs = index.pairs();
  await held.cacheTexts(database.name, () => undefined);
  return { pairs, signatures };
}

const signaturesOf = (documents: Document[]) =>
  documents.map((document): [string, number[] | null] => {
    const signature = textSignature(document.text);
    return [document.id, signature === null ? null : [...signature]];
  });

const article = 'the minister said on monday that the new bridge over the river would open in the spring of next year';

describe('the cache of near-duplicate signatures', () => {
  it('serves a new Worker the signatures a first one computed, without reading or signing the texts', async () => {
    const documents = [
      documentOf('a', 0, article),
      documentOf('b', 1, `${article} as planned`),
      documentOf('c', 2, 'something else entirely, with words of its own and nothing shared'),
      documentOf('d', 3, '— … —'),
    ];
    const database = await databaseOf('signature-cache', documents);
    const firstSigned: string[] = [];
    const first = await searchOf(workerSignatures(2, firstSigned), database, documents);
    expect(firstSigned).toHaveLength(4);
    expect(first.pairs.map(({ a, b }) => [a, b])).toEqual([['a', 'b']]);
    expect(first.signatures).toEqual(signaturesOf(documents));
    const rows = await database.signatureBundles.toArray();
    expect(rows.map((row) => row.ids)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(rows.every((row) => row.scheme === SIGNATURE_SCHEME)).toBe(true);

    // The texts changed behind the cache's back under the same fingerprints: the stored signatures serve.
    await database.documents.clear();
    const secondSigned: string[] = [];
    const second = await searchOf(workerSignatures(2, secondSigned), database, documents);
    expect(secondSigned).toEqual([]);
    expect(second).toEqual(first);
    // Nothing computed, nothing stale: nothing written.
    expect(await database.signatureBundles.toArray()).toEqual(rows);
  });

  it('keeps what a search cut off part-way had signed: the next Worker signs only the rest', async () => {
    // 21 documents, the last two near copies; rows of 2, so the pass stores full rows early from 8 signed on (EARLY_ROWS = 4).
    const documents = Array.from({ length: 19 }, (_, index) =>
      documentOf(`doc-${index}`, index, `${index} ${'word '.repeat(index)}unrelated ${index * 7919} text`),
    );
    documents.push(documentOf('doc-19', 19, `${article} and more`), documentOf('doc-20', 20, article));
    const database = await databaseOf('signature-cache', documents);
    const cutSigned: string[] = [];
    const cut = workerSignatures(2, cutSigned);
    // The Worker reads the texts and signs them, then is stopped (a reload) before its answer and cache writes.
    for await (const page of cut.pages(database.name, documents.map(keyOf))) expect(page.documents).toHaveLength(21);
    expect(cutSigned).toHaveLength(21);
    await vi.waitFor(async () => expect(await database.signatureBundles.count()).toBe(10));
    const rows = await database.signatureBundles.toArray();
    expect(rows.flatMap((row) => row.ids)).toEqual(documents.slice(0, 20).map((document) => document.id));

    const signed: string[] = [];
    const next = await searchOf(workerSignatures(2, signed), database, documents);
    expect(signed).toEqual([documents[20].text]);
    expect(next.signatures).toEqual(signaturesOf(documents));
    expect(next.pairs).toEqual(findNearDuplicates(documents));
    expect(next.pairs.map(({ a, b }) => [a, b])).toContainEqual(['doc-19', 'doc-20']);
  });

  it('signs again a document whose fingerprint changed, and rewrites the rows mostly stale', async () => {
    const documents = Array.from({ length: 6 }, (_, index) => documentOf(`doc-${index}`, index, `${article} ${index}`));
    const database = await databaseOf('signature-cache', documents);
    await searchOf(workerSignatures(4), database, documents);
    const edited = documentOf('doc-1', 1, 'an edit that shares nothing with the article above');
    await database.documents.put(edited);
    // Rows [doc-0…doc-3] and [doc-4, doc-5]: the first keeps one member of four, the second none.
    const now = [documents[0], edited];
    await database.documents.bulkDelete(['doc-2', 'doc-3', 'doc-4', 'doc-5']);
    const signed: string[] = [];
    const search = await searchOf(workerSignatures(4, signed), database, now);
    expect(signed).toEqual([edited.text]);
    expect(search.signatures).toEqual(signaturesOf(now));
    expect(search.pairs).toEqual(findNearDuplicates(now));
    const rows = await database.signatureBundles.toArray();
    expect(rows.map((row) => row.ids)).toEqual([['doc-0', 'doc-1']]);
    expect(rows.flatMap((row) => row.fingerprints)).toEqual(now.map((document) => document.fingerprint));
  });

  it('ignores and removes rows of another signature scheme', async () => {
    const documents = [documentOf('a', 0, article)];
    const database = await databaseOf('signature-cache', documents);
    const wrong = new Uint32Array(64).fill(7);
    await database.signatureBundles.add({
      scheme: 'minhash-old',
      ids: ['a'],
      fingerprints: [documents[0].fingerprint],
      signatures: wrong,
    });
    const search = await searchOf(workerSignatures(), database, documents);
    expect(search.signatures).toEqual(signaturesOf(documents));
    const rows = await database.signatureBundles.toArray();
    expect(rows.map((row) => row.scheme)).toEqual([SIGNATURE_SCHEME]);
  });

  it('is left out of a backup, and emptied by a restore', async () => {
    const documents = [documentOf('a', 0, article), documentOf('b', 1, 'second text')];
    const database = await databaseOf('signature-cache', documents);
    await searchOf(workerSignatures(), database, documents);
    expect(await database.signatureBundles.count()).toBeGreaterThan(0);
    const backup = await (await exportBackup(database)).text();
    expect(backup).not.toContain('signature');
    expect(backup.trim().split('\n')).toHaveLength(3);
    const read = await readBackup(new File([backup], 'backup.jsonl'));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await restoreBackup(database, read.value);
    expect(await database.signatureBundles.count()).toBe(0);
    expect(await database.documents.count()).toBe(2);
  });

  it('finds the pairs a search with the cache cleared finds, whatever changed since the cache was written', async () => {
    const word = fc.constantFrom('bridge', 'river', 'Łódź', 'spring', 'minister', 'opens', '🙂', 'on', 'the', 'ВОДА');
    const text = fc.array(word, { maxLength: 14 }).map((words) => words.join(' '));
    const change = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), text }),
      // An edit to a near copy of another document: pairs appear and go.
      fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), from: fc.nat(), tail: word }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('add' as const), text }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 1, maxLength: 10 }),
        fc.array(change, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (texts, changes, bundleSignatures) => {
          let documents = texts.map((body, index) => documentOf(`doc-${index}`, index, body));
          const database = await databaseOf('signature-cache', documents);
          const kept = workerSignatures(bundleSignatures);
          await searchOf(kept, database, documents);
          let next = documents.length;
          for (const [position, step] of changes.entries()) {
            if (step.kind === 'add') {
              const added = documentOf(`doc-${next}`, next, step.text);
              next++;
              await database.documents.add(added);
              documents = [...documents, added];
            } else if (documents.length > 0) {
              const target = documents[step.at % documents.length];
              if (step.kind === 'delete') {
                await database.documents.delete(target.id);
                documents = documents.filter((document) => document.id !== target.id);
              } else {
                const body =
                  step.kind === 'edit' ? step.text : `${documents[step.from % documents.length].text} ${step.tail}`;
                const edited = documentOf(target.id, target.order, body);
                await database.documents.put(edited);
                documents = documents.map((document) => (document.id === target.id ? edited : document));
              }
            }
            // Halfway, the kept Worker searches again (storing what it signed, without reading the cache).
            if (position === Math.floor(changes.length / 2)) await searchOf(kept, database, documents);
          }
          const fresh = await searchOf(workerSignatures(bundleSignatures), database, documents);
          const again = await searchOf(workerSignatures(bundleSignatures), database, documents);
          await database.signatureBundles.clear();
          const cleared = await searchOf(workerSignatures(bundleSignatures), database, documents);
          expect(fresh).toEqual(cleared);
          expect(again).toEqual(cleared);
          expect(cleared.pairs).toEqual(findNearDuplicates(documents));
          expect(cleared.signatures).toEqual(signaturesOf(documents));
          await database.delete();
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
