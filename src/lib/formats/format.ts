/**
 * What every file format module offers the registry (`registry.ts`): how it recognises a file,
 * reads it into records, writes records, and which of Spanwright's data it carries. The import
 * and export dialogs list formats from the registry and say what a format leaves out.
 *
 * @see ../../../docs/formats.md
 */
import type { OffsetReading, OffsetUnit, ReadingSurvey } from './offsetReadings';
import type { AnnotatedRecord, FormatError, FormatName } from './records';
import type { ExportNames } from './uniqueNames';
import type { TokenRule } from './tokenRule';

/** A file to import: a browser `File`, or any Blob with a name. */
export interface NamedBlob {
  name: string;
  size: number;
  slice(start?: number, end?: number): Blob;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What one import reads: a file, or files that belong together (brat's .txt and .ann pairs). */
export interface FileSource {
  /** What the user calls it: the file's name, or the archive's, or "brat: 12 documents". */
  name: string;
  /** Bytes in all. */
  size: number;
  files: readonly NamedBlob[];
  /** Files that came with it and are not read (an export's `labels.json`…), named: the card lists them. */
  companions?: readonly string[];
  /**
   * Files beside it that may name a token file's class ids (`labels.json`, `dataset_info.json`:
   * `classNames.ts`), those of its own folder or the nearest above (`classNamesFor`).
   */
  classNames?: readonly NamedBlob[];
}

/**
 * Something a file holds that Spanwright will not import (or a format cannot write), counted, so
 * the preview can say so before the user confirms: nothing is dropped without a word.
 */
export interface Loss {
  /** What is left out, as a plural noun phrase: "relations", "rejected answers". */
  what: string;
  /** Why, briefly: "Spanwright keeps spans, not relations between them". */
  why: string;
  count: number;
  /** The line of the first one, when the format knows (1-based). */
  line?: number;
  /** True when `line` is where the record holding it starts (a JSON record may span many lines). */
  inRecord?: true;
  /** A few of them, said so the user can find them: `"Kim Jong" 12–20 (visit)`. */
  examples?: string[];
  /** True when they are spans an export does not write at all: its count of spans leaves them out. */
  unwritten?: true;
  /** True when the format writes the loss once per document, not per layer (a Label Studio task's data). */
  perDocument?: true;
}

/**
 * One item read from a file: a record with the line it starts on, an error, something left out,
 * or a note the preview shows once (how a token file's text was rebuilt, which tag scheme it uses).
 */
export type SourceItem =
  { record: AnnotatedRecord; line: number } | { error: FormatError } | { loss: Loss } | { note: string };

/** The start of a file, as detection sees it. */
export interface FileHead {
  name: string;
  /** The first ~64 KB, decoded (or the whole first line of a JSONL file with a longer first record). */
  text: string;
  /**
   * Top-level keys of the first JSON object, in order: the object the text starts with, or the
   * first element of the array it starts with (none when it starts with neither).
   */
  keys: readonly string[];
  /** False when the first object is cut off by the end of `text`. */
  complete: boolean;
  /** The first character that is not white space or a byte order mark. */
  first: string;
}

/** Which of Spanwright's data a format keeps; what it does not, an export says it leaves out. */
export interface Carries {
  /** Whose layer a record is; `'several layers'`: only in an export of several (Hugging Face's lines then name it). */
  annotator: boolean | 'several layers';
  /** The document's status (todo, done, skipped). */
  status: boolean;
  /** The document's metadata (source URL, title…). */
  meta: boolean;
  /** Spans at all (plain text carries none). */
  spans: boolean;
  /** More than one document per file. */
  documents: boolean;
  /** A note on each span (native `meta.note`, brat `AnnotatorNotes`); absent: none, and an export counts them. */
  spanNotes?: boolean;
  /** Where an accepted suggestion came from (native `meta.source`: `pattern:…`, `propagated`, `model:…`); absent: an export counts them. */
  spanSources?: boolean;
  /** A gold span's review decision (native `meta.origin`: kind, annotators, reviewer, time); absent: an export counts them. */
  spanOrigins?: boolean;
  /** Whether a span's example mark (the guidelines' ★) is written. */
  spanExamples?: boolean;
  /**
   * Model predictions (layers named `model:…`) as predictions, not as a person's layer (native keeps
   * the name, Label Studio writes `predictions`); absent: an export of every layer leaves them out, counted.
   */
  predictions?: boolean;
}

export interface ReadOptions {
  /** How the file's offsets count its text (code points unless the user chose another). */
  reading: OffsetReading;
  /** Learns how many quoted spans each reading would fit, for the import preview. */
  survey?: ReadingSurvey;
  /** Called as bytes are read, with the number read so far. */
  onBytes?(bytesRead: number): void;
  /** Files that may name the class ids of a Hugging Face file's tags (`FileSource.classNames`). */
  classNames?: readonly NamedBlob[];
}

export interface WriteOptions {
  unit: OffsetUnit;
  /** The label set, in palette order (for formats that write a label list or a config). */
  labels: readonly string[];
  /** True when the export holds every annotator's layer: a document may come once per layer. */
  severalLayers?: boolean;
  /** The one layer the export holds (absent for every layer's): brat, which has no annotators, says whose it is. */
  layer?: string;
  /** The tokens a token format (CoNLL, Hugging Face) writes: Spanwright's words (the default) or the text's white space's. */
  tokens?: TokenRule;
  /**
   * The export's unique label and file names (`uniqueNames.ts`), shared by its check and its file;
   * absent, a format names the records of each call on their own.
   */
  names?: ExportNames;
  /**
   * False when an export's documents do not all have ids that look like numbers: a format that writes such ids as
   * numbers ({@link FileFormat.numericIds}) then writes every id as a string, so the id column has one type (a
   * Hugging Face dataset refuses a file whose ids mix numbers and strings). Absent: numbers where they look like one.
   */
  numericIds?: boolean;
}

/** A file an export writes beside (or instead of) its main file; several files download as a .zip. */
export interface OutputFile {
  /** Its path inside the .zip, e.g. `labeling-config.xml` or `ann/doc-1.ann`. */
  path: string;
  text: string;
}

export interface FileFormat {
  readonly id: FormatName;
  /** The format's name as users know it (the UI contract's option texts start with it). */
  readonly name: string;
  /** What else the format is known as or read by, e.g. "Prodigy-shaped spans". */
  readonly detail: string;
  readonly extension: string;
  readonly mime: string;
  /** Units an export may count offsets in, the default first (only native offers UTF-16). */
  readonly units: readonly OffsetUnit[];
  /** True when the format's spans are character offsets (which an import may read several ways). */
  readonly offsets: boolean;
  readonly carries: Carries;
  /** How sure the format is that `head` starts one of its files: 0 not at all; the highest wins. */
  detect(head: FileHead): number;
  /** Reads `file` one record at a time; errors come back as items, never thrown. */
  read(file: NamedBlob, options: ReadOptions): AsyncIterable<SourceItem>;
  /** For formats whose documents span several files (brat's .txt + .ann): reads them together. */
  readBundle?(files: readonly NamedBlob[], options: ReadOptions): AsyncIterable<SourceItem>;
  /**
   * Writes `records` as the file's text, chunk by chunk. Formats that group a document's layers
   * (Label Studio) expect each document's records to come together.
   */
  write(records: Iterable<AnnotatedRecord>, options: WriteOptions): Iterable<string>;
  /** True when the file is one structure (a JSON array): `write` is then given every record at once. */
  readonly wholeFile?: boolean;
  /** True when `write` gives an id that looks like a number as a number (see WriteOptions.numericIds). */
  readonly numericIds?: boolean;
  /** True for a format of tokens (CoNLL, Hugging Face, spaCy): the export chooses them (`WriteOptions.tokens`). */
  readonly tokenized?: boolean;
  /** True for a binary format (spaCy's): its files are known by name and are not checked as UTF-8 text. */
  readonly binary?: boolean;
  /** True for a format Spanwright reads but does not write. */
  readonly importOnly?: boolean;
  /**
   * For a binary format (spaCy's): the file of every record at once, instead of `write`'s text; `pause` is awaited
   * between records (the exporter gives the page a turn when its slice is used up).
   */
  writeBytes?(
    records: readonly AnnotatedRecord[],
    options: WriteOptions,
    pause?: () => Promise<void> | undefined,
  ): Promise<Blob>;
  /** What the export dialog says of the format's file (its tokenizer, where its label list is…). */
  readonly exportNote?: string;
  /**
   * For formats of one file per document (brat): the files of one record, written instead of a
   * main file; the export is then a .zip of them.
   */
  writeEach?(record: AnnotatedRecord, options: WriteOptions): OutputFile[];
  /** Files written beside the main file (a label list, a labelling config); with them the export is a .zip. */
  companions?(options: WriteOptions): OutputFile[];
  /**
   * What writing `record` in this format leaves out (spans a token format cannot hold, labels
   * renamed…), said before download; `options` are the export's, its names among them.
   */
  lossesOf?(record: AnnotatedRecord, options?: WriteOptions): Loss[];
}
