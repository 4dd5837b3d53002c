/**
 * The corpus document of a project (`<project>/corpus`): its documents and its label set. Every
 * member stores the documents they lack and takes the team's labels; a reviewer also shares the
 * documents and labels of this database (the server refuses it from anyone else).
 */
import * as Y from 'yjs';
import type { Document, Label } from '../model/types';
import { documentFromRecord, documentRecord, labelFromRecord, labelRecord, sameValue } from './records';
import { LOCAL_ORIGIN } from './sharedLayers';
import type { SharedDocumentRecord, SyncStore } from './syncStore';

/** Documents stored per transaction when many arrive at once. */
const DOCUMENTS_CHUNK = 2000;

export class CorpusSync {
  readonly #store: SyncStore;
  readonly #documents: Y.Map<unknown>;
  readonly #labels: Y.Map<unknown>;
  readonly #reviewer: () => boolean;
  readonly #enqueue: (step: () => Promise<void>) => void;
  readonly #onError: (error: unknown) => void;
  /** The labels the watch last read, shared again when this member turns out to be a reviewer. */
  #stored: { labels: readonly Label[] } = { labels: [] };
  #documentsWatch: { unsubscribe(): void } | null = null;
  #stopped = false;
  /** The labels the watch read before (null until it has read them once): a label gone since was removed here. */
  #labelsBefore: readonly Label[] | null = null;
  readonly #now: () => number;
  /** Whether a read's restore id is the one the sync started with (else the sync starts again). */
  readonly #current: (restore: string | null) => boolean;

  constructor(
    store: SyncStore,
    doc: Y.Doc,
    reviewer: () => boolean,
    enqueue: (step: () => Promise<void>) => void,
    onError: (error: unknown) => void,
    current: (restore: string | null) => boolean,
    now: () => number = Date.now,
  ) {
    this.#current = current;
    this.#now = now;
    this.#store = store;
    this.#documents = doc.getMap('documents');
    this.#labels = doc.getMap('labels');
    this.#reviewer = reviewer;
    this.#enqueue = enqueue;
    this.#onError = onError;
  }

  /** Brings in what the document holds, follows it and this database; returns the stop function. */
  start(): () => void {
    this.#enqueue(() => this.#pullDocuments([...this.#documents.keys()]));
    this.#enqueue(() => this.#pullLabels());
    this.#documents.observe((event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const ids = [...event.changes.keys].filter(([, change]) => change.action !== 'delete').map(([id]) => id);
      this.#enqueue(() => this.#pullDocuments(ids));
    });
    this.#labels.observe((event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      // A label a reviewer removed goes here too, with its spans in every layer, as in Settings → Labels.
      const removed = [...event.changes.keys].filter(([, change]) => change.action === 'delete').map(([name]) => name);
      if (removed.length > 0) this.#enqueue(() => this.#removeLabels(removed));
      this.#enqueue(() => this.#pullLabels());
    });
    if (this.#reviewer()) this.#watchDocuments();
    // The labels are read again in the queue, after what it holds before (the team's labels stored first).
    const labels = this.#store.watchLabelsToShare().subscribe({
      next: () => this.#enqueue(() => this.#shareLabels()),
      error: this.#onError,
    });
    return () => {
      this.#stopped = true;
      this.#documentsWatch?.unsubscribe();
      labels.unsubscribe();
    };
  }

  /**
   * Follows this database's documents, to share them: a reviewer's copy only (the watch reads every
   * document, which an annotator's copy has no use for, least of all while a join stores thousands).
   */
  #watchDocuments(): void {
    if (this.#stopped) return;
    this.#documentsWatch ??= this.#store.watchDocuments().subscribe({
      next: (stored) => this.#enqueue(async () => this.#pushDocuments(stored)),
      error: this.#onError,
    });
  }

  /**
   * Shares what changed in this database's label set: removals (a label gone since the last read)
   * and new or changed labels; nothing when a restore replaced the labels since the sync started.
   */
  async #shareLabels(): Promise<void> {
    const { labels, restore } = await this.#store.readLabelsToShare();
    if (!this.#current(restore)) return;
    const removed = this.#labelsBefore === null ? [] : removedLabels(this.#labelsBefore, labels);
    this.#labelsBefore = labels;
    this.#stored = { labels };
    this.#shareRemovals(removed);
    this.#pushLabels(labels);
  }

  /** Shares this database's documents and labels (the member's role became known: a reviewer). */
  share(): void {
    this.#watchDocuments();
    this.#enqueue(async () => this.#pushLabels(this.#stored.labels));
  }

  /** Stores the documents of `ids` this database lacks, a few hundred per transaction (a join brings thousands). */
  async #pullDocuments(ids: readonly string[]): Promise<void> {
    for (let index = 0; index < ids.length; index += DOCUMENTS_CHUNK) {
      const documents = ids
        .slice(index, index + DOCUMENTS_CHUNK)
        .map((id) => documentFromRecord(id, this.#documents.get(id)))
        .filter((document): document is SharedDocumentRecord => document !== null);
      await this.#store.addSharedDocuments(documents);
    }
  }

  async #pullLabels(): Promise<void> {
    const labels = [...this.#labels.entries()]
      .map(([name, value]) => labelFromRecord(name, value))
      .filter((label): label is Label => label !== null);
    await this.#store.mergeSharedLabels(labels);
  }

  /** A reviewer shares the documents the project lacks (a document's text never changes). */
  #pushDocuments(stored: readonly Document[]): void {
    if (!this.#reviewer()) return;
    const missing = stored.filter((document) => !this.#documents.has(document.id));
    if (missing.length === 0) return;
    this.#documents.doc?.transact(() => {
      for (const document of missing) this.#documents.set(document.id, documentRecord(document));
    }, LOCAL_ORIGIN);
  }

  async #removeLabels(names: readonly string[]): Promise<void> {
    const stored = new Set(this.#stored.labels.map((label) => label.name));
    for (const name of names)
      if (stored.has(name) && !this.#labels.has(name)) await this.#store.deleteLabel(name, this.#now());
  }

  /** A reviewer shares the removal of labels (members then remove them and their spans). */
  #shareRemovals(names: readonly string[]): void {
    if (!this.#reviewer()) return;
    const shared = names.filter((name) => this.#labels.has(name));
    if (shared.length === 0) return;
    this.#labels.doc?.transact(() => {
      for (const name of shared) this.#labels.delete(name);
    }, LOCAL_ORIGIN);
  }

  /** A reviewer shares new and changed labels. */
  #pushLabels(stored: readonly Label[]): void {
    if (!this.#reviewer()) return;
    const changed = stored.filter((label) => !sameValue(this.#labels.get(label.name), labelRecord(label)));
    if (changed.length === 0) return;
    this.#labels.doc?.transact(() => {
      for (const label of changed) this.#labels.set(label.name, labelRecord(label));
    }, LOCAL_ORIGIN);
  }
}

/**
 * The labels of `before` that `after` lacks and that were not renamed: a renamed label (same colour,
 * key, guideline and place under a new name) is not a removal, so the team keeps its spans.
 */
function removedLabels(before: readonly Label[], after: readonly Label[]): string[] {
  const names = new Set(after.map((label) => label.name));
  const added = after.filter((label) => !before.some((other) => other.name === label.name));
  const renamed = (label: Label) =>
    added.some(
      (other) =>
        other.colour === label.colour &&
        other.hotkey === label.hotkey &&
        other.description === label.description &&
        other.order === label.order,
    );
  return before.filter((label) => !names.has(label.name) && !renamed(label)).map((label) => label.name);
}
