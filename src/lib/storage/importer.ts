/**
 * Importing one file: analyse it against storage (nothing stored), then commit it in batched
 * transactions, all or nothing. Placement of records on documents is `placement.ts`.
 */
import { CODE_POINTS, ReadingSurvey, type OffsetReading } from '../formats/offsetReadings';
import type { AnnotatedRecord, FormatError, FormatName } from '../formats/records';
import { newLabel } from '../model/labels';
import { layerKey, parseLayerKey } from '../model/layerKey';
import { spanKey } from '../model/spanIdentity';
import type { Document, DocumentStatus, Label, Span, Status } from '../model/types';
import { logChange } from './changes';
import type { SpanwrightDatabase } from './database';
import { addDocuments, deleteDocuments } from './documentRows';
import { layerKeysOf, placedBatches, storedLayers, type PlacedRecord } from './placement';
import type { FileSource, Loss, NamedBlob, SourceItem } from '../formats/format';
import { readRecords } from '../formats/registry';
import { sameSummary, summarize, writeTables } from './spans';

/** At most this many errors are listed per file; the rest are counted. */
export const MAX_LISTED_ERRORS = 20;
/** At most this many examples are kept of each kind of thing a file loses. */
const MAX_EXAMPLES = 5;
/** Files up to this size keep their parsed records between analysis and commit. */
const CACHE_LIMIT_BYTES = 48 * 1024 * 1024;

export interface ImportProgress {
  phase: 'reading' | 'writing';
  /** Bytes read while reading; records written while writing. */
  done: number;
  total: number;
}

export interface ImportOptions {
  format: FormatName;
  /** How the file's offsets count its text (code points unless the user chose another). */
  reading?: OffsetReading;
  /** The layer that records without an annotator go to. */
  defaultAnnotator: string;
  /**
   * Every record's spans and status go to this layer, whatever annotator the file names: to
   * correct a model's pre-annotations in one's own layer, as in doccano or Prodigy.
   */
  intoAnnotator?: string;
  onProgress?(progress: ImportProgress): void;
  now?(): number;
  /**
   * Cancels the analysis or the commit between two batches: the promise rejects with the signal's reason and a
   * commit takes back every batch it wrote, so a cancelled import stores nothing.
   */
  signal?: AbortSignal;
}

/** What importing a file would do, worked out before anything is stored. */
export interface ImportAnalysis {
  fileName: string;
  format: FormatName;
  records: number;
  newDocuments: number;
  matchedDocuments: number;
  newSpans: number;
  /** Spans that are in storage already (re-importing a file adds nothing). */
  knownSpans: number;
  annotators: string[];
  /** Labels used by the file that the label set does not have yet. */
  newLabels: string[];
  /** The first {@link MAX_LISTED_ERRORS} errors. */
  errors: FormatError[];
  errorCount: number;
  /** What the file holds that will not arrive (relations, rejected answers…), counted by kind. */
  losses: Loss[];
  /** What the format says of how it read the file (a token file's rebuilt text, its tag scheme). */
  notes: string[];
  /** The reading the file was analysed with, and how many of its quoted spans each reading fits. */
  offsets: OffsetSurvey;
}

/** How a file's offsets were read, and how well each reading fits its quotes. */
export interface OffsetSurvey {
  reading: OffsetReading;
  /** Spans that quote their text (only they can be checked). */
  quoted: number;
  /** Every reading with the quotes it fits, most first. */
  ranking: { reading: OffsetReading; fits: number }[];
  /** The first reading that fits every quote; null when none does or nothing is quoted. */
  fitsAll: OffsetReading | null;
}

export interface ImportResult {
  documentsAdded: number;
  spansAdded: number;
  labelsAdded: string[];
}

/** What a commit has stored so far, to take back if a later batch fails. */
interface Written {
  documents: string[];
  spans: string[];
  labels: string[];
  /** Each layer's summary before the import first wrote it (null: there was none), by layer key. */
  summaries: Map<string, DocumentStatus | null>;
}

/** An import of one file: analyse it (nothing stored), then commit it (all or nothing). */
export class FileImport {
  /** What is imported: a file, or files that belong together (brat's pairs). */
  readonly source: FileSource;
  readonly options: ImportOptions;
  private readonly database: SpanwrightDatabase;
  private cached: SourceItem[] | null = null;

  constructor(database: SpanwrightDatabase, file: NamedBlob | FileSource, options: ImportOptions) {
    this.database = database;
    this.source = 'files' in file ? file : { name: file.name, size: file.size, files: [file] };
    this.options = options;
  }

  /** The layer a record's spans and status go to. */
  private readonly layerOf = (record: AnnotatedRecord): string =>
    this.options.intoAnnotator ?? record.annotator ?? this.options.defaultAnnotator;

