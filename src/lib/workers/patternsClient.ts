/**
 * Searches every stored text in a Worker (patterns.worker.ts): the page sends the search and the
 * database's name, the Worker reads the texts itself and sends the matches back page by page, each
 * with its text. Given the documents' heads, the Worker is kept a while after the search
 * (keptWorker.ts) with the texts it read, and the next search reads only texts it does not hold. An
 * abort ends the Worker at once.
 */
import type { CorpusSearch } from '../model/corpusSearch';
import type { MatchColumns } from '../model/matchColumns';
import { KeptWorker } from './keptWorker';
import { postKeys } from './listedKeys';
import type { PatternRequest, PatternResponse } from './patternsProtocol';
import type { StoredKey } from './storedTexts';

/** How long the Worker, and the texts it holds (about the corpus's size), outlive the last search. */
export const KEEP_TEXTS_MS = 3 * 60_000;

const createWorker = () => new Worker(new URL('./patterns.worker.ts', import.meta.url), { type: 'module' });
const kept = new KeptWorker(createWorker, KEEP_TEXTS_MS);

/** Ends the kept Worker now, and the texts it holds with it (the next search starts afresh). */
export function releaseKeptTexts(): void {
  kept.release();
}

/**
 * Every document's matches, as the worker sent them (one set of columns per page, documents
 * without matches left out); rejects with an `AbortError` when `signal` aborts. With `documents`
 * (the list's heads, in order) the search covers those and reuses the texts the Worker holds.
 */
export function searchCorpusInWorker(
  databaseName: string,
  search: CorpusSearch,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
  documents?: readonly StoredKey[],
): Promise<MatchColumns[]> {
  const worker = documents ? kept.take() : createWorker();
  const found: MatchColumns[] = [];
  return new Promise<MatchColumns[]>((resolve, reject) => {
    const stop = (keep = false) => {
      worker.onmessage = null;
      worker.onerror = null;
      if (keep && documents) kept.keep(worker);
      else kept.end(worker);
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      stop();
      reject(new DOMException('The search was cancelled.', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    worker.onerror = (event) => {
      stop();
      reject(new Error(event.message || 'the search worker failed'));
    };
    worker.onmessage = (event: MessageEvent<PatternResponse>) => {
      const message = event.data;
      if (message.type === 'matched') {
        found.push(message.found);
        onProgress(message.done, message.total);
      } else if (message.type === 'failed') {
        stop();
        reject(new Error(message.message));
      } else {
        stop(true);
        resolve(found);
      }
    };
    const request = { type: 'search', databaseName, search, listed: documents !== undefined } satisfies PatternRequest;
    if (!documents) return worker.postMessage(request);
    postKeys(worker, documents, signal).then(
      () => signal?.aborted || worker.postMessage(request),
      (error: unknown) => {
        stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
