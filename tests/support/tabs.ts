import type { LockManagerLike } from '../../src/lib/storage/importTypes';
import type { LocalStore } from '../../src/lib/storage/localStore';

/** localStorage as every tab of a browser profile shares it. */
export class MemoryStorage implements LocalStore {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Web Locks as a browser's tabs share them: a lock is held until its callback settles, or its page ends (`end`). */
export class FakeLocks implements LockManagerLike {
  readonly #held = new Map<string, () => void>();
  readonly #queued = new Map<string, (() => void)[]>();
  async request<T>(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    if (this.#held.has(name))
      await new Promise<void>((resolve, reject) => {
        this.#queued.set(name, [...(this.#queued.get(name) ?? []), resolve]);
        options.signal?.addEventListener('abort', () => {
          this.#queued.set(
            name,
            (this.#queued.get(name) ?? []).filter((waiter) => waiter !== resolve),
          );
          reject(options.signal?.reason);
        });
      });
    let release = () => {};
    const ended = new Promise<void>((resolve) => (release = resolve));
    this.#held.set(name, release);
    const result = Promise.resolve(callback(null));
    void Promise.race([result.catch(() => undefined), ended]).then(() => this.end(name));
    return result;
  }
  async query() {
    return { held: [...this.#held.keys()].map((name) => ({ name })) };
  }
  /** The holder of `name` lets it go (its callback settled, or its page ended): the next request gets it. */
  end(name: string): void {
    if (!this.#held.has(name)) return;
    this.#held.get(name)!();
    this.#held.delete(name);
    const [next, ...rest] = this.#queued.get(name) ?? [];
    this.#queued.set(name, rest);
    next?.();
  }
}
