/**
 * Runs the near-duplicate search in a Worker (nearDuplicates.worker.ts). The documents go over in
 * pages as they are read (Store.readDocumentPages), one per task, so that copying them never holds
 * the page for long and the page never holds more than one page of texts.
 */
import type { NearDuplicatePair, TextDocument } from '../model/nearDuplicates';
import type { NearDuplicateRequest, NearDuplicateResponse } from './nearDuplicatesProtocol';

/** Documents per message: about half a megabyte of text for news-length documents. */
const CHUNK = 200;

export function findNearDuplicatesInWorker(
  pages: AsyncIterable<readonly TextDocument[]>,
  total: number,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<NearDuplicatePair[]> {
  const worker = new Worker(new URL('./nearDuplicates.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: NearDuplicateRequest) => worker.postMessage(message);
  return new Promise<NearDuplicatePair[]>((resolve, reject) => {
    // A newer search supersedes this one: the Worker ends at once and no more texts are read.
    const abort = () => {
      worker.terminate();
      reject(new DOMException('The near-duplicate search was superseded.', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the near-duplicate worker failed'));
    };
    worker.onmessage = (event: MessageEvent<NearDuplicateResponse>) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress(message.done, Math.max(total, message.done));
      } else {
        worker.terminate();
        resolve(message.pairs);
      }
    };
    void (async () => {
      send({ type: 'start' });
      for await (const page of pages)
        for (let from = 0; from < page.length; from += CHUNK) {
          if (signal?.aborted) return;
          send({
            type: 'documents',
            documents: page.slice(from, from + CHUNK).map(({ id, text }) => ({ id, text })),
          });
          // One chunk per task: the page stays free between them.
          await new Promise((next) => setTimeout(next, 0));
        }
      send({ type: 'find' });
    })().catch((error: unknown) => {
      worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}
