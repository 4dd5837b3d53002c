/**
 * What an import has written, kept so that the file is stored whole or not at all, even when the
 * import ends without a word: its tab closed, its Worker died, the browser crashed.
 *
 * Each batch's transaction also adds one journal row naming what that batch wrote (so the row
 * commits with the batch or not at all); the import deletes its rows when it ends, whichever way.
 * While it runs it holds a Web Lock of its own name: rows whose lock is free belong to an import
 * that ended without finishing, and {@link recoverStoppedImports} takes back what they name.
 *
 * What a user has labelled since is never taken back: a document the import added is kept, with
 * every span in it, when any of its spans or statuses was written after the import; a span the
 * import added to an older document is kept when it was changed since; a layer of an older document
 * written since is summed up anew, its status the one from before the import unless set since, and a
 * label the file brought stays while a span uses it.
 */
import Dexie from 'dexie';
import { parseLayerKey } from '../model/layerKey';
import type { DocumentStatus, Status } from '../model/types';
import { logChange } from './changes';
import type { ImportJournalEntry, SpanwrightDatabase } from './database';
import { deleteDocuments } from './documentRows';
import { summarize, writeTables } from './spans';
import { browserLocks, type KeptSince, type LockManagerLike } from './importTypes';
import { chunks } from './taskSlices';

/** Keys per request when an import's rows are taken back. */
const DELETE_KEYS = 1000;

/** What a commit has stored so far, to take back if it does not finish. */
export interface Written {
  documents: string[];
  spans: string[];
  labels: string[];
  /** Each layer's summary before the import first wrote it (null: there was none), by layer key. */
  summaries: Map<string, DocumentStatus | null>;
  /** The status the import last gave each layer, by layer key. */
  wrote: Map<string, Status>;
  /** The layers whose status from the file a status the annotator had set outranked, named (`statusKept`). */
  kept?: Map<string, string>;
}

/** Notes that the import gives the layer `key` the status `status`; `before` is its summary as read (kept the first time). */
export function noteLayer(written: Written, key: string, before: DocumentStatus | null, status: Status): void {
  if (!written.summaries.has(key)) written.summaries.set(key, before);
  written.wrote.set(key, status);
}

/** Each layer `written` names (those of the keys `keep` takes), with its summary before and the status the import gave it. */
const layersOf = (written: Written, keep: (key: string) => boolean = () => true) =>
  [...written.summaries]
    .filter(([key]) => keep(key))
    .map(([key, before]) => ({ ...parseLayerKey(key), before, wrote: written.wrote.get(key) }));

const lockName = (importId: string) => `spanwright-import:${importId}`;

/** A mark of how much `written` holds, taken before a batch ({@link journalEntry} names what came after it). */
export function markOf(written: Written): { documents: number; spans: number; labels: number; layers: Set<string> } {
  return {
    documents: written.documents.length,
    spans: written.spans.length,
    labels: written.labels.length,
    layers: new Set(written.summaries.keys()),
  };
}

/** The journal row for what `written` gained since `mark` (one batch). */
export function journalEntry(
  importId: string,
  file: string,
  stamp: number,
  written: Written,
  mark: ReturnType<typeof markOf>,
): ImportJournalEntry {
  return {
    importId,
    file,
    stamp,
    documents: written.documents.slice(mark.documents),
    spans: written.spans.slice(mark.spans),
    labels: written.labels.slice(mark.labels),
    summaries: layersOf(written, (key) => !mark.layers.has(key)),
  };
}

/**
 * Runs an import's commit holding its lock, so that another tab can tell it from an import that
 * ended without finishing. Without the Web Locks API the commit runs as it is (and no recovery
 * ever takes its rows: an import without a lock is taken for alive).
 */
export function holdingImportLock<T>(importId: string, work: () => Promise<T>, locks = browserLocks()): Promise<T> {
  if (!locks) return work();
  return locks.request(lockName(importId), {}, () => work());
}

/** A write that must not run while an import does (a restore) was refused: it names the file. */
export class ImportUnderWay extends Error {
  constructor(file: string) {
    super(
      `an import of ${JSON.stringify(file)} is under way, in this tab or another: let it finish (or cancel it), then try again`,
    );
    this.name = 'ImportUnderWay';
  }
}

/**
 * Runs `work` only while no import is under way, in this tab or another: it takes the lock of every
 * import the journal names, free only for an import that ended without finishing, and holds them
 * until `work` ends; one held elsewhere refuses with {@link ImportUnderWay}. `work` hears the imports
 * whose rows it may drop; an import begun meanwhile has another id, which `work` must refuse too.
 * Without the Web Locks API every import is taken for alive, as {@link holdingImportLock} says.
 */
