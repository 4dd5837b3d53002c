/**
 * What each row of a backup must be, as valibot schemas: a restore validates every row into its
 * type before anything is stored, and a row that is not one is refused with its line and why.
 *
 * @see https://valibot.dev/guides/schemas/
 */
import * as v from 'valibot';
import { STATUSES } from '../model/types';
import { COUNT, spanEntries, TIME } from '../formats/spanSchemas';
import { loneSurrogateIn } from '../formats/unicodeText';

// Every string of a row is also checked for valid Unicode, at any depth, once it parses (validateRow).
const text = v.string();
const name = v.pipe(v.string(), v.nonEmpty('must not be empty'));
const count = COUNT;
const time = TIME;
const json = v.record(v.string(), v.unknown());

export const DOCUMENT_ROW = v.object({
  id: name,
  title: text,
  text,
  source: text,
  meta: json,
  order: v.pipe(v.number(), v.finite()),
  created: time,
  // Computed again on restore: a backup's own fingerprint is not trusted.
  fingerprint: v.optional(v.string()),
});

export const SPAN_ROW = v.pipe(
  v.object({ id: name, ...spanEntries(name) }),
  v.check((span) => span.start < span.end, 'start must come before end'),
);

export const LABEL_ROW = v.object({
  name,
  colour: v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/iu, 'must be a colour like #1f5fbf')),
  hotkey: v.pipe(v.string(), v.maxLength(1, 'must be one key or none')),
  description: text,
  order: v.pipe(v.number(), v.finite()),
});

export const STATUS_ROW = v.object({
  annotator: name,
  documentId: name,
  status: v.picklist(STATUSES, `must be one of ${STATUSES.join(', ')}`),
  spanCount: count,
  labels: v.array(v.string()),
  updated: time,
  finished: v.optional(time),
  revision: v.optional(v.string()),
});

export const SETTING_ROW = v.object({ key: name, value: v.unknown() });

/** A suggestion waiting in someone's suggestion layer (model/types.ts `Suggestion`). */
export const SUGGESTION_ROW = v.pipe(
  v.object({
    id: name,
    documentId: name,
    annotator: name,
    start: count,
    end: count,
    label: name,
    text,
    source: text,
    created: time,
  }),
  v.check((suggestion) => suggestion.start < suggestion.end, 'start must come before end'),
);

/** The schema of each table a backup holds. */
export const ROW_SCHEMAS = {
  documents: DOCUMENT_ROW,
  spans: SPAN_ROW,
  labels: LABEL_ROW,
  statuses: STATUS_ROW,
  settings: SETTING_ROW,
  suggestions: SUGGESTION_ROW,
} as const;

export type BackupTable = keyof typeof ROW_SCHEMAS;

/** `row` as a row of `table`, or why it is not one ("span: end must be a whole number"). */
export function validateRow<T extends BackupTable>(
  table: T,
  row: unknown,
): { value: v.InferOutput<(typeof ROW_SCHEMAS)[T]> } | { message: string } {
  const result = v.safeParse(ROW_SCHEMAS[table], row);
  const noun = {
    documents: 'a document',
    spans: 'a span',
    labels: 'a label',
    statuses: 'a status',
    settings: 'a setting',
    suggestions: 'a suggestion',
  }[table];
  if (result.success) {
    // Every string of the row, at any depth (meta, a note, an origin, a setting's value), is valid Unicode.
    const lone = loneSurrogateIn(result.output);
    return lone === null ? { value: result.output } : { message: `${noun}'s ${lone.replace(/^under /u, '')}` };
  }
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  // A message given in the schema says it plainly; valibot's own ("Invalid type: …") less so, and
  // for an absent field ("Invalid key: Expected "colour" but received undefined") not at all.
  const why = issue.message.startsWith('Invalid key:')
    ? 'is missing'
    : issue.message.startsWith('Invalid ')
      ? `must be ${issue.expected} (got ${issue.received})`
      : issue.message;
  return { message: `${noun}${path ? `'s "${path}"` : ''} ${why}` };
}
