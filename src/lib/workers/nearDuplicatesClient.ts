/**
 * Runs the near-duplicate search in a Worker (nearDuplicates.worker.ts): the page sends the
 * database's name and the documents' heads, the Worker reads the texts itself. The Worker is kept
 * after a search (keptWorker.ts) with every document's signature, so the search after an import
 * reads and signs only the new texts. A superseded search ends its Worker at once.
 */
import type { NearDuplicatePair } from '../model/nearDuplicates';
import { KeptWorker } from './keptWorker';
import { postKeys } from './listedKeys';
import type { NearDuplicateRequest, NearDuplicateResponse } from './nearDuplicatesProtocol';
import type { StoredKey } from './storedTexts';

/** How long the Worker and its signatures (256 bytes a document) outlive the last search. */
export const KEEP_SIGNATURES_MS = 30 * 60_000;

const kept = new KeptWorker(
  () => new Worker(new URL('./nearDuplicates.worker.ts', import.meta.url), { type: 'module' }),
  KEEP_SIGNATURES_MS,
);

/** Ends the kept Worker now, and the signatures it holds with it (the next search starts afresh). */
export function releaseKeptSignatures(): void {
  kept.release();
}

export function findNearDuplicatesInWorker(
  databaseName: string,
  documents: readonly StoredKey[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<NearDuplicatePair[]> {
  const total = documents.length;
  return new Promise<NearDuplicatePair[]>((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('The near-duplicate search was superseded.', 'AbortError'));
    const worker = kept.take();
    const stop = (keep: boolean) => {
      worker.onmessage = null;
      worker.onerror = null;
      if (keep) kept.keep(worker);
      else kept.end(worker);
      signal?.removeEventListener('abort', abort);
    };
    // A newer search supersedes this one: the Worker ends at once and no more texts are read.
    const abort = () => {
      stop(false);
      reject(new DOMException('The near-duplicate search was superseded.', 'AbortError'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onerror = (event) => {
      stop(false);
      reject(new Error(event.message || 'the near-duplicate worker failed'));
    };
    worker.onmessage = (event: MessageEvent<NearDuplicateResponse>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.done, Math.max(total, message.done));
      else if (message.type === 'failed') {
        stop(false);
        reject(new Error(message.message));
      } else {
        stop(true);
        resolve(message.pairs);
      }
    };
    postKeys(worker, documents, signal).then(
      () => signal?.aborted || worker.postMessage({ type: 'find', databaseName } satisfies NearDuplicateRequest),
      (error: unknown) => {
        stop(false);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
