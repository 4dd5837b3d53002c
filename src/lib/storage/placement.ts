/**
 * Where the records of a file land: each record is placed on a stored document (same id, or
 * identical text) or on a new one, in batches, before anything is written. Shared by an import's
 * analysis and its commit, so both see the same placements.
 */
import { idFromText, type AnnotatedRecord, type FormatError, type FormatName } from '../formats/records';
import { textFingerprint } from '../model/fingerprint';
import { keysNotKept, metaKey, MetadataHashes } from './fileMetadata';
import { layerKey } from '../model/layerKey';
import type { Document, Span } from '../model/types';
import type { SpanwrightDatabase } from './database';
import type { Loss, SourceItem } from '../formats/format';
import { joinedLoss } from './joinedIds';
import { ontoRespacedText } from '../formats/respaced';
import { SpacedApart, spacedApartNote, type SpacedApartTally } from './spacedApart';
import { TaskSlicer } from './taskSlices';

/**
 * Records per batch (and per write transaction): each batch's ids are looked up, and its layer
 * summaries written, in one task, so batches stay small enough for that to be short.
 */
const BATCH_RECORDS = 250;

/** A record of a file with the line it starts on. */
export interface SourceRecord {
  record: AnnotatedRecord;
  line: number;
}

/** A record with where it lands. */
export interface PlacedRecord extends SourceRecord {
  placement: Placement;
}

/** Where a record lands: an existing or a new document, in one annotator's layer. */
export interface Placement {
  documentId: string;
  isNew: boolean;
  /** The record's text fingerprint, computed once while placing it. */
  fingerprint: string;
  /**
   * The keys of the record's metadata that are not kept (their values differ, or the document lacks them): its
   * document is stored already, or came earlier in the file, with other metadata (a document keeps the metadata
   * it first arrived with).
   */
  metaLost?: string[];
  /**
   * The record moved onto its stored document's text, when the file rebuilt the text from tokens
   * and only the spacing differs (`AnnotatedRecord.tokensOnly`): what is written instead of the record.
   */
  respaced?: AnnotatedRecord;
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
  /** Documents this file introduces: id → the key of the metadata they are stored with ({@link metaKey}). */
  private readonly fileMeta = new Map<string, string>();
  /** Of the last few of those with metadata, a hash of each key with its value (`fileMetadata.ts`). */
  private readonly fileMetaEntries = new MetadataHashes();
  private storedFingerprints: Set<string> | null = null;
  /** Stored documents taken by a text rebuilt from tokens: id → that text's fingerprint (spacedApart.ts). */
  private readonly claims = new Map<string, string>();
  /** What {@link spacedApartNote} says. */
  readonly spacedApartTally: SpacedApartTally = { ambiguous: 0 };

  constructor(
    private readonly database: SpanwrightDatabase,
    /** Stored texts by their characters apart from white space, for records rebuilt from tokens (shared by an import's passes). */
    private readonly spacedApart: SpacedApart,
  ) {}

