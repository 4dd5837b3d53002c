/**
 * What an export leaves out, counted as its records go by: said in the export dialog before the download, and
 * with the export after it.
 */
import { quote } from '../formats/errorMessages';
import type { FileFormat, Loss, WriteOptions } from '../formats/format';
import { allNumericIds, type AnnotatedRecord } from '../formats/records';

/** What an export's file holds (no spans in a format without them), and what it leaves out (said before the download). */
export interface ExportCheck {
  records: number;
  spans: number;
  losses: Loss[];
  /** Whether every record's id is one a format writes as a number (the export's `numericIds`). */
  numericIds?: boolean;
  /** Skipped documents' records left out, by a format with no status (counted among `losses` too). */
  skipped?: number;
}

/** Counts what a format leaves out of the records it is given (see {@link FileFormat.carries} and `lossesOf`). */
export class LossTally {
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
  #numeric = true;
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
    this.#numeric &&= allNumericIds([record.id]);
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
        why: `${name} has no place for a status, so each is written as a finished example, and what no one has labelled there yet reads as “nothing here” in training: choose “Done only” under Documents to leave them out`,
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
    const numericIds = this.#records > 0 && this.#numeric;
    return {
      records,
      spans: carries.spans ? this.#spans : 0,
      losses: [...general, ...this.#losses.values()],
      numericIds,
      skipped: this.#skipped,
    };
  }
}

/** A record as a loss names it: its document's title, and whose layer. */
const named = (record: AnnotatedRecord) =>
  `${quote(record.title)}${record.annotator === null ? '' : ` (${record.annotator})`}`;

/** At most this many examples of each kind of loss are listed (a preview names every span a format cannot hold, up to this). */
const MAX_EXAMPLES = 200;
