/**
 * One reader of the change log (`changes.ts`) per database, shared by every watch that follows
 * layers: the document list's summaries, the open layer's summary row and the annotator list. It
 * hears Dexie's documented global `storagemutated` event (fired for every committed write, in this
 * tab or another) and reads the new log rows, and the summary rows they name, in a task of its own
 * at background priority: never in the task of the write's commit, where the label's highlight is
 * drawn. One read of the log and one of the named summaries per write, however many watches follow.
 *
 * A write to spans or summaries that logs no row (none does today) is passed on as `unlogged`: the
 * watches that read those tables read everything again, as live queries over them would.
 */
import Dexie, { type ObservabilitySet, type Table } from 'dexie';
import { layerKey } from '../model/layerKey';
import type { DocumentStatus } from '../model/types';
import { listAnnotators } from './annotators';
import type { LayerChange, SpanwrightDatabase } from './database';

/** A live value: Dexie's Observable, as far as callers need it. */
export interface Watch<T> {
  subscribe(observer: { next(value: T): void; error?(error: unknown): void }): { unsubscribe(): void };
}

/** The longest a read of news waits for its background task. */
const NEWS_WAIT_MS = 50;

/** What the feed passes on: new log rows with the summary rows they name now (by `layerKey`), or a write it cannot name. */
export type FeedNews =
  | { kind: 'logged'; changes: readonly LayerChange[]; rows: ReadonlyMap<string, DocumentStatus | undefined> }
  | { kind: 'unlogged' };

interface FeedListener {
  /** The feed knows where the log stands: a first read made now misses nothing the news will not bring. */
  start(): void;
  news(news: FeedNews): void;
  error(error: unknown): void;
}

/**
 * Runs one watcher's handler: one that throws is logged, and stops neither the feed nor the other
 * watches it shares a queue with.
 */
function each(handler: () => void): void {
  try {
    handler();
  } catch (error) {
    console.error('A watch of the change log failed:', error);
  }
}

export class ChangeFeed {
  readonly #database: SpanwrightDatabase;
  readonly #listeners = new Set<FeedListener>();
  /** The last log row read; null while nobody listens. */
  #seen: number | null = null;
  #queue = Promise.resolve();
  #scheduled = false;
  #unlogged = false;

  constructor(database: SpanwrightDatabase) {
    this.#database = database;
  }

