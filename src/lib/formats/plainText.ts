/**
 * A plain `.txt` file: one document, no spans. The id is the file name without its last extension;
 * the text is the file's exact UTF-8 content (a byte order mark is kept as U+FEFF).
 *
 * @see https://encoding.spec.whatwg.org/#utf-8-decode
 * @see ../../../docs/formats.md
 */
import { latinLooking, looksLikeUtf16, UTF16_MESSAGE, utf16ByMark } from './encoding';
import type { FileFormat } from './format';
import { recordTitle, type AnnotatedRecord, type ParseResult } from './records';

/** `dir/a.b.txt` → `a.b`; a leading dot (`.notes`) is part of the name, not an extension. */
export function idFromFileName(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** What the card says of a text read as UTF-16 by its byte order mark. */
export const UTF16_READ_NOTE =
  'Read as UTF-16, as its byte order mark says (the mark itself is not part of the text); exports write it as UTF-8.';

/**
 * Reads a `.txt` file; UTF-16 with a byte order mark is read as such (`utf16`), other UTF-16 refused (said so), as
 * are NUL bytes, invalid UTF-8 ("not valid UTF-8") and empty text.
 */
export function parsePlainText(fileName: string, bytes: Uint8Array): ParseResult<AnnotatedRecord> & { utf16?: true } {
  const id = idFromFileName(fileName);
  if (id.length === 0) return { errors: [{ line: 0, message: 'the file has no name to use as the document id' }] };
  const marked = utf16ByMark(bytes);
  if (marked) return { ...decodedText(id, bytes, marked), utf16: true };
  if (looksLikeUtf16(bytes)) return { errors: [{ line: 0, message: UTF16_MESSAGE }] };
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    return {
      errors: [{ line: lineAt(bytes, nul), message: `not a text file (it contains a NUL byte at byte ${nul + 1})` }],
    };
  return decodedText(id, bytes, 'utf-8');
}

/** The document of a text file in `encoding` (UTF-8 keeps a byte order mark as U+FEFF; UTF-16's is its marker). */
function decodedText(id: string, bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be') {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: encoding === 'utf-8' }).decode(bytes);
  } catch {
    const line = encoding === 'utf-8' ? firstInvalidLine(bytes) : 0;
    const message =
      encoding === 'utf-8'
        ? `not valid UTF-8${latinLooking(bytes) ? ' (it looks like Latin-1 or Windows-1252)' : ''}: save it as UTF-8 and import it again`
        : 'not valid UTF-16 (its byte order mark says UTF-16, but a character in it is broken): save it as UTF-8 and import it again';
    return { errors: [{ line, message }] };
  }
  if (text.length === 0) return { errors: [{ line: 0, message: 'the file is empty' }] };
  // UTF-8 was looked at for NUL bytes already; a UTF-16 mark before binary bytes shows here (helper-203).
  const nul = encoding === 'utf-8' ? -1 : text.indexOf('\u0000');
  if (nul !== -1)
    return { errors: [{ line: 0, message: `not a text file (it contains a NUL character at ${nul + 1})` }] };
  const meta = {};
  return { value: { id, text, title: recordTitle(text, id, meta), annotator: null, status: null, spans: [], meta } };
}

/** 1-based line of byte `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = bytes.indexOf(10); index !== -1 && index < offset; index = bytes.indexOf(10, index + 1)) line++;
  return line;
}

/** The first line that does not decode: a newline byte never occurs inside a UTF-8 sequence. */
function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const newline = bytes.indexOf(10, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (newline === -1) break;
    start = newline + 1;
    line++;
  }
  return 0;
}

/** A `.txt` file: one document's text exactly, nothing else. */
export const plainTextFormat: FileFormat = {
  id: 'text',
  name: 'Plain text',
  detail: 'one document',
  extension: 'txt',
  mime: 'text/plain',
  units: ['codepoint'],
  offsets: false,
  wholeFile: true,
  carries: { annotator: false, status: false, meta: false, spans: false, documents: false },
  detect: ({ name }) => (/\.txt$/iu.test(name) ? 3 : 0),
  async *read(file, { onBytes }) {
    const parsed = parsePlainText(file.name, new Uint8Array(await file.arrayBuffer()));
    onBytes?.(file.size);
    if (parsed.utf16) yield { note: UTF16_READ_NOTE };
    if ('value' in parsed) yield { record: parsed.value, line: 1 };
    else for (const error of parsed.errors) yield { error };
  },
  // The first record's text alone: a text file holds one document.
  *write(records) {
    for (const record of records) {
      yield record.text;
      return;
    }
  },
};
