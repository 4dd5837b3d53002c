/**
 * Prodigy's task and answer JSONL (what `prodigy db-out` writes): one task per line,
 * `{"text", "spans": [{"start", "end", "label", "token_start", "token_end"}], "meta": {…},
 * "_input_hash", "_task_hash", "_view_id", "_session_id", "_annotator_id", "answer"}`.
 * Offsets count code points (Prodigy is Python).
 *
 * Import:
 * - The id is `id` when the line has one, else its `_input_hash` (as a string), else
 *   `idFromText`. Answers of several annotators to one input are separate records (layers) with
 *   the same id, placed on one document.
 * - The record's meta is Prodigy's `meta` object, plus `_input_hash` (unless it is Spanwright's own
 *   stand-in for the text, which an export computes again) and `_view_id` as keys of their own
 *   (they win over `meta` keys of the same name), plus every other top-level field of the task (a recipe's `label`, `_timestamp`, `options`, `accept`, `html`, custom keys
 *   like `doc_id`) in one object under {@link PRODIGY_FIELDS_KEY}, named in a note.
 * - `tokens` are not kept (counted as a loss): Spanwright keeps the text and character offsets, and
 *   Prodigy tokenizes a task again when it has none. Spans' `token_start`/`token_end` go with them.
 * - The annotator is `_annotator_id`, else `_session_id`, else none. The status follows `answer`:
 *   accept → done, ignore → skipped, reject → skipped without spans (a rejected answer's spans are
 *   counted as a loss, not imported; skipped, it is no negative example in an export), no answer →
 *   none; an accept on the whole text (a "label" or "options", no "spans") → none. A rejected answer keeps `"answer": "reject"` among the kept fields (said in a note), so a
 *   Prodigy export tells it from an ignored one again. `relations` are counted as a loss.
 * - A span's `text`, when present, is its quote; other span keys are ignored.
 *
 * Export writes `{"id"?, "text", "spans", "_input_hash", "_task_hash", "answer"?, "_view_id"?,
 * "_annotator_id"?, "_session_id"?, …kept fields, "meta"}`: `id` only when the input hash would not
 * give it back; the input hash from the meta when the record has one, else Spanwright's own 32-bit hash
 * ({@link prodigyHash}: not the one Prodigy would compute); the task hash always Spanwright's, of the
 * input hash and the layer's spans (`prodigyHashes.ts`: an imported `_task_hash` is counted, not kept); `answer` "accept" for done, "reject"
 * for skipped when the task was a rejected answer, else "ignore", none for to-do (which reads back
 * as no status); the kept top-level fields back at the top level. No `tokens`: Prodigy's manual
 * recipes tokenize the text again, and training reads the character offsets (tokens of another
 * tokenizer than the project's spaCy pipeline would not line up with it).
 *
 * @see https://prodi.gy/docs/api-interfaces
 * @see https://prodi.gy/docs/api-loaders#hashing
 * @see ../../../docs/formats.md
 */
import { keptFieldsNote, spanFieldLosses, PRODIGY_FIELDS_KEY, rejectedNote, tokenNote } from './prodigyNotes';
import { onWholeText, wholeTextsLoss } from './prodigyWholeText';
import { spanTokens, tokensProblem } from './prodigyTokens';
import { jsonLine } from './jsonLine';
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson, quote } from './errorMessages';
import type { FileFormat, Loss, NamedBlob, ReadOptions, SourceItem } from './format';
import { readJsonlLines } from './jsonlReader';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { idFromText, isJsonObject, readId, recordTitle } from './records';
import type { AnnotatedRecord, ParseResult, RecordSpan } from './records';
import { inputHashOf, isStandInInputHash, taskHashOf } from './prodigyHashes';
import { checkId, checkMeta, checkSpan, checkText, ErrorCollector, SpanTarget, isEmptySpan } from './validation';
import { checkAnnotatorId, checkAnswer, checkHash } from './prodigyFields';
import { countEmpty } from './emptySpans';
import { LossTally } from './jsonDocuments';

