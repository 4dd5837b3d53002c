/**
 * Spanwright's own JSONL: one document and one annotator's layer per line,
 * `{"id","text","spans":[{"start","end","label","text","meta"?}],"annotator","status","meta"}`;
 * a span's `meta` is `{"note": …, "source": …}`, each written only when the span has it (`source`: where
 * an accepted suggestion came from, e.g. `propagated`).
 * `spans` is the spaCy/Prodigy span shape, so the files load in those tools as they are.
 *
 * @see https://jsonlines.org/
 * @see https://prodi.gy/docs/api-interfaces#spans
 * @see ../../../docs/formats.md
 */
import { CodePointIndex } from '../model/offsets';
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson } from './errorMessages';
import type { FileFormat } from './format';
import { asReading, CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { readJsonlRecords } from './jsonlReader';
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
} from './validation';

const ASTRAL_CHARACTER = /[\u{10000}-\u{10FFFF}]/u;
const RECORD_KEYS = new Set(['id', 'text', 'spans', 'annotator', 'status', 'meta']);

/**
 * Reads one line of native JSONL. Offsets count code points unless `unit` is `'utf16'`.
 * Missing `spans`, `meta`, `annotator` and `status` mean none; when `meta` is absent, unknown
 * top-level keys become the meta (a plain `{"id","text",...}` file keeps its extra fields); when
 * `meta` is present, unknown top-level keys (Prodigy's `_input_hash`, `tokens`, …) are dropped.
 * Span keys other than start, end, label, text and meta (`token_start`, …) are ignored, and so are
 * keys of a span's meta other than `note` and `source`.
 */
export function parseNativeLine(
  line: string,
  lineNumber: number,
  offsets: OffsetReading | OffsetUnit = CODE_POINTS,
  survey: ReadingSurvey | null = null,
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
  const meta = errors.take(
    source.meta === undefined ? checkMeta(source, '"meta"', RECORD_KEYS) : checkMeta(source.meta),
    {},
  );

  const spans: RecordSpan[] = [];
  const rawSpans = source.spans ?? [];
  if (!Array.isArray(rawSpans)) errors.add(`"spans" must be an array (got ${describeValue(rawSpans)})`);
  else if ('value' in textCheck) {
    const target = new SpanTarget(text, asReading(offsets), survey);
    rawSpans.forEach((raw: unknown, position) => {
      const name = `span ${position + 1}`;
      if (!isJsonObject(raw))
        return errors.add(`${name} must be an object {"start", "end", "label", "text"} (got ${describeValue(raw)})`);
      const span = checkSpan({ start: raw.start, end: raw.end, label: raw.label, text: raw.text }, name, target);
      if ('message' in span) return errors.add(span.message);
      const note = spanMetaText(raw.meta, 'note', name);
      if (typeof note === 'object') return errors.add(note.message);
      const from = spanMetaText(raw.meta, 'source', name);
      if (typeof from === 'object') return errors.add(from.message);
      spans.push({
        ...span.value,
        ...(note === undefined ? {} : { note }),
        ...(from === undefined ? {} : { source: from }),
      });
    });
  }

  if (errors.errors.length > 0) return { errors: errors.errors };
  return { value: { id, text, title: recordTitle(text, id, meta), annotator, status, spans: sortSpans(spans), meta } };
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
    const meta = span.note || span.source ? `,"meta":${spanMeta(span)}` : '';
    spansJson += `${position === 0 ? '' : ','}{"start":${start},"end":${end},"label":${JSON.stringify(span.label)},"text":${JSON.stringify(span.text)}${meta}}`;
  }
  return (
    `{"id":${JSON.stringify(record.id)},"text":${JSON.stringify(record.text)},"spans":[${spansJson}],` +
    `"annotator":${nullableString(record.annotator)},"status":${nullableString(record.status)},"meta":${JSON.stringify(record.meta)}}`
  );
}

/** A span's meta: its note and source, each only when it has one. */
function spanMeta(span: RecordSpan): string {
  const note = span.note ? `"note":${JSON.stringify(span.note)}` : '';
  const source = span.source ? `"source":${JSON.stringify(span.source)}` : '';
  return `{${note}${note && source ? ',' : ''}${source}}`;
}

function nullableString(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** Spanwright's own JSONL: carries everything, in code points or (on request) UTF-16 code units. */
export const nativeFormat: FileFormat = {
  id: 'native',
  name: 'Spanwright JSONL',
  detail: 'spaCy / Prodigy spans',
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
  },
  // `spans` names the format; a first record with only a text (and id, meta…) is a corpus to label.
  detect: ({ first, keys, complete }) =>
    first !== '{' ? 0 : keys.includes('spans') ? 2 : keys.includes('text') && complete ? 1 : 0,
  read: (file, { reading, survey, onBytes }) =>
    readJsonlRecords(file, (line, lineNumber) => parseNativeLine(line, lineNumber, reading, survey ?? null), onBytes),
  *write(records, { unit }) {
    for (const record of records) yield `${serializeNative(record, unit)}\n`;
  },
};
