/** The messages between the page and the Worker that writes export and backup files (outgoing.worker.ts). */
import type { ExportCheck, ExportOptions, ExportResult } from './exporter';

/** The export's options without what can not cross to a Worker (the progress callback, the signal). */
export type PlainExportOptions = Omit<ExportOptions, 'onProgress' | 'signal'>;

/** A job on the database named `databaseName`. */
export type OutgoingRequest = { databaseName: string } & (
  | { job: 'export'; options: PlainExportOptions }
  | { job: 'check'; options: PlainExportOptions }
  | { job: 'backup'; now: Date }
);

/** What each job resolves with. */
export interface OutgoingResults {
  export: ExportResult;
  check: ExportCheck;
  backup: Blob;
}

/** How often a Worker at work says it is alive (outgoingClient.ts ends one that says nothing for long). */
export const ALIVE_MS = 2000;

export type OutgoingResponse =
  | { type: 'alive' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: OutgoingResults[keyof OutgoingResults] }
  | { type: 'failed'; name: string; message: string };