  /** Places each record, or explains why it cannot be placed. Hashes the texts in slices of `slicer`'s budget. */
  async place(records: readonly SourceRecord[], slicer: TaskSlicer): Promise<(Placement | FormatError)[]> {
    const fingerprints: string[] = [];
    for (const { record } of records) {
      fingerprints.push(textFingerprint(record.text));
      if (slicer.due) await slicer.yield();
    }
    const storedFingerprints = (this.storedFingerprints ??= new Set(
      (await this.database.documents.orderBy('fingerprint').uniqueKeys()) as string[],
    ));
    const ids = [...new Set(records.map(({ record }) => record.id))];
    const stored = new Map<string, Document>();
    for (const document of await this.database.documents.bulkGet(ids)) if (document) stored.set(document.id, document);
    // A record whose id names another text (Label Studio numbers every project's tasks from 1) lands
    // on a stored document with its text, else on a new one under an id derived from its text.
    const renamed = new Map<number, string>();
    /** Records moved onto the stored text of their id, with that document. */
    const respaced = new Map<number, Respaced>();
    const firstInBatch = new Map<string, string>();
    records.forEach(({ record }, index) => {
      const existing = stored.get(record.id);
      const earlier = this.fileDocuments.get(record.id) ?? firstInBatch.get(record.id);
      if (earlier === undefined && !existing) firstInBatch.set(record.id, fingerprints[index]);
      // Tokens rebuilt into a text (a Hugging Face export coming back) land on their own stored text.
      const moved =
        existing && existing.text !== record.text && record.tokensOnly && ontoRespacedText(record, existing.text);
      if (existing && moved) respaced.set(index, { record: moved, document: existing });
      else if (
        (existing && existing.text !== record.text) ||
        (earlier !== undefined && earlier !== fingerprints[index])
      )
        renamed.set(index, derivedId(record.id, fingerprints[index]));
    });
    for (const document of await this.database.documents.bulkGet([...new Set(renamed.values())]))
      if (document) stored.set(document.id, document);
    const unplaced = records.flatMap(({ record }, index) =>
      !respaced.has(index) &&
      stored.get(record.id)?.text !== record.text &&
      !this.fileFingerprints.has(fingerprints[index])
        ? [index]
        : [],
    );
    const tally = this.spacedApartTally;
    for (const [index, moved] of await this.spacedApart.find(records, fingerprints, unplaced, this.claims, tally))
      respaced.set(index, { ...moved, byText: true });
    slicer.restart();
    const candidates = [
      ...new Set(
        fingerprints.filter(
          (fingerprint, index) =>
            (renamed.has(index) || !stored.has(records[index].record.id)) && storedFingerprints.has(fingerprint),
        ),
      ),
    ];
    const byFingerprint = new Map<string, Document[]>();
    if (candidates.length > 0) {
      for (const document of await this.database.documents.where('fingerprint').anyOf(candidates).toArray()) {
        byFingerprint.set(document.fingerprint, [...(byFingerprint.get(document.fingerprint) ?? []), document]);
      }
      slicer.restart();
    }
    return records.map(({ record, line }, index) => {
      const fingerprint = fingerprints[index];
      const own = metaKey(record.meta);
      /** The record placed on a document it does not bring: stored (with its metadata, `stored`) or the file's. */
      const onto = (documentId: string, stored?: Readonly<Record<string, unknown>>): Placement => {
        const kept = stored ? metaKey(stored) : (this.fileMeta.get(documentId) ?? '');
        const lost =
          own === '' || own === kept ? [] : keysNotKept(record.meta, stored, this.fileMetaEntries.of(documentId));
        // None lost: the stored document holds every key of the record's with its value (and more: an export's `text`).
        if (lost.length === 0) return { documentId, isNew: false, fingerprint };
        return { documentId, isNew: false, fingerprint, metaLost: lost };
      };
      const sameText = (): Placement | undefined => {
        const document = byFingerprint.get(fingerprint)?.find((candidate) => candidate.text === record.text);
        const inFile = this.fileFingerprints.get(fingerprint);
        const found = document ? onto(document.id, document.meta) : inFile === undefined ? undefined : onto(inFile);
        if (found) this.noteJoined(record, renamed.get(index) ?? record.id, found.documentId);
        return found;
      };
      const moved = respaced.get(index);
      if (moved) {
        if (moved.byText) this.respacedByTextCount++;
        else this.respaced++;
        const { document } = moved;
        return {
          ...onto(document.id, document.meta),
          fingerprint: document.fingerprint,
          respaced: moved.record,
        };
      }
      const id = renamed.get(index) ?? record.id;
      if (renamed.has(index)) {
        const found = sameText();
        if (found !== undefined) return found;
        this.renamed.count++;
        if (this.renamed.examples.length < 3) this.renamed.examples.push(`${record.id} → ${id}`);
      }
      const existing = stored.get(id);
      if (existing) {
        return existing.text === record.text
          ? onto(existing.id, existing.meta)
          : { line, message: `document ${JSON.stringify(id)} is already stored with a different text` };
      }
      const earlier = this.fileDocuments.get(id);
      if (earlier !== undefined) {
        return earlier === fingerprint
          ? onto(id)
          : { line, message: `document ${JSON.stringify(id)} appears earlier in the file with a different text` };
      }
      const found = sameText();
      if (found !== undefined) return found;
      this.fileDocuments.set(id, fingerprint);
      this.fileFingerprints.set(fingerprint, id);
      this.fileMeta.set(id, own);
      if (own !== '') this.fileMetaEntries.keep(id, record.meta);
      return { documentId: id, isNew: true, fingerprint };
    });
  }

  /** What {@link renamedNote} says: the records given a new id so far, and the first few. */
  readonly renamed = { count: 0, examples: [] as string[] };
  /** What {@link joinedNote} says: the records put onto a document of the same text under another id. */
  readonly joined = { ids: new Set<string>(), examples: [] as string[] };

  /**
   * Notes `record` placed on document `documentId` by its text: its own id (`fileId`, or the one derived
   * for it, a re-import's) is not kept. An id made from the text (the file gave none) is none of the
   * file's to lose; each id is said once.
   */
  private noteJoined(record: AnnotatedRecord, fileId: string, documentId: string): void {
    if (documentId === fileId || record.id === idFromText(record.text) || this.joined.ids.has(fileId)) return;
    this.joined.ids.add(fileId);
    if (this.joined.examples.length < 3) this.joined.examples.push(`${record.id} → ${documentId}`);
  }
  /** Records rebuilt from tokens that landed on their stored text so far ({@link respacedNote}): by id, and by text alone. */
  respaced = 0;
  respacedByTextCount = 0;
}

