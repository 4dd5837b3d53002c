/**
 * Near duplicates in the harness page: the kept corpus's documents stored in a database of the app's
 * schema, then the app's Worker search (src/lib/workers) over it, which reads what it needs itself,
 * as in the app. Timed from the call to the answer, with the main thread's long tasks counted
 * meanwhile: a new Worker with the caches emptied (it reads and signs every text), with the search
 * cache of texts only (it signs every text), with the cache of signatures (it reads them, no text),
 * or again with nothing changed (the kept Worker, which holds every signature).
 */
import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { SpanwrightDatabase } from '../../src/lib/storage/database';
import { findNearDuplicatesInWorker, releaseKeptSignatures } from '../../src/lib/workers/nearDuplicatesClient';
import type { StoredKey } from '../../src/lib/workers/storedTexts';
import { cacheLockName } from '../../src/lib/workers/textBundles';
import { cacheStatsInWorker } from './cacheStats';
import { dropDatabase, keep, storeDocumentsOnly } from './corpus';
import { watchLongTasks } from './longTasks';

let database: SpanwrightDatabase | null = null;
let keys: StoredKey[] = [];

/** Every {@link COPY_EVERY}th document is replaced by a near copy of the one before it, so the search has pairs to find. */
const COPY_EVERY = 100;

/** Stores the kept corpus's documents in a fresh database for the search, with near copies among them. */
export async function prepareNearDuplicates(): Promise<{ documents: number; copies: number; ms: number }> {
  const started = performance.now();
  const stored = await storeDocumentsOnly(database);
  database = stored.database;
  const documents = [...stored.documents];
  const copies = [];
  for (let at = COPY_EVERY / 2; at < documents.length; at += COPY_EVERY) {
    const text = `${documents[at - 1].text}\n\nThis article was updated with a correction.`;
    documents[at] = { ...documents[at], text, fingerprint: textFingerprint(text) };
    copies.push(documents[at]);
  }
  await database.documents.bulkPut(copies);
  keys = documents.map(({ id, order, fingerprint }) => ({ id, order, fingerprint }));
  return { documents: documents.length, copies: copies.length, ms: performance.now() - started };
}

/**
 * `kept`: search with the Worker of the last search (its signatures held); else with a new one.
 * `digest`: a fingerprint of the pairs (ids and similarities, in order), to compare runs by.
 */
export async function nearDuplicatesInWorker(kept = false): Promise<{
  ms: number;
  documents: number;
  pairs: number;
  digest: string;
  longestTaskMs: number;
  longTasks: number;
}> {
  if (!database) throw new Error('prepareNearDuplicates() first');
  if (!kept) releaseKeptSignatures();
  const stopWatching = watchLongTasks();
  const started = performance.now();
  const pairs = await findNearDuplicatesInWorker(database.name, keys, () => undefined);
  const ms = performance.now() - started;
  const tasks = await stopWatching();
  keep(pairs.length);
  const digest = textFingerprint(JSON.stringify(pairs));
  return { ms, documents: keys.length, pairs: pairs.length, digest, ...tasks };
}

/**
 * Empties the caches (`clear`: 'all', the search cache of texts and the signatures; 'signatures',
 * those alone), or waits until no Worker writes them (a Worker takes their lock before answering);
 * tells how many texts and signatures they then hold, counted in a Worker of the harness's own.
 */
export async function nearDuplicatesCache(
  clear: 'all' | 'signatures' | false,
): Promise<{ members: number; signatures: number }> {
  if (!database) throw new Error('prepareNearDuplicates() first');
  if (clear === 'all') await database.textBundles.clear();
  if (clear !== false) await database.signatureBundles.clear();
  else await navigator.locks.request(cacheLockName(database.name), async () => undefined);
  // Counted in a Worker: the rows (texts and signatures) read into this page were garbage its
  // collectors cleared during the next timed search.
  const { members, signatures } = await cacheStatsInWorker(database.name);
  return { members, signatures };
}

/** Drops the search's database. */
export async function releaseNearDuplicates(): Promise<void> {
  if (database) await dropDatabase(database);
  database = null;
  keys = [];
}
