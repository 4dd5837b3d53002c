import { zipFiles } from '../formats/archive';
import { quote } from '../formats/errorMessages';
import type { FileFormat, Loss, OutputFile, WriteOptions } from '../formats/format';
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
  /** The name of the main file inside a .zip (`data.<extension>` when not given). */
  fileName?: string;
  onProgress?(done: number, total: number): void;
  /** Stops the export between two pages of documents: it rejects with the signal's reason and nothing is saved. */
  signal?: AbortSignal;
}

export type { Unlabelled } from './exportPage';

/** What an export's file holds (no spans in a format without them), and what it leaves out (said before the download). */
export interface ExportCheck {
  records: number;
  spans: number;
  losses: Loss[];
}

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
  const numericIds = format.numericIds
    ? allNumericIds(
        options.scope === 'current'
          ? [options.currentDocumentId ?? '']
          : ((await database.documents.toCollection().primaryKeys()) as string[]),
      )
    : undefined;
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
  const tally = new LossTally(format, await writeOptionsOf(database, format, options));
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
    if (format.wholeFile) gathered.push(...page);
    else if (!format.writeEach) await write(format.write(page, writeOptions));
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

/** Counts what a format leaves out of the records it is given (see {@link FileFormat.carries} and `lossesOf`). */
class LossTally {
  readonly format: FileFormat;
  /** Model layers left out (see {@link leaveOut}): their records, and their names. */
  #predictions = 0;
  readonly #models = new Set<string>();
  /** Skipped documents' records left out (see {@link leaveOutSkipped}), and a few of them named. */
  #skipped = 0;
  readonly #skippedExamples: string[] = [];
  /** Records of a document already written for another layer, in a format that does not say whose each is. */
  #repeated = 0;
  #lastId: string | null = null;
  #records = 0;
  /** The documents written, for a format that holds one (every layer of a document is one document). */
  readonly #documents = new Set<string>();
  #spans = 0;
  /** Records by status written: done, skipped (a format with spans and no status leaves those out), and to do. */
  readonly #statuses = { done: 0, skipped: 0, todo: 0 };
  readonly #todoExamples: string[] = [];
  #meta = 0;
  #notes = 0;
  #sources = 0;
  #origins = 0;
  #examples = 0;
  readonly #annotators = new Set<string>();
  readonly #losses = new Map<string, Loss>();

  constructor(
    format: FileFormat,
    readonly options: WriteOptions,
  ) {
    this.format = format;
  }

  /** Counts a model layer's record left out of the export; false, for `filter`. */
  leaveOut(record: AnnotatedRecord): false {
    this.#predictions++;
    if (record.annotator !== null) this.#models.add(record.annotator);
    return false;
  }

