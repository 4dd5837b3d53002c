/**
 * Searches every stored text in a Worker (patterns.worker.ts): the page sends the search and the
 * database's name, the Worker reads the texts itself and sends the matches back page by page, as
 * typed arrays; it holds their texts until the page asks for them (adding the matches) or releases
 * them, and is pinned meanwhile (keptWorker.ts). Given the documents' heads, the Worker is kept a
 * while after the search with the texts it read, and the next search reads only texts it does not
 * hold. An abort ends the Worker at once.
 */
import type { CorpusSearch } from '../model/corpusSearch';
import type { FoundMatches, MatchColumns, MatchTexts } from '../model/matchColumns';
import { KeptWorker } from './keptWorker';
import { postKeys } from './listedKeys';
import type { PatternRequest, PatternResponse, TextsAnswer } from './patternsProtocol';
import type { StoredKey } from './storedTexts';

/** How long the Worker, and the texts it holds (about the corpus's size), outlive the last search. */
export const KEEP_TEXTS_MS = 3 * 60_000;

const createWorker = () => new Worker(new URL('./patterns.worker.ts', import.meta.url), { type: 'module' });
const kept = new KeptWorker(createWorker, KEEP_TEXTS_MS);
/** Each search's number, which the Worker holds its matches' texts under. */
let searches = 0;
/** The texts asked of each Worker and not answered yet: refused when the Worker ends. */
const asked = new WeakMap<Worker, Set<(error: Error) => void>>();

/** Ends `worker` at once (a job cancelled or failed), refusing what was asked of it. */
function endWorker(worker: Worker): void {
  kept.end(worker);
  for (const refuse of asked.get(worker) ?? []) refuse(new Error('the search Worker ended; search again'));
  asked.delete(worker);
}

/** The matches of search `id` found by `worker`, their texts asked of it; `unpin` at the release. */
function foundBy(worker: Worker, id: number, pages: MatchColumns[], unpin: () => void): FoundMatches {
  let released = false;
  const textsOf = (page: number) =>
    new Promise<MatchTexts>((resolve, reject) => {
      if (released || kept.ended(worker))
        return reject(new Error('the matches’ texts are no longer held; search again'));
      const waiting = asked.get(worker) ?? new Set();
      asked.set(worker, waiting);
      const { port1, port2 } = new MessageChannel();
      const settle = () => {
        waiting.delete(reject);
        port1.close();
      };
      waiting.add(reject);
      port1.onmessage = (event: MessageEvent<TextsAnswer>) => {
        settle();
        if (event.data) resolve(event.data);
        else reject(new Error('the matches’ texts are no longer held; search again'));
      };
      worker.postMessage({ type: 'texts', id, page, port: port2 } satisfies PatternRequest, [port2]);
    });
  const release = () => {
    if (released) return;
    released = true;
    if (!kept.ended(worker)) worker.postMessage({ type: 'release', id } satisfies PatternRequest);
    unpin();
  };
  return { pages, textsOf, release };
}

/**
 * Ends the kept Worker now, and the texts it holds with it (the next search starts afresh); one
 * holding matches' texts not yet released ends at their release.
 */
export function releaseKeptTexts(): void {
  kept.release();
}

/**
 * Every document's matches, as the worker sent them (one set of columns per page, documents
 * without matches left out), their texts held by the Worker until released; rejects with an
 * `AbortError` when `signal` aborts. With `documents` (the list's heads, in order) the search
 * covers those and reuses the texts the Worker holds.
 */
export function searchCorpusInWorker(
  databaseName: string,
  search: CorpusSearch,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
  documents?: readonly StoredKey[],
): Promise<FoundMatches> {
  const worker = documents ? kept.take() : createWorker();
  const id = ++searches;
  const found: MatchColumns[] = [];
  return new Promise<FoundMatches>((resolve, reject) => {
    const stop = () => {
      worker.onmessage = null;
      // Between jobs, a Worker that fails is ended: texts asked of it are refused, not awaited forever.
      worker.onerror = () => endWorker(worker);
      signal?.removeEventListener('abort', abort);
    };
    const fail = () => {
      stop();
      endWorker(worker);
    };
    const finish = () => {
      stop();
      // Pinned until the texts are released: kept for the next search too, given the heads; else
      // ended at the release.
      const unpin = kept.pin(worker);
      if (documents) kept.keep(worker);
      else kept.retire(worker);
      resolve(foundBy(worker, id, found, unpin));
    };
    const abort = () => {
      fail();
      reject(new DOMException('The search was cancelled.', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    worker.onerror = (event) => {
      fail();
      reject(new Error(event.message || 'the search worker failed'));
    };
    worker.onmessage = (event: MessageEvent<PatternResponse>) => {
      const message = event.data;
      if (message.type === 'matched') {
        found.push(message.found);
        onProgress(message.done, message.total);
      } else if (message.type === 'failed') {
        fail();
        reject(new Error(message.message));
      } else finish();
    };
    const request = {
      type: 'search',
      id,
      databaseName,
      search,
      listed: documents !== undefined,
    } satisfies PatternRequest;
    if (!documents) return worker.postMessage(request);
    postKeys(worker, documents, signal).then(
      () => signal?.aborted || worker.postMessage(request),
      (error: unknown) => {
        fail();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
