/**
 * Importing one file: analyse it against storage (nothing stored), then commit it in batched
 * transactions, all or nothing. Placement of records on documents is `placement.ts`.
 */
import { absentSpansNote } from './absentSpans';
import { CODE_POINTS, ReadingSurvey } from '../formats/offsetReadings';
import type { AnnotatedRecord, FormatError } from '../formats/records';
import { newLabel } from '../model/labels';
import { layerKey, parseLayerKey } from '../model/layerKey';
import { spanKey } from '../model/spanIdentity';
import type { Document, DocumentStatus, Label, Span, Status } from '../model/types';
import { logChange } from './changes';
import type { SpanwrightDatabase } from './database';
import { addDocuments } from './documentRows';
import {
  closeJournal,
  holdingImportLock,
  importTables,
  journalEntry,
  markOf,
  noteLayer,
  takeBack,
  type Written,
} from './importJournal';
import { layerKeysOf, placedBatches, storedLayers, type PlacedRecord } from './placement';
import { SpacedApart } from './spacedApart';
import type { FileSource, Loss, NamedBlob, SourceItem } from '../formats/format';
import { readRecords } from '../formats/registry';
import { RepeatedRecords } from './repeatedRecords';
import { intoLayerOf, keptApartNote } from './skippedApart';
import { JOINED_WHAT, joinedNote } from './joinedIds';
import { StatusesKept, StatusesMarked, statusKept, storedStatuses } from './storedStatuses';
import { NewArrivals } from './importsTogether';
import { sameSummary, summarize } from './spans';
import { TaskSlicer } from './taskSlices';
import { WRITE_DOCUMENTS, WRITE_SPANS, type Sent } from './importWrites';
import {
  addLoss,
  ImportFailure,
  writesLayer,
  repeatedSpan,
  metadataNotKept,
  withKeptSince,
  type ImportAnalysis,
  type ImportJob,
  type ImportOptions,
  type ImportResult,
} from './importTypes';

export type { ImportAnalysis, ImportJob, ImportOptions, ImportProgress, ImportResult } from './importTypes';

/** At most this many errors are listed per file; the rest are counted. */
export const MAX_LISTED_ERRORS = 20;
/** At most this many examples are kept of each kind of thing a file loses. */
const MAX_EXAMPLES = 5;
/** Files up to this size keep their parsed records between analysis and commit. */
const CACHE_LIMIT_BYTES = 48 * 1024 * 1024;

/** An import of one file: analyse it (nothing stored), then commit it (all or nothing). */
export class FileImport implements ImportJob {
  /** What is imported: a file, or files that belong together (brat's pairs). */
  readonly source: FileSource;
  readonly options: ImportOptions;
  private readonly database: SpanwrightDatabase;
  private cached: SourceItem[] | null = null;
  /** Records the analysis counted: the commit's progress counts up to it (the file is read again when not kept). */
  private analysedRecords = 0;
  /** The notes its analysis said: a commit says those it finds besides (ids another file took meanwhile). */
  private analysedNotes: ReadonlySet<string> = new Set();
  private joined = 0; // ids the card said go onto another text's document; other counts are said after (joinedIds.ts)
  /** The stored texts apart from spacing, read once for the analysis and the commit (spacedApart.ts). */
  private readonly spacedApart: SpacedApart;

  constructor(database: SpanwrightDatabase, file: NamedBlob | FileSource, options: ImportOptions) {
    this.database = database;
    this.spacedApart = new SpacedApart(database);
    this.source = 'files' in file ? file : { name: file.name, size: file.size, files: [file] };
    this.options = options;
  }

  /** The layer a record's spans and status go to (a skipped record its own, `skippedApart.ts`). */
  private readonly layerOf = (record: AnnotatedRecord): string =>
    intoLayerOf(record, this.options.intoAnnotator) ?? record.annotator ?? this.options.defaultAnnotator;

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