export async function whileNoImportRuns<T>(
  database: SpanwrightDatabase,
  work: (ended: ReadonlySet<string>) => Promise<T>,
  locks = browserLocks(),
): Promise<T> {
  const importIds = (await database.importJournal.orderBy('importId').uniqueKeys()) as string[];
  const refuse = async (importId: string) => new ImportUnderWay((await fileOfImport(database, importId)) ?? '');
  const hold = async (index: number): Promise<T> => {
    if (index === importIds.length) return work(new Set(importIds));
    if (!locks) throw await refuse(importIds[index]);
    return locks.request(lockName(importIds[index]), { ifAvailable: true }, async (lock) => {
      if (lock === null) throw await refuse(importIds[index]);
      return hold(index + 1);
    });
  };
  return hold(0);
}

/**
 * The files being imported now into `database`, in this tab or another (each import's lock is held
 * while it writes), by name; once it has written its first batch. Empty without the Web Locks API.
 */
export async function importsUnderWay(database: SpanwrightDatabase, locks = browserLocks()): Promise<string[]> {
  const held = await locks?.query?.();
  const names = new Set((held?.held ?? []).map((lock) => lock.name));
  if (names.size === 0) return [];
  const importIds = (await database.importJournal.orderBy('importId').uniqueKeys()) as string[];
  const running = importIds.filter((importId) => names.has(lockName(importId)));
  return Promise.all(running.map(async (importId) => (await fileOfImport(database, importId)) ?? 'a file'));
}

/** The file an import's journal names (undefined once its rows are gone). */
async function fileOfImport(database: SpanwrightDatabase, importId: string): Promise<string | undefined> {
  return (await database.importJournal.where('importId').equals(importId).first())?.file;
}

/** Deletes the journal rows of an import that has ended, whole or taken back (call inside a transaction that holds the table). */
export async function closeJournal(database: SpanwrightDatabase, importId: string): Promise<void> {
  await database.importJournal.where('importId').equals(importId).delete();
}

/** The tables a batch and a take-back write. */
export function importTables(database: SpanwrightDatabase) {
  return [database.documents, database.heads, database.labels, database.importJournal, ...writeTables(database)];
}

/**
 * Takes back what `written` names, in one transaction, and closes the import's journal: the import
 * of a file that failed or was cancelled while its commit still ran. What was labelled since is kept,
 * by the same rule as a recovery's (see the module's comment), and counted.
 */
export async function takeBack(
  database: SpanwrightDatabase,
  written: Written,
  importId: string,
  stamp: number,
): Promise<KeptSince> {
  return database.transaction('rw', [...importTables(database), database.suggestions], async () => {
    const { documentsKept, spansKept } = await takeBackStored(
      database,
      {
        documents: written.documents,
        spans: written.spans,
        labels: written.labels,
        layers: layersOf(written),
      },
      { stamp, now: Date.now() },
    );
    await closeJournal(database, importId);
    return { documentsKept, spansKept };
  });
}

/**
 * Puts back each layer's summary from before the import where nothing was written to the layer
 * since (its summary is still the import's, stamped `stamp`); a layer written since (a status set,
 * a span labelled in another tab) is summed up anew from its stored spans, keeping its status unless
 * that is still the one the import gave it (`wrote`): a span labelled since marks nothing done.
 * Layers of the documents in `skip` are left as they are.
 */
async function putSummariesBack(
  database: SpanwrightDatabase,
  layers: readonly { annotator: string; documentId: string; before: DocumentStatus | null; wrote?: Status }[],
  { stamp, now, skip }: { stamp: number; now: number; skip: ReadonlySet<string> },
): Promise<void> {
  const shown = layers.filter(({ documentId }) => !skip.has(documentId));
  const keys = shown.map(({ annotator, documentId }) => [annotator, documentId] as [string, string]);
  const current = await database.statuses.bulkGet(keys);
  const puts: DocumentStatus[] = [];
  const deletes: [string, string][] = [];
  for (const [index, { annotator, documentId, before, wrote }] of shown.entries()) {
    const stored = current[index];
    if (!stored || stored.updated === stamp) {
      if (before) puts.push(before);
      else deletes.push(keys[index]);
      continue;
    }
    const spans = await database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
    const [status, finished] =
      stored.status === wrote ? [before?.status ?? 'todo', before?.finished] : [stored.status, stored.finished];
    puts.push(summarize(annotator, documentId, spans, status, now, finished));
  }
  await database.statuses.bulkPut(puts);
  await database.statuses.bulkDelete(deletes);
}

/**
 * Deletes the labels an import added that no span and no suggestion uses now (inside a transaction
 * over spans, suggestions and labels): one used since, in another tab or by a team member, stays,
 * and so do its spans; so does one a suggestion proposes (a pattern search may have used it).
 */
async function deleteUnusedLabels(database: SpanwrightDatabase, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const used =
      (await database.spans.where('label').equals(name).count()) > 0 ||
      (await database.suggestions.where('label').equals(name).count()) > 0;
    if (!used) await database.labels.delete(name);
  }
}

/** An import that ended without finishing, and what a recovery did about it. */
export interface RecoveredImport extends KeptSince {
  file: string;
  /** Documents and spans the import had stored, taken back. */
  documentsRemoved: number;
  spansRemoved: number;
}

