/** The messages between the page and the Worker that reads and stores an imported file (incoming.worker.ts). */
import type { FormatError } from '../formats/records';
import type { ImportAnalysis, ImportOptions, ImportProgress, ImportResult, KeptSince } from './importTypes';

/** The import's options without what can not cross to a Worker (callbacks, the signal). */
export type PlainImportOptions = Omit<ImportOptions, 'onProgress' | 'now' | 'signal' | 'locks'>;

/** The file as it crosses: its Blobs (a browser `File` keeps its name). */
export interface PlainSource {
  name: string;
  size: number;
  files: File[];
  /** Files that came with it and are not read, named (`FileSource.companions`): the card lists them. */
  companions?: string[];
  /** Files that may name a token file's class ids (`FileSource.classNames`). */
  classNames?: File[];
}

export type IncomingRequest =
  | { type: 'analyse'; databaseName: string; source: PlainSource; options: PlainImportOptions }
  /** `now`: the clock the rows are stamped with, read on the page when the user confirmed. */
  | { type: 'commit'; now: number }
  /** Stops the analysis or the commit between two batches; a commit takes back what it wrote. */
  | { type: 'cancel' };

export type IncomingResponse =
  /** The analysis reached the Worker (its code loaded): the page ends a Worker that never says so. */
  | { type: 'received' }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'analysed'; analysis: ImportAnalysis }
  | { type: 'committed'; result: ImportResult }
  /**
   * `errors`: the file's own errors, when storage changed between analysis and commit (`ImportFailure`);
   * `kept`: what the commit's take-back kept because it was labelled meanwhile.
   */
  | { type: 'failed'; name: string; message: string; errors?: FormatError[]; kept?: KeptSince };
