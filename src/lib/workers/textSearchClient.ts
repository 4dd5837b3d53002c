/**
 * Searches every stored text in a Worker (textSearch.worker.ts): the page sends the folded query
 * and the database's name, and hears each page's matching ids. An abort ends the Worker at once.
 */
import type { TextSearchRequest, TextSearchResponse } from './textSearchProtocol';

export function searchTextsInWorker(
  databaseName: string,
  query: string,
  onPage: (ids: readonly string[], done: number, total: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const worker = new Worker(new URL('./textSearch.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<void>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      stop();
      reject(new DOMException('The search was superseded.', 'AbortError'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort);
    worker.onerror = (event) => {
      stop();
      reject(new Error(event.message || 'the text search worker failed'));
    };
    worker.onmessage = (event: MessageEvent<TextSearchResponse>) => {
      const message = event.data;
      if (message.type === 'found') onPage(message.ids, message.done, message.total);
      else {
        stop();
        if (message.type === 'failed') reject(new Error(message.message));
        else resolve();
      }
    };
    worker.postMessage({ databaseName, query } satisfies TextSearchRequest);
  });
}
