/**
 * The team's spans this copy keeps aside: a span is stored only against the text it quotes, so one
 * whose document this database lacks (an annotator's own import is not shared) or has with another
 * text under the same id (two Label Studio projects both number their tasks from 1) is not stored.
 * It stays in its shared document (kept in IndexedDB with the sync's updates, and on the server);
 * this index names it, so that a write of this member's layer never removes it from there, the top
 * bar can count it, and it is stored once a document that quotes it arrives. The index is rebuilt
 * from the shared documents at each start.
 */
import { layerKey, parseLayerKey } from '../model/layerKey';
import { cutGraphemes } from '../model/graphemes';
import type { Span } from '../model/types';
import { tellUnshared } from './serverLimits';
import { chunks, type RemoteChange, type SharedLayers } from './sharedLayers';
import type { HeldSpanRecord, SharedDocumentRecord, SharedOutcomeRecord, SyncStore } from './syncStore';

/** Held spans of one layer of one document, for the top bar. */
export interface HeldLayer {
  annotator: string;
  documentId: string;
  reason: HeldSpanRecord['reason'];
  spans: number;
}

export class HeldSpans {
  readonly #spans = new Map<string, HeldSpanRecord>();
  /** Layer statuses (by `layerKey`) of documents this database lacks. */
  readonly #statuses = new Set<string>();
  readonly #store: SyncStore;
  readonly #now: () => number;
  /** Span ids changed by the team whose change is not stored yet (team sync's). */
  readonly #pending: { has(id: string): boolean };
  /** Hears the held spans by layer after each change. */
  readonly #listener: { held?(layers: HeldLayer[]): void; notice?(text: string): void };
  /** The shared layer documents team sync follows. */
  readonly #layers: () => Iterable<SharedLayers>;

  constructor(
    store: SyncStore,
    now: () => number,
    pending: { has(id: string): boolean },
    listener: { held?(layers: HeldLayer[]): void; notice?(text: string): void },
    layers: () => Iterable<SharedLayers>,
  ) {
    this.#store = store;
    this.#now = now;
    this.#pending = pending;
    this.#listener = listener;
    this.#layers = layers;
  }

