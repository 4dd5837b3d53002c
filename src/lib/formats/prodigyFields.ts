/** Checks of a Prodigy task's own top-level fields: its hashes, its annotator and its answer. */
import type { Status } from '../model/types';
import { describeValue } from './errorMessages';
import type { FieldCheck } from './validation';

const STATUS_OF_ANSWER = new Map<unknown, Status>([
  ['accept', 'done'],
  ['reject', 'skipped'],
  ['ignore', 'skipped'],
]);

/** A hash: an integer (as Prodigy writes them) or a non-empty string. */
export function checkHash(value: unknown, field: string): FieldCheck<number | string | undefined> {
  if (value === undefined || (typeof value === 'string' && value.length > 0)) return { value };
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { value };
  return { message: `"${field}" must be an integer or a string (got ${describeValue(value)})` };
}

/** `_annotator_id`, else `_session_id`: a non-empty string when present. */
export function checkAnnotatorId(source: Record<string, unknown>): FieldCheck<string | null> {
  for (const field of ['_annotator_id', '_session_id']) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > 0) return { value };
    return { message: `"${field}" must be a non-empty string (got ${describeValue(value)})` };
  }
  return { value: null };
}

export function checkAnswer(value: unknown): FieldCheck<Status | null> {
  if (value === undefined || value === null) return { value: null };
  const status = STATUS_OF_ANSWER.get(value);
  if (status !== undefined) return { value: status };
  return { message: `"answer" must be "accept", "reject" or "ignore" (got ${describeValue(value)})` };
}
