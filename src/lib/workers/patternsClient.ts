/**
 * Searches every stored text in a Worker (patterns.worker.ts): the page sends the search and the
 * database's name, the Worker reads the texts itself and sends the matches back page by page, each
 * with its text. An abort ends the Worker at once.
 */
import type { CorpusSearch } from '../model/corpusSearch';
import type { MatchColumns } from '../model/matchColumns';
import type { PatternRequest, PatternResponse } from './patternsProtocol';

/**
 * Every document's matches, as the worker sent them (one set of columns per page, documents
 * without matches left out); rejects with an `AbortError` when `signal` aborts.
 */
export function searchCorpusInWorker(
  databaseName: string,
  search: CorpusSearch,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<MatchColumns[]> {
  const worker = new Worker(new URL('./patterns.worker.ts', import.meta.url), { type: 'module' });
  const found: MatchColumns[] = [];
  return new Promise<MatchColumns[]>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
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
        stop();
        resolve(found);
      }
    };
    worker.postMessage({ type: 'search', databaseName, search } satisfies PatternRequest);
  });
}
