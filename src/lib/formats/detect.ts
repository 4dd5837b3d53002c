/**
 * Which format a file is in, from its name and its first ~64 KB, before reading it all.
 *
 * @see ../../../docs/formats.md
 */
import type { FormatName } from './records';
import { topLevelKeys } from './jsonOutline';

/** The key that opens the first line of a Spanwright backup (the rest belongs to storage). */
export const BACKUP_MARKER_KEY = 'spanwright_backup';
/** How much of a file's start {@link detectFormat} wants to see. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/**
 * `.txt` → text; a JSON array → labelstudio; JSONL whose first record has `spanwright_backup` →
 * backup, `spans` → native, `label`/`labels` → doccano, only `text` (and id, meta…) → native.
 * Null when nothing fits, or when `head` ends inside a first record that has shown only `id` and
 * `text` so far (it could still be either JSONL format: ask the user).
 */
export function detectFormat(fileName: string, head: string): FormatName | 'backup' | null {
  if (/\.txt$/iu.test(fileName)) return 'text';
  const start = /^[\s\uFEFF]*/u.exec(head)?.[0].length ?? 0;
  const first = head.charAt(start);
  if (first === '[') return 'labelstudio';
  if (first !== '{') return null;
  const { keys, complete } = topLevelKeys(head.slice(start));
  if (keys.includes(BACKUP_MARKER_KEY)) return 'backup';
  if (keys.includes('spans')) return 'native';
  if (keys.includes('label') || keys.includes('labels')) return 'doccano';
  // A first record cut off by the end of `head` may still have a `label` key to come.
  if (keys.includes('text') && complete) return 'native';
  return null;
}
