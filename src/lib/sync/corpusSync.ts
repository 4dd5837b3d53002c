/**
 * The corpus document of a project (`<project>/corpus`): its documents and its label set. Every
 * member stores the documents they lack and takes the team's labels; a reviewer also shares the
 * documents and labels of this database (the server refuses it from anyone else).
 *
 * The label set is shared field by field (records.ts, `labelFields`), and only what changed: a
 * reviewer shares the fields they edited, the labels they added, removed or renamed, never their
 * whole set. A copy that has never synced with the server (a fresh browser: its set is the seeded
 * defaults) shares nothing until it has: then the team's set wins, and the labels the team lacks
 * that carry no span here leave this copy.
 */
import * as Y from 'yjs';
import type { Document, Label } from '../model/types';
import {
  documentFromRecord,
  documentRecord,
  LABEL_FIELDS,
  labelFieldKey,
  labelsFromFields,
  sameValue,
} from './records';
import { LOCAL_ORIGIN } from './sharedLayers';
import type { SharedDocumentRecord, SyncStore } from './syncStore';
import type { TeamListener } from './teamTypes';

/** Documents stored per transaction when many arrive at once. */
const DOCUMENTS_CHUNK = 2000;

export class CorpusSync {
  readonly #store: SyncStore;
  readonly #documents: Y.Map<unknown>;
  readonly #fields: Y.Map<unknown>;
  readonly #reviewer: () => boolean;
  readonly #enqueue: (step: () => Promise<void>) => void;
  readonly #onError: (error: unknown) => void;
  readonly #team: TeamLabelsContext;
  #documentsWatch: { unsubscribe(): void } | null = null;
  #stopped = false;
  /** This copy has taken the team's label set in once (a fresh browser has not, until it syncs): read at start. */
  #joined = false;
  /** The team's label set as this copy last took it in (the shared document's, as stored here). */
  #teamLabels = new Map<string, Label>();
  /** This database's labels as last read (null until read once): a field that differs was edited here. */
  #localLabels: Map<string, Label> | null = null;
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
    team: TeamLabelsContext,
  ) {
    this.#current = current;
    this.#now = now;
    this.#store = store;
    this.#documents = doc.getMap('documents');
    this.#fields = doc.getMap('labelFields');
    this.#reviewer = reviewer;
    this.#enqueue = enqueue;
    this.#onError = onError;
    this.#team = team;
  }

  /** Brings in what the document holds, follows it and this database; returns the stop function. */
  start(): () => void {
    this.#enqueue(async () => {
      this.#joined = (await this.#store.readSyncUpdates(this.#team.joinedMark)).length > 0;
    });
    this.#enqueue(() => this.#pullDocuments([...this.#documents.keys()]));
    this.#enqueue(() => this.#pullLabels());
    this.#documents.observe((event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const ids = [...event.changes.keys].filter(([, change]) => change.action !== 'delete').map(([id]) => id);
      this.#enqueue(() => this.#pullDocuments(ids));
    });
    this.#fields.observe((_event, transaction) => {
      if (transaction.origin !== LOCAL_ORIGIN) this.#enqueue(() => this.#pullLabels());
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
   * The shared document is level with the server's: a copy that never was takes the team's set
   * (the labels the team lacks leave it unless a span here carries them), then shares as usual.
   */
  synced(): void {
    this.#enqueue(async () => {
      if (this.#joined || this.#stopped) return;
      await this.#pullLabels();
      if (this.#teamLabels.size > 0) {
        const { labels } = await this.#store.readLabelsToShare();
        for (const label of labels.filter((candidate) => !this.#teamLabels.has(candidate.name))) {
          const spans = await this.#store.countSpansByAnnotator(label.name);
          if ([...spans.values()].every((count) => count === 0)) await this.#store.deleteLabel(label.name, this.#now());
        }
      }
      await this.#store.appendSyncUpdate(this.#team.joinedMark, new Uint8Array([1]));
      this.#joined = true;
      this.#localLabels = null;
      await this.#shareLabels();
    });
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
   * Shares what changed in this database's label set since it was last read (a reviewer's copy that
   * has synced once): removals and renames (a label gone), new labels (those the team lacks) and the
   * fields edited here; nothing when a restore replaced the labels since the sync started.
   */
  async #shareLabels(): Promise<void> {
    if (!this.#joined) return;
    const { labels, restore } = await this.#store.readLabelsToShare();
    if (!this.#current(restore)) return;
    const before = this.#localLabels;
    this.#localLabels = new Map(labels.map((label) => [label.name, label]));
    if (!this.#reviewer()) return;
    const writes = labelWrites(before, labels, this.#teamLabels);
    const changed = writes.filter(([key, value]) =>
      value === null ? this.#fields.has(key) : !sameValue(this.#fields.get(key), value),
    );
    if (changed.length === 0) return;
    this.#fields.doc?.transact(() => {
      for (const [key, value] of changed) {
        if (value === null) this.#fields.delete(key);
        else this.#fields.set(key, value);
      }
    }, LOCAL_ORIGIN);
    this.#setTeamLabels(labelsFromFields(this.#fields.entries()).labels);
  }

  #setTeamLabels(team: Map<string, Label>): void {
    const changed = team.size !== this.#teamLabels.size || [...team.keys()].some((name) => !this.#teamLabels.has(name));
    this.#teamLabels = team;
    if (changed) this.#team.listener.teamLabels?.([...team.keys()]);
  }

  /** Shares this database's documents and labels (the member's role became known: a reviewer). */
  share(): void {
    this.#watchDocuments();
    this.#enqueue(() => this.#shareLabels());
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

  /**
   * Takes in what changed in the team's label set since this copy last did: a label renamed moves
   * its spans (every layer here) to the new name, a label removed goes with its spans, a new label
   * comes whole, a known one takes only the fields the team changed (an edit here to another field stays).
   */
  async #pullLabels(): Promise<void> {
    const { labels: team, renamed } = labelsFromFields(this.#fields.entries());
    const before = this.#teamLabels;
    for (const name of before.keys()) {
      if (team.has(name)) continue;
      const to = renamedTo(name, renamed, team);
      if (to !== null) await this.#store.renameLabelInto(name, to, this.#now());
      else await this.#removeLabel(name);
      this.#localLabels?.delete(name);
    }
    const changes: (Partial<Label> & { name: string })[] = [];
    for (const [name, label] of team) {
      const known = before.get(name);
      const fields = LABEL_FIELDS.filter((field) => known?.[field] !== label[field]);
      if (fields.length > 0)
        changes.push({ name, ...Object.fromEntries(fields.map((field) => [field, label[field]])) });
    }
    await this.#store.mergeSharedLabels(changes);
    this.#setTeamLabels(team);
    // What the team changed is not an edit made here: the next read takes it as it is.
    for (const change of changes) {
      const local = this.#localLabels?.get(change.name);
      if (local) this.#localLabels?.set(change.name, { ...local, ...change });
      else if (team.has(change.name)) this.#localLabels?.set(change.name, team.get(change.name)!);
    }
  }

  /** A label the team removed leaves this copy with its spans; the member is told of their own spans it took. */
  async #removeLabel(name: string): Promise<void> {
    const own = (await this.#store.countSpansByAnnotator(name)).get(this.#team.annotator) ?? 0;
    await this.#store.deleteLabel(name, this.#now());
    if (own > 0)
      this.#team.listener.notice?.(
        `The team removed the label ${name}: your ${own} ${own === 1 ? 'span with it was' : 'spans with it were'} removed.`,
      );
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
}

