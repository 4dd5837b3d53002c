/**
 * doccano's sequence-labelling JSONL: `{"id", "text", "label": [[start, end, "label"], …], …}`,
 * offsets in code points, every other key is metadata. Spanwright adds an `"annotator"` key after
 * `label` when the layer has one; doccano keeps it as metadata.
 *
 * @see https://doccano.github.io/doccano/tutorial/#import-dataset
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson } from './errorMessages';
import type { FileFormat } from './format';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { readJsonlRecords } from './jsonlReader';
import {
  isJsonObject,
  recordTitle,
  writeNumericId,
  type AnnotatedRecord,
  type ParseResult,
  type RecordSpan,
} from './records';
import { checkAnnotator, checkId, checkMeta, checkSpan, checkText, ErrorCollector, SpanTarget } from './validation';

/** Keys with a meaning of their own; never read into or written from meta. */
const RESERVED_KEYS = new Set(['id', 'text', 'label', 'labels', 'annotator', 'entities']);

/** Reads one line of doccano JSONL; `labels` is accepted for `label`, numeric ids become strings. */
export function parseDoccanoLine(
  line: string,
  lineNumber: number,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): ParseResult<AnnotatedRecord> {
  const parsed = parseJson(line);
  if ('message' in parsed) return { errors: [{ line: lineNumber, message: parsed.message }] };
  const source = parsed.value;
  if (!isJsonObject(source)) {
    return {
      errors: [
        { line: lineNumber, message: `expected a JSON object {"id", "text", "label"} (got ${describeValue(source)})` },
      ],
    };
  }

  const errors = new ErrorCollector(lineNumber);
  const id = errors.take(checkId(source.id), '');
  const textCheck = checkText(source.text);
  const text = errors.take(textCheck, '');
  const annotator = errors.take(checkAnnotator(source.annotator), null);
  const meta = errors.take(checkMeta(source, '"meta"', RESERVED_KEYS), {});
  if (source.entities !== undefined) {
    errors.add(
      '"entities" (doccano\'s relation-extraction export) is not supported: export the project as sequence labelling',
    );
  }
  if (source.label !== undefined && source.labels !== undefined) errors.add('has both "label" and "labels": keep one');

  const spans: RecordSpan[] = [];
  const rawSpans = source.label ?? source.labels ?? [];
  if (!Array.isArray(rawSpans))
    errors.add(`"label" must be an array of [start, end, "label"] (got ${describeValue(rawSpans)})`);
  else if ('value' in textCheck) {
    const target = new SpanTarget(text, reading, survey);
    rawSpans.forEach((raw: unknown, position) => {
      const name = `span ${position + 1}`;
      if (!Array.isArray(raw) || raw.length !== 3)
        return errors.add(`${name} must be [start, end, "label"] (got ${describeValue(raw)})`);
      const span = checkSpan({ start: raw[0], end: raw[1], label: raw[2] }, name, target);
      if ('value' in span) spans.push(span.value);
      else errors.add(span.message);
    });
  }

  if (errors.errors.length > 0) return { errors: errors.errors };
  return {
    value: { id, text, title: recordTitle(text, id, meta), annotator, status: null, spans: sortSpans(spans), meta },
  };
}

/**
 * One doccano JSONL line (no trailing newline): id (a number when it looks like one), text, label,
 * annotator (when not null), then the meta keys. Status is not written: doccano has no place for it.
 */
export function serializeDoccano(record: AnnotatedRecord): string {
  const spans = sortSpans(record.spans);
  let labelJson = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    labelJson += `${position === 0 ? '' : ','}[${span.start},${span.end},${JSON.stringify(span.label)}]`;
  }
  let line = `{"id":${writeNumericId(record.id)},"text":${JSON.stringify(record.text)},"label":[${labelJson}]`;
  if (record.annotator !== null) line += `,"annotator":${JSON.stringify(record.annotator)}`;
  for (const key of Object.keys(record.meta)) {
    if (RESERVED_KEYS.has(key)) continue;
    const valueJson = JSON.stringify(record.meta[key]);
    if (valueJson !== undefined) line += `,${JSON.stringify(key)}:${valueJson}`;
  }
  return `${line}}`;
}

/** doccano's sequence-labelling JSONL: spans and metadata in code points; no status. */
export const doccanoFormat: FileFormat = {
  id: 'doccano',
  name: 'doccano',
  detail: 'JSONL',
  extension: 'jsonl',
  mime: 'application/jsonl',
  units: ['codepoint'],
  offsets: true,
  carries: { annotator: true, status: false, meta: true, spans: true, documents: true },
  detect: ({ first, keys }) => (first === '{' && (keys.includes('label') || keys.includes('labels')) ? 2 : 0),
  read: (file, { reading, survey, onBytes }) =>
    readJsonlRecords(file, (line, lineNumber) => parseDoccanoLine(line, lineNumber, reading, survey ?? null), onBytes),
  *write(records) {
    for (const record of records) yield `${serializeDoccano(record)}\n`;
  },
};
