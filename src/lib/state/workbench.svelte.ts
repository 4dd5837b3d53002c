import { liveQuery, type Subscription } from 'dexie';
import { CodePointIndex } from '../model/offsets';
import { innermostAt } from '../model/innermost';
import { sameLayer, samePlace, sameStoredSpan, spanKey } from '../model/spanIdentity';
import { compareSpans, insertSorted } from '../model/spanOrder';
import { snapSelection } from '../model/spans';
import type { Document, DocumentStatus, Label, Span, Status } from '../model/types';
import { seedDefaultCorpus } from '../storage/corpus';
import { openDatabase, type SpanwrightDatabase } from '../storage/database';
import { listLabels } from '../storage/labels';
import { onStorageMutated, tableMutation } from '../storage/mutations';
import { readSetting, writeSetting, DEFAULT_ANNOTATOR } from '../storage/settings';
import { createSpanInLayer, deleteSpans, putSpans, readLayer, relabelSpan, setStatus } from '../storage/spans';
import type { Viewer } from '../editor/viewer';
import { History } from './history.svelte';
import { LayerRevisions } from './layerRevisions';

/** A span of the open document with its UTF-16 place and whether its quote still matches. */
export interface SpanView extends Span {
  start16: number;
  end16: number;
  /** False when the stored quoted text differs from the document at the span's offsets. */
  matches: boolean;
}

export interface DocumentEntry {
  document: Document;
  status: Status;
  spanCount: number;
  labels: readonly string[];
}

export type StatusFilter = 'all' | Status;

export interface WorkbenchEnvironment {
  database: SpanwrightDatabase;
  /** Fetches a file of the default corpus by name. */
  fetchCorpusFile(path: string): Promise<Response>;
  /** Asks the browser to keep storage under pressure; called at the first real work. */
  requestPersistence?(): Promise<boolean>;
  now?(): number;
}

/**
 * The annotator's workbench: the corpus, the open document, the current annotator's layer, and
 * the named transitions that change them. Every change is written to the database first; what
 * is shown is what is stored.
 */
export class Workbench {
  readonly database: SpanwrightDatabase;
  readonly history = new History();
  private readonly environment: WorkbenchEnvironment;

  ready = $state(false);
  fatalError = $state<string | null>(null);
  /** A transient message for the status line (saved, undone, refused…). */
  notice = $state<{ text: string; tone: 'info' | 'error' } | null>(null);

  annotator = $state(DEFAULT_ANNOTATOR);
  documents = $state.raw<Document[]>([]);
  statuses = $state.raw<ReadonlyMap<string, DocumentStatus>>(new Map());
  labels = $state.raw<Label[]>([]);
  currentId = $state<string | null>(null);
  spans = $state.raw<Span[]>([]);
  /** The document whose layer `spans` holds, once it has been read (or failed to be): see `viewShowsCurrent`. */
  layerDocumentId = $state<string | null>(null);
  selectedSpanId = $state<string | null>(null);
  /** Keep selections as made, without snapping to words. */
  precise = $state(false);

  statusFilter = $state<StatusFilter>('all');
  labelFilter = $state('');
  query = $state('');

  private viewer: Viewer | null = null;
  private subscriptions: Subscription[] = [];
  private spanSubscription: Subscription | null = null;
  private persistenceRequested = false;

  constructor(environment: WorkbenchEnvironment) {
    this.environment = environment;
    this.database = environment.database;
  }

  private now(): number {
    return (this.environment.now ?? Date.now)();
  }

  // ---- derived views -------------------------------------------------------------------------

  current = $derived<Document | null>(this.documents.find((document) => document.id === this.currentId) ?? null);

  private index = $derived(new CodePointIndex(this.current?.text ?? ''));

  /** The spans and views of the last derivation, for reuse: views are parallel to spans. */
  private lastSpans: readonly Span[] = [];
  private lastViews: readonly SpanView[] = [];
  private lastIndex: CodePointIndex | null = null;

