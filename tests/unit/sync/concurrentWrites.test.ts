// @vitest-environment node
// Two copies of one shared layer (bob's desktop and laptop), each a Yjs document: writes to one span
// made at once, and a write made after seeing the other. The client ids are set, so that Yjs's own
// pick (the higher id) is known: every case is tried with the later write on each side.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { keepsLater } from '../../../src/lib/sync/concurrentWrites';
import { SharedLayers } from '../../../src/lib/sync/sharedLayers';
import type { Span } from '../../../src/lib/model/types';
import type { SharedStatusRecord } from '../../../src/lib/sync/syncStore';

const DOCUMENT = 'doc-1';
const base: Span = {
  id: 'span-1',
  documentId: DOCUMENT,
  annotator: 'bob',
  start: 0,
  end: 6,
  label: 'claim',
  text: 'Russia',
  created: 1,
  updated: 1,
};

/**
 * One of bob's machines: its database (`stored`, and the document's `status`) and its copy of his
 * shared layer. What the team sends is stored as team sync stores it in a layer it writes: what
 * `keepsLater` keeps stays, and is written into the shared layer again.
 */
function copy(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const layers = new SharedLayers(doc, (annotator) => annotator === 'bob', 'bob');
  const stored = new Map<string, Span>();
  let status: SharedStatusRecord = { status: 'todo', updated: 1 };
  const heard = { put: [] as Span[], kept: [] as unknown[] };
  const share = () => layers.write(DOCUMENT, 'bob', [...stored.values()], status);
  layers.onRemoteChange((change) => {
    const keep = keepsLater(change);
    for (const entry of change.statuses)
      if (keep.status(status, entry)) heard.kept.push(status);
      else status = entry.status;
    for (const span of change.put) {
      const here = stored.get(span.id);
      if (here && keep.span(here, span)) heard.kept.push(here);
      else {
        stored.set(span.id, span);
        heard.put.push(span);
      }
    }
    for (const { id } of change.remove) {
      const here = stored.get(id);
      if (here && keep.removal(here)) heard.kept.push(here);
      else stored.delete(id);
    }
  });
  return {
    layers,
    heard,
    /** Stores `span` here, and shares it unless `offline` (a tab whose sync has not written it yet). */
    write(span: Span, offline = false) {
      stored.set(span.id, span);
      if (!offline) share();
    },
    /** Sets the document's status here, and shares it unless `offline`. */
    setStatus(value: SharedStatusRecord, offline = false) {
      status = value;
      if (!offline) share();
    },
    status: () => status,
    /** Writes what the team's version did not replace here again, as team sync does after storing. */
    shareKept() {
      if (heard.kept.length > 0) share();
    },
    held: () => stored.get(base.id),
  };
}

/** Sends each copy what the other has and it lacks, as the server passes it on. */
function exchange(left: ReturnType<typeof copy>, right: ReturnType<typeof copy>): void {
  const toRight = Y.encodeStateAsUpdate(left.layers.doc, Y.encodeStateVector(right.layers.doc));
  const toLeft = Y.encodeStateAsUpdate(right.layers.doc, Y.encodeStateVector(left.layers.doc));
  Y.applyUpdate(right.layers.doc, toRight);
  Y.applyUpdate(left.layers.doc, toLeft);
}

/** The desktop (client id `desktopId`) and the laptop (the other id), both holding `base`. */
function twoCopies(desktopId: number) {
  const desktop = copy(desktopId);
  const laptop = copy(desktopId === 1 ? 2 : 1);
  desktop.write(base);
  exchange(desktop, laptop);
  for (const { heard } of [desktop, laptop]) {
    heard.put.length = 0;
    heard.kept.length = 0;
  }
  return { desktop, laptop };
}

const relabelled = { ...base, label: 'denial', updated: 10 };
const noted = { ...base, note: 'written offline', updated: 20 };