  private items(
    phase: 'reading' | 'writing',
    survey?: ReadingSurvey,
  ): AsyncIterable<SourceItem> | Iterable<SourceItem> {
    if (this.cached) return this.cached;
    const total = this.source.size;
    return readRecords(this.source, this.options.format, {
      reading: this.options.reading,
      survey,
      onBytes: (done) => (phase === 'reading' ? this.options.onProgress?.({ phase, done, total }) : undefined),
    });
  }

  /** Reads and checks the whole file against storage, and says what committing it would do. */
  async analyse(): Promise<ImportAnalysis> {
    const errors: FormatError[] = [];
    let errorCount = 0;
    const onError = (error: FormatError) => {
      errorCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(error);
    };
    const keep = this.source.size <= CACHE_LIMIT_BYTES ? ([] as SourceItem[]) : null;
    const survey = new ReadingSurvey();
    const source = this.items('reading', survey);
    const recorded = keep
      ? (async function* () {
          for await (const item of source) {
            keep.push(item);
            yield item;
          }
        })()
      : source;

    const labels = new Set((await this.database.labels.toCollection().primaryKeys()) as string[]);
    const newLabels = new Set<string>();
    const annotators = new Set<string>();
    const newDocuments = new Set<string>();
    const matchedDocuments = new Set<string>();
    const seenSpans = new Map<string, Set<string>>();
    let records = 0;
    let newSpans = 0;
    let knownSpans = 0;
    const losses = new Map<string, Loss>();
    const onLoss = (loss: Loss) => {
      const key = JSON.stringify([loss.what, loss.why]);
      const known = losses.get(key);
      if (!known) losses.set(key, { ...loss, examples: loss.examples?.slice(0, MAX_EXAMPLES) });
      else {
        known.count += loss.count;
        known.line ??= loss.line;
        if (loss.examples) known.examples = [...(known.examples ?? []), ...loss.examples].slice(0, MAX_EXAMPLES);
      }
    };
    const notes = new Set<string>();
    for await (const batch of placedBatches(this.database, recorded, onError, onLoss, (note) => notes.add(note))) {
      this.options.signal?.throwIfAborted();
      const layers = await storedLayers(this.database, layerKeysOf(batch, this.layerOf, true));
      for (const { record, placement } of batch) {
        records++;
        const annotator = this.layerOf(record);
        annotators.add(annotator);
        (placement.isNew ? newDocuments : matchedDocuments).add(placement.documentId);
        const key = layerKey(placement.documentId, annotator);
        let seen = seenSpans.get(key);
        if (!seen) {
          seen = new Set((layers.get(key) ?? []).map(spanKey));
          seenSpans.set(key, seen);
        }
        for (const span of record.spans) {
          if (!labels.has(span.label)) newLabels.add(span.label);
          const id = spanKey(span);
          if (seen.has(id)) knownSpans++;
          else {
            seen.add(id);
            newSpans++;
          }
        }
      }
    }
    this.cached = keep;
    for (const id of newDocuments) matchedDocuments.delete(id);
    return {
      fileName: this.source.name,
      format: this.options.format,
      records,
      newDocuments: newDocuments.size,
      matchedDocuments: matchedDocuments.size,
      newSpans,
      knownSpans,
      annotators: [...annotators].sort(),
      newLabels: [...newLabels].sort(),
      errors: errors.sort((a, b) => a.line - b.line),
      errorCount,
      losses: [...losses.values()],
      notes: [...notes],
      offsets: {
        reading: this.options.reading ?? CODE_POINTS,
        quoted: survey.quoted,
        ranking: survey.ranking(),
        fitsAll: survey.fitsAll(),
      },
    };
  }

  /**
   * Stores the file in batched transactions. If any batch fails (say, the disk is full), every
   * document, span and label this file added is removed again and the summaries it changed are put
   * back, so the file is imported whole or not at all. Call only after an analysis without errors.
   */
  async commit(): Promise<ImportResult> {
    const database = this.database;
    const now = (this.options.now ?? Date.now)();
    const written: Written = { documents: [], spans: [], labels: [], summaries: new Map() };
    const failures: FormatError[] = [];
    let done = 0;
    const total = this.cached?.length ?? 0;
    try {
      const labels = await database.labels.toArray();
      const order = { next: ((await database.documents.orderBy('order').last())?.order ?? -1) + 1 };
      for await (const batch of placedBatches(database, this.items('writing'), (error) => failures.push(error))) {
        if (failures.length > 0) throw new ImportFailure(failures);
        this.options.signal?.throwIfAborted();
        await database.transaction(
          'rw',
          [database.documents, database.heads, database.labels, ...writeTables(database)],
          () => this.storeBatch(batch, { labels, order, now, written }),
        );
        done += batch.length;
        this.options.onProgress?.({ phase: 'writing', done, total: Math.max(total, done) });
      }
      if (failures.length > 0) throw new ImportFailure(failures);
      return {
        documentsAdded: written.documents.length,
        spansAdded: written.spans.length,
        labelsAdded: written.labels,
      };
    } catch (error) {
      await this.rollBack(written);
      throw error;
    }
  }

