import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import { textFingerprint } from '../model/fingerprint';
import type { Document, DocumentHead, DocumentStatus, Label, Span, Status, Suggestion } from '../model/types';
import { fillFinished, fillHeads, moveRejectionsIntoLayer } from './upgrades';

export const SCHEMA_V1 = {
  documents: 'id, &order, created',
  spans: 'id, [documentId+annotator], annotator, documentId',
  labels: 'name, order',
  statuses: '[annotator+documentId], annotator, documentId',
  settings: 'key',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  documents: 'id, &order, created, fingerprint',
  spans: 'id, [documentId+annotator], annotator, documentId, label, [documentId+annotator+label]',
} as const;

export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  changes: '++seq',
} as const;

export const SCHEMA_V6 = {
  ...SCHEMA_V3,
  suggestions: 'id, [documentId+annotator], annotator, label',
} as const;

export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  syncUpdates: '++seq, name',
} as const;

export const SCHEMA_V8 = {
  ...SCHEMA_V7,
  heads: 'id, &order',
} as const;

export const SCHEMA_V9 = {
  ...SCHEMA_V8,
  textBundles: '++seq',
} as const;

export const SCHEMA_V10 = {
  ...SCHEMA_V9,
  signatureBundles: '++seq',
} as const;

export const SCHEMA_V11 = {
  ...SCHEMA_V10,
  importJournal: '++seq, importId',
} as const;

export const SCHEMA_V12 = {
  ...SCHEMA_V11,
  spans: `${SCHEMA_V2.spans}, [documentId+annotator+start+end]`,
} as const;

export const SCHEMA_V13 = {
  ...SCHEMA_V12,
  drafts: 'key',
} as const;

/**
 * Texts of many documents in one row, as a search cache (workers/textBundles.ts): Chromium reads a
 * stored row at a cost per row and per byte, and a big row (stored as a blob) several times faster
 * per byte. Derived, never the truth: a member counts only while its fingerprint is the document's.
 */
export interface TextBundle {
  seq?: number;
  /** The members' ids, their texts' fingerprints and lengths (UTF-16 code units), in one order. */
  ids: string[];
  fingerprints: string[];
  lengths: number[];
  /** The members' texts, joined in that order: UTF-8 deflated (deflate-raw), or the plain string. */
  texts: Uint8Array | string;
}

/**
 * MinHash signatures of many documents in one row, as the near-duplicate search's cache
 * (workers/signatureCache.ts): a new Worker reads ~256 bytes a document instead of reading and
 * signing its text. Derived, never the truth: a member counts only while its fingerprint is the
 * document's and the row's scheme is the code's.
 */
export interface SignatureBundle {
  seq?: number;
  /** How the signatures were computed (model/nearDuplicates.ts `SIGNATURE_SCHEME`); another scheme's row is stale. */
  scheme: string;
  /** The members' ids and their texts' fingerprints, in one order. */
  ids: string[];
  fingerprints: string[];
  /** The members' signatures, one after another in that order (all ones: a text without words). */
  signatures: Uint32Array;
}

/**
 * One row of the import journal (importJournal.ts): what one committed batch of an import wrote, in
 * that batch's own transaction, so an import that ends without finishing can be taken back.
 */
export interface ImportJournalEntry {
  seq?: number;
  importId: string;
  /** The imported file's name, for the message after a recovery. */
  file: string;
  /** The time every row of the import is stamped with (`created`, `updated`). */
  stamp: number;
  documents: string[];
  spans: string[];
  labels: string[];
  /** Each layer the batch wrote first, with its summary before the import (null: there was none). */
  summaries: { annotator: string; documentId: string; before: DocumentStatus | null; wrote?: Status }[];
}

/** One stored Yjs update of a shared document of team sync (see sync/), by the document's name. */
export interface SyncUpdate {
  seq?: number;
  name: string;
  update: Uint8Array;
}

/**
 * One committed write, in the change log (see changes.ts): the layers it wrote, as
 * [annotator, documentId] pairs, or null for "anything may have changed".
 */
export interface LayerChange {
  seq?: number;
  layers: [annotator: string, documentId: string][] | null;
}

/**
 * A note draft as kept in localStorage, under the same key (draftMirror.ts): IndexedDB has it on disk
 * at once, where Chromium writes localStorage seconds late (a killed browser lost it).
 */
export interface DraftRow {
  key: string;
  value: string;
}

/** A key–value setting, e.g. `{ key: 'annotator', value: 'alice' }`. */
export interface Setting {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'spanwright';
/** The newest schema version this code declares (see the constructor). */
export const SCHEMA_VERSION = 13;
/**
 * The schema a backup says it was written by: the newest version whose tables or rows a backup holds
 * changed, so a Spanwright of that version restores it (v13 added the note drafts, which no backup holds).
 */
export const BACKUP_SCHEMA = 12;

/**
 * The typed Dexie database. Every schema version is declared here, in order, each with its
 * upgrade; a test opens the previous version's data and checks it after the upgrade.
 *
 * Indexes serve what the UI queries: documents and their heads by `order`; spans by `[documentId+annotator]`
 * (one layer of one document), by `annotator` (a whole layer, for export and review) and by place
 * (`[documentId+annotator+start+end]`: a twin at the same place and label, spanTwins.ts);
 * statuses by `[annotator+documentId]` (the primary key) and by `annotator` (the list and the
 * progress figure); suggestions by `[documentId+annotator]` (the open document's) and by `label`
 * (a rename carries them along).
 */
export class SpanwrightDatabase extends Dexie {
  documents!: EntityTable<Document, 'id'>;
  /** Each document without its text (documentRows.ts keeps it in step with `documents`). */
  heads!: EntityTable<DocumentHead, 'id'>;
  spans!: EntityTable<Span, 'id'>;
  labels!: EntityTable<Label, 'name'>;
  statuses!: Dexie.Table<DocumentStatus, [string, string]>;
  settings!: EntityTable<Setting, 'key'>;
  changes!: EntityTable<LayerChange, 'seq'>;
  suggestions!: EntityTable<Suggestion, 'id'>;
  syncUpdates!: EntityTable<SyncUpdate, 'seq'>;
  /** The search cache of texts (derived; not in backups, cleared by a restore). */
  textBundles!: EntityTable<TextBundle, 'seq'>;
  /** The near-duplicate search's cache of signatures (derived; not in backups, cleared by a restore). */
  signatureBundles!: EntityTable<SignatureBundle, 'seq'>;
  /** What each import under way has written, batch by batch (importJournal.ts; not in backups). */
  importJournal!: EntityTable<ImportJournalEntry, 'seq'>;
  /** The note drafts, as in localStorage (draftMirror.ts; not in backups). */
  drafts!: EntityTable<DraftRow, 'key'>;

