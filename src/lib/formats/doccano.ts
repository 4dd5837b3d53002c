/**
 * doccano's exports of sequence-labelling projects, in every shape doccano has written them:
 *
 * - spans as `"label"` (or `"labels"`) triples `[start, end, "label"]`, or as `"entities"` objects
 *   `{"id", "start_offset", "end_offset", "label"}` (projects with relations, whose `"relations"`
 *   are counted as not imported); under any of these keys, spaCy's shapes too (`[start, end, "label"]`
 *   entities, `{"start", "end", "label"}` objects: `spanShapes.ts`); doccano 1.0–1.2's `"annotations"`
 *   objects `{"label", "start_offset", "end_offset", "user"}`, a record (and a layer) per user;
 * - the text under `"text"` or `"data"`; `"id"` optional (a missing one is made from the text);
 * - the annotator under `"annotator"`, `"username"` or `"user"` (a name or a user id);
 * - labels given as numbers (label ids, in some versions) kept as names, with a note;
 * - one record per line (JSONL, streamed), a JSON array of records, or a single record object;
 * - spaCy v2's training data, a JSON array of `[text, {"entities": [[start, end, "label"], …]}]`
 *   pairs, each read as `{"text", "entities", …}`.
 *
 * Offsets count code points. Every other key is metadata. Spanwright writes JSONL with an
 * `"annotator"` key after `label` when the layer has one; doccano keeps it as metadata.
 *
 * @see https://doccano.github.io/doccano/tutorial/#import-dataset
 * @see https://doccano.github.io/doccano/tutorial/#export-dataset
 * @see ../../../docs/formats.md
 */
import { jsonLine } from './jsonLine';
import { isSpacyDocument, spacyDocument } from './spacyV2';
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson, quote } from './errorMessages';
import type { FileFormat, Loss, NamedBlob, SourceItem } from './format';
import { jsonDocumentsOfText, LossTally, readJsonDocuments, type JsonDocument } from './jsonDocuments';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import {
  idFromText,
  isJsonObject,
  recordTitle,
  writeNumericId,
  type AnnotatedRecord,
  type ParseResult,
  type RecordSpan,
} from './records';
import { readSpanShapes } from './spanShapes';
import { reservedMetaLosses } from './reservedMeta';
import { checkId, checkMeta, checkText, EMPTY_TEXT, ErrorCollector, SpanTarget, type FieldCheck } from './validation';
import { countEmpty } from './emptySpans';
import {
  ANNOTATOR_KEYS,
  byAnnotationUser,
  jsonMinRegionKeys,
  labelledRegions,
  RESERVED_KEYS,
  spanAnnotations,
} from './doccanoShapes';

/**
 * Said after the error on a `label` that is one string: a task of Prodigy's binary and textcat
 * recipes, whose top-level `label` names the recipe's label, not spans.
 */
const PRODIGY_HINT =
  ': a single "label" beside "spans" is how Prodigy writes its tasks, so this may be a Prodigy file (choose Prodigy as its format)';
/** At most this many numeric labels are listed in the note about them. */
const LISTED_NUMERIC_LABELS = 12;

/** What a file's records hold besides spans, counted across the file (see {@link doccanoItems}). */
export class DoccanoTally extends LossTally {
  readonly numericLabels = new Set<string>();
  /** Records given as spaCy v2's `[text, {"entities": …}]` pairs. */
  spacyPairs = 0;
  /** Records given as spaCy v2 JSON documents (`spacyV2.ts`). */
  spacyDocuments = 0;

  /** The notes about spaCy pairs and numeric labels (when there were any), then the losses. */
  override items(): SourceItem[] {
    if (this.spacyPairs > 0)
      this.note(
        `read as spaCy v2 training data (${this.spacyPairs.toLocaleString('en')} [text, {"entities": …}] ${this.spacyPairs === 1 ? 'pair' : 'pairs'}), which has no ids: each document's id is made from its text`,
      );
    if (this.spacyDocuments > 0)
      this.note(
        `read as spaCy v2 JSON (${this.spacyDocuments.toLocaleString('en')} ${this.spacyDocuments === 1 ? 'document' : 'documents'} of paragraphs and tokens, as spacy convert wrote them): BILUO tags read as spans, a paragraph's "raw" text kept where given (else its tokens joined by one space), paragraphs joined by a blank line`,
      );
    if (this.numericLabels.size > 0) {
      const names = [...this.numericLabels].sort((left, right) => Number(left) - Number(right));
      const listed =
        names.slice(0, LISTED_NUMERIC_LABELS).join(', ') + (names.length > LISTED_NUMERIC_LABELS ? ', …' : '');
      this.note(`labels given as numbers were kept as names: ${listed}; rename them in Settings → Labels`);
    }
    return super.items();
  }
}

