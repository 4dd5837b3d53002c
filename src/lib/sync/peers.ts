/** Who else is online in the project, as the corpus document's awareness tells (each tab of a member is one). */
import type { Awareness } from 'y-protocols/awareness';
import type { Peer } from './teamTypes';

/** The other clients' names and open documents, by name. */
export function peersOf(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = (state as { user?: { name?: unknown; documentId?: unknown } }).user;
    if (typeof user?.name !== 'string') continue;
    peers.push({ clientId, name: user.name, documentId: typeof user.documentId === 'string' ? user.documentId : null });
  }
  return peers.sort((left, right) => left.name.localeCompare(right.name));
}