  /**
   * The open document's spans with their UTF-16 places and quote checks. An unchanged span keeps
   * its view object, so the list and the highlights redraw only what changed. Both lists are in
   * reading order, so they are matched by walking them side by side: one added span costs a pass
   * of pointer comparisons, with nothing hashed and nothing recomputed.
   */
  spanViews = $derived.by<SpanView[]>(() => {
    const spans = this.spans;
    const text = this.current?.text ?? '';
    const index = this.index;
    const reuse = this.lastIndex === index;
    const before = reuse ? this.lastSpans : [];
    const beforeViews = reuse ? this.lastViews : [];
    const views: SpanView[] = new Array<SpanView>(spans.length);
    let i = 0;
    for (let j = 0; j < spans.length; j++) {
      const span = spans[j];
      while (i < before.length && before[i] !== span && compareSpans(before[i], span) < 0) i++;
      if (i < before.length && sameStoredSpan(before[i], span)) views[j] = beforeViews[i++];
      else views[j] = this.viewOf(span, text, index);
    }
    this.lastSpans = spans;
    this.lastViews = views;
    this.lastIndex = index;
    return views;
  });

  private viewOf(span: Span, text: string, index: CodePointIndex): SpanView {
    const start16 = index.toUtf16(span.start);
    const end16 = index.toUtf16(span.end);
    return {
      ...span,
      start16,
      end16,
      matches: span.end <= index.codePointLength && text.slice(start16, end16) === span.text,
    };
  }

  mismatchCount = $derived(this.spanViews.filter((span) => !span.matches).length);

  /** Each document's entry with the summary it was made from, for reuse. */
  private lastEntries = new Map<string, { summary: DocumentStatus | undefined; entry: DocumentEntry }>();

  /**
   * One entry per document. A document whose record and summary are unchanged keeps its entry
   * object, so after a label only that document's row in the list updates.
   */
  entries = $derived.by<DocumentEntry[]>(() => {
    const previous = this.lastEntries;
    const next = new Map<string, { summary: DocumentStatus | undefined; entry: DocumentEntry }>();
    const list = this.documents.map((document) => {
      const summary = this.statuses.get(document.id);
      const last = previous.get(document.id);
      const entry =
        last && last.entry.document === document && last.summary === summary
          ? last.entry
          : {
              document,
              status: summary?.status ?? 'todo',
              spanCount: summary?.spanCount ?? 0,
              labels: summary?.labels ?? [],
            };
      next.set(document.id, { summary, entry });
      return entry;
    });
    this.lastEntries = next;
    return list;
  });

  filteredEntries = $derived.by<DocumentEntry[]>(() => {
    const query = searchable(this.query.trim());
    return this.entries.filter(
      (entry) =>
        (this.statusFilter === 'all' || entry.status === this.statusFilter) &&
        (this.labelFilter === '' || entry.labels.includes(this.labelFilter)) &&
        (query === '' || searchableDocument(entry.document).includes(query)),
    );
  });

  doneCount = $derived(this.entries.filter((entry) => entry.status === 'done').length);

  colours = $derived(new Map(this.labels.map((label) => [label.name, label.colour])));

  // ---- start-up ------------------------------------------------------------------------------

  /** Opens storage, seeds the default corpus on the first start, and starts the live queries. */
  async start(): Promise<void> {
    // Another tab holding an older version open blocks the upgrade: say so instead of hanging.
    const onBlocked = () => (this.fatalError = BLOCKED_MESSAGE);
    this.database.on('blocked', onBlocked);
    const opened = await openDatabase(this.database);
    this.database.on('blocked').unsubscribe(onBlocked);
    if (!opened.ok) {
      this.fatalError = opened.message;
      return;
    }
    if (this.fatalError === BLOCKED_MESSAGE) this.fatalError = null;
    // A newer version opened in another tab closes this connection: later writes would fail.
    this.database.on('versionchange', () => {
      this.fatalError =
        'Spanwright was updated in another tab. Reload this tab to keep working; everything you labelled is stored.';
    });
    try {
      await seedDefaultCorpus(this.database, this.environment.fetchCorpusFile, this.environment.now);
    } catch (error) {
      this.notice = { text: `The default corpus could not be loaded: ${String(error)}`, tone: 'error' };
    }
    this.annotator = await readSetting(this.database, 'annotator', DEFAULT_ANNOTATOR);
    const lastOpen = await readSetting<string | null>(this.database, 'lastDocument', null);
    this.watch(
      () => this.database.documents.orderBy('order').toArray(),
      (documents) => {
        this.documents = documents;
        if (this.currentId === null || !documents.some((document) => document.id === this.currentId)) {
          const first = documents.find((document) => document.id === lastOpen) ?? documents[0];
          if (first) this.open(first.id);
        }
      },
    );
    this.watch(
      () => listLabels(this.database),
      (labels) => (this.labels = labels),
    );
    this.watchStatuses();
    this.ready = true;
  }

