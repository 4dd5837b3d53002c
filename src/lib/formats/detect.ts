/**
 * Which format a file is in, from its name and its first ~64 KB, before reading it all: a
 * Spanwright backup or feedback file by its first key, else the format of the registry most sure of it.
 *
 * @see ../../../docs/formats.md
 */
import { binaryAt, ENCODING_SNIFF_BYTES, looksLikeUtf16, UTF16_MESSAGE, utf16ByMark } from './encoding';
import { FEEDBACK_MARKER_KEY } from './feedbackFile';
import type { FileSource, NamedBlob } from './format';
import { topLevelKeys } from './jsonOutline';
import type { FormatName } from './records';
import { FORMATS } from './registry';
import { exportCompanion } from './sources';

/** Nothing but white space and byte order marks. */
const BLANK = /^[\s\uFEFF]*$/u;
const decodeLoosely = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/** The key that opens the first line of a Spanwright backup (the rest belongs to storage). */
export const BACKUP_MARKER_KEY = 'spanwright_backup';
/** How much of a file's start {@link detectFormat} wants to see. */
export const DETECT_HEAD_BYTES = 64 * 1024;
/** The longest first line read to detect a format (a record with a long text can be megabytes). */
const MAX_FIRST_LINE_BYTES = 64 * 1024 * 1024;

/**
 * What a file can be read as: a format of the registry, a Spanwright backup, a reviewer's feedback
 * file, or match patterns (`formats/patterns.ts`: no documents, their matches become suggestions).
 */
export type SourceFormat = FormatName | 'backup' | 'feedback' | 'patterns';

/**
 * `.txt` → text; a JSON array → labelstudio; JSONL whose first record has `spanwright_backup` →
 * backup, `spanwright_feedback` → feedback, `label` and `pattern` without `text` → patterns (spaCy / Prodigy
 * match patterns), Prodigy's own keys (`_input_hash`, `answer`…) → prodigy (a ner.teach task has a
 * `label` too), `spans` → native, `label`/`labels` → doccano, only `text` (and id, meta…) → native.
 * Null when nothing fits, or when `head` ends inside a first record that has shown only `id` and
 * `text` so far (it could still be either JSONL format: ask the user).
 */
export function detectFormat(fileName: string, head: string): SourceFormat | null {
  const start = /^[\s\uFEFF]*/u.exec(head)?.[0].length ?? 0;
  const first = head.charAt(start);
  const object = first === '{' ? start : first === '[' ? head.indexOf('{', start) : -1;
  // The first element of an array counts only when it is an object (`[ {` with nothing else between).
  const firstObject = object >= 0 && head.slice(start + 1, object).trim() === '' ? object : first === '{' ? start : -1;
  const { keys, complete } = firstObject >= 0 ? topLevelKeys(head.slice(firstObject)) : { keys: [], complete: false };
  if (first === '{' && keys.includes(BACKUP_MARKER_KEY) && !/\.txt$/iu.test(fileName)) return 'backup';
  if (first === '{' && keys.includes(FEEDBACK_MARKER_KEY) && !/\.txt$/iu.test(fileName)) return 'feedback';
  if (first === '{' && keys.includes('pattern') && keys.includes('label') && !keys.includes('text')) return 'patterns';
  let best: { format: FormatName; score: number } | null = null;
  for (const format of FORMATS) {
    const score = format.detect({ name: fileName, text: head, keys, complete, first });
    if (score > 0 && (best === null || score > best.score)) best = { format: format.id, score };
  }
  return best?.format ?? null;
}

/** True for a file a binary format knows by its name (`FileFormat.binary`). */
function binaryByName(name: string): boolean {
  return FORMATS.some(
    (format) => format.binary && format.detect({ name, text: '', keys: [], complete: false, first: '' }) > 0,
  );
}

/** Which format `source` is in: brat when it holds a .ann file, else what its first file looks like. */
export async function detectSourceFormat(source: FileSource): Promise<SourceFormat | null> {
  if (source.files.some((file) => /\.ann$/iu.test(file.name))) return 'brat';
  return source.files.length === 0 ? null : detectFileFormat(source.files[0]);
}

