/**
 * Whether the sync server can be reached at all. A socket the page's Content-Security-Policy
 * (`connect-src`) blocks, or one that errors before it opens every time, never gets as far as the
 * server: Hocuspocus just tries again, and the top bar would say "Connecting" for ever. This watches
 * each socket from its creation to its opening, and after a few attempts that never opened (or a
 * while without one opening) says so, naming the address; it keeps trying all along.
 */
import { localStore, readJsonArray, writeJsonArray, type LocalStore } from '../storage/localStore';

/** Attempts that close (or throw) before they open, in a row, after which the server is called unreachable. */
export const UNREACHABLE_AFTER_ATTEMPTS = 3;
/** Time spent trying without any socket opening, after which the server is called unreachable. */
export const UNREACHABLE_AFTER_MS = 10_000;

/**
 * The sentence the indicator and Settings → Team show for a server that can not be reached. One this
 * browser has reached before (`reachedBefore`) is down or out of reach for now: no setting is wrong.
 */
export function unreachableMessage(url: string, attempts: number, reachedBefore = false): string {
  const tried = attempts === 1 ? 'once' : `${attempts} times`;
  if (reachedBefore)
    return (
      `The sync server at ${url} does not answer now (tried ${tried}; still trying). ` +
      `Your work is kept here and goes to the team when it answers again.`
    );
  return (
    `The sync server at ${url} could not be reached (tried ${tried}; still trying). Check the Server address, ` +
    `and that the host's security policy (Content-Security-Policy connect-src) and the network let this page reach it.`
  );
}

/** The servers this browser has reached, remembered past a reload (a page reloaded during an outage). */
export interface ReachedServers {
  /** Whether `url` opened a socket here lately (a server not reached for a week may have moved, or a policy changed). */
  has(url: string): boolean;
  /** `url` opened a socket now. */
  add(url: string): void;
}

const REACHED_KEY = 'spanwright.syncServersReached';
/** How many addresses are remembered (those reached last). */
const REACHED_KEPT = 20;
/** How long a reach is remembered. */
const REACHED_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/** The servers reached, with when, in this origin's localStorage; none where the browser refuses it. */
export function reachedServers(storage: LocalStore | undefined = localStore(), now = Date.now): ReachedServers {
  const read = () =>
    readJsonArray(
      storage,
      REACHED_KEY,
      (entry): entry is [url: string, time: number] =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number',
    );
  return {
    has: (url) => read().some(([known, time]) => known === url && now() - time < REACHED_FOR_MS),
    add: (url) => {
      // Storage full or refused: nothing is kept, and the sentence falls back to what to check.
      writeJsonArray(
        storage,
        REACHED_KEY,
        [...read().filter(([known]) => known !== url), [url, now()]].slice(-REACHED_KEPT),
      );
    },
  };
}

/** The timers a watch needs (the window's by default; tests may pass their own). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The part of a WebSocket class the watch relies on (the browser's, or a polyfill such as `ws`). */
type SocketClass = new (
  url: string,
  protocols?: string | string[],
) => {
  addEventListener(type: string, listener: () => void): void;
};

export class Reachability {
  readonly #url: string;
  readonly #report: (message: string | null) => void;
  /** Whether the connection is still being tried (not stopped, not given up for an offline network). */
  readonly #trying: () => boolean;
  readonly #timers: Timers;
  #failures = 0;
  #unreachable = false;
  /** True once a socket has opened, here or lately in an earlier page of this browser: the address and the policy are right. */
  #reached: boolean;
  /** A socket opened in this page (and the memory was told). */
  #openedHere = false;
  readonly #memory: ReachedServers;
  #timer: unknown = null;

  constructor(
    url: string,
    report: (message: string | null) => void,
    trying: () => boolean,
    timers = GLOBAL_TIMERS,
    memory = reachedServers(),
  ) {
    this.#url = url;
    this.#report = report;
    this.#trying = trying;
    this.#timers = timers;
    this.#memory = memory;
    this.#reached = memory.has(url);
  }

  /** True once the server has been called unreachable, until a socket opens. */
  get unreachable(): boolean {
    return this.#unreachable;
  }

  /**
   * `Base` (the WebSocket class the connection would use), each of its sockets watched: one that
   * throws as it is made, or errors or closes before it opens, counts as a failed attempt; one that
   * opens clears them.
   */
  watch(Base: unknown): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below reports to this watch
    const watch = this;
    if (typeof Base !== 'function') return Base; // no WebSocket here: the connection says so itself
    const Socket = Base as SocketClass;
    return class WatchedSocket extends Socket {
      constructor(url: string, protocols?: string | string[]) {
        watch.#attempting();
        try {
          super(url, protocols);
        } catch (error) {
          watch.#attemptFailed();
          throw error;
        }
        // Chromium fires only `error` for a socket its connect-src blocks; elsewhere `close` follows: one failure either way.
        let settled = false;
        const fail = () => {
          if (!settled) watch.#attemptFailed();
          settled = true;
        };
        this.addEventListener('open', () => {
          settled = true;
          if (!watch.#openedHere) watch.#memory.add(watch.#url); // once a page: the address stays among the latest
          watch.#openedHere = true;
          watch.#reached = true;
          watch.reset();
        });
        this.addEventListener('error', fail);
        this.addEventListener('close', fail);
      }
    };
  }

  /** Starts counting afresh (the network came back: the old failures say nothing of the server). */
  reset(): void {
    this.#failures = 0;
    this.#clearTimer();
    if (this.#unreachable) {
      this.#unreachable = false;
      this.#report(null);
    }
  }

  /** Stops the timer; nothing more is reported. */
  release(): void {
    this.#clearTimer();
    this.#failures = 0;
  }

  #attempting(): void {
    if (this.#timer !== null || this.#unreachable) return;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      if (this.#trying()) this.#call();
    }, UNREACHABLE_AFTER_MS);
  }

  #attemptFailed(): void {
    this.#failures += 1;
    if (this.#failures >= UNREACHABLE_AFTER_ATTEMPTS && this.#trying()) this.#call();
  }

  /** Says the server is unreachable (again, with the count of attempts so far). */
  #call(): void {
    this.#unreachable = true;
    this.#clearTimer();
    this.#report(unreachableMessage(this.#url, Math.max(this.#failures, 1), this.#reached));
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
