/**
 * Writing Label Studio JSON that Label Studio's importer takes: one array of tasks, one task per
 * document, its layers as `annotations` and its model layers (annotator `model:<version>`) as
 * `predictions`; and the labelling config (`labeling-config.xml`) whose names the results use.
 *
 * **`completed_by`.** Label Studio's task import (`BaseTaskSerializerBulk._insert_valid_completed_by`
 * in `label_studio/tasks/serializers.py`) accepts an annotation's `completed_by` only as
 * - absent: the annotation is the importing user's;
 * - `{"email": "…"}`: the organisation member with that e-mail; an e-mail of nobody there refuses
 *   the whole import ("Unknown annotator's email …") unless the server runs with
 *   `ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS=true` (default false), which gives it to the importer;
 * - a number that is a member's user id;
 * and refuses anything else, a plain name among it ("… not a valid annotator's email or ID").
 *
 * So an annotator that is an e-mail address (as Label Studio's own exports name people, and as
 * Spanwright reads them back) is written `"completed_by":{"email":"…"}`, keeping who did the work.
 * Any other name (`alice`, a user id of another server) has no place Label Studio would keep: it is
 * left out of `completed_by` (the importer takes the annotation as its own) and written as
 * `"created_username"`, the key Label Studio's exports use to show who made an annotation and its
 * importer ignores, so that Spanwright reads the name back. A made-up address
 * (`alice@spanwright.local`) was not chosen: Label Studio refuses it unless the server allows
 * unknown e-mails, and then keeps it no more than an absent `completed_by`.
 *
 * **Statuses.** Label Studio counts every annotation of a task as submitted work (its
 * `total_annotations`), and an annotation with `"was_cancelled": true` as a skipped task
 * (`cancelled_annotations`; its importer keeps the flag). So a done layer is an annotation (an empty
 * `result` too: "nothing to label here"), a skipped layer a cancelled annotation, and a to-do layer
 * without spans no annotation at all: the task stays to do. Label Studio has no unfinished
 * annotation: a to-do layer with spans is written as one, marked `"spanwright_status": "todo"`
 * (ignored by Label Studio, read back by Spanwright), and the export dialog counts it.
 *
 * @see https://labelstud.io/guide/task_format
 * @see https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks
 * @see https://labelstud.io/guide/predictions
 * @see https://labelstud.io/tags/labels
 * @see https://github.com/HumanSignal/label-studio/blob/develop/label_studio/tasks/serializers.py
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import { quote } from './errorMessages';
import type { Loss, OutputFile, WriteOptions } from './format';
import { writeNumericId, type AnnotatedRecord } from './records';
import { reservedMetaLosses } from './reservedMeta';
import { noteLabels, writtenLabels } from './uniqueNames';

/** Layers whose annotator starts with this are a model's predictions, written as `predictions`. */
export const MODEL_PREFIX = 'model:';
/** The model version of a prediction that names none (`model:prediction`). */
export const UNNAMED_MODEL_VERSION = 'prediction';
/** The control and object tag names the results and the labelling config share. */
const FROM_NAME = 'label';
const TO_NAME = 'text';
/** The key that marks the annotation of a to-do layer with spans (Label Studio's importer ignores it). */
export const TODO_MARK = 'spanwright_status';
/** Meta keys the task's `data` cannot hold: `data.text` is the document's text. */
const DATA_KEYS: ReadonlySet<string> = new Set(['text']);
/** The name of the labelling config file written beside an export. */
export const LABELING_CONFIG_PATH = 'labeling-config.xml';

const EMAIL = /^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:]+$/u;

/** True when `annotator` names a model's layer (`model:<version>`, a version after the colon). */
export function isModelLayer(annotator: string | null): annotator is string {
  return annotator !== null && annotator.startsWith(MODEL_PREFIX) && annotator.length > MODEL_PREFIX.length;
}

/** True when `annotator` reads as an e-mail address, which Label Studio can match to a member. */
export function isEmail(annotator: string): boolean {
  return EMAIL.test(annotator);
}

/**
 * The Label Studio JSON for `records`: records with the same id become one task (in order of first
 * appearance), their layers its annotations and predictions in input order.
 */
