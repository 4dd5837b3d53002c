/**
 * Runs an export, an export's check or a backup in a Worker (outgoing.worker.ts) where the platform
 * has Workers, else on this thread (tests under Node): the same code and the same result either way.
 * A Worker per job, ended when it answers; an abort ends it at once and rejects with the signal's reason.
 */
import type { OutgoingRequest, OutgoingResponse, OutgoingResults } from './outgoingProtocol';

/** Whether jobs go to a Worker. */
export const workersAvailable = (): boolean => typeof Worker === 'function';

export function runOutgoing<Job extends OutgoingRequest['job']>(
  request: Extract<OutgoingRequest, { job: Job }>,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<OutgoingResults[Job]> {
  return new Promise<OutgoingResults[Job]>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(new URL('./outgoing.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
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
      stop();
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
