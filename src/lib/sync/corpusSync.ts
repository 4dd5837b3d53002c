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
  type LabelField,
  labelsFromFields,
  parseLabelFieldKey,
  sameValue,
  wholeLabel,
} from './records';
import { documentRefusal, labelRefusal, quoted, tellUnshared } from './serverLimits';
import { encodeBase, type LabelBase, readBase } from './labelBase';
import { markTaken, ownRenames, renamedTo, renameHistory, replayRenames, tellSplits } from './renameHistory';
import { renameTeller } from './renameHistory';
import { LOCAL_ORIGIN } from './sharedLayers';
import { KeyRepairs } from './keyRepairs';
import type { SharedDocumentRecord, SyncStore } from './syncStore';
import type { TeamLabelsContext } from './teamTypes';

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
  /** Synced with the server since it started: a label missing from a copy not yet level is no removal (another tab's news). */
  #levelled = false;
  /** The label set this copy and the team last agreed on (stored; null until read). */
  #base: LabelBase | null = null;
  /** The team's label set as last told to the listener. */
  #teamLabels = new Map<string, Label>();
  /** What the member was told is not shared (serverLimits.ts), to say it once. */
  readonly #told = new Set<string>();
  /** A merge of the label sets waits in the queue. */
  #mergeQueued = false;
  /** A restore replaced this database since the last merge: the team's set stands whole at the next. */
  #restored: boolean;
  readonly #now: () => number;
  /** Whether a read's restore id is the one the sync started with (else the sync starts again). */
  readonly #current: (restore: string | null) => boolean;
  readonly #repairs = new KeyRepairs();

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
    this.#restored = team.restored;
  }

  /** Brings in what the document holds, follows it and this database; returns the stop function. */
  start(): () => void {
    this.#enqueue(async () => {
      this.#joined = (await this.#store.readSyncUpdates(this.#team.joinedMark)).length > 0;
    });
    this.#enqueue(() => this.#pullDocuments([...this.#documents.keys()]));
    this.#queueMerge();
    this.#documents.observe((event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const ids = [...event.changes.keys].filter(([, change]) => change.action !== 'delete').map(([id]) => id);
      this.#enqueue(() => this.#pullDocuments(ids));
    });
    this.#fields.observe((_event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      if (this.#levelled && !this.#joined)
        this.synced(); // the team's labels came after a join that waited for them
      else this.#queueMerge();
    });
    if (this.#reviewer()) this.#watchDocuments();
    // The labels are read again in the queue, after what it holds before (the team's labels stored first).
    const labels = this.#store.watchLabelsToShare().subscribe({
      next: () => this.#queueMerge(),
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
   * (the labels the team lacks leave it unless a span or suggestion here carries them), then shares as usual.
   */
  synced(): void {
    this.#levelled = true;
    this.#enqueue(async () => {
      if (this.#stopped) return;
      // A copy that joined before merges again, now level: a removal read before waits for this (`#mergeLabels`).
      if (this.#joined) return this.#queueMerge();
      await this.#mergeLabels();
      const [base, team] = [this.#base, labelsFromFields(this.#fields.entries()).labels];
      // No team set yet (a reviewer's labels still on their way): an annotator's copy joins when they come. Nor one that
      // came after the merge read the set (the observer queued this join again): the defaults the base lacks would stay.
      if ((team.size === 0 && !this.#reviewer()) || [...team.keys()].some((name) => !base?.labels.has(name))) return;
      if (base && base.labels.size > 0) {
        const { labels } = await this.#store.readLabelsToShare();
        for (const label of labels.filter((candidate) => !base.labels.has(candidate.name)))
          await this.#store.deleteLabelIfUnused(label.name);
      }
      await this.#store.appendSyncUpdate(this.#team.joinedMark, new Uint8Array([1]));
      this.#joined = true;
      await this.#mergeLabels();
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

  /** Shares this database's documents and labels (the member's role became known: a reviewer). */
  share(): void {
    this.#watchDocuments();
    if (this.#levelled && !this.#joined)
      this.synced(); // a join that waited for the role
    else this.#queueMerge();
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

  /** Queues one merge of the label sets (one waiting is enough: it reads both sides when it runs). */
  #queueMerge(): void {
    if (this.#mergeQueued) return;
    this.#mergeQueued = true;
    this.#enqueue(async () => {
      this.#mergeQueued = false;
      await this.#mergeLabels();
    });
  }

  /**
   * Brings this database's label set and the team's level, against the set both last agreed on
   * (the base, stored): what the team changed since comes here (a rename moves spans in every
   * layer, a removal takes them, a new label comes whole, an edited field comes alone); what was
   * changed here since goes to the team (a reviewer's copy that has synced once). Where both
   * changed one field, the team's value stands. After a restore, or before a copy first synced, the
   * team's set stands whole: the backup's or the fresh browser's differences are never shared, and
   * the labels the team removed since leave this copy.
   */
  async #mergeLabels(): Promise<void> {
    if (this.#stopped) return;
    const entries = new Map(this.#fields.entries());
    const { labels: team, renamed } = labelsFromFields(entries);
    const read = await this.#store.readLabelsToShare();
    if (!this.#current(read.restore)) return;
    const base = (this.#base ??= await readBase(this.#store, this.#team.baseMark));
    const restored = this.#restored && this.#joined;
    const teamWins = !this.#joined || restored;
    const sharing = this.#joined && this.#reviewer();
    const local = new Map(read.labels.map((label) => [label.name, label]));
    const known = new Map(base.labels);
    const writes: [string, Record<string, unknown> | null][] = [];
    const removed = new Set(base.removed);
    // The team's renames this copy has not taken in, in the order made (renameHistory.ts).
    const { renamesMark } = this.#team;
    const tell = renameTeller(this.#team.listener);
    let moved = false;
    const told: typeof tell = (...rename) => ((moved = true), tell(...rename));
    const replay = { now: this.#now(), told };
    const replaying = restored || this.#joined ? !teamWins : 'carried'; // a fresh copy: what it labelled before
    await replayRenames(this.#store, renamesMark, renameHistory(entries), { local, known, removed }, replaying, replay);
    // The team's removals and renames since the base (after a restore, also those before it). A removal
    // read off a copy not yet level with the server waits (neither taken, nor shared back, nor based on).
    const deferred = new Set<string>();
    for (const name of [...local.keys()]) {
      if (team.has(name) || !(known.has(name) || (restored && base.removed.has(name)))) continue;
      const to = renamedTo(name, renamed, team);
      if (to === null && !this.#levelled) {
        deferred.add(name);
        continue;
      }
      // After a restore, a label the team removed before the last base goes only without this member's spans:
      // a label of the same name made here since (their own import, say) keeps them.
      if (to === null && !known.has(name) && (await this.#ownSpans(name)) > 0) continue;
      if (to !== null) {
        const twins = await this.#store.renameLabelInto(name, to, this.#now());
        if (!local.has(to)) local.set(to, { ...local.get(name)!, name: to });
        told(name, to, twins);
      } else await this.#removeLabel(name);
      local.delete(name);
      removed.add(name);
    }
    if (moved) this.#team.renamedHere?.();
    // Renames and removals made here since the base: shared as the log says (labelRenames.ts), never inferred.
    const handled = new Set<string>(deferred);
    const whole = new Set<string>();
    let waiting = Infinity;
    // Those made under another project (or none) belong to it: they are passed over here.
    const since = read.renames.filter((entry) => entry.seq > base.renameSeq && entry.project === this.#team.project);
    const logged = since.filter((entry) => entry.by === 'here');
    // The team's removals and renames another tab took in: this tab's copy of the team may not have them yet.
    const takenIn = new Set(since.filter((entry) => entry.by === 'team').map((entry) => entry.from));
    if (sharing && !teamWins)
      for (const entry of logged) {
        const { from } = entry;
        if (!known.has(from) || !team.has(from) || local.has(from) || handled.has(from)) continue;
        let to = entry.to;
        for (const later of logged) if (later.seq > entry.seq && later.from === to && !local.has(to)) to = later.to;
        const label = to === null ? undefined : local.get(to);
        if (to !== null && (!label || (handled.has(to) && !whole.has(to)))) continue;
        handled.add(from);
        if (label) {
          // A merge into a label the team has (or one written whole just before) shares the rename alone:
          // that label's fields go field by field below.
          const into = team.has(label.name) || whole.has(label.name);
          if (!into) handled.add(label.name);
          // A new name the server would refuse waits: the old one stays the team's, and the rename is tried again.
          if (!into && labelRefusal(label) !== null) {
            writes.push(...wholeLabel(label));
            waiting = Math.min(waiting, entry.seq - 1);
            continue;
          }
          if (!into) whole.add(label.name);
          writes.push([labelFieldKey(from, 'renamed'), { renamed: label.name }], ...(into ? [] : wholeLabel(label)));
        }
        for (const field of LABEL_FIELDS) writes.push([labelFieldKey(from, field), null]);
      }
    // Label by label: the team's changes come here; this copy's go to the team.
    const changes: (Partial<Label> & { name: string })[] = [];
    for (const [name, theirs] of team) {
      if (handled.has(name)) continue;
      const ours = local.get(name);
      const was = teamWins ? undefined : known.get(name);
      // Missing here with no removal logged (an import taken back, a join elsewhere, an annotator's copy): it comes back.
      if (!ours) {
        if (!takenIn.has(name)) changes.push(theirs);
        continue;
      }
      // Another copy's duplicate of a key repair made here is no change of the team's: an edit made here since stands.
      const echo = (field: LabelField) => sharing && this.#repairs.echoes(name, field, theirs[field], ours[field]);
      const taken = LABEL_FIELDS.filter(
        (field) => ours[field] !== theirs[field] && (!was || theirs[field] !== was[field]) && !echo(field),
      );
      if (taken.length > 0) changes.push({ name, ...Object.fromEntries(taken.map((field) => [field, theirs[field]])) });
      if (sharing && was)
        for (const field of LABEL_FIELDS)
          if ((ours[field] !== was[field] && theirs[field] === was[field]) || echo(field))
            writes.push([labelFieldKey(name, field), { [field]: ours[field] }]);
    }
    // A label new here (the team never had it, or removed it and it was made again) goes whole.
    if (sharing)
      for (const [name, label] of local) if (!team.has(name) && !handled.has(name)) writes.push(...wholeLabel(label));
    // Each rename shared also goes into the team's history, up to one that waits; taken here before it is written.
    if (sharing && !teamWins) writes.push(...ownRenames(logged, known, waiting));
    this.#repairs.note(await this.#store.mergeSharedLabels(changes, new Set(team.keys())), team);
    const changed = this.#sharable(writes, local, team).filter(([key, value]) =>
      value === null ? entries.has(key) : !sameValue(entries.get(key), value),
    );
    const keys = changed.map(([key]) => key);
    await markTaken(this.#store, renamesMark, keys);
    if (changed.length > 0)
      this.#fields.doc?.transact(() => {
        for (const [key, value] of changed) {
          if (value === null) this.#fields.delete(key);
          else this.#fields.set(key, value);
        }
      }, LOCAL_ORIGIN);
    // The new base: the team's set as read, with this copy's writes (not what came since: the next merge takes that).
    for (const [key, value] of changed) {
      if (value === null) entries.delete(key);
      else entries.set(key, value);
    }
    const agreed = labelsFromFields(entries).labels;
    for (const name of known.keys()) if (!agreed.has(name)) removed.add(name);
    for (const name of agreed.keys()) removed.delete(name);
    const renameSeq = Math.min(waiting, Math.max(base.renameSeq, ...read.renames.map((rename) => rename.seq)));
    if (restored && deferred.size === 0) this.#restored = false;
    if (deferred.size === 0) this.#writeBase({ labels: agreed, removed, renameSeq });
    this.#setTeamLabels(agreed);
    await tellSplits(this.#store, this.#team, renameHistory(entries), agreed, this.#told, this.#reviewer());
  }

  /**
   * The writes but those the server would refuse (serverLimits.ts): the field past a limit, or the
   * whole of a label the team lacks; the member is told.
   */
  #sharable(
    writes: [string, Record<string, unknown> | null][],
    local: ReadonlyMap<string, Label>,
    team: ReadonlyMap<string, Label>,
  ) {
    const told = new Set<string>();
    const left = writes.filter(([key, value]) => {
      const parsed = parseLabelFieldKey(key);
      const label = parsed && value !== null ? local.get(parsed.label) : undefined;
      const refused = label ? labelRefusal(label) : null;
      if (!label || !refused || (team.has(label.name) && parsed?.field !== refused.field)) return true;
      told.add(`the label ${quoted(label.name)} (${refused.why})`);
      return false;
    });
    tellUnshared([...told], this.#told, this.#team.listener.notice);
    return left;
  }

  /**
   * Takes `base` as the new base, and stores it in a later step of the queue: after the team's update this merge took
   * in is stored (teamSync.ts queues that). A base stored ahead of them would, after a crash, read a label the team added as removed.
   */
  #writeBase(base: LabelBase): void {
    const encoded = encodeBase(base);
    if (this.#base && encodeBase(this.#base) === encoded) return;
    this.#base = base;
    this.#enqueue(async () => {
      if (this.#base === base)
        await this.#store.compactSyncUpdates(this.#team.baseMark, new TextEncoder().encode(encoded));
    });
  }

  #setTeamLabels(team: Map<string, Label>): void {
    const changed = team.size !== this.#teamLabels.size || [...team.keys()].some((name) => !this.#teamLabels.has(name));
    this.#teamLabels = team;
    if (changed) this.#team.listener.teamLabels?.([...team.keys()]);
  }

  #ownSpans = async (name: string) => (await this.#store.countSpansByAnnotator(name)).get(this.#team.annotator) ?? 0;

  /** A label the team removed leaves this copy with its spans; the member is told of their own spans it took. */
  async #removeLabel(name: string): Promise<void> {
    const own = await this.#ownSpans(name);
    await this.#store.deleteTeamLabel(name, this.#now());
    if (own > 0)
      this.#team.listener.notice?.(
        `The team removed the label ${name}: your ${own} ${own === 1 ? 'span with it was' : 'spans with it were'} removed.`,
        'warning',
      );
  }

  /** Whether the server would refuse `document` (serverLimits.ts): the member is told. */
  #refused(document: Document): boolean {
    const why = documentRefusal(document);
    if (why !== null)
      tellUnshared([`the document ${quoted(document.id)} (${why})`], this.#told, this.#team.listener.notice);
    return why !== null;
  }

  /** A reviewer shares the documents the project lacks (a document's text never changes). */
  #pushDocuments(stored: readonly Document[]): void {
    if (!this.#reviewer()) return;
    const missing = stored.filter((document) => !this.#documents.has(document.id) && !this.#refused(document));
    if (missing.length === 0) return;
    this.#documents.doc?.transact(() => {
      for (const document of missing) this.#documents.set(document.id, documentRecord(document));
    }, LOCAL_ORIGIN);
  }
}
