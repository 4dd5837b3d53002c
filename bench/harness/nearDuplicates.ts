/**
 * Near duplicates in the harness page: the app's Worker search (src/lib/workers) over the kept
 * corpus, timed from the call to the answer, with the main thread's long tasks counted meanwhile.
 */
import { findNearDuplicatesInWorker } from '../../src/lib/workers/nearDuplicatesClient';
import { corpus, keep } from './corpus';
import { watchLongTasks } from './longTasks';

export async function nearDuplicatesInWorker(): Promise<{
  ms: number;
  documents: number;
  pairs: number;
  longestTaskMs: number;
  longTasks: number;
}> {
  const documents = corpus.records.map((record) => ({ id: record.id, text: record.text }));
  const stopWatching = watchLongTasks();
  const started = performance.now();
  const pages = (async function* () {
    for (let from = 0; from < documents.length; from += 200) yield documents.slice(from, from + 200);
  })();
  const pairs = await findNearDuplicatesInWorker(pages, documents.length, () => undefined);
  const ms = performance.now() - started;
  const tasks = await stopWatching();
  keep(pairs.length);
  return { ms, documents: documents.length, pairs: pairs.length, ...tasks };
}
