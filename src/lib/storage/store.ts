/**
 * The one door to storage. State classes get a `Store` and never see a table: every read and
 * write is a typed method here, every watch a documented Dexie `liveQuery`, the change log's feed
 * (`changeFeed.ts`) or the heads' (`headsWatch.ts`). The methods hand on to the modules beside it.
 */
import type { Document, DocumentHead, DocumentStatus, Label, Span, Status, Suggestion } from '../model/types';
import { pruneChanges, watchSummaries, type SummaryUpdate } from './changes';
import { ChangeFeed, watchAnnotators, watchLayerChanges, watchSummary, type Watch } from './changeFeed';
import { seedDefaultCorpus } from './corpus';
import { openDatabase, type OpenListeners, type SpanwrightDatabase } from './database';
import { DraftMirror } from './draftMirror';
import { watchHeads } from './headsWatch';
import { busiestPair, hasDecided, listAnnotators, spanCountsByAnnotator } from './annotators';
import type { FileStore } from './fileStore';
import type { RecoveredImport } from './importJournal';
import { markRestoreMerged, readLabelsToShare, readRestoreMark, type RestoreMark } from './restoreMark';
import { addLabel, deleteLabel, describeLabelIf, listLabels, moveLabel, renameLabel, updateLabel } from './labels';
import { labelNamesNow } from './labelRenames';
import { restoreDeletedLabel, undoLabelMerge, type DeletedLabel, type MergedLabel } from './labelRestore';
import { mergeLabel } from './labelMerge';
import { countSpansWithLabelByAnnotator, deleteLabelIfUnused, renameLabelInto, unlistedLabels } from './teamLabels';
import {
  applyGoldChange,
  decideInGold,
  watchAnnotatorSpans,
  watchAnnotatorSummaries,
  type GoldChange,
  type GoldDecision,
} from './review';
import { readSetting, writeSetting } from './settings';
import type { HeldSpan, SharedChanges, SharedDocument, SharedOutcome } from './shared';
import { setSpanExample, setSpanNote } from './spanMarks';
import {
  createSpanInLayer,
  deleteSpans,
  putSpans,
  readLayer,
  relabelSpan,
  setStatus,
  type Created,
  type NewSpan,
  type Relabelled,
} from './spans';
import {
  acceptSuggestions,
  applyAcceptance,
  layerSuggestions,
  placesTaken,
  proposeSuggestions,
  removeSuggestions,
  restoreSuggestions,
  suggestionCounts,
  type Acceptance,
  type NewSuggestion,
  type SuggestionLayer,
} from './suggestions';
import { liveQuery } from 'dexie';

export type { Watch } from './changeFeed';
export type { SummaryUpdate } from './changes';
export type { FeedbackBuild, FeedbackPreview, FeedbackResult, MarkedSpan, MissingFeedback } from './feedback';
export type { FeedbackFile } from '../formats/feedbackFile';
export type { FileStore } from './fileStore';
export type { BackupContent } from './backup';
export type { GoldChange, GoldDecision } from './review';
export type { Acceptance, NewSuggestion, SuggestionLayer } from './suggestions';
export type { HeldSpan, SharedChanges, SharedDocument, SharedOutcome, SharedStatus } from './shared';

export class Store {
  readonly #database: SpanwrightDatabase;
  /** The one reader of the change log that the layer watches share (changeFeed.ts). */
  readonly #feed: ChangeFeed;
  #files: Promise<FileStore> | null = null;
  /** The note drafts, kept here as well as in localStorage (draftMirror.ts). */
  readonly drafts: DraftMirror;

  constructor(database: SpanwrightDatabase) {
    this.#database = database;
    this.#feed = new ChangeFeed(database);
    this.drafts = new DraftMirror(database);
  }

  // ---- the database itself -------------------------------------------------------------------
  /** The database's name: a Worker opens it by name to read the texts itself (workers/storedTexts.ts). */
  get databaseName(): string {
    return this.#database.name;
  }