  /**
   * Live queries' shared cache off by default: with 100,000 documents its cloned copy of every head
   * doubled what the list holds at startup (issue 16). Every live query reads storage itself.
   */
  constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
    super(name, { cache: 'disabled', ...options });
    this.version(1).stores(SCHEMA_V1);
    // v2: documents get a text fingerprint (import matches documents by identical text through
    // it); spans get label indexes (rename and delete of a label touch only its spans, and a span
    // write checks whether a label is still in its layer by counting keys, not reading spans).
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (transaction) => {
        await transaction
          .table<Document, string>('documents')
          .toCollection()
          .modify((document) => {
            document.fingerprint = textFingerprint(document.text);
          });
      });
    // v3: a log of which layers each write changed, so open tabs re-read only those summaries.
    this.version(3).stores(SCHEMA_V3);
    // v4: "neither" decisions become spans of the rejected layer (they were settings keyed by label,
    // lost on a rename).
    this.version(4)
      .stores(SCHEMA_V3)
      .upgrade((transaction) => moveRejectionsIntoLayer(transaction));
    // v5: a done status carries when it became done (the Overview's pace); older done rows take
    // their last write's time, the nearest the data knows.
    this.version(5)
      .stores(SCHEMA_V3)
      .upgrade((transaction) => fillFinished(transaction));
    // v6: suggested spans get a table of their own (a layer per annotator by `[documentId+annotator]`),
    // apart from every layer of spans: nothing to move, the table starts empty.
    this.version(6).stores(SCHEMA_V6);
    // v7: team sync keeps the Yjs updates of its shared documents, so a reload offline still knows
    // what was shared; a new table, nothing to move.
    this.version(7).stores(SCHEMA_V7);
    // v8: each document's head (title, order, length: no text) in a table of its own, so the list
    // and startup never read the texts (issue 16); filled from the documents, one at a time.
    this.version(8)
      .stores(SCHEMA_V8)
      .upgrade((transaction) => fillHeads(transaction));
    // v9: a search cache of texts bundled many to a row (issue 15), filled by the searches'
    // Workers; a new table, nothing to move.
    this.version(9).stores(SCHEMA_V9);
    // v10: a cache of the near-duplicate search's signatures bundled many to a row (issue 15),
    // filled by its Workers; a new table, nothing to move.
    this.version(10).stores(SCHEMA_V10);
    // v11: a journal of what each import under way has written, so an import its tab or Worker
    // left unfinished is taken back at the next start; a new table, nothing to move.
    this.version(11).stores(SCHEMA_V11);
    // v12: spans by place (`[documentId+annotator+start+end]`), so a write finds a twin (the same
    // place and label in the layer: another tab's, an undo's) in one lookup; IndexedDB builds it.
    this.version(12).stores(SCHEMA_V12);
    // v13: the note drafts kept in localStorage, kept here too: a killed browser had not yet written the
    // last seconds of localStorage to disk (draftMirror.ts); a new table, nothing to move.
    this.version(13).stores(SCHEMA_V13);
  }
}

/** What an opened database tells the app of (see `Store.open`). */
export interface OpenListeners {
  onBlocked(): void;
  onVersionChange(): void;
  onClosed?(): void;
}

/** Opens the database, turning Dexie's failures into one sentence a user can act on. */
export async function openDatabase(
  database: SpanwrightDatabase,
  listeners?: OpenListeners,
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (listeners) database.on('blocked', listeners.onBlocked);
  try {
    await database.open();
  } catch (error) {
    return { ok: false, message: describeOpenError(error) };
  } finally {
    if (listeners) database.on('blocked').unsubscribe(listeners.onBlocked);
  }
  if (listeners) database.on('versionchange', listeners.onVersionChange);
  // The connection's own event: it fires only when the browser closes it, never on a close of ours. Dexie
  // would open it again at the next write, creating an empty database in place of one deleted: closed
  // for good instead, every later write fails (and says so).
  const onClosed = listeners?.onClosed;
  if (onClosed) database.backendDB()?.addEventListener('close', () => (database.close(), onClosed()));
  return { ok: true };
}

export function describeOpenError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'MissingAPIError')
    return 'This browser does not offer IndexedDB here (private mode or storage disabled), so Spanwright cannot store your work. Use a normal window or allow site data.';
  if (name === 'VersionError')
    return 'The stored data was written by a newer version of Spanwright. Reload to update the app.';
  if (name === 'DatabaseClosedError' || name === 'OpenFailedError' || name === 'BlockedError')
    return 'Spanwright could not open its storage: another tab may be holding an older version open. Close other Spanwright tabs and reload.';
  return `Spanwright could not open its storage: ${error instanceof Error ? error.message : String(error)}`;
}
