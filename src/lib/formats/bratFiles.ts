/**
 * brat's files: `.txt` and `.ann` pairs, and the names an export gives them (a document id's file name;
 * in an export of every layer, inside its annotator's folder). Which folders an import reads as
 * annotators' layers: `bratFolders.ts`.
 */
import { quote } from './errorMessages';
import type { Loss, WriteOptions } from './format';
import { exportNamesOf } from './uniqueNames';

/** The parts of the folder a file is in: `\` read as `/`, empty parts, `.` and `..` left out. */
export function folderParts(name: string): string[] {
  return name
    .replace(/\\/gu, '/')
    .split('/')
    .slice(0, -1)
    .filter((part) => part !== '' && part !== '.' && part !== '..');
}

/** The folder a file is in, as one key ('' outside any folder). */
export const folderKey = (name: string): string => folderParts(name).join('/');

/** A file's name without its folder, in lower case. */
export const baseName = (name: string): string => (name.replace(/\\/gu, '/').split('/').at(-1) ?? name).toLowerCase();

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

/** A file name for a document id: safe on any file system (made unique per export by `ExportNames`). */
export function fileStem(id: string, otherwise = 'document'): string {
  return (
    id
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^[._]+/u, '') || otherwise
  );
}

/** A folder name for an annotator, spelled as a file's ({@link fileStem}). */
const folderName = (annotator: string) => fileStem(annotator, 'annotator');

/**
 * Where `record`'s pair is written, without extension: its id's file name; in an export of every layer,
 * inside its annotator's folder (`alice/d1`), so an import reads the layers back (a record of no one's
 * layer, which an export does not give, once per layer: `d1`, then `d1-2`).
 */
export function bratStemOf(record: { id: string; annotator: string | null }, options?: WriteOptions): string {
  const names = exportNamesOf(options);
  if (!options?.severalLayers || record.annotator === null) return names.stemOf(record, fileStem);
  return `${names.folders(folderName).nameOf(record.annotator)}/${names.files(fileStem).nameOf(record.id)}`;
}

/** The loss of an annotator's name its folder cannot hold as it is (`Ann Lee` → `Ann_Lee`), said once per name. */
export function folderRename(record: { annotator: string | null }, options?: WriteOptions): Loss | null {
  if (!options?.severalLayers || record.annotator === null) return null;
  const folders = exportNamesOf(options).folders(folderName);
  const folder = folders.nameOf(record.annotator);
  if (folder === record.annotator || !folders.firstTold(record.annotator)) return null;
  return {
    what: 'annotator names changed into folder names',
    why: 'each annotator’s pairs go into a folder named after them, which holds only letters, digits, ., _ and -, unique even in another case; annotation.conf says whose it is, and an import of the export gives the layer its name back',
    count: 1,
    examples: [`${quote(record.annotator)} → ${quote(folder)}`],
  };
}

/** The annotators of an export with a folder each whose folder is named otherwise (annotator, folder). */
export const renamedFolders = (options: WriteOptions): [string, string][] =>
  options.severalLayers ? exportNamesOf(options).folders(folderName).renamed() : [];