export function serializeLabelStudio(records: readonly AnnotatedRecord[]): string {
  const groups = new Map<string, AnnotatedRecord[]>();
  for (const record of records) {
    const group = groups.get(record.id);
    if (group) group.push(record);
    else groups.set(record.id, [record]);
  }
  let json = '';
  for (const chunk of labelStudioChunks([...groups.values()].flat())) json += chunk;
  return json;
}

/**
 * The Label Studio JSON for `records` in chunks, one task per chunk (and one task per line).
 * Streams, so only consecutive records with the same id share a task: yield each document's layers
 * together, as {@link serializeLabelStudio} does.
 */
export function* labelStudioChunks(records: Iterable<AnnotatedRecord>, options?: WriteOptions): Generator<string> {
  let group: AnnotatedRecord[] = [];
  let separator = '[\n';
  for (const record of records) {
    if (options) noteLabels(options, record.spans);
    if (group.length > 0 && group[0].id !== record.id) {
      yield separator + serializeTask(group, options?.numericIds);
      separator = ',\n';
      group = [];
    }
    group.push(record);
  }
  if (group.length > 0) yield separator + serializeTask(group, options?.numericIds);
  yield group.length > 0 ? '\n]\n' : '[]\n';
}

/**
 * One task: the first record's id, text and meta; one annotation per person's layer done, skipped or
 * with spans, then one
 * prediction per model layer. Region ids are `<id>-<n>-<m>`, n counting annotations then
 * predictions, so that export → import → export is byte-identical.
 */
function serializeTask(group: AnnotatedRecord[], numericIds = true): string {
  const { id, text, meta } = group[0];
  let data = `{"text":${JSON.stringify(text)}`;
  for (const key of Object.keys(meta)) {
    if (DATA_KEYS.has(key)) continue;
    const valueJson = JSON.stringify(meta[key]);
    if (valueJson !== undefined) data += `,${JSON.stringify(key)}:${valueJson}`;
  }
  // A layer with nothing to say (to do, no spans) is no annotation: Label Studio would count it as submitted.
  const annotated = group.filter((record) => !isModelLayer(record.annotator) && !isEmptyTodo(record));
  const models = group.filter((record) => isModelLayer(record.annotator));
  const annotations = annotated
    .map((record, position) => serializeAnnotation(record, `${id}-${position + 1}`))
    .join(',');
  const predictions = models
    .map((record, position) => serializePrediction(record, `${id}-${annotated.length + position + 1}`))
    .join(',');
  return (
    `{"id":${writeNumericId(id, numericIds)},"data":${data}},"annotations":[${annotations}]` +
    (models.length > 0 ? `,"predictions":[${predictions}]` : '') +
    '}'
  );
}

function serializeResult(record: AnnotatedRecord, regionIdPrefix: string): string {
  const spans = sortSpans(record.spans);
  let result = '';
  for (let position = 0; position < spans.length; position++) {
    const span = spans[position];
    result +=
      `${position === 0 ? '' : ','}{"id":${JSON.stringify(`${regionIdPrefix}-${position + 1}`)},"from_name":"${FROM_NAME}","to_name":"${TO_NAME}","type":"labels",` +
      `"value":{"start":${span.start},"end":${span.end},"text":${JSON.stringify(span.text)},"labels":[${JSON.stringify(span.label)}]}` +
      // A note as Label Studio's region panel keeps it (its "meta" text).
      (span.note ? `,"meta":{"text":[${JSON.stringify(span.note)}]}}` : '}');
  }
  return `"result":[${result}]`;
}

/** True for a layer not done or skipped (to do, or no status) and without spans. */
function isEmptyTodo(record: AnnotatedRecord): boolean {
  return record.status !== 'done' && record.status !== 'skipped' && record.spans.length === 0;
}

/** An annotation; who made it, and its status, as the module comment says. */
function serializeAnnotation(record: AnnotatedRecord, regionIdPrefix: string): string {
  const { annotator } = record;
  const author =
    annotator === null
      ? ''
      : isEmail(annotator)
        ? `"completed_by":{"email":${JSON.stringify(annotator)}},`
        : `"created_username":${JSON.stringify(annotator)},`;
  const status =
    record.status === 'skipped'
      ? '"was_cancelled":true,'
      : record.status === 'done'
        ? ''
        : `${JSON.stringify(TODO_MARK)}:"todo",`;
  return `{${author}${status}${serializeResult(record, regionIdPrefix)}}`;
}

