import { textFingerprint } from '../model/fingerprint';
import { LABEL_COLOURS } from '../model/labels';
import { layerKey, parseLayerKey } from '../model/layerKey';
import { spanKey } from '../model/spanIdentity';
import type { Document, DocumentStatus, Label, Span } from '../model/types';
import type { AnnotatedRecord, FormatError, FormatName, OffsetUnit } from '../formats/records';
import type { SpanwrightDatabase } from './database';
import { readRecords, type NamedBlob, type SourceItem } from './recordSource';
import { newRevision } from './spans';

/** At most this many errors are listed per file; the rest are counted. */
export const MAX_LISTED_ERRORS = 20;
/** Files up to this size keep their parsed records between analysis and commit. */
const CACHE_LIMIT_BYTES = 48 * 1024 * 1024;
/** Records per write transaction. */
const BATCH_RECORDS = 1000;

export interface ImportProgress {
  phase: 'reading' | 'writing';
  /** Bytes read while reading; records written while writing. */
  done: number;
  total: number;
}

export interface ImportOptions {
  format: FormatName;
  unit?: OffsetUnit;
  /** The layer that records without an annotator go to. */
  defaultAnnotator: string;
  /**
   * Every record's spans and status go to this layer, whatever annotator the file names: to
   * correct a model's pre-annotations in one's own layer, as in doccano or Prodigy.
   */
  intoAnnotator?: string;
  onProgress?(progress: ImportProgress): void;
  now?(): number;
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
}

export interface ImportResult {
  documentsAdded: number;
  spansAdded: number;
  labelsAdded: string[];
}

/** Where a record lands: an existing or a new document, in one annotator's layer. */
interface Placement {
  documentId: string;
  isNew: boolean;
  /** The record's text fingerprint, computed once while placing it. */
  fingerprint: string;
}

/**
 * Resolves records to documents, batch by batch: by id, else by identical text (through the
 * fingerprint index), else as a new document. Remembers the file's own documents so a second
 * annotator's record of the same document lands on it.
 *
 * Memory stays bounded by the number of documents, not their size: the file's documents are kept
 * as fingerprints (53-bit hash and length), and the stored fingerprints are read once, as index
 * keys, so only a record whose fingerprint is already stored costs a read.
 */
class DocumentMatcher {
  /** Documents this file introduces: id → fingerprint. */
  private readonly fileDocuments = new Map<string, string>();
  /** fingerprint → id of this file's first new document with that text. */
  private readonly fileFingerprints = new Map<string, string>();
  private storedFingerprints: Set<string> | null = null;

  constructor(private readonly database: SpanwrightDatabase) {}

  /** Places each record, or explains why it cannot be placed. */
  async place(records: readonly { record: AnnotatedRecord; line: number }[]): Promise<(Placement | FormatError)[]> {
    this.storedFingerprints ??= new Set(
      (await this.database.documents.orderBy('fingerprint').uniqueKeys()) as string[],
    );
    const ids = [...new Set(records.map(({ record }) => record.id))];
    const stored = new Map<string, Document>();
    for (const document of await this.database.documents.bulkGet(ids)) if (document) stored.set(document.id, document);
    const fingerprints = records.map(({ record }) => textFingerprint(record.text));
    const candidates = [
      ...new Set(
        fingerprints.filter(
          (fingerprint, index) => !stored.has(records[index].record.id) && this.storedFingerprints!.has(fingerprint),
        ),
      ),
    ];
    const byFingerprint = new Map<string, Document[]>();
    if (candidates.length > 0) {
      for (const document of await this.database.documents.where('fingerprint').anyOf(candidates).toArray()) {
        byFingerprint.set(document.fingerprint, [...(byFingerprint.get(document.fingerprint) ?? []), document]);
      }
    }
    return records.map(({ record, line }, index) => {
      const fingerprint = fingerprints[index];
      const existing = stored.get(record.id);
      if (existing) {
        return existing.text === record.text
          ? { documentId: existing.id, isNew: false, fingerprint }
          : { line, message: `document ${JSON.stringify(record.id)} is already stored with a different text` };
      }
      const earlier = this.fileDocuments.get(record.id);
      if (earlier !== undefined) {
        return earlier === fingerprint
          ? { documentId: record.id, isNew: false, fingerprint }
          : {
              line,
              message: `document ${JSON.stringify(record.id)} appears earlier in the file with a different text`,
            };
      }
      const sameText = byFingerprint.get(fingerprint)?.find((document) => document.text === record.text);
      if (sameText) return { documentId: sameText.id, isNew: false, fingerprint };
      const sameInFile = this.fileFingerprints.get(fingerprint);
      if (sameInFile !== undefined) return { documentId: sameInFile, isNew: false, fingerprint };
      this.fileDocuments.set(record.id, fingerprint);
      this.fileFingerprints.set(fingerprint, record.id);
      return { documentId: record.id, isNew: true, fingerprint };
    });
  }
}

