import type { FormatName, OffsetUnit } from '../formats/records';
import { readBackup, restoreBackup, type BackupContent } from '../storage/backup';
import type { SpanwrightDatabase } from '../storage/database';
import { exportFileName, exportRecords, type ExportOptions } from '../storage/exporter';
import {
  FileImport,
  ImportFailure,
  type ImportAnalysis,
  type ImportProgress,
  type ImportResult,
} from '../storage/importer';
import { detectFileFormat, type NamedBlob, type SourceFormat } from '../storage/recordSource';
import { describeWriteError, isQuotaError } from './workbench.svelte';

export type PendingState =
  | { kind: 'detecting' }
  | { kind: 'unknown' }
  | { kind: 'analysing'; progress: ImportProgress | null }
  | { kind: 'ready'; analysis: ImportAnalysis }
  | { kind: 'refused'; analysis: ImportAnalysis }
  | { kind: 'backup'; content: BackupContent }
  | { kind: 'backup-refused'; errors: { line: number; message: string }[]; errorCount: number }
  | { kind: 'writing'; progress: ImportProgress | null }
  | { kind: 'imported'; result: ImportResult; analysis: ImportAnalysis }
  | { kind: 'restored' }
  | { kind: 'failed'; message: string };

/** What the import needs from the browser: how much storage is free, and a hook after a write. */
export interface TransferEnvironment {
  /** `navigator.storage.estimate`, for saying how much space a failed import needs. */
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  /** Called after a file was stored: the first real work asks for persistent storage. */
  onStored?(): void;
}

/** Rough bytes IndexedDB needs for a file: texts are stored as UTF-16, plus rows and indexes. */
const STORAGE_BYTES_PER_FILE_BYTE = 2.5;

