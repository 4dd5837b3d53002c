/**
 * .zip archives, in and out, with fflate (a small, well-kept pure-JavaScript zip library): an
 * import may come as a .zip of files (brat pairs, several JSONL files), and an export of several
 * files (brat's pairs, a format with a label list or a labelling config beside it) is one .zip.
 *
 * @see https://github.com/101arrowz/fflate
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { NamedBlob, OutputFile } from './format';

/** Entries an archive carries that are no one's files: folders, macOS resource forks, dot files. */
function isJunk(path: string): boolean {
  return path.endsWith('/') || path.startsWith('__MACOSX/') || /(^|\/)\.[^/]*$/u.test(path);
}

/**
 * The files inside a .zip, named by their path in it; `skipped` lists the entries that are no
 * one's files. Throws a RangeError naming the archive when it cannot be read.
 */
export async function filesInZip(archive: NamedBlob): Promise<{ files: NamedBlob[]; skipped: string[] }> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await archive.arrayBuffer()));
  } catch (error) {
    throw new RangeError(
      `${archive.name} is not a .zip archive Spanwright can read (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const files: NamedBlob[] = [];
  const skipped: string[] = [];
  for (const [path, data] of Object.entries(entries)) {
    if (isJunk(path)) skipped.push(path);
    else files.push(new File([data.slice()], path));
  }
  files.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return { files, skipped };
}

/** True for a file that is a .zip archive, by its name. */
export function isZip(file: { name: string }): boolean {
  return /\.zip$/iu.test(file.name);
}

/**
 * One .zip of `files` (paths made unique: a second `a.txt` becomes `a-2.txt`), compressed with
 * deflate at level 6.
 */
export function zipFiles(files: readonly OutputFile[]): Uint8Array {
  const encoder = new TextEncoder();
  const contents: Zippable = {};
  for (const file of files) {
    let path = file.path;
    for (let copy = 2; path in contents; copy++)
      path = file.path.replace(/(\.[^./]*)?$/u, (extension) => `-${copy}${extension}`);
    contents[path] = encoder.encode(file.text);
  }
  return zipSync(contents, { level: 6 });
}