/** Reads `file` in batches of placed records. */
async function* placedBatches(
  database: SpanwrightDatabase,
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
  onError: (error: FormatError) => void,
): AsyncGenerator<{ record: AnnotatedRecord; line: number; placement: Placement }[]> {
  const matcher = new DocumentMatcher(database);
  let pending: { record: AnnotatedRecord; line: number }[] = [];
  const flush = async () => {
    const placements = await matcher.place(pending);
    const placed = [];
    for (let index = 0; index < pending.length; index++) {
      const placement = placements[index];
      if ('message' in placement) onError(placement);
      else placed.push({ ...pending[index], placement });
    }
    pending = [];
    return placed;
  };
  for await (const item of items) {
    if ('error' in item) {
      onError(item.error);
      continue;
    }
    pending.push(item);
    if (pending.length >= BATCH_RECORDS) yield await flush();
  }
  if (pending.length > 0) yield await flush();
}

/** Spans already stored for the layers these records touch, by layer. */
async function storedLayers(database: SpanwrightDatabase, keys: [string, string][]): Promise<Map<string, Span[]>> {
  const layers = new Map<string, Span[]>();
  if (keys.length === 0) return layers;
  for (const span of await database.spans.where('[documentId+annotator]').anyOf(keys).toArray()) {
    const key = layerKey(span.documentId, span.annotator);
    layers.set(key, [...(layers.get(key) ?? []), span]);
  }
  return layers;
}

/**
 * The layers a batch writes to. With `storedOnly`, only layers of documents already stored: a
 * document the file introduces has no spans or status to read yet.
 */
function layerKeysOf(
  batch: { record: AnnotatedRecord; placement: Placement }[],
  layerOf: (record: AnnotatedRecord) => string,
  storedOnly = false,
): [string, string][] {
  const keys = new Map<string, [string, string]>();
  for (const { record, placement } of batch) {
    if (storedOnly && placement.isNew) continue;
    const annotator = layerOf(record);
    keys.set(layerKey(placement.documentId, annotator), [placement.documentId, annotator]);
  }
  return [...keys.values()];
}

/** An import of one file: analyse it (nothing stored), then commit it (all or nothing). */
export class FileImport {
  readonly file: NamedBlob;
  readonly options: ImportOptions;
  private readonly database: SpanwrightDatabase;
  private cached: SourceItem[] | null = null;

  constructor(database: SpanwrightDatabase, file: NamedBlob, options: ImportOptions) {
    this.database = database;
    this.file = file;
    this.options = options;
  }

  /** The layer a record's spans and status go to. */
  private readonly layerOf = (record: AnnotatedRecord): string =>
    this.options.intoAnnotator ?? record.annotator ?? this.options.defaultAnnotator;

  private items(phase: 'reading' | 'writing'): AsyncIterable<SourceItem> | Iterable<SourceItem> {
    if (this.cached) return this.cached;
    const total = this.file.size;
    return readRecords(this.file, this.options.format, this.options.unit, (done) =>
      phase === 'reading' ? this.options.onProgress?.({ phase, done, total }) : undefined,
    );
  }

  /** Reads and checks the whole file against storage, and says what committing it would do. */
  async analyse(): Promise<ImportAnalysis> {
    const errors: FormatError[] = [];
    let errorCount = 0;
    const onError = (error: FormatError) => {
      errorCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(error);
    };
    const keep = this.file.size <= CACHE_LIMIT_BYTES ? ([] as SourceItem[]) : null;
    const source = this.items('reading');
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
    for await (const batch of placedBatches(this.database, recorded, onError)) {
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
      fileName: this.file.name,
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
    };
  }

