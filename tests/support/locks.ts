import type { LockManagerLike } from '../../src/lib/storage/importTypes';

/** Web Locks as one browser agent keeps them: a lock is held while its callback runs. */
export class Locks implements LockManagerLike {
  readonly held = new Set<string>();
  async request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      throw new DOMException('The lock was not granted in time.', 'TimeoutError');
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.held.delete(name);
    }
  }
}
