/**
 * Label Studio's JSON export: one array of tasks, each `{"id", "data": {"text", …}, "annotations":
 * [{"completed_by", "result": [{"type": "labels", "value": {"start", "end", "text", "labels"}}]}]}`.
 *
 * Offsets are read and written in code points. Label Studio's own frontend has counted UTF-16 code
 * units in some versions, so spans after an emoji may be shifted in files it wrote; the quoted
 * `value.text` check reports such spans instead of importing them misplaced.
 *
 * @see https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks
 * @see https://labelstud.io/guide/task_format
 * @see https://github.com/HumanSignal/label-studio/issues/1347
 * @see https://github.com/HumanSignal/label-studio/issues/4988
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson } from './errorMessages';
import type { FileFormat } from './format';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import {
  isJsonObject,
  recordTitle,
  writeNumericId,
  type AnnotatedRecord,
  type FormatError,
  type ParseResult,
  type RecordSpan,
} from './records';
import { arrayElementLines } from './jsonOutline';
import { checkId, checkMeta, checkSpan, checkText, ErrorCollector, SpanTarget, type FieldCheck } from './validation';

const TEXT_KEY = new Set(['text']);

/**
 * Reads a Label Studio JSON export: one record per task × annotation, and one record without spans
 * for a task without annotations. Results other than `"type": "labels"` (choices, relations, …)
 * are skipped; a region with several labels becomes one span per label. Errors name the task
 * (`task 3: …`) and the line where it starts.
 */
export function parseLabelStudio(
  json: string,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): ParseResult<AnnotatedRecord[]> {
  const parsed = parseJson(json);
  if ('message' in parsed)
    return { errors: [{ line: lineOfJsonError(json, parsed.message), message: parsed.message }] };
  const tasks = parsed.value;
  if (!Array.isArray(tasks)) {
    return {
      errors: [{ line: 0, message: `a Label Studio file must be a JSON array of tasks (got ${describeValue(tasks)})` }],
    };
  }
  const records: AnnotatedRecord[] = [];
  const errors: FormatError[] = [];
  let taskLines: number[] | null = null;
  tasks.forEach((task: unknown, position) => {
    const read = readTask(task, `task ${position + 1}: `, reading, survey);
    if ('value' in read) records.push(...read.value);
    else {
      taskLines ??= arrayElementLines(json);
      const line = taskLines[position] ?? 0;
      for (const error of read.errors) errors.push({ line, message: error.message });
    }
  });
  return errors.length > 0 ? { errors } : { value: records };
}

/** V8 and Firefox name a position or line in their messages; point at that line when they do. */
function lineOfJsonError(json: string, message: string): number {
  const line = /\bline (\d+)/u.exec(message);
  if (line) return Number(line[1]);
  const position = /\bposition (\d+)/u.exec(message);
  if (!position) return 0;
  let count = 1;
  for (
    let index = json.indexOf('\n');
    index !== -1 && index < Number(position[1]);
    index = json.indexOf('\n', index + 1)
  )
    count++;
  return count;
}

function readTask(
  task: unknown,
  prefix: string,
  reading: OffsetReading,
  survey: ReadingSurvey | null,
): ParseResult<AnnotatedRecord[]> {
  const errors = new ErrorCollector(0, prefix);
  if (!isJsonObject(task)) {
    errors.add(`must be an object {"id", "data", "annotations"} (got ${describeValue(task)})`);
    return { errors: errors.errors };
  }
  const id = errors.take(checkId(task.id), '');
  const data = task.data;
  let text = '';
  let meta: Record<string, unknown> = {};
  if (!isJsonObject(data)) errors.add(`"data" must be an object {"text", …} (got ${describeValue(data)})`);
  else {
    text = errors.take(checkText(data.text, '"data.text"'), '');
    meta = errors.take(checkMeta(data, '"data"', TEXT_KEY), {});
  }
  const annotations = task.annotations ?? [];
  if (!Array.isArray(annotations)) errors.add(`"annotations" must be an array (got ${describeValue(annotations)})`);
  if (errors.errors.length > 0 || !Array.isArray(annotations)) return { errors: errors.errors };

  const title = recordTitle(text, id, meta);
  const target = new SpanTarget(text, reading, survey);
  const record = (annotator: string | null, spans: RecordSpan[]): AnnotatedRecord => ({
    id,
    text,
    title,
    annotator,
    status: null,
    spans: sortSpans(spans),
    meta,
  });
  if (annotations.length === 0) return { value: [record(null, [])] };

  const records: AnnotatedRecord[] = [];
  annotations.forEach((annotation: unknown, position) => {
    const name = `annotation ${position + 1}`;
    if (!isJsonObject(annotation))
      return errors.add(`${name} must be an object {"completed_by", "result"} (got ${describeValue(annotation)})`);
    const annotator = errors.take(readCompletedBy(annotation.completed_by, name), null);
    const spans = readResult(annotation.result ?? [], name, target, errors);
    records.push(record(annotator, spans));
  });
  return errors.errors.length > 0 ? { errors: errors.errors } : { value: records };
}