export { prodigyHash } from './prodigyHashes';

export { PRODIGY_FIELDS_KEY } from './prodigyNotes';
/** Top-level Prodigy keys a record keeps in its meta, and an export writes back at the top level. */
export const PRODIGY_META_KEYS: readonly string[] = ['_input_hash', '_task_hash', '_view_id', PRODIGY_FIELDS_KEY];
/** Top-level keys the reader reads itself (or counts): every other one is kept under {@link PRODIGY_FIELDS_KEY}. */
const READ_KEYS: ReadonlySet<string> = new Set([
  'id',
  'text',
  'spans',
  'meta',
  '_input_hash',
  '_task_hash',
  '_view_id',
  '_annotator_id',
  '_session_id',
  'answer',
  'relations',
  'tokens',
]);

/** One line of a Prodigy file: its record, and what it holds that the record does not. */
export interface ProdigyAnswer {
  record: AnnotatedRecord;
  /** How many spans a rejected answer had (not imported). */
  rejectedSpans: number;
  /** A few of them, as the import preview shows them: `"Kim" 2–5 (PER)`. */
  rejectedExamples: string[];
  /** How many `relations` the line has (not imported). */
  relations: number;
  /** True when the line has `tokens` (not imported). */
  tokens: boolean;
  /** Spans whose token indices name other characters than their offsets (the offsets are read). */
  tokenMismatches: number;
  /** The top-level fields kept under {@link PRODIGY_FIELDS_KEY}, in order. */
  keptFields: string[];
  /** True when the line has a `_task_hash` (not kept: an export computes it again). */
  taskHash: boolean;
  /** The names of its empty spans (start = end), left out (`emptySpans.ts`). */
  emptySpans: string[];
  /** Fields of its imported spans that are not kept (`score`, `source`…), with how many spans carry each. */
  spanFields: Map<string, number>;
  /** True for an accepted answer on the whole text (a textcat "label", a choice's "options") with no "spans": to do. */
  wholeText: boolean;
}

/** A span's own fields, read (or counted as the tokens are); any other is counted as not kept. */
const SPAN_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'label', 'text', 'token_start', 'token_end']);

/** A span as the import preview quotes it: `"Kim" 2–5 (PER)`. */
function example(span: RecordSpan): string {
  return `${quote(span.text)} ${span.start}–${span.end} (${span.label})`;
}

/**
 * Reads one line of Prodigy JSONL (see the module comment). Offsets count code points unless
 * `reading` says otherwise. Every problem on the line is listed.
 */
