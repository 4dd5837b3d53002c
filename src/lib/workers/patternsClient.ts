/**
 * Matches patterns across documents in a Worker (patterns.worker.ts). The documents go over in
 * chunks, one per task, so that copying them never holds the page for long; an abort ends the
 * Worker at once.
 */
import type { MatchColumns } from '../model/matchColumns';
import type { MatchPattern } from '../model/patternMatcher';
import type { PatternRequest, PatternResponse, TextDocument } from './patternsProtocol';

/** Documents per message: about half a megabyte of text for news-length documents. */
const CHUNK = 200;

/**
 * Every document's matches, as the worker sent them (one set of columns per chunk, documents
 * without matches left out); rejects with an `AbortError` when `signal` aborts.
 */
export function matchPatternsInWorker(
  patterns: readonly MatchPattern[],
  documents: readonly TextDocument[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<MatchColumns[]> {
  const worker = new Worker(new URL('./patterns.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: PatternRequest) => worker.postMessage(message);
  const found: MatchColumns[] = [];
  return new Promise<MatchColumns[]>((resolve, reject) => {
    let stopped = false;
    const stop = () => {
      stopped = true;
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      stop();
      reject(new DOMException('The pattern search was cancelled.', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    worker.onerror = (event) => {
      stop();
      reject(new Error(event.message || 'the patterns worker failed'));
    };
    worker.onmessage = (event: MessageEvent<PatternResponse>) => {
      const message = event.data;
      if (message.type === 'matched') {
        found.push(message.found);
        onProgress(message.done, documents.length);
      } else {
        stop();
        resolve(found);
      }
    };
    void (async () => {
      send({ type: 'start', patterns: [...patterns] });
      for (let from = 0; from < documents.length && !stopped; from += CHUNK) {
        send({
          type: 'documents',
          documents: documents.slice(from, from + CHUNK).map(({ id, text }) => ({ id, text })),
        });
        // One chunk per task: the page stays free between them.
        await new Promise((next) => setTimeout(next, 0));
      }
      if (!stopped) send({ type: 'finish' });
    })();
  });
}
