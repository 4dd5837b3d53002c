/**
 * A Prodigy span's token indices read against the task's `tokens` (each `{"start", "end"}` in
 * characters, `token_end` inclusive): the character offsets of a span that gives only the indices,
 * and whether indices and offsets name different characters where it gives both.
 */

const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The characters a token at `index` of `tokens` covers, or null. */
function tokenAt(tokens: unknown, index: unknown): { start: number; end: number } | null {
  if (!Array.isArray(tokens) || !isIndex(index) || index >= tokens.length) return null;
  const token: unknown = tokens[index];
  if (typeof token !== 'object' || token === null) return null;
  const { start, end } = token as { start?: unknown; end?: unknown };
  return isIndex(start) && isIndex(end) ? { start, end } : null;
}

/** `span`'s offsets by its tokens, and whether they disagree with its own; null without readable token indices. */
export function spanTokens(
  span: { start?: unknown; end?: unknown; token_start?: unknown; token_end?: unknown },
  tokens: unknown,
): { start: number; end: number; disagree: boolean } | null {
  const first = tokenAt(tokens, span.token_start);
  const last = tokenAt(tokens, span.token_end);
  if (first === null || last === null || last.end < first.start) return null;
  const given = span.start !== undefined || span.end !== undefined;
  return {
    start: first.start,
    end: last.end,
    disagree: given && (span.start !== first.start || span.end !== last.end),
  };
}

/**
 * Why a span that gives token indices but no character offsets cannot be placed by them (an index past
 * the task's tokens, or none given), or null when it gives offsets or its tokens place it.
 */
export function tokensProblem(
  span: { start?: unknown; end?: unknown; token_start?: unknown; token_end?: unknown },
  tokens: unknown,
): string | null {
  if (span.start !== undefined || span.end !== undefined) return null;
  if (span.token_start === undefined && span.token_end === undefined) return null;
  if (spanTokens(span, tokens) !== null) return null;
  const count = Array.isArray(tokens) ? tokens.length : 0;
  const had = count === 0 ? 'the task gives no "tokens"' : `the task has ${count} ${count === 1 ? 'token' : 'tokens'}`;
  const given = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));
  return `gives no "start" and "end", and its "token_start" (${given(span.token_start)}) and "token_end" (${given(span.token_end)}) name no run of the task's tokens (${had}, counted from 0)`;
}
