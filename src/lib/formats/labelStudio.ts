/**
 * Label Studio's JSON export: an array of tasks (or a single task), each `{"id", "data": {"text",
 * …}, "annotations": [{"completed_by", "result": [{"type": "labels", "value": {"start", "end",
 * "text", "labels"}}]}], "predictions": [{"model_version", "result"}]}`.
 *
 * - One record per task × annotation (Label Studio 0.x: `completions`). Label Studio lists only
 *   finished work: a submitted annotation is a done layer (an empty `result` too: "nothing to label
 *   here", a negative example), a cancelled one (`was_cancelled`: the annotator skipped the task) a
 *   skipped layer. An annotation Spanwright wrote for a to-do layer with spans carries
 *   `"spanwright_status": "todo"` (see `labelStudioExport.ts`) and is read back as to-do.
 * - Several annotations by one annotator on one task stay apart: the first is the annotator's
 *   layer, the next `<annotator> #2`, `#3`… (`unnamed #2` for annotations without `completed_by`,
 *   whose first goes to the importer's layer), said in a note, so no annotation's spans are merged
 *   into another's.
 * - A draft (`drafts`: saved, not submitted) with spans is a to-do layer of its `user`, named
 *   `<user> #2` when that user also has an annotation of the task; a draft without spans adds nothing.
 * - Each prediction is a layer of its own, annotator `model:<model_version>` (`model:prediction`
 *   when it names none), to be corrected, never taken for a person's work.
 * - Only `labels` results are spans; choices, relations, text areas, ratings… are counted by type.
 * - The text is `data.text`, or the first string in `data` when it has no `text` (a note says which).
 * - A task without `id` gets one made from its text.
 *
 * Offsets are read as the file's reading says (code points unless the user chose another): Label
 * Studio's frontend counted UTF-16 code units in some versions and 0.x wrote an inclusive end; each
 * region's quoted `value.text` goes to the offset survey, which proposes the reading that fits them.
 * Writing is in `labelStudioExport.ts`.
 *
 * @see https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks
 * @see https://labelstud.io/guide/task_format
 * @see https://labelstud.io/guide/predictions
 * @see https://github.com/HumanSignal/label-studio/issues/1347
 * @see https://github.com/HumanSignal/label-studio/issues/4988
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import type { Status } from '../model/types';
import { clip, describeValue, quote } from './errorMessages';
import type { FileFormat, NamedBlob, SourceItem } from './format';
import { jsonDocumentsOfText, LossTally, readJsonDocuments, type JsonDocument } from './jsonDocuments';
import { labelStudioChunks, labelStudioCompanions, serializeLabelStudio, labelStudioLosses } from './labelStudioExport';
import { fieldTheRegionsName, listOf, META, modelLayer, SCORES, UserNames } from './labelStudioFields';
import { annotationStatus, countOther, countOtherField, countUnkept, emptyTaskLeftOut } from './labelStudioUnkept';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import {
  idFromText,
  isJsonObject,
  recordTitle,
  type AnnotatedRecord,
  type FormatError,
  type ParseResult,
  type RecordSpan,
} from './records';
import { checkId, checkMeta, checkSpan, checkText, ErrorCollector, SpanTarget } from './validation';
import { countUnlabelled, leftOutEmpty } from './emptySpans';
export { labelStudioChunks, serializeLabelStudio };

/**
 * Reads a Label Studio file's text: one record per task × annotation or prediction, and one record
 * without spans for a task with neither. Errors name the task (`task 3: …`) and the line where it
 * starts. Losses and notes are left out: see {@link labelStudioItems}.
 */
export function parseLabelStudio(
  json: string,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): ParseResult<AnnotatedRecord[]> {
  const records: AnnotatedRecord[] = [];
  const errors: FormatError[] = [];
  for (const item of labelStudioItems(json, reading, survey)) {
    if ('record' in item) records.push(item.record);
    else if ('error' in item) errors.push(item.error);
  }
  return errors.length > 0 ? { errors } : { value: records };
}

