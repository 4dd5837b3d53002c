/**
 * Checks shared by every format: record fields (id, text, annotator, status) and spans. Each check
 * answers with the typed value or a user-facing reason; the format adds the line number.
 */
import { CODE_POINTS, ReadingTarget, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { STATUSES, type Status } from '../model/types';
import { describeValue, quote } from './errorMessages';
import { loneSurrogateIn, loneSurrogateProblem } from './unicodeText';
import {
  isForbiddenKey,
  isJsonObject,
  MAX_JSON_DEPTH,
  readId,
  sanitizeJson,
  type FormatError,
  type RecordSpan,
} from './records';

export type FieldCheck<T> = { value: T } | { message: string };

/** Collects the reasons one record (a line, or a task) is refused. */
export class ErrorCollector {
  readonly errors: FormatError[] = [];

  /** `prefix` starts every message, e.g. `task 3: `. */
  constructor(
    readonly line: number,
    readonly prefix = '',
  ) {}

  add(message: string): void {
    this.errors.push({ line: this.line, message: this.prefix + message });
  }

  /** The checked value, or `fallback` after noting why the check failed. */
  take<T>(check: FieldCheck<T>, fallback: T): T {
    if ('value' in check) return check.value;
    this.add(check.message);
    return fallback;
  }
}

/** A document id: a non-empty string, or a number (made a string). */
export function checkId(value: unknown): FieldCheck<string> {
  if (value === undefined) return { message: '"id" is missing' };
  const id = readId(value);
  const problem = id === null ? null : loneSurrogateProblem(id);
  if (problem !== null) return { message: `"id" ${problem}` };
  if (id !== null) return { value: id };
  if (value === '') return { message: '"id" is empty' };
  return { message: `"id" must be a string or number (got ${describeValue(value)})` };
}

/** A record with an empty text and no span, left out of an import and counted so. */
export const EMPTY_TEXT = {
  what: 'records with an empty text and no span',
  why: 'a document needs text: each is left out, the records beside it are read',
};

/** A document text: a non-empty string, kept exactly as it is. `field` names it, e.g. `"data.text"`. */
export function checkText(value: unknown, field = '"text"'): FieldCheck<string> {
  if (value === undefined || value === '') return { message: `${field} is missing or empty` };
  if (typeof value !== 'string') return { message: `${field} must be a string (got ${describeValue(value)})` };
  const problem = loneSurrogateProblem(value);
  return problem === null ? { value } : { message: `${field} ${problem}` };
}

/** An annotator: a non-empty string, or null/absent for "the file does not say". */
export function checkAnnotator(value: unknown): FieldCheck<string | null> {
  if (value === undefined || value === null) return { value: null };
  if (typeof value === 'string' && value.length > 0) {
    const problem = loneSurrogateProblem(value);
    return problem === null ? { value } : { message: `"annotator" ${problem}` };
  }
  return { message: `"annotator" must be a non-empty string or null (got ${describeValue(value)})` };
}

export function isStatus(value: unknown): value is Status {
  return STATUSES.some((status) => status === value);
}

/** A status: one of {@link STATUSES}, or null/absent. */
export function checkStatus(value: unknown): FieldCheck<Status | null> {
  if (value === undefined || value === null) return { value: null };
  if (isStatus(value)) return { value };
  const allowed = STATUSES.map((status) => `"${status}"`).join(', ');
  return { message: `"status" must be one of ${allowed} or null (got ${describeValue(value)})` };
}

/**
 * A record's meta: a sanitized copy of the JSON object `value` without the keys in `skip`.
 * Absent (`undefined`) means an empty meta.
 */
export function checkMeta(
  value: unknown,
  field = '"meta"',
  skip: ReadonlySet<string> = new Set(),
): FieldCheck<Record<string, unknown>> {
  if (value === undefined) return { value: {} };
  if (!isJsonObject(value)) return { message: `${field} must be an object (got ${describeValue(value)})` };
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (skip.has(key) || isForbiddenKey(key)) continue;
    const copy = sanitizeJson(value[key], 1);
    if (copy === undefined)
      return { message: `${field} nests more than ${MAX_JSON_DEPTH} levels deep under ${quote(key)}` };
    const problem = loneSurrogateIn({ [key]: copy });
    if (problem !== null) return { message: `${field} ${problem}` };
    meta[key] = copy;
  }
  return { value: meta };
}

/**
 * The text spans are checked against, under the reading of the file's offsets (code points unless
 * the user chose another), indexed once per record. A survey, when given, also learns how many of
 * the quoted spans each reading would fit (the import preview shows it).
 */
export class SpanTarget extends ReadingTarget {
  readonly survey: ReadingSurvey | null;

  constructor(text: string, reading: OffsetReading = CODE_POINTS, survey: ReadingSurvey | null = null) {
    super(text, reading);
    this.survey = survey;
  }
}

/** A span's fields as found in a file; `text` is `undefined` when the format does not quote. */
export interface SpanFields {
  start: unknown;
  end: unknown;
  label: unknown;
  text?: unknown;
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Whether a span's fields name an empty span inside its text (start = end, quoting nothing): an import
 * leaves it out and counts it (another tool's stray click), where any other bad span refuses the file.
 */
export function isEmptySpan(fields: Omit<SpanFields, 'label'>, target: SpanTarget): boolean {
  const { start, end, text } = fields;
  return isOffset(start) && isOffset(end) && (text === undefined || text === '') && target.isEmpty(start, end);
}

/**
 * Validates one span against its record's text: integer offsets that name a non-empty range of the
 * text under the file's reading (never inside a surrogate pair), a non-empty string label, and
 * quoted text, when the file quotes, equal to the text at the offsets. Answers with the span in
 * code points. `name` is how messages call it, e.g. `span 2`.
 */
export function checkSpan(fields: SpanFields, name: string, target: SpanTarget): FieldCheck<RecordSpan> {
  const { start, end, label, text } = fields;
  if (!isOffset(start))
    return { message: `${name} start must be a non-negative integer (got ${describeValue(start)})` };
  if (!isOffset(end)) return { message: `${name} end must be a non-negative integer (got ${describeValue(end)})` };
  if (typeof label !== 'string' || label.length === 0) {
    return { message: `${name} label must be a non-empty string (got ${describeValue(label)})` };
  }
  const labelProblem = loneSurrogateProblem(label);
  if (labelProblem !== null) return { message: `${name} label ${labelProblem}` };
  if (text !== undefined && typeof text !== 'string')
    return { message: `${name} text must be a string (got ${describeValue(text)})` };
  if (typeof text === 'string') target.survey?.tally(target.text, start, end, text);
  else target.survey?.tallyEdges(target.text, start, end);
  const place = target.locate(start, end);
  if ('problem' in place) return { message: `${name} ${place.problem}` };
  const found = target.text.slice(place.start16, place.end16);
  if (text !== undefined && text !== found) {
    return { message: `${name} quotes ${quote(text)} but the text at ${start}–${end} is ${quote(found)}` };
  }
  const index = target.index;
  return {
    value: { start: index.toCodePoint(place.start16), end: index.toCodePoint(place.end16), label, text: found },
  };
}
