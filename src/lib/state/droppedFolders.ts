/**
 * Folders dropped on the page. A browser gives a dropped folder as one entry (`webkitGetAsEntry`, in
 * Chromium, Firefox and Safari) and as a `File` that cannot be read; its files are read from the
 * entry instead, each named by its path from the folder dropped ("corpus/alice/d1.ann"), as a .zip's
 * entries are, so a brat folder per annotator reads as their layers and pairs keep together. Dot
 * files and macOS resource forks are left out, as a .zip's are.
 */
import { isJunk } from '../formats/junkPaths';

/**
 * What a drop holds, taken while its event runs (the browser empties `transfer` after it): the
 * entries when a folder is among them, else null (plain files: `transfer.files` as they are).
 */
export function droppedEntries(transfer: DataTransfer | null): FileSystemEntry[] | null {
  if (!transfer) return null;
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (!entries.some((entry) => entry?.isDirectory === true)) return null;
  return entries.filter((entry): entry is FileSystemEntry => entry !== null);
}

/** Folders within folders read at most this deep (a link back to a folder above would go round for ever). */
const MAX_DEPTH = 32;

/**
 * The files of `entries`, those of folders read through (sorted by path); `unreadable` names each
 * file or folder the browser would not read, with why.
 */
export async function filesOfEntries(
  entries: readonly FileSystemEntry[],
): Promise<{ files: File[]; unreadable: string[] }> {
  const files: File[] = [];
  const unreadable: string[] = [];
  const path = (entry: FileSystemEntry) => entry.fullPath.replace(/^\/+/u, '');
  async function walk(entry: FileSystemEntry, depth = 0): Promise<void> {
    if (entry.isDirectory ? entry.name.startsWith('.') || entry.name === '__MACOSX' : isJunk(path(entry))) return;
    try {
      if (entry.isFile) {
        const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
        files.push(new File([file], path(entry), { type: file.type, lastModified: file.lastModified }));
        return;
      }
      if (depth >= MAX_DEPTH) throw new Error(`folders more than ${MAX_DEPTH} deep are not read`);
      for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, depth + 1);
    } catch (error) {
      unreadable.push(`${path(entry)} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  for (const entry of entries) await walk(entry);
  files.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return { files, unreadable };
}

/** Every entry of a folder: the browser gives them a batch at a time (100 in Chromium), then an empty one. */
async function readAll(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