/** Reads one line of doccano JSONL (see {@link readDoccanoRecord}). */
export function parseDoccanoLine(
  line: string,
  lineNumber: number,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
  tally: DoccanoTally = new DoccanoTally(),
): ParseResult<AnnotatedRecord> {
  const parsed = parseJson(line);
  if ('message' in parsed) return { errors: [{ line: lineNumber, message: parsed.message }] };
  return readDoccanoRecord(parsed.value, lineNumber, reading, survey, tally);
}

/**
 * One doccano record, found on `lineNumber`. Relations, comments and whole-document labels are
 * counted in `tally`, as are labels given as numbers (kept as names).
 */
export function readDoccanoRecord(
  source: unknown,
  lineNumber: number,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
  tally: DoccanoTally = new DoccanoTally(),
): ParseResult<AnnotatedRecord> {
  const pair = spacyPair(source);
  if (pair) tally.spacyPairs++;
  source = pair ?? source;
  if (isSpacyDocument(source)) {
    const document = spacyDocument(source);
    if ('problem' in document) return { errors: [{ line: lineNumber, message: document.problem }] };
    tally.spacyDocuments++;
    tally.add(SPACY_PARSES.what, SPACY_PARSES.why, lineNumber, document.parsedTokens);
    tally.add(
      'text categories ("cats")',
      'Spanwright keeps spans, not categories of a text',
      lineNumber,
      document.categories,
    );
    source = document.record;
  }
  if (!isJsonObject(source)) {
    const message = `expected a JSON object {"id", "text", "label"} or spaCy's [text, {"entities": …}] (got ${describeValue(source)})`;
    return { errors: [{ line: lineNumber, message }] };
  }
  const errors = new ErrorCollector(lineNumber);
  const textKey = source.text === undefined && source.data !== undefined ? 'data' : 'text';
  const textCheck = checkText(source[textKey], `"${textKey}"`);
  const text = errors.take(textCheck, '');
  const id = source.id === undefined ? idFromText(text) : errors.take(checkId(source.id), '');
  const annotator = errors.take(readAnnotator(source), null);
  const regionLists = textKey === 'text' ? jsonMinRegionKeys(source) : [];
  const skip = new Set([...RESERVED_KEYS, ...(textKey === 'data' ? ['data'] : []), ...regionLists]);
  const meta = unwrapMeta(errors.take(checkMeta(source, '"meta"', skip), {}));
  countLosses(source, lineNumber, tally, errors);

  const spans: RecordSpan[] = [];
  if (source.label !== undefined && source.labels !== undefined) errors.add('has both "label" and "labels": keep one');
  if ('value' in textCheck) {
    const target = new SpanTarget(text, reading, survey);
    const add = (check: FieldCheck<RecordSpan>) => {
      if ('value' in check) spans.push(check.value);
      else errors.add(check.message);
    };
    const key = source.label === undefined && source.labels !== undefined ? 'labels' : 'label';
    const hint = typeof source[key] === 'string' ? PRODIGY_HINT : '';
    readSpanList(source[key], key, lineNumber, target, tally).forEach((check) =>
      add('message' in check ? { message: check.message + hint } : check),
    );
    readSpanList(source.entities, 'entities', lineNumber, target, tally).forEach(add);
    // doccano 1.0–1.2: `annotations` objects {label, start_offset, end_offset, user} (a Label Studio task has `data`).
    const annotations = textKey === 'text' ? spanAnnotations(source.annotations, lineNumber, tally) : undefined;
    readSpanList(annotations, 'annotations', lineNumber, target, tally).forEach(add);
    for (const key of regionLists)
      readSpanList(labelledRegions(source[key], lineNumber, tally), key, lineNumber, target, tally).forEach(add);
  }

  if (errors.errors.length > 0) return { errors: errors.errors };
  // Label Studio's JSON-MIN writes a row per submitted annotation, with its `annotation_id`: done, as its JSON reads.
  const status = textKey === 'text' && source.annotation_id !== undefined ? 'done' : null;
  return {
    value: { id, text, title: recordTitle(text, id, meta), annotator, status, spans: sortSpans(spans), meta },
  };
}

/**
 * `meta` with the keys of its own `meta` object lifted to the top, as doccano 1.0–1.2 nested a document's
 * metadata (`"meta": {}` on every record): an export writes them at the top, as later doccano does. Left
 * nested where a key would meet one at the top.
 */
function unwrapMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const { meta: nested, ...rest } = meta;
  if (!isJsonObject(nested) || Object.keys(nested).some((key) => key in rest || key === 'meta')) return meta;
  return { ...nested, ...rest };
}

/** The annotator under `annotator`, `username` or `user`: a name, or a user id (made a string). */
function readAnnotator(source: Record<string, unknown>): FieldCheck<string | null> {
  for (const key of ANNOTATOR_KEYS) {
    const value = source[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > 0) return { value };
    if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
    return { message: `"${key}" must be a non-empty string, a user id or null (got ${describeValue(value)})` };
  }
  return { value: null };
}

/** Counts relations and comments, which Spanwright does not keep. */
function countLosses(source: Record<string, unknown>, line: number, tally: DoccanoTally, errors: ErrorCollector): void {
  const relations = source.relations;
  if (Array.isArray(relations)) {
    tally.add('relations', 'Spanwright keeps spans, not relations between them', line, relations.length);
  } else if (relations !== undefined && relations !== null) {
    errors.add(`"relations" must be an array (got ${describeValue(relations)})`);
  }
  for (const key of ['comments', 'Comments']) {
    const comments = source[key];
    const count = Array.isArray(comments) ? comments.length : comments === undefined || comments === null ? 0 : 1;
    tally.add('comments', 'Spanwright keeps no comments on documents', line, count);
  }
}

/** A label as a name: a non-empty string, or a number (a label id, kept as its digits). */
function labelName(label: unknown, tally: DoccanoTally): unknown {
  if (typeof label !== 'number' || !Number.isFinite(label)) return label;
  const name = String(label);
  tally.numericLabels.add(name);
  return name;
}

/**
 * The spans under `key` (`label`, `labels` or `entities`) in any shape doccano or spaCy writes
 * (`spanShapes.ts`); plain strings are whole-document labels (counted).
 */
function readSpanList(
  raw: unknown,
  key: string,
  line: number,
  target: SpanTarget,
  tally: DoccanoTally,
): FieldCheck<RecordSpan>[] {
  return readSpanShapes(raw, key, target, {
    name: (position) => `${{ entities: 'entity', annotations: 'annotation' }[key] ?? 'span'} ${position + 1}`,
    label: (label) => labelName(label, tally),
    onDocumentLabel: (label) =>
      tally.add('document labels', 'Spanwright labels spans of text, not whole documents', line, 1, quote(label)),
    onEmpty: (name) => countEmpty(tally, line, name),
  });
}

/** The records of doccano `documents`, then what they hold that is not imported. */
function* doccanoRecords(
  documents: Iterable<JsonDocument>,
  reading: OffsetReading,
  survey: ReadingSurvey | null,
  tally: DoccanoTally,
): Generator<SourceItem> {
  for (const document of documents) {
    if ('error' in document) {
      yield document;
      continue;
    }
    for (const source of byAnnotationUser(document.value)) {
      if (emptyTextAlone(source)) {
        tally.add(EMPTY_TEXT.what, EMPTY_TEXT.why, document.line);
        continue;
      }
      const read = readDoccanoRecord(source, document.line, reading, survey, tally);
      if ('value' in read) yield { record: read.value, line: document.line };
      else for (const error of read.errors) yield { error };
    }
  }
}

/**
 * A record whose text is empty and which has no span: left out and counted, not a refusal of the whole file
 * (helper-205: one `{"text": "", "label": []}` among good records refused them all).
 */
function emptyTextAlone(source: unknown): boolean {
  if (!isJsonObject(source) || (source.text ?? source.data) !== '') return false;
  return ['label', 'labels', 'entities'].every((key) => source[key] === undefined || isEmptyList(source[key]));
}
const isEmptyList = (value: unknown) => Array.isArray(value) && value.length === 0;

/**
 * Everything a doccano file's text holds, in order: records and errors, then notes and losses.
 * For text already in memory (tests, pasted text); {@link doccanoFormat} streams files.
 */
export function doccanoItems(
  text: string,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): SourceItem[] {
  const tally = new DoccanoTally();
  return [...doccanoRecords(jsonDocumentsOfText(text), reading, survey, tally), ...tally.items()];
}

