import type { SpanwrightDatabase } from './database';

/**
 * The note drafts kept in localStorage, kept in IndexedDB as well, key for key: when the whole browser
 * is killed, Chromium had not yet written the last seconds of localStorage to disk (a note typed up to
 * ~6–12 s before was lost), while a committed IndexedDB transaction is on disk within milliseconds.
 * Writes are queued and go one transaction at a time, the latest value of each key only; a database
 * not open (or closed for good) takes none, and localStorage still has them.
 */
export class DraftMirror {
  readonly #database: SpanwrightDatabase;
  /** By key: the value to keep (null: to remove) not yet handed to a transaction. */
  readonly #pending = new Map<string, string | null>();
  #writing: Promise<void> | null = null;

  constructor(database: SpanwrightDatabase) {
    this.#database = database;
  }

  /** Keeps `value` at `key` (null removes it), in a transaction soon after. */
  set(key: string, value: string | null): void {
    this.#pending.set(key, value);
    this.#writing ??= this.#write();
  }

  /** Every row whose key starts with `prefix`; none when the database cannot be read. */
  async read(prefix: string): Promise<[string, string][]> {
    await this.#writing;
    if (!this.#database.isOpen()) return [];
    try {
      const rows = await this.#database.drafts.where('key').startsWith(prefix).toArray();
      return rows.flatMap((row) => (typeof row.value === 'string' ? [[row.key, row.value] as [string, string]] : []));
    } catch {
      return [];
    }
  }

  /** Hands the pending values to one transaction after another until none is left. */
  async #write(): Promise<void> {
    try {
      await Promise.resolve(); // Never finished before `set` keeps the promise: its `finally` would clear it first.
      while (this.#pending.size > 0) {
        const batch = [...this.#pending];
        this.#pending.clear();
        if (!this.#database.isOpen()) continue;
        const table = this.#database.drafts;
        const puts = batch.flatMap(([key, value]) => (value === null ? [] : [{ key, value }]));
        const removals = batch.flatMap(([key, value]) => (value === null ? [key] : []));
        await this.#database
          .transaction('rw', table, async () => {
            if (puts.length > 0) await table.bulkPut(puts);
            if (removals.length > 0) await table.bulkDelete(removals);
          })
          .catch(() => undefined); // Storage failed or closed: localStorage still has the draft.
      }
    } finally {
      this.#writing = null;
    }
  }
}