  /** Passes the news to `listener` until the returned function is called. */
  subscribe(listener: FeedListener): () => void {
    if (this.#listeners.size === 0) {
      Dexie.on('storagemutated', this.#heard);
      this.#then(async () => {
        this.#seen = (await this.#database.changes.orderBy('seq').last())?.seq ?? 0;
      });
    }
    this.#listeners.add(listener);
    this.#then(async () => {
      if (this.#listeners.has(listener)) listener.start();
    });
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      Dexie.on('storagemutated').unsubscribe(this.#heard);
      this.#seen = null;
    };
  }

  /**
   * Reads the log for rows no `storagemutated` event announced: a write committed as its tab closed, whose
   * tab told no one. Nothing while nobody listens.
   */
  look(): void {
    if (this.#listeners.size > 0) this.#schedule();
  }

  #then(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(step).catch((error: unknown) => {
      for (const listener of this.#listeners) each(() => listener.error(error));
    });
  }

  readonly #heard = (parts: ObservabilitySet): void => {
    const prefix = `idb://${this.#database.name}/`;
    let logged = 'all' in parts;
    let layers = logged;
    for (const part in parts) {
      if (!part.startsWith(prefix)) continue;
      const table = part.slice(prefix.length, part.indexOf('/', prefix.length));
      if (table === 'changes') logged = true;
      else if (table === 'spans' || table === 'statuses') layers = true;
    }
    if (layers && !logged) this.#unlogged = true;
    if (logged || layers) this.#schedule();
  };

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      this.#scheduled = false;
      this.#then(() => this.#read());
    };
    const fallback = setTimeout(run, NEWS_WAIT_MS);
    const scheduler = (globalThis as { scheduler?: { postTask?(run: () => void, options: object): Promise<void> } })
      .scheduler;
    if (typeof scheduler?.postTask === 'function') void scheduler.postTask(run, { priority: 'background' });
    else setTimeout(run, 0);
  }

  async #read(): Promise<void> {
    const seen = this.#seen;
    if (seen === null) return this.#recover();
    const unlogged = this.#unlogged;
    this.#unlogged = false;
    const changes = await this.#database.changes.where('seq').above(seen).toArray();
    if (changes.length > 0 && this.#seen === seen) {
      this.#seen = changes[changes.length - 1].seq ?? seen;
      const named = new Map<string, [string, string]>();
      for (const change of changes)
        for (const [annotator, documentId] of change.layers ?? [])
          named.set(layerKey(documentId, annotator), [annotator, documentId]);
      const found = await this.#database.statuses.bulkGet([...named.values()]);
      const rows = new Map([...named.keys()].map((key, index) => [key, found[index]]));
      this.#tell({ kind: 'logged', changes, rows });
    }
    if (unlogged) this.#tell({ kind: 'unlogged' });
  }

  /** The first read of where the log stands failed: read it now, and have every watch read everything again. */
  async #recover(): Promise<void> {
    if (this.#listeners.size === 0) return;
    this.#seen = (await this.#database.changes.orderBy('seq').last())?.seq ?? 0;
    this.#unlogged = false;
    for (const listener of this.#listeners) listener.start();
  }

  #tell(news: FeedNews): void {
    for (const listener of this.#listeners) each(() => listener.news(news));
  }
}

/**
 * Follows the feed from a first read: `readAll` reads the whole state and the log's last row in
 * one transaction (see {@link withLastChange}), `changed` applies the rows logged after it, in
 * order, or says `'again'` to have everything read again. A gap in the log, a row naming no layers, or (with `rereadUnlogged`) a write the log does
 * not name reads everything again. Returns the stop function.
 */
export function followFeed(
  feed: ChangeFeed,
  watch: {
    /** Reads the whole state; `show` reports it (not called once stopped), `last` is the log's last row then. */
    readAll(): Promise<{ last: number; show(): void }>;
    changed(
      changes: readonly LayerChange[],
      rows: ReadonlyMap<string, DocumentStatus | undefined>,
    ): Promise<void> | 'again' | undefined;
    rereadUnlogged: boolean;
  },
  onError: (error: unknown) => void,
): () => void {
  let stopped = false;
  let seen: number | null = null;
  let queue = Promise.resolve();
  const then = (step: () => Promise<void> | undefined) => {
    queue = queue
      .then(() => (stopped ? undefined : step()))
      .catch((error: unknown) => {
        if (!stopped) each(() => onError(error));
      });
  };
  const readAll = async () => {
    const read = await watch.readAll();
    if (stopped) return;
    seen = read.last;
    read.show();
  };
  const stop = feed.subscribe({
    start: () => then(readAll),
    news: (news) =>
      then(() => {
        if (seen === null) return;
        if (news.kind === 'unlogged') return watch.rereadUnlogged ? readAll() : undefined;
        const from = seen;
        const fresh = news.changes.filter((change) => (change.seq ?? 0) > from);
        if (fresh.length === 0) return;
        if ((fresh[0].seq ?? 0) !== from + 1 || fresh.some((change) => change.layers === null)) return readAll();
        seen = fresh[fresh.length - 1].seq ?? from;
        const done = watch.changed(fresh, news.rows);
        return done === 'again' ? readAll() : done;
      }),
    error: (error) => {
      if (!stopped) each(() => onError(error));
    },
  });
  return () => {
    stopped = true;
    stop();
  };
}