describe('two writes to one shared span at once', () => {
  for (const desktopId of [1, 2])
    it(`the later one stands on both copies, whichever Yjs picked (desktop's client id ${desktopId})`, () => {
      const { desktop, laptop } = twoCopies(desktopId);
      // The desktop relabels at 10; the laptop notes the span at 20: neither has seen the other's.
      desktop.write(relabelled);
      laptop.write(noted);
      exchange(desktop, laptop);
      // The laptop never stores the desktop's older write; the desktop stores the laptop's when Yjs picked it.
      expect(laptop.held()).toEqual(noted);
      expect(laptop.heard.put).toEqual([]);
      const yjsPickedOlder = laptop.heard.kept.length > 0;
      expect(desktop.heard.put).toEqual(yjsPickedOlder ? [] : [noted]);
      // Where Yjs picked the older write, the laptop shares its later one again: it comes after, so it stands.
      laptop.shareKept();
      exchange(desktop, laptop);
      expect(desktop.held()).toEqual(noted);
      expect(laptop.held()).toEqual(noted);
      expect(desktop.layers.spans(DOCUMENT, 'bob')).toEqual([noted]);
      expect(laptop.layers.spans(DOCUMENT, 'bob')).toEqual([noted]);
    });

  for (const desktopId of [1, 2])
    it(`a later write stored here but not shared yet stays over an older one from the team (desktop's client id ${desktopId})`, () => {
      const { desktop, laptop } = twoCopies(desktopId);
      laptop.write(noted, true);
      desktop.write(relabelled);
      exchange(desktop, laptop);
      expect(laptop.held()).toEqual(noted);
      expect(laptop.heard.kept).toEqual([noted]);
      laptop.shareKept();
      exchange(desktop, laptop);
      expect(desktop.held()).toEqual(noted);
    });

  for (const desktopId of [1, 2])
    it(`a write made after seeing the other stands, older or not: a restore (desktop's client id ${desktopId})`, () => {
      const { desktop, laptop } = twoCopies(desktopId);
      desktop.write(relabelled);
      exchange(desktop, laptop);
      // The laptop, having the relabel, writes back a version from time 1 (a restored backup's).
      const restored = { ...base, note: 'from the backup' };
      laptop.write(restored);
      exchange(desktop, laptop);
      expect(desktop.heard.kept).toEqual([]);
      expect(desktop.held()).toEqual(restored);
    });

  it('an older write from the team over an older one here: the team’s stands (it is the later of the two)', () => {
    const { desktop, laptop } = twoCopies(1);
    laptop.write({ ...noted, updated: 5 }, true);
    desktop.write(relabelled);
    exchange(desktop, laptop);
    expect(laptop.held()).toEqual(relabelled);
  });

  it('two writes at once at the same time: Yjs’s pick stands on both', () => {
    const { desktop, laptop } = twoCopies(1);
    desktop.write({ ...relabelled, updated: 10 });
    laptop.write({ ...noted, updated: 10 });
    exchange(desktop, laptop);
    expect([...desktop.heard.kept, ...laptop.heard.kept]).toEqual([]);
    expect(desktop.held()).toEqual(laptop.held());
  });

  it('a removal from the team over an edit stored here and not shared yet: the edit stays, and is shared', () => {
    const { desktop, laptop } = twoCopies(1);
    laptop.write(noted, true);
    desktop.layers.write(DOCUMENT, 'bob', [], null);
    exchange(desktop, laptop);
    expect(laptop.held()).toEqual(noted);
    laptop.shareKept();
    exchange(desktop, laptop);
    expect(desktop.layers.spans(DOCUMENT, 'bob')).toEqual([noted]);
  });

  it('a removal from the team of the version stored here: it goes', () => {
    const { desktop, laptop } = twoCopies(1);
    desktop.layers.write(DOCUMENT, 'bob', [], null);
    exchange(desktop, laptop);
    expect(laptop.held()).toBeUndefined();
  });

  it('a removal made at once with an edit: the edit stays, as before', () => {
    const { desktop, laptop } = twoCopies(1);
    desktop.layers.write(DOCUMENT, 'bob', [], null);
    laptop.write(noted);
    exchange(desktop, laptop);
    expect(desktop.layers.spans(DOCUMENT, 'bob')).toEqual([noted]);
    expect(laptop.held()).toEqual(noted);
  });

  for (const desktopId of [1, 2])
    it(`a document's status set on both at once: the later one stands (desktop's client id ${desktopId})`, () => {
      const { desktop, laptop } = twoCopies(desktopId);
      desktop.setStatus({ status: 'done', updated: 10, finished: 10 });
      laptop.setStatus({ status: 'skipped', updated: 20 });
      exchange(desktop, laptop);
      expect(laptop.status()).toEqual({ status: 'skipped', updated: 20 });
      laptop.shareKept();
      exchange(desktop, laptop);
      expect(desktop.status()).toEqual({ status: 'skipped', updated: 20 });
      expect(desktop.layers.status(DOCUMENT, 'bob')).toEqual({ status: 'skipped', updated: 20 });
    });

  it('a status never set (to do) is not shared, so a join cut short does not stand against the team’s', () => {
    const { desktop, laptop } = twoCopies(1);
    // The laptop stored the spans first (its summary says to do, at 50), and writes its layer again.
    laptop.setStatus({ status: 'todo', updated: 50 });
    expect(laptop.layers.status(DOCUMENT, 'bob')).toBeNull();
    desktop.setStatus({ status: 'done', updated: 10, finished: 10 });
    exchange(desktop, laptop);
    expect(laptop.status()).toEqual({ status: 'done', updated: 10, finished: 10 });
    expect(laptop.layers.status(DOCUMENT, 'bob')).toEqual({ status: 'done', updated: 10, finished: 10 });
  });

  it('a status from the team over one here that only span edits made later: the team’s stands', () => {
    const { desktop, laptop } = twoCopies(1);
    desktop.setStatus({ status: 'done', updated: 10, finished: 10 });
    // The laptop's summary was touched at 30 by a label, its status still the shared one (to do).
    laptop.setStatus({ status: 'todo', updated: 30 }, true);
    exchange(desktop, laptop);
    expect(laptop.status()).toEqual({ status: 'done', updated: 10, finished: 10 });
  });
});
