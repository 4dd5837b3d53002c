/**
 * Team sync: mirrors this database's layers, documents and labels into a project's shared Yjs
 * documents and the team's into this database, through one Hocuspocus connection. IndexedDB stays
 * the source of truth: every local write is stored first and mirrored after; every change from the
 * team is stored span by span. The shared documents' updates are kept in IndexedDB too, so a
 * reload offline still knows what was shared and what was written since; on reconnect Yjs merges.
 */
import { HocuspocusProvider, WebSocketStatus, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { GOLD_ANNOTATOR, isReviewLayer, REJECTED_ANNOTATOR, type Span } from '../model/types';
import { layerKey } from '../model/layerKey';
import { teamSocket } from './connection';
import { CorpusSync } from './corpusSync';
import { HeldSpans } from './heldSpans';
import { PendingIds } from './pendingIds';
import { peersOf, Presence } from './peers';
import { followHandshake, membersOf, sharedNames, statusOf, waitingChanges, wholeLayer, writable } from './records';
import { removedSince } from './restoreMerge';
import { settleReview } from './reviewConflicts';
import { chunks, LOCAL_ORIGIN, SharedLayers, type RemoteChange } from './sharedLayers';
import { keepsLater } from './concurrentWrites';
import type { SharedStatusRecord, SyncStore } from './syncStore';
import type { PresencePage, Shared, TeamListener, TeamOptions, TeamSettings } from './teamTypes';
import { readOnlyLayerNote } from './teamTypes';
import { emptyProjectNote, startedProjectNote } from './emptyProject';
import { UnsentMarks } from './unsentMarks';
import { applyStoredUpdates, unstoredNote } from './storedUpdates';

export type { ReviewConflict } from './reviewConflicts';
export type { Peer, PresencePage, TeamListener, TeamOptions, TeamSettings, TeamStatus } from './teamTypes';

/** Stored updates of one shared document beyond this many are merged into one at start. */
const COMPACT_AFTER = 200;
const RESTORE_ORIGIN = 'spanwright:restore';

export class TeamSync {
  readonly #store: SyncStore;
  readonly #settings: TeamSettings;
  readonly #listener: TeamListener;
  readonly #now: () => number;
  readonly #socket: HocuspocusProviderWebsocket;
  readonly #shared = new Map<string, Shared>();
  readonly #layers = new Map<string, SharedLayers>();
  readonly #stops: (() => void)[] = [];
  readonly #pending = new PendingIds(); // a mirror leaves them alone
  readonly #held: HeldSpans;
  readonly #presence: Presence;
  #queue: Promise<void> = Promise.resolve();
  #members: ReturnType<typeof membersOf> = [];
  #stopped = false;
  #corpus: CorpusSync | null = null;
  #gold: SharedLayers | null = null;
  #restore: string | null = null; // the last restore's id when the sync started (null: none)
  #replaced = false; // a restore came since the sync started: it shares nothing more
  #unmerged = false; // the team's state is not yet merged back into the restored data: no layer is shared
  #unstored = false; // a change from the team could not be stored: nothing more shared (its spans' removal) or kept
  #emptyNoted: 'empty' | 'started' | null = null; // the project held nothing at the first sync, or this copy started it
  readonly #keeping = new Set<Promise<void>>(); // this client's own updates being kept (stop waits for them)
  readonly #unsent: UnsentMarks; // shared documents with changes of this member not acknowledged yet, past a reload

  constructor(store: SyncStore, settings: TeamSettings, listener: TeamListener, options: TeamOptions = {}) {
    this.#store = store;
    this.#settings = settings;
    this.#listener = listener;
    this.#now = options.now ?? Date.now;
    this.#unsent = new UnsentMarks(settings, options.unsentStorage);
    this.#presence = new Presence(settings.annotator, (peers) => {
      listener.peers(peers);
      // Another member of the project online: it is the team's, whatever it held at the first sync.
      if (peers.length > 0 && this.#socket.status === WebSocketStatus.Connected) this.#projectStarted(null);
    });
    this.#held = new HeldSpans(store, this.#now, this.#pending, listener, () => this.#layers.values());
    const { socket, release } = teamSocket(settings, listener, options, () => !this.#stopped);
    this.#socket = socket;
    this.#stops.push(release);
  }

  get #reviewer(): boolean {
    return this.#members.some((member) => member.name === this.#settings.annotator && member.role === 'reviewer');
  }

  /** Opens the shared documents as last stored, brings both sides level, then connects. */
  async start(): Promise<void> {
    const names = sharedNames(this.#settings.project);
    const me = this.#settings.annotator;
    const mark = await this.#store.readRestoreMark();
    this.#restore = mark?.id ?? null;
    const members = await this.#open(names.members);
    this.#members = membersOf(members.doc);
    this.#reportRole();
    const corpus = await this.#open(names.corpus);
    const gold = await this.#open(names.gold);
    const own = await this.#open(names.layer(me));
    if (this.#stopped) return;
    this.#gold = this.#follow(gold, new SharedLayers(gold.doc, isReviewLayer, GOLD_ANNOTATOR));
    this.#follow(own, new SharedLayers(own.doc, (annotator) => annotator === me, me));
    this.#corpus = new CorpusSync(
      this.#held.corpusStore(),
      corpus.doc,
      () => this.#reviewer,
      this.#enqueue,
      this.#fail,
      this.#current,
      this.#now,
      {
        annotator: me,
        joinedMark: `${names.corpus}#joined`,
        baseMark: `${names.corpus}#labels`,
        renamesMark: `${names.corpus}#renames`,
        project: this.#settings.project,
        restored: mark !== null && !mark.merged,
        listener: this.#listener,
        renamedHere: () => this.#enqueue(() => this.#pullOthers()),
      },
    );
    this.#stops.push(this.#corpus.start());
    // After a restore, what the shared documents hold is stored first (the corpus above, then the layers
    // this member writes): the restored data gains the team's work, and what is shared next is only what
    // the team lacks. One step: a pull that fails leaves the mark unmerged, and nothing is shared until a start merges it.
    if (mark && !mark.merged) {
      this.#unmerged = true;
      this.#enqueue(async () => {
        for (const layers of [this.#layers.get(own.name), this.#gold]) if (layers) await this.#pullAll(layers, true);
        await this.#store.markRestoreMerged(mark.id);
        this.#unmerged = false;
      });
    }
    this.#enqueue(() => this.#pushAll());
    this.#stops.push(
      this.#store.watchLayerChanges(
        (layers) => this.#enqueue(() => (layers === 'everything' ? this.#pushAll() : this.#push(layers))),
        this.#fail,
      ),
    );
    members.doc.getMap('members').observe(() => {
      const wasReviewer = this.#reviewer;
      this.#members = membersOf(members.doc);
      this.#reportRole();
      if (this.#reviewer && !wasReviewer) {
        this.#enqueue(() => this.#pushAll());
        this.#corpus?.share();
      }
      void this.#openOthers();
    });
    await this.#openOthers();
    for (const shared of [members, corpus, gold, own]) this.#connect(shared);
    this.#listener.status('connecting', null);
    this.#reportUnsynced(); // what waited when the page closed (offline, say) waits still
    // connect() resolves only once connected (it retries for ever): the status events say how it goes.
    void this.#socket.connect().catch(this.#fail);
  }

  /** Says which document this member has open, and on which page (presence). */
  setOpenDocument(documentId: string | null, page?: PresencePage): void {
    this.#presence.open(documentId, page);
  }

  /** Disconnects; what is stored stays. Resolves once queued writes are done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const stop of this.#stops.splice(0)) stop();
    for (const shared of this.#shared.values()) shared.provider?.destroy();
    this.#socket.destroy();
    await Promise.all([this.#queue, ...this.#keeping]);
    for (const shared of this.#shared.values()) shared.doc.destroy();
  }

  /** Resolves once every queued step (mirroring and storing) is done: for tests. */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** Reports an error, unless the sync has stopped (its database may be closing). */
  #fail = (error: unknown): void => void (this.#stopped || this.#listener.error(error));

  #enqueue = (step: () => Promise<void>): void => {
    if (this.#replaced) return;
    this.#queue = this.#queue.then(step).catch(this.#fail);
  };

  /** Whether `restore` (read with what is about to be shared) is the restore the sync started after; if not, it stops sharing. */
  #current = (restore: string | null): boolean => {
    if (restore === this.#restore) return true;
    if (!this.#replaced) {
      this.#replaced = true;
      this.#listener.restored?.();
    }
    return false;
  };

  #reportRole(): void {
    this.#listener.role?.(this.#members.find((member) => member.name === this.#settings.annotator)?.role ?? null);
  }

  /** A shared document as last stored here; its later updates are stored as they come. */
  async #open(name: string): Promise<Shared> {
    const existing = this.#shared.get(name);
    if (existing) return existing;
    const doc = new Y.Doc();
    const updates = await this.#store.readSyncUpdates(name);
    const unreadable = applyStoredUpdates(doc, { name, updates }, RESTORE_ORIGIN, this.#listener);
    if (updates.length > COMPACT_AFTER || unreadable > 0)
      await this.#store.compactSyncUpdates(name, Y.encodeStateAsUpdate(doc), updates.length);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === RESTORE_ORIGIN) return;
      // This client's own writes are stored before they are shared: the update can be kept at once
      // (a crash before it is kept is mended at the next start, which shares the stored layers again).
      if (origin === LOCAL_ORIGIN) {
        this.#unsent.mark(name);
        const keeping = this.#store.appendSyncUpdate(name, update).catch(this.#fail);
        this.#keeping.add(keeping);
        void keeping.then(() => this.#keeping.delete(keeping));
      }
      // An update from the team is kept only after what it changed is stored here (Yjs calls the
      // observers that queue that before it emits the update): a crash in between leaves the update
      // unkept, so the server sends it again, never a shared document ahead of this database.
      else this.#enqueue(async () => void (this.#unstored || (await this.#store.appendSyncUpdate(name, update))));
    });
    const shared: Shared = { name, doc, provider: null };
    this.#shared.set(name, shared);
    return shared;
  }

  #connect(shared: Shared): void {
    if (shared.provider || this.#stopped) return;
    const corpus = shared.name === sharedNames(this.#settings.project).corpus;
    const own = shared.name === sharedNames(this.#settings.project).layer(this.#settings.annotator);
    const provider = new HocuspocusProvider({
      websocketProvider: this.#socket,
      name: shared.name,
      document: shared.doc,
      token: this.#settings.token,
      onAuthenticationFailed: () =>
        this.#listener.status('refused', 'The server refused the token: check the Token your team’s lead gave you.'),
      onAuthenticated: ({ scope }: { scope: string }) => {
        if (!own) return;
        this.#presence.verified(scope === 'read-write');
        this.#listener.layer?.(scope === 'read-write');
        if (scope !== 'read-write') this.#listener.status('refused', readOnlyLayerNote(this.#settings.annotator));
      },
      ...(corpus ? {} : { awareness: null }),
    });
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) this.#unsent.clear(shared.name); // acknowledged: a count only the server's answers lower
      this.#reportUnsynced();
    });
    if (corpus)
      provider.on('synced', ({ state }: { state: boolean }) => {
        if (!state) return;
        // Not when a teammate is online already: the project is the team's, whatever it holds.
        const alone = peersOf(provider.awareness!, this.#settings.annotator).length === 0;
        const empty = alone ? emptyProjectNote(shared.doc, this.#settings.project) : null;
        if (empty) this.#listener.status('online', empty);
        this.#emptyNoted = empty === null ? null : 'empty';
        this.#corpus?.synced();
      });
    shared.provider = followHandshake(provider);
    if (corpus) this.#stops.push(this.#presence.attach(provider.awareness));
    provider.attach();
  }

  #reportUnsynced(): void {
    const { project, annotator } = this.#settings;
    const marked = this.#unsent.count((name) => writable(name, project, annotator, this.#reviewer));
    const count = Math.max(waitingChanges(this.#shared.values(), project, annotator, this.#reviewer), marked);
    this.#listener.unsynced(count);
    const corpus = this.#shared.get(sharedNames(project).corpus);
    if (count === 0 && this.#emptyNoted === 'empty' && corpus && emptyProjectNote(corpus.doc, project) === null)
      this.#projectStarted(startedProjectNote(project));
  }

  /** The note that the project held nothing: no longer true once this copy's labels reached the server, gone once a teammate is online. */
  #projectStarted(note: string | null): void {
    if (this.#emptyNoted === null) return;
    this.#emptyNoted = note === null ? null : 'started';
    this.#listener.status('online', note);
  }

  /** Follows a layer document: changes from the team are stored here span by span. */
  #follow(shared: Shared, layers: SharedLayers): SharedLayers {
    this.#layers.set(shared.name, layers);
    layers.onRemoteChange((change) => this.#storeRemote(change, layers));
    return layers;
  }

  #storeRemote(change: RemoteChange, layers: SharedLayers): void {
    const writes = layers.accepts(this.#settings.annotator) || (layers === this.#gold && this.#reviewer);
    // Ids that came already removed reach only layers this client does not write: in its own (and a
    // reviewer's gold), a span stored here and not yet shared may carry the id (a decision's id is its place).
    if (writes) change.gone = [];
    // In them, a later write of this copy's that the team's was made without seeing stays, and is shared again.
    const keepLater = writes ? keepsLater(change) : undefined;
    for (const part of chunks(change)) {
      const ids = [...part.put.map((span) => span.id), ...part.remove.map((span) => span.id), ...part.gone];
      for (const id of ids) this.#pending.add(id);
      this.#enqueue(async () => {
        let kept: [annotator: string, documentId: string][];
        try {
          kept = await this.#held.apply(part, layers.accepts, keepLater);
        } catch (error) {
          this.#unstored = true;
          throw new Error(unstoredNote(error), { cause: error });
        } finally {
          for (const id of ids) this.#pending.delete(id);
        }
        await this.#settleReview([...part.put, ...part.remove]);
        if (kept.length > 0) await this.#push(kept);
      });
    }
  }

  /** Settles opposite review decisions in the documents of `touched` review spans (reviewConflicts.ts); a reviewer is told. */
  async #settleReview(touched: readonly { documentId: string; annotator: string }[]): Promise<void> {
    const conflicts = await settleReview(this.#store, touched, this.#now());
    if (conflicts.length > 0 && this.#reviewer) this.#listener.conflicts(conflicts);
  }

  /** Opens the layer documents of the other members, bringing what they shared into this database. */
  async #openOthers(): Promise<void> {
    for (const member of this.#members) {
      if (member.name === this.#settings.annotator) continue;
      const name = sharedNames(this.#settings.project).layer(member.name);
      if (this.#shared.has(name)) continue;
      const shared = await this.#open(name);
      if (this.#stopped) return;
      const layers = this.#follow(
        shared,
        new SharedLayers(shared.doc, (annotator) => annotator === member.name, member.name),
      );
      this.#enqueue(() => this.#pullAll(layers));
      if (this.#corpus) this.#connect(shared);
    }
  }

  /** The layers this member writes: their own, and the review's when they are a reviewer. */
  #target(annotator: string): SharedLayers | null {
    if (this.#unmerged || this.#unstored) return null;
    const names = sharedNames(this.#settings.project);
    if (annotator === this.#settings.annotator) return this.#layers.get(names.layer(annotator)) ?? null;
    if (isReviewLayer(annotator) && this.#reviewer) return this.#gold;
    return null;
  }

  /** Mirrors the named layers (those this member writes) into their shared documents. */
  async #push(layers: readonly (readonly [annotator: string, documentId: string])[]): Promise<void> {
    // A document imported here may be the one held spans wait for.
    await this.#held.place(new Set(layers.map(([, documentId]) => documentId)));
    const written = layers.filter(([annotator]) => this.#target(annotator) !== null);
    if (written.length === 0) return;
    const unique = [...new Map(written.map((layer) => [layerKey(layer[1], layer[0]), layer])).values()];
    const { spans, statuses, restore } = await this.#store.readSomeLayers(unique);
    if (!this.#current(restore)) return;
    for (const [annotator, documentId] of unique) {
      const key = layerKey(documentId, annotator);
      const summary = statuses.get(key);
      this.#target(annotator)?.write(documentId, annotator, spans.get(key) ?? [], statusOf(summary), this.#held.keep);
    }
  }

  /** Mirrors every layer this member writes, and brings in what the review's document holds when they do not write it. */
  async #pushAll(): Promise<void> {
    const annotators = [this.#settings.annotator, ...(this.#reviewer ? [GOLD_ANNOTATOR, REJECTED_ANNOTATOR] : [])];
    for (const annotator of annotators) {
      const target = this.#target(annotator);
      if (!target) continue;
      const { spans, statuses, restore } = await this.#store.readLayers(annotator);
      if (!this.#current(restore)) return;
      const layer = wholeLayer(annotator, spans, statuses, target.layers());
      // A shared span this database lacks is a removal to share, unless it is held (its document is not here).
      await this.#held.holdUnstored(target, annotator, spans, statuses);
      target.doc.transact(() => {
        for (const [documentId, { spans, summary }] of layer)
          target.write(documentId, annotator, spans, statusOf(summary), this.#held.keep);
      }, LOCAL_ORIGIN);
    }
    if (!this.#reviewer && this.#gold) await this.#pullAll(this.#gold);
    await this.#held.place('any');
  }

  /** After a rename from the team moved spans here: the layers this member does not write, as their documents hold them. */
  async #pullOthers(): Promise<void> {
    const own = sharedNames(this.#settings.project).layer(this.#settings.annotator);
    const written = (name: string, layers: SharedLayers) => name === own || (layers === this.#gold && this.#reviewer);
    for (const [name, layers] of this.#layers) if (!written(name, layers)) await this.#pullAll(layers);
  }

  /** Stores here every span a shared document holds that is missing or different; after a restore, drops those it removed. */
  async #pullAll(layers: SharedLayers, restored = false): Promise<void> {
    const remove = restored ? await removedSince(this.#store, layers, this.#settings.annotator) : [];
    const put: Span[] = [];
    const statuses: { documentId: string; annotator: string; status: SharedStatusRecord }[] = [];
    for (const [annotator, documentId] of layers.layers()) {
      put.push(...layers.spans(documentId, annotator));
      const status = layers.status(documentId, annotator);
      if (status) statuses.push({ documentId, annotator, status });
    }
    for (const part of chunks({ put, remove, statuses, gone: [] })) await this.#held.apply(part, layers.accepts);
    await this.#settleReview(put);
  }
}