  /** Lets go of the parsed records kept for the commit. */
  close(): void {
    this.cached = null;
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
    const arrivals = new NewArrivals();
    /** Per layer: the spans storage holds, and those the file has brought so far (by place and label). */
    const seenSpans = new Map<string, { stored: Set<string>; file: Set<string> }>();
    let records = 0;
    /** New spans by the layer they go into. */
    const newByLayer = new Map<string, number>();
    let knownSpans = 0;
    const losses = new Map<string, Loss>();
    const onLoss = (loss: Loss) => addLoss(losses, loss, MAX_EXAMPLES);
    const notes = new Set<string>();
    const slicer = new TaskSlicer();
    const onNote = (note: string) => notes.add(note);
    const repeats = new RepeatedRecords();
    const [kept, marked] = [new StatusesKept(), new StatusesMarked()];
    const placing = { onLoss, onNote, slicer, format: this.options.format, spacedApart: this.spacedApart };
    for await (const batch of placedBatches(this.database, recorded, onError, placing)) {
      this.options.signal?.throwIfAborted();
      const keys = layerKeysOf(batch, this.layerOf, true);
      const [layers, stored] = await Promise.all([
        storedLayers(this.database, keys),
        storedStatuses(this.database, keys),
      ]);
      slicer.restart();
      for (const { record, placement, line } of batch) {
        if (slicer.due) await slicer.yield();
        records++;
        const annotator = this.layerOf(record);
        const key = layerKey(placement.documentId, annotator);
        if (writesLayer(record)) {
          const name = `${placement.documentId} (${annotator})`;
          repeats.add(key, name, line, record.status);
          kept.add(key, name, stored.get(key), record.status, line);
          marked.add(key, record.status, record.spans.length, stored.get(key), layers.get(key)?.length ?? 0);
          annotators.add(annotator);
        }
        (placement.isNew ? newDocuments : matchedDocuments).add(placement.documentId);
        arrivals.document(placement, record);
        if (placement.metaLost) onLoss(metadataNotKept(placement.documentId, placement.metaLost, line));
        let seen = seenSpans.get(key);
        if (!seen)
          seenSpans.set(key, (seen = { stored: new Set((layers.get(key) ?? []).map(spanKey)), file: new Set() }));
        for (const span of record.spans) {
          if (!labels.has(span.label)) newLabels.add(span.label);
          const id = spanKey(span);
          // A layer keeps a span of one place and label once: a second in the file is its own line on the card.
          if (seen.file.has(id)) onLoss(repeatedSpan(span, line));
          else {
            seen.file.add(id);
            if (seen.stored.has(id)) knownSpans++;
            else {
              newByLayer.set(annotator, (newByLayer.get(annotator) ?? 0) + 1);
              arrivals.span(placement, annotator, id);
            }
          }
        }
      }
    }
    this.cached = keep;
    this.analysedRecords = records;
    this.analysedNotes = notes;
    this.joined = [...losses.values()].find((loss) => loss.what === JOINED_WHAT)?.count ?? 0;
    for (const id of newDocuments) matchedDocuments.delete(id);
    for (const loss of [...repeats.losses(), ...kept.losses()]) onLoss(loss);
    const said = [
      marked.note(),
      repeats.note(this.source.name),
      absentSpansNote(seenSpans),
      keptApartNote(this.options.intoAnnotator, annotators),
    ];
    return {
      fileName: this.source.name,
      format: this.options.format,
      records,
      newDocuments: newDocuments.size,
      matchedDocuments: matchedDocuments.size,
      newSpans: [...newByLayer.values()].reduce((sum, count) => sum + count, 0),
      newSpansByLayer: Object.fromEntries(newByLayer),
      knownSpans,
      annotators: [...annotators].sort(),
      newLabels: [...newLabels].sort(),
      errors: errors.sort((a, b) => a.line - b.line),
      errorCount,
      losses: [...losses.values()],
      notes: [...notes, ...said.filter((note) => note !== null)],
      ...arrivals.analysed,
      offsets: survey.summary(this.options.reading ?? CODE_POINTS),
    };
  }

  /**
   * Stores the file in batched transactions. If any batch fails (say, the disk is full), every
   * document, span and label this file added is removed again and the summaries it changed are put
   * back, so the file is imported whole or not at all. Each batch is journaled with it, so an import
   * that never ends (its tab closed, its Worker died) is taken back too, at the next start
   * (importJournal.ts). Call only after an analysis without errors.
   */
  async commit(): Promise<ImportResult> {
    const importId = globalThis.crypto.randomUUID();
    return holdingImportLock(importId, () => this.commitHoldingLock(importId), this.options.locks);
  }

