import type { SourceFormat } from '../formats/detect';
import { formatErrorText } from '../formats/errorMessages';
import type { FileFormat, Loss, NamedBlob } from '../formats/format';
import type { OffsetReading } from '../formats/offsetReadings';
import type { FormatError } from '../formats/records';
import { FORMATS } from '../formats/registry';
import { isZip } from '../formats/archive';
import { counted } from '../model/counted';
import { REJECTED_ANNOTATOR } from '../model/types';
import { sourcesOf } from '../formats/sources';
import { openZip } from '../storage/unzipClient';
import { exportFileName, type ExportCheck, type ExportOptions } from '../storage/exporter';
import type { Store } from '../storage/store';
import { PendingFile, type TransferEnvironment } from './pendingFile.svelte';

export { feedbackSummary, missingText } from './feedbackText';
export { PendingFile, type PendingState, type TransferEnvironment } from './pendingFile.svelte';
export { describeCancelled, describeImported, passedOverWords } from './importWords';
export type { ExportCheck, ExportOptions, ExportScope, Unlabelled } from '../storage/exporter';
export type { ImportAnalysis } from '../storage/importer';
export type { Loss } from '../formats/format';
export type { OffsetUnit, FormatName } from '../formats/records';
export {
  READINGS,
  readingKey,
  readingName,
  readingOfKey,
  sameReading,
  type OffsetReading,
} from '../formats/offsetReadings';
export type { SourceFormat } from '../formats/detect';
export { tokenRuleNote, type TokenRule } from '../formats/tokenRule';
export type { FeedbackPreview, FeedbackResult, MissingFeedback } from '../storage/store';

/** The formats files come in and go out as, from the registry, in its order. */
export const FILE_FORMATS: readonly FileFormat[] = FORMATS;

/** A format's name for a choice, e.g. "Spanwright JSONL (Prodigy-shaped spans)". */
export function formatLabel(format: SourceFormat): string {
  if (format === 'backup') return 'Spanwright backup';
  if (format === 'feedback') return 'Spanwright feedback (a reviewer’s verdicts on your spans)';
  if (format === 'patterns') return 'Match patterns (spaCy / Prodigy: proposed as suggestions, not imported)';
  const file = FORMATS.find((candidate) => candidate.id === format);
  return file ? `${file.name} (${file.detail})` : format;
}

/** Examples of a loss said in its line; the rest are listed below it. */
const INLINE_EXAMPLES = 5;

/**
 * A loss in one line: "relations: 3, because Spanwright keeps spans… (the first on line 7): e.g.; e.g.",
 * or "(the first in the record on line 2)" where a JSON record, pretty-printed, may run over many lines.
 */
export function lossText(loss: Loss): string {
  const first = loss.line ? ` (the first ${loss.inRecord ? 'in the record ' : ''}on line ${loss.line})` : '';
  const shown = loss.examples?.slice(0, INLINE_EXAMPLES) ?? [];
  const examples =
    shown.length > 0 ? `: ${shown.join('; ')}${(loss.examples?.length ?? 0) > shown.length ? '…' : ''}` : '';
  return `${loss.what}: ${loss.count.toLocaleString('en')}, because ${loss.why}${first}${examples}`;
}

/** The examples of a loss beyond those its line says (every one, up to the preview's limit). */
export function moreExamples(loss: Loss): readonly string[] {
  return loss.examples?.slice(INLINE_EXAMPLES) ?? [];
}

/**
 * "line 3: reason", or the reason alone for a whole-file error; with `name` (the import's), after the
 * name of the file the line is of: "bad.ann, line 3: reason" in a brat import, else "name, line 3: …".
 */
export function errorText(error: FormatError, name?: string): string {
  const where = error.file ?? name;
  // "a.jsonl, line 3: …", and a whole file's "a.json: it holds no documents…".
  return where === undefined
    ? formatErrorText(error)
    : `${where}${error.line > 0 ? ',' : ':'} ${formatErrorText(error)}`;
}

/** Files coming in (the import dialog) and going out (export, backup). */
export class Transfers {
  readonly #store: Store;
  readonly #environment: TransferEnvironment;
  #pending = $state.raw<PendingFile[]>([]);
  #cancelled = false;
  #dialogOpen = $state(false);
  #lastRestore = $state.raw<{ readonly text: string } | null>(null);

