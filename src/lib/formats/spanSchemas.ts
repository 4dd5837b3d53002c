/**
 * What a stored span must be, as valibot schemas shared by the two places that take spans from outside the app's
 * own writes: a backup's rows (`storage/backupRows.ts`) and a team member's shared layer (`sync/records.ts`). Each
 * passes the schema of a name it accepts (a backup takes any non-empty name; the team caps them).
 *
 * @see https://valibot.dev/guides/schemas/
 */
import * as v from 'valibot';

export const COUNT = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'));
export const TIME = v.pipe(v.number(), v.finite());

/** Where a gold span came from in the review (`Span.origin`). */
export const SPAN_ORIGIN = v.object({
  kind: v.picklist(['a', 'b', 'both', 'majority', 'others', 'agreed', 'edited', 'added', 'neither'] as const),
  annotators: v.array(v.string()),
  by: v.string(),
  at: TIME,
  note: v.optional(v.string()),
});

/** The entries of a span's schema, its id left out (a backup row has one, a shared layer keys by it). */
export function spanEntries<Name extends v.GenericSchema<unknown, string>>(name: Name) {
  return {
    documentId: name,
    annotator: name,
    start: COUNT,
    end: COUNT,
    label: name,
    text: v.string(),
    created: TIME,
    updated: TIME,
    note: v.optional(v.string()),
    origin: v.optional(SPAN_ORIGIN),
    feedback: v.optional(
      v.object({
        verdict: v.picklist(['kept', 'changed', 'removed'] as const),
        to: v.optional(v.array(v.object({ start: COUNT, end: COUNT, label: name }))),
        note: v.optional(v.string()),
        reviewer: v.string(),
        at: TIME,
      }),
    ),
    example: v.optional(v.literal(true)),
    source: v.optional(v.string()),
    imported: v.optional(v.literal(true)),
  };
}
