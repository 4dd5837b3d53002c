import { searchable } from '../model/searchable';
import {
  isReviewLayer,
  STATUSES,
  type DocumentHead,
  type DocumentStatus,
  type Label,
  type Status,
} from '../model/types';
import { searchInPages, TextSearch, type TextSearcher } from './textSearch.svelte';
import type { Store, Watch } from '../storage/store';

export interface DocumentEntry {
  document: DocumentHead;
  status: Status;
  spanCount: number;
  labels: readonly string[];
}

export type StatusFilter = 'all' | Status;

/**
 * What the list keeps of a layer's summary row: no ids, times or revision, the status one of the
 * {@link STATUSES} strings and each distinct set of labels one shared array (the heap holds one per
 * document: issue 16's 100,000).
 */
export interface DocumentSummary {
  readonly status: Status;
  readonly spanCount: number;
  readonly labels: readonly string[];
}

/** The texts are searched once typing pauses this long (ids and titles are searched at once). */
const TYPING_PAUSE_MS = 150;

/**
 * The corpus as the annotator's list shows it: every document with the annotator's summary of it
 * (status, spans, labels), the label set, and the filters and search over the list. Kept live from
 * storage; changed only through the named methods.
 */
export class Corpus {
  #documents = $state.raw<DocumentHead[]>([]);
  #statuses = $state.raw<ReadonlyMap<string, DocumentSummary>>(new Map());
  /** Each distinct set of labels, by its names joined: the one array every summary with it shares. */
  #labelSets = new Map<string, readonly string[]>();
  #labels = $state.raw<Label[]>([]);
  #annotators = $state.raw<string[]>([]);
  #statusFilter = $state<StatusFilter>('all');
  #labelFilter = $state('');
  #query = $state('');
  readonly #store: Store;
  readonly #onReadError: (error: unknown) => void;
  #subscriptions: { unsubscribe(): void }[] = [];
  #stopSummaries: (() => void) | null = null;

  /** The search through the texts, read a page at a time (the list holds no text). */
  readonly #textSearch: TextSearch;