/** What the label sync needs of team sync: whose copy it is, where its joined mark is kept, whom to tell. */
export interface TeamLabelsContext {
  annotator: string;
  /** The name under which the sync's stored updates keep a mark once this copy has taken the team's set in. */
  joinedMark: string;
  listener: Pick<TeamListener, 'notice' | 'teamLabels'>;
}

/** Where a label the team renamed went (following renames in turn), or null when it is not in the set: removed. */
function renamedTo(
  name: string,
  renamed: ReadonlyMap<string, string>,
  team: ReadonlyMap<string, Label>,
): string | null {
  let to = renamed.get(name);
  for (let step = 0; to !== undefined && !team.has(to) && step < 64; step++) to = renamed.get(to);
  return to !== undefined && team.has(to) ? to : null;
}

/**
 * The `labelFields` writes (a record, or null to delete) that share what changed from `before` (this
 * database's labels as last read; null: first read) to `after`: a label the team lacks is written
 * whole; a field edited here since the last read is written; a label gone is removed, or renamed
 * when a label with the same colour, key, guideline and place came in the same change.
 */
function labelWrites(
  before: ReadonlyMap<string, Label> | null,
  after: readonly Label[],
  team: ReadonlyMap<string, Label>,
): [string, Record<string, unknown> | null][] {
  const writes: [string, Record<string, unknown> | null][] = [];
  const names = new Set(after.map((label) => label.name));
  const added = after.filter((label) => before !== null && !before.has(label.name));
  for (const label of after) {
    const known = before?.get(label.name);
    const whole = !team.has(label.name);
    for (const field of LABEL_FIELDS)
      if (whole || (known !== undefined && known[field] !== label[field]))
        writes.push([labelFieldKey(label.name, field), { [field]: label[field] }]);
    if (whole) writes.push([labelFieldKey(label.name, 'renamed'), null]);
  }
  for (const label of before?.values() ?? []) {
    if (names.has(label.name) || !team.has(label.name)) continue;
    for (const field of LABEL_FIELDS) writes.push([labelFieldKey(label.name, field), null]);
    const to = added.find((other) => LABEL_FIELDS.every((field) => other[field] === label[field]));
    if (to) writes.push([labelFieldKey(label.name, 'renamed'), { renamed: to.name }]);
  }
  return writes;
}
