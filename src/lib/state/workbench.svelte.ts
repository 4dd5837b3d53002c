import { truncate } from './truncate';
import { isReviewLayer, type Status } from '../model/types';
import type { Store } from '../storage/store';
import { Announcer } from './announcer.svelte';
import { Corpus } from './corpus.svelte';
import { LabelSet } from './labelSet.svelte';
import { Labelling } from './labelling.svelte';
import { NearDuplicates, type NearDuplicateFinder } from './nearDuplicates.svelte';
import type { NearDuplicateMemory } from '../storage/nearDuplicateMemory';
import { OpenDocument } from './openDocument.svelte';
import { CorpusTexts } from './corpusTexts.svelte';
import type { CorpusSearcher } from './corpusSearch';
import type { PatternFile, PatternSuggestions } from './patterns.svelte';
import { askedFirst, Session, type SessionEnvironment } from './session.svelte';
import type { TextSearcher } from './textSearch.svelte';
import { Suggestions } from './suggestions.svelte';
import type { Team } from './team.svelte';
import { readTeamSettings } from './teamSettings';
import type { History } from './history.svelte';
import { followRestores } from './restoreWatch';
import { localStore } from '../storage/localStore';
import { NoteDrafts, type DraftStorage } from './noteDrafts';
import { DescriptionDrafts } from './descriptionDrafts';
import { LabelJournal } from './labelJournal';
import type { CharacterKeys } from './keyPress';
import { keyNameIn } from './keyNames';
import { endOfList, openedLine } from './reviewNews';
import { storedTeamRefusal } from './teamMember';

export type { DocumentEntry, StatusFilter } from './corpus.svelte';
export type { SpanView } from './openDocument.svelte';
export type { Notice } from './session.svelte';

/** The near-duplicate search (every text read) starts once the documents have been the same this long. */
const NEAR_DUPLICATES_SETTLE_MS = 1500;

export interface WorkbenchEnvironment extends SessionEnvironment {
  store: Store;
  /** Where the document list searches the texts (a Worker in the app); in this thread when not given. */
  searchTexts?: TextSearcher;
  /** Where the near-duplicate search runs (a Worker in the app); in this thread when not given. */
  findNearDuplicates?: NearDuplicateFinder;
  /** Where the last finished near-duplicate search is kept (localStorage in the app; none when not given). */
  nearDuplicateMemory?: NearDuplicateMemory;
  /**
   * Where patterns and "label all occurrences" search the whole corpus (a Worker reading the texts
   * from storage in the app); in this thread when not given.
   */
  matchPatterns?: CorpusSearcher;
  /** The team servers the built app's security policy allows (undefined: no policy, as in tests). */
  allowedSyncServers?: readonly string[];
  /** Where unsaved note drafts are kept through a reload or a crash (localStorage when not given). */
  draftStorage?: DraftStorage;
}

/** What an undo says after a backup was restored (in any tab). */
const RESTORED = 'Nothing to undo: a backup was restored, and what was done before it cannot be undone.';

/**
 * The annotator's workbench: the session, the corpus list, the open document and the labelling
 * commands, joined. Every change is written to storage first; what is shown is what is stored.
 * The parts are small classes of their own; this one opens documents and switches annotators,
 * which touch several of them.
 */