  /**
   * Writes one batch (inside its transaction): its new documents, the spans its layers do not hold
   * yet, the labels they bring (by the same rule as a label added in Settings), and the summary of
   * every layer it changed.
   */
  private async storeBatch(
    batch: readonly PlacedRecord[],
    context: { labels: Label[]; order: { next: number }; now: number; written: Written },
  ): Promise<void> {
    const database = this.database;
    const { labels, order, now, written } = context;
    // Documents added by an earlier batch of this file count as stored now.
    const keys = layerKeysOf(batch, this.layerOf, true);
    const [layers, summaries] = await Promise.all([
      storedLayers(database, keys),
      database.statuses.bulkGet(keys.map(([documentId, annotator]) => [annotator, documentId] as [string, string])),
    ]);
    const summaryBefore = new Map(
      keys.map(([documentId, annotator], index) => [layerKey(documentId, annotator), summaries[index]]),
    );
    const documents: Document[] = [];
    const spans: Span[] = [];
    const addedLabels: Label[] = [];
    const known = new Set(labels.map((label) => label.name));
    /** The status each touched layer gets from the file (null: the file does not say). */
    const touched = new Map<string, Status | null>();
    for (const { record, placement } of batch) {
      if (placement.isNew) {
        const { title, text, meta } = record;
        const source = `import:${this.source.name}`;
        const fingerprint = placement.fingerprint;
        documents.push({
          id: placement.documentId,
          title,
          text,
          meta,
          source,
          order: order.next++,
          created: now,
          fingerprint,
        });
      }
      const annotator = this.layerOf(record);
      const key = layerKey(placement.documentId, annotator);
      const layer = layers.get(key) ?? [];
      layers.set(key, layer);
      const seen = new Set(layer.map(spanKey));
      for (const span of record.spans) {
        if (seen.has(spanKey(span))) continue;
        seen.add(spanKey(span));
        const stored: Span = {
          id: globalThis.crypto.randomUUID(),
          documentId: placement.documentId,
          annotator,
          ...span,
          created: now,
          updated: now,
        };
        layer.push(stored);
        spans.push(stored);
        if (!known.has(span.label)) {
          known.add(span.label);
          const label = newLabel(span.label, labels);
          labels.push(label);
          addedLabels.push(label);
        }
      }
      touched.set(key, record.status ?? touched.get(key) ?? null);
    }
    const changed: DocumentStatus[] = [];
    for (const [key, status] of touched) {
      const { documentId, annotator } = parseLayerKey(key);
      const before = summaryBefore.get(key) ?? null;
      if (!written.summaries.has(key)) written.summaries.set(key, before);
      // A status from the file never takes back a status the annotator has set.
      const kept = before && before.status !== 'todo' ? before.status : (status ?? before?.status ?? 'todo');
      const summary = summarize(annotator, documentId, layers.get(key) ?? [], kept, now, before?.finished);
      // A layer the file leaves as it was keeps its summary (and revision): nothing to show anew.
      if (!before || !sameSummary(before, summary)) changed.push(summary);
    }
    await Promise.all([
      addDocuments(database, documents),
      database.spans.bulkAdd(spans),
      database.labels.bulkAdd(addedLabels),
      database.statuses.bulkPut(changed),
      changed.length > 0
        ? logChange(
            database,
            changed.map((summary) => [summary.annotator, summary.documentId] as const),
          )
        : undefined,
    ]);
    written.documents.push(...documents.map((document) => document.id));
    written.spans.push(...spans.map((span) => span.id));
    written.labels.push(...addedLabels.map((label) => label.name));
  }

  private async rollBack(written: Written): Promise<void> {
    const database = this.database;
    await database.transaction(
      'rw',
      [database.documents, database.heads, database.labels, ...writeTables(database)],
      async () => {
        await database.spans.bulkDelete(written.spans);
        await deleteDocuments(database, written.documents);
        await database.labels.bulkDelete(written.labels);
        const layers = [...written.summaries].map(([key, summary]) => ({ ...parseLayerKey(key), summary }));
        await database.statuses.bulkPut(layers.flatMap(({ summary }) => (summary ? [summary] : [])));
        await database.statuses.bulkDelete(
          layers.flatMap(({ documentId, annotator, summary }) =>
            summary ? [] : [[annotator, documentId] as [string, string]],
          ),
        );
        if (layers.length > 0)
          await logChange(
            database,
            layers.map(({ documentId, annotator }) => [annotator, documentId] as const),
          );
      },
    );
  }
}

/** Storage changed between analysis and commit in a way that makes the file wrong. */
export class ImportFailure extends Error {
  constructor(readonly errors: FormatError[]) {
    super(
      errors
        .map((error) => (error.line > 0 ? `line ${error.line}: ${error.message}` : error.message))
        .slice(0, 3)
        .join('; '),
    );
    this.name = 'ImportFailure';
  }
}
