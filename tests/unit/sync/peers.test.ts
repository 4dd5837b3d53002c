import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { Presence } from '../../../src/lib/sync/peers';

const userOf = (awareness: Awareness) => (awareness.getLocalState() as { user?: unknown } | null)?.user;

describe('presence', () => {
  it('names the annotator only once the server let the token write their layer, with the open document', () => {
    const awareness = new Awareness(new Y.Doc());
    const presence = new Presence('alice', () => {});
    presence.attach(awareness, null);
    presence.open('doc-1');
    expect(userOf(awareness)).toBeNull();
    presence.verified(true);
    expect(userOf(awareness)).toEqual({ name: 'alice', documentId: 'doc-1', page: 'documents' });
    presence.verified(false);
    expect(userOf(awareness)).toBeNull();
  });

  it('names the annotator again when the page comes back from the back-forward cache, and again on the next document', () => {
    const awareness = new Awareness(new Y.Doc());
    const page = new EventTarget();
    const presence = new Presence('alice', () => {});
    const stop = presence.attach(awareness, page);
    presence.verified(true);
    presence.open('doc-1');
    // What the provider does as the page is hidden: this client's state is cleared.
    removeAwarenessStates(awareness, [awareness.clientID], 'page hide');
    expect(awareness.getLocalState()).toBeNull();
    const pageshow = (persisted: boolean) => Object.assign(new Event('pageshow'), { persisted });
    page.dispatchEvent(pageshow(false));
    expect(awareness.getLocalState()).toBeNull();
    page.dispatchEvent(pageshow(true));
    expect(userOf(awareness)).toEqual({ name: 'alice', documentId: 'doc-1', page: 'documents' });
    // Cleared again, the next document opened names the annotator too.
    removeAwarenessStates(awareness, [awareness.clientID], 'page hide');
    presence.open('doc-2');
    expect(userOf(awareness)).toEqual({ name: 'alice', documentId: 'doc-2', page: 'documents' });
    // Once stopped, a page shown again changes nothing.
    stop();
    removeAwarenessStates(awareness, [awareness.clientID], 'page hide');
    page.dispatchEvent(pageshow(true));
    expect(awareness.getLocalState()).toBeNull();
  });

  it('reports the other members online, not this member’s own other tabs', () => {
    const doc = new Y.Doc();
    const mine = new Awareness(doc);
    const reported: string[][] = [];
    new Presence('alice', (peers) => reported.push(peers.map((peer) => peer.name))).attach(mine, null);
    // Two more clients: alice in another tab, and bob.
    for (const [clientId, name] of [
      [101, 'alice'],
      [102, 'bob'],
    ] as const)
      mine.states.set(clientId, { user: { name, documentId: null } });
    mine.emit('change', [{ added: [101, 102], updated: [], removed: [] }, 'remote']);
    expect(reported.at(-1)).toEqual(['bob']);
  });

  it('says whether the open document is reviewed or labelled, and hears it from the others', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const heard: string[] = [];
    const presence = new Presence('alice', (peers) =>
      heard.push(peers.map((peer) => `${peer.name} ${peer.page} ${peer.documentId}`).join()),
    );
    presence.attach(awareness, null);
    presence.verified(true);
    presence.open('doc-3', 'review');
    expect(userOf(awareness)).toEqual({ name: 'alice', documentId: 'doc-3', page: 'review' });
    // A member's client that sends no page (an older build) is on the Documents page.
    awareness.states.set(102, { user: { name: 'bob', documentId: 'doc-1' } });
    awareness.states.set(103, { user: { name: 'carol', documentId: 'doc-2', page: 'review' } });
    awareness.emit('change', [{ added: [102, 103], updated: [], removed: [] }, 'remote']);
    expect(heard.at(-1)).toBe('bob documents doc-1,carol review doc-2');
  });
});