  /** Span ids a write of this member's layers leaves alone in the shared documents: pending or held. */
  readonly keep = {
    has: (id: string): boolean => this.#pending.has(id) || this.#spans.has(id),
    unshared: (what: string[]) => tellUnshared(what, this.#told, this.#listener.notice),
  };
  /** What the member was told is not shared (serverLimits.ts), to say it once. */
  readonly #told = new Set<string>();

  /**
   * Stores a change from the team (`owns`, `keepLater`: see `SyncStore.applySharedChanges`) and notes
   * what it left aside. Resolves with the layers where what is stored here stayed over the team's version.
   */
  async apply(
    change: RemoteChange,
    owns?: (annotator: string) => boolean,
    keepLater?: Parameters<SyncStore['applySharedChanges']>[0]['keepLater'],
  ): Promise<[annotator: string, documentId: string][]> {
    const { put, remove, statuses, gone } = change;
    const outcome = await this.#store.applySharedChanges({ put, remove, statuses, gone, owns, keepLater }, this.#now());
    const settled = [...change.put, ...change.remove].map((span) => span.id).concat(change.gone);
    this.#report(this.settle(settled, change.statuses, outcome));
    const [clash] = outcome.clashes ?? [];
    const alike = outcome.clashes?.filter((one) => one.annotator === clash?.annotator && one.over === clash.over);
    if (clash) this.#listener.notice?.(clashNote(alike?.length ?? 1, clash.annotator, clash.over));
    return outcome.kept;
  }

  /**
   * Notes the spans `layers` shares in `annotator`'s layers that this database lacks (`stored`:
   * its spans of them) and can not carry: a write of the layers leaves them alone. A status shared
   * for a layer with none stored here (`statuses`) whose document this database lacks is held too:
   * {@link place} stores it with the document, before a write could share the default over it.
   */
  async holdUnstored(
    layers: SharedLayers,
    annotator: string,
    stored: readonly Span[],
    statuses: readonly { documentId: string }[],
  ): Promise<void> {
    const ids = new Set(stored.map((span) => span.id));
    const owned = layers.layers().filter(([owner]) => owner === annotator);
    const unstored = owned.flatMap(([, documentId]) =>
      layers.spans(documentId, annotator).filter((span) => !ids.has(span.id)),
    );
    const summarised = new Set(statuses.map((entry) => entry.documentId));
    const unsummarised = owned
      .map(([, documentId]) => documentId)
      .filter((documentId) => !summarised.has(documentId) && layers.status(documentId, annotator));
    // Only a missing document's: one here may take a status from its user meanwhile, which place() would overwrite.
    if (unsummarised.length > 0)
      for (const documentId of await this.#store.missingDocuments(unsummarised))
        this.#statuses.add(layerKey(documentId, annotator));
    if (unstored.length > 0) this.#report(this.hold(await this.#store.unplacedSpans(unstored)));
  }

  /** Stores what is held for `documentIds` (every document: 'any') and now fits: its document arrived. */
  async place(documentIds: ReadonlySet<string> | 'any'): Promise<void> {
    if (!this.waitsFor(documentIds)) return;
    for (const layers of this.#layers())
      for (const part of chunks(heldChange(layers, this, documentIds)))
        if (part.put.length + part.statuses.length > 0) await this.apply(part, layers.accepts);
  }

  /** The database as the corpus sees it: the documents it stores bring in what is held for them. */
  corpusStore(): SyncStore {
    const addSharedDocuments = async (documents: readonly SharedDocumentRecord[]) => {
      const added = await this.#store.addSharedDocuments(documents);
      await this.place(new Set(documents.map((document) => document.id)));
      return added;
    };
    // The store's own methods are bound to it: a class's private fields are not reachable through a proxy.
    return new Proxy(this.#store, {
      get: (store, key) => {
        if (key === 'addSharedDocuments') return addSharedDocuments;
        const value: unknown = Reflect.get(store, key);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(store) : value;
      },
    });
  }

  #report(changed: boolean): void {
    if (changed) this.#listener.held?.(this.layers());
  }

  /** Whether the span `id` is held. */
  readonly has = (id: string): boolean => this.#spans.has(id);

  get size(): number {
    return this.#spans.size;
  }

  /** Records that `spans` are held (found again at a start). Returns whether anything changed. */
  hold(spans: readonly HeldSpanRecord[]): boolean {
    let changed = false;
    for (const span of spans) {
      const before = this.#spans.get(span.id);
      if (before?.reason === span.reason && before.documentId === span.documentId) continue;
      this.#spans.set(span.id, span);
      changed = true;
    }
    return changed;
  }

  /**
   * Records what storing a change did: the spans `settled` (stored or removed) and the statuses
   * `statuses` are no longer held, unless `outcome` holds them. Returns whether anything changed.
   */
  settle(
    settled: Iterable<string>,
    statuses: readonly { documentId: string; annotator: string }[],
    outcome: SharedOutcomeRecord,
  ): boolean {
    const before = this.#spans.size + this.#statuses.size;
    let released = false;
    for (const id of settled) released = this.#spans.delete(id) || released;
    for (const entry of statuses)
      released = this.#statuses.delete(layerKey(entry.documentId, entry.annotator)) || released;
    for (const entry of outcome.heldStatuses) this.#statuses.add(layerKey(entry.documentId, entry.annotator));
    const held = this.hold(outcome.held);
    return released || held || before !== this.#spans.size + this.#statuses.size;
  }

  /** Whether the status of `annotator`'s layer of `documentId` waits for its document. */
  holdsStatus(documentId: string, annotator: string): boolean {
    return this.#statuses.has(layerKey(documentId, annotator));
  }

  /** Whether anything held waits for one of `documentIds`. */
  waitsFor(documentIds: ReadonlySet<string> | 'any'): boolean {
    if (documentIds === 'any') return this.#spans.size + this.#statuses.size > 0;
    for (const span of this.#spans.values()) if (documentIds.has(span.documentId)) return true;
    for (const key of this.#statuses) if (documentIds.has(parseLayerKey(key).documentId)) return true;
    return false;
  }

  /** The held spans by layer and reason, most first. */
  layers(): HeldLayer[] {
    const layers = new Map<string, HeldLayer>();
    for (const span of this.#spans.values()) {
      const key = JSON.stringify([span.annotator, span.documentId, span.reason]);
      const layer = layers.get(key);
      if (layer) layer.spans++;
      else layers.set(key, { annotator: span.annotator, documentId: span.documentId, reason: span.reason, spans: 1 });
    }
    return [...layers.values()].sort(
      (left, right) =>
        right.spans - left.spans ||
        (left.documentId < right.documentId ? -1 : left.documentId > right.documentId ? 1 : 0),
    );
  }
}

/**
 * What `layers` holds of what `held` keeps aside for `documentIds` (every document: 'any'), as a
 * change to store again: its held spans, and the statuses that wait for their document.
 */
function heldChange(layers: SharedLayers, held: HeldSpans, documentIds: ReadonlySet<string> | 'any'): RemoteChange {
  const change: RemoteChange = { put: [], remove: [], statuses: [], gone: [] };
  for (const [annotator, documentId] of layers.layers()) {
    if (documentIds !== 'any' && !documentIds.has(documentId)) continue;
    change.put.push(...layers.spans(documentId, annotator).filter((span) => held.has(span.id)));
    const status = held.holdsStatus(documentId, annotator) ? layers.status(documentId, annotator) : null;
    if (status) change.statuses.push({ documentId, annotator, status });
  }
  return change;
}

/**
 * What a member hears of spans from the team not stored because their id names a span of another layer here
 * (`over`'s): a record no copy of Spanwright writes, which would have taken that span away.
 */
const clashNote = (count: number, annotator: string, over: string): string =>
  `${count === 1 ? '1 span' : `${count.toLocaleString('en')} spans`} shared in “${cutGraphemes(annotator, 40)}”'s layer ` +
  `${count === 1 ? 'was' : 'were'} not stored: ${count === 1 ? 'its id is' : 'their ids are'} a span of “${cutGraphemes(over, 40)}”'s here, which stays ` +
  '(Spanwright never writes such a record: check the team’s tokens).';
