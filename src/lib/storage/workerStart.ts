/**
 * How long the page waits for a new Worker's first word (its code loaded, the job received: ~50–100
 * ms; seconds on a loaded machine) before it counts the Worker as one that will never start, ends it
 * and asks a new one (outgoingClient.ts, incomingClient.ts).
 */
export const START_MS = 10_000;

/**
 * A timer that fires this much later than it was due fired after the page was frozen or asleep (a
 * tab in the background, a laptop's lid closed): its Workers were frozen too, so their silence says
 * nothing, and the wait starts again.
 */
export const LATE_MS = 5_000;

/** Calls `onSilent` when `start`'s time passes with no `start` or `clear` meanwhile, but for a timer that fired late (LATE_MS). */
export class SilenceWatch {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onSilent: () => void;

  constructor(onSilent: () => void) {
    this.#onSilent = onSilent;
  }

  /** (Re)starts the wait: `ms` from now. */
  start(ms: number): void {
    this.clear();
    const due = Date.now() + ms;
    this.#timer = setTimeout(() => (Date.now() - due > LATE_MS ? this.start(ms) : this.#onSilent()), ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