/**
 * Which format `file` is in, from its name and its first 64 KB; when the first JSONL record is
 * longer than that (a long document), from the whole first line.
 */
export async function detectFileFormat(file: NamedBlob): Promise<SourceFormat | null> {
  const bytes = new Uint8Array(await file.slice(0, DETECT_HEAD_BYTES).arrayBuffer());
  // A cut multi-byte character at the end of the head must not make detection fail.
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const detected = detectFormat(file.name, head);
  if (detected !== null || !head.trimStart().startsWith('{') || bytes.includes(10) || file.size <= DETECT_HEAD_BYTES)
    return detected;
  let end = DETECT_HEAD_BYTES;
  while (end < file.size && end < MAX_FIRST_LINE_BYTES) {
    const next = Math.min(file.size, end * 2, MAX_FIRST_LINE_BYTES);
    const chunk = new Uint8Array(await file.slice(end, next).arrayBuffer());
    const newline = chunk.indexOf(10);
    end = newline === -1 ? next : end + newline;
    if (newline !== -1) break;
  }
  const firstLine = new TextDecoder('utf-8', { fatal: false }).decode(
    new Uint8Array(await file.slice(0, end).arrayBuffer()),
  );
  return detectFormat(file.name, firstLine);
}

/** A spreadsheet (binary: said so, not as "a binary file such as an image"). */
const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|numbers)$/iu;

/**
 * Why `source` can not be imported in any format, said once on its card before detection (a
 * sentence that follows the file's name): an empty file, a UTF-16 one or a binary one (`encoding.ts`), or a file an
 * export writes beside its data, alone. Null when a format may read it.
 */
export async function unreadableSource(source: FileSource): Promise<string | null> {
  if (source.files.length === 1) {
    const [file] = source.files;
    if (file.size === 0) return 'cannot be imported: the file is empty, so there is nothing to import.';
    const companion = exportCompanion(file.name);
    if (companion !== null)
      return `holds no documents, so nothing in it is imported: it is ${companion}. Drop it together with the data file beside it.`;
  }
  const sheet = source.files.find((file) => SPREADSHEET.test(file.name));
  if (sheet)
    return `cannot be imported: ${source.files.length > 1 ? `${sheet.name} is` : 'it is'} a spreadsheet, and Spanwright reads no tables (doccano and Label Studio export their span labels as JSONL or JSON: import that instead).`;
  for (const file of source.files) {
    if (binaryByName(file.name)) continue; // binary by design (spaCy's): its reader says what is wrong with one
    const start = new Uint8Array(await file.slice(0, ENCODING_SNIFF_BYTES).arrayBuffer());
    const which = source.files.length > 1 ? ` (${file.name})` : '';
    // A plain text whose byte order mark names its UTF-16 is read as such (`plainText.ts`); other files are UTF-8,
    // a .txt in another format too (a CoNLL train.txt: its reader reads UTF-8).
    const marked = /\.txt$/iu.test(file.name) ? utf16ByMark(start) : null;
    const markedText = marked !== null && detectFormat(file.name, new TextDecoder(marked).decode(start)) === 'text';
    if (looksLikeUtf16(start) && !markedText) return `cannot be imported: ${UTF16_MESSAGE}${which}.`;
    if (markedText) continue;
    const nul = binaryAt(start);
    if (nul !== -1)
      return `cannot be imported: it is not UTF-8 text${which} (a NUL byte at byte ${nul + 1}): a binary file such as an image, or text saved as UTF-16 or UTF-32. Spanwright reads text files (JSONL, JSON, CoNLL, brat, WebAnno TSV, plain text) in UTF-8, and spaCy’s .spacy files: save it so and import it again.`;
    const blank = source.files.length === 1 && file.size <= ENCODING_SNIFF_BYTES && BLANK.test(decodeLoosely(start));
    if (blank) return 'cannot be imported: the file is empty (white space only), so there is nothing to import.';
  }
  return null;
}
