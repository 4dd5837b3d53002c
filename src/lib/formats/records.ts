/**
 * What every file format reads and writes: one document plus one annotator's layer of spans,
 * and the shared rules for ids, titles and metadata.
 */
import type { SpanOrigin, Status } from '../model/types';
import { textFingerprint } from '../model/fingerprint';
import { titleFromText } from '../model/title';

/** A span as it travels in a file: code point offsets, end exclusive, with its quoted text. */
export interface RecordSpan {
  start: number;
  end: number;
  label: string;
  text: string;
  /** The annotator's note on the span, where the format carries one (absent: none). */
  note?: string;
  /** Where an accepted suggestion came from (`propagated`, `near-duplicate:<id>`, …), where the format carries it. */
  source?: string;
  /** For a gold span: the review decision that put it there, where the format carries it (native `meta.origin`). */
  origin?: SpanOrigin;
  /** Marked as an example of its label (the guidelines quote it), where the format carries it (native `meta.example`). */
  example?: true;
}

/** One document plus one annotator's layer, as read from or written to a file. */
export interface AnnotatedRecord {
  /** Document id (for `.txt`: the file name without its extension). */
  id: string;
  /** The exact text, never trimmed or normalised. */
  text: string;
  /**
   * `meta.title` if it is a non-empty string, else `titleFromText(text, id)`. Files carry a title
   * only as `meta.title`: the serializers write `meta`, never this field.
   */
  title: string;
  /** Null when the file does not say. */
  annotator: string | null;
  status: Status | null;
  /** In reading order (`model/spanOrder.ts`). */
  spans: RecordSpan[];
  /** Sanitized: no `__proto__`, `constructor` or `prototype` keys at any depth. */
  meta: Record<string, unknown>;
  /**
   * True when the format gives tokens, not the text's spacing, so the text was rebuilt from them
   * (Hugging Face, CoNLL): such a record lands on a stored document of its id, or else on one no
   * other record takes, whose text differs only in white space, its spans moved onto that text
   * (`respaced.ts`, `placement.ts`).
   */
  tokensOnly?: true;
  /**
   * True for a model's predictions on a task a person annotated too (Label Studio): "Put every span into my
   * layer" leaves them in their own layer, never joined with that person's finished work (`skippedApart.ts`).
   */
  besidePeople?: true;
}

/** A reason a file (or one line of it) was refused. */
export interface FormatError {
  /** 1-based line number; 0 means the whole file. */
  line: number;
  message: string;
  /** The file the line is of, where an import reads several (a brat pair's `.ann`); absent: the import's own. */
  file?: string;
}

export type ParseResult<T> = { value: T } | { errors: FormatError[] };
export type FormatName =
  'native' | 'doccano' | 'labelstudio' | 'prodigy' | 'brat' | 'conll' | 'huggingface' | 'spacy' | 'webanno' | 'text';
/** How a file counts offsets: Unicode code points (Python `str`) or UTF-16 code units (JavaScript). */
export type { OffsetUnit } from './offsetReadings';

/** Keys that could reach `Object.prototype` when copied onto a plain object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper JSON than this is refused rather than copied recursively. */
export const MAX_JSON_DEPTH = 256;

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of a parsed JSON value without `__proto__`, `constructor` or `prototype` keys at any
 * depth; `undefined` (never a JSON value) when it nests deeper than {@link MAX_JSON_DEPTH}.
 */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = sanitizeJson(value[index], depth + 1);
      if (item === undefined) return undefined;
      copy[index] = item;
    }
    return copy;
  }
  if (!isJsonObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const item = sanitizeJson(value[key], depth + 1);
    if (item === undefined) return undefined;
    copy[key] = item;
  }
  return copy;
}

/** The record's title: `meta.title` when it is a non-empty string, else one taken from the text. */
export function recordTitle(text: string, id: string, meta: Record<string, unknown>): string {
  const title = meta.title;
  return typeof title === 'string' && title.length > 0 ? title : titleFromText(text, id);
}

/**
 * The id of a document whose file gives none: stable, so importing the same file again matches the
 * same documents (and another file with the same text lands on the same document).
 */
export function idFromText(text: string): string {
  return `text-${textFingerprint(text)}`;
}

/** A document id from a file: a non-empty string, or a finite number (stringified). */
export function readId(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * JSON for an id in formats whose tools number their items: `17` for "17", a string otherwise; always a string when
 * not `numbers` (an export whose ids are not all numbers: see WriteOptions.numericIds).
 */
export function writeNumericId(id: string, numbers = true): string {
  return numbers && CANONICAL_INTEGER.test(id) ? id : JSON.stringify(id);
}

/** Whether every one of `ids` is written as a number by {@link writeNumericId}. */
export function allNumericIds(ids: Iterable<string>): boolean {
  for (const id of ids) if (!CANONICAL_INTEGER.test(id)) return false;
  return true;
}