  /** `searchTexts`: where the texts are searched (a Worker in the app); in this thread, a page at a time, when not given. */
  constructor(store: Store, onReadError: (error: unknown) => void, searchTexts?: TextSearcher) {
    this.#store = store;
    this.#onReadError = onReadError;
    this.#textSearch = new TextSearch(
      searchTexts ?? searchInPages(() => store.readDocumentPages()),
      () => this.#places,
    );
  }

  /** Every document's head (no text), in list order. */
  get documents(): readonly DocumentHead[] {
    return this.#documents;
  }

  /** The annotator's summary of each document, by document id. */
  get statuses(): ReadonlyMap<string, DocumentSummary> {
    return this.#statuses;
  }

  /** The label set, in palette order. */
  get labels(): readonly Label[] {
    return this.#labels;
  }

  get statusFilter(): StatusFilter {
    return this.#statusFilter;
  }

  get labelFilter(): string {
    return this.#labelFilter;
  }

  get query(): string {
    return this.#query;
  }

  /** Starts the live reads of documents and labels; `onDocuments` hears each new list. */
  start(onDocuments: (documents: readonly DocumentHead[]) => void): void {
    this.#watch(this.#store.watchHeads(), (documents) => {
      const changed = this.#documents.length !== documents.length;
      this.#documents = documents;
      onDocuments(documents);
      // New or removed texts: the texts are searched again.
      if (changed && this.#textSearch.query !== '') this.#searchTexts();
    });
    this.#watch(this.#store.watchLabels(), (labels) => {
      this.#labelFilter = filterAfter(this.#labelFilter, this.#labels, labels);
      this.#labels = labels;
    });
    this.#watch(
      this.#store.watchAnnotators(),
      (names) => (this.#annotators = names.filter((name) => !isReviewLayer(name))),
    );
  }

  /** Everyone with a layer or a status (the review's layers left out), live, sorted. */
  get annotators(): readonly string[] {
    return this.#annotators;
  }

  /** Follows `annotator`'s summaries: read whole once, then only the rows each change names. */
  followAnnotator(annotator: string): void {
    this.#stopSummaries?.();
    this.#stopSummaries = this.#store.watchSummaries(
      annotator,
      (update) => {
        if (update.kind === 'all') {
          this.#labelSets = new Map();
          this.#statuses = new Map(update.rows.map((row) => [row.documentId, this.#summaryOf(row)]));
          return;
        }
        const next = new Map(this.#statuses);
        for (const [documentId, row] of update.rows) {
          if (row) next.set(documentId, this.#summaryOf(row));
          else next.delete(documentId);
        }
        this.#statuses = next;
      },
      this.#onReadError,
    );
  }

  #summaryOf(row: DocumentStatus): DocumentSummary {
    const key = row.labels.join('\u0000');
    let labels = this.#labelSets.get(key);
    if (labels === undefined) {
      labels = Object.freeze([...row.labels]);
      this.#labelSets.set(key, labels);
    }
    const status = STATUSES.find((known) => known === row.status) ?? 'todo';
    return { status, spanCount: row.spanCount, labels };
  }

  stop(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#subscriptions = [];
    this.#stopSummaries?.();
    this.#stopSummaries = null;
    this.#textSearch.stop();
  }

  #watch<T>(watch: Watch<T>, next: (value: T) => void): void {
    this.#subscriptions.push(watch.subscribe({ next, error: this.#onReadError }));
  }

  setStatusFilter(filter: StatusFilter): void {
    this.#statusFilter = filter;
  }

  setLabelFilter(label: string): void {
    this.#labelFilter = label;
  }

  /** Filters the list to documents whose id, title or text holds `query` (case and accents aside). */
  search(query: string): void {
    this.#query = query;
    this.#searchTexts(TYPING_PAUSE_MS);
  }

  #searchTexts(delay = 0): void {
    void this.#textSearch
      .search(searchable(this.#query.trim()), this.#documents.length, delay)
      .catch((error: unknown) => this.#onReadError(error));
  }

  /** While the texts are being searched: how many documents have been read, of how many. */
  get searchProgress(): { done: number; total: number } | null {
    return this.#textSearch.progress;
  }

  /** The last entries, and the summary each was made from (same index), for reuse. */
  #lastEntries: { entries: readonly DocumentEntry[]; summaries: readonly (DocumentSummary | undefined)[] } = {
    entries: [],
    summaries: [],
  };

  /**
   * One entry per document. A document whose head and summary are unchanged keeps its entry
   * object, so after a label only that document's row in the list updates. Entries are matched by
   * index: the heads are new objects after every read of them, so only an unchanged list reuses.
   */
  #entries = $derived.by<DocumentEntry[]>(() => {
    const previous = this.#lastEntries;
    const summaries: (DocumentSummary | undefined)[] = [];
    const list = this.#documents.map((document, index) => {
      const summary = this.#statuses.get(document.id);
      summaries.push(summary);
      const last = previous.entries[index];
      return last && last.document === document && previous.summaries[index] === summary
        ? last
        : {
            document,
            status: summary?.status ?? 'todo',
            spanCount: summary?.spanCount ?? 0,
            labels: summary?.labels ?? [],
          };
    });
    this.#lastEntries = { entries: list, summaries };
    return list;
  });

  /** Each document's place in list order, made again only when the list changes (the text search reads in it). */
  #places = $derived(new Map(this.#documents.map((document, index) => [document.id, index])));

  #filteredEntries = $derived.by<DocumentEntry[]>(() => {
    const query = searchable(this.#query.trim());
    const texts = this.#textSearch;
    return this.#entries.filter(
      (entry, place) =>
        (this.#statusFilter === 'all' || entry.status === this.#statusFilter) &&
        (this.#labelFilter === '' || entry.labels.includes(this.#labelFilter)) &&
        (query === '' || searchableHead(entry.document).includes(query) || texts.holds(entry.document.id, place)),
    );
  });

  #doneCount = $derived(this.#entries.filter((entry) => entry.status === 'done').length);
  #colours = $derived<ReadonlyMap<string, string>>(new Map(this.#labels.map((label) => [label.name, label.colour])));

  /** One entry per document, in list order (an unchanged document keeps its entry object). */
  get entries(): readonly DocumentEntry[] {
    return this.#entries;
  }

  /** The entries the filters and the search let through, in list order. */
  get filteredEntries(): readonly DocumentEntry[] {
    return this.#filteredEntries;
  }

  /** How many documents the annotator has marked done. */
  get doneCount(): number {
    return this.#doneCount;
  }

  /** Each label's colour, by name. */
  get colours(): ReadonlyMap<string, string> {
    return this.#colours;
  }

  /** The document with `id`, or null. */
  find(id: string | null): DocumentHead | null {
    return id === null ? null : (this.#documents.find((document) => document.id === id) ?? null);
  }

  /** The status the annotator gave `documentId` ('todo' when none). */
  statusOf(documentId: string): Status {
    return this.#statuses.get(documentId)?.status ?? 'todo';
  }

  /** The document after (+1) or before (-1) `currentId` in the filtered list, or null at its ends. */
  neighbour(currentId: string | null, direction: 1 | -1): string | null {
    const list = this.#filteredEntries;
    if (list.length === 0) return null;
    const index = list.findIndex((entry) => entry.document.id === currentId);
    if (index < 0) return this.#nearestListed(currentId, direction) ?? list[0].document.id;
    const next = index + direction;
    return next >= 0 && next < list.length ? list[next].document.id : null;
  }

  /**
   * The listed document nearest `currentId` in `direction`, by its place among all documents: the
   * open one may have just left the filtered list (marked done under "to do"). Undefined when it is
   * not stored; null at the end.
   */
  #nearestListed(currentId: string | null, direction: 1 | -1): string | null | undefined {
    const all = this.#entries;
    const at = all.findIndex((entry) => entry.document.id === currentId);
    if (at < 0) return undefined;
    const listed = new Set(this.#filteredEntries);
    for (let index = at + direction; index >= 0 && index < all.length; index += direction)
      if (listed.has(all[index])) return all[index].document.id;
    return null;
  }
}

/**
 * A document's id and title folded for search, once per stored head: typing a query then costs a
 * substring search per document, not folding 10,000 titles per key stroke.
 */
const searchCache = new WeakMap<DocumentHead, string>();
function searchableHead(document: DocumentHead): string {
  let folded = searchCache.get(document);
  if (folded === undefined) {
    folded = searchable(`${document.id}\u0000${document.title}`);
    searchCache.set(document, folded);
  }
  return folded;
}

/**
 * The label filter once the label set went from `before` to `after`: a filtered label that went (a
 * rename, a merge, a delete; here, in another tab, or by the team) takes its new name when the set
 * shows its rename (a new label in its place, with its colour and key), else the filter goes back to
 * any label. Left as it was, it would filter by a name no span has, and list nothing.
 */
export function filterAfter(filter: string, before: readonly Label[], after: readonly Label[]): string {
  const has = (labels: readonly Label[], name: string) => labels.some((label) => label.name === name);
  const was = before.find((label) => label.name === filter);
  if (filter === '' || has(after, filter) || !was) return filter;
  const renamed = after.filter(
    (label) =>
      !has(before, label.name) &&
      label.order === was.order &&
      label.colour === was.colour &&
      label.hotkey === was.hotkey,
  );
  return renamed.length === 1 ? renamed[0].name : '';
}
