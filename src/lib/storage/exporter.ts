import { zipFiles } from '../formats/archive';
import type { FileFormat, OutputFile, WriteOptions } from '../formats/format';
import { isModelLayer } from '../formats/labelStudioExport';
import { formatOf } from '../formats/registry';
import { ExportNames } from '../formats/uniqueNames';
export { exportFileName } from './exportNames';
import { allNumericIds, type AnnotatedRecord, type FormatName, type OffsetUnit } from '../formats/records';
import type { SpanwrightDatabase } from './database';
import { pageRecords, type Unlabelled } from './exportPage';
import { documentPages, readAhead, readLayers, type ExportScope } from './exportReads';
import { IN_WORKER, TaskSlicer } from './taskSlices';
import type { TokenRule } from '../formats/tokenRule';
import { listAnnotators } from './annotators';
import { LossTally, type ExportCheck } from './exportTally';

export type { ExportCheck } from './exportTally';

export type { ExportScope } from './exportReads';

export interface ExportOptions {
  format: FormatName;
  unit: OffsetUnit;
  scope: ExportScope;
  /** The open document, for scope `current`. */
  currentDocumentId?: string | null;
  /** One annotator's layer (the gold layer is the annotator `gold`), or every layer. */
  annotator: string | 'all';
  /**
   * Documents without a span in the chosen layer(s): those marked done or skipped go in by default
   * (done ones are the negative examples a trainer needs; skipped ones keep their status where the
   * format has one, and are counted out where not), or all of them, or none.
   */
  unlabelled: Unlabelled;
  /** The label set in palette order, for formats that write a label list or a config. */
  labels?: readonly string[];
  /** The tokens a token format (CoNLL, Hugging Face) writes: Spanwright's words, or the text's white space's. */
  tokens?: TokenRule;
  /**
   * Ids written as numbers (doccano, Label Studio), as the check found every id the file holds one: an id column of
   * one type. Not given, it is decided over every document the choice could write (helper-205: the whole corpus).
   */
  numericIds?: boolean;
  /** The name of the main file inside a .zip (`data.<extension>` when not given). */
  fileName?: string;
  onProgress?(done: number, total: number): void;
  /** Stops the export between two pages of documents: it rejects with the signal's reason and nothing is saved. */
  signal?: AbortSignal;
}

export type { Unlabelled } from './exportPage';

export interface ExportResult extends ExportCheck {
  blob: Blob;
  /** True when the file is a .zip (the format writes several files). */
  zipped: boolean;
}

/** Strings are joined into parts of about this many characters. */
const PART_CHARACTERS = 1 << 16;
/**
 * Characters of parts put into one Blob: on the page's thread each part goes into a Blob of its own
 * as it fills (encoding the whole file at the end would be a long task); in a Worker, whose long
 * tasks hold no page, parts of 16 MB (UTF-16) each (a Blob has a cost of its own: one a part took
 * longer than the serializing).
 */
const BLOB_CHARACTERS = IN_WORKER ? 1 << 23 : PART_CHARACTERS;

/**
 * The records of the export, a page of documents at a time: the layers, the count and the first
 * page are read at once, and each next page while the current one is used, so the export waits on
 * IndexedDB, not in turns.
 */
async function* recordPages(
  database: SpanwrightDatabase,
  options: ExportOptions,
  tally: LossTally,
): AsyncGenerator<AnnotatedRecord[]> {
  // A model's predictions go into an export of every layer only where the format says they are predictions.
  const withPredictions = options.annotator !== 'all' || tally.format.carries.predictions === true;
  // A skipped document is no training example: a format that cannot say "skipped" leaves it out.
  const withSkipped = tally.format.carries.status || !tally.format.carries.spans;
  const kept = (record: AnnotatedRecord) =>
    (withPredictions || !isModelLayer(record.annotator) || tally.leaveOut(record)) &&
    (withSkipped || record.status !== 'skipped' || tally.leaveOutSkipped(record));
  const pages = readAhead(documentPages(database, options));
  try {
    const [layers, total, first] = await Promise.all([
      readLayers(database, options),
      options.scope === 'current' ? 1 : database.documents.count(),
      pages.next(),
    ]);
    let done = 0;
    for (let current = first; !current.done;) {
      const page = current.value;
      const following = pages.next();
      following.catch(() => undefined); // awaited below; this only keeps a failure mid-page from going unhandled
      options.signal?.throwIfAborted();
      const records = pageRecords(page, await layers.spansOf(page), layers.statuses, options);
      yield withPredictions && withSkipped ? records : records.filter(kept);
      done += page.length;
      options.onProgress?.(done, total);
      current = await following;
    }
  } finally {
    // Ended, failed or cancelled: no page more is read ahead.
    pages.stop();
  }
}