  /**
   * Opens the database. `onBlocked` hears that another tab holding an older version blocks the
   * upgrade; `onVersionChange` that a newer version opened elsewhere closed this connection;
   * `onClosed` that the browser closed it (its storage deleted: the disk full, site data cleared).
   */
  open(listeners: OpenListeners): Promise<{ ok: true } | { ok: false; message: string }> {
    return openDatabase(this.#database, listeners);
  }

  /** Loads the default corpus on the first start; see `corpus.ts`. */
  seedDefaultCorpus(fetchFile: (path: string) => Promise<Response>, now?: () => number): Promise<number> {
    return seedDefaultCorpus(this.#database, fetchFile, now);
  }

  /** Keeps the change log short; housekeeping at start-up. */
  pruneChanges(): Promise<void> {
    return pruneChanges(this.#database);
  }

  /** Closes the connection and deletes the whole database (tests, and nothing else). */
  async destroy(): Promise<void> {
    await this.#database.delete();
  }

  // ---- settings --------------------------------------------------------------------------------
  readSetting<T>(key: string, fallback: T): Promise<T> {
    return readSetting(this.#database, key, fallback);
  }
  writeSetting(key: string, value: unknown): Promise<void> {
    return writeSetting(this.#database, key, value);
  }

  /** The name of the corpus the database was seeded with (for export file names). */
  corpusName(): Promise<string> {
    return readSetting(this.#database, 'seeded', 'spanwright').then(String);
  }

  // ---- documents and summaries -----------------------------------------------------------------
  /**
   * Every document's head (no text) in list order, live: what the list and startup read. Read whole
   * once, then only the rows each write names (`headsWatch.ts`). Heads from one file share one `source` string.
   */
  watchHeads(): Watch<DocumentHead[]> {
    return watchHeads(this.#database);
  }

  /** One document with its text, or undefined when there is none with `id`. */
  readDocument(id: string): Promise<Document | undefined> {
    return this.#database.documents.get(id);
  }

  /** Every document in list order, `size` at a time: a reader of all texts holds one page, never the corpus. */
  async *readDocumentPages(size = 200): AsyncGenerator<Document[]> {
    let after = -Infinity;
    for (;;) {
      const page = await this.#database.documents.where('order').above(after).limit(size).toArray();
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].order;
    }
  }

  /** Every document with its text in list order, live (team sync), but an import's not yet whole (importJournal.ts). */
  watchDocuments(): Watch<Document[]> {
    return liveQuery(async () => {
      const unfinished = new Set((await this.#database.importJournal.toArray()).flatMap((entry) => entry.documents));
      const documents = await this.#database.documents.orderBy('order').toArray();
      return documents.filter((document) => !unfinished.has(document.id));
    });
  }

  /** One annotator's summary rows: all at first, then the rows each change names (`changes.ts`). */
  watchSummaries(
    annotator: string,
    onUpdate: (update: SummaryUpdate) => void,
    onError: (error: unknown) => void,
  ): () => void {
    return watchSummaries(this.#feed, this.#database, annotator, onUpdate, onError);
  }

  /** The summary row of one layer, live: its revision says when the layer changed. */
  watchSummary(annotator: string, documentId: string): Watch<DocumentStatus | undefined> {
    return watchSummary(this.#feed, this.#database, annotator, documentId);
  }

  /** Every annotator with a layer or a status, sorted. */
  listAnnotators = (): Promise<string[]> => listAnnotators(this.#database);
  /** The two of `names` who worked on the most documents in common, or null (`annotators.ts`). */
  busiestPair = (names: readonly string[]) => busiestPair(this.#database, names);
  /** Whether `name` has decided in the review, with or without a layer of their own (`annotators.ts`). */
  hasDecided = (name: string): Promise<boolean> => hasDecided(this.#database, name);
  /** Spans per annotator over the corpus (the Export dialog's choice names them). */
  spanCountsByAnnotator = () => spanCountsByAnnotator(this.#database);

  /** Every annotator with a layer or a status, live (a layer imported in another tab appears). */
  watchAnnotators = (): Watch<string[]> => watchAnnotators(this.#feed, this.#database);
  /** Reads the change log for writes no tab announced (one committed as its tab closed): the watches hear of them. */
  lookForChanges = (): void => this.#feed.look();

  // ---- layers ----------------------------------------------------------------------------------
  readLayer(documentId: string, annotator: string): ReturnType<typeof readLayer> {
    return readLayer(this.#database, documentId, annotator);
  }

  createSpan(input: NewSpan, now: number): Promise<Created> {
    return createSpanInLayer(this.#database, input, now);
  }

  /** Stores spans as given (an undo, a redo); resolves with those left out: document gone, or a twin stored meanwhile. */
  putSpans(spans: readonly Span[], now: number): Promise<{ gone: Span[]; twins: Span[] }> {
    return putSpans(this.#database, spans, now);
  }

  deleteSpans(ids: readonly string[], now: number, asWritten?: readonly Span[]): Promise<Span[]> {
    return deleteSpans(this.#database, ids, now, asWritten);
  }

  relabelSpan(id: string, label: string, now: number, from?: string): Promise<Relabelled | null> {
    return relabelSpan(this.#database, id, label, now, from);
  }

  setStatus(documentId: string, annotator: string, status: Status, now: number, from?: Status, finished?: number) {
    return setStatus(this.#database, documentId, annotator, status, now, from, finished);
  }

  // ---- suggestions ---------------------------------------------------------------------------
  /** The suggestions for `annotator` on `documentId`, in reading order, live. */
  watchSuggestions(documentId: string, annotator: string): Watch<Suggestion[]> {
    return liveQuery(() => layerSuggestions(this.#database, documentId, annotator));
  }
  /** Stores the proposals not already there as spans or suggestions; resolves with those stored. */
  proposeSuggestions(proposals: readonly NewSuggestion[], now: number): Promise<Suggestion[]> {
    return proposeSuggestions(this.#database, proposals, now);
  }
  /** Each document's places and labels `annotator` has as spans or suggestions (`spanKey`s): what a proposal leaves out. */
  placesTaken(documentIds: readonly string[], annotator: string): Promise<Map<string, Set<string>>> {
    return placesTaken(this.#database, documentIds, annotator);
  }
  /** Removes suggestions (a rejection, or undo of a proposal); resolves with those removed. */
  removeSuggestions(ids: readonly string[]): Promise<Suggestion[]> {
    return removeSuggestions(this.#database, ids);
  }
  /** Puts removed suggestions back as they were. */
  restoreSuggestions = (suggestions: readonly Suggestion[]) => restoreSuggestions(this.#database, suggestions);
  /** How many suggestions `annotator` has in each document that has some. */
  suggestionCounts = (annotator: string) => suggestionCounts(this.#database, annotator);
  /** Turns suggestions (by id, or every one a layer holds then) into spans with their source, in one transaction. */
  acceptSuggestions(which: readonly string[] | SuggestionLayer, now: number, as?: string): Promise<Acceptance> {
    return acceptSuggestions(this.#database, which, now, as);
  }
  /** Carries an acceptance out again (`forward`) or takes it back; resolves with the spans a take-back left (changed since). */
  applyAcceptance(acceptance: Acceptance, forward: boolean, now: number): Promise<Span[]> {
    return applyAcceptance(this.#database, acceptance, forward, now);
  }
  // ---- labels ----------------------------------------------------------------------------------

  /** The label set in palette order, live. */
  watchLabels(): Watch<Label[]> {
    return liveQuery(() => listLabels(this.#database));
  }
  addLabel = (name: string): Promise<string | null> => addLabel(this.#database, name);
  updateLabel = (name: string, changes: Parameters<typeof updateLabel>[2]) =>
    updateLabel(this.#database, name, changes);
  /** Writes a kept description draft over the text it was typed over only (labels.ts). */
  describeLabelIf = (name: string, from: readonly string[], draft: string) =>
    describeLabelIf(this.#database, name, from, draft);
  renameLabel = (from: string, to: string, now: number): Promise<string | null> =>
    renameLabel(this.#database, from, to, now);
  /** The names `labels` go by now after the renames since `since` (Date.now() ms); null for one removed. */
  labelNamesNow = (labels: readonly string[], since: number) => labelNamesNow(this.#database, labels, since);
  /** Merges label `from` into the label `to`, with every span (labelMerge.ts). */
  mergeLabel = (from: string, to: string, now: number) => mergeLabel(this.#database, from, to, now);
  undoLabelMerge = (merged: MergedLabel, now: number) => undoLabelMerge(this.#database, merged, now);
  /** Deletes a label and its spans; resolves with what it removed, for `restoreDeletedLabel` (labelRestore.ts). */
  deleteLabel = (name: string, now: number) => deleteLabel(this.#database, name, now);
  restoreDeletedLabel = (deleted: DeletedLabel, now: number) => restoreDeletedLabel(this.#database, deleted, now);
  moveLabel = (name: string, direction: -1 | 1) => moveLabel(this.#database, name, direction);
  /** How many spans (or suggestions) carry the label `name`, in every layer. */
  countWithLabel = (name: string, of: 'spans' | 'suggestions' = 'spans') =>
    this.#database[of].where('label').equals(name).count();
  /** One span by its id (undefined when it is gone): one key read, not its layer. */
  spanById = (id: string): Promise<Span | undefined> => this.#database.spans.get(id);
  /** One layer's summary row (its `updated`, its `revision`); undefined for a layer never written. */
  summaryOf = (annotator: string, documentId: string) => this.#database.statuses.get([annotator, documentId]);
  /** How many spans carry `name`, by annotator; a rename from the team; a label no span uses dropped (teamLabels.ts). */
  countSpansByAnnotator = (name: string) => countSpansWithLabelByAnnotator(this.#database, name);
  renameLabelInto = (from: string, to: string, now: number, taken?: { name: string; update: Uint8Array }) =>
    renameLabelInto(this.#database, from, to, now, taken);
  deleteLabelIfUnused = (name: string) => deleteLabelIfUnused(this.#database, name);
  deleteTeamLabel = (name: string, now: number) => deleteLabel(this.#database, name, now, 'team').then(() => undefined);
  /** The labels spans carry that the set lacks, live (Settings → Labels offers to add them). */
  watchUnlistedLabels = () => liveQuery(() => unlistedLabels(this.#database));
  // ---- review ----------------------------------------------------------------------------------

  watchAnnotatorSpans = (annotator: string): Watch<Span[]> => watchAnnotatorSpans(this.#database, annotator);
  watchAnnotatorSummaries = (annotator: string): Watch<DocumentStatus[]> =>
    watchAnnotatorSummaries(this.#database, annotator);
  /** Writes a review decision into the gold and rejected layers, in one transaction; resolves with what changed. */
  decideInGold(decision: GoldDecision, now: number): Promise<GoldChange> {
    return decideInGold(this.#database, decision, now);
  }
  /** Takes a decision's change back (`undo`) or applies it again, in one transaction; false when decided again since. */
  applyGoldChange(change: GoldChange, undo: boolean, now: number): Promise<boolean> {
    return applyGoldChange(this.#database, change, undo, now);
  }
  /** One setting, live (undefined while unset). */
  watchSetting<T>(key: string): Watch<T | undefined> {
    return liveQuery(async () => (await this.#database.settings.get(key))?.value as T | undefined);
  }

  // ---- files -----------------------------------------------------------------------------------
  /** Imports, exports, backups, feedback (`fileStore.ts`): loaded when a file first comes or goes (every format). */
  files(): Promise<FileStore> {
    return (this.#files ??= import('./fileStore').then((module) => new module.FileStore(this.#database)));
  }

  /** Takes back what unfinished imports stored (importJournal.ts); loads the file side only when there are some. */
  async recoverStoppedImports(options: { waitMs?: number } = {}): Promise<RecoveredImport[]> {
    if ((await this.#database.importJournal.count()) === 0) return [];
    return (await this.files()).recoverStoppedImports(options);
  }

  // ---- notes and feedback ----------------------------------------------------------------------
  /** Sets (or, empty, removes) a span's note in one logged transaction; null when gone or unchanged. */
  setSpanNote(id: string, note: string, now: number, from?: string): Promise<{ before: Span; after: Span } | null> {
    return setSpanNote(this.#database, id, note, now, from);
  }
  /** Marks a span as an example of its label, or no longer, in one logged transaction; null when gone or unchanged. */
  setSpanExample(id: string, example: boolean, now: number): Promise<{ before: Span; after: Span } | null> {
    return setSpanExample(this.#database, id, example, now);
  }

  // ---- overview --------------------------------------------------------------------------------

  /**
   * Every span and every summary row, live (the Overview's charts and the guidelines' examples):
   * read whole, and again after any write, only while the Overview or the guidelines are open.
   */
  watchEverything(): Watch<{ spans: Span[]; statuses: DocumentStatus[] }> {
    const database = this.#database;
    return liveQuery(() =>
      database.transaction('r', [database.spans, database.statuses], async () => {
        const [spans, statuses] = await Promise.all([database.spans.toArray(), database.statuses.toArray()]);
        return { spans, statuses };
      }),
    );
  }

  // ---- team sync -------------------------------------------------------------------------------
  // shared.ts loads with team sync's first call (or the Overview's): it is not part of the first page.

  /** Hears the layers every committed write names (any tab), or 'everything'; returns the stop function. */
  watchLayerChanges(
    onChange: (layers: [annotator: string, documentId: string][] | 'everything') => void,
    onError: (error: unknown) => void,
  ): () => void {
    return watchLayerChanges(this.#feed, this.#database, onChange, onError);
  }

  /** Every span and summary row of one annotator, with the last restore's id (restoreMark.ts) read with them. */
  async readLayers(annotator: string): Promise<{ spans: Span[]; statuses: DocumentStatus[]; restore: string | null }> {
    return (await import('./syncReads')).readLayersMarked(this.#database, annotator);
  }

  /** The named layers' spans and summaries, by `layerKey`, with the last restore's id read with them. */
  async readSomeLayers(layers: readonly (readonly [annotator: string, documentId: string])[]) {
    return (await import('./syncReads')).readSomeLayersMarked(this.#database, layers);
  }

  /** The labels team sync may share (none an import under way brought), with the last restore's id; and live. */
  readLabelsToShare = () => readLabelsToShare(this.#database);
  watchLabelsToShare = () => liveQuery(() => readLabelsToShare(this.#database));
  /** The last restore's mark (restoreMark.ts), or null, once and live; and the note that team sync merged the team back in after it. */
  readRestoreMark = (): Promise<RestoreMark | null> => readRestoreMark(this.#database);
  watchRestoreMark = (): Watch<RestoreMark | null> => liveQuery(() => readRestoreMark(this.#database));
  markRestoreMerged = (id: string): Promise<void> => markRestoreMerged(this.#database, id);

  /** Stores the team's changes span by span (a span written here meanwhile stays); resolves with what it left aside. */
  async applySharedChanges(changes: SharedChanges, now: number): Promise<SharedOutcome> {
    return (await import('./shared')).applySharedChanges(this.#database, changes, now);
  }

  /** The team's spans this database could not store, as `applySharedChanges` would leave them aside (reads only). */
  async unplacedSpans(spans: readonly Span[]): Promise<HeldSpan[]> {
    return (await import('./shared')).unplacedSpans(this.#database, spans);
  }
  /** Which of `ids` this database lacks (keys only). */
  missingDocuments = async (ids: readonly string[]) => (await import('./shared')).missingDocuments(this.#database, ids);
  /** Adds the shared documents this database lacks; resolves with how many. */
  async addSharedDocuments(documents: readonly SharedDocument[]): Promise<number> {
    return (await import('./shared')).addSharedDocuments(this.#database, documents);
  }

  /** Adds and updates labels from the team's set (a label only this database has stays). */
  async mergeSharedLabels(labels: readonly (Partial<Label> & { name: string })[], teamNames?: ReadonlySet<string>) {
    return (await import('./shared')).mergeSharedLabels(this.#database, labels, teamNames);
  }
  /** Every document, in list order (read once). */
  readDocuments(): Promise<Document[]> {
    return this.#database.documents.orderBy('order').toArray();
  }
  /** The stored Yjs updates of a shared document; one more; all of them as one. */
  async readSyncUpdates(name: string): Promise<Uint8Array[]> {
    return (await import('./shared')).readSyncUpdates(this.#database, name);
  }
  async appendSyncUpdate(name: string, update: Uint8Array): Promise<void> {
    return (await import('./shared')).appendSyncUpdate(this.#database, name, update);
  }
  async compactSyncUpdates(name: string, update: Uint8Array, read?: number): Promise<void> {
    return (await import('./shared')).compactSyncUpdates(this.#database, name, update, read);
  }
}
