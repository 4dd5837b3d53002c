/**
 * Near duplicates in the harness page: the app's Worker search (src/lib/workers) over the kept
 * corpus, timed from the call to the answer, with the main thread's long tasks counted meanwhile.
 */
import { findNearDuplicatesInWorker } from '../../src/lib/workers/nearDuplicatesClient';
import { corpus, keep } from './corpus';

export async function nearDuplicatesInWorker(): Promise<{
  ms: number;
  documents: number;
  pairs: number;
  longestTaskMs: number;
  longTasks: number;
}> {
  const documents = corpus.records.map((record) => ({ id: record.id, text: record.text }));
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  const pairs = await findNearDuplicatesInWorker(documents, () => undefined);
  const ms = performance.now() - started;
  // Long task entries are delivered after the task: let them arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  keep(pairs.length);
  return {
    ms,
    documents: documents.length,
    pairs: pairs.length,
    longestTaskMs: tasks.length > 0 ? Math.max(...tasks) : 0,
    longTasks: tasks.length,
  };
}