export function parseProdigyLine(
  line: string,
  lineNumber: number,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): ParseResult<ProdigyAnswer> {
  const parsed = parseJson(line);
  if ('message' in parsed) return { errors: [{ line: lineNumber, message: parsed.message }] };
  const source = parsed.value;
  if (!isJsonObject(source))
    return {
      errors: [
        { line: lineNumber, message: `expected a JSON object {"text", "spans", …} (got ${describeValue(source)})` },
      ],
    };

  const errors = new ErrorCollector(lineNumber);
  const textCheck = checkText(source.text);
  const text = errors.take(textCheck, '');
  const inputHash = errors.take(checkHash(source._input_hash, '_input_hash'), undefined);
  const taskHash = errors.take(checkHash(source._task_hash, '_task_hash'), undefined);
  const viewId = source._view_id;
  if (viewId !== undefined && typeof viewId !== 'string')
    errors.add(`"_view_id" must be a string (got ${describeValue(viewId)})`);
  const id = source.id !== undefined ? errors.take(checkId(source.id), '') : (readId(inputHash) ?? idFromText(text));
  const meta = errors.take(checkMeta(source.meta), {});
  const rejected = source.answer === 'reject';
  // Copied as meta is (sanitized, not too deep): only the fields not read, never the tokens.
  const fields = errors.take(checkMeta(source, 'a top-level field', READ_KEYS), {});
  const keptFields = Object.keys(fields);
  if (rejected) fields.answer = 'reject';
  if (keptFields.length > 0 || rejected) meta[PRODIGY_FIELDS_KEY] = fields;
  // The task hash is computed again on export (prodigyHashes.ts); a stand-in input hash too.
  if (inputHash !== undefined && !isStandInInputHash(inputHash, text)) meta._input_hash = inputHash;
  if (viewId !== undefined) meta._view_id = viewId;
  const annotator = errors.take(checkAnnotatorId(source), null);
  const answered = errors.take(checkAnswer(source.answer), null);
  const wholeText = answered === 'done' && onWholeText(source);
  const status = wholeText ? null : answered;
  const relations = Array.isArray(source.relations) ? source.relations.length : 0;

  const spans: RecordSpan[] = [];
  const rejectedExamples: string[] = [];
  const emptySpans: string[] = [];
  const spanFields = new Map<string, number>();
  let tokenMismatches = 0;
  const rawSpans = source.spans ?? [];
  if (!Array.isArray(rawSpans)) errors.add(`"spans" must be an array (got ${describeValue(rawSpans)})`);
  else if ('value' in textCheck) {
    // A rejected answer's spans are not imported: they are only quoted in the loss, never refused.
    const target = new SpanTarget(text, reading, rejected ? null : survey);
    rawSpans.forEach((raw: unknown, position) => {
      const name = `span ${position + 1}`;
      if (!isJsonObject(raw)) {
        if (!rejected) errors.add(`${name} must be an object {"start", "end", "label"} (got ${describeValue(raw)})`);
        return;
      }
      // Offsets from the task's tokens where the span gives only token_start and token_end (noted where they disagree).
      const tokens = spanTokens(raw, source.tokens);
      if (tokens?.disagree) tokenMismatches++;
      const [start, end] = [raw.start ?? tokens?.start, raw.end ?? tokens?.end];
      const unplaced = tokensProblem(raw, source.tokens);
      if (unplaced !== null) {
        if (!rejected) errors.add(`${name} ${unplaced}`);
        return;
      }
      if (!rejected && isEmptySpan({ start, end, text: raw.text }, target)) return void emptySpans.push(name);
      const span = checkSpan({ start, end, label: raw.label, text: raw.text }, name, target);
      if (rejected) {
        if ('value' in span && rejectedExamples.length < 3) rejectedExamples.push(example(span.value));
      } else if ('value' in span) {
        spans.push(span.value);
        for (const key of Object.keys(raw))
          if (!SPAN_KEYS.has(key)) spanFields.set(key, (spanFields.get(key) ?? 0) + 1);
      } else errors.add(span.message);
    });
  }

  if (errors.errors.length > 0) return { errors: errors.errors };
  const record: AnnotatedRecord = {
    id,
    text,
    title: recordTitle(text, id, meta),
    annotator,
    status,
    spans: sortSpans(spans),
    meta,
  };
  const rejectedSpans = rejected && Array.isArray(rawSpans) ? rawSpans.length : 0;
  return {
    value: {
      record,
      rejectedSpans,
      rejectedExamples,
      relations,
      tokens: source.tokens !== undefined,
      tokenMismatches,
      keptFields,
      taskHash: taskHash !== undefined,
      emptySpans,
      spanFields,
      wholeText,
    },
  };
}

