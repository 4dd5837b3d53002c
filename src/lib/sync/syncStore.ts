/**
 * What team sync needs of storage, as an interface: the app's `Store` has these methods, and a test
 * can pass its own. Sync reads and writes IndexedDB only through them.
 */
import type { Document, DocumentStatus, Label, Span, Status } from '../model/types';

export interface SharedStatusRecord {
  status: Status;
  updated: number;
  finished?: number;
}

export interface SharedDocumentRecord {
  id: string;
  title: string;
  text: string;
  source: string;
  meta: Record<string, unknown>;
  order: number;
  created: number;
}

/**
 * A span from the team this database did not store, as its document here can not carry it: the
 * document is missing, or has another text under the same id (storage/shared.ts).
 */
export interface HeldSpanRecord {
  id: string;
  documentId: string;
  annotator: string;
  reason: 'missing' | 'different';
}

/** What storing changes from the team left aside: spans, and statuses of documents this database lacks. */
export interface SharedOutcomeRecord {
  held: HeldSpanRecord[];
  /** Spans not stored: their id is a span of a layer their shared document does not hold (storage/shared.ts). */
  clashes?: { id: string; annotator: string; over: string }[];
  heldStatuses: { documentId: string; annotator: string }[];
  kept: [annotator: string, documentId: string][];
}

interface Watch<T> {
  subscribe(observer: { next(value: T): void; error?(error: unknown): void }): { unsubscribe(): void };
}

export interface SyncStore {
  watchLayerChanges(
    onChange: (layers: [annotator: string, documentId: string][] | 'everything') => void,
    onError: (error: unknown) => void,
  ): () => void;
  /**
   * The reads of what is about to be shared carry `restore`, the last restore's id read in the same
   * transaction (storage/restoreMark.ts): one the sync did not start with means a restore replaced
   * the data under it, which must never be shared as this member's edits.
   */
  readLayers(annotator: string): Promise<{ spans: Span[]; statuses: DocumentStatus[]; restore: string | null }>;
  readSomeLayers(
    layers: readonly (readonly [annotator: string, documentId: string])[],
  ): Promise<{ spans: Map<string, Span[]>; statuses: Map<string, DocumentStatus>; restore: string | null }>;
  /** The labels to share: not those an import under way brought (its journal names them). */
  readLabelsToShare(): Promise<{
    labels: Label[];
    /** This user's renames and (`to` null) removals, logged (storage/labelRenames.ts). */
    renames: { seq: number; from: string; to: string | null; project: string; by: 'here' | 'team'; at?: number }[];
    restore: string | null;
  }>;
  /** Changes when the labels, the import journal or the restore mark do. */
  watchLabelsToShare(): Watch<unknown>;
  /** The last restore (null: never), and whether a sync merged the team's state back in since. */
  readRestoreMark(): Promise<{ id: string; merged: boolean } | null>;
  markRestoreMerged(id: string): Promise<void>;
  applySharedChanges(
    changes: {
      put: Span[];
      remove: { id: string; documentId: string; annotator: string }[];
      statuses: { documentId: string; annotator: string; status: SharedStatusRecord }[];
      gone?: readonly string[];
      owns?: (annotator: string) => boolean;
      keepLater?: {
        span(stored: Span, incoming: Span): boolean;
        removal(stored: Span): boolean;
        status(stored: SharedStatusRecord, incoming: { documentId: string; status: SharedStatusRecord }): boolean;
      };
    },
    now: number,
  ): Promise<SharedOutcomeRecord>;
  /** The spans of `spans` that `applySharedChanges` would leave aside (reads only). */
  unplacedSpans(spans: readonly Span[]): Promise<HeldSpanRecord[]>;
  missingDocuments(ids: readonly string[]): Promise<string[]>;
  addSharedDocuments(documents: readonly SharedDocumentRecord[]): Promise<number>;
  /** Adds the team's new labels (whole) and gives known ones the fields given; resolves with the team's labels moved off a key. */
  mergeSharedLabels(
    labels: readonly (Partial<Label> & { name: string })[],
    teamNames?: ReadonlySet<string>,
  ): Promise<readonly Label[]>;
  /**
   * A rename from the team: `from`'s spans, in every layer, move to `to` (added when missing);
   * `taken` is appended to the stored sync updates in the same transaction.
   */
  renameLabelInto(
    from: string,
    to: string,
    now: number,
    taken?: { name: string; update: Uint8Array },
  ): Promise<{ dropped: number; carried: number }>;
  /** How many spans carry a label, by annotator. */
  countSpansByAnnotator(name: string): Promise<Map<string, number>>;
  /** Deletes a label the team removed and every span that carries it, in every layer (not logged as this user's removal). */
  deleteTeamLabel(name: string, now: number): Promise<void>;
  /** Deletes a label no span or suggestion carries (in one transaction); resolves with whether it went. */
  deleteLabelIfUnused(name: string): Promise<boolean>;
  readDocuments(): Promise<Document[]>;
  watchDocuments(): Watch<Document[]>;
  readSyncUpdates(name: string): Promise<Uint8Array[]>;
  appendSyncUpdate(name: string, update: Uint8Array): Promise<void>;
  /** With `read`: only the first `read` stored updates are replaced (another tab's later ones stay). */
  compactSyncUpdates(name: string, update: Uint8Array, read?: number): Promise<void>;
}
