/**
 * An import run in a Worker (incoming.worker.ts): the same analysis and commit as `FileImport`,
 * with the page's thread left to the page. One Worker per file, kept from the analysis to the end
 * of the commit (it holds the parsed records), and ended when the import is done, fails or is let go.
 *
 * Cancel: an analysis is stopped by ending the Worker (nothing is stored yet); a commit by a message,
 * so the Worker takes back the batches it wrote before it answers.
 */
import type { FileSource, NamedBlob } from '../formats/format';
import { asFile } from './asFile';
import { SilenceWatch, START_MS } from './workerStart';
import { ImportFailure } from './importTypes';
import type { IncomingRequest, IncomingResponse, PlainSource } from './incomingProtocol';
import {
  INTERRUPTED,
  withKeptSince,
  type ImportAnalysis,
  type ImportJob,
  type ImportOptions,
  type ImportResult,
} from './importTypes';

type Answer = Extract<IncomingResponse, { type: 'analysed' | 'committed' }>;

const SILENT = 'WorkerSilentError';

const newWorker = () => new Worker(new URL('./incoming.worker.ts', import.meta.url), { type: 'module' });

export class WorkerImport implements ImportJob {
  readonly source: FileSource;
  readonly options: ImportOptions;
  readonly #databaseName: string;
  #worker: Worker | null = null;
  /** A commit under way is never ended from outside: it must finish, or take its batches back. */
  #committing = false;
  /** Rejects the request under way, if any. */
  #reject: ((error: unknown) => void) | null = null;

  constructor(databaseName: string, file: NamedBlob | FileSource, options: ImportOptions) {
    this.#databaseName = databaseName;
    this.source = 'files' in file ? file : { name: file.name, size: file.size, files: [file] };
    this.options = options;
  }

  async analyse(): Promise<ImportAnalysis> {
    this.close();
    const { onProgress: _progress, now: _now, signal: _signal, locks: _locks, ...options } = this.options;
    const source: PlainSource = {
      name: this.source.name,
      size: this.source.size,
      files: await Promise.all(this.source.files.map(asFile)),
      ...(this.source.companions ? { companions: [...this.source.companions] } : {}),
      ...(this.source.classNames ? { classNames: await Promise.all(this.source.classNames.map(asFile)) } : {}),
    };
    const request: IncomingRequest = { type: 'analyse', databaseName: this.#databaseName, source, options };
    let answer: Answer;
    try {
      this.#worker = newWorker();
      answer = await this.#ask(request, 'end', true);
    } catch (error) {
      if (!(error instanceof Error && error.name === SILENT)) throw error;
      // A Worker whose code never loaded (seen, rarely, with export Workers): once more on a new one.
      console.warn(
        `The import Worker said nothing for ${START_MS / 1000} s; analysing ${this.source.name} again on a new Worker`,
      );
      this.#worker = newWorker();
      answer = await this.#ask(request, 'end', true);
    }
    if (answer.type !== 'analysed') throw new Error('the import worker answered out of turn');
    // A file with errors is never committed: its records need not be kept.
    if (answer.analysis.errorCount > 0) this.close();
    return answer.analysis;
  }

  async commit(): Promise<ImportResult> {
    this.#committing = true;
    try {
      const answer = await this.#ask({ type: 'commit', now: (this.options.now ?? Date.now)() }, 'cancel');
      if (answer.type !== 'committed') throw new Error('the import worker answered out of turn');
      return answer.result;
    } finally {
      this.#committing = false;
      this.close();
    }
  }

  /**
   * Ends the Worker and lets go of the records it holds; an analysis under way is stopped. A commit
   * under way runs to its end (it closes the Worker then): ending it would leave some batches stored.
   */
  close(): void {
    if (this.#committing) return;
    this.#worker?.terminate();
    this.#worker = null;
    this.#reject?.(new DOMException('The import was let go.', 'AbortError'));
  }

  /**
   * Sends `request` and waits for its answer, relaying progress. On abort, `end` ends the Worker at
   * once; `cancel` asks it to stop and waits for it to say it has (a commit takes its batches back).
   * With `watchStart`, a Worker that says nothing for START_MS is ended, and the ask fails (`SILENT`).
   */
  #ask(request: IncomingRequest, onAbort: 'end' | 'cancel', watchStart = false): Promise<Answer> {
    const worker = this.#worker;
    const signal = this.options.signal;
    return new Promise<Answer>((resolve, reject) => {
      if (!worker) return reject(new Error('the file was not analysed before its import'));
      if (signal?.aborted) return reject(signal.reason);
      const silent = new SilenceWatch(() =>
        fail(Object.assign(new Error(`the import Worker said nothing for ${START_MS / 1000} s`), { name: SILENT })),
      );
      if (watchStart) silent.start(START_MS);
      const settle = () => {
        silent.clear();
        this.#reject = null;
        signal?.removeEventListener('abort', abort);
        worker.onmessage = worker.onerror = worker.onmessageerror = null;
      };
      const fail = (error: unknown) => {
        settle();
        reject(error);
        this.#committing = false;
        this.close();
      };
      const abort = () => {
        if (onAbort === 'end') return fail(signal?.reason);
        worker.postMessage({ type: 'cancel' } satisfies IncomingRequest);
      };
      signal?.addEventListener('abort', abort);
      this.#reject = (error) => {
        settle();
        reject(error);
      };
      worker.onerror = (event) => {
        const error = new Error(event.message || 'the import worker failed');
        // Dead mid-commit, the Worker could not take back the batches it had written.
        fail(request.type === 'commit' ? Object.assign(error, { name: INTERRUPTED }) : error);
      };
      worker.onmessageerror = () => fail(new Error('the import worker sent a message that could not be read'));
      worker.onmessage = (event: MessageEvent<IncomingResponse>) => {
        const message = event.data;
        silent.clear();
        if (message.type === 'received') return;
        if (message.type === 'progress') return this.options.onProgress?.(message.progress);
        if (message.type !== 'failed') {
          settle();
          return resolve(message);
        }
        const kept = message.kept ?? { documentsKept: 0, spansKept: 0 };
        if (signal?.aborted) return fail(withKeptSince(signal.reason, kept));
        const { name, errors } = message;
        fail(
          withKeptSince(errors ? new ImportFailure(errors) : Object.assign(new Error(message.message), { name }), kept),
        );
      };
      try {
        worker.postMessage(request);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}