/** `completed_by` is a name or e-mail (what we write), a user id, or a user object with `email`. */
function readCompletedBy(value: unknown, name: string): FieldCheck<string | null> {
  if (value === undefined || value === null) return { value: null };
  if (typeof value === 'string' && value.length > 0) return { value };
  if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
  if (isJsonObject(value) && typeof value.email === 'string' && value.email.length > 0) return { value: value.email };
  return {
    message: `${name} "completed_by" must be a name, a user id or a user with "email" (got ${describeValue(value)})`,
  };
}

function readResult(result: unknown, name: string, target: SpanTarget, errors: ErrorCollector): RecordSpan[] {
  const spans: RecordSpan[] = [];
  if (!Array.isArray(result)) {
    errors.add(`${name} "result" must be an array (got ${describeValue(result)})`);
    return spans;
  }
  result.forEach((region: unknown, position) => {
    const regionName = `${name} span ${position + 1}`;
    if (!isJsonObject(region)) return errors.add(`${regionName} must be an object (got ${describeValue(region)})`);
    if (region.type !== 'labels') return;
    const value = region.value;
    if (!isJsonObject(value))
      return errors.add(
        `${regionName} "value" must be an object {"start", "end", "labels"} (got ${describeValue(value)})`,
      );
    const labels = value.labels;
    if (!Array.isArray(labels) || labels.length === 0) {
      return errors.add(`${regionName} "labels" must be a non-empty array (got ${describeValue(labels)})`);
    }
    for (const label of labels) {
      const span = checkSpan({ start: value.start, end: value.end, label, text: value.text }, regionName, target);
      if ('value' in span) spans.push(span.value);
      else errors.add(span.message);
    }
  });
  return spans;
}

/**
 * The Label Studio JSON for `records`: records with the same id become one task (in order of first
 * appearance), their layers its annotations in input order.
 */
export function serializeLabelStudio(records: AnnotatedRecord[]): string {
  const groups = new Map<string, AnnotatedRecord[]>();
  for (const record of records) {
    const group = groups.get(record.id);
    if (group) group.push(record);
    else groups.set(record.id, [record]);
  }
  let json = '';
  for (const chunk of labelStudioChunks([...groups.values()].flat())) json += chunk;
  return json;
}

/**
 * The Label Studio JSON for `records` in chunks, one task per chunk (and one task per line).
 * Streams, so only consecutive records with the same id share a task: yield each document's layers
 * together, as {@link serializeLabelStudio} does.
 */
export function* labelStudioChunks(records: Iterable<AnnotatedRecord>): Generator<string> {
  let group: AnnotatedRecord[] = [];
  let separator = '[\n';
  for (const record of records) {
    if (group.length > 0 && group[0].id !== record.id) {
      yield separator + serializeTask(group);
      separator = ',\n';
      group = [];
    }
    group.push(record);
  }
  if (group.length > 0) yield separator + serializeTask(group);
  yield group.length > 0 ? '\n]\n' : '[]\n';
}

/** One task: the first record's id, text and meta; one annotation per record. */
function serializeTask(group: AnnotatedRecord[]): string {
  const { id, text, meta } = group[0];
  let data = `{"text":${JSON.stringify(text)}`;
  for (const key of Object.keys(meta)) {
    if (key === 'text') continue;
    const valueJson = JSON.stringify(meta[key]);
    if (valueJson !== undefined) data += `,${JSON.stringify(key)}:${valueJson}`;
  }
  // A document nobody has annotated is a task without annotations, as Label Studio writes it.
  const unannotated = group.length === 1 && group[0].annotator === null && group[0].spans.length === 0;
  const annotations = unannotated
    ? ''
    : group.map((record, position) => serializeAnnotation(record, `${id}-${position + 1}`)).join(',');
  return `{"id":${writeNumericId(id)},"data":${data}},"annotations":[${annotations}]}`;
}

function serializeAnnotation(record: AnnotatedRecord, regionIdPrefix: string): string {
  const spans = sortSpans(record.spans);
  let result = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    result +=
      `${position === 0 ? '' : ','}{"id":${JSON.stringify(`${regionIdPrefix}-${position + 1}`)},"from_name":"label","to_name":"text","type":"labels",` +
      `"value":{"start":${span.start},"end":${span.end},"text":${JSON.stringify(span.text)},"labels":[${JSON.stringify(span.label)}]}}`;
  }
  const completedBy = record.annotator === null ? '' : `"completed_by":${JSON.stringify(record.annotator)},`;
  return `{${completedBy}"result":[${result}]}`;
}

/** Label Studio's JSON export: one array of tasks, read whole as JSON requires; no status. */
export const labelStudioFormat: FileFormat = {
  id: 'labelstudio',
  name: 'Label Studio',
  detail: 'JSON',
  extension: 'json',
  mime: 'application/json',
  units: ['codepoint'],
  offsets: true,
  carries: { annotator: true, status: false, meta: true, spans: true, documents: true },
  detect: ({ first }) => (first === '[' ? 2 : 0),
  async *read(file, { reading, survey, onBytes }) {
    const parsed = parseLabelStudio(await file.text(), reading, survey ?? null);
    onBytes?.(file.size);
    if ('value' in parsed) for (const record of parsed.value) yield { record, line: 0 };
    else for (const error of parsed.errors) yield { error };
  },
  write: (records) => labelStudioChunks(records),
};