export class Workbench {
  readonly store: Store;
  readonly session: Session;
  readonly corpus: Corpus;
  readonly document: OpenDocument;
  readonly labelling: Labelling;
  readonly labelSet: LabelSet;
  readonly nearDuplicates: NearDuplicates;
  readonly suggestions: Suggestions;
  /** What a screen reader is told of a span made or selected, a document opened (a hint shown before goes). */
  readonly announcer = new Announcer(() => this.session.leftDocument());
  /** The note being written, kept at every key stroke; saved at the next start if the page went away. */
  readonly noteDrafts: NoteDrafts;
  /** Label descriptions typed in Settings and not yet stored, kept through a reload or a crash. */
  readonly descriptionDrafts: DescriptionDrafts;
  /** The labels being written, kept in localStorage until IndexedDB has them. */
  readonly labelJournal: LabelJournal;
  /** Loading a patterns file: null until the first file is picked, when its code loads ({@link loadPatterns}). */
  #patterns = $state.raw<PatternSuggestions | null>(null);
  #loadingPatterns: Promise<PatternSuggestions> | null = null;
  readonly #matchPatterns: CorpusSearcher | undefined;
  /**
   * Team sync's state: null until team sync is on at start-up or Settings opens ({@link loadTeam}),
   * so a solo annotator never loads it.
   */
  #team = $state.raw<Team | null>(null);
  #loadingTeam: Promise<Team> | null = null;
  #stopped = false;
  readonly #allowedSyncServers: readonly string[] | undefined;
  /** The undo histories a restore clears (the labelling's, and the review's once it is open). */
  readonly #histories = new Set<History>();
  #stopRestores: (() => void) | null = null;
  /** The texts of every document, held only while the Review or the Overview is open. */
  readonly texts: CorpusTexts;
  /** How character keys act (Settings → Keyboard), for messages that name keys; alone until told ({@link nameKeysBy}). */
  #characterKeys: () => CharacterKeys = () => 'plain';
  /** `key` written as it now works in messages: "J", or "Alt+J" with single-key shortcuts off. */
  readonly keyName = (key: string): string => keyNameIn(this.#characterKeys())(key);

  /** Why the annotator's layer takes no writes here now (a new name asked about, whose layer is not open yet; team sync:
   * another member's layer), or null: labels, deletes, statuses, notes and suggestions all ask it first. */
  readonly #layerLocked = (): string | null => askedFirst(this.session) ?? this.teamRefusal();
  readonly layerRefusal = (): string | null => this.#layerLocked(); // for writes outside labelling (the team's verdicts)
  /** Team sync's part of it alone (another member's layer): a note refused for it is not kept (a question waits). */
  readonly teamRefusal = (): string | null => this.#team?.layerRefusal(this.session.annotator) ?? null;

  constructor(environment: WorkbenchEnvironment) {
    this.store = environment.store;
    this.session = new Session(environment.store, environment);
    const onReadError = (error: unknown) => this.session.readFailed(error);
    this.corpus = new Corpus(environment.store, onReadError, environment.searchTexts);
    this.document = new OpenDocument(environment.store, (id) => this.corpus.find(id), onReadError, this.announcer);
    this.texts = new CorpusTexts(environment.store, () => this.corpus.documents, onReadError);
    this.labelJournal = new LabelJournal(environment.draftStorage ?? localStore(), { now: () => this.session.now() });
    this.labelling = new Labelling({
      journal: this.labelJournal,
      store: environment.store,
      session: this.session,
      document: this.document,
      announcer: this.announcer,
      statusOf: (documentId) => this.corpus.statusOf(documentId),
      open: (documentId) => this.open(documentId),
      advance: (status) => this.#advance(status),
      keyName: this.keyName,
      locked: this.#layerLocked,
    });
    this.nearDuplicates = new NearDuplicates(
      environment.store.databaseName,
      environment.findNearDuplicates,
      environment.findNearDuplicates ? NEAR_DUPLICATES_SETTLE_MS : 0,
      environment.nearDuplicateMemory,
    );
    this.suggestions = new Suggestions({
      announcer: this.announcer,
      store: environment.store,
      session: this.session,
      document: this.document,
      history: this.labelling.history,
      documents: () => this.corpus.documents,
      copiesOf: (documentId) => this.nearDuplicates.of(documentId),
      lastLabelled: () => this.labelling.lastLabelled,
      search: environment.matchPatterns,
      keyName: this.keyName,
      open: (documentId) => this.open(documentId),
      locked: this.#layerLocked,
    });
    this.#matchPatterns = environment.matchPatterns;
    this.#allowedSyncServers = environment.allowedSyncServers;
    this.#histories.add(this.labelling.history);
    const now = () => this.session.now();
    this.noteDrafts = new NoteDrafts(environment.draftStorage ?? localStore(), {
      now,
      mirror: environment.store.drafts,
    });
    this.descriptionDrafts = new DescriptionDrafts(environment.draftStorage ?? localStore(), now);
    this.labelSet = new LabelSet(
      environment.store,
      () => this.corpus.labels,
      () => this.session.now(),
    );
  }

  get patterns(): PatternSuggestions | null {
    return this.#patterns;
  }

  /** The patterns' code and state, loaded the first time a patterns file is picked; the same after. */
  loadPatterns(): Promise<PatternSuggestions> {
    this.#loadingPatterns ??= import('./patterns.svelte').then(
      ({ PatternSuggestions }) =>
        (this.#patterns = new PatternSuggestions(
          {
            store: this.store,
            session: this.session,
            history: this.labelling.history,
            documents: () => this.corpus.documents,
            labels: () => this.corpus.labels,
            openDocumentId: () => this.document.id,
            keyName: this.keyName,
          },
          this.#matchPatterns,
        )),
      (error: unknown) => {
        this.#loadingPatterns = null;
        throw error;
      },
    );
    return this.#loadingPatterns;
  }

  /** Messages name character keys as `mode` says they now work (Settings → Keyboard, read as it changes). */
  nameKeysBy(mode: () => CharacterKeys): void {
    this.#characterKeys = mode;
  }

  get team(): Team | null {
    return this.#team;
  }

  /** True while team sync is on (a server is set and usable): the team's rules apply to this copy. */
  get syncing(): boolean {
    return this.#team !== null && this.#team.status !== 'off';
  }

  /** Team sync's code and state, loaded and started (its settings read, a connection made if a server is set) once. */
  loadTeam(): Promise<Team> {
    this.#loadingTeam ??= import('./team.svelte').then(
      ({ Team }) => {
        const team = new Team({
          store: this.store,
          annotator: () => this.session.annotator,
          documentId: () => this.document.id,
          allowedServers: this.#allowedSyncServers,
          now: () => this.session.now(),
          // News (a rename the team made) waits for a free status line and fades, as other news does; a
          // warning (the team's removal took spans of this member's) stands out and fades later; the rest stays.
          notify: (text, kind) =>
            kind === 'news' ? this.session.announce(text) : this.session.notify(text, kind ?? 'error'),
        });
        this.#team = team;
        // A workbench stopped while the code loaded connects nothing.
        if (!this.#stopped) void team.start();
        return team;
      },
      (error: unknown) => {
        this.#loadingTeam = null;
        throw error;
      },
    );
    return this.#loadingTeam;
  }

  /** Reads a picked patterns file ({@link PatternSuggestions.load}), loading the patterns' code first the first time. */
  async loadPatternFile(file: PatternFile): Promise<void> {
    let patterns: PatternSuggestions;
    try {
      patterns = await this.loadPatterns();
    } catch (error) {
      this.session.notify(`Loading patterns could not start: ${String(error)}. Reload the page.`, 'error');
      return;
    }
    await patterns.load(file);
  }

  /** Opens storage, seeds the default corpus on the first start, and starts the live reads. */
  async start(): Promise<void> {
    const opened = await this.session.open();
    if (!opened) return;
    const report = (text: string, tone: 'info' | 'error') => this.session.notify(text, tone);
    void this.noteDrafts.restore(this.store, report, (annotator) => storedTeamRefusal(this.store, annotator));
    void this.descriptionDrafts.restore(this.store, report);
    void this.labelJournal.replay(this.store, report);
    // The last document's text is read first, beside the list's reads rather than after them.
    if (opened.lastDocument) this.#show(opened.lastDocument);
    this.#stopRestores = followRestores(this.store, () => {
      const had = [...this.#histories].some((history) => history.canUndo || history.canRedo);
      for (const history of this.#histories) history.clear(RESTORED);
      if (!had) return;
      // A restore from this tab's dialog says so itself, with what came back.
      if (this.session.notice?.text.startsWith('Backup restored from')) return;
      this.session.notify('A backup was restored: what was done before it can no longer be undone.');
    });
    this.corpus.followAnnotator(this.session.annotator);
    this.corpus.start((documents) => {
      const current = this.document.id;
      if (current === null || !documents.some((document) => document.id === current)) {
        const first = documents.find((document) => document.id === opened.lastDocument) ?? documents[0];
        if (first) this.#show(first.id);
      }
      void this.nearDuplicates.follow(documents);
    });
    // Team sync (off unless Settings → Team names a server) starts once the work shows; its code loads only then.
    void this.#startTeam();
  }

  async #startTeam(): Promise<void> {
    try {
      if ((await readTeamSettings(this.store)).server !== '') await this.loadTeam();
    } catch (error) {
      this.session.readFailed(error);
    }
  }

  /** A label key or button: labels the selection, relabels the selected span, or, with neither and a suggestion
   * focused, accepts that suggestion as `label` (corrected in one step). */
  label(label: string, precise = this.labelling.precise): Promise<void> {
    const { suggestions, document } = this;
    if (suggestions.focused && document.selectedSpanId === null && !document.viewer?.selection())
      return suggestions.accept(suggestions.focusedId, label);
    return this.labelling.applyLabel(label, precise);
  }

  /** Clears `history` too when a backup is restored (the review's, whose decisions are undoable). */
  clearOnRestore(history: History): void {
    this.#histories.add(history);
  }

  stop(): void {
    this.#stopped = true;
    this.#stopRestores?.();
    for (const kept of [this.noteDrafts, this.descriptionDrafts, this.labelJournal]) kept.stop();
    this.corpus.stop();
    this.document.stop();
    this.suggestions.stop();
    this.#patterns?.cancel();
    void this.#team?.stop();
  }

  /**
   * Opens a document in the annotator's layer, and remembers it for the next start; a screen reader is told which,
   * and where it is in the list ("Opened 2 of 5: …"), which a document just `marked` leaves if the filter hides it.
   */
  open(documentId: string, marked?: { id: string; status: Status }): void {
    if (!this.#show(documentId)) return;
    const gone = marked && ![marked.status, 'all'].includes(this.corpus.statusFilter) ? marked.id : null;
    const list = this.corpus.filteredEntries.filter((entry) => entry.document.id !== gone);
    const position = list.findIndex((entry) => entry.document.id === documentId);
    this.announcer.say(openedLine(position, list.length, this.corpus.find(documentId)?.title ?? documentId));
  }

  /** Opens a document, unannounced (at start); false when it is open already. */
  #show(documentId: string): boolean {
    if (documentId === this.document.id) return false;
    this.labelling.dropInHand();
    this.document.open(documentId, this.session.annotator);
    this.session.leftDocument();
    this.document.prefetch(this.corpus.neighbour(documentId, 1));
    this.suggestions.follow(documentId, this.session.annotator);
    this.session.rememberDocument(documentId);
    return true;
  }

  /** Moves to the next (+1) or previous (-1) document of the filtered list; at either end a hint says so (helper-200). */
  step(direction: 1 | -1): void {
    const next = this.corpus.neighbour(this.document.id, direction);
    if (next !== null) this.open(next);
    else this.session.hint(endOfList(this.corpus.filteredEntries.length, this.corpus.entries.length, direction));
  }

  /**
   * After D or S (the open document now `status`): the next document of the list; from the last, the
   * first one still to do (round from the top, as the review's D goes). Answers what the status line
   * adds: going round, or that no document of the corpus is still to do.
   */
  #advance(status: Status): string {
    const next = this.corpus.neighbour(this.document.id, 1);
    const others = this.corpus.entries.filter((entry) => entry.document.id !== this.document.id);
    const skipped = others.filter((entry) => entry.status === 'skipped').length + (status === 'skipped' ? 1 : 0);
    const finished =
      status !== 'todo' &&
      others.length + 1 === this.corpus.entries.length &&
      others.every((entry) => entry.status !== 'todo')
        ? ` Every document is done${skipped > 0 ? ` or skipped now (${skipped.toLocaleString('en')} skipped: filter by status to find ${skipped === 1 ? 'it' : 'them'})` : ' now'}.`
        : '';
    if (next !== null) {
      this.open(next, { id: this.document.id ?? '', status });
      return finished;
    }
    const entries = this.corpus.filteredEntries;
    const todo = entries.find((entry) => entry.status === 'todo' && entry.document.id !== this.document.id);
    if (todo) {
      this.open(todo.document.id);
      return ` Back to the first document still to do: “${truncate(todo.document.title)}”.`;
    }
    if (entries.length > 0) this.announcer.say('This is the last document of the list, and none in it is still to do.');
    return finished;
  }

  /**
   * Works as `name` from now on: that annotator's statuses in the list, their layer in the view.
   * The review's layers (gold and its rejections) are refused: gold is edited on the Review page.
   * Answers whether `name` is the annotator now.
   */
  async setAnnotator(name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === this.session.annotator) return trimmed === this.session.annotator;
    if (isReviewLayer(trimmed)) {
      this.session.notify(`“${trimmed}” is the review's layer: it is edited on the Review page, not labelled here.`);
      return false;
    }
    this.labelling.history.clear(`Nothing to undo as ${trimmed}: the history starts afresh with each annotator.`);
    // The watches restart before the setting is written: the view follows at once.
    const saved = this.session.setAnnotator(trimmed);
    this.corpus.followAnnotator(trimmed);
    this.document.open(this.document.id, trimmed);
    this.suggestions.follow(this.document.id, trimmed);
    // The live line said the last annotator's last action; it now says whose layer is shown.
    this.announcer.say(
      `Working as ${trimmed}: their layer of each document is shown, and what they label goes into it.`,
    );
    await saved;
    // The team connection writes the annotator's own layer: it reconnects as the new one.
    void this.#team?.restart();
    return true;
  }
}
