/**
 * A Worker kept after its job for the next one, so what it holds (the texts it read, the signatures
 * it computed) serves again; ended after `idleMs` without a job, so an idle app does not hold it.
 * A job that comes while the kept Worker is busy gets a new Worker of its own.
 *
 * A Worker can be pinned while the page still needs something it holds (a search's matches' texts,
 * until they are added): it is then not ended by the idle time, by another Worker kept in its
 * place, or by {@link KeptWorker.release}; those end it at its last unpin instead. Only
 * {@link KeptWorker.end} (a job cancelled or failed) ends a pinned Worker at once.
 */
export class KeptWorker {
  #idle: Worker | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #create: () => Worker;
  readonly #idleMs: number;
  /** Pinned Workers and their pins. */
  readonly #pins = new Map<Worker, number>();
  /** Pinned Workers to end at their last unpin. */
  readonly #retired = new Set<Worker>();
  readonly #ended = new WeakSet<Worker>();

  constructor(create: () => Worker, idleMs: number) {
    this.#create = create;
    this.#idleMs = idleMs;
  }

  /** The kept Worker when it is free, else a new one; hand it back with {@link keep} or {@link end}. */
  take(): Worker {
    this.#clearTimer();
    const worker = this.#idle ?? this.#create();
    this.#idle = null;
    return worker;
  }

  /** Keeps `worker` for the next job (ending the one kept before, if any). */
  keep(worker: Worker): void {
    if (this.#idle !== null && this.#idle !== worker) this.retire(this.#idle);
    this.#idle = worker;
    this.#arm(worker);
  }

  /** Ends the kept Worker, if any, and what it holds with it (a pinned one at its last unpin). */
  release(): void {
    if (this.#idle !== null) this.retire(this.#idle);
  }

  /** Ends `worker` (cancelled or failed: what it holds may be half done), pinned or not. */
  end(worker: Worker): void {
    worker.terminate();
    this.#ended.add(worker);
    this.#pins.delete(worker);
    this.#retired.delete(worker);
    if (this.#idle === worker) {
      this.#idle = null;
      this.#clearTimer();
    }
  }

  /** Ends `worker` now, or at its last unpin when it is pinned; it serves no further job. */
  retire(worker: Worker): void {
    if (this.#idle === worker) {
      this.#idle = null;
      this.#clearTimer();
    }
    if (this.#pins.has(worker)) this.#retired.add(worker);
    else this.end(worker);
  }

  /** Whether `worker` was ended (what it held is gone). */
  ended(worker: Worker): boolean {
    return this.#ended.has(worker);
  }

  /** Keeps `worker` from ending but by {@link end} until the function returned is called (once counts). */
  pin(worker: Worker): () => void {
    if (this.#ended.has(worker)) return () => undefined;
    this.#pins.set(worker, (this.#pins.get(worker) ?? 0) + 1);
    let pinned = true;
    return () => {
      if (!pinned) return;
      pinned = false;
      const pins = this.#pins.get(worker);
      if (pins === undefined) return; // ended meanwhile
      if (pins > 1) return void this.#pins.set(worker, pins - 1);
      this.#pins.delete(worker);
      if (this.#retired.delete(worker)) this.end(worker);
      // The idle time runs again from the last unpin.
      else if (this.#idle === worker) this.#arm(worker);
    };
  }

  #arm(worker: Worker): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // A pinned Worker stays kept; its idle time starts again at its last unpin.
      if (!this.#pins.has(worker)) this.retire(worker);
    }, this.#idleMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
