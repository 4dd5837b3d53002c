/**
 * brat's files: `.txt` and `.ann` pairs, and the folders they are in. A brat project keeps one folder
 * per annotator when each annotates the same documents (`alice/d1.ann`, `bob/d1.ann`): such folders are
 * read as the annotators' layers, so the review can compare them, and an export of every layer writes
 * one folder per annotator. Folders that share no document (a corpus split into `train/` and `dev/`)
 * name no one: their pairs go into the layer chosen on the card, as pairs at the root do.
 */
import { quote } from './errorMessages';
import type { Loss, NamedBlob, WriteOptions } from './format';
import { exportNamesOf } from './uniqueNames';

/** `.txt` and `.ann` files paired by name (`doc-1.txt` with `doc-1.ann`), in stem order; what is left unpaired. */
export function pairBratFiles<T extends { name: string }>(
  files: readonly T[],
): { pairs: { txt: T; ann: T }[]; unpaired: T[] } {
  const stem = (name: string) => name.replace(/\.(txt|ann)$/iu, '');
  const texts = new Map(files.filter((file) => /\.txt$/iu.test(file.name)).map((file) => [stem(file.name), file]));
  const pairs: { txt: T; ann: T }[] = [];
  const paired = new Set<T>();
  for (const ann of files.filter((file) => /\.ann$/iu.test(file.name))) {
    const txt = texts.get(stem(ann.name));
    if (!txt) continue;
    pairs.push({ txt, ann });
    paired.add(txt).add(ann);
  }
  // By stem, not whole name: `d2.txt` before `d2-2.txt` (a second layer's copy in an export of all
  // annotators), where "-" sorts before ".": the document keeps the first pair's id.
  const order = (pair: { txt: T }) => stem(pair.txt.name);
  pairs.sort((left, right) => (order(left) < order(right) ? -1 : order(left) > order(right) ? 1 : 0));
  return { pairs, unpaired: files.filter((file) => !paired.has(file)) };
}

/** The folder a file is in, as its path names it ('' at the root). */
export function folderOf(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut < 0 ? '' : name.slice(0, cut);
}

const baseOf = (name: string) => name.slice(folderOf(name).length).replace(/^[/\\]/u, '');

/**
 * The annotator each folder of `pairs` names, when the folders are annotators' layers: some document
 * (a `.txt` of one name) is in two folders or more. A folder is named by its last part (`export/alice`
 * is alice), or by its whole path where two folders end alike. Null when the folders are not layers.
 */
export function folderAnnotators(pairs: readonly { txt: NamedBlob }[]): Map<string, string> | null {
  const foldersOf = new Map<string, Set<string>>();
  for (const { txt } of pairs) {
    const folder = folderOf(txt.name);
    if (folder === '') continue;
    const base = baseOf(txt.name).toLowerCase();
    foldersOf.set(base, (foldersOf.get(base) ?? new Set()).add(folder));
  }
  if (![...foldersOf.values()].some((folders) => folders.size > 1)) return null;
  const folders = [...new Set([...foldersOf.values()].flatMap((set) => [...set]))];
  const last = (folder: string) => baseOf(folder);
  const ends = new Map<string, number>();
  for (const folder of folders) ends.set(last(folder), (ends.get(last(folder)) ?? 0) + 1);
  return new Map(folders.map((folder) => [folder, ends.get(last(folder)) === 1 ? last(folder) : folder]));
}

/** The note a read by folders gives: each annotator, and how many documents their folder held. */
export function folderNote(annotators: ReadonlyMap<string, string>, pairs: readonly { txt: NamedBlob }[]): string {
  const counts = new Map<string, number>();
  let atRoot = 0;
  for (const { txt } of pairs) {
    const annotator = annotators.get(folderOf(txt.name));
    if (annotator === undefined) atRoot++;
    else counts.set(annotator, (counts.get(annotator) ?? 0) + 1);
  }
  const listed = [...counts].map(([name, count]) => `${name} (${count} ${count === 1 ? 'document' : 'documents'})`);
  const root = atRoot === 0 ? '' : `; ${atRoot} outside any folder went into the layer chosen here`;
  return `Each folder was read as an annotator's layer, as the same documents are in several folders: ${listed.join(', ')}${root}.`;
}

/** A file name for a document id: safe on any file system (made unique per export by `ExportNames`). */
export function fileStem(id: string): string {
  return (
    id
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^[._]+/u, '') || 'document'
  );
}

/**
 * Where `record`'s pair is written, without extension: its id's file name; in an export of every layer,
 * inside its annotator's folder (`alice/d1`), so an import reads the layers back; a record of no one's
 * layer, once per layer (`d1`, then `d1-2`), as before folders.
 */
export function bratStemOf(record: { id: string; annotator: string | null }, options?: WriteOptions): string {
  const names = exportNamesOf(options);
  if (!options?.severalLayers || record.annotator === null) return names.stemOf(record, fileStem);
  return `${names.folders(fileStem).nameOf(record.annotator)}/${names.files(fileStem).nameOf(record.id)}`;
}

/** The loss of an annotator's name its folder cannot hold as it is (`Ann Lee` → `Ann_Lee`), said once per name. */
export function folderRename(record: { annotator: string | null }, options?: WriteOptions): Loss | null {
  if (!options?.severalLayers || record.annotator === null) return null;
  const folders = exportNamesOf(options).folders(fileStem);
  const folder = folders.nameOf(record.annotator);
  if (folder === record.annotator || !folders.firstTold(record.annotator)) return null;
  return {
    what: 'annotator names changed into folder names',
    why: 'each annotator’s pairs go into a folder named after them, which holds only letters, digits, ., _ and -, unique even in another case; an import reads the folder’s name as the layer’s',
    count: 1,
    examples: [`${quote(record.annotator)} → ${quote(folder)}`],
  };
}
