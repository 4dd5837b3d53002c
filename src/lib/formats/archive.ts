/**
 * .zip archives, in and out, with fflate (a small, well-kept pure-JavaScript zip library): an
 * import may come as a .zip of files (brat pairs, several JSONL files), and an export of several
 * files (brat's pairs, a format with a label list or a labelling config beside it) is one .zip.
 *
 * @see https://github.com/101arrowz/fflate
 */
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import type { NamedBlob, OutputFile } from './format';
import { isJunk } from './junkPaths';
import { damagedEntries } from './zipChecksums';

/**
 * The files inside a .zip, named by their path in it; `skipped` lists the entries that are no
 * one's files. Throws a RangeError naming the archive when it cannot be read.
 */
export async function filesInZip(archive: NamedBlob): Promise<{ files: File[]; skipped: string[] }> {
  let entries: Record<string, Uint8Array>;
  const bytes = new Uint8Array(await archive.arrayBuffer());
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new RangeError(
      `${archive.name} is not a .zip archive Spanwright can read (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  // A damaged archive is refused whole, as a file that cannot be read: nothing from it is stored.
  // Entries skipped as no one's files (a macOS resource fork) are not checked. An archive whose directory
  // this reader cannot follow, though fflate could, is refused too: unchecked, it would import silently.
  const damaged = damagedEntries(bytes, entries, (path) => !isJunk(path));
  if (damaged === null)
    throw new RangeError(
      `${archive.name} cannot be checked: its central directory (where each entry's checksum is kept) cannot be read`,
    );
  if (damaged.length > 0)
    throw new RangeError(
      `${archive.name} is damaged: ${damaged.map((name) => JSON.stringify(name)).join(', ')} ${damaged.length === 1 ? 'does' : 'do'} not match the checksum the archive recorded (CRC-32), so nothing from it is imported`,
    );
  const files: File[] = [];
  const skipped: string[] = [];
  for (const [entry, data] of Object.entries(entries)) {
    // The .zip format's separator is "/"; some Windows tools (PowerShell 5's Compress-Archive) wrote "\".
    const path = entry.replaceAll('\\', '/');
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

/** Characters of a file encoded and compressed between two turns of `pause`. */
const PIECE_CHARACTERS = 1 << 16;

/**
 * One .zip of `files` (paths made unique: a second `a.txt` becomes `a-2.txt`), compressed with
 * deflate at level 6, as the archive's bytes in order (a Blob's parts). Each file is encoded and
 * compressed a piece at a time, with `pause` after each piece, so the caller may give the event
 * loop a turn: a large export is never one long task.
 */
export async function zipFiles(
  files: readonly OutputFile[],
  pause: () => Promise<void> | undefined = () => undefined,
): Promise<Uint8Array<ArrayBuffer>[]> {
  const encoder = new TextEncoder();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk as Uint8Array<ArrayBuffer>);
  });
  const paths = new Set<string>();
  for (const file of files) {
    let path = file.path;
    for (let copy = 2; paths.has(path); copy++)
      path = file.path.replace(/(\.[^./]*)?$/u, (extension) => `-${copy}${extension}`);
    paths.add(path);
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    const text = file.text;
    if (text.length === 0) entry.push(new Uint8Array(0), true);
    for (let from = 0; from < text.length;) {
      let to = Math.min(from + PIECE_CHARACTERS, text.length);
      // Never between the two halves of a surrogate pair: each piece is encoded on its own.
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      entry.push(encoder.encode(text.slice(from, to)), to === text.length);
      from = to;
      await pause();
    }
  }
  zip.end();
  if (failure) throw failure;
  return parts;
}
