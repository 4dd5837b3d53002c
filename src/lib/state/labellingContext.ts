import type { Status } from '../model/types';
import type { Store } from '../storage/store';
import type { Announcer } from './announcer.svelte';
import type { KeyName } from './keyNames';
import type { LabelJournal } from './labelJournal';
import type { OpenDocument } from './openDocument.svelte';
import type { Session } from './session.svelte';

/** What labelling needs of the rest of the workbench. */
export interface LabellingContext {
  store: Store;
  session: Session;
  document: OpenDocument;
  /** Where a screen reader is told of a span made. */
  announcer: Announcer;
  /** The annotator's status of a document. */
  statusOf(documentId: string): Status;
  /** Opens a document (undo of a status returns to it). */
  open(documentId: string): void;
  /** Moves on to the next document of the list, the open one now `status`; answers what the status line adds. */
  advance(status: Status): string;
  /** Why the open layer takes no writes now (team sync: another member's layer), or null. */
  locked?(): string | null;
  /** Where a label being written is kept until IndexedDB has it (a tab closed meanwhile): none in some tests. */
  journal?: LabelJournal;
  /** A character key as messages name it: "T", or "Alt+T" with single-key shortcuts off. */
  keyName?: KeyName;
}

/**
 * Whether the open layer takes no writes now (`locked`: team sync, another member's layer): says why in
 * the status line and answers true. Labelling's and the suggestions' writes both ask it first.
 */
export function refusesWrites(locked: (() => string | null) | undefined, session: Session): boolean {
  const why = locked?.() ?? null;
  if (why !== null) session.notify(why, 'error');
  return why !== null;
}
