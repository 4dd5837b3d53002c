import { counted } from '../model/counted';
import { DEFAULT_ANNOTATOR } from '../storage/settings';
export { DEFAULT_ANNOTATOR };
import type { RecoveredImport } from '../storage/importJournal';
import type { Store } from '../storage/store';
import { describeWriteError } from '../storage/writeErrors';

/** A message for the status line (how long it stays: see `tone`). */
export interface Notice {
  text: string;
  /** `info` fades after a while, `warning` after a longer one; an `error` stays until replaced. */
  tone: 'info' | 'warning' | 'error';
  /** A stable test hook for news tests wait for (`offline-ready`): the status line's data-testid while it shows. */
  hook?: string;
  /** Advice on the open document (a key found nothing to act on): cleared once another document opens. */
  hint?: true;
}

/** What a session needs from the page: the corpus files, persistence, a clock. */
export interface SessionEnvironment {
  /** Fetches a file of the default corpus by name. */
  fetchCorpusFile(path: string): Promise<Response>;
  /** Asks the browser to keep storage under pressure; called at the first real work. */
  requestPersistence?(): Promise<boolean>;
  now?(): number;
  /**
   * This tab's own storage (`sessionStorage`): the annotator it works as, kept through a reload of
   * the tab. Another tab choosing another annotator changes what new tabs start with, not this one.
   */
  tabStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  /**
   * This origin's localStorage: it marks that this browser holds Spanwright's storage, so a start
   * that finds the storage gone (the browser deleted IndexedDB alone) says so rather than starting afresh.
   */
  localStore?: Pick<Storage, 'getItem' | 'setItem'>;
}

const TAB_ANNOTATOR = 'spanwright-annotator';
/** This tab's open document, in its sessionStorage. */
const TAB_DOCUMENT = 'spanwright-document';

/** What the status line says after unfinished imports were taken back. */
export function describeRecovered(recovered: readonly RecoveredImport[]): string {
  return recovered
    .map(({ file, documentsRemoved, spansRemoved, documentsKept, spansKept }) => {
      const kept =
        documentsKept + spansKept > 0
          ? ` What was labelled since is kept: ${counted(documentsKept, 'document')} and ${counted(spansKept, 'span')} of it.`
          : '';
      return `The import of “${file}” stopped before its end (its tab was closed, or it crashed): the ${counted(documentsRemoved, 'document')} and ${counted(spansRemoved, 'span')} it had stored were taken back.${kept} Import the file again to store it whole.`;
    })
    .join(' ');
}

const BLOCKED_MESSAGE =
  'Spanwright is waiting for another tab: an older version of Spanwright is holding the storage open. Close other Spanwright tabs to continue.';
const STORAGE_CLOSED_MESSAGE =
  'The browser closed Spanwright’s storage (it does so when the disk is full, or when site data is cleared): nothing can be saved in this tab now, and what it shows may no longer be stored. Free some disk space, then reload.';
/** Said at a start that finds the storage this browser held gone (see {@link SessionEnvironment.localStore}). */
export const STORAGE_GONE_MESSAGE =
  'The storage Spanwright had in this browser is gone: the browser deleted it (it does so when the disk is full during a write, or when site data is cleared), so the sample corpus was loaded anew. What was labelled here since your last export or backup is lost; files you exported are not: import them again (Import…), or restore a backup (Settings → Backup).';
const STORED_MARK = 'spanwright-stored';
const VERSION_CHANGED_MESSAGE =
  'Spanwright was updated in another tab. Reload this tab to keep working; everything you labelled is stored.';

/**
 * The session: storage opened (or why not), the default corpus seeded, who is annotating, and the
 * status line. Everything else in the workbench starts once `open` has succeeded.
 */
