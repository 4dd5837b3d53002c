import type { LocalStore } from '../../src/lib/storage/localStore';

/** A browser's localStorage as a map (`entries`), for tests that reload a page over the same storage. */
export function memoryStorage(): LocalStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, String(value)),
    removeItem: (key) => void entries.delete(key),
    key: (index) => [...entries.keys()][index] ?? null,
    get length() {
      return entries.size;
    },
  };
}
