/**
 * The feedback file a reviewer sends an annotator: JSONL whose first line is a header
 * `{"spanwright_feedback":1,"annotator","reviewer","created"}` and whose other lines are one of the
 * annotator's spans each, with what the review made of it:
 * `{"document_id","title","start","end","label","text","verdict","to","note","by","at"}`.
 * `to` is `{"start","end","label","text"}` for a changed span, else null; `note`, `by` and `at`
 * (an ISO date) are null where the review does not say. Offsets are code points.
 *
 * @see ../../../docs/formats.md
 */
import type { Verdict } from '../model/feedback';
import { describeValue, quote } from './errorMessages';
import type { NamedBlob } from './format';
import { readJsonlObjects } from './jsonlReader';
import { isJsonObject, type FormatError } from './records';

/** The key that opens the first line of a feedback file. */
export const FEEDBACK_MARKER_KEY = 'spanwright_feedback';
export const FEEDBACK_VERSION = 1;
/** At most this many problems are listed (the rest are counted). */
const MAX_LISTED_ERRORS = 50;

export interface FeedbackHeader {
  annotator: string;
  reviewer: string;
  /** ISO date. */
  created: string;
}

export interface FeedbackPlace {
  start: number;
  end: number;
  label: string;
  text: string;
}

/** One line of the file: one of the annotator's spans and its verdict. */
export interface FeedbackEntry extends FeedbackPlace {
  documentId: string;
  title: string;
  verdict: Verdict;
  to: FeedbackPlace | null;
  note: string | null;
  by: string | null;
  /** ISO date. */
  at: string | null;
}

/** The header line (no trailing newline). */
export function feedbackHeaderLine(header: FeedbackHeader): string {
  return JSON.stringify({
    [FEEDBACK_MARKER_KEY]: FEEDBACK_VERSION,
    annotator: header.annotator,
    reviewer: header.reviewer,
    created: header.created,
  });
}

function placeJson(place: FeedbackPlace): FeedbackPlace {
  return { start: place.start, end: place.end, label: place.label, text: place.text };
}

/** One span's line (no trailing newline), keys in the documented order. */
export function feedbackEntryLine(entry: FeedbackEntry): string {
  return JSON.stringify({
    document_id: entry.documentId,
    title: entry.title,
    ...placeJson(entry),
    verdict: entry.verdict,
    to: entry.to === null ? null : placeJson(entry.to),
    note: entry.note,
    by: entry.by,
    at: entry.at,
  });
}

type Check<T> = { value: T } | { message: string };

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function checkPlace(value: Record<string, unknown>, name: string): Check<FeedbackPlace> {
  const { start, end, label, text } = value;
  if (!isOffset(start))
    return { message: `${name}"start" must be a non-negative integer (got ${describeValue(start)})` };
  if (!isOffset(end) || end <= start)
    return { message: `${name}"end" must be an integer after "start" (got ${describeValue(end)})` };
  if (typeof label !== 'string' || label === '')
    return { message: `${name}"label" must be a non-empty string (got ${describeValue(label)})` };
  if (typeof text !== 'string') return { message: `${name}"text" must be a string (got ${describeValue(text)})` };
  return { value: { start, end, label, text } };
}

function nullableString(value: unknown, key: string): Check<string | null> {
  if (value === undefined || value === null) return { value: null };
  if (typeof value === 'string') return { value };
  return { message: `"${key}" must be a string or null (got ${describeValue(value)})` };
}

const VERDICTS: readonly Verdict[] = ['kept', 'changed', 'removed'];