  private watch<T>(query: () => Promise<T>, next: (value: T) => void): Subscription {
    const subscription = liveQuery(query).subscribe({
      next,
      error: (error: unknown) => (this.notice = { text: `Reading storage failed: ${String(error)}`, tone: 'error' }),
    });
    this.subscriptions.push(subscription);
    return subscription;
  }

  private stopStatusWatch: (() => void) | null = null;

  /**
   * Keeps `statuses` (one summary row per document of this annotator) current. Read whole once;
   * after that, a committed change (here or in another tab) re-reads only the rows it names, so a
   * label in a 10,000-document corpus reads one row, not 10,000. A change over a range (a clear,
   * a restore, a large import) reads the whole set again. Changes apply in the order they came.
   */
  private watchStatuses(): void {
    this.stopStatusWatch?.();
    const annotator = this.annotator;
    const database = this.database;
    let stopped = false;
    let queue = Promise.resolve();
    const then = (step: () => Promise<void>) => {
      queue = queue.then(step).catch((error: unknown) => {
        if (!stopped) this.notice = { text: `Reading storage failed: ${String(error)}`, tone: 'error' };
      });
    };
    const readAll = async () => {
      const rows = await database.statuses.where('annotator').equals(annotator).toArray();
      if (!stopped) this.statuses = new Map(rows.map((row) => [row.documentId, row]));
    };
    const unsubscribe = onStorageMutated((parts) => {
      const mutation = tableMutation(parts, database.name, 'statuses');
      if (mutation === 'untouched') return;
      if (mutation === 'range') {
        then(readAll);
        return;
      }
      const keys = mutation.keys.filter(
        (key): key is [string, string] => Array.isArray(key) && (key as unknown[])[0] === annotator,
      );
      if (keys.length === 0) return;
      then(async () => {
        const rows = await database.statuses.bulkGet(keys);
        if (stopped) return;
        const next = new Map(this.statuses);
        keys.forEach(([, documentId], index) => {
          const row = rows[index];
          if (row) next.set(documentId, row);
          else next.delete(documentId);
        });
        this.statuses = next;
      });
    });
    then(readAll);
    this.stopStatusWatch = () => {
      stopped = true;
      unsubscribe();
    };
  }

  /**
   * The open layer is kept current by watching its summary row, not its spans: every write to a
   * layer gives the summary a new revision, and `revisions` says which ones need a read (see
   * LayerRevisions). So labelling never re-reads the whole layer.
   */
  private watchSpans(): void {
    this.spanSubscription?.unsubscribe();
    const documentId = this.currentId;
    const annotator = this.annotator;
    this.revisions.reset();
    this.layerDocumentId = null;
    if (documentId === null) return;
    // Read the layer at once rather than after the watch's first round trip.
    void this.readLayer(documentId, annotator);
    this.spanSubscription = liveQuery(() => this.database.statuses.get([annotator, documentId])).subscribe({
      next: (summary) => {
        if (documentId !== this.currentId || annotator !== this.annotator) return;
        if (this.revisions.reported(summary?.revision)) void this.readLayer(documentId, annotator);
      },
      error: (error: unknown) => (this.notice = { text: `Reading storage failed: ${String(error)}`, tone: 'error' }),
    });
  }

