/**
 * Strings a file gives that are not valid Unicode: a JSON `\ud83d` escape without its other half
 * parses into a lone surrogate, which JavaScript keeps but Python cannot encode (`str.encode`
 * raises), so every tool downstream of an export would fail on it. The readers refuse such a
 * string, naming where it is.
 *
 * @see https://www.unicode.org/glossary/#surrogate_code_point
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-8.2
 */
import { quote } from './errorMessages';
import type { SourceItem } from './format';
import { isJsonObject, MAX_JSON_DEPTH, type AnnotatedRecord } from './records';

/** A surrogate code unit that is not half of a pair (in `u` mode a pair is one code point, never `Cs`). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why `text` is not valid Unicode, as the end of a message ("holds a lone surrogate (U+D83D) at
 * character 4: not valid Unicode", counting code points from 0, as offsets do); null when it is.
 */
export function loneSurrogateProblem(text: string): string | null {
  const found = LONE_SURROGATE.exec(text);
  if (!found) return null;
  const unit = found[0].charCodeAt(0).toString(16).toUpperCase();
  const at = [...text.slice(0, found.index)].length;
  return `holds a lone surrogate (U+${unit}) at character ${at}: not valid Unicode`;
}

/**
 * The first string in a parsed JSON value (a key or a value, at any depth) that is not valid
 * Unicode, as a message naming where it is (`under "source" → "name"`); null when there is none.
 * For values already sanitized (`sanitizeJson`: at most `MAX_JSON_DEPTH` deep); deeper is not looked into.
 */
export function loneSurrogateIn(value: unknown, path: readonly string[] = []): string | null {
  if (typeof value === 'string') {
    const problem = loneSurrogateProblem(value);
    return problem === null ? null : `${path.length > 0 ? `under ${path.join(' → ')} ` : ''}${problem}`;
  }
  if (path.length > MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = loneSurrogateIn(value[index], [...path, `item ${index + 1}`]);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isJsonObject(value)) return null;
  for (const key of Object.keys(value)) {
    const inKey = loneSurrogateProblem(key);
    if (inKey !== null) return `${path.length > 0 ? `under ${path.join(' → ')} ` : ''}a key ${inKey}`;
    const found = loneSurrogateIn(value[key], [...path, quote(key)]);
    if (found !== null) return found;
  }
  return null;
}

/** Why `record` holds a string that is not valid Unicode (its id, annotator, text, a label or its metadata); null when none. */
function recordProblem(record: AnnotatedRecord): string | null {
  for (const [field, value] of [
    ['"id"', record.id],
    ['"annotator"', record.annotator ?? ''],
    ['the text', record.text],
  ] as const) {
    const problem = loneSurrogateProblem(value);
    if (problem !== null) return `${field} ${problem}`;
  }
  for (const [position, span] of record.spans.entries()) {
    const problem =
      loneSurrogateIn([span.label, span.note ?? '', span.source ?? '']) ??
      loneSurrogateIn(span.origin ?? null, ['"origin"']);
    if (problem !== null) return `span ${position + 1} ${problem.replace(/^under item \d+ /u, '')}`;
  }
  const inMeta = loneSurrogateIn(record.meta);
  return inMeta === null ? null : `the metadata ${inMeta}`;
}

/**
 * The items of `items` with every record that holds a string that is not valid Unicode refused,
 * naming its line: the readers check the text, labels and metadata as they read them, and this
 * catches what a reader takes from elsewhere (a Label Studio `completed_by`, a Prodigy `_annotator_id`).
 */
export async function* refuseLoneSurrogates(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  for await (const item of items) {
    const problem = 'record' in item ? recordProblem(item.record) : null;
    if (problem === null || !('record' in item)) yield item;
    else yield { error: { line: item.line, message: problem } };
  }
}