/** A record moved onto a stored document's text (`ontoRespacedText`): found by its id, or (`byText`) by its text alone. */
interface Respaced {
  record: AnnotatedRecord;
  document: Document;
  byText?: true;
}

/** What an import says of the records it put back on their stored texts, if any: found by id (`byId`) and by text alone. */
function respacedNote(byId: number, byText: number): string | null {
  const parts = [
    byId === 0
      ? ''
      : byId === 1
        ? '1 record lands on the stored document of its id'
        : `${byId.toLocaleString('en')} records land on the stored documents of their ids`,
    byText === 0
      ? ''
      : byText === 1
        ? '1 record lands on a stored document with the same text apart from spacing'
        : `${byText.toLocaleString('en')} records land on stored documents with the same texts apart from spacing`,
  ].filter((part) => part !== '');
  if (parts.length === 0) return null;
  return `${parts.join('; ')}: the file gives tokens, not spacing, and the texts differ only in spacing, so the spans are placed on the stored texts.`;
}

/** The id of a record whose own id names another text: its id and a part of its text's fingerprint. */
export function derivedId(id: string, fingerprint: string): string {
  return `${id}~${fingerprint.slice(fingerprint.indexOf('-') + 1).slice(0, 6)}`;
}

/**
 * What an import says of the records it gave new ids, if any; for a Label Studio file, why that is
 * common (it numbers the tasks of every project from 1).
 */
function renamedNote({ count, examples }: { count: number; examples: string[] }, format?: FormatName): string | null {
  if (count === 0) return null;
  const records = count === 1 ? '1 record has an id' : `${count.toLocaleString('en')} records have ids`;
  const why = format === 'labelstudio' ? ' (Label Studio numbers the tasks of every project from 1)' : '';
  return `${records} already used by another text${why}, so ${count === 1 ? 'it is stored as a new document with a new id' : 'they are stored as new documents with new ids'}: ${examples.join(', ')}${count > examples.length ? ', …' : ''}.`;
}

/** What {@link placedBatches} is told besides the errors, and what it shares. */
export interface PlacingOptions {
  onLoss?: (loss: Loss) => void;
  onNote?: (note: string) => void;
  slicer?: TaskSlicer;
  /** The file's format, which its notes may name. */
  format?: FormatName;
  /** The stored texts apart from spacing, read once for an import's analysis and its commit. */
  spacedApart?: SpacedApart;
}

/**
 * Reads `file` in batches of placed records. Reading (and so parsing) the items gives the event
 * loop a turn whenever `slicer`'s slice is due, so a large file never holds the page.
 */
export async function* placedBatches(
  database: SpanwrightDatabase,
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
  onError: (error: FormatError) => void,
  options: PlacingOptions = {},
): AsyncGenerator<PlacedRecord[]> {
  const { onLoss = () => undefined, onNote = () => undefined, slicer = new TaskSlicer(), format } = options;
  const matcher = new DocumentMatcher(database, options.spacedApart ?? new SpacedApart(database));
  let pending: SourceRecord[] = [];
  const flush = async () => {
    const placements = await matcher.place(pending, slicer);
    const placed: PlacedRecord[] = [];
    for (let index = 0; index < pending.length; index++) {
      const placement = placements[index];
      if ('message' in placement) onError(placement);
      else placed.push({ line: pending[index].line, record: placement.respaced ?? pending[index].record, placement });
    }
    pending = [];
    return placed;
  };
  for await (const item of items) {
    if (slicer.due) await slicer.yield();
    if ('error' in item) {
      onError(item.error);
      continue;
    }
    if ('loss' in item) {
      onLoss(item.loss);
      continue;
    }
    if ('note' in item) {
      onNote(item.note);
      continue;
    }
    pending.push(item);
    if (pending.length >= BATCH_RECORDS) yield await flush();
  }
  if (pending.length > 0) yield await flush();
  const notes = [
    respacedNote(matcher.respaced, matcher.respacedByTextCount),
    spacedApartNote(matcher.spacedApartTally),
    renamedNote(matcher.renamed, format),
  ];
  for (const note of notes) if (note) onNote(note);
  const joined = joinedLoss(matcher.joined);
  if (joined) onLoss(joined);
}

/** Spans already stored for the layers these records touch, by layer. */
export async function storedLayers(
  database: SpanwrightDatabase,
  keys: [string, string][],
): Promise<Map<string, Span[]>> {
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
export function layerKeysOf(
  batch: readonly PlacedRecord[],
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
