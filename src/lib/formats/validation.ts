/**
 * Checks shared by every format: record fields (id, text, annotator, status) and spans. Each check
 * answers with the typed value or a user-facing reason; the format adds the line number.
 */
import { CodePointIndex } from '../model/offsets';
import { STATUSES, type Status } from '../model/types';
import { describeValue, quote } from './errorMessages';
import {
  isForbiddenKey,
  isJsonObject,
  MAX_JSON_DEPTH,
  readId,
  sanitizeJson,
  type FormatError,
  type OffsetUnit,
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
  if (id !== null) return { value: id };
  if (value === '') return { message: '"id" is empty' };
  return { message: `"id" must be a string or number (got ${describeValue(value)})` };
}

/** A document text: a non-empty string, kept exactly as it is. `field` names it, e.g. `"data.text"`. */
export function checkText(value: unknown, field = '"text"'): FieldCheck<string> {
  if (value === undefined || value === '') return { message: `${field} is missing or empty` };
  if (typeof value !== 'string') return { message: `${field} must be a string (got ${describeValue(value)})` };
  return { value };
}

/** An annotator: a non-empty string, or null/absent for "the file does not say". */
export function checkAnnotator(value: unknown): FieldCheck<string | null> {
  if (value === undefined || value === null) return { value: null };
  if (typeof value === 'string' && value.length > 0) return { value };
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
    meta[key] = copy;
  }
  return { value: meta };
}

/** The text spans are checked against, indexed once per record, and the unit the file counts in. */
export class SpanTarget {
  readonly index: CodePointIndex;

  constructor(
    readonly text: string,
    readonly unit: OffsetUnit = 'codepoint',
  ) {
    this.index = new CodePointIndex(text);
  }

  /** Length of the text in the file's unit. */
  get length(): number {
    return this.unit === 'utf16' ? this.index.utf16Length : this.index.codePointLength;
  }

  get unitName(): string {
    return this.unit === 'utf16' ? 'UTF-16 code units' : 'code points';
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
 * Validates one span against its record's text: integer offsets with 0 ≤ start < end ≤ length
 * (in the file's unit, never inside a surrogate pair), a non-empty string label, and quoted text
 * equal to the text at the offsets. Answers with the span in code points. `name` is how messages
 * call it, e.g. `span 2`.
 */
export function checkSpan(fields: SpanFields, name: string, target: SpanTarget): FieldCheck<RecordSpan> {
  const { start, end, label, text } = fields;
  if (!isOffset(start))
    return { message: `${name} start must be a non-negative integer (got ${describeValue(start)})` };
  if (!isOffset(end)) return { message: `${name} end must be a non-negative integer (got ${describeValue(end)})` };
  if (typeof label !== 'string' || label.length === 0) {
    return { message: `${name} label must be a non-empty string (got ${describeValue(label)})` };
  }
  if (start >= end) return { message: `${name} has start ${start} ≥ end ${end}` };
  if (end > target.length) {
    return { message: `${name} ends at ${end} but the text has ${target.length} characters (${target.unitName})` };
  }
  const { index } = target;
  let startUtf16 = start;
  let endUtf16 = end;
  let startCodePoint = start;
  let endCodePoint = end;
  if (target.unit === 'utf16') {
    for (const offset of [start, end]) {
      if (!index.isBoundary(offset))
        return {
          message: `${name} offset ${offset} falls inside a surrogate pair (an emoji or other astral character)`,
        };
    }
    startCodePoint = index.toCodePoint(start);
    endCodePoint = index.toCodePoint(end);
  } else {
    startUtf16 = index.toUtf16(start);
    endUtf16 = index.toUtf16(end);
  }
  const found = target.text.slice(startUtf16, endUtf16);
  if (text !== undefined && text !== found) {
    if (typeof text !== 'string') return { message: `${name} text must be a string (got ${describeValue(text)})` };
    return { message: `${name} quotes ${quote(text)} but the text at ${start}–${end} is ${quote(found)}` };
  }
  return { value: { start: startCodePoint, end: endCodePoint, label, text: found } };
}
