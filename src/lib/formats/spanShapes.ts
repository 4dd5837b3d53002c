/**
 * Spans in the shapes other tools write them besides Spanwright's own `spans`: `[start, end, "label"]`
 * triples (doccano's `label`, spaCy v2's training `entities`) and objects with `start`/`end` (spaCy,
 * Prodigy) or `start_offset`/`end_offset` (doccano's relation projects) and a `label` (or, from Label
 * Studio's JSON-MIN export, a list of `labels`: a span for each). Shared by the
 * native and doccano readers, so a span in any of these shapes is read, never parked or dropped.
 *
 * @see https://doccano.github.io/doccano/tutorial/#export-dataset
 * @see https://spacy.io/usage/training#training-data (v2's `{"entities": [(start, end, label)]}`)
 * @see https://spacy.io/api/doc#to_json (v3's `{"text", "ents": [{"start", "end", "label"}], "spans": {"sc": […]}}`)
 */
import { describeValue } from './errorMessages';
import { isJsonObject, type RecordSpan } from './records';
import { checkSpan, isEmptySpan, type FieldCheck, type SpanFields, type SpanTarget } from './validation';

/** Keys under which a record may hold spans in another tool's shape (`spans` aside; `ents` is spaCy's `Doc.to_json`). */
export const OTHER_SPAN_KEYS = ['entities', 'ents', 'label', 'labels'] as const;

/** How {@link readSpanShapes} names things and what it does with what is not a span. */
export interface SpanShapeOptions {
  /** How messages call the item at `position` (0-based), e.g. `span 2` or `entities 2`. */
  name(position: number): string;
  /** A label as found (a doccano label id may be a number); the default keeps it as it is. */
  label?(raw: unknown): unknown;
  /** A plain string in the list: a label of the whole document (doccano text classification). */
  onDocumentLabel?(label: string): void;
  /** An empty span (start = end) at `position`, left out (without it, checked and refused as any other). */
  onEmpty?(name: string): void;
  /** The fields of an object item that are not read (spaCy's `kb_id`, an `id`), those with a value ("" and null carry none). */
  onOtherFields?(fields: string[]): void;
}

/** The fields of an object item a span is read from. */
const READ_FIELDS = new Set(['start', 'end', 'start_offset', 'end_offset', 'label', 'labels', 'text']);

/** The first of `keys` that `object` holds (undefined when none). */
function firstOf(object: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (object[key] !== undefined) return object[key];
  return undefined;
}

/**
 * The spans of `raw`, a list under `key`: each item a triple or an object as the module comment
 * says, checked against `target`; an item of no known shape is an error naming it. Not a list: one
 * error. A string item is a document label, given to `onDocumentLabel` (an error without it).
 */
export function readSpanShapes(
  raw: unknown,
  key: string,
  target: SpanTarget,
  options: SpanShapeOptions,
): FieldCheck<RecordSpan>[] {
  if (raw === undefined || raw === null) return [];
  const shapes = '[start, end, "label"] or {"start", "end", "label"}';
  if (!Array.isArray(raw)) return [{ message: `"${key}" must be an array of ${shapes} (got ${describeValue(raw)})` }];
  const label = options.label ?? ((value: unknown) => value);
  const checks: FieldCheck<RecordSpan>[] = [];
  raw.forEach((item: unknown, position) => {
    const name = options.name(position);
    if (typeof item === 'string' && options.onDocumentLabel) return options.onDocumentLabel(item);
    const empty = (fields: Omit<SpanFields, 'label'>) => !!options.onEmpty && isEmptySpan(fields, target);
    if (Array.isArray(item) && item.length === 3) {
      if (empty({ start: item[0], end: item[1] })) return options.onEmpty?.(name);
      checks.push(checkSpan({ start: item[0], end: item[1], label: label(item[2]) }, name, target));
    } else if (isJsonObject(item)) {
      const start = firstOf(item, ['start', 'start_offset']);
      const end = firstOf(item, ['end', 'end_offset']);
      if (empty({ start, end, text: item.text })) return options.onEmpty?.(name);
      const others = Object.keys(item).filter(
        (field) => !READ_FIELDS.has(field) && ![null, ''].includes(item[field] as null),
      );
      if (others.length > 0) options.onOtherFields?.(others);
      // Label Studio's JSON-MIN export gives a region's labels as a list ("labels": ["PER"]): a span for each.
      const labels =
        item.label === undefined && Array.isArray(item.labels) && item.labels.length > 0 ? item.labels : [item.label];
      for (const one of labels)
        checks.push(checkSpan({ start, end, label: label(one), text: item.text }, name, target));
    } else checks.push({ message: `${name} must be ${shapes} (got ${describeValue(item)})` });
  });
  return checks;
}
