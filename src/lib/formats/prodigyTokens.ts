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