const megabytes = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1048576)).toLocaleString('en')} MB`;

/** One file the user dropped or picked, on its way into storage. */
export class PendingFile {
  readonly file: NamedBlob;
  format = $state<SourceFormat | null>(null);
  /** What the file's offsets count (native JSONL only: the other formats define their own). */
  unit = $state<OffsetUnit>('codepoint');
  /** All of the file's spans go to this layer (the user's own), whatever annotators it names. */
  intoAnnotator = $state<string | null>(null);
  state = $state.raw<PendingState>({ kind: 'detecting' });
  private job: FileImport | null = null;
  private readonly environment: TransferEnvironment;

  constructor(file: NamedBlob, environment: TransferEnvironment = {}) {
    this.file = file;
    this.environment = environment;
  }

  /** Why a write failed, in words; for a full disk, how much space this file needs. */
  private async failureReason(error: unknown): Promise<string> {
    if (error instanceof ImportFailure) return error.message;
    if (!isQuotaError(error)) return describeWriteError(error);
    const needed = this.file.size * STORAGE_BYTES_PER_FILE_BYTE;
    const estimate = await this.environment.estimate?.().catch(() => undefined);
    const free =
      estimate?.quota !== undefined && estimate.usage !== undefined
        ? Math.max(0, estimate.quota - estimate.usage)
        : null;
    return free === null
      ? `the browser ran out of storage space for this site. Importing it needs about ${megabytes(needed)}.`
      : `the browser ran out of storage space for this site. Importing it needs about ${megabytes(needed)}; ${megabytes(free)} ${free < 1048576 ? 'or less is' : 'is'} free, so about ${megabytes(Math.max(0, needed - free))} more is needed. Free some space (or export and remove old work) and import it again.`;
  }

  get canCommit(): boolean {
    return this.state.kind === 'ready';
  }

  /** Detects the format (unless one is given) and analyses the file; nothing is stored. */
  async analyse(
    database: SpanwrightDatabase,
    defaultAnnotator: string,
    unit: OffsetUnit,
    format?: SourceFormat,
  ): Promise<void> {
    this.state = { kind: 'detecting' };
    this.unit = unit;
    this.format = format ?? (await detectFileFormat(this.file));
    if (this.format === null) {
      this.state = { kind: 'unknown' };
      return;
    }
    if (this.format === 'backup') {
      this.state = { kind: 'analysing', progress: null };
      const read = await readBackup(this.file);
      this.state =
        'value' in read
          ? { kind: 'backup', content: read.value }
          : { kind: 'backup-refused', errors: read.errors, errorCount: read.errorCount };
      return;
    }
    this.state = { kind: 'analysing', progress: null };
    this.job = new FileImport(database, this.file, {
      format: this.format,
      unit,
      defaultAnnotator,
      intoAnnotator: this.intoAnnotator ?? undefined,
      onProgress: (progress) => {
        if (this.state.kind === 'analysing' || this.state.kind === 'writing') this.state = { ...this.state, progress };
      },
    });
    try {
      const analysis = await this.job.analyse();
      this.state = analysis.errorCount === 0 ? { kind: 'ready', analysis } : { kind: 'refused', analysis };
    } catch (error) {
      this.state = {
        kind: 'failed',
        message: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  async commit(): Promise<void> {
    if (this.state.kind !== 'ready' || !this.job) return;
    const analysis = this.state.analysis;
    this.state = { kind: 'writing', progress: null };
    try {
      const result = await this.job.commit();
      this.state = { kind: 'imported', result, analysis };
      this.environment.onStored?.();
    } catch (error) {
      this.state = {
        kind: 'failed',
        message: `was not imported; nothing from it was kept: ${await this.failureReason(error)}`,
      };
    }
  }

  async restore(database: SpanwrightDatabase): Promise<void> {
    if (this.state.kind !== 'backup') return;
    const content = this.state.content;
    this.state = { kind: 'writing', progress: null };
    try {
      await restoreBackup(database, content);
      this.state = { kind: 'restored' };
      this.environment.onStored?.();
    } catch (error) {
      this.state = {
        kind: 'failed',
        message: `could not be restored; what was stored is unchanged: ${describeWriteError(error)}`,
      };
    }
  }
}

/** The files being imported, and the export settings. */
export class Transfers {
  private readonly database: SpanwrightDatabase;
  private readonly environment: TransferEnvironment;
  pending = $state.raw<PendingFile[]>([]);
  dialogOpen = $state(false);
  unit = $state<OffsetUnit>('codepoint');

  constructor(database: SpanwrightDatabase, environment: TransferEnvironment = {}) {
    this.database = database;
    this.environment = environment;
  }

  /** Starts importing `files`: each is detected and analysed, then waits for the user's go. */
  add(files: readonly NamedBlob[], defaultAnnotator: string): void {
    if (files.length === 0) return;
    const added = files.map((file) => new PendingFile(file, this.environment));
    // A fresh drop replaces finished cards but keeps files still waiting for a decision.
    this.pending = [
      ...this.pending.filter((item) => item.state.kind === 'ready' || item.state.kind === 'backup'),
      ...added,
    ];
    this.dialogOpen = true;
    for (const item of added) void item.analyse(this.database, defaultAnnotator, this.unit);
  }

  /** Checks `item` again as `format` (and, for native JSONL, with offsets counted in `unit`). */
  reanalyse(item: PendingFile, format: SourceFormat, defaultAnnotator: string, unit: OffsetUnit = item.unit): void {
    void item.analyse(this.database, defaultAnnotator, unit, format);
  }

  /** Checks `item` again with all its spans going to `annotator`'s layer (or to the layers it names). */
  importInto(item: PendingFile, annotator: string | null, defaultAnnotator: string): void {
    if (item.format === null || item.format === 'backup') return;
    item.intoAnnotator = annotator;
    void item.analyse(this.database, defaultAnnotator, item.unit, item.format);
  }

  get committable(): PendingFile[] {
    return this.pending.filter((item) => item.canCommit);
  }

  /** Imports every file that passed its checks, one after the other. */
  async commitAll(): Promise<void> {
    for (const item of this.committable) await item.commit();
  }

  close(): void {
    this.dialogOpen = false;
    this.pending = [];
  }

  /** Builds an export file and hands it to `save`. */
  async export(
    options: ExportOptions,
    corpus: string,
    save: (blob: Blob, name: string) => void,
    now = new Date(),
  ): Promise<{ records: number; spans: number }> {
    const result = await exportRecords(this.database, options);
    save(result.blob, exportFileName(corpus, options.annotator, options.format, now, options.unit));
    return { records: result.records, spans: result.spans };
  }
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

export const FORMAT_NAMES: Record<FormatName, string> = {
  native: 'Spanwright JSONL (spaCy / Prodigy spans)',
  doccano: 'doccano JSONL',
  labelstudio: 'Label Studio JSON',
  text: 'Plain text',
};