  private readonly revisions = new LayerRevisions();

  private async readLayer(documentId: string, annotator: string): Promise<void> {
    const ticket = this.revisions.startRead();
    let outcome: ReturnType<LayerRevisions['landed']>;
    try {
      const layer = await readLayer(this.database, documentId, annotator);
      outcome = this.revisions.landed(ticket, layer.revision);
      if (outcome === 'show' || outcome === 'show-and-read') {
        // Equal records change nothing shown: keep the objects, and nothing downstream recomputes.
        if (!sameLayer(this.spans, layer.spans)) this.spans = layer.spans;
        this.layerDocumentId = documentId;
        if (this.selectedSpanId && !layer.spans.some((span) => span.id === this.selectedSpanId))
          this.selectedSpanId = null;
      }
    } catch (error) {
      this.notice = { text: `Reading storage failed: ${String(error)}`, tone: 'error' };
      // Show the text all the same: the notice says why it has no highlights.
      if (this.revisions.failed(ticket)) this.layerDocumentId = documentId;
      return;
    }
    if (outcome === 'again' || outcome === 'show-and-read') await this.readLayer(documentId, annotator);
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.spanSubscription?.unsubscribe();
    this.stopStatusWatch?.();
    this.subscriptions = [];
  }

  // ---- the viewer ----------------------------------------------------------------------------

  attachViewer(viewer: Viewer | null): void {
    this.viewer = viewer;
  }

  // ---- navigation ----------------------------------------------------------------------------

  open(documentId: string): void {
    if (documentId === this.currentId) return;
    this.currentId = documentId;
    this.spans = [];
    this.selectedSpanId = null;
    this.watchSpans();
    void writeSetting(this.database, 'lastDocument', documentId);
  }

  /** Moves to the next (+1) or previous (-1) document of the filtered list. */
  step(direction: 1 | -1): void {
    const list = this.filteredEntries;
    if (list.length === 0) return;
    const index = list.findIndex((entry) => entry.document.id === this.currentId);
    const next = index < 0 ? 0 : index + direction;
    if (next >= 0 && next < list.length) this.open(list[next].document.id);
  }

