/** Who else is online in the project, as the corpus document's awareness tells (each tab of a member is one). */
import type { Awareness } from 'y-protocols/awareness';
import type { Peer, PresencePage } from './teamTypes';

/** The other clients' names and open documents, by name; not the member's own (`own`) other tabs. */
export function peersOf(awareness: Awareness, own?: string): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = (state as { user?: { name?: unknown; documentId?: unknown; page?: unknown } }).user;
    if (typeof user?.name !== 'string' || user.name === own) continue;
    const documentId = typeof user.documentId === 'string' ? user.documentId : null;
    peers.push({ clientId, name: user.name, documentId, page: user.page === 'review' ? 'review' : 'documents' });
  }
  return peers.sort((left, right) => left.name.localeCompare(right.name));
}

/**
 * This client's presence in the corpus document's awareness. It names the annotator only once the
 * server let the token write the annotator's layer (the name is the token owner's: the server refuses
 * presence naming another member), and says which document is open, and whether to review it.
 */
export class Presence {
  readonly #annotator: string;
  readonly #report: (peers: Peer[]) => void;
  #awareness: Awareness | null = null;
  #verified = false;
  #documentId: string | null = null;
  #page: PresencePage = 'documents';

  constructor(annotator: string, report: (peers: Peer[]) => void) {
    this.#annotator = annotator;
    this.#report = report;
  }

  /**
   * The corpus document's awareness, once its provider exists: told who is online as it changes.
   * Returns what stops listening. The provider clears this client's state when the page is hidden;
   * a page the browser restores from its back-forward cache announces itself again.
   */
  attach(awareness: Awareness | null, page: EventTarget | null = globalThis.window ?? null): () => void {
    this.#awareness = awareness;
    awareness?.on('change', () => this.#report(peersOf(awareness, this.#annotator)));
    this.#announce();
    const shown = (event: Event) => (event as PageTransitionEvent).persisted && this.#announce();
    page?.addEventListener('pageshow', shown);
    return () => page?.removeEventListener('pageshow', shown);
  }

  /** Whether the server lets the token write the annotator's layer (its answer on each connection). */
  verified(writable: boolean): void {
    this.#verified = writable;
    this.#announce();
  }

  /** Says which document is open, and on which page (reviewed, or labelled). */
  open(documentId: string | null, page: PresencePage = 'documents'): void {
    this.#documentId = documentId;
    this.#page = page;
    this.#announce();
  }

  #announce(): void {
    const awareness = this.#awareness;
    if (!awareness) return;
    const user = this.#verified ? { name: this.#annotator, documentId: this.#documentId, page: this.#page } : null;
    // Not setLocalStateField: it does nothing once the provider cleared the state (a hidden page).
    awareness.setLocalState({ ...awareness.getLocalState(), user });
  }
}
