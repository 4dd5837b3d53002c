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

export class CorpusSync {
  readonly #store: SyncStore;
  readonly #documents: Y.Map<unknown>;
  readonly #labels: Y.Map<unknown>;
  readonly #reviewer: () => boolean;
  readonly #enqueue: (step: () => Promise<void>) => void;
  readonly #onError: (error: unknown) => void;
  /** What the watches last read, shared again when this member turns out to be a reviewer. */
  #stored: { documents: readonly Document[]; labels: readonly Label[] } = { documents: [], labels: [] };

  constructor(
    store: SyncStore,
    doc: Y.Doc,
    reviewer: () => boolean,
    enqueue: (step: () => Promise<void>) => void,
    onError: (error: unknown) => void,
  ) {
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
    this.#labels.observe((_event, transaction) => {
      if (transaction.origin !== LOCAL_ORIGIN) this.#enqueue(() => this.#pullLabels());
    });
    const documents = this.#store.watchDocuments().subscribe({
      next: (stored) => {
        this.#stored = { ...this.#stored, documents: stored };
        this.#enqueue(async () => this.#pushDocuments(stored));
      },
      error: this.#onError,
    });
    const labels = this.#store.watchLabels().subscribe({
      next: (stored) => {
        this.#stored = { ...this.#stored, labels: stored };
        this.#enqueue(async () => this.#pushLabels(stored));
      },
      error: this.#onError,
    });
    return () => {
      documents.unsubscribe();
      labels.unsubscribe();
    };
  }

  /** Shares this database's documents and labels again (the member's role became known). */
  share(): void {
    this.#enqueue(async () => {
      this.#pushDocuments(this.#stored.documents);
      this.#pushLabels(this.#stored.labels);
    });
  }

  async #pullDocuments(ids: readonly string[]): Promise<void> {
    const documents = ids
      .map((id) => documentFromRecord(id, this.#documents.get(id)))
      .filter((document): document is SharedDocumentRecord => document !== null);
    await this.#store.addSharedDocuments(documents);
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

  /** A reviewer shares new and changed labels (a label removed here stays in the team's set). */
  #pushLabels(stored: readonly Label[]): void {
    if (!this.#reviewer()) return;
    const changed = stored.filter((label) => !sameValue(this.#labels.get(label.name), labelRecord(label)));
    if (changed.length === 0) return;
    this.#labels.doc?.transact(() => {
      for (const label of changed) this.#labels.set(label.name, labelRecord(label));
    }, LOCAL_ORIGIN);
  }
}