  async setAnnotator(name: string): Promise<void> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === this.annotator) return;
    this.annotator = trimmed;
    this.history.clear();
    this.selectedSpanId = null;
    this.spans = [];
    this.watchStatuses();
    this.watchSpans();
    try {
      await writeSetting(this.database, 'annotator', trimmed);
    } catch (error) {
      this.notice = {
        text: `The annotator name was not saved for next time: ${describeWriteError(error)}`,
        tone: 'error',
      };
    }
  }

  // ---- spans ---------------------------------------------------------------------------------

  /** Asks the browser, once, to keep the data under storage pressure: at the first real work. */
  async persistOnce(): Promise<void> {
    if (this.persistenceRequested || !this.environment.requestPersistence) return;
    this.persistenceRequested = true;
    try {
      await this.environment.requestPersistence();
    } catch {
      // The browser may refuse; storage still works, only without the guarantee.
    }
  }

  /**
   * Applies `label`: to the fresh text selection if there is one (creating a span), else to the
   * selected span (relabelling it). `precise` keeps the selection unsnapped for this one span.
   */
  async applyLabel(label: string, precise = this.precise): Promise<void> {
    const document = this.current;
    if (!document) return;
    // While a newly opened text waits for its layer, the view still shows the previous one (or,
    // after a switch of annotator, the previous layer): a selection there is not on this layer.
    if (!this.viewShowsCurrent) {
      this.notice = {
        text: `“${truncate(document.title)}” is still loading: select the text again in a moment.`,
        tone: 'info',
      };
      return;
    }
    const range = this.viewer?.selection();
    if (range) {
      await this.createFromRange(document, label, range.start, range.end, precise);
      return;
    }
    if (this.selectedSpanId) await this.relabelSelected(label);
  }

  /** Spans being written right now, by `start:end:label`, so a double key press adds one span. */
  private inFlight = new Set<string>();

  /** Creates a span over UTF-16 range [start, end) of the open document. */
  async createFromRange(
    document: Document,
    label: string,
    start: number,
    end: number,
    precise: boolean,
  ): Promise<Span | null> {
    const snapped = snapSelection(document.text, start, end, precise);
    if (!snapped) return null;
    const index = this.index;
    const codeStart = index.toCodePoint(snapped.start);
    const codeEnd = index.toCodePoint(snapped.end);
    const text = document.text.slice(index.toUtf16(codeStart), index.toUtf16(codeEnd));
    const place = { start: codeStart, end: codeEnd, label };
    const key = spanKey(place);
    const duplicate = this.spans.find((span) => samePlace(span, place));
    if (duplicate || this.inFlight.has(key)) {
      if (duplicate) this.selectedSpanId = duplicate.id;
      this.clearSelectionIf(start, end);
      this.notice = { text: `That text is already labelled ${label}.`, tone: 'info' };
      return null;
    }
    this.inFlight.add(key);
    const annotator = this.annotator;
    let span: Span;
    let written: { previous: string | undefined; revision: string | undefined };
    try {
      ({ span, ...written } = await createSpanInLayer(
        this.database,
        { documentId: document.id, annotator, start: codeStart, end: codeEnd, label, text },
        this.now(),
      ));
    } catch (error) {
      this.notice = { text: `Not saved: ${describeWriteError(error)}`, tone: 'error' };
      return null;
    } finally {
      this.inFlight.delete(key);
    }
    // Committed: show it now rather than waiting for the live query to come round.
    if (
      this.currentId === document.id &&
      this.annotator === annotator &&
      !this.spans.some((existing) => existing.id === span.id)
    ) {
      this.spans = insertSorted(this.spans, span);
      this.revisions.wrote(written.previous, written.revision);
    }
    this.selectedSpanId = null;
    // A note about an earlier key press ("already labelled …") no longer applies.
    if (this.notice?.tone === 'info') this.notice = null;
    // The annotator may already have selected the next phrase while this one was being stored.
    this.clearSelectionIf(start, end);
    const database = this.database;
    this.history.record({
      description: `label “${truncate(text)}” ${label}`,
      undo: async () => void (await deleteSpans(database, [span.id], this.now())),
      redo: () => putSpans(database, [span], this.now()),
    });
    void this.persistOnce();
    return span;
  }

  /** Clears the text selection if it is still [start, end) (UTF-16). */
  private clearSelectionIf(start: number, end: number): void {
    const current = this.viewer?.selection();
    if (!current || (current.start === start && current.end === end)) this.viewer?.clearSelection();
  }

  async relabelSelected(label: string): Promise<void> {
    const id = this.selectedSpanId;
    if (!id) return;
    const result = await this.guard(() => relabelSpan(this.database, id, label, this.now()));
    if (!result || result.before.label === label) return;
    const database = this.database;
    this.history.record({
      description: `relabel ${result.before.label} → ${label}`,
      undo: () => putSpans(database, [result.before], this.now()),
      redo: () => putSpans(database, [result.after], this.now()),
    });
  }

  async deleteSelected(): Promise<void> {
    const id = this.selectedSpanId;
    if (!id) return;
    const removed = await this.guard(() => deleteSpans(this.database, [id], this.now()));
    if (!removed || removed.length === 0) return;
    this.selectedSpanId = null;
    const database = this.database;
    this.history.record({
      description: `delete ${removed[0].label}`,
      undo: () => putSpans(database, removed, this.now()),
      redo: async () =>
        void (await deleteSpans(
          database,
          removed.map((span) => span.id),
          this.now(),
        )),
    });
  }

  async undo(): Promise<void> {
    const command = await this.guard(() => this.history.undo());
    if (command) this.notice = { text: `Undone: ${command.description}`, tone: 'info' };
  }

  async redo(): Promise<void> {
    const command = await this.guard(() => this.history.redo());
    if (command) this.notice = { text: `Redone: ${command.description}`, tone: 'info' };
  }

  /**
   * True when the view may show the open document: at once for a short text, and for a long one
   * once its layer has been read, so it is drawn once with its highlights (drawing 10,000
   * highlights into a text already on screen costs about as much as drawing the text).
   */
  get viewShowsCurrent(): boolean {
    const current = this.current;
    return current !== null && (current.text.length < DRAW_WITH_LAYER_FROM || this.layerDocumentId === current.id);
  }

  private async guard<T>(write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      this.notice = { text: `Not saved: ${describeWriteError(error)}`, tone: 'error' };
      return null;
    }
  }

  /** Selects the span at UTF-16 offset `offset` (the innermost), or clears the selection. */
  selectAt(offset: number): void {
    const hit = innermostAt(this.spanViews, offset, (span) => ({
      start: span.start16,
      end: span.end16,
      label: span.label,
      id: span.id,
    }));
    this.selectedSpanId = hit?.id ?? null;
  }

  selectSpan(id: string | null, scroll = false): void {
    this.selectedSpanId = id;
    const span = this.spanViews.find((view) => view.id === id);
    if (span && scroll) this.viewer?.scrollToOffset(span.start16);
  }

  /** Selects the next (+1) or previous (-1) span in reading order, and scrolls to it. */
  stepSpan(direction: 1 | -1): void {
    const spans = this.spanViews;
    if (spans.length === 0) return;
    const index = spans.findIndex((span) => span.id === this.selectedSpanId);
    const next =
      index < 0 ? (direction === 1 ? 0 : spans.length - 1) : Math.min(spans.length - 1, Math.max(0, index + direction));
    this.selectSpan(spans[next].id, true);
  }

  // ---- status --------------------------------------------------------------------------------

  /**
   * Sets the open document's status (and moves on, unless `advance` is false). Undo puts the
   * previous status back and reopens the document, as Prodigy's undo returns to the last answer.
   */
  async markCurrent(status: Status, advance = true): Promise<void> {
    const document = this.current;
    if (!document) return;
    const id = document.id;
    const annotator = this.annotator;
    const before = this.statuses.get(id)?.status ?? 'todo';
    // `guard` resolves null when the write failed (and says so).
    if ((await this.guard(() => setStatus(this.database, id, annotator, status, this.now()))) === null) return;
    if (before !== status) {
      const database = this.database;
      this.history.record({
        description: `${status === 'todo' ? 'reopen' : `mark ${status}`} “${truncate(document.title)}”`,
        undo: async () => {
          await setStatus(database, id, annotator, before, this.now());
          if (this.annotator === annotator) this.open(id);
        },
        redo: () => setStatus(database, id, annotator, status, this.now()),
      });
    }
    if (advance) this.step(1);
  }
}