  constructor(store: Store, environment: TransferEnvironment = {}) {
    this.#store = store;
    this.#environment = environment;
  }

  /** The files of the import dialog, in the order they came. */
  get pending(): readonly PendingFile[] {
    return this.#pending;
  }

  get dialogOpen(): boolean {
    return this.#dialogOpen;
  }

  /**
   * Starts importing `files`: each (a .zip opened, brat pairs together) is detected and analysed,
   * then waits for the user's go. `restore`: the files were chosen to restore a backup (Settings →
   * Backup), so a card that is not a backup says that importing it would add, not replace.
   */
  async add(files: readonly NamedBlob[], defaultAnnotator: string, { restore = false } = {}): Promise<void> {
    if (files.length === 0) return;
    // Each drop's archives, as objects: the same name dropped twice is opened twice.
    const archives = files.filter((file) => isZip(file)).map((file) => ({ name: file.name }));
    this.#opening = [...this.#opening, ...archives];
    const { sources, problems } = await sourcesOf(files, openZip).finally(() => {
      this.#opening = this.#opening.filter((archive) => !archives.includes(archive));
    });
    const added = [
      ...sources.map((source) => new PendingFile(source, this.#store, this.#environment, undefined, restore)),
      ...problems.map(
        ({ name, size, message }) =>
          new PendingFile({ name, size, files: [] }, this.#store, this.#environment, message),
      ),
    ];
    // A fresh drop replaces finished cards but keeps files still waiting for a decision, or still being
    // read (a drop that came while a .zip before it was opened in its Worker finishes first).
    const waiting = (item: PendingFile) =>
      ['ready', 'backup', 'feedback', 'detecting', 'analysing'].includes(item.state.kind);
    const kept = (item: PendingFile) => waiting(item) || item === this.#writing || this.#queued.includes(item);
    for (const item of this.#pending) if (!kept(item)) item.discard();
    this.#pending = [...this.#pending.filter(kept), ...added];
    this.#dialogOpen = true;
    for (const item of added) if (item.state.kind !== 'failed') void item.analyse(defaultAnnotator);
  }

  /** Checks `item` again as `format`, its offsets read as `reading`. */
  reanalyse(
    item: PendingFile,
    format: SourceFormat,
    defaultAnnotator: string,
    reading: OffsetReading = item.reading,
  ): void {
    void item.analyse(defaultAnnotator, { format, reading });
  }

  /** Checks `item` again with all its spans going to `annotator`'s layer (or to the layers it names). */
  importInto(item: PendingFile, annotator: string | null, defaultAnnotator: string): void {
    if (item.format === null || item.format === 'backup' || item.format === 'feedback') return;
    void item.analyse(defaultAnnotator, { format: item.format, intoAnnotator: annotator });
  }

  get committable(): PendingFile[] {
    return this.#pending.filter((item) => item.canCommit);
  }

  /**
   * Imports every file that passed its checks, one after the other, until one is cancelled. The
   * dialog closed meanwhile, the files still to import go on (the top bar says which; `reopen` shows them).
   */
  async commitAll(): Promise<void> {
    this.#cancelled = false;
    this.#queued = [...this.committable];
    try {
      while (this.#queued.length > 0 && !this.#cancelled) {
        const [item, ...rest] = this.#queued;
        [this.#writing, this.#queued] = [item, rest];
        try {
          await item.commit();
        } finally {
          this.#writing = null;
          // Its dialog closed, no close() is to come: let go of its Worker and parsed records now.
          if (!this.#dialogOpen) item.discard();
        }
      }
    } finally {
      // Cancelled: the files after the one cancelled were never written; their cards say so.
      for (const item of this.#queued) item.passOver();
      this.#queued = [];
    }
  }

  #opening = $state.raw<{ name: string }[]>([]);
  /** The names of the archives dropped that are being opened (in a Worker) before the dialog shows their files. */
  get opening(): readonly string[] {
    return this.#opening.map((archive) => archive.name);
  }

  /** Files an Import press took that wait for the one being written. */
  #queued = $state.raw<PendingFile[]>([]);
  get queued(): readonly PendingFile[] {
    return this.#queued;
  }

  /** Shows the dialog again on the files it holds (an import that goes on with its dialog closed). */
  reopen(): void {
    if (this.#pending.length > 0) this.#dialogOpen = true;
  }

  #writing = $state.raw<PendingFile | null>(null);
  /** The file being written into storage now (its dialog may be closed: the import goes on), or null. */
  get writing(): PendingFile | null {
    return this.#writing;
  }

  /** The files another tab is importing now (none while this tab imports: {@link writing} names its own). */
  async importsElsewhere(): Promise<string[]> {
    if (this.#writing) return [];
    const running = await (await this.#store.files()).importsUnderWay();
    return this.#writing ? [] : running;
  }

  /** Whether a file is being checked or imported that {@link cancel} can stop. */
  get cancellable(): boolean {
    return this.#pending.some((item) => item.cancellable);
  }

  /** Stops every check and import under way (each import takes back what it wrote) and the files after them. */
  cancel(): void {
    this.#cancelled = true;
    for (const item of this.#pending) item.cancel();
  }

  /** What the last backup restored in this tab brought back, in a sentence (a new object each time); null before any. */
  get lastRestore(): { readonly text: string } | null {
    return this.#lastRestore;
  }

  /**
   * Replaces everything stored with the backup `item` holds. Done, its card leaves the dialog (which
   * closes when no other card is left) and {@link lastRestore} says what came back; resolves with
   * that sentence, or null when the restore failed (its card says why).
   */
  async restore(item: PendingFile): Promise<string | null> {
    if (item.state.kind !== 'backup') return null;
    const { documents, spans, labels } = item.state.content;
    if (!(await item.restore())) return null;
    const text = `Backup restored from ${item.file.name}: ${counted(documents.length, 'document')}, ${counted(spans.length, 'span')}, ${counted(labels.length, 'label')}. Nothing from before it can be undone.`;
    this.#lastRestore = { text };
    this.dismiss(item);
    return text;
  }

  /**
   * What restoring the backup `item` holds would take of what is stored now, in a sentence for its
   * confirmation; null when it holds no backup or storage could not be read.
   */
  async restoreLosses(item: PendingFile): Promise<string | null> {
    if (item.state.kind !== 'backup') return null;
    const content = item.state.content;
    const losses = await (await this.#store.files()).restoreLosses(content).catch(() => null);
    if (!losses) return null;
    const { documents, spans, suggestions, labels } = losses;
    const parts = [
      ...(documents > 0 ? [counted(documents, 'document')] : []),
      ...(spans > 0 ? [counted(spans, 'span')] : []),
      ...(suggestions > 0 ? [counted(suggestions, 'suggestion')] : []),
      ...(labels.length > 0 ? [`the label${labels.length > 1 ? 's' : ''} ${labels.join(', ')}`] : []),
    ];
    return parts.length === 0
      ? 'Everything stored now is in the backup; what changed since it was made goes back to how the backup has it.'
      : `Stored now and not in the backup, so gone after the restore: ${parts.join(', ')}.`;
  }

  close(): void {
    this.#dialogOpen = false;
    // The file being written and those an Import press queued behind it go on; the rest are let go.
    const going = (item: PendingFile) => item === this.#writing || this.#queued.includes(item);
    for (const item of this.#pending) if (!going(item)) item.discard();
    this.#pending = this.#pending.filter(going);
  }

  /** Takes one file off the dialog (a patterns file handed to the suggestions panel); closes it when none is left. */
  dismiss(item: PendingFile): void {
    item.discard();
    this.#pending = this.#pending.filter((pending) => pending !== item);
    this.#queued = this.#queued.filter((pending) => pending !== item);
    if (this.#pending.length === 0) this.#dialogOpen = false;
  }

  /** Every annotator with a layer, and `current` (whose layer may still be empty), sorted, each with its span count. */
  async annotators(current: string): Promise<{ name: string; spans: number }[]> {
    const [listed, counts] = await Promise.all([this.#store.listAnnotators(), this.#store.spanCountsByAnnotator()]);
    const names = listed.filter((name) => name !== REJECTED_ANNOTATOR);
    return [...new Set([...names, current])].sort().map((name) => ({ name, spans: counts.get(name) ?? 0 }));
  }

  /** The corpus name export files start with. */
  corpusName(): Promise<string> {
    return this.#store.corpusName();
  }

  /** What an export would hold and what its format leaves out, without writing it. */
  async checkExport(options: ExportOptions): Promise<ExportCheck> {
    return (await this.#store.files()).checkExport(options);
  }

  /** Builds an export file and hands it to `save`; resolves with what it holds and left out. */
  async export(
    options: ExportOptions,
    corpus: string,
    save: (blob: Blob, name: string) => void,
    now = new Date(),
  ): Promise<ExportCheck> {
    const one = options.scope === 'current' ? (options.currentDocumentId ?? null) : null;
    const name = (zipped: boolean) =>
      exportFileName(corpus, options.annotator, options.format, now, options.unit, zipped, one, options.tokens);
    const fileName = name(false);
    const result = await (await this.#store.files()).exportRecords({ ...options, fileName });
    options.signal?.throwIfAborted();
    save(result.blob, result.zipped ? name(true) : fileName);
    return { records: result.records, spans: result.spans, losses: result.losses };
  }

  /** Builds a backup of everything stored (telling how many rows of how many it has written) and hands it to `save`. */
  async backup(
    save: (blob: Blob, name: string) => void,
    now = new Date(),
    onProgress?: (done: number, total: number) => void,
  ): Promise<void> {
    save(
      await (await this.#store.files()).exportBackup(now, { onProgress }),
      `spanwright-backup-${now.toISOString().slice(0, 10)}.jsonl`,
    );
  }
}

/** A feedback file's name: `<annotator>-feedback-<date>.jsonl`, safe for any file system. */
export function feedbackFileName(annotator: string, date: Date): string {
  const safe =
    annotator
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^[._]+|_+$/gu, '') || 'annotator';
  return `${safe}-feedback-${date.toISOString().slice(0, 10)}.jsonl`;
}

/**
 * Builds `annotator`'s feedback file (their spans in every document the review decided something
 * in, with the verdicts of `reviewer`) and hands it to `save`; resolves with what it holds.
 */
export async function downloadFeedback(
  store: Store,
  annotator: string,
  reviewer: string,
  save: (blob: Blob, name: string) => void = downloadBlob,
  now = new Date(),
): Promise<{ spans: number; documents: number; undecided: number; name: string }> {
  const built = await (await store.files()).feedbackFile(annotator, reviewer, now);
  const name = feedbackFileName(annotator, now);
  save(built.blob, name);
  return { spans: built.spans, documents: built.documents, undecided: built.undecided, name };
}

/** Who decided, for a verdict taken from a team's gold whose span does not say. */
export const TEAM_GOLD = 'team gold';

/**
 * Sets on `annotator`'s spans the verdicts of the team's gold, synced to this copy (no file), and
 * says what it did in one sentence.
 */
export async function verdictsFromGold(store: Store, annotator: string, now = new Date()): Promise<string> {
  const taken = await (await store.files()).feedbackFromGold(annotator, TEAM_GOLD, now);
  const { kept, changed, removed } = taken.verdicts;
  const given = kept + changed + removed;
  const pending =
    taken.undecided === 0
      ? ''
      : ` ${counted(taken.undecided, 'span')} in documents still under review ${taken.undecided === 1 ? 'is' : 'are'} not decided yet.`;
  const cleared =
    taken.cleared === 0
      ? ''
      : ` ${counted(taken.cleared, 'earlier verdict')} the review no longer gives ${taken.cleared === 1 ? 'was' : 'were'} cleared.`;
  if (given === 0)
    return (
      (taken.undecided > 0
        ? `Nothing of ${annotator}'s is decided yet.${pending}`
        : `No span of ${annotator}'s is in a document the reviewers decided anything in yet.`) + cleared
    );
  const fresh =
    taken.updated === 0
      ? ' Nothing changed since they were last taken.'
      : taken.revised > 0
        ? ` ${counted(taken.revised, 'verdict')} changed since they were last taken.`
        : '';
  return (
    `The team's gold gives ${counted(given, 'span')} of ${annotator}'s in ${counted(taken.documents, 'document')} ` +
    `a verdict: ${kept.toLocaleString('en')} kept, ${changed.toLocaleString('en')} changed, ${removed.toLocaleString('en')} removed.` +
    `${pending}${cleared}${fresh} Press F on the Documents page to step through the changed and removed ones (and any kept with a note).`
  );
}

/** Saves a Blob as a download through a temporary link. */
export function downloadBlob(blob: Blob, name: string, document: Document = globalThis.document): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
