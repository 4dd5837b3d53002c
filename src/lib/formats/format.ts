/**
 * What every file format module offers the registry (`registry.ts`): how it recognises a file,
 * reads it into records, writes records, and which of Spanwright's data it carries. The import
 * and export dialogs list formats from the registry and say what a format leaves out.
 *
 * @see ../../../docs/formats.md
 */
import type { AnnotatedRecord, FormatError, FormatName, OffsetUnit } from './records';

/** A file to import: a browser `File`, or any Blob with a name. */
export interface NamedBlob {
  name: string;
  size: number;
  slice(start?: number, end?: number): Blob;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** One item read from a file: a record with the line it starts on, or an error. */
export type SourceItem = { record: AnnotatedRecord; line: number } | { error: FormatError };

/** The start of a file, as detection sees it. */
export interface FileHead {
  name: string;
  /** The first ~64 KB, decoded (or the whole first line of a JSONL file with a longer first record). */
  text: string;
  /** Top-level keys of the first JSON object, in order (none when the text does not start with `{`). */
  keys: readonly string[];
  /** False when the first object is cut off by the end of `text`. */
  complete: boolean;
  /** The first character that is not white space or a byte order mark. */
  first: string;
}

/** Which of Spanwright's data a format keeps; what it does not, an export says it leaves out. */
export interface Carries {
  /** Whose layer a record is. */
  annotator: boolean;
  /** The document's status (todo, done, skipped). */
  status: boolean;
  /** The document's metadata (source URL, title…). */
  meta: boolean;
  /** Spans at all (plain text carries none). */
  spans: boolean;
  /** More than one document per file. */
  documents: boolean;
}

export interface ReadOptions {
  /** The unit the file's offsets count in, for formats that leave it open. */
  unit: OffsetUnit;
  /** Called as bytes are read, with the number read so far. */
  onBytes?(bytesRead: number): void;
}

export interface WriteOptions {
  unit: OffsetUnit;
}

export interface FileFormat {
  readonly id: FormatName;
  /** The format's name as users know it (the UI contract's option texts start with it). */
  readonly name: string;
  /** What else the format is known as or read by, e.g. "spaCy / Prodigy spans". */
  readonly detail: string;
  readonly extension: string;
  readonly mime: string;
  /** Offset units a file may count in, the default first; a single unit is the format's own. */
  readonly units: readonly OffsetUnit[];
  readonly carries: Carries;
  /** How sure the format is that `head` starts one of its files: 0 not at all; the highest wins. */
  detect(head: FileHead): number;
  /** Reads `file` one record at a time; errors come back as items, never thrown. */
  read(file: NamedBlob, options: ReadOptions): AsyncIterable<SourceItem>;
  /**
   * Writes `records` as the file's text, chunk by chunk. Formats that group a document's layers
   * (Label Studio) expect each document's records to come together.
   */
  write(records: Iterable<AnnotatedRecord>, options: WriteOptions): Iterable<string>;
}
