/**
 * Runs an export, an export's check or a backup in a Worker (outgoing.worker.ts) where the platform
 * has Workers, else on this thread (tests under Node): the same code and the same result either way.
 * A Worker per job at a time, kept a minute once it answers, done or failed (for the next job; it
 * may hold the last job's memory until collected), and ended when it breaks (an error, a message it
 * could not send); an abort ends it at once and rejects with the signal's reason.
 */
import type { OutgoingRequest, OutgoingResponse, OutgoingResults } from './outgoingProtocol';

/** Whether jobs go to a Worker. */
export const workersAvailable = (): boolean => typeof Worker === 'function';

/**
 * A Worker whose job ended with an answer, kept a while for the next: the export dialog checks the
 * export as it opens and again as the choices change, then exports; each job would otherwise wait
 * ~50–100 ms for a Worker to start and load its code.
 */
let idle: { worker: Worker; timer: ReturnType<typeof setTimeout> } | null = null;
const KEEP_MS = 60_000;

function takeWorker(): Worker {
  const kept = idle;
  idle = null;
  if (kept) clearTimeout(kept.timer);
  return kept?.worker ?? new Worker(new URL('./outgoing.worker.ts', import.meta.url), { type: 'module' });
}

function keepWorker(worker: Worker): void {
  worker.onmessage = worker.onerror = worker.onmessageerror = null;
  if (idle) {
    clearTimeout(idle.timer);
    idle.worker.terminate();
  }
  const timer = setTimeout(() => {
    if (idle?.worker !== worker) return;
    idle = null;
    worker.terminate();
  }, KEEP_MS);
  idle = { worker, timer };
}

export function runOutgoing<Job extends OutgoingRequest['job']>(
  request: Extract<OutgoingRequest, { job: Job }>,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<OutgoingResults[Job]> {
  return new Promise<OutgoingResults[Job]>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = takeWorker();
    /** Ends the job: the Worker is kept for the next one after an answer, else ended. */
    const stop = (answered = false) => {
      signal?.removeEventListener('abort', abort);
      if (answered) keepWorker(worker);
      else worker.terminate();
    };
    const abort = () => {
      stop();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort);
    worker.onerror = (event) => {
      stop();
      reject(new Error(event.message || 'the export worker failed'));
    };
    worker.onmessage = (event: MessageEvent<OutgoingResponse>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress?.(message.done, message.total);
      stop(true);
      if (message.type === 'done') resolve(message.result as OutgoingResults[Job]);
      else reject(Object.assign(new Error(message.message), { name: message.name }));
    };
    worker.onmessageerror = () => {
      stop();
      reject(new Error('the export worker sent a message that could not be read'));
    };
    try {
      worker.postMessage(request);
    } catch (error) {
      stop();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
