/**
 * A Worker kept after its job for the next one, so what it holds (the texts it read, the signatures
 * it computed) serves again; ended after `idleMs` without a job, so an idle app does not hold it.
 * A job that comes while the kept Worker is busy gets a new Worker of its own.
 */
export class KeptWorker {
  #idle: Worker | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #create: () => Worker;
  readonly #idleMs: number;

  constructor(create: () => Worker, idleMs: number) {
    this.#create = create;
    this.#idleMs = idleMs;
  }

  /** The kept Worker when it is free, else a new one; hand it back with {@link keep} or {@link end}. */
  take(): Worker {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const worker = this.#idle ?? this.#create();
    this.#idle = null;
    return worker;
  }

  /** Keeps `worker` for the next job (ending the one kept before, if any). */
  keep(worker: Worker): void {
    if (this.#idle !== null && this.#idle !== worker) this.#idle.terminate();
    this.#idle = worker;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.end(worker), this.#idleMs);
  }

  /** Ends the kept Worker now, if any, and what it holds with it (a busy one ends when its job does). */
  release(): void {
    if (this.#idle !== null) this.end(this.#idle);
  }

  /** Ends `worker` (cancelled or failed: what it holds may be half done). */
  end(worker: Worker): void {
    worker.terminate();
    if (this.#idle === worker) {
      this.#idle = null;
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
