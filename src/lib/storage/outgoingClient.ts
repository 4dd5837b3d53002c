/**
 * Runs an export, an export's check or a backup in a Worker (outgoing.worker.ts) where the platform
 * has Workers, else on this thread (tests under Node): the same code and the same result either way.
 * A Worker per job at a time, kept a minute once it answers, done or failed (for the next job; it
 * may hold the last job's memory until collected), and ended when it breaks (an error, a message it
 * could not send); an abort ends it at once and rejects with the signal's reason.
 *
 * A Worker that stops answering is ended and the job run again on another (the kept one, or a new
 * one), once (every job only reads): the Worker says it is alive as the job reaches it and every
 * `ALIVE_MS` while it works. An export once stayed at "Writing …" for good with its Worker alive and
 * no progress (seen a few times in hundreds of runs, never on purpose, cause not found). This turns a
 * Worker that never started, or whose thread stopped, into a short wait or an error saying so; a job
 * waiting on a read that never ends while its thread is free still says it is alive, and is not caught.
 */
import type { OutgoingRequest, OutgoingResponse, OutgoingResults } from './outgoingProtocol';
import { SilenceWatch, START_MS } from './workerStart';

/** Whether jobs go to a Worker. */
export const workersAvailable = (): boolean => typeof Worker === 'function';

/**
 * A Worker whose job ended with an answer, kept a while for the next: the export dialog checks the
 * export as it opens and again as the choices change, then exports; each job would otherwise wait
 * ~50–100 ms for a Worker to start and load its code.
 */
let idle: { worker: Worker; timer: ReturnType<typeof setTimeout> } | null = null;
const KEEP_MS = 60_000;

/** How long a Worker at work may say nothing (it says "alive" every ALIVE_MS; a long step of its own may hold that). */
export const SILENT_MS = 60_000;
/** Runs of a job whose Worker stops answering: the first, and one on a new Worker. */
const RUNS = 2;

/** The last hand-offs between the page and the export Workers, named in the warning when one stops answering. */
const handOffs: string[] = [];
const HAND_OFFS = 40;
let jobs = 0;
function note(job: number, what: string): void {
  handOffs.push(`#${job} ${what} at ${Math.round(performance.now())} ms`);
  if (handOffs.length > HAND_OFFS) handOffs.shift();
}

function takeWorker(): { worker: Worker; kept: boolean } {
  const kept = idle;
  idle = null;
  if (kept) clearTimeout(kept.timer);
  return {
    worker: kept?.worker ?? new Worker(new URL('./outgoing.worker.ts', import.meta.url), { type: 'module' }),
    kept: kept !== null,
  };
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
    const job = ++jobs;
    /** `silences`: how long each Worker before was silent, in s. */
    const run = (silences: number[]) => {
      const { worker, kept } = takeWorker();
      note(job, `${request.job} to a ${kept ? 'kept' : 'new'} Worker`);
      let heard = false;
      const watchdog = new SilenceWatch(() => stalled());
      const watch = () => watchdog.start(heard ? SILENT_MS : START_MS);
      /** Ends the job: the Worker is kept for the next one after an answer, else ended. */
      const stop = (answered = false) => {
        watchdog.clear();
        signal?.removeEventListener('abort', abort);
        if (answered) keepWorker(worker);
        else worker.terminate();
      };
      const stalled = () => {
        const silence = (heard ? SILENT_MS : START_MS) / 1000;
        note(job, `no word for ${silence} s`);
        stop();
        const again = silences.length + 1 < RUNS;
        console.warn(
          `The ${request.job} Worker said nothing for ${silence} s; ${again ? 'running the job again on another Worker' : 'giving up'}. Hand-offs: ${handOffs.join('; ')}`,
        );
        if (again) return run([...silences, silence]);
        reject(
          new Error(
            `the ${request.job} stopped: its Worker said nothing for ${[...silences, silence].join(' s, then the next for ')} s`,
          ),
        );
      };
      const abort = () => {
        note(job, 'aborted');
        stop();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort);
      worker.onerror = (event) => {
        note(job, 'error');
        stop();
        reject(new Error(event.message || 'the export worker failed'));
      };
      worker.onmessage = (event: MessageEvent<OutgoingResponse>) => {
        const message = event.data;
        if (!heard) note(job, `first word (${message.type})`);
        heard = true;
        watch();
        if (message.type === 'alive') return;
        if (message.type === 'progress') return onProgress?.(message.done, message.total);
        note(job, message.type);
        stop(true);
        if (message.type === 'done') resolve(message.result as OutgoingResults[Job]);
        else reject(Object.assign(new Error(message.message), { name: message.name }));
      };
      worker.onmessageerror = () => {
        note(job, 'unreadable message');
        stop();
        reject(new Error('the export worker sent a message that could not be read'));
      };
      try {
        worker.postMessage(request);
        watch();
      } catch (error) {
        stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    run([]);
  });
}
