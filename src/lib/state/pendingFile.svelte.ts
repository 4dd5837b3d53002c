import { detectSourceFormat, unreadableSource, type SourceFormat } from '../formats/detect';
import type { FileSource } from '../formats/format';
import { CODE_POINTS, readingKey, type OffsetReading } from '../formats/offsetReadings';
import type { ImportJob } from '../storage/importer';
import type { FeedbackFile, FeedbackPreview, Store } from '../storage/store';
import { ImportFailure, INTERRUPTED, keptSince } from '../storage/importTypes';
import { placeInDialog } from '../storage/importsTogether';
import { describeWriteError, isQuotaError } from '../storage/writeErrors';
import { leftStored } from './importWords';
import type { PendingState, TransferEnvironment } from './pendingState';
import { firstReading, readingByQuotes, type FoundReading } from './quotedReading';

export type { PendingState, TransferEnvironment } from './pendingState';

/** The problem of a file read whole without finding a document in it. */
const NO_RECORDS = { line: 0, message: 'it holds no documents, so there is nothing to import' };
/** Rough bytes IndexedDB needs for a file: texts are stored as UTF-16, plus rows and indexes. */
const STORAGE_BYTES_PER_FILE_BYTE = 2.5;
const megabytes = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1048576)).toLocaleString('en')} MB`;

/**
 * One file the user dropped or picked (or files that belong together: brat's pairs, a .zip's
 * contents), on its way into storage: detected, analysed, then committed.
 */
export class PendingFile {
  readonly file: FileSource;
  #format = $state<SourceFormat | null>(null);
  #reading = $state.raw<OffsetReading>(CODE_POINTS);
  #intoAnnotator = $state<string | null>(null);
  #state = $state.raw<PendingState>({ kind: 'detecting' });
  #job: ImportJob | null = null;
  /** True while the files dropped with it are still being analysed (their note on shared documents follows). */
  #comparing = $state(false);
  #sharesDocuments = $state(false);
  /** Aborts the analysis or the commit under way (a new one gets a new controller). */
  #cancel = new AbortController();
  /** Cancelled while writing: the import takes back what it wrote (seconds, for a large file), then says so. */
  #cancelling = $state(false);
  readonly #store: Store;
  readonly #environment: TransferEnvironment;

  /** Whether the file was chosen to restore a backup (Settings → Backup → Restore from backup…). */
  readonly forRestore: boolean;

  /** `problem`: why the file cannot be read at all (an archive that does not open). */
  constructor(
    file: FileSource,
    store: Store,
    environment: TransferEnvironment = {},
    problem?: string,
    forRestore = false,
  ) {
    this.file = file;
    placeInDialog(file);
    this.forRestore = forRestore;
    this.#store = store;
    this.#environment = environment;
    if (problem !== undefined) this.#state = { kind: 'failed', message: problem };
  }

  /** The format the file is read as; null until detected, or when nothing fits. */
  get format(): SourceFormat | null {
    return this.#format;
  }

  /** How the file's offsets are read (code points unless the user chose another). */
  get reading(): OffsetReading {
    return this.#reading;
  }

  /** All of the file's spans go to this layer (the user's own), whatever annotators it names. */
  get intoAnnotator(): string | null {
    return this.#intoAnnotator;
  }

  get state(): PendingState {
    return this.#state;
  }

  /** True while the card waits for the other files dropped with it, to say which documents they bring too. */
  get comparing(): boolean {
    return this.#comparing;
  }

  /** Whether a file dropped with it brings some of its new documents (whose ids and metadata only the first imported keeps). */
  get sharesDocuments(): boolean {
    return this.#sharesDocuments;
  }
  /** True when the file passed its checks and waits for Import (a feedback file too), its reading not asked. */
  get canCommit(): boolean {
    return (this.#state.kind === 'ready' && !this.readingAsked) || this.#state.kind === 'feedback';
  }

  /** The reading the user chose to import the file by, though another fits its spans better (its key). */
  #readingKept = $state<string | null>(null);
  /** The reading the file is read by because its quotes all fit it, and the one they missed; null once the user chose. */
  #readingFound = $state.raw<FoundReading | null>(null);
  #readingChosen = false;
  get readingFound(): FoundReading | null {
    return this.#readingFound;
  }

  /**
   * True when no span quotes its text and some cut a word or meet a space under the reading chosen, while another
   * fits them all: the card asks which to import by, rather than store cut words at a click on Import. Some, where
   * it counts other units or newlines (spans before a first emoji fit both); all, where it moves every end (helper-164).
   */
  get readingAsked(): boolean {
    const edges = this.#state.kind === 'ready' ? (this.#state.analysis.offsets.edges ?? null) : null;
    const ends = edges?.reading?.inclusiveEnd !== this.#reading.inclusiveEnd; // CJK text fits an end moved by one
    const asked = edges?.reading && edges.missed > (ends ? edges.spans - 1 : 0);
    return !!asked && this.#readingKept !== readingKey(this.#reading);
  }

  /** Imports the file with its offsets read as they are now, though {@link readingAsked}. */
  keepReading(): void {
    this.#readingKept = readingKey(this.#reading);
  }

  /**
   * Detects the format (unless one is given) and analyses the file with its records going to
   * `defaultAnnotator` unless they name one; nothing is stored.
   */
  async analyse(
    defaultAnnotator: string,
    options: {
      reading?: OffsetReading;
      format?: SourceFormat;
      intoAnnotator?: string | null;
      found?: FoundReading;
    } = {},
  ): Promise<void> {
    this.#state = { kind: 'detecting' };
    this.#passedOver = false;
    this.discard();
    // A reading the user changes ends what the quotes found; another format is read from the reading first
    // tried again, unless the user chose one (the quotes found it for the format before). A new layer keeps both.
    const changed = options.reading !== undefined && readingKey(options.reading) !== readingKey(this.#reading);
    if (changed && options.found === undefined) this.#readingChosen = true;
    if (options.reading) this.#reading = options.reading;
    const another = options.format !== undefined && options.format !== this.#format && !options.found;
    if (another && !this.#readingChosen && this.#readingFound) this.#reading = this.#readingFound.from;
    if (options.found || changed || another) this.#readingFound = options.found ?? null;
    if (options.intoAnnotator !== undefined) this.#intoAnnotator = options.intoAnnotator;
    // An empty or UTF-16 file (or an export's label list alone) is said to be one, whatever the format.
    const unreadable = await unreadableSource(this.file);
    if (unreadable !== null) {
      this.#format = null;
      this.#state = { kind: 'failed', message: unreadable };
      return;
    }
    const format = options.format ?? (await detectSourceFormat(this.file));
    this.#format = format;
    if (!options.reading) this.#reading = firstReading(format, this.file.name, this.#reading);
    if (format === null) {
      this.#state = { kind: 'unknown' };
      return;
    }
    if (format === 'patterns') {
      this.#state = { kind: 'patterns' };
      return;
    }
    this.#state = { kind: 'analysing', progress: null };
    this.#cancel = new AbortController();
    this.#cancelling = false;
    if (format === 'backup') {
      const read = await (await this.#store.files()).readBackup(this.file.files[0]);
      this.#state =
        'value' in read
          ? { kind: 'backup', content: read.value }
          : { kind: 'backup-refused', errors: read.errors, errorCount: read.errorCount };
      return;
    }
    if (format === 'feedback') return this.#readFeedback();
    const files = await this.#store.files();
    const job: ImportJob = files.importFile(this.file, {
      format,
      reading: this.#reading,
      defaultAnnotator,
      intoAnnotator: this.#intoAnnotator ?? undefined,
      signal: this.#cancel.signal,
      onProgress: (progress) => {
        if (this.#job === job && (this.#state.kind === 'analysing' || this.#state.kind === 'writing'))
          this.#state = { ...this.#state, progress };
      },
    });
    this.#job = job;
    try {
      const analysis = await job.analyse();
      // Checked again meanwhile (another format, reading or layer): the later check tells.
      if (this.#job !== job) return;
      // Quotes that all fit another reading and not this one: read by it (the card says so, and offers this one).
      // Once a file (its quotes tallied anew under each reading: a parser may stop at another line).
      const found = this.#readingChosen || options.found ? null : readingByQuotes(analysis.offsets);
      if (found) return this.analyse(defaultAnnotator, { format, reading: found.reading, found });
      // A file read without a problem but without a record (`[]`) has nothing to import: Import stays off.
      const empty = analysis.errorCount === 0 && analysis.records === 0;
      this.#state =
        analysis.errorCount > 0
          ? { kind: 'refused', analysis }
          : empty
            ? { kind: 'refused', analysis: { ...analysis, errors: [NO_RECORDS], errorCount: 1 } }
            : { kind: 'ready', analysis };
      this.#ownNotes = analysis.notes;
      job.onOthersChange?.(() => void this.#noteTogether(job));
      void this.#noteTogether(job);
    } catch (error) {
      if (this.#job !== job) return;
      if (this.#cancel.signal.aborted) {
        this.#state = { kind: 'cancelled', wasWriting: false, kept: null };
        return;
      }
      this.#state = {
        kind: 'failed',
        message: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** The notes of its own analysis, without the one on what the files dropped with it bring too. */
  #ownNotes: readonly string[] = [];
  #passedOver = $state(false);
  /** Whether an import cancelled while another file was written left this one, queued after it, not imported. */
  get passedOver(): boolean {
    return this.#passedOver;
  }

  /** The cancelled import never came to this file: its card says so (still ready, Import imports it). */
  passOver(): void {
    if (this.canCommit) this.#passedOver = true;
  }

  /** Counts the comparisons asked: only the last one's note is shown. */
  #comparisons = 0;

  /**
   * Shows the note on documents and spans the files dropped with it bring too, once they are
   * analysed (while the card still waits); again whenever one of them is checked again or let go.
   */
  async #noteTogether(job: ImportJob): Promise<void> {
    if (this.#state.kind !== 'ready' && this.#state.kind !== 'refused') return;
    const together = job.together?.() ?? null;
    const asked = ++this.#comparisons;
    this.#comparing = together !== null;
    const note = together ? await together.catch(() => null) : null;
    if (this.#job !== job || asked !== this.#comparisons) return;
    this.#comparing = false;
    this.#sharesDocuments = note?.sharesDocuments ?? false;
    const state = this.#state;
    if (state.kind === 'ready' || state.kind === 'refused')
      this.#state = {
        ...state,
        analysis: { ...state.analysis, notes: note ? [...this.#ownNotes, note.text] : [...this.#ownNotes] },
      };
  }

  /** Lets go of the import's Worker and the parsed records it keeps for the commit (a new check, or the card closed). */
  discard(): void {
    this.#comparing = false;
    this.#sharesDocuments = false;
    this.#job?.close();
    this.#job = null;
  }

  /** Reads a feedback file and says what importing it would do; nothing is stored. */
  async #readFeedback(): Promise<void> {
    try {
      const files = await this.#store.files();
      const read = await files.readFeedback(this.file.files[0]);
      this.#state =
        'value' in read
          ? { kind: 'feedback', file: read.value, preview: await files.previewFeedback(read.value) }
          : { kind: 'feedback-refused', errors: read.errors, errorCount: read.errorCount };
    } catch (error) {
      this.#state = { kind: 'failed', message: `could not be read: ${describeWriteError(error)}` };
    }
  }

  /** Sets the feedback file's verdicts on the annotator's spans, in one transaction. */
  async #applyFeedback(file: FeedbackFile, preview: FeedbackPreview): Promise<void> {
    this.#state = { kind: 'writing', progress: null };
    try {
      const result = await (await this.#store.files()).applyFeedback(file, (this.#environment.now ?? Date.now)());
      this.#state = { kind: 'feedback-applied', result, preview };
      this.#environment.onStored?.();
    } catch (error) {
      this.#state = {
        kind: 'failed',
        message: `was not imported; nothing from it was kept: ${describeWriteError(error)}`,
      };
    }
  }

  /** Stores the analysed file, all or nothing. */
  async commit(): Promise<void> {
    this.#passedOver = false;
    if (this.#state.kind === 'feedback') return this.#applyFeedback(this.#state.file, this.#state.preview);
    if (this.#state.kind !== 'ready' || !this.#job) return;
    const analysis = this.#state.analysis;
    this.#state = { kind: 'writing', progress: null };
    try {
      const result = await this.#job.commit();
      this.#state = { kind: 'imported', result, analysis };
      this.#environment.onStored?.();
    } catch (error) {
      if (this.#cancel.signal.aborted) {
        this.#state = { kind: 'cancelled', wasWriting: true, kept: keptSince(error) };
        return;
      }
      if (error instanceof Error && error.name === INTERRUPTED) {
        this.#state = { kind: 'failed', message: await this.#afterInterruption(error) };
        return;
      }
      this.#state = {
        kind: 'failed',
        message: `was not imported; ${leftStored(keptSince(error))}: ${await this.#failureReason(error)}`,
      };
    }
  }

  /**
   * What to say of an import whose Worker died mid-commit: its journal lets what it wrote be taken
   * back once the Worker has let go of it (importJournal.ts), else the next start does it.
   */
  async #afterInterruption(error: Error): Promise<string> {
    const recovered = await this.#store.recoverStoppedImports({ waitMs: 5000 }).catch(() => []);
    const mine = recovered.find((entry) => entry.file === this.file.name);
    if (mine && mine.documentsKept + mine.spansKept === 0)
      return `stopped before its end (${error.message}); what it had stored was taken back, so nothing of it is stored. Import it again.`;
    return `stopped before its end (${error.message}); part of it may be stored. Import it again to complete it: what is already stored is not added twice.`;
  }

  /** Whether the file is being checked or imported, which {@link cancel} stops. */
  get cancellable(): boolean {
    return (
      (this.#state.kind === 'analysing' || this.#state.kind === 'writing') && this.#job !== null && !this.cancelling
    );
  }

  /** Whether a cancelled import is taking back what it wrote. */
  get cancelling(): boolean {
    return this.#cancelling && this.#state.kind === 'writing';
  }

  /** Stops the check or the import of this file; an import takes back what it wrote. */
  cancel(): void {
    if (!this.cancellable) return;
    this.#cancelling = this.#state.kind === 'writing';
    this.#cancel.abort(new DOMException('The import was cancelled.', 'AbortError'));
  }

  /** Replaces everything stored with the backup this file holds; resolves with whether it did. */
  async restore(): Promise<boolean> {
    if (this.#state.kind !== 'backup') return false;
    const content = this.#state.content;
    this.#state = { kind: 'writing', progress: null };
    try {
      await (await this.#store.files()).restoreBackup(content);
      this.#state = { kind: 'restored' };
      this.#environment.onStored?.();
      return true;
    } catch (error) {
      this.#state = {
        kind: 'failed',
        message: `could not be restored; what was stored is unchanged: ${describeWriteError(error)}`,
      };
      return false;
    }
  }

  /** Why a write failed, in words; for a full disk, how much space this file needs. */
  async #failureReason(error: unknown): Promise<string> {
    if (error instanceof ImportFailure) return error.message;
    if (!isQuotaError(error)) return describeWriteError(error);
    const needed = this.file.size * STORAGE_BYTES_PER_FILE_BYTE;
    const estimate = await this.#environment.estimate?.().catch(() => undefined);
    const free =
      estimate?.quota !== undefined && estimate.usage !== undefined
        ? Math.max(0, estimate.quota - estimate.usage)
        : null;
    return free === null
      ? `the browser ran out of storage space for this site. Importing it needs about ${megabytes(needed)}.`
      : `the browser ran out of storage space for this site. Importing it needs about ${megabytes(needed)}; ${megabytes(free)} ${free < 1048576 ? 'or less is' : 'is'} free, so about ${megabytes(Math.max(0, needed - free))} more is needed. Free some space (or export and remove old work) and import it again.`;
  }
}