  /**
   * Stores the file in batched transactions. If any batch fails (say, the disk is full), every
   * document, span and label this file added is removed again and the statuses it changed are put
   * back, so the file is imported whole or not at all. Call only after an analysis without errors.
   */
  async commit(): Promise<ImportResult> {
    const database = this.database;
    const now = (this.options.now ?? Date.now)();
    const added = { documents: [] as string[], spans: [] as string[], labels: [] as string[] };
    const previousStatuses = new Map<string, DocumentStatus | null>();
    const failures: FormatError[] = [];
    let written = 0;
    const total = this.cached?.length ?? 0;
    try {
      const known = new Set((await database.labels.toCollection().primaryKeys()) as string[]);
      const existingLabels = await database.labels.toArray();
      let nextLabelOrder = existingLabels.reduce((max, label) => Math.max(max, label.order + 1), 0);
      let nextOrder = ((await database.documents.orderBy('order').last())?.order ?? -1) + 1;
      for await (const batch of placedBatches(database, this.items('writing'), (error) => failures.push(error))) {
        if (failures.length > 0) throw new ImportFailure(failures);
        await database.transaction(
          'rw',
          [database.documents, database.spans, database.statuses, database.labels],
          async () => {
            // Documents added by an earlier batch of this file count as stored now.
            const keys = layerKeysOf(batch, this.layerOf, true);
            const layers = await storedLayers(database, keys);
            const statuses =
              keys.length > 0
                ? await database.statuses.bulkGet(
                    keys.map(([documentId, annotator]) => [annotator, documentId] as [string, string]),
                  )
                : [];
            const statusByLayer = new Map(
              keys.map(([documentId, annotator], index) => [layerKey(documentId, annotator), statuses[index] ?? null]),
            );
            const documents: Document[] = [];
            const spans: Span[] = [];
            const labels: Label[] = [];
            const touched = new Map<
              string,
              { documentId: string; annotator: string; status: DocumentStatus['status'] | null }
            >();
            for (const { record, placement } of batch) {
              if (placement.isNew) {
                documents.push({
                  id: placement.documentId,
                  title: record.title,
                  text: record.text,
                  source: `import:${this.file.name}`,
                  meta: record.meta,
                  order: nextOrder++,
                  created: now,
                  fingerprint: placement.fingerprint,
                });
              }
              const annotator = this.layerOf(record);
              const key = layerKey(placement.documentId, annotator);
              const layer = layers.get(key) ?? [];
              layers.set(key, layer);
              const seen = new Set(layer.map(spanKey));
              for (const span of record.spans) {
                const id = spanKey(span);
                if (seen.has(id)) continue;
                seen.add(id);
                const stored: Span = {
                  id: globalThis.crypto.randomUUID(),
                  documentId: placement.documentId,
                  annotator,
                  start: span.start,
                  end: span.end,
                  label: span.label,
                  text: span.text,
                  created: now,
                  updated: now,
                };
                layer.push(stored);
                spans.push(stored);
                if (!known.has(span.label)) {
                  known.add(span.label);
                  labels.push({
                    name: span.label,
                    colour: LABEL_COLOURS[nextLabelOrder % LABEL_COLOURS.length],
                    hotkey: '',
                    description: '',
                    order: nextLabelOrder++,
                  });
                }
              }
              const previous = touched.get(key);
              touched.set(key, {
                documentId: placement.documentId,
                annotator,
                status: record.status ?? previous?.status ?? null,
              });
            }
            await database.documents.bulkAdd(documents);
            await database.spans.bulkAdd(spans);
            if (labels.length > 0) await database.labels.bulkAdd(labels);
            const summaries: DocumentStatus[] = [];
            for (const [key, { documentId, annotator, status }] of touched) {
              const before = statusByLayer.get(key) ?? null;
              if (!previousStatuses.has(key)) previousStatuses.set(key, before);
              const layer = layers.get(key) ?? [];
              const summary: DocumentStatus = {
                annotator,
                documentId,
                // A status from the file never takes back a status the annotator has set.
                status: before && before.status !== 'todo' ? before.status : (status ?? before?.status ?? 'todo'),
                spanCount: layer.length,
                labels: [...new Set(layer.map((span) => span.label))].sort(),
                updated: now,
                revision: newRevision(),
              };
              // A layer the file leaves as it was keeps its summary (and revision): nothing to show anew.
              if (
                before &&
                before.status === summary.status &&
                before.spanCount === summary.spanCount &&
                before.labels.join('\u0000') === summary.labels.join('\u0000')
              )
                continue;
              summaries.push(summary);
            }
            await database.statuses.bulkPut(summaries);
            added.documents.push(...documents.map((document) => document.id));
            added.spans.push(...spans.map((span) => span.id));
            added.labels.push(...labels.map((label) => label.name));
          },
        );
        written += batch.length;
        this.options.onProgress?.({ phase: 'writing', done: written, total: Math.max(total, written) });
      }
      if (failures.length > 0) throw new ImportFailure(failures);
      return { documentsAdded: added.documents.length, spansAdded: added.spans.length, labelsAdded: added.labels };
    } catch (error) {
      await this.rollBack(added, previousStatuses);
      throw error;
    }
  }

  private async rollBack(
    added: { documents: string[]; spans: string[]; labels: string[] },
    previousStatuses: Map<string, DocumentStatus | null>,
  ): Promise<void> {
    const database = this.database;
    await database.transaction(
      'rw',
      [database.documents, database.spans, database.statuses, database.labels],
      async () => {
        await database.spans.bulkDelete(added.spans);
        await database.documents.bulkDelete(added.documents);
        await database.labels.bulkDelete(added.labels);
        for (const [key, status] of previousStatuses) {
          const { documentId, annotator } = parseLayerKey(key);
          if (status) await database.statuses.put(status);
          else await database.statuses.delete([annotator, documentId]);
        }
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
