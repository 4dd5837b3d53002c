/**
 * Spanwright's own JSONL: one document and one annotator's layer per line,
 * `{"id","text","spans":[{"start","end","label","text","meta"?}],"annotator","status","meta"}`;
 * a span's `meta` is `{"note": …, "source": …, "origin": …, "example": true}`, each written only when the span has
 * it (`source`: where an accepted suggestion came from, e.g. `propagated`; `origin`: the review decision
 * that put a gold span there, `{"kind","annotators","by","at","note"?}`; `example`: marked as an example of its
 * label, which the guidelines quote).
 * `spans` is Prodigy's span shape (Prodigy reads the file as tasks; spaCy has no JSONL loader: see docs/formats.md).
 *
 * @see https://jsonlines.org/
 * @see https://prodi.gy/docs/api-interfaces#spans
 * @see ../../../docs/formats.md
 */
import { jsonLine } from './jsonLine';
import { CodePointIndex } from '../model/offsets';
import { sortSpans } from '../model/spanOrder';
import { spanKey } from '../model/spanIdentity';
import { describeValue, parseJson, quote } from './errorMessages';
import type { SpanOrigin } from '../model/types';
import type { FileFormat, SourceItem } from './format';
import { LossTally } from './jsonDocuments';
import { countEmpty, leftOutEmpty } from './emptySpans';
import { asReading, CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { readJsonlRecords } from './jsonlReader';
import { OTHER_SPAN_KEYS, readSpanShapes } from './spanShapes';
import {
  idFromText,
  isJsonObject,
  recordTitle,
  type AnnotatedRecord,
  type OffsetUnit,
  type ParseResult,
  type RecordSpan,
} from './records';
import {
  checkAnnotator,
  checkId,
  checkMeta,
  checkSpan,
  checkStatus,
  checkText,
  ErrorCollector,
  SpanTarget,
  type FieldCheck,
} from './validation';

const ASTRAL_CHARACTER = /[\u{10000}-\u{10FFFF}]/u;
const RECORD_KEYS = new Set(['id', 'text', 'spans', 'annotator', 'status', 'meta']);
const ORIGIN_KINDS: readonly SpanOrigin['kind'][] = [
  'a',
  'b',
  'both',
  'majority',
  'others',
  'agreed',
  'edited',
  'added',
  'neither',
];
const isOriginKind = (value: unknown): value is SpanOrigin['kind'] => ORIGIN_KINDS.some((kind) => kind === value);
const OTHER_FIELDS =
  'Spanwright keeps a span’s offsets, label and text, not its other fields (spaCy’s kb_id, an id, a score)';
const IN_GROUPS =
  'they are read as the layer’s spans, beside those of "ents": which group each was in is not kept (a span in both lists is one span)';
const OTHER_SHAPES_NOTE = (records: number) =>
  `${records.toLocaleString('en')} ${records === 1 ? 'record gives' : 'records give'} spans under "entities", "ents", "label" or "labels", ` +
  'or span groups under "spans" (spaCy and doccano shapes): they are read as spans, as those under "spans" are.';

/**
 * What a native file holds besides its records, counted across the file: spans given in another
 * tool's shape (said in a note), document labels and the top-level fields a record with `meta` does not
 * read (counted as left out).
 */
export class NativeTally extends LossTally {
  /** Records that gave spans under `entities`, `label` or `labels`. */
  otherShapes = 0;

  override items(): SourceItem[] {
    if (this.otherShapes > 0) this.note(OTHER_SHAPES_NOTE(this.otherShapes));
    return super.items();
  }
}

/**
 * Reads one line of native JSONL. Offsets count code points unless `unit` is `'utf16'`.
 * Missing `spans`, `meta`, `annotator` and `status` mean none. Spans are read from `spans` and, in
 * the shapes `spanShapes.ts` reads, from `entities`, `label` and `labels` lists (a string in such a
 * list is a document label, counted in `tally` as left out). When `meta` is absent, other top-level
 * keys become the meta (a plain `{"id","text",...}` file keeps its extra fields); when `meta` is
 * present, they are not read, and `tally` counts and names them. Span keys other than start, end,
 * label, text and meta (`token_start`, …) are ignored, and so are keys of a span's meta other than
 * `note`, `source` and `origin` (a gold span's review decision).
 */
export function parseNativeLine(
  line: string,
  lineNumber: number,
  offsets: OffsetReading | OffsetUnit = CODE_POINTS,
  survey: ReadingSurvey | null = null,
  tally: NativeTally = new NativeTally(),
): ParseResult<AnnotatedRecord> {
  const parsed = parseJson(line);
  if ('message' in parsed) return { errors: [{ line: lineNumber, message: parsed.message }] };
  const source = parsed.value;
  if (!isJsonObject(source)) {
    return {
      errors: [
        { line: lineNumber, message: `expected a JSON object {"id", "text", …} (got ${describeValue(source)})` },
      ],
    };
  }

  const errors = new ErrorCollector(lineNumber);
  const textCheck = checkText(source.text);
  const text = errors.take(textCheck, '');
  // Ids are never required: a record without one gets one from its text, the same every time.
  const id = source.id === undefined ? idFromText(text) : errors.take(checkId(source.id), '');
  const annotator = errors.take(checkAnnotator(source.annotator), null);
  const status = errors.take(checkStatus(source.status), null);
  // Lists under another tool's span keys are spans; anything else under those keys is an ordinary field.
  const otherKeys = OTHER_SPAN_KEYS.filter((key) => Array.isArray(source[key]));
  const read = new Set([...RECORD_KEYS, ...otherKeys]);
  const meta = errors.take(source.meta === undefined ? checkMeta(source, '"meta"', read) : checkMeta(source.meta), {});
  if (source.meta !== undefined) {
    for (const key of Object.keys(source).filter((field) => !read.has(field)))
      tally.add(
        'top-level fields beside "meta"',
        'a record with "meta" keeps its metadata there; other top-level fields are not read',
        lineNumber,
        1,
        JSON.stringify(key),
      );
  }

  const spans: RecordSpan[] = [];
  // spaCy's Doc.to_json gives span groups as an object of lists ({"sc": [{"start", "end", "label"}]}).
  const groups = spanGroups(source.spans);
  const rawSpans = groups ? [] : (source.spans ?? []);
  if (!Array.isArray(rawSpans))
    errors.add(`"spans" must be an array, or spaCy's span groups {"sc": […]} (got ${describeValue(rawSpans)})`);
  if ('value' in textCheck) {
    const target = new SpanTarget(text, asReading(offsets), survey);
    const empty = (name: string) => countEmpty(tally, lineNumber, name);
    if (Array.isArray(rawSpans))
      rawSpans.forEach((raw: unknown, position) => {
        const name = `span ${position + 1}`;
        if (
          isJsonObject(raw) &&
          leftOutEmpty({ start: raw.start, end: raw.end, text: raw.text }, target, tally, lineNumber, name)
        )
          return;
        const span = nativeSpan(raw, name, target);
        if ('message' in span) errors.add(span.message);
        else spans.push(span.value);
      });
    // Said once per record that gives spans this way: a list of plain strings is document labels only (counted as such).
    let otherShapes = false;
    const lists: [string, unknown][] = [
      ...otherKeys.map((key): [string, unknown] => [key, source[key]]),
      ...Object.entries(groups ?? {}).map(([group, list]): [string, unknown] => [`spans.${group}`, list]),
    ];
    // The spans of the lists before: a span repeated within one list is the file's repeat (said on the card).
    const before = new Set(spans.map(spanKey));
    for (const [key, list] of lists) {
      const these = new Set<string>();
      const checks = readSpanShapes(list, key, target, {
        name: (position) => `"${key}" span ${position + 1}`,
        onEmpty: empty,
        onOtherFields: (fields) => {
          for (const field of fields) tally.add(`spans’ ${JSON.stringify(field)} values`, OTHER_FIELDS, lineNumber);
        },
        onDocumentLabel: (label) =>
          tally.add(
            'document labels',
            'Spanwright labels spans of text, not whole documents',
            lineNumber,
            1,
            quote(label),
          ),
      });
      if (checks.length > 0) otherShapes = true;
      const group = key.startsWith('spans.') ? key.slice('spans.'.length) : null;
      const grouped = checks.filter((check) => 'value' in check).length;
      if (group !== null && grouped > 0)
        tally.add('spans of spaCy span groups', IN_GROUPS, lineNumber, grouped, quote(group));
      for (const check of checks) {
        if ('message' in check) errors.add(check.message);
        // The same span in two lists (spaCy's ents and a span group mirroring them) is one span.
        else if (!before.has(spanKey(check.value))) {
          these.add(spanKey(check.value));
          spans.push(check.value);
        }
      }
      for (const one of these) before.add(one);
    }
    if (otherShapes) tally.otherShapes++;
  }

  if (errors.errors.length > 0) return { errors: errors.errors };
  return { value: { id, text, title: recordTitle(text, id, meta), annotator, status, spans: sortSpans(spans), meta } };
}

/** spaCy's span groups: `spans` as an object whose every value is a list (null for anything else). */
function spanGroups(value: unknown): Record<string, unknown[]> | null {
  if (!isJsonObject(value) || Object.keys(value).length === 0) return null;
  if (!Object.values(value).every((list) => Array.isArray(list))) return null;
  return value as Record<string, unknown[]>;
}

/** One item of `spans`: the span, with its meta's note, source, origin and example mark when it has them. */
function nativeSpan(raw: unknown, name: string, target: SpanTarget): FieldCheck<RecordSpan> {
  if (!isJsonObject(raw))
    return { message: `${name} must be an object {"start", "end", "label", "text"} (got ${describeValue(raw)})` };
  const span = checkSpan({ start: raw.start, end: raw.end, label: raw.label, text: raw.text }, name, target);
  if ('message' in span) return span;
  const note = spanMetaText(raw.meta, 'note', name);
  if (typeof note === 'object') return note;
  const from = spanMetaText(raw.meta, 'source', name);
  if (typeof from === 'object') return from;
  const origin = isJsonObject(raw.meta) ? spanOrigin(raw.meta.origin, name) : { value: undefined };
  if ('message' in origin) return origin;
  const example = isJsonObject(raw.meta) ? raw.meta.example : undefined;
  if (example !== undefined && example !== null && typeof example !== 'boolean')
    return { message: `${name} meta.example must be true or false (got ${describeValue(example)})` };
  return {
    value: {
      ...span.value,
      ...(note === undefined ? {} : { note }),
      ...(from === undefined ? {} : { source: from }),
      ...(origin.value === undefined ? {} : { origin: origin.value }),
      ...(example === true ? { example: true as const } : {}),
    },
  };
}

/** A span's `meta.origin` (absent: undefined): the review decision that put a gold span there. */
function spanOrigin(value: unknown, name: string): FieldCheck<SpanOrigin | undefined> {
  if (value === undefined || value === null) return { value: undefined };
  const shape = '{"kind", "annotators", "by", "at"}';
  if (!isJsonObject(value))
    return { message: `${name} meta.origin must be an object ${shape} (got ${describeValue(value)})` };
  const { kind, annotators, by, at, note } = value;
  if (!isOriginKind(kind))
    return {
      message: `${name} meta.origin.kind must be one of ${ORIGIN_KINDS.join(', ')} (got ${describeValue(kind)})`,
    };
  if (!Array.isArray(annotators) || !annotators.every((item) => typeof item === 'string'))
    return { message: `${name} meta.origin.annotators must be an array of names (got ${describeValue(annotators)})` };
  if (typeof by !== 'string') return { message: `${name} meta.origin.by must be a string (got ${describeValue(by)})` };
  if (typeof at !== 'number' || !Number.isFinite(at))
    return { message: `${name} meta.origin.at must be a time in milliseconds (got ${describeValue(at)})` };
  if (note !== undefined && typeof note !== 'string')
    return { message: `${name} meta.origin.note must be a string (got ${describeValue(note)})` };
  const origin: SpanOrigin = { kind, annotators: annotators.map(String), by, at };
  return { value: note === undefined ? origin : { ...origin, note } };
}

/** A text field (`note`, `source`) of a span's `meta` (absent or empty: undefined), or why it cannot be read. */
function spanMetaText(meta: unknown, key: 'note' | 'source', name: string): string | undefined | { message: string } {
  if (meta === undefined || meta === null) return undefined;
  if (!isJsonObject(meta)) return { message: `${name} meta must be an object (got ${describeValue(meta)})` };
  const value = meta[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    return { message: `${name} meta.${key} must be a string (got ${describeValue(value)})` };
  return value;
}

/**
 * One native JSONL line (no trailing newline) with keys in the order id, text, spans, annotator,
 * status, meta. Written by hand rather than through an intermediate object: exports of large
 * corpora must stay close to the cost of a plain `JSON.stringify`.
 */
export function serializeNative(record: AnnotatedRecord, unit: OffsetUnit): string {
  const spans = sortSpans(record.spans);
  // Offsets differ between the units only after an astral character; the regular expression finds
  // out an order of magnitude faster than indexing, and most texts have none.
  const index =
    unit === 'utf16' && spans.length > 0 && ASTRAL_CHARACTER.test(record.text) ? new CodePointIndex(record.text) : null;
  let spansJson = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    const start = index === null ? span.start : index.toUtf16(span.start);
    const end = index === null ? span.end : index.toUtf16(span.end);
    const meta = span.note || span.source || span.origin || span.example ? `,"meta":${spanMeta(span)}` : '';
    spansJson += `${position === 0 ? '' : ','}{"start":${start},"end":${end},"label":${JSON.stringify(span.label)},"text":${JSON.stringify(span.text)}${meta}}`;
  }
  return (
    `{"id":${JSON.stringify(record.id)},"text":${JSON.stringify(record.text)},"spans":[${spansJson}],` +
    `"annotator":${nullableString(record.annotator)},"status":${nullableString(record.status)},"meta":${JSON.stringify(record.meta)}}`
  );
}

/** A span's meta: its note, source, origin and example mark, each only when it has one. */
function spanMeta(span: RecordSpan): string {
  const parts: string[] = [];
  if (span.note) parts.push(`"note":${JSON.stringify(span.note)}`);
  if (span.source) parts.push(`"source":${JSON.stringify(span.source)}`);
  if (span.origin) parts.push(`"origin":${originJson(span.origin)}`);
  if (span.example) parts.push('"example":true');
  return `{${parts.join(',')}}`;
}

/** A gold span's origin, keys in a fixed order (kind, annotators, by, at, note when it has one). */
function originJson({ kind, annotators, by, at, note }: SpanOrigin): string {
  return JSON.stringify(note === undefined ? { kind, annotators, by, at } : { kind, annotators, by, at, note });
}

function nullableString(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** Spanwright's own JSONL: carries everything, in code points or (on request) UTF-16 code units. */
export const nativeFormat: FileFormat = {
  id: 'native',
  name: 'Spanwright JSONL',
  detail: 'Prodigy-shaped spans',
  extension: 'jsonl',
  mime: 'application/jsonl',
  units: ['codepoint', 'utf16'],
  offsets: true,
  carries: {
    predictions: true,
    annotator: true,
    status: true,
    meta: true,
    spans: true,
    documents: true,
    spanNotes: true,
    spanSources: true,
    spanOrigins: true,
    spanExamples: true,
  },
  // `spans` names the format; a first record with only a text (and id, meta…) is a corpus to label.
  detect: ({ first, keys, complete }) =>
    first !== '{' ? 0 : keys.includes('spans') ? 2 : keys.includes('text') && complete ? 1 : 0,
  async *read(file, { reading, survey, onBytes }) {
    const tally = new NativeTally();
    yield* readJsonlRecords(
      file,
      (line, lineNumber) => parseNativeLine(line, lineNumber, reading, survey ?? null, tally),
      onBytes,
    );
    yield* tally.items();
  },
  *write(records, { unit }) {
    for (const record of records) yield `${jsonLine(serializeNative(record, unit))}\n`;
  },
};
