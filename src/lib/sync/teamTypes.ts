/** What team sync is given and what it tells (teamSync.ts): its settings, its listener, its options. */
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import type { LocalStore } from '../storage/localStore';
import type { HeldLayer } from './heldSpans';
import type { ReviewConflict } from './reviewConflicts';

/** How a team notice is shown (see `TeamListener.notice`). */
export type NoticeKind = 'news' | 'warning';

export interface TeamSettings {
  /** A ws:// or wss:// URL. */
  server: string;
  project: string;
  token: string;
  /** Whose layer this client writes: the annotator name. */
  annotator: string;
}

export type TeamStatus = 'connecting' | 'online' | 'offline' | 'refused';

/** Another member online, and the document they have open. */
export interface Peer {
  /** The client's id in the awareness protocol: one member may be online in several tabs. */
  clientId: number;
  name: string;
  documentId: string | null;
  /** Where the document is open: labelled on the Documents page, or reviewed. */
  page: PresencePage;
}

/** The page a member's open document is on, as presence tells it. */
export type PresencePage = 'documents' | 'review';

/** What the team's state hears. */
export interface TeamListener {
  status(status: TeamStatus, message: string | null): void;
  peers(peers: Peer[]): void;
  /**
   * How many changes wait for the server: those this page sent that it has not confirmed, or, if more,
   * the shared documents marked as holding changes not confirmed since before a reload (unsentMarks.ts).
   */
  unsynced(count: number): void;
  /** Opposite review decisions on the same spans, settled by the rule of reviewConflicts.ts (reviewers only). */
  conflicts(conflicts: ReviewConflict[]): void;
  /** The team's spans kept aside, as their document here can not carry them (heldSpans.ts). */
  held?(layers: HeldLayer[]): void;
  /**
   * The server could not be reached after a few attempts (a sentence naming its address; the sync
   * keeps trying), or null once a connection opens (reachability.ts).
   */
  unreachable?(message: string | null): void;
  error(error: unknown): void;
  /**
   * A sentence for the member's status line. `news` (a rename the team made) waits for a free status
   * line and fades as passing news does; a `warning` (the team removed a label and this member's spans
   * with it) stands out and fades after a longer while; the rest (a label split, work the server
   * refuses) stays until replaced.
   */
  notice?(text: string, kind?: NoticeKind): void;
  /** Whether the server lets this token write the Annotator's layer (false: another member's, read-only). */
  layer?(writable: boolean): void;
  /** This member's role as the server lists it (null: not listed yet), and the names in the team's label set. */
  role?(role: 'annotator' | 'reviewer' | null): void;
  teamLabels?(names: string[]): void;
  /**
   * A restore replaced this database's data under the sync (storage/restoreMark.ts): the sync shares
   * nothing more; start a new one, which merges the team's state back into the restored data.
   */
  restored?(): void;
}

export interface TeamOptions {
  now?: () => number;
  /** A WebSocket class where the platform has none (Node in tests). */
  WebSocketPolyfill?: unknown;
  /** Where the browser says its network went or came back (default: the window; null: nowhere). */
  network?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  /** Where the shared documents with unacknowledged changes are marked (default: localStorage; tests pass a map). */
  unsentStorage?: LocalStore;
}

/** What the label sync needs of team sync: whose copy it is, where its joined mark is kept, whom to tell. */
export interface TeamLabelsContext {
  annotator: string;
  /** The name under which the sync's stored updates keep a mark once this copy has taken the team's set in. */
  joinedMark: string;
  /** The name under which they keep the label set this copy and the team last agreed on. */
  baseMark: string;
  /** The name under which they keep the team's renames this copy has taken in (renameHistory.ts). */
  renamesMark: string;
  /** The project: only the renames and removals made under it are shared (storage/labelRenames.ts). */
  project: string;
  /** A restore replaced this database and no sync has merged the team back in since. */
  restored: boolean;
  listener: Pick<TeamListener, 'notice' | 'teamLabels'>;
  /**
   * A rename from the team moved spans here, in every layer: the layers of others, which their own
   * copies move and share, are then brought back to what their shared documents hold.
   */
  renamedHere?: () => void;
}

/** One shared Yjs document of the project, as team sync holds it (its provider once connected). */
export interface Shared {
  name: string;
  doc: Y.Doc;
  provider: HocuspocusProvider | null;
}

/** Why the connection is refused when the server lets this token only read the Annotator's layer. */
export const readOnlyLayerNote = (annotator: string): string =>
  `The server does not let this token write the layer of “${annotator}”: the Annotator name must be the member the token belongs to.`;
