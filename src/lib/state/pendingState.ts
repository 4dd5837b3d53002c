import type { BackupContent } from '../storage/backup';
import type { ImportAnalysis, ImportProgress, ImportResult } from '../storage/importer';
import type { FeedbackFile, FeedbackPreview, FeedbackResult } from '../storage/store';
import type { KeptSince } from '../storage/importTypes';

/** Where an import card's file is: detected, analysed, written, or why not. */
export type PendingState =
  | { kind: 'detecting' }
  | { kind: 'unknown' }
  | { kind: 'analysing'; progress: ImportProgress | null }
  | { kind: 'ready'; analysis: ImportAnalysis }
  | { kind: 'refused'; analysis: ImportAnalysis }
  | { kind: 'backup'; content: BackupContent }
  | { kind: 'backup-refused'; errors: { line: number; message: string }[]; errorCount: number }
  | { kind: 'writing'; progress: ImportProgress | null }
  | { kind: 'imported'; result: ImportResult; analysis: ImportAnalysis }
  | { kind: 'restored' }
  | { kind: 'feedback'; file: FeedbackFile; preview: FeedbackPreview }
  | { kind: 'feedback-refused'; errors: { line: number; message: string }[]; errorCount: number }
  | { kind: 'feedback-applied'; result: FeedbackResult; preview: FeedbackPreview }
  /** `kept`: what the import had stored and was kept because it was labelled meanwhile (in another tab). */
  | { kind: 'cancelled'; wasWriting: boolean; kept: KeptSince | null }
  /** Match patterns: no documents to import; the suggestions panel matches them instead. */
  | { kind: 'patterns' }
  | { kind: 'failed'; message: string };

/** What the import needs from the browser: how much storage is free, and a hook after a write. */
export interface TransferEnvironment {
  /** `navigator.storage.estimate`, for saying how much space a failed import needs. */
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  /** Called after a file was stored: the first real work asks for persistent storage. */
  onStored?(): void;
  /** The clock feedback imports stamp their writes with (`Date.now` when not given). */
  now?(): number;
}
