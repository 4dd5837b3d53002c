/**
 * The names of a token file's class ids: a Hugging Face dataset written with `to_json` keeps its
 * `ner_tags` as integers (a `ClassLabel` feature), and names them only beside the data. Read from
 *
 * - `labels.json`: a list of the tag names in class order (what Spanwright's own export writes), an
 *   object of ids to names (`{"0": "O", "1": "B-PER"}`), or one holding such an object under
 *   `id2label` (a model's config) or a list under `names`, or a map of names to ids (`label2id`);
 * - `dataset_info.json` (what `save_to_disk` writes): `features.ner_tags.feature.names`.
 *
 * Names are tags (`O`, `B-PER`…), or labels alone (the IO scheme, as Few-NERD names its classes),
 * read as `I-` tags: IOB1 reads a run of `I-` tags of one label as one span, which is what IO means.
 *
 * @see https://huggingface.co/docs/datasets/about_dataset_features
 */
import { andList } from '../model/counted';
import { describeValue, parseJson, quote } from './errorMessages';
import type { NamedBlob } from './format';
import { isJsonObject } from './records';
import { TAG_PATTERN } from './tokenTags';

/**
 * What the class-names files gave (`files`: their names): the names in class order, or why they gave
 * none. `io`: the names are labels without prefixes (the IO scheme, Few-NERD's), read as `I-` tags ({@link tagOfClass}).
 */
export type ClassNames =
  { files: readonly string[]; names: readonly string[]; io?: true } | { files: readonly string[]; problem: string };

/** The base names of the files read for class names, lower case. */
export const CLASS_NAME_FILES: readonly string[] = ['labels.json', 'dataset_info.json'];

/** True for a file whose name says it may name class ids (see the module comment). */
export function namesClasses(name: string): boolean {
  return CLASS_NAME_FILES.includes(name.slice(name.lastIndexOf('/') + 1).toLowerCase());
}

/** The folder of a path inside a .zip or a dropped folder, with its slash ('' at the top). */
const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

/**
 * Of `candidates` (files that may name class ids), those for a data file at `path`: the ones in its
 * own folder, else in the nearest folder above it (a zip of two datasets, each with its labels.json,
 * gives each data file its own); none when every candidate is in another branch.
 */
export function classNamesFor(path: string, candidates: readonly NamedBlob[]): NamedBlob[] {
  const folder = folderOf(path);
  const above = candidates.filter((file) => folder.startsWith(folderOf(file.name)));
  const nearest = Math.max(-1, ...above.map((file) => folderOf(file.name).length));
  return above.filter((file) => folderOf(file.name).length === nearest);
}

/** The tag class `id` stands for: its name, or `I-` and its name for a name of the IO scheme. */
export function tagOfClass(classes: { names: readonly string[]; io?: true }, id: number): string {
  const name = classes.names[id];
  return classes.io && name !== 'O' ? `I-${name}` : name;
}

/** A file of this size or more is not read for names (a label list is a few kilobytes). */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * Reads the class names of `files` (those of one folder, see {@link classNamesFor}); where two
 * name the classes differently (a labels.json and a dataset_info.json), neither is taken.
 */
export async function readClassNames(files: readonly NamedBlob[]): Promise<ClassNames> {
  const read = await Promise.all(files.map(readOne));
  const failed = read.find((one) => 'problem' in one);
  if (failed) return failed;
  const [first, ...others] = read as { files: readonly string[]; names: readonly string[]; io?: true }[];
  for (const other of others) {
    const at = Array.from({ length: Math.max(first.names.length, other.names.length) }, (_, id) => id).find(
      (id) => first.names[id] !== other.names[id],
    );
    if (at === undefined) continue;
    const name = (names: readonly string[]) => (at < names.length ? quote(names[at]) : 'nothing');
    return {
      files: [...first.files, ...other.files],
      problem: `they name the classes differently (class ${at}: ${name(first.names)} and ${name(other.names)}); drop only the one that belongs to the data`,
    };
  }
  return { ...first, files: read.flatMap((one) => one.files) };
}

