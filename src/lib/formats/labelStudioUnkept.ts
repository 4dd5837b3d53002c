/**
 * What of a Label Studio task the import does not keep, beyond its results (`labelStudio.ts`): the
 * task's "meta" and other fields, its annotations' fields, and a ground-truth mark, each counted.
 */
import { clip, describeValue } from './errorMessages';
import type { LossTally } from './jsonDocuments';
import { TODO_MARK } from './labelStudioExport';
import { META, NOT_SPANS } from './labelStudioFields';
import { isJsonObject } from './records';
import { EMPTY_TEXT } from './validation';
import type { Status } from '../model/types';

/** What of a task, and of its annotations, Spanwright does not keep: what it is, and why. */
const UNKEPT: Record<'task' | 'annotation' | 'groundTruth', [what: string, why: string]> = {
  task: [
    'tasks with fields other than "id", "data", "annotations" and "predictions"',
    'Spanwright keeps a task’s "data" and who labelled what, not Label Studio’s dates, counts and project settings',
  ],
  annotation: [
    'annotations with fields other than their author, "result" and "was_cancelled"',
    'Spanwright keeps who labelled what and whether a task was skipped, not an annotation’s times ("lead_time", "created_at") or Label Studio’s bookkeeping',
  ],
  groundTruth: [
    'annotations marked "ground_truth"',
    'Spanwright has no ground-truth mark on a person’s layer (adjudicated spans go to the gold layer, on the Review page): each arrives as its author’s layer',
  ],
};
/** The fields of a task, and of an annotation, that the import reads. */
const TASK_FIELDS = new Set(['id', 'data', 'annotations', 'completions', 'predictions', 'drafts', 'meta']);
const ANNOTATION_FIELDS = new Set([
  'id',
  'completed_by',
  'created_username',
  'result',
  'was_cancelled',
  'ground_truth',
  TODO_MARK,
]);

/**
 * Counts what of `task` Spanwright does not keep: its "meta", its other fields and its annotations'
 * (those holding something: not null, not empty), by name, and each annotation marked ground truth
 * (helper-180: `"ground_truth": true` and `"lead_time"` went without a word).
 */
export function countUnkept(
  task: Record<string, unknown>,
  annotations: unknown[],
  tally: LossTally,
  line: number,
): void {
  const empty = (value: unknown) =>
    value === null || (typeof value === 'object' && Object.keys(value as object).length === 0) || value === false;
  const others = (fields: Record<string, unknown>, known: ReadonlySet<string>) =>
    Object.keys(fields).filter((key) => !known.has(key) && !empty(fields[key]));
  if (task.meta !== undefined && !empty(task.meta)) tally.add(...META.task, line);
  const count = (what: [string, string], names: string[]) => {
    if (names.length === 0) return;
    tally.add(...what, line, 1, clip(names[0]));
    for (const name of names.slice(1)) tally.example(what[0], clip(name));
  };
  count(UNKEPT.task, others(task, TASK_FIELDS));
  for (const annotation of annotations) {
    if (!isJsonObject(annotation)) continue;
    if (annotation.ground_truth === true) tally.add(...UNKEPT.groundTruth, line);
    count(UNKEPT.annotation, others(annotation, ANNOTATION_FIELDS));
  }
}

/**
 * Whether a task is left out as one with an empty text (under `textKey`) and no result, counted in `tally` (task
 * `count`, on `line`): not a refusal of the whole file (helper-205: one `"data": {"text": ""}` refused them all).
 */
export function emptyTaskLeftOut(
  task: Record<string, unknown>,
  textKey: string | undefined,
  tally: LossTally,
  line: number,
  count: number,
): boolean {
  if (!isJsonObject(task.data) || task.data[textKey ?? 'text'] !== '') return false;
  const results = ['annotations', 'completions', 'predictions'].flatMap((key) =>
    Array.isArray(task[key]) ? (task[key] as unknown[]) : [],
  );
  if (results.some((one) => !isJsonObject(one) || !Array.isArray(one.result) || one.result.length > 0)) return false;
  tally.add(EMPTY_TEXT.what, EMPTY_TEXT.why, line, 1, `task ${count}`);
  return true;
}

/** Counts a result that is not a span (choices, a rating…), with why it is not imported; 1, for the caller's count. */
export function countOther(tally: LossTally, type: unknown, line: number): number {
  const known = typeof type === 'string' ? NOT_SPANS[type] : undefined;
  if (known) tally.add(known[0], known[1], line);
  else tally.add(`results of type ${describeValue(type)}`, 'Spanwright keeps labelled spans of text only', line);
  return 1;
}

/** Counts a span of another text field of the task than `textField` (its `to_name`); 1, for the caller's count. */
export function countOtherField(tally: LossTally, textField: string, toName: unknown, line: number): number {
  const why = `Spanwright reads one text a task, "data.${clip(textField)}"; these label another`;
  tally.add('spans of another text field', why, line, 1, JSON.stringify(`data.${clip(String(toName))}`));
  return 1;
}

/**
 * An annotation's status. Label Studio lists finished work: submitted (an empty result too: "nothing here"),
 * or skipped (cancelled); one exported as to do by Spanwright reads back so. But an annotation whose results
 * were none of them spans of the text (`othersOnly`: choices, HTML spans, another field's spans) labelled
 * something Spanwright does not carry: its layer of no span is to do, not done, so that no export takes it for
 * a text with nothing to label, a negative example (helper-210).
 */
export function annotationStatus(
  annotation: Record<string, unknown>,
  othersOnly: boolean,
  tally: LossTally,
  line: number,
): Status {
  if (annotation.was_cancelled === true) return 'skipped';
  if (annotation[TODO_MARK] === 'todo' || !othersOnly) return annotation[TODO_MARK] === 'todo' ? 'todo' : 'done';
  tally.add(
    'annotations with no span of the text, only other results',
    'their layers are left to do, not marked done: a done layer with no span would train as a text with nothing to label',
    line,
  );
  return 'todo';
}