export class Session {
  #ready = $state(false);
  #fatalError = $state<string | null>(null);
  /** This start found the storage this browser held gone (see {@link STORAGE_GONE_MESSAGE}), until dismissed. */
  #storageGone = $state(false);
  #notice = $state.raw<Notice | null>(null);
  /** Passing news that waits for the status line to be free (see {@link announce}). */
  #waitingNews: Notice | null = null;
  #annotator = $state(DEFAULT_ANNOTATOR);
  #askedAnnotator = $state<string | null>(null);
  /** A new annotator's name the top bar asks about (Start it, or keep the current one): writes to the layer wait for the answer. */
  get askedAnnotator(): string | null {
    return this.#askedAnnotator;
  }
  /** Asked, or answered: once answered, a refusal that said to answer first no longer stands (helper-197). */
  set askedAnnotator(name: string | null) {
    this.#askedAnnotator = name;
    if (name === null && this.#notice?.text.startsWith(ANSWER_FIRST)) this.#clear();
  }
  #labelTags = $state(false);
  #persistenceRequested = false;
  readonly #store: Store;
  readonly #environment: SessionEnvironment;

  constructor(store: Store, environment: SessionEnvironment) {
    this.#store = store;
    this.#environment = environment;
  }

  /** True once storage is open and the corpus and the settings are read. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Why Spanwright cannot work in this tab (storage missing, blocked, replaced), or null. */
  get fatalError(): string | null {
    return this.#fatalError;
  }

  /** What this start says of the storage it found gone (a banner until dismissed), or null. */
  get storageGone(): string | null {
    return this.#storageGone ? STORAGE_GONE_MESSAGE : null;
  }

  dismissStorageGone(): void {
    this.#storageGone = false;
  }

  get notice(): Notice | null {
    return this.#notice;
  }

  /** Whose layer the workbench shows and writes. */
  get annotator(): string {
    return this.#annotator;
  }

  /** Whether each highlight shows its label as a small tag (remembered between visits). */
  get labelTags(): boolean {
    return this.#labelTags;
  }

  /** Shows or hides the label tags, and remembers the choice; a failed write only loses the memory. */
  async setLabelTags(show: boolean): Promise<void> {
    this.#labelTags = show;
    try {
      await this.#store.writeSetting('labelTags', show);
    } catch (error) {
      this.notify(`The label tags setting was not saved for next time: ${describeWriteError(error)}`, 'error');
    }
  }

  now(): number {
    return (this.#environment.now ?? Date.now)();
  }

  /**
   * Opens storage, seeds the default corpus on the first start and reads the settings; resolves
   * with the document last open, or null. False when storage could not be opened (`fatalError` says why).
   */
  async open(): Promise<{ lastDocument: string | null } | false> {
    // Another tab holding an older version open blocks the upgrade: say so instead of hanging.
    const opened = await this.#store.open({
      onBlocked: () => (this.#fatalError = BLOCKED_MESSAGE),
      // A newer version opened in another tab closes this connection: later writes would fail.
      onVersionChange: () => (this.#fatalError = VERSION_CHANGED_MESSAGE),
      onClosed: () => (this.#fatalError = STORAGE_CLOSED_MESSAGE),
    });
    if (!opened.ok) {
      this.#fatalError = opened.message;
      return false;
    }
    if (this.#fatalError === BLOCKED_MESSAGE) this.#fatalError = null;
    await this.recoverStoppedImports();
    try {
      const seeded = await this.#store.seedDefaultCorpus(this.#environment.fetchCorpusFile, this.#environment.now);
      this.#markStored(seeded > 0);
    } catch (error) {
      this.notify(`The default corpus could not be loaded: ${String(error)}`, 'error');
    }
    // The change log needs only its last rows; pruning is housekeeping, and a failure costs nothing.
    await this.#store.pruneChanges().catch(() => undefined);
    this.#annotator = this.#tabItem(TAB_ANNOTATOR) ?? (await this.#store.readSetting('annotator', DEFAULT_ANNOTATOR));
    // This tab's own document through a reload (another tab may have opened another since), else the last of any tab.
    const lastDocument =
      this.#tabItem(TAB_DOCUMENT) ?? (await this.#store.readSetting<string | null>('lastDocument', null));
    this.#labelTags = (await this.#store.readSetting('labelTags', false)) === true;
    this.#ready = true;
    return { lastDocument };
  }

  /**
   * Takes back what an import left unfinished (its tab closed, its Worker died) had stored, and says
   * so; an import still running in another tab is left alone (importJournal.ts).
   */
  async recoverStoppedImports(): Promise<RecoveredImport[]> {
    try {
      const recovered = await this.#store.recoverStoppedImports();
      if (recovered.length > 0) this.notify(describeRecovered(recovered), 'error');
      return recovered;
    } catch (error) {
      this.notify(`An unfinished import could not be taken back: ${describeWriteError(error)}`, 'error');
      return [];
    }
  }

  /** When the warning on the status line came (the team's doing: several may come in one sync). */
  #warnedAt = -Infinity;

  /**
   * Shows `text` in the status line (`hook`: see {@link Notice}). A warning that comes within two seconds of another
   * still shown joins it (a rename and a removal in one sync: helper-198 saw only the last).
   */
  notify(text: string, tone: Notice['tone'] = 'info', hook?: string): void {
    const shown = this.#notice;
    const joins = tone === 'warning' && shown?.tone === 'warning' && this.now() - this.#warnedAt < 2000;
    if (tone === 'warning') this.#warnedAt = this.now();
    if (joins && shown && !shown.text.includes(text)) text = `${shown.text} ${text}`;
    this.#notice = hook === undefined ? { text, tone } : { text, tone, hook };
  }

  /** Says what a key needs on the open document when it found nothing to act on (see {@link leftDocument}). */
  hint(text: string): void {
    this.#notice = { text, tone: 'info', hint: true };
  }

  /** Another document opened, or an action done: advice on what a key needed no longer applies. */
  leftDocument(): void {
    if (this.#notice?.hint) this.#clear();
  }

  /**
   * Says passing news (`hook`: see {@link Notice}) once the status line is free: what stands there
   * (the outcome of the user's last action, an error) is not replaced by news the user did not ask for.
   */
  announce(text: string, hook?: string): void {
    const news: Notice = hook === undefined ? { text, tone: 'info' } : { text, tone: 'info', hook };
    if (this.#notice === null) this.#notice = news;
    else this.#waitingNews = news;
  }

  #clear(): void {
    this.#notice = this.#waitingNews;
    this.#waitingNews = null;
  }

  /** Says that reading storage failed. */
  readFailed(error: unknown): void {
    this.notify(`Reading storage failed: ${String(error)}`, 'error');
  }

  /** Says that a write failed and nothing was saved. */
  writeFailed(error: unknown): void {
    this.notify(`Not saved: ${describeWriteError(error)}`, 'error');
  }

  /** Clears the status line if it still shows `notice` (all of it when none is given). */
  dismiss(notice: Notice | null = this.#notice): void {
    if (this.#notice === notice) this.#clear();
  }

  /**
   * Clears a passing note (not an error): it no longer applies after the next action. With `shown`, only while it is
   * that note still (helper-207: a label key, then D at once: D's "Marked done" went 30 ms after it came).
   */
  dismissInfo(shown?: Notice | null): void {
    if (this.#notice?.tone === 'info' && (shown === undefined || this.#notice === shown)) this.#clear();
  }

  /** Marks that this browser holds the storage; a first start (`fresh`) with the mark there finds it deleted, and says so. */
  #markStored(fresh: boolean): void {
    const key = `${STORED_MARK}:${this.#store.databaseName}`;
    try {
      const local = this.#environment.localStore;
      if (fresh && local?.getItem(key)) this.#storageGone = true;
      local?.setItem(key, new Date(this.now()).toISOString());
    } catch {
      // Storage refused: nothing to compare with next time.
    }
  }

  /** What this tab kept at `key` before a reload: its annotator, its document (null: a new tab, or no tab storage). */
  #tabItem(key: string): string | null {
    try {
      return this.#environment.tabStorage?.getItem(key)?.trim() || null;
    } catch {
      return null;
    }
  }

  /** Keeps `value` at `key` for this tab's reloads; without tab storage (a privacy mode) a reload takes any tab's last. */
  #keepInTab(key: string, value: string): void {
    try {
      this.#environment.tabStorage?.setItem(key, value);
    } catch {
      // Nothing to keep it in.
    }
  }

  /** Makes `name` the annotator of this tab (through reloads) and of the tabs opened next. */
  async setAnnotator(name: string): Promise<void> {
    this.#annotator = name;
    this.#keepInTab(TAB_ANNOTATOR, name);
    try {
      await this.#store.writeSetting('annotator', name);
    } catch (error) {
      this.notify(`The annotator name was not saved for next time: ${describeWriteError(error)}`, 'error');
    }
  }

  /** Remembers the open document for this tab's reload and the next start; a failure only loses that. */
  rememberDocument(documentId: string): void {
    this.#keepInTab(TAB_DOCUMENT, documentId);
    void this.#store.writeSetting('lastDocument', documentId).catch(() => undefined);
  }

  /** Asks the browser, once, to keep the data under storage pressure: at the first real work. */
  async persistOnce(): Promise<void> {
    if (this.#persistenceRequested || !this.#environment.requestPersistence) return;
    this.#persistenceRequested = true;
    try {
      await this.#environment.requestPersistence();
    } catch {
      // The browser may refuse; storage still works, only without the guarantee.
    }
  }
}

const ANSWER_FIRST = 'Not saved: answer first';
/** Why a write to the layer waits while a new annotator's name is asked about ({@link Session.askedAnnotator}), or null. */
export const askedFirst = (session: Session): string | null =>
  session.askedAnnotator === null
    ? null
    : `${ANSWER_FIRST} whether to start “${session.askedAnnotator}” or keep “${session.annotator}”, in the question under the Annotator field.`;
