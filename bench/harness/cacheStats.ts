/** The search caches' counts, taken in a Worker of the harness's own (cacheStats.worker.ts), never in the page. */
import type { CacheStats } from './cacheStats.worker';

export async function cacheStatsInWorker(databaseName: string): Promise<CacheStats> {
  const worker = new Worker(new URL('./cacheStats.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<CacheStats>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<CacheStats>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ databaseName });
    });
  } finally {
    worker.terminate();
  }
}