/** Reads the header line's object. */
export function parseFeedbackHeader(value: Record<string, unknown>): Check<FeedbackHeader> {
  if (value[FEEDBACK_MARKER_KEY] !== FEEDBACK_VERSION)
    return {
      message: `not a Spanwright feedback file of version ${FEEDBACK_VERSION} (the first line must have "${FEEDBACK_MARKER_KEY}": ${FEEDBACK_VERSION})`,
    };
  const { annotator, reviewer, created } = value;
  if (typeof annotator !== 'string' || annotator === '')
    return { message: `"annotator" must name whose spans the feedback is on (got ${describeValue(annotator)})` };
  if (typeof reviewer !== 'string') return { message: `"reviewer" must be a string (got ${describeValue(reviewer)})` };
  if (typeof created !== 'string' || Number.isNaN(Date.parse(created)))
    return { message: `"created" must be an ISO date (got ${describeValue(created)})` };
  return { value: { annotator, reviewer, created } };
}

/** Reads one span line's object. */
export function parseFeedbackEntry(value: Record<string, unknown>): Check<FeedbackEntry> {
  const documentId = value.document_id;
  if (typeof documentId !== 'string' || documentId === '')
    return { message: `"document_id" must be a non-empty string (got ${describeValue(documentId)})` };
  const place = checkPlace(value, '');
  if ('message' in place) return place;
  const verdict = VERDICTS.find((candidate) => candidate === value.verdict);
  if (!verdict)
    return { message: `"verdict" must be "kept", "changed" or "removed" (got ${describeValue(value.verdict)})` };
  let to: FeedbackPlace | null = null;
  if (value.to !== undefined && value.to !== null) {
    if (!isJsonObject(value.to))
      return {
        message: `"to" must be an object {"start", "end", "label", "text"} or null (got ${describeValue(value.to)})`,
      };
    const checked = checkPlace(value.to, '"to" ');
    if ('message' in checked) return checked;
    to = checked.value;
  }
  if (verdict === 'changed' && to === null) return { message: 'a "changed" span must say what it changed "to"' };
  const title = nullableString(value.title, 'title');
  const note = nullableString(value.note, 'note');
  const by = nullableString(value.by, 'by');
  const at = nullableString(value.at, 'at');
  for (const check of [title, note, by, at]) if ('message' in check) return check;
  if ('value' in at && at.value !== null && Number.isNaN(Date.parse(at.value)))
    return { message: `"at" must be an ISO date or null (got ${quote(at.value)})` };
  return {
    value: {
      documentId,
      title: 'value' in title ? (title.value ?? documentId) : documentId,
      ...place.value,
      verdict,
      to,
      note: 'value' in note ? note.value : null,
      by: 'value' in by ? by.value : null,
      at: 'value' in at ? at.value : null,
    },
  };
}

/** A feedback file as read: the header and the entries, each with its line. */
export interface FeedbackFile {
  header: FeedbackHeader;
  entries: { line: number; entry: FeedbackEntry }[];
}

/**
 * Reads and checks a feedback file, streamed; nothing is stored. Answers with its header and
 * entries, or with every problem found (line-numbered; the first 50 listed, all counted).
 */
export async function readFeedbackFile(
  file: NamedBlob,
): Promise<{ value: FeedbackFile } | { errors: FormatError[]; errorCount: number }> {
  const errors: FormatError[] = [];
  let errorCount = 0;
  const fail = (line: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line, message });
  };
  let header: FeedbackHeader | null = null;
  let sawFirst = false;
  const entries: FeedbackFile['entries'] = [];
  for await (const item of readJsonlObjects(file)) {
    if ('error' in item) {
      fail(item.error.line, item.error.message);
      continue;
    }
    const parsed = item.object;
    if (!sawFirst) {
      sawFirst = true;
      const checked = parseFeedbackHeader(parsed);
      if ('message' in checked) {
        fail(item.lineNumber, checked.message);
        break;
      }
      header = checked.value;
      continue;
    }
    const checked = parseFeedbackEntry(parsed);
    if ('message' in checked) fail(item.lineNumber, checked.message);
    else entries.push({ line: item.lineNumber, entry: checked.value });
  }
  if (!sawFirst) fail(0, 'the file is empty');
  if (errorCount > 0 || header === null)
    return { errors: errors.sort((left, right) => left.line - right.line), errorCount };
  return { value: { header, entries } };
}
