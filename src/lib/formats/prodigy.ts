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
 * - The record's meta is Prodigy's `meta` object, plus `_input_hash`, `_task_hash` and `_view_id`
 *   as keys of their own (they win over `meta` keys of the same name).
 * - The annotator is `_annotator_id`, else `_session_id`, else none. The status follows `answer`:
 *   accept → done, ignore → skipped, reject → skipped without spans (a rejected answer's spans are
 *   counted as a loss, not imported; skipped, it is no negative example in an export), no answer → none. `relations` are counted as a loss.
 * - A span's `text`, when present, is its quote; `token_start`, `token_end` and other span keys are ignored.
 *
 * Export writes `{"id"?, "text", "spans", "_input_hash", "_task_hash", "answer"?, "_view_id"?,
 * "_annotator_id"?, "_session_id"?, "meta"}`: `id` only when the input hash would not give it back;
 * the hashes from the meta when the record has them, else Spanwright's own 32-bit hashes
 * ({@link prodigyHash}: not the ones Prodigy would compute); `answer` "accept" for done, "ignore"
 * for skipped, none for to-do (which reads back as no status).
 *
 * @see https://prodi.gy/docs/api-interfaces
 * @see https://prodi.gy/docs/api-loaders#hashing
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import type { Status } from '../model/types';
import { describeValue, parseJson, quote } from './errorMessages';
import type { FileFormat, Loss, NamedBlob, ReadOptions, SourceItem } from './format';
import { readJsonlLines } from './jsonlReader';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { idFromText, isJsonObject, readId, recordTitle } from './records';
import type { AnnotatedRecord, ParseResult, RecordSpan } from './records';
import { checkId, checkMeta, checkSpan, checkText, ErrorCollector, SpanTarget, type FieldCheck } from './validation';

/** Top-level Prodigy keys a record keeps in its meta, and an export writes back at the top level. */
export const PRODIGY_META_KEYS: readonly string[] = ['_input_hash', '_task_hash', '_view_id'];

const STATUS_OF_ANSWER = new Map<unknown, Status>([
  ['accept', 'done'],
  ['reject', 'skipped'],
  ['ignore', 'skipped'],
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
}

/** A hash: an integer (as Prodigy writes them) or a non-empty string. */
function checkHash(value: unknown, field: string): FieldCheck<number | string | undefined> {
  if (value === undefined || (typeof value === 'string' && value.length > 0)) return { value };
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { value };
  return { message: `"${field}" must be an integer or a string (got ${describeValue(value)})` };
}

/** `_annotator_id`, else `_session_id`: a non-empty string when present. */
function checkAnnotatorId(source: Record<string, unknown>): FieldCheck<string | null> {
  for (const field of ['_annotator_id', '_session_id']) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > 0) return { value };
    return { message: `"${field}" must be a non-empty string (got ${describeValue(value)})` };
  }
  return { value: null };
}

function checkAnswer(value: unknown): FieldCheck<Status | null> {
  if (value === undefined || value === null) return { value: null };
  const status = STATUS_OF_ANSWER.get(value);
  if (status !== undefined) return { value: status };
  return { message: `"answer" must be "accept", "reject" or "ignore" (got ${describeValue(value)})` };
}

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
  for (const [key, value] of [
    ['_input_hash', inputHash],
    ['_task_hash', taskHash],
    ['_view_id', viewId],
  ] as const) {
    if (value !== undefined) meta[key] = value;
  }
  const annotator = errors.take(checkAnnotatorId(source), null);
  const status = errors.take(checkAnswer(source.answer), null);
  const rejected = source.answer === 'reject';
  const relations = Array.isArray(source.relations) ? source.relations.length : 0;

  const spans: RecordSpan[] = [];
  const rejectedExamples: string[] = [];
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
      const span = checkSpan({ start: raw.start, end: raw.end, label: raw.label, text: raw.text }, name, target);
      if (rejected) {
        if ('value' in span && rejectedExamples.length < 3) rejectedExamples.push(example(span.value));
      } else if ('value' in span) spans.push(span.value);
      else errors.add(span.message);
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
  return { value: { record, rejectedSpans, rejectedExamples, relations } };
}

/**
 * Spanwright's stand-in for a Prodigy hash: FNV-1a over the UTF-16 code units of `value`, as a
 * signed 32-bit integer (the range of Prodigy's own). Stable, but not what Prodigy computes.
 */
export function prodigyHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) hash = Math.imul(hash ^ value.charCodeAt(index), 0x01000193);
  return hash | 0;
}

/** A hash kept in the meta, as JSON (numbers stay numbers) and as the id it gives; null when there is none. */
function keptHash(value: unknown): { json: string; id: string } | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { json: String(value), id: String(value) };
  return typeof value === 'string' && value.length > 0 ? { json: JSON.stringify(value), id: value } : null;
}

/** A hash Spanwright computes, in the same shape. */
function madeHash(value: string): { json: string; id: string } {
  const hash = String(prodigyHash(value));
  return { json: hash, id: hash };
}

/** One Prodigy JSONL line (no trailing newline) for `record`; see the module comment for its keys. */
export function serializeProdigy(record: AnnotatedRecord): string {
  const spans = sortSpans(record.spans);
  let spansJson = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    spansJson += `${position === 0 ? '' : ','}{"start":${span.start},"end":${span.end},"label":${JSON.stringify(span.label)}}`;
  }
  const inputHash = keptHash(record.meta._input_hash) ?? madeHash(record.text);
  const taskHash = keptHash(record.meta._task_hash) ?? madeHash(`${inputHash.json} ${spansJson}`);
  // The reader takes the id from the input hash when the line has no "id".
  let line = inputHash.id === record.id ? '{' : `{"id":${JSON.stringify(record.id)},`;
  line += `"text":${JSON.stringify(record.text)},"spans":[${spansJson}]`;
  line += `,"_input_hash":${inputHash.json},"_task_hash":${taskHash.json}`;
  if (record.status === 'done') line += ',"answer":"accept"';
  else if (record.status === 'skipped') line += ',"answer":"ignore"';
  if (typeof record.meta._view_id === 'string') line += `,"_view_id":${JSON.stringify(record.meta._view_id)}`;
  if (record.annotator !== null) {
    const annotator = JSON.stringify(record.annotator);
    line += `,"_annotator_id":${annotator},"_session_id":${annotator}`;
  }
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(record.meta)) if (!PRODIGY_META_KEYS.includes(key)) meta[key] = record.meta[key];
  return `${line},"meta":${JSON.stringify(meta)}}`;
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
    ] as const) {
      if (count === 0) continue;
      loss.count += count;
      loss.line ??= item.lineNumber;
    }
    rejected.examples = [...(rejected.examples ?? []), ...answer.rejectedExamples].slice(0, 3);
    yield { record: answer.record, line: item.lineNumber };
  }
  for (const loss of [rejected, relations]) if (loss.count > 0) yield { loss };
}

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
  // Native JSONL scores at most 2: Prodigy's own keys name the format.
  detect: ({ first, keys }) =>
    first === '{' && keys.some((key) => key === '_input_hash' || key === '_task_hash' || key === 'answer') ? 3 : 0,
  read: readProdigy,
  *write(records) {
    for (const record of records) yield `${serializeProdigy(record)}\n`;
  },
  lossesOf: (record) =>
    record.status === 'todo'
      ? [
          {
            what: 'to-do statuses',
            why: 'Prodigy has no answer for a task not done yet: it reads back with none',
            count: 1,
          },
        ]
      : [],
};
