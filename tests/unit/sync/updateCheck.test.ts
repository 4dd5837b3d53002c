// The server's check of each update before it is applied (server/updateCheck.js).
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { presenceInMessage, presenceRefusal, refusal } from '../../../server/updateCheck.js';

const record = {
  documentId: 'd1',
  annotator: 'alice',
  start: 0,
  end: 3,
  label: 'claim',
  text: 'Kim',
  created: 1,
  updated: 1,
};

/** The update a change to a document already holding one of alice's spans makes. */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('spans').set('s0', record);
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("the server's update check", () => {
  it('lets a member write, change and delete spans and statuses of their own layer', () => {
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s1', record)),
        'layer',
        'alice',
      ),
    ).toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s0', { ...record, label: 'visit' })),
        'layer',
        'alice',
      ),
    ).toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').delete('s0')),
        'layer',
        'alice',
      ),
    ).toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('statuses').set('d1', { status: 'done', updated: 2 })),
        'layer',
        'alice',
      ),
    ).toBeNull();
  });

  it('refuses a span of a member’s layer under a review decision’s key (gold:…), which a copy would take for gold’s (helper-198)', () => {
    const forged = updateOf((doc) => doc.getMap('spans').set('gold:0-3:claim:d1', record));
    expect(refusal(forged, 'layer', 'alice')).toMatch(/under the key "gold:0-3:claim:d1"/u);
    // In gold's own document the key is gold's.
    const decided = updateOf((doc) => doc.getMap('spans').set('gold:0-3:claim:d1', { ...record, annotator: 'gold' }));
    expect(refusal(decided, 'gold', null)).toBeNull();
  });

  it("refuses a span of someone else's layer, a broken record, other types and unreadable bytes", () => {
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s1', { ...record, annotator: 'bob' })),
        'layer',
        'alice',
      ),
    ).toMatch(/does not hold/u);
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s1', { ...record, end: -4 })),
        'layer',
        'alice',
      ),
    ).not.toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s1', 'text')),
        'layer',
        'alice',
      ),
    ).not.toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getText('notes').insert(0, 'x')),
        'layer',
        'alice',
      ),
    ).toMatch(/notes/u);
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('s1', new Y.Map())),
        'layer',
        'alice',
      ),
    ).not.toBeNull();
    expect(refusal(new Uint8Array([1, 2, 3, 250, 250]), 'layer', 'alice')).toMatch(/unreadable/u);
  });

  it('keeps the gold document to the review layers and the corpus to documents and labels', () => {
    const gold = { ...record, annotator: 'gold' };
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('g1', gold)),
        'gold',
        null,
      ),
    ).toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('spans').set('g1', record)),
        'gold',
        null,
      ),
    ).not.toBeNull();
    const label = { colour: '#aabbcc', hotkey: '5', description: '', order: 4 };
    expect(
      refusal(
        updateOf((doc) => doc.getMap('labels').set('place', label)),
        'corpus',
        null,
      ),
    ).toBeNull();
    expect(
      refusal(
        updateOf((doc) => doc.getMap('labels').set('place', { ...label, colour: 'red' })),
        'corpus',
        null,
      ),
    ).not.toBeNull();
  });

  it('lets a reviewer write the label set field by field in the corpus, and refuses a broken field', () => {
    const field = (key: string, value: unknown) => updateOf((doc) => doc.getMap('labelFields').set(key, value));
    expect(refusal(field('["denial","colour"]', { colour: '#ff0000' }), 'corpus', null)).toBeNull();
    expect(refusal(field('["denial","description"]', { description: 'A rejection.' }), 'corpus', null)).toBeNull();
    expect(refusal(field('["claim","renamed"]', { renamed: 'assertion' }), 'corpus', null)).toBeNull();
    expect(refusal(field('["denial","colour"]', { colour: 'red' }), 'corpus', null)).toMatch(/does not hold/u);
    expect(refusal(field('["denial","x"]', { colour: '#ff0000', order: 1 }), 'corpus', null)).toMatch(/does not hold/u);
    expect(refusal(field('["claim","renamed"]', { renamed: '' }), 'corpus', null)).toMatch(/does not hold/u);
  });

  it('reads who an awareness message names, and refuses only a newer state naming another member', () => {
    /** The message a provider sends for `awareness`'s clients: the document's name, type 1, the update. */
    const messageOf = (awareness: Awareness, clients: number[]) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, 'demo/corpus');
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
      return encoding.toUint8Array(encoder);
    };
    const bobs = new Awareness(new Y.Doc());
    bobs.setLocalStateField('user', { name: 'bob', documentId: 'd1' });
    const server = new Awareness(new Y.Doc());
    const claims = presenceInMessage(messageOf(bobs, [bobs.clientID]))!;
    expect(claims).toEqual([{ clientID: bobs.clientID, clock: bobs.meta.get(bobs.clientID)!.clock, name: 'bob' }]);
    expect(presenceRefusal(claims, server, 'bob')).toBeNull();
    expect(presenceRefusal(claims, server, 'carol')).toBe('claims to be "bob" in who is online');
    // Passed on by carol, bob's state as the server holds it already is not hers to answer for.
    server.meta.set(bobs.clientID, { clock: claims[0].clock, lastUpdated: 0 });
    expect(presenceRefusal(claims, server, 'carol')).toBeNull();
    // A state naming no one (a tab not yet verified, or gone) is anyone's.
    bobs.setLocalStateField('user', null);
    expect(presenceRefusal(presenceInMessage(messageOf(bobs, [bobs.clientID]))!, server, 'carol')).toBeNull();
    // Nor may she clear or rename a state the server holds for bob's client with a newer clock: that would hide him.
    const held = new Awareness(new Y.Doc());
    held.setLocalStateField('user', { name: 'bob', documentId: 'd1' });
    applyAwarenessUpdate(server, encodeAwarenessUpdate(held, [held.clientID]), 'bob');
    const hiding = new Awareness(new Y.Doc());
    hiding.clientID = held.clientID;
    hiding.meta.set(held.clientID, { clock: 1_000_000, lastUpdated: 0 });
    hiding.states.set(held.clientID, { user: null });
    const hidden = presenceInMessage(messageOf(hiding, [held.clientID]))!;
    expect(presenceRefusal(hidden, server, 'carol')).toBe('changes the presence of "bob" in who is online');
    // Bob's own client may: its tab closes (a null state) or opens another document.
    expect(presenceRefusal(hidden, server, 'bob')).toBeNull();
    // Not presence: a sync message.
    const sync = encoding.createEncoder();
    encoding.writeVarString(sync, 'demo/corpus');
    encoding.writeVarUint(sync, 0);
    expect(presenceInMessage(encoding.toUint8Array(sync))).toBeNull();
  });
});