  /** Counts a skipped document's record left out of the export (see `recordPages`); false, for `filter`. */
  leaveOutSkipped(record: AnnotatedRecord): false {
    this.#skipped++;
    if (this.#skippedExamples.length < MAX_EXAMPLES) this.#skippedExamples.push(named(record));
    return false;
  }

  add(record: AnnotatedRecord): void {
    this.#records++;
    if (!this.format.carries.documents) this.#documents.add(record.id);
    const losses = this.format.lossesOf?.(record, this.options) ?? [];
    // The spans the file holds: those the format leaves out whole are not among them.
    this.#spans += record.spans.length - losses.reduce((sum, loss) => sum + (loss.unwritten ? loss.count : 0), 0);
    const status = record.status === 'done' || record.status === 'skipped' ? record.status : 'todo';
    this.#statuses[status]++;
    if (status === 'todo' && this.#todoExamples.length < MAX_EXAMPLES) this.#todoExamples.push(named(record));
    if (Object.keys(record.meta).length > 0) this.#meta++;
    for (const span of record.spans) {
      if (span.note) this.#notes++;
      if (span.source) this.#sources++;
      if (span.origin) this.#origins++;
      if (span.example) this.#examples++;
    }
    if (record.annotator !== null) this.#annotators.add(record.annotator);
    // A document's layers come together: the same id again is another layer of it.
    const again = record.id === this.#lastId;
    if (again) this.#repeated++;
    this.#lastId = record.id;
    for (const loss of losses) {
      if (again && loss.perDocument) continue; // written once for the document, counted once
      const key = JSON.stringify([loss.what, loss.why]);
      const known = this.#losses.get(key);
      if (!known) this.#losses.set(key, { ...loss, examples: loss.examples?.slice(0, MAX_EXAMPLES) });
      else {
        known.count += loss.count;
        // Each example once (a rename, a key of a document written once per layer), however many records give it.
        if (loss.examples)
          known.examples = [...new Set([...(known.examples ?? []), ...loss.examples])].slice(0, MAX_EXAMPLES);
      }
    }
  }

  result(): ExportCheck {
    const { carries, name } = this.format;
    const general: Loss[] = [];
    const without = `${name} has no place for them`;
    if (this.#predictions > 0)
      general.push({
        what: 'model prediction layers (model:…)',
        why: `${name} would write them as a person’s layer, and predictions are never exported as a person’s work (export that layer alone, or as Label Studio predictions)`,
        count: this.#predictions,
        examples: [...this.#models].slice(0, MAX_EXAMPLES),
      });
    if (this.#skipped > 0)
      general.push({
        what: 'skipped documents',
        why: `${name} has no place for a status, and a skipped document would read as an ordinary example (its unlabelled text as “nothing here”): export it as Spanwright JSONL, Prodigy or Label Studio to keep it`,
        count: this.#skipped,
        examples: this.#skippedExamples,
      });
    if (!carries.spans && this.#spans > 0) general.push({ what: 'spans', why: without, count: this.#spans });
    if (!carries.documents && this.#documents.size > 1)
      general.push({
        what: 'documents after the first',
        why: `${name} holds one document`,
        count: this.#documents.size - 1,
      });
    const { done, skipped, todo } = this.#statuses;
    if (!carries.status && done + skipped > 0) {
      const what = `${[done > 0 ? 'done' : '', skipped > 0 ? 'skipped' : ''].filter(Boolean).join(' and ')} statuses`;
      general.push({ what, why: without, count: done + skipped });
    }
    // helper-205: half-labelled documents went into a training file as finished ones, unsaid.
    if (!carries.status && carries.spans && todo > 0)
      general.push({
        what: 'documents not marked done (to do)',
        why: `${name} has no place for a status, so each is written as a finished example, and what no one has labelled there yet reads as “nothing here” in training: export “Documents marked done or skipped” to leave them out`,
        count: todo,
        examples: this.#todoExamples,
      });
    const annotatorKept = carries.annotator === true || (carries.annotator !== false && this.options.severalLayers);
    if (!annotatorKept && this.#annotators.size > 0) {
      // One line: the names it drops, and what that does to a document written once per layer.
      const repeated = this.#repeated;
      const records =
        repeated === 1 ? '1 record repeats a document' : `${repeated.toLocaleString('en')} records repeat a document`;
      general.push({
        what: 'annotator names',
        why:
          repeated === 0 || !carries.documents
            ? without
            : `${without}: ${records} already written for another annotator (once per layer, in annotator order), and nothing in the file says whose each is`,
        count: this.#annotators.size,
        examples: [...this.#annotators].slice(0, MAX_EXAMPLES),
      });
    }
    if (!carries.meta && this.#meta > 0)
      general.push({ what: 'document metadata (source, title…)', why: without, count: this.#meta });
    if (carries.spans && !carries.spanNotes && this.#notes > 0)
      general.push({ what: 'span notes', why: without, count: this.#notes });
    if (carries.spans && !carries.spanSources && this.#sources > 0)
      general.push({
        what: 'where accepted suggestions came from (pattern:…, propagated, model:…)',
        why: without,
        count: this.#sources,
      });
    if (carries.spans && !carries.spanOrigins && this.#origins > 0)
      general.push({
        what: 'review decisions behind gold spans (who decided, when, from whose spans)',
        why: without,
        count: this.#origins,
      });
    if (carries.spans && !carries.spanExamples && this.#examples > 0)
      general.push({ what: 'example marks (★, the spans the guidelines quote)', why: without, count: this.#examples });
    const records = carries.documents ? this.#records : Math.min(this.#records, 1);
    return { records, spans: carries.spans ? this.#spans : 0, losses: [...general, ...this.#losses.values()] };
  }
}

/** A record as a loss names it: its document's title, and whose layer. */
const named = (record: AnnotatedRecord) =>
  `${quote(record.title)}${record.annotator === null ? '' : ` (${record.annotator})`}`;

/** At most this many examples of each kind of loss are listed (a preview names every span a format cannot hold, up to this). */
const MAX_EXAMPLES = 200;

export { listAnnotators };