const BLOCKED_MESSAGE =
  'Spanwright is waiting for another tab: an older version of Spanwright is holding the storage open. Close other Spanwright tabs to continue.';

/** `text` folded for search: lower case, accents and other combining marks dropped (Zürich → zurich). */
function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase();
}

/**
 * A document's id, title and text folded for search, once per stored record: typing a query then
 * costs a substring search per document, not folding 10,000 texts per key stroke.
 */
const searchCache = new WeakMap<Document, string>();
function searchableDocument(document: Document): string {
  let folded = searchCache.get(document);
  if (folded === undefined) {
    folded = searchable(`${document.id}\u0000${document.title}\u0000${document.text}`);
    searchCache.set(document, folded);
  }
  return folded;
}

/** From this many UTF-16 units on, a newly opened text waits for its layer before it is drawn. */
const DRAW_WITH_LAYER_FROM = 50_000;

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** True for a write refused because the origin's storage quota is used up. */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const inner = (error as Error & { inner?: unknown }).inner;
  return (
    error.name === 'QuotaExceededError' ||
    /quota/iu.test(error.message) ||
    (inner instanceof Error && isQuotaError(inner))
  );
}

export function describeWriteError(error: unknown): string {
  if (isQuotaError(error))
    return 'the browser has no storage space left for this site. Free some space or export and clear old work.';
  return error instanceof Error ? error.message : String(error);
}