/**
 * Takes back what every import that ended without finishing had stored (see the module's comment).
 * An import whose lock is held is running, in this tab or another, and is left alone. `waitMs`:
 * how long to wait for a lock (a Worker just ended may take a moment to let go of its lock); 0
 * takes only locks that are free.
 */
export async function recoverStoppedImports(
  database: SpanwrightDatabase,
  options: { waitMs?: number; now?: number; locks?: LockManagerLike } = {},
): Promise<RecoveredImport[]> {
  const locks = options.locks ?? browserLocks();
  if (!locks) return [];
  const importIds = (await database.importJournal.orderBy('importId').uniqueKeys()) as string[];
  const recovered: RecoveredImport[] = [];
  for (const importId of importIds) {
    const wait = options.waitMs ?? 0;
    const lockOptions = wait > 0 ? { signal: AbortSignal.timeout(wait) } : { ifAvailable: true };
    const result = await locks
      .request(lockName(importId), lockOptions, (lock) =>
        lock === null ? null : recoverImport(database, importId, options.now ?? Date.now()),
      )
      // A lock not given in time: the import is still running (or its context is still ending).
      .catch((error: unknown) => {
        if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
          return null;
        throw error;
      });
    if (result) recovered.push(result);
  }
  return recovered;
}

/** Takes back what one ended import stored, but for what was labelled since; closes its journal. */
async function recoverImport(database: SpanwrightDatabase, importId: string, now: number): Promise<RecoveredImport> {
  return database.transaction('rw', [...importTables(database), database.suggestions], async () => {
    const entries = await database.importJournal.where('importId').equals(importId).toArray();
    const counts = await takeBackStored(
      database,
      {
        documents: entries.flatMap((entry) => entry.documents),
        spans: entries.flatMap((entry) => entry.spans),
        labels: entries.flatMap((entry) => entry.labels),
        layers: entries.flatMap((entry) => entry.summaries),
      },
      { stamp: entries[0]?.stamp ?? 0, now },
    );
    await closeJournal(database, importId);
    return { file: entries[0]?.file ?? '', ...counts };
  });
}

/** What an import stored: the rows it added, and each layer's summary before it first wrote the layer (and the status it gave). */
interface Stored {
  documents: string[];
  spans: string[];
  labels: string[];
  layers: { annotator: string; documentId: string; before: DocumentStatus | null; wrote?: Status }[];
}

/**
 * Takes back what an import stored (inside a transaction over {@link importTables} and the
 * suggestions), but for what was labelled since (see the module's comment); `stamp` is the import's.
 */
async function takeBackStored(
  database: SpanwrightDatabase,
  stored: Stored,
  { stamp, now }: { stamp: number; now: number },
): Promise<Omit<RecoveredImport, 'file'>> {
  const { documents, layers } = stored;
  const ownSpans = new Set(stored.spans);
  const imported = new Set(documents);
  // A document the import added is kept whole once anything in it was written since.
  const touched = new Set<string>();
  for (const ids of chunks(documents, DELETE_KEYS)) {
    for (const span of await database.spans.where('documentId').anyOf(ids).toArray())
      if (!ownSpans.has(span.id) || span.updated !== stamp) touched.add(span.documentId);
    for (const status of await database.statuses.where('documentId').anyOf(ids).toArray())
      if (status.updated !== stamp) touched.add(status.documentId);
  }
  const removedDocuments = documents.filter((id) => !touched.has(id));
  // A span added to an older document is taken back unless it was changed since.
  const removedSpans: string[] = [];
  let spansKept = 0;
  for (const ids of chunks(stored.spans, DELETE_KEYS)) {
    for (const span of await database.spans.bulkGet(ids)) {
      if (!span) continue;
      const takenBack = imported.has(span.documentId) ? !touched.has(span.documentId) : span.updated === stamp;
      if (takenBack) removedSpans.push(span.id);
      else spansKept++;
    }
  }
  // In bounded requests, like the writes: deleting 100,000 keys at once is a long task of its own.
  for (const ids of chunks(removedSpans, DELETE_KEYS)) await database.spans.bulkDelete(ids);
  for (const ids of chunks(removedDocuments, DELETE_KEYS)) {
    await deleteDocuments(database, ids);
    await database.statuses.where('documentId').anyOf(ids).delete();
  }
  // Suggestions proposed on a document taken back (the near-duplicate search may have made some).
  for (const id of removedDocuments)
    await database.suggestions.where('[documentId+annotator]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
  // A document the import added is gone, or kept as it is now.
  await putSummariesBack(database, layers, { stamp, now, skip: imported });
  await deleteUnusedLabels(database, stored.labels);
  if (layers.length > 0)
    await logChange(
      database,
      layers.map(({ annotator, documentId }) => [annotator, documentId] as const),
    );
  return {
    documentsRemoved: removedDocuments.length,
    spansRemoved: removedSpans.length,
    documentsKept: documents.length - removedDocuments.length,
    spansKept,
  };
}