/** Reads `file`'s class names (see the module comment); a file that names none says why. */
async function readOne(file: NamedBlob): Promise<ClassNames> {
  const name = file.name;
  const fail = (problem: string): ClassNames => ({ files: [name], problem });
  if (file.size >= MAX_BYTES)
    return fail(`it holds ${file.size.toLocaleString('en')} bytes, too many for a label list`);
  const parsed = parseJson((await file.text()).replace(/^\uFEFF/u, ''));
  if ('message' in parsed) return fail(`it is not JSON (${parsed.message})`);
  const found = namesIn(parsed.value);
  if (typeof found === 'string') return fail(found);
  // Labels without prefixes (IO: a run of tokens of one label is one span) read as IOB1's I- tags, which mean that.
  const tagged = found.filter((tag) => tag !== 'O' && TAG_PATTERN.test(tag));
  if (tagged.length === 0 && found.some((tag) => tag !== 'O')) return { files: [name], names: found, io: true };
  const bad = found.findIndex((tag) => !TAG_PATTERN.test(tag));
  if (bad >= 0)
    return fail(
      `class ${bad} is ${quote(found[bad])}, not a tag (expected O, or B-, I-, E-, S- and a label; or labels alone, none with a prefix)`,
    );
  return { files: [name], names: found };
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
  if (isJsonObject(value.label2id)) return namesOfIds(value.label2id);
  const byId = isJsonObject(value.id2label) ? value.id2label : value;
  const ids = Object.keys(byId);
  if (ids.length === 0) return 'it names no classes';
  if (Object.values(byId).every((id) => typeof id === 'number')) return namesOfIds(byId);
  if (!ids.every((id) => /^\d+$/u.test(id)))
    return `expected a list of tag names, an object of class ids to names, "id2label" or "label2id" (got an object with ${andList(
      ids.slice(0, 3).map((key) => quote(key)),
    )}${ids.length > 3 ? ', …' : ''})`;
  const names: string[] = [];
  for (let id = 0; id < ids.length; id++) {
    const tag = byId[String(id)];
    if (typeof tag !== 'string' || tag === '')
      return tag === undefined
        ? `it names ${ids.length === 1 ? '1 class' : `${ids.length} classes`} but not class ${id} (expected ids 0 to ${ids.length - 1})`
        : `class ${id} must be a non-empty string (got ${describeValue(tag)})`;
    names.push(tag);
  }
  return names;
}

/** The names of a map of names to ids (a model config's `label2id`), in class order, or why not. */
function namesOfIds(byName: Record<string, unknown>): string[] | string {
  const names: string[] = [];
  const entries = Object.entries(byName);
  for (const [name, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      return `it maps ${quote(name)} to ${describeValue(id)}, not to a class id`;
    // Ids run from 0 to one less than the names: a larger one leaves a class without a name (and is no array index).
    if (id >= entries.length) return `it maps ${quote(name)} to class ${id}, but names only ${entries.length} classes`;
    if (names[id] !== undefined) return `it maps both ${quote(names[id])} and ${quote(name)} to class ${id}`;
    names[id] = name;
  }
  // As many distinct ids below the count of names as names: every class from 0 has one.
  return names.length === 0 ? 'it names no classes' : names;
}

function listOf(values: unknown[]): string[] | string {
  if (values.length === 0) return 'its list of names is empty';
  const bad = values.findIndex((tag) => typeof tag !== 'string' || tag === '');
  if (bad >= 0) return `class ${bad} must be a non-empty string (got ${describeValue(values[bad])})`;
  return values as string[];
}

/** The note on a file whose `ner_tags` were class ids, named by `classes`. */
export function classNamesNote(
  classes: { files: readonly string[]; names: readonly string[]; io?: true },
  used: number,
): string {
  const shown = classes.names
    .slice(0, 6)
    .map((name, id) => `${id} ${quote(name)}`)
    .join(', ');
  const more = classes.names.length > 6 ? `, … (${classes.names.length} in all)` : '';
  const io = classes.io
    ? ' The names are labels without B- or I- (the IO scheme): a run of tokens with one label is read as one span.'
    : '';
  return `"ner_tags" are class ids on ${used.toLocaleString('en')} ${used === 1 ? 'line' : 'lines'}, named by ${andList(classes.files)}: ${shown}${more}.${io}`;
}