async function* readDoccano(
  file: NamedBlob,
  reading: OffsetReading,
  survey: ReadingSurvey | null,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<SourceItem> {
  const tally = new DoccanoTally();
  for await (const document of readJsonDocuments(file, onBytes))
    yield* doccanoRecords([document], reading, survey, tally);
  yield* tally.items();
}

/**
 * One doccano JSONL line (no trailing newline): id (a number when it looks like one), text, label,
 * annotator (when not null), then the meta keys. Status is not written: doccano has no place for it.
 */
export function serializeDoccano(record: AnnotatedRecord, numericIds = true): string {
  const spans = sortSpans(record.spans);
  let labelJson = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    labelJson += `${position === 0 ? '' : ','}[${span.start},${span.end},${JSON.stringify(span.label)}]`;
  }
  let line = `{"id":${writeNumericId(record.id, numericIds)},"text":${JSON.stringify(record.text)},"label":[${labelJson}]`;
  if (record.annotator !== null) line += `,"annotator":${JSON.stringify(record.annotator)}`;
  for (const key of Object.keys(record.meta)) {
    if (RESERVED_KEYS.has(key)) continue;
    const valueJson = JSON.stringify(record.meta[key]);
    if (valueJson !== undefined) line += `,${JSON.stringify(key)}:${valueJson}`;
  }
  return `${line}}`;
}

/** spaCy v2's training example `[text, {"entities": …, …}]` as a record `{"text", "entities", …}`; null for anything else. */
function spacyPair(value: unknown): Record<string, unknown> | null {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !isJsonObject(value[1]))
    return null;
  return { ...value[1], text: value[0] };
}

/** What a spaCy v2 document's tokens hold besides their text and entity tag. */
const SPACY_PARSES = {
  what: 'tokens’ tags, heads and dependencies',
  why: 'Spanwright keeps the text and its spans, not a parse',
};

/** A JSON array of spaCy v2 training examples: `[["text", {`; or one a line (JSONL of pairs): `["text", {`. */
const SPACY_PAIRS = /^[\s\uFEFF]*\[\s*\[?\s*"(?:[^"\\]|\\.)*"\s*,\s*\{/u;

/** Keys of a first record that say "doccano": spans in one of its shapes. */
const SPAN_KEYS = ['label', 'labels', 'entities', 'annotations'];
/** Keys that say "Label Studio task" when they come with `data`. */
const TASK_KEYS = ['annotations', 'completions', 'predictions'];

/**
 * 3 when the first record (or first array element) has doccano's spans and a text key; 2 for a
 * JSONL record with `label`/`labels` whose text is not in view yet; 0 for a Label Studio task.
 */
function detectDoccano({ first, keys, text }: { first: string; keys: readonly string[]; text: string }): number {
  if (first !== '{' && first !== '[') return 0;
  if (first === '[' && SPACY_PAIRS.test(text)) return 3;
  // spaCy v2 JSON: an array of documents of paragraphs (`spacy convert`).
  if (first === '[' && keys.includes('paragraphs') && !keys.includes('text')) return 3;
  if (keys.includes('data') && TASK_KEYS.some((key) => keys.includes(key))) return 0;
  // An array of texts alone, or of Label Studio JSON-MIN tasks whose first has no region (or names its
  // regions after the labelling config's tag, `ner`…): documents, and the spans of the regions there are.
  if (!SPAN_KEYS.some((key) => keys.includes(key))) return first === '[' && keys.includes('text') ? 2 : 0;
  if (keys.includes('text') || keys.includes('data')) return 3;
  return first === '{' && (keys.includes('label') || keys.includes('labels')) ? 2 : 0;
}

/** doccano's sequence-labelling exports: spans and metadata in code points; no status. */
export const doccanoFormat: FileFormat = {
  id: 'doccano',
  name: 'doccano',
  detail: 'JSONL',
  extension: 'jsonl',
  mime: 'application/jsonl',
  units: ['codepoint'],
  offsets: true,
  carries: { annotator: true, status: false, meta: true, spans: true, documents: true },
  detect: detectDoccano,
  read: (file, { reading, survey, onBytes }) => readDoccano(file, reading, survey ?? null, onBytes),
  numericIds: true,
  *write(records, { numericIds }) {
    for (const record of records) yield `${jsonLine(serializeDoccano(record, numericIds))}\n`;
  },
  lossesOf: metaLosses,
};

/**
 * The meta keys {@link serializeDoccano} cannot write: doccano reads them as the record's own
 * (`label`, `entities`, `annotator`…), so an export counts them rather than saying it carries all the meta.
 */
export function metaLosses(record: AnnotatedRecord): Loss[] {
  return reservedMetaLosses(
    record,
    RESERVED_KEYS,
    'doccano',
    'doccano takes these keys as the record’s text, spans, annotator or relations, so they are not written',
  );
}
