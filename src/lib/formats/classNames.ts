/**
 * The names of a token file's class ids: a Hugging Face dataset written with `to_json` keeps its
 * `ner_tags` as integers (a `ClassLabel` feature), and names them only beside the data. Read from
 *
 * - `labels.json`: a list of the tag names in class order (what Spanwright's own export writes), an
 *   object of ids to names (`{"0": "O", "1": "B-PER"}`), or one holding such an object under
 *   `id2label` (a model's config) or a list under `names`;
 * - `dataset_info.json` (what `save_to_disk` writes): `features.ner_tags.feature.names`.
 *
 * @see https://huggingface.co/docs/datasets/about_dataset_features
 */
import { describeValue, parseJson, quote } from './errorMessages';
import type { NamedBlob } from './format';
import { isJsonObject } from './records';
import { TAG_PATTERN } from './tokenTags';

/** What a class-names file gave: the names in class order, or why it gave none. */
export type ClassNames = { file: string; names: readonly string[] } | { file: string; problem: string };

/** The base names of the files read for class names, lower case. */
export const CLASS_NAME_FILES: readonly string[] = ['labels.json', 'dataset_info.json'];

/** True for a file whose name says it may name class ids (see the module comment). */
export function namesClasses(name: string): boolean {
  return CLASS_NAME_FILES.includes(name.slice(name.lastIndexOf('/') + 1).toLowerCase());
}

/** A file of this size or more is not read for names (a label list is a few kilobytes). */
const MAX_BYTES = 4 * 1024 * 1024;

/** Reads `file`'s class names (see the module comment); a file that names none says why. */
export async function readClassNames(file: NamedBlob): Promise<ClassNames> {
  const name = file.name.slice(file.name.lastIndexOf('/') + 1);
  const fail = (problem: string): ClassNames => ({ file: name, problem });
  if (file.size >= MAX_BYTES)
    return fail(`it holds ${file.size.toLocaleString('en')} bytes, too many for a label list`);
  const parsed = parseJson((await file.text()).replace(/^\uFEFF/u, ''));
  if ('message' in parsed) return fail(`it is not JSON (${parsed.message})`);
  const found = namesIn(parsed.value);
  if (typeof found === 'string') return fail(found);
  const bad = found.findIndex((tag) => !TAG_PATTERN.test(tag));
  if (bad >= 0)
    return fail(`class ${bad} is ${quote(found[bad])}, not a tag (expected O, or B-, I-, E-, S- and a label)`);
  return { file: name, names: found };
}

/** The names a parsed file holds, in class order, or why it holds none. */
function namesIn(value: unknown): string[] | string {
  if (Array.isArray(value)) return listOf(value);
  if (!isJsonObject(value)) return `expected a list of tag names (got ${describeValue(value)})`;
  if (isJsonObject(value.features)) {
    const feature = value.features.ner_tags;
    if (!isJsonObject(feature)) return 'its "features" hold no "ner_tags"';
    const classes = isJsonObject(feature.feature) ? feature.feature : feature;
    return Array.isArray(classes.names) ? listOf(classes.names) : 'its "ner_tags" feature names no classes';
  }
  if (Array.isArray(value.names)) return listOf(value.names);
  const byId = isJsonObject(value.id2label) ? value.id2label : value;
  const ids = Object.keys(byId);
  if (ids.length === 0) return 'it names no classes';
  const names: string[] = [];
  for (let id = 0; id < ids.length; id++) {
    const tag = byId[String(id)];
    if (typeof tag !== 'string' || tag === '')
      return tag === undefined
        ? `it names ${ids.length} classes but not class ${id} (expected ids 0 to ${ids.length - 1})`
        : `class ${id} must be a non-empty string (got ${describeValue(tag)})`;
    names.push(tag);
  }
  return names;
}

function listOf(values: unknown[]): string[] | string {
  if (values.length === 0) return 'its list of names is empty';
  const bad = values.findIndex((tag) => typeof tag !== 'string' || tag === '');
  if (bad >= 0) return `class ${bad} must be a non-empty string (got ${describeValue(values[bad])})`;
  return values as string[];
}

/** The note on a file whose `ner_tags` were class ids, named by `classes`. */
export function classNamesNote(classes: { file: string; names: readonly string[] }, used: number): string {
  const shown = classes.names
    .slice(0, 6)
    .map((tag, id) => `${id} ${quote(tag)}`)
    .join(', ');
  const more = classes.names.length > 6 ? `, … (${classes.names.length} in all)` : '';
  return `"ner_tags" are class ids on ${used.toLocaleString('en')} ${used === 1 ? 'line' : 'lines'}, named by ${classes.file}: ${shown}${more}.`;
}
