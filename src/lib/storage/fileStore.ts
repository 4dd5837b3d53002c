/**
 * The file side of storage: imports, exports, backups and feedback files. It carries every file
 * format (and the zip and schema libraries), so the first page does not load it: `Store.files()`
 * does, the first time a file comes or goes.
 */
import type { FileSource, NamedBlob } from '../formats/format';
import { readFeedbackFile, type FeedbackFile } from '../formats/feedbackFile';
import {
  exportBackup,
  readBackup,
  restoreBackup,
  restoreLosses,
  type BackupContent,
  type BackupOptions,
} from './backup';
import type { SpanwrightDatabase } from './database';
import { checkExport, exportRecords, type ExportCheck, type ExportOptions, type ExportResult } from './exporter';
import {
  applyFeedback,
  buildFeedbackFile,
  feedbackFromGold,
  markedSpans,
  previewFeedback,
  type FeedbackBuild,
  type FeedbackPreview,
  type FeedbackResult,
  type GoldFeedback,
  type MarkedSpan,
} from './feedback';
import { FileImport, type ImportJob, type ImportOptions } from './importer';
import { ImportsTogether } from './importsTogether';
import { WorkerImport } from './incomingClient';
import { importsUnderWay, recoverStoppedImports, type RecoveredImport } from './importJournal';
import { runOutgoing, workersAvailable } from './outgoingClient';

export class FileStore {
  readonly #database: SpanwrightDatabase;
  /** The imports waiting in the dialog, told of each other's documents. */
  readonly #together = new ImportsTogether();

  constructor(database: SpanwrightDatabase) {
    this.#database = database;
  }

  /**
   * An import of `file`: analyse it, then commit it; in a Worker where there are Workers (incomingClient.ts).
   * Its analysis says which of its new documents the other imports not yet committed or let go bring too.
   */
  importFile(file: NamedBlob | FileSource, options: ImportOptions): ImportJob {
    if (!workersAvailable()) return this.#together.add(new FileImport(this.#database, file, options));
    return this.#together.add(new WorkerImport(this.#database.name, file, options));
  }

  /** Takes back what imports that ended without finishing had stored (importJournal.ts). */
  recoverStoppedImports(options: { waitMs?: number } = {}): Promise<RecoveredImport[]> {
    return recoverStoppedImports(this.#database, options);
  }

  /** The files being imported now, in this tab or another (an export taken now would hold part of them). */
  importsUnderWay(): Promise<string[]> {
    return importsUnderWay(this.#database);
  }

  /** Exports, their checks and backups run in a Worker where there are Workers (outgoingClient.ts). */
  exportRecords(options: ExportOptions): Promise<ExportResult> {
    if (!workersAvailable()) return exportRecords(this.#database, options);
    const { onProgress, signal, ...plain } = options;
    return runOutgoing({ job: 'export', databaseName: this.#database.name, options: plain }, onProgress, signal);
  }

  checkExport(options: ExportOptions): Promise<ExportCheck> {
    if (!workersAvailable()) return checkExport(this.#database, options);
    const { onProgress, signal, ...plain } = options;
    return runOutgoing({ job: 'check', databaseName: this.#database.name, options: plain }, onProgress, signal);
  }

  exportBackup(now = new Date(), options: BackupOptions = {}): Promise<Blob> {
    if (!workersAvailable() || options.atOnce) return exportBackup(this.#database, now, options);
    return runOutgoing({ job: 'backup', databaseName: this.#database.name, now }, options.onProgress, options.signal);
  }

  readBackup(file: NamedBlob): ReturnType<typeof readBackup> {
    return readBackup(file);
  }

  restoreBackup(content: BackupContent): Promise<void> {
    return restoreBackup(this.#database, content);
  }

  /** What restoring `content` would take away: what is stored now that the backup lacks. */
  restoreLosses(content: BackupContent): ReturnType<typeof restoreLosses> {
    return restoreLosses(this.#database, content);
  }

  /** The feedback file for `annotator`'s spans, from `reviewer` (see `feedback.ts`). */
  feedbackFile(annotator: string, reviewer: string, now?: Date): Promise<FeedbackBuild> {
    return buildFeedbackFile(this.#database, annotator, reviewer, now);
  }

  /** Sets the verdicts of the gold this copy holds on `annotator`'s spans (a team's gold, synced). */
  feedbackFromGold(annotator: string, reviewer: string, now?: Date): Promise<GoldFeedback> {
    return feedbackFromGold(this.#database, annotator, reviewer, now);
  }

  /** Reads and checks a feedback file; nothing is stored. */
  readFeedback(file: NamedBlob): ReturnType<typeof readFeedbackFile> {
    return readFeedbackFile(file);
  }

  /** What importing a feedback file would do; nothing is stored. */
  previewFeedback(file: FeedbackFile): Promise<FeedbackPreview> {
    return previewFeedback(this.#database, file);
  }

  /** Sets the file's feedback on the matching spans of its annotator's layer, in one transaction. */
  applyFeedback(file: FeedbackFile, now: number): Promise<FeedbackResult> {
    return applyFeedback(this.#database, file, now);
  }

  /** `annotator`'s spans with feedback to look at, in list and reading order. */
  markedSpans(annotator: string): Promise<MarkedSpan[]> {
    return markedSpans(this.#database, annotator);
  }
}