/** What the format is given to write an export of `options`: its unit, labels and the export's unique names. */
async function writeOptionsOf(
  database: SpanwrightDatabase,
  format: FileFormat,
  options: ExportOptions,
): Promise<WriteOptions> {
  const labels = options.labels ?? [];
  // A format that names files after documents (brat) first keeps every id that is a file name already.
  const ids =
    format.writeEach === undefined
      ? []
      : options.scope === 'current'
        ? [options.currentDocumentId ?? '']
        : await database.documents.orderBy('order').primaryKeys();
  // Ids written as numbers where they look like one, only when all of them do (one type in the id column).
  const numericIds = !format.numericIds
    ? undefined
    : (options.numericIds ??
      allNumericIds(
        options.scope === 'current'
          ? [options.currentDocumentId ?? '']
          : ((await database.documents.toCollection().primaryKeys()) as string[]),
      ));
  return {
    unit: format.units.includes(options.unit) ? options.unit : format.units[0],
    labels,
    numericIds,
    severalLayers: options.annotator === 'all',
    layer: options.annotator === 'all' ? undefined : options.annotator,
    tokens: options.tokens,
    // A folder per annotator (brat, every layer): a name that is a folder name already keeps it.
    names: new ExportNames(
      labels,
      ids,
      format.writeEach !== undefined && options.annotator === 'all' ? await listAnnotators(database) : [],
    ),
  };
}

/** What an export of `options` holds and leaves out, without writing it. */
export async function checkExport(database: SpanwrightDatabase, options: ExportOptions): Promise<ExportCheck> {
  const format = formatOf(options.format);
  // The check finds whether the ids are numbers itself (the tally): no read of every document's key for it.
  const tally = new LossTally(format, await writeOptionsOf(database, format, { ...options, numericIds: false }));
  const slicer = new TaskSlicer();
  for await (const page of recordPages(database, options, tally)) {
    slicer.restart();
    for (const record of page) {
      tally.add(record);
      if (slicer.due) await slicer.yield();
    }
  }
  return tally.result();
}

/**
 * Builds the export file as a Blob, reading storage a page of documents at a time and joining
 * the serialized text into large parts (a Blob of many tiny strings is slow to build), each put
 * into a Blob as it fills (the UTF-8 encoding of the whole file at the end would be a long task);
 * serializing gives the event loop a turn every few milliseconds (`taskSlices.ts`). A format that writes several
 * files (brat's pairs, a label list beside the data) gives a .zip.
 */
export async function exportRecords(database: SpanwrightDatabase, options: ExportOptions): Promise<ExportResult> {
  const format = formatOf(options.format);
  const writeOptions = await writeOptionsOf(database, format, options);
  // Companions are written after the records (below); whether there are any is known before.
  const zipped = Boolean(format.writeEach) || (format.companions?.(writeOptions).length ?? 0) > 0;
  const tally = new LossTally(format, writeOptions);
  const slicer = new TaskSlicer();
  /** The main file so far: strings when it goes into a .zip, else Blobs. */
  const texts: string[] = [];
  const blobs: Blob[] = [];
  let part = '';
  /** Parts not in a Blob yet (see BLOB_CHARACTERS), and their characters. */
  let waiting: string[] = [];
  let waitingCharacters = 0;
  const toBlob = () => {
    if (waiting.length > 0) blobs.push(new Blob(waiting));
    waiting = [];
    waitingCharacters = 0;
  };
  const endPart = () => {
    if (zipped) texts.push(part);
    else {
      waiting.push(part);
      waitingCharacters += part.length;
      if (waitingCharacters >= BLOB_CHARACTERS) toBlob();
    }
    part = '';
  };
  const write = async (chunks: Iterable<string>) => {
    for (const chunk of chunks) {
      part += chunk;
      if (part.length >= PART_CHARACTERS) endPart();
      if (slicer.due) await slicer.yield();
    }
  };
  const files: OutputFile[] = [];
  // A format of one structure (a JSON array) is given every record at once.
  const gathered: AnnotatedRecord[] = [];
  for await (const page of recordPages(database, options, tally)) {
    slicer.restart();
    for (const record of page) {
      tally.add(record);
      if (format.writeEach) files.push(...format.writeEach(record, writeOptions));
      if (slicer.due) await slicer.yield();
    }
    if (format.wholeFile || format.writeBytes) gathered.push(...page);
    else if (!format.writeEach) await write(format.write(page, writeOptions));
  }
  if (format.writeBytes) {
    const blob = await format.writeBytes(gathered, writeOptions, () => slicer.pause());
    return { ...tally.result(), blob: new Blob([blob], { type: format.mime }), zipped: false };
  }
  if (format.wholeFile) await write(format.write(gathered, writeOptions));
  if (part.length > 0) endPart();
  toBlob();
  const checked = tally.result();
  if (!zipped) return { ...checked, blob: new Blob(blobs, { type: format.mime }), zipped: false };
  const main = format.writeEach ? [] : [{ path: options.fileName ?? `data.${format.extension}`, text: texts.join('') }];
  // After the records: a label list names every label they gave (brat's annotation.conf).
  const companions = format.companions?.(writeOptions) ?? [];
  const archive = await zipFiles([...main, ...files, ...companions], () => slicer.pause());
  return { ...checked, blob: new Blob(archive, { type: 'application/zip' }), zipped: true };
}

export { listAnnotators };