/**
 * Everything a Label Studio file's text holds, in order: records and errors, then notes and
 * losses. For text already in memory; {@link labelStudioFormat} reads files.
 */
export function labelStudioItems(
  json: string,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): SourceItem[] {
  const reader = new TaskReader(reading, survey, new LossTally());
  return [...jsonDocumentsOfText(json).flatMap((document) => reader.read(document)), ...reader.end()];
}

const NO_OFFSETS = 'a span is placed by its offsets (Label Studio writes both for a region of a text)';
/** The name given to the second, third… annotation without `completed_by` on one task (`unnamed #2`). */
const UNNAMED_AUTHOR = 'unnamed';
/** At most this many repeated layers are named in the note about them. */
const LISTED_REPEATS = 5;

/** Reads a file's tasks one after the other, counting what they hold that is not imported. */
class TaskReader {
  #count = 0;
  /** Tasks with several annotations by one annotator, and a few of the layers they gave. */
  #repeatedTasks = 0;
  readonly #repeatedLayers: string[] = [];
  /** Drafts with spans, read as to-do layers. */
  #drafts = 0;
  /** Cancelled annotations (`was_cancelled`: the annotator skipped the task), read as skipped layers, and a few of their layers. */
  #cancelled = 0;
  readonly #cancelledLayers = new Set<string>();
  /** Regions with more than one label, read as one span per label. */
  #severalLabels = 0;
  /** Results that are no span of the text (choices, another field's spans…), counted so far. */
  #others = 0;
  readonly #users = new UserNames();
  /** The task's text field, and its other string fields: a region whose `to_name` names one of those is not on the text. */
  #fields: { text: string; others: ReadonlySet<string> } = { text: 'text', others: new Set() };

  constructor(
    readonly reading: OffsetReading,
    readonly survey: ReadingSurvey | null,
    readonly tally: LossTally,
  ) {}

