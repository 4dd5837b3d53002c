/**
 * Near duplicates in the harness page: the kept corpus's documents stored in a database of the app's
 * schema, then the app's Worker search (src/lib/workers) over it, which reads the texts itself, as
 * in the app. Timed from the call to the answer, with the main thread's long tasks counted
 * meanwhile: cold (a new Worker that reads and signs every text) or again with nothing changed (the
 * kept Worker, which holds every signature).
 */
import type { SpanwrightDatabase } from '../../src/lib/storage/database';
import { findNearDuplicatesInWorker, releaseKeptSignatures } from '../../src/lib/workers/nearDuplicatesClient';
import { cacheLockName } from '../../src/lib/workers/textBundles';
import { dropDatabase, keep, storeDocumentsOnly, storedRows } from './corpus';
import { watchLongTasks } from './longTasks';

let database: SpanwrightDatabase | null = null;

/** Stores the kept corpus's documents in a fresh database for the search. */
export async function prepareNearDuplicates(): Promise<{ documents: number; ms: number }> {
  const started = performance.now();
  const stored = await storeDocumentsOnly(database);
  database = stored.database;
  return { documents: stored.documents.length, ms: performance.now() - started };
}

/** `kept`: search with the Worker of the last search (its signatures held); else with a new one. */
export async function nearDuplicatesInWorker(kept = false): Promise<{
  ms: number;
  documents: number;
  pairs: number;
  longestTaskMs: number;
  longTasks: number;
}> {
  if (!database) throw new Error('prepareNearDuplicates() first');
  if (!kept) releaseKeptSignatures();
  const keys = storedRows().documents.map(({ id, order, fingerprint }) => ({ id, order, fingerprint }));
  const stopWatching = watchLongTasks();
  const started = performance.now();
  const pairs = await findNearDuplicatesInWorker(database.name, keys, () => undefined);
  const ms = performance.now() - started;
  const tasks = await stopWatching();
  keep(pairs.length);
  return { ms, documents: keys.length, pairs: pairs.length, ...tasks };
}

/**
 * Empties the search cache of texts (`clear`), or waits until no Worker writes it (a Worker takes
 * its lock before answering); tells how many texts it then holds.
 */
export async function nearDuplicatesCache(clear: boolean): Promise<{ members: number }> {
  if (!database) throw new Error('prepareNearDuplicates() first');
  if (clear) await database.textBundles.clear();
  else await navigator.locks.request(cacheLockName(database.name), async () => undefined);
  let members = 0;
  await database.textBundles.each((row) => {
    members += row.ids.length;
  });
  return { members };
}

/** Drops the search's database. */
export async function releaseNearDuplicates(): Promise<void> {
  if (database) await dropDatabase(database);
  database = null;
}