/**
 * What writing `record` leaves out: a metadata field named `text` (`data.text` is the document's
 * text), and the to-do status of a person's layer with spans, which Label Studio takes for
 * submitted work (the file marks it, for Spanwright only); and who made an annotation, when it is
 * not an e-mail address (see the module's comment on `completed_by`).
 */
export function labelStudioLosses(record: AnnotatedRecord): Loss[] {
  const meta = reservedMetaLosses(
    record,
    DATA_KEYS,
    'Label Studio',
    'a task’s data.text is the document’s text, so a metadata field of that name is not written',
    true,
  );
  return [...meta, ...statusLosses(record), ...authorLosses(record)];
}

/** A person's name that is no e-mail address, on an annotation the file holds: Label Studio gives it to the importer. */
function authorLosses({ annotator, ...record }: AnnotatedRecord): Loss[] {
  if (annotator === null || isModelLayer(annotator) || isEmail(annotator) || isEmptyTodo({ annotator, ...record }))
    return [];
  return [
    {
      what: 'who made each annotation, where the name is not an e-mail address',
      why: 'Label Studio’s import keeps an annotation’s author only as a member’s e-mail, so it gives these to the user who imports the file; the file names them in "created_username", which Spanwright reads back',
      count: 1,
      examples: [annotator],
    },
  ];
}

function statusLosses(record: AnnotatedRecord): Loss[] {
  if (isModelLayer(record.annotator) || record.spans.length === 0) return [];
  if (record.status === 'done' || record.status === 'skipped') return [];
  return [
    {
      what: 'to-do statuses of layers with spans',
      why: `Label Studio has no unfinished annotation and counts them as submitted; the file marks them "${TODO_MARK}": "todo", which Spanwright reads back and Label Studio ignores`,
      count: 1,
      examples: [`${quote(record.title)}${record.annotator === null ? '' : ` (${record.annotator})`}`],
    },
  ];
}

/** A prediction of the model a `model:<version>` layer names. */
function serializePrediction(record: AnnotatedRecord, regionIdPrefix: string): string {
  const version = (record.annotator ?? '').slice(MODEL_PREFIX.length);
  return `{"model_version":${JSON.stringify(version)},${serializeResult(record, regionIdPrefix)}}`;
}

/** True for a character XML 1.0 can hold (not C0 controls other than tab and line breaks, nor lone surrogates). */
function isXmlCharacter(code: number): boolean {
  return (
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/**
 * `value` for a double-quoted XML attribute: markup escaped, tab and line breaks as references
 * (an attribute would read them as spaces), characters XML cannot hold as U+FFFD.
 *
 * @see https://www.w3.org/TR/xml/#AVNormalize
 */
export function xmlAttribute(value: string): string {
  let characters = '';
  for (const character of value) characters += isXmlCharacter(character.codePointAt(0) ?? 0) ? character : '\uFFFD';
  return characters.replace(/[&<>"'\t\n\r]/gu, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${character.charCodeAt(0)};`;
    }
  });
}

/**
 * A Label Studio labelling config for named-entity spans over `$text` with `labels` (in palette
 * order), using the `from_name` and `to_name` the exported results use.
 */
export function labelingConfig(labels: readonly string[]): string {
  const items = labels.map((label) => `    <Label value="${xmlAttribute(label)}"/>\n`).join('');
  return (
    '<View>\n' +
    `  <Labels name="${FROM_NAME}" toName="${TO_NAME}">\n${items}  </Labels>\n` +
    `  <Text name="${TO_NAME}" value="$text"/>\n` +
    '</View>\n'
  );
}

/**
 * The labelling config written beside an export, so the project can be set up from it; none when
 * the export is given no labels (a config without labels sets up nothing).
 */
export function labelStudioCompanions(options: WriteOptions): OutputFile[] {
  // The label set, then any other label a span had (written after the records).
  return options.labels.length === 0
    ? []
    : [{ path: LABELING_CONFIG_PATH, text: labelingConfig(writtenLabels(options)) }];
}