/** One Prodigy JSONL line (no trailing newline) for `record`; see the module comment for its keys. */
export function serializeProdigy(record: AnnotatedRecord): string {
  const spans = sortSpans(record.spans);
  let spansJson = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    spansJson += `${position === 0 ? '' : ','}{"start":${span.start},"end":${span.end},"label":${JSON.stringify(span.label)}}`;
  }
  const fields = keptFields(record.meta);
  const inputHash = inputHashOf(record.meta, record.text);
  const taskHash = taskHashOf(inputHash, spansJson, fields);
  // The reader takes the id from the input hash when the line has no "id".
  let line = inputHash.id === record.id ? '{' : `{"id":${JSON.stringify(record.id)},`;
  line += `"text":${JSON.stringify(record.text)},"spans":[${spansJson}]`;
  line += `,"_input_hash":${inputHash.json},"_task_hash":${taskHash.json}`;
  if (record.status === 'done') line += ',"answer":"accept"';
  else if (record.status === 'skipped')
    line += fields?.answer === 'reject' ? ',"answer":"reject"' : ',"answer":"ignore"';
  if (typeof record.meta._view_id === 'string') line += `,"_view_id":${JSON.stringify(record.meta._view_id)}`;
  if (record.annotator !== null) {
    const annotator = JSON.stringify(record.annotator);
    line += `,"_annotator_id":${annotator},"_session_id":${annotator}`;
  }
  // The task's other top-level fields, back where Prodigy had them; never over what is written above.
  if (fields)
    for (const key of Object.keys(fields)) {
      const valueJson = READ_KEYS.has(key) ? undefined : JSON.stringify(fields[key]);
      if (valueJson !== undefined) line += `,${JSON.stringify(key)}:${valueJson}`;
    }
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(record.meta))
    if (!PRODIGY_META_KEYS.includes(key) || (key === PRODIGY_FIELDS_KEY && !fields)) meta[key] = record.meta[key];
  return `${line},"meta":${JSON.stringify(meta)}}`;
}

/** The kept top-level fields of a task (see {@link PRODIGY_FIELDS_KEY}), when the meta holds them as an object. */
function keptFields(meta: Record<string, unknown>): Record<string, unknown> | null {
  const fields = meta[PRODIGY_FIELDS_KEY];
  return isJsonObject(fields) ? fields : null;
}

/** The records of a Prodigy file, then what it holds that they do not (rejected spans, relations). */
async function* readProdigy(file: NamedBlob, options: ReadOptions): AsyncGenerator<SourceItem> {
  const { reading, survey, onBytes } = options;
  const rejected: Loss = {
    what: 'spans of rejected answers',
    why: 'a rejected answer is imported as skipped, without the spans it rejected (so no export trains on it)',
    count: 0,
    examples: [],
  };
  const relations: Loss = { what: 'relations', why: 'Spanwright keeps spans, not relations between them', count: 0 };
  const tokens: Loss = {
    what: 'token lists ("tokens")',
    why: 'Spanwright keeps the text and character offsets; Prodigy tokenizes a task without tokens again (spans’ token_start and token_end go with them)',
    count: 0,
  };
  const taskHashes: Loss = {
    what: 'task hashes ("_task_hash")',
    why: 'a Prodigy export computes each task’s hash again from its input hash and the layer’s spans, which another annotator’s layer or an edit changes',
    count: 0,
  };
  const wholeTexts = wholeTextsLoss();
  const fields = new Set<string>();
  const spanFields = new Map<string, { count: number; line: number }>();
  const empties = new LossTally();
  let rejectedAnswers = 0;
  const mismatches = { count: 0, line: 0 };
  /**
   * Whether each document's first record in this file was a reject (its metadata, kept for all its
   * layers, says whether a skip exports as "reject"), and the answers that then go out otherwise.
   */
  const firstRejected = new Map<string, boolean>();
  const otherwise = { rejects: 0, ignores: 0 };
  for await (const item of readJsonlLines(file.stream(), { onProgress: onBytes })) {
    if (item.error) {
      yield { error: item.error };
      continue;
    }
    const parsed = parseProdigyLine(item.line, item.lineNumber, reading, survey ?? null);
    if ('errors' in parsed) {
      for (const error of parsed.errors) yield { error };
      continue;
    }
    const answer = parsed.value;
    for (const [loss, count] of [
      [rejected, answer.rejectedSpans],
      [relations, answer.relations],
      [tokens, answer.tokens ? 1 : 0],
      [taskHashes, answer.taskHash ? 1 : 0],
      [wholeTexts, answer.wholeText ? 1 : 0],
    ] as const) {
      if (count === 0) continue;
      loss.count += count;
      loss.line ??= item.lineNumber;
    }
    rejected.examples = [...(rejected.examples ?? []), ...answer.rejectedExamples].slice(0, 3);
    for (const name of answer.emptySpans) countEmpty(empties, item.lineNumber, name);
    for (const field of answer.keptFields) fields.add(field);
    for (const [name, count] of answer.spanFields) {
      const tally = spanFields.get(name);
      if (tally) tally.count += count;
      else spanFields.set(name, { count, line: item.lineNumber });
    }
    if (answer.tokenMismatches > 0 && mismatches.count === 0) mismatches.line = item.lineNumber;
    mismatches.count += answer.tokenMismatches;
    const { id, status } = answer.record;
    const rejectedHere = isRejected(answer.record);
    if (rejectedHere) rejectedAnswers++;
    const first = firstRejected.get(id);
    if (first === undefined) firstRejected.set(id, rejectedHere);
    else if (rejectedHere && !first) otherwise.rejects++;
    else if (!rejectedHere && first && status === 'skipped') otherwise.ignores++;
    yield { record: answer.record, line: item.lineNumber };
  }
  if (fields.size > 0) yield { note: keptFieldsNote([...fields]) };
  if (rejectedAnswers > 0) yield { note: rejectedNote(rejectedAnswers, otherwise) };
  if (mismatches.count > 0) yield { note: tokenNote(mismatches.count, mismatches.line) };
  for (const loss of [wholeTexts, rejected, relations, tokens, taskHashes]) if (loss.count > 0) yield { loss };
  for (const loss of spanFieldLosses(spanFields)) yield { loss };
  yield* empties.items();
}

