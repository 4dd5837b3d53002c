import { parseDoccanoLine } from '../formats/doccano';
import { detectFormat, DETECT_HEAD_BYTES } from '../formats/detect';
import { readJsonlLines } from '../formats/jsonlReader';
import { parseLabelStudio } from '../formats/labelStudio';
import { parseNativeLine } from '../formats/native';
import { parsePlainText } from '../formats/plainText';
import type { AnnotatedRecord, FormatError, FormatName, OffsetUnit } from '../formats/records';

/** A file to import: a browser `File`, or any Blob with a name. */
export interface NamedBlob {
  name: string;
  size: number;
  slice(start?: number, end?: number): Blob;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type SourceFormat = FormatName | 'backup';

/** One item read from a file: a record with the line it came from, or an error. */
export type SourceItem = { record: AnnotatedRecord; line: number } | { error: FormatError };

/** The longest first line read to detect a format (a record with a long text can be megabytes). */
const MAX_FIRST_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Which format `file` is in, from its name and its first 64 KB; when the first JSONL record is
 * longer than that (a long document), from the whole first line.
 */
export async function detectFileFormat(file: NamedBlob): Promise<SourceFormat | null> {
  const bytes = new Uint8Array(await file.slice(0, DETECT_HEAD_BYTES).arrayBuffer());
  // A cut multi-byte character at the end of the head must not make detection fail.
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const head = decoder.decode(bytes);
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

/**
 * Reads `file` as `format`, one record at a time. JSONL formats stream line by line (the file is
 * never one string); Label Studio JSON and plain text are read whole, as their formats require.
 */
export async function* readRecords(
  file: NamedBlob,
  format: FormatName,
  unit: OffsetUnit = 'codepoint',
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<SourceItem> {
  if (format === 'native' || format === 'doccano') {
    for await (const item of readJsonlLines(file.stream(), { onProgress: onBytes })) {
      if (item.error) {
        yield { error: item.error };
        continue;
      }
      const parsed =
        format === 'native'
          ? parseNativeLine(item.line, item.lineNumber, unit)
          : parseDoccanoLine(item.line, item.lineNumber);
      if ('value' in parsed) yield { record: parsed.value, line: item.lineNumber };
      else for (const error of parsed.errors) yield { error };
    }
    return;
  }
  if (format === 'labelstudio') {
    const parsed = parseLabelStudio(await file.text());
    onBytes?.(file.size);
    if ('value' in parsed) for (const record of parsed.value) yield { record, line: 0 };
    else for (const error of parsed.errors) yield { error };
    return;
  }
  const parsed = parsePlainText(file.name, new Uint8Array(await file.arrayBuffer()));
  onBytes?.(file.size);
  if ('value' in parsed) yield { record: parsed.value, line: 1 };
  else for (const error of parsed.errors) yield { error };
}