/** Reads `read` and the change log's last row number in one read-only transaction over `tables`. */
export async function withLastChange<T>(
  database: SpanwrightDatabase,
  tables: readonly Table[],
  read: () => Promise<T>,
): Promise<{ value: T; last: number }> {
  return database.transaction('r', [...tables, database.changes], async () => ({
    value: await read(),
    last: (await database.changes.orderBy('seq').last())?.seq ?? 0,
  }));
}

/** A `Watch` over the feed: `follow` starts following for one observer and returns its stop function. */
function feedWatch<T>(follow: (next: (value: T) => void, onError: (error: unknown) => void) => () => void): Watch<T> {
  return {
    subscribe(observer) {
      const stop = follow(
        (value) => observer.next(value),
        (error) => observer.error?.(error),
      );
      return { unsubscribe: stop };
    },
  };
}

/** The summary row of one layer, live: again whenever a logged change names the layer. */
export function watchSummary(
  feed: ChangeFeed,
  database: SpanwrightDatabase,
  annotator: string,
  documentId: string,
): Watch<DocumentStatus | undefined> {
  const key = layerKey(documentId, annotator);
  return feedWatch((next, onError) =>
    followFeed(
      feed,
      {
        readAll: async () => {
          const read = await withLastChange(database, [database.statuses], () =>
            database.statuses.get([annotator, documentId]),
          );
          return { last: read.last, show: () => next(read.value) };
        },
        changed: (changes, rows) => {
          if (changes.some((change) => change.layers?.some(([name, id]) => name === annotator && id === documentId)))
            next(rows.get(key));
          return undefined;
        },
        rereadUnlogged: true,
      },
      onError,
    ),
  );
}

/**
 * Every annotator with a layer or a status, live. Listed again only when a change names an
 * annotator not listed, or a layer whose summary row is gone (an import taken back deletes rows);
 * a layer keeps its summary row while it exists (`spans.ts`), so a change naming only listed
 * annotators' layers that still have their rows cannot change the list.
 */
export function watchAnnotators(feed: ChangeFeed, database: SpanwrightDatabase): Watch<string[]> {
  return feedWatch((next, onError) => {
    let listed = new Set<string>();
    return followFeed(
      feed,
      {
        readAll: async () => {
          const read = await withLastChange(database, [database.statuses, database.spans], () =>
            listAnnotators(database),
          );
          return {
            last: read.last,
            show: () => {
              listed = new Set(read.value);
              next(read.value);
            },
          };
        },
        changed: (changes, rows) => {
          const named = changes.flatMap((change) => change.layers ?? []);
          const same = named.every(
            ([annotator, documentId]) =>
              listed.has(annotator) && rows.get(layerKey(documentId, annotator)) !== undefined,
          );
          return same ? undefined : 'again';
        },
        rereadUnlogged: true,
      },
      onError,
    );
  });
}

/**
 * Hears every committed write to a layer (in any tab) after the watch starts: the layers it named,
 * or 'everything' (a restore, a large import, rows pruned meanwhile, a write the log does not name).
 * Team sync's mirror follows the feed so, not a live query of its own. Returns the stop function.
 */
export function watchLayerChanges(
  feed: ChangeFeed,
  database: SpanwrightDatabase,
  onChange: (layers: [annotator: string, documentId: string][] | 'everything') => void,
  onError: (error: unknown) => void,
): () => void {
  let started = false;
  return followFeed(
    feed,
    {
      // Nothing to show at the start: the watch hears what comes after it. Read again later (a gap, a
      // write the log does not name), the log's end stands for every layer having changed.
      readAll: async () => ({
        last: (await database.changes.orderBy('seq').last())?.seq ?? 0,
        show: () => {
          if (started) onChange('everything');
          started = true;
        },
      }),
      changed: (changes) => void onChange(changes.flatMap((change) => change.layers ?? [])),
      rereadUnlogged: true,
    },
    onError,
  );
}