  /** The notes and losses of the file, said once after its last task. */
  end(): SourceItem[] {
    if (this.#repeatedTasks > 0) {
      const tasks = this.#repeatedTasks === 1 ? '1 task has' : `${this.#repeatedTasks.toLocaleString('en')} tasks have`;
      const names = this.#repeatedLayers.map((name) => JSON.stringify(clip(name))).join(', ');
      this.tally.note(
        `${tasks} several annotations by one annotator: each after the first is kept as a layer of its own, ` +
          `named after the annotator with "#2", "#3"… (${names}${this.#repeatedLayers.length < LISTED_REPEATS ? '' : ', …'}), ` +
          'so no annotation is merged into another (unless the card puts every span into one layer)',
      );
    }
    if (this.#drafts > 0)
      this.tally.note(
        `${this.#drafts === 1 ? '1 draft' : `${this.#drafts.toLocaleString('en')} drafts`} (saved in Label Studio but not submitted) ` +
          'read as to-do layers of their authors; a draft by someone who also submitted an annotation of the task is a layer of its own ("#2")',
      );
    if (this.#cancelled > 0) {
      const names = [...this.#cancelledLayers].map((name) => JSON.stringify(clip(name))).join(', ');
      this.tally.note(
        `${this.#cancelled === 1 ? '1 cancelled annotation' : `${this.#cancelled.toLocaleString('en')} cancelled annotations`} ` +
          `("was_cancelled": its annotator skipped the task) read as ${this.#cancelled === 1 ? 'a skipped layer' : 'skipped layers'}, spans and all (${names}` +
          `${this.#cancelledLayers.size < LISTED_REPEATS ? '' : ', …'}): no export trains on a skipped document`,
      );
    }
    if (this.#severalLabels > 0)
      this.tally.note(
        `${this.#severalLabels === 1 ? '1 region' : `${this.#severalLabels.toLocaleString('en')} regions`} with several labels ` +
          `became one span per label (the same text, once for each label)`,
      );
    for (const note of this.#users.notes()) this.tally.note(note);
    return this.tally.items();
  }

  /** The items of one value of the file: the task's records, or its errors on its line. */
  read(document: JsonDocument): SourceItem[] {
    if ('error' in document) return [document];
    this.#count++;
    // The task as the file names it: its place, and its "id" when it has one ("task 3 (id 101)").
    const id = isJsonObject(document.value) ? document.value.id : undefined;
    const named = typeof id === 'string' || typeof id === 'number' ? ` (id ${JSON.stringify(id)})` : '';
    const read = this.#task(
      document.value,
      document.line,
      new ErrorCollector(document.line, `task ${this.#count}${named}: `),
    );
    if ('errors' in read) return read.errors.map((error) => ({ error }));
    return read.value.map((record) => ({ record, line: document.line }));
  }

  #task(task: unknown, line: number, errors: ErrorCollector): ParseResult<AnnotatedRecord[]> {
    if (!isJsonObject(task)) {
      errors.add(`must be an object {"id", "data", "annotations"} (got ${describeValue(task)})`);
      return { errors: errors.errors };
    }
    const data = task.data;
    let text = '';
    let meta: Record<string, unknown> = {};
    if (!isJsonObject(data)) errors.add(`"data" must be an object {"text", …} (got ${describeValue(data)})`);
    else {
      const textKey =
        data.text === undefined
          ? (fieldTheRegionsName(task, data) ?? Object.keys(data).find((key) => typeof data[key] === 'string'))
          : 'text';
      text = errors.take(checkText(textKey === undefined ? undefined : data[textKey], '"data.text"'), '');
      if (textKey !== undefined && textKey !== 'text') {
        this.tally.note(
          `the text was read from ${JSON.stringify(`data.${clip(textKey)}`)} (the tasks have no "data.text")`,
        );
      }
      meta = errors.take(checkMeta(data, '"data"', new Set(textKey === undefined ? [] : [textKey])), {});
      const others = Object.keys(data).filter((field) => field !== textKey && typeof data[field] === 'string');
      this.#fields = { text: textKey ?? 'text', others: new Set(others) };
    }
    const id = task.id === undefined ? idFromText(text) : errors.take(checkId(task.id), '');
    const key = task.annotations === undefined && task.completions !== undefined ? 'completions' : 'annotations';
    const annotations = listOf(task[key], `"${key}"`, errors);
    const predictions = listOf(task.predictions, '"predictions"', errors);
    const drafts = listOf(task.drafts, '"drafts"', errors);
    if (emptyTaskLeftOut(task, this.#fields?.text, this.tally, line, this.#count)) return { value: [] };
    if (errors.errors.length > 0) return { errors: errors.errors };
    countUnkept(task, annotations, this.tally, line);

    const title = recordTitle(text, id, meta);
    const target = new SpanTarget(text, this.reading, this.survey);
    const records: AnnotatedRecord[] = [];
    const add = (annotator: string | null, spans: RecordSpan[], status: Status | null = null) =>
      records.push({ id, text, title, annotator, status, spans: sortSpans(spans), meta });
    /** How many annotations of the task each author has made so far ('' for none named). */
    const seen = new Map<string, number>();
    let repeated = false;
    annotations.forEach((annotation: unknown, position) => {
      const name = `annotation ${position + 1}`;
      if (!isJsonObject(annotation))
        return errors.add(`${name} must be an object {"completed_by", "result"} (got ${describeValue(annotation)})`);
      const author = errors.take(this.#users.author(annotation, name), null);
      const others = this.#others;
      const spans = this.#result(annotation.result ?? [], name, line, target, errors);
      const count = (seen.get(author ?? '') ?? 0) + 1;
      seen.set(author ?? '', count);
      const annotator = count === 1 ? author : `${author ?? UNNAMED_AUTHOR} #${count}`;
      if (annotator !== author) {
        repeated = true;
        if (this.#repeatedLayers.length < LISTED_REPEATS) this.#repeatedLayers.push(annotator ?? '');
      }
      const status = annotationStatus(annotation, spans.length === 0 && this.#others > others, this.tally, line);
      if (status === 'skipped') {
        this.#cancelled++;
        if (this.#cancelledLayers.size < LISTED_REPEATS) this.#cancelledLayers.add(annotator ?? UNNAMED_AUTHOR);
      }
      add(annotator, spans, status);
    });
    // A draft is work saved but not submitted (a new annotation, or an edit of one): a to-do layer,
    // named as a further annotation of its author would be, so it is never merged into a submitted one.
    drafts.forEach((draft: unknown, position) => {
      const name = `draft ${position + 1}`;
      if (!isJsonObject(draft))
        return errors.add(`${name} must be an object {"user", "result"} (got ${describeValue(draft)})`);
      const author = errors.take(this.#users.author({ ...draft, completed_by: draft.user }, name, 'user'), null);
      const spans = this.#result(draft.result ?? [], name, line, target, errors);
      if (spans.length === 0) return;
      const count = (seen.get(author ?? '') ?? 0) + 1;
      seen.set(author ?? '', count);
      this.#drafts++;
      add(count === 1 ? author : `${author ?? UNNAMED_AUTHOR} #${count}`, spans, 'todo');
    });
    if (repeated) this.#repeatedTasks++;
    predictions.forEach((prediction: unknown, position) => {
      const name = `prediction ${position + 1}`;
      if (!isJsonObject(prediction))
        return errors.add(`${name} must be an object {"model_version", "result"} (got ${describeValue(prediction)})`);
      if (prediction.score !== undefined && prediction.score !== null) this.tally.add(...SCORES.prediction, line);
      add(modelLayer(prediction.model_version), this.#result(prediction.result ?? [], name, line, target, errors));
      if (annotations.length > 0) records[records.length - 1].besidePeople = true;
    });
    if (errors.errors.length > 0) return { errors: errors.errors };
    if (records.length === 0) add(null, []);
    return { value: records };
  }

  /** The spans of a `result` list; results of other types are counted. */
  #result(result: unknown, name: string, line: number, target: SpanTarget, errors: ErrorCollector): RecordSpan[] {
    const spans: RecordSpan[] = [];
    if (!Array.isArray(result)) {
      errors.add(`${name} "result" must be an array (got ${describeValue(result)})`);
      return spans;
    }
    result.forEach((region: unknown, position) => {
      const regionName = `${name} span ${position + 1}`;
      if (!isJsonObject(region)) return errors.add(`${regionName} must be an object (got ${describeValue(region)})`);
      if (region.type !== 'labels') return void (this.#others += countOther(this.tally, region.type, line));
      // A project labelling two texts of a task (a title and a body): spans of the other one are not this text's.
      // `to_name` is the labelling config's tag, most often named as its field: a region that quotes this text is its.
      if (this.#onOtherField(region, target))
        return void (this.#others += countOtherField(this.tally, this.#fields.text, region.to_name, line));
      if (region.score !== undefined && region.score !== null) this.tally.add(...SCORES.region, line);
      const value = region.value;
      if (!isJsonObject(value))
        return errors.add(
          `${regionName} "value" must be an object {"start", "end", "labels"} (got ${describeValue(value)})`,
        );
      const labels = value.labels;
      if (!Array.isArray(labels))
        return errors.add(`${regionName} "labels" must be an array (got ${describeValue(labels)})`);
      // Label Studio keeps a region whose labels were all taken off (its issue #1841): it labels nothing.
      if (labels.length === 0) return countUnlabelled(this.tally, line, 1);
      if (labels.length > 1) this.#severalLabels++;
      if (value.start === undefined && value.end === undefined && typeof value.text === 'string')
        return errors.add(`${regionName} has no "start" and "end", only its text ${quote(value.text)}: ${NO_OFFSETS}`);
      if (leftOutEmpty({ start: value.start, end: value.end, text: value.text }, target, this.tally, line, regionName))
        return;
      const note = this.#note(region.meta, line);
      for (const label of labels) {
        const span = checkSpan({ start: value.start, end: value.end, label, text: value.text }, regionName, target);
        if ('value' in span) spans.push(note === undefined ? span.value : { ...span.value, note });
        else errors.add(span.message);
      }
    });
    return spans;
  }

  /** Whether `region` names another string field of the task (`to_name`) and does not quote this text at its offsets. */
  #onOtherField(region: Record<string, unknown>, target: SpanTarget): boolean {
    const field = region.to_name;
    if (typeof field !== 'string' || field === this.#fields.text || !this.#fields.others.has(field)) return false;
    const value = isJsonObject(region.value) ? region.value : {};
    if (typeof value.text !== 'string') return true;
    const quoted = { start: value.start, end: value.end, label: 'quoted', text: value.text };
    return !('value' in checkSpan(quoted, 'region', new SpanTarget(target.text, this.reading)));
  }

  /**
   * A region's note: the text Label Studio's region panel keeps in its `meta` (`{"text": ["…"]}`),
   * lines joined; anything else in it is counted.
   */
  #note(meta: unknown, line: number): string | undefined {
    if (meta === undefined || meta === null) return undefined;
    const { text, ...rest } = isJsonObject(meta) ? meta : { text: undefined, meta };
    if (Object.keys(rest).length > 0 || (text !== undefined && !Array.isArray(text)))
      this.tally.add(...META.region, line);
    const lines = Array.isArray(text) ? text.filter((part): part is string => typeof part === 'string') : [];
    return lines.join('\n').trim() || undefined;
  }
}

async function* readLabelStudio(
  file: NamedBlob,
  reading: OffsetReading,
  survey: ReadingSurvey | null,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<SourceItem> {
  const reader = new TaskReader(reading, survey, new LossTally());
  for await (const document of readJsonDocuments(file, onBytes)) yield* reader.read(document);
  yield* reader.end();
}

/** Keys of a first task besides `data` that say "Label Studio". */
const TASK_KEYS = ['annotations', 'completions', 'predictions'];
/** Keys that say "doccano" when they come without a Label Studio task's keys. */
const DOCCANO_KEYS = ['label', 'labels', 'entities'];

/**
 * 3 for an array whose first task has `data` (and not doccano's span keys alone), or a single object with
 * `data` and `annotations`, `completions` or `predictions`; 2 for another array of tasks, or one whose first
 * element is not in view. Not an array whose first element has no `data` (JSON-MIN is doccano's; helper-172).
 */
function detectLabelStudio({ first, keys, complete }: { first: string; keys: readonly string[]; complete: boolean }) {
  const task = keys.includes('data');
  const answered = TASK_KEYS.some((key) => keys.includes(key));
  if (first === '{') return task && answered ? 3 : 0;
  // A first task not seen whole may hold `data` after its annotations (Label Studio writes them first; helper-174).
  if (first !== '[' || (!task && complete && keys.length > 0)) return 0;
  return task && (answered || !DOCCANO_KEYS.some((key) => keys.includes(key))) ? 3 : 2;
}

/**
 * Label Studio's JSON export: an array of tasks (or one task), read whole as JSON requires; a
 * layer's status as a submitted or cancelled annotation (to-do layers with spans are counted).
 */
export const labelStudioFormat: FileFormat = {
  id: 'labelstudio',
  name: 'Label Studio',
  detail: 'JSON',
  extension: 'json',
  mime: 'application/json',
  units: ['codepoint'],
  offsets: true,
  carries: {
    annotator: true,
    status: true,
    meta: true,
    spans: true,
    documents: true,
    predictions: true,
    spanNotes: true,
  },
  detect: detectLabelStudio,
  read: (file, { reading, survey, onBytes }) => readLabelStudio(file, reading, survey ?? null, onBytes),
  wholeFile: true,
  exportNote:
    'Beside the tasks: labeling-config.xml, the labelling config to create the project with. Layers named model:… are written as predictions. ' +
    'A done layer is a submitted annotation, a skipped one a cancelled annotation (was_cancelled), a to-do layer without spans none (its task stays to do).',
  numericIds: true,
  write: (records, options) => labelStudioChunks(records, options),
  companions: labelStudioCompanions,
  lossesOf: labelStudioLosses,
};