/** True for the record of a rejected answer (its kept fields say so). */
function isRejected(record: AnnotatedRecord): boolean {
  return keptFields(record.meta)?.answer === 'reject';
}

/**
 * Keys only Prodigy writes at the top of a task: 3 with any of them, above native JSONL (at most 2).
 * A task of ner.teach, textcat or another binary recipe has a top-level `label` too, so doccano
 * scores 3 as well: with an `answer` (every annotated task has one) or `spans` beside it, which a
 * doccano export never writes at the top level, Prodigy scores 4 and wins. Without either it is a
 * tie that doccano wins, so that a doccano export of documents imported from Prodigy (their hashes
 * among its meta keys) stays doccano.
 */
const PRODIGY_KEYS: ReadonlySet<string> = new Set([
  '_input_hash',
  '_task_hash',
  'answer',
  '_view_id',
  '_session_id',
  '_annotator_id',
]);

/** Prodigy's JSONL: tasks and answers, in code points; carries annotator, status (answer) and meta. */
export const prodigyFormat: FileFormat = {
  id: 'prodigy',
  name: 'Prodigy',
  detail: 'JSONL with answers',
  extension: 'jsonl',
  mime: 'application/jsonl',
  units: ['codepoint'],
  offsets: true,
  carries: { annotator: true, status: true, meta: true, spans: true, documents: true },
  detect: ({ first, keys }) => {
    if (first !== '{' || !keys.some((key) => PRODIGY_KEYS.has(key))) return 0;
    return keys.includes('answer') || keys.includes('spans') ? 4 : 3;
  },
  exportNote:
    'Offsets count Unicode code points (Python str indices); end is exclusive. Tasks are written without "tokens" ' +
    '(nor spans’ token_start/token_end): Prodigy’s manual recipes tokenize the text again when they load it, and ' +
    'training reads the character offsets. Fields a Prodigy import kept (a recipe’s "label", "_timestamp"…) go back ' +
    'at the top level; a rejected answer stays "reject".',
  read: readProdigy,
  *write(records) {
    for (const record of records) yield `${jsonLine(serializeProdigy(record))}\n`;
  },
  // A record with no status (a document no one labelled, written as every annotator's) has no answer either.
  lossesOf: (record) =>
    record.status !== 'done' && record.status !== 'skipped'
      ? [
          {
            what: 'to-do statuses',
            why: 'Prodigy has no answer for a task not done yet, so it is written without one: Prodigy’s db-in gives such a task the --answer it is run with (accept, unless told otherwise), so run it with --answer ignore to keep these out of training; Spanwright reads them back as to do',
            count: 1,
          },
        ]
      : [],
};