  private async commitHoldingLock(importId: string): Promise<ImportResult> {
    const database = this.database;
    const now = (this.options.now ?? Date.now)();
    const written: Written = { documents: [], spans: [], labels: [], summaries: new Map(), wrote: new Map() };
    const failures: FormatError[] = [];
    const notes: string[] = [];
    let done = 0;
    const total = this.analysedRecords;
    try {
      const onNote = (note: string) => void (this.analysedNotes.has(note) || notes.push(note));
      const onError = (error: FormatError) => failures.push(error);
      const onLoss = (loss: Loss) =>
        void (loss.what === JOINED_WHAT && loss.count !== this.joined && notes.push(joinedNote(loss)));
      const placing = { onNote, onLoss, spacedApart: this.spacedApart };
      for await (const batch of placedBatches(database, this.items('writing'), onError, placing)) {
        if (failures.length > 0) throw new ImportFailure(failures);
        this.options.signal?.throwIfAborted();
        await database.transaction('rw', importTables(database), async () => {
          const mark = markOf(written);
          // The list's next places and the label set are read in the batch's own transaction: another
          // tab's import or the team may have added documents or labels since the last batch.
          const [labels, last] = await Promise.all([
            database.labels.toArray(),
            database.documents.orderBy('order').last(),
          ]);
          const order = { next: (last?.order ?? -1) + 1 };
          await this.storeBatch(batch, { labels, order, now, written });
          // What this batch wrote, committed with it: taken back at the next start if the import never ends.
          await database.importJournal.add(journalEntry(importId, this.source.name, now, written, mark));
        });
        done += batch.length;
        this.options.onProgress?.({ phase: 'writing', done, total: Math.max(total, done) });
      }
      if (failures.length > 0) throw new ImportFailure(failures);
      await closeJournal(database, importId);
      return {
        documentsAdded: written.documents.length,
        spansAdded: written.spans.length,
        labelsAdded: written.labels,
        ...(written.kept ? { statusesKept: [...written.kept.values()] } : {}),
        ...(notes.length > 0 ? { notes } : {}),
      };
    } catch (error) {
      // What was labelled meanwhile (in another tab) stays, and the error says how much.
      throw withKeptSince(error, await takeBack(database, written, importId, now));
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
    let documents: Document[] = [];
    let spans: Span[] = [];
    /**
     * Sends the rows built so far (see {@link WRITE_DOCUMENTS}) and waits for the request before
     * them, or for this one if that is done: one request is queued behind the one IndexedDB works
     * on, and the next rows are built in a new task, the one that sees a request done.
     */
    const sending: { previous: Sent | null } = { previous: null };
    const writeRows = async () => {
      const sent: Sent = {
        request: Promise.all([
          documents.length > 0 ? addDocuments(database, documents) : undefined,
          spans.length > 0 ? database.spans.bulkAdd(spans) : undefined,
        ]),
        done: false,
      };
      sent.request.then(
        () => (sent.done = true),
        () => (sent.done = true),
      );
      written.documents.push(...documents.map((document) => document.id));
      written.spans.push(...spans.map((span) => span.id));
      documents = [];
      spans = [];
      const waitFor = sending.previous && !sending.previous.done ? sending.previous : sent;
      sending.previous = sent;
      await waitFor.request;
    };
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
          imported: true,
        };
        layer.push(stored);
        spans.push(stored);
        // A document with thousands of spans is written in several requests too.
        if (spans.length >= WRITE_SPANS) await writeRows();
        if (!known.has(span.label)) {
          known.add(span.label);
          const label = newLabel(span.label, labels);
          labels.push(label);
          addedLabels.push(label);
        }
      }
      if (writesLayer(record)) touched.set(key, record.status ?? touched.get(key) ?? null);
      if (documents.length >= WRITE_DOCUMENTS || spans.length >= WRITE_SPANS) await writeRows();
    }
    await writeRows();
    await sending.previous?.request;
    const changed: DocumentStatus[] = [];
    for (const [key, status] of touched) {
      const { documentId, annotator } = parseLayerKey(key);
      const before = summaryBefore.get(key) ?? null;
      const kept = statusKept(before, status, `${documentId} (${annotator})`, written);
      noteLayer(written, key, before, kept);
      const summary = summarize(annotator, documentId, layers.get(key) ?? [], kept, now, before?.finished);
      // A layer the file leaves as it was keeps its summary (and revision): nothing to show anew.
      if (!before || !sameSummary(before, summary)) changed.push(summary);
    }
    await Promise.all([
      database.labels.bulkAdd(addedLabels),
      database.statuses.bulkPut(changed),
      changed.length > 0
        ? logChange(
            database,
            changed.map((summary) => [summary.annotator, summary.documentId] as const),
          )
        : undefined,
    ]);
    written.labels.push(...addedLabels.map((label) => label.name));
  }
}
