import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Span } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { setSpanNote } from '../../../src/lib/storage/spanMarks';
import { deleteSpans } from '../../../src/lib/storage/spans';
import { Store } from '../../../src/lib/storage/store';
import { NoteDrafts, STALE_MS, type NoteDraft } from '../../../src/lib/state/noteDrafts';
import { FakeLocks, MemoryStorage } from '../../support/tabs';
import { Workbench } from '../../../src/lib/state/workbench.svelte';
import { databaseOf, spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Whether a mirror row is a removal's mark (a draft saved or dropped), not a draft. */
const isRemoval = (value: string) => (JSON.parse(value) as { removed?: boolean }).removed === true;

/** A note draft on `span`, begun over its stored note. */
function draftOn(span: Span, draft: string): NoteDraft {
  return {
    annotator: span.annotator,
    documentId: span.documentId,
    spanId: span.id,
    spanText: span.text,
    from: span.note ?? '',
    draft,
  };
}

/** Two tabs of one browser: A writes a draft, B starts; `clock` is their shared time. */
function twoTabs() {
  const storage = new MemoryStorage();
  const clock = { now: 1_800_000_000_000 };
  const now = () => clock.now;
  return {
    storage,
    clock,
    tabA: new NoteDrafts(storage, { now, tab: 'tab-a' }),
    tabB: new NoteDrafts(storage, { now, tab: 'tab-b' }),
  };
}

/** What B's start says in the status line. */
function reports() {
  const said: { text: string; tone: string }[] = [];
  return { said, report: (text: string, tone: string) => void said.push({ text, tone }) };
}

const stored = async (span: Span, workbench: Workbench) => (await databaseOf(workbench).spans.get(span.id))?.note;

describe('note drafts kept through a reload, a crash or a closed tab', () => {
  const stopping: NoteDrafts[] = [];
  afterEach(() => stopping.splice(0).forEach((drafts) => drafts.stop()));

  it('saves a draft whose page closed as the span’s note at the next start, and says so', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.keep(draftOn(span, 'the country, not the army'));
    tabA.markClosed();
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBe('the country, not the army');
    expect(said).toEqual([
      { text: 'A note you were writing before the page closed was saved on “North Korea”.', tone: 'info' },
    ]);
    expect(storage.length).toBe(0);
  });

  it('overwrites nothing when the span is gone, and gives the draft’s text to copy', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.keep(draftOn(span, 'a <b>careful</b> note'));
    tabA.markClosed();
    await deleteSpans(databaseOf(workbench), [span.id]);
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await databaseOf(workbench).spans.get(span.id)).toBeUndefined();
    expect(said).toEqual([
      {
        text: 'A note you were writing before the page closed was not saved: the span “North Korea” is gone. Your text: a <b>careful</b> note',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('writes no kept draft into a layer this copy may not write (team sync: another member’s), and gives its text (helper-198)', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.keep(draftOn(span, 'not mine to write'));
    tabA.markClosed();
    const { said, report } = reports();
    const refuses = async (annotator: string) => (annotator === span.annotator ? 'Not saved: as ann.' : null);
    await tabB.restore(workbench.store, report, refuses);
    expect(await stored(span, workbench)).toBeUndefined();
    expect(said).toEqual([
      {
        text: 'A note you were writing before the page closed, on “North Korea”, was not saved. Not saved: as ann. Your text: not mine to write',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
    // Saved with the field open, refused: dropped at once, said with the text (it was kept for the next start).
    const { said: now, report: sayNow } = reports();
    const draft = draftOn(span, 'still not mine');
    tabA.keep(draft);
    await tabA.commit(draft, async () => undefined, workbench.store, sayNow, true, 'Not saved: as ann.');
    expect(now).toEqual([{ text: 'Not saved: as ann. Your note: still not mine', tone: 'error' }]);
    expect(storage.length).toBe(0);
  });

  it('overwrites nothing when the note was changed meanwhile (another tab), and gives the draft’s text', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    await setSpanNote(databaseOf(workbench), span.id, 'first note');
    const begun = { ...span, note: 'first note' };
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.keep(draftOn(begun, 'first note, and more'));
    tabA.markClosed();
    await setSpanNote(databaseOf(workbench), span.id, 'written in another tab');
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBe('written in another tab');
    expect(said).toEqual([
      {
        text: 'A note you were writing before the page closed was not saved: the note on “North Korea” was changed meanwhile (in another tab). Your text: first note, and more',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('leaves a draft another tab is still writing to that tab, and saves it once that tab is silent too long', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const { storage, clock, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.keep(draftOn(span, 'still typing'));
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBeUndefined();
    expect(said).toEqual([]);
    // A's heartbeat keeps it A's.
    clock.now += STALE_MS;
    tabA.beat();
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBeUndefined();
    // A's own start never takes its own live draft either.
    await tabA.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBeUndefined();
    expect(storage.length).toBe(1);
    // A crashed: no beat for longer than STALE_MS.
    clock.now += STALE_MS + 1;
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBe('still typing');
    expect(said.map((one) => one.text)).toEqual([
      'A note you were writing before the page closed was saved on “North Korea”.',
    ]);
  });

  it('with Web Locks, saves a crashed tab’s draft at once, and a live tab’s as soon as that tab goes', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const other = await spanInOpenDocument(workbench, 'Russia', 'claim');
    const storage = new MemoryStorage();
    const now = () => 1_800_000_000_000;
    const locks = new FakeLocks();
    // A browser killed while A typed: its draft is in storage, its beat fresh, and no tab holds A's lock.
    new NoteDrafts(storage, { now, tab: 'tab-a', locks: undefined }).keep(draftOn(span, 'typed before the crash'));
    const tabB = new NoteDrafts(storage, { now, tab: 'tab-b', locks });
    const tabC = new NoteDrafts(storage, { now, tab: 'tab-c', locks });
    stopping.push(tabB, tabC);
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await stored(span, workbench)).toBe('typed before the crash');
    // C, live, types a note; B's start leaves it to C, and saves it once C's page crashes (its lock let go).
    tabC.keep(draftOn(other.span, 'typed in C'));
    await tabB.restore(workbench.store, report);
    expect(await stored(other.span, workbench)).toBeUndefined();
    locks.end('spanwright-tab:tab-c');
    await until(() => said.length === 2);
    expect(await stored(other.span, workbench)).toBe('typed in C');
    expect(said.map((one) => one.text)).toEqual([
      'A note you were writing before the page closed was saved on “North Korea”.',
      'A note you were writing before the page closed was saved on “Russia”.',
    ]);
    expect(storage.length).toBe(0);
    // D reloads while B waits for it: D's next start (a new tab, E) saves the draft and says so there, not B.
    const tabD = new NoteDrafts(storage, { now, tab: 'tab-d', locks });
    const { span: third } = await spanInOpenDocument(workbench, 'Putin', 'claim');
    tabD.keep(draftOn(third, 'typed in D'));
    const waiting = new NoteDrafts(storage, { now, tab: 'tab-b2', locks, closedGraceMs: 300 });
    stopping.push(tabD, waiting);
    const inB = reports();
    await waiting.restore(workbench.store, inB.report);
    tabD.markClosed();
    locks.end('spanwright-tab:tab-d');
    // The reloaded page takes a moment to start: B has D's lock before it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const inE = reports();
    await new NoteDrafts(storage, { now, tab: 'tab-e', locks }).restore(workbench.store, inE.report);
    expect(inE.said.map((one) => one.text)).toEqual([
      'A note you were writing before the page closed was saved on “Putin”.',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inB.said).toEqual([]);
  });

  /**
   * Two spans, and tab A keeping its drafts in localStorage and in the mirror. `kill` leaves localStorage as it was
   * on disk (`onDisk`: a killed browser's, written seconds late); `restart` is tab B's start, answering what it said.
   */
  async function mirrored() {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    const other = (await spanInOpenDocument(workbench, 'Russia', 'claim')).span;
    const storage = new MemoryStorage();
    const clock = { now: 1_800_000_000_000 };
    const now = () => clock.now;
    const mirror = workbench.store.drafts;
    const tabA = new NoteDrafts(storage, { now, tab: 'tab-a', locks: undefined, mirror });
    const kill = (onDisk: ReadonlyMap<string, string>) => {
      storage.items.clear();
      for (const [key, value] of onDisk) storage.items.set(key, value);
    };
    const restart = async () => {
      const tabB = new NoteDrafts(storage, { now, tab: 'tab-b', locks: new FakeLocks(), mirror });
      stopping.push(tabB);
      const { said, report } = reports();
      await tabB.restore(workbench.store, report);
      return said.map((one) => one.text);
    };
    return { workbench, span, other, storage, clock, mirror, tabA, kill, restart };
  }

  it('keeps each draft in IndexedDB too: a browser killed before localStorage reached the disk loses no text', async () => {
    const { workbench, span, other, storage, clock, mirror, tabA, kill, restart } = await mirrored();
    tabA.keep(draftOn(span, 'the country'));
    const onDisk = new Map(storage.items);
    clock.now += 1_000;
    tabA.keep(draftOn(span, 'the country, not the army'));
    tabA.keep(draftOn(other, 'typed last'));
    // The browser is killed: its localStorage on disk is from a second before (the first words only).
    kill(onDisk);
    expect(await restart()).toEqual([
      '2 notes you were writing before the page closed were saved, on “North Korea”, “Russia”.',
    ]);
    expect(await stored(span, workbench)).toBe('the country, not the army');
    expect(await stored(other, workbench)).toBe('typed last');
    expect(storage.length).toBe(0);
    expect((await mirror.read('spanwright.noteDraft.')).filter(([, value]) => !isRemoval(value))).toEqual([]);
  });

  it('does not bring back a draft dropped (Esc) or saved before the kill, which localStorage still had on disk', async () => {
    const { workbench, span, other, storage, clock, mirror, tabA, kill, restart } = await mirrored();
    tabA.keep(draftOn(span, 'discard me please'));
    tabA.keep(draftOn(other, 'first part'));
    const onDisk = new Map(storage.items);
    clock.now += 8_000;
    tabA.keep(draftOn(other, 'first part and the rest'));
    await setSpanNote(databaseOf(workbench), other.id, 'first part and the rest');
    tabA.drop(draftOn(other, ''));
    tabA.drop(draftOn(span, ''));
    // Killed: localStorage on disk still holds both drafts as they were 8 s before.
    kill(onDisk);
    expect(await restart()).toEqual([]);
    expect(await stored(span, workbench)).toBeUndefined();
    expect(await stored(other, workbench)).toBe('first part and the rest');
    expect(storage.length).toBe(0);
    expect(await mirror.read('spanwright.noteDraft.')).toEqual([]);
  });

  it('does not bring back a draft dropped by Esc just before a reload whose mirror removal was never committed', async () => {
    const { workbench, span, clock, mirror, tabA, restart } = await mirrored();
    tabA.keep(draftOn(span, 'the leader, not the state'));
    const typed = await mirror.read('spanwright.noteDraft.');
    clock.now += 50;
    tabA.drop(draftOn(span, ''));
    tabA.markClosed();
    // The page reloads before the mirror's transaction of the removal commits: it holds the draft still.
    for (const [key, value] of typed) mirror.set(key, value);
    expect(await restart()).toEqual([]);
    expect(await stored(span, workbench)).toBeUndefined();
    expect((await mirror.read('spanwright.noteDraft.')).filter(([, value]) => !isRemoval(value))).toEqual([]);
    expect(await restart()).toEqual([]);
  });

  it('takes the localStorage draft where it is the newer one', async () => {
    const { workbench, span, clock, mirror, tabA, restart } = await mirrored();
    tabA.keep(draftOn(span, 'older'));
    const older = await mirror.read('spanwright.noteDraft.');
    clock.now += 1_000;
    tabA.keep(draftOn(span, 'newer'));
    // The mirror holds the older text (its write of the newer one failed): localStorage's newer one is taken.
    for (const [key, value] of older) mirror.set(key, value);
    await restart();
    expect(await stored(span, workbench)).toBe('newer');
  });

  it('keeps nothing for a draft that leaves the note as it was, and forgets a dropped draft', () => {
    const { storage, tabA } = twoTabs();
    const span = { id: 's1', documentId: 'd1', annotator: 'ann', text: 'North Korea', note: 'same' } as Span;
    tabA.keep(draftOn(span, ' same '));
    expect(storage.length).toBe(0);
    tabA.keep(draftOn(span, 'other'));
    expect(storage.length).toBe(1);
    tabA.drop(draftOn(span, 'other'));
    expect(storage.length).toBe(0);
  });

  it('saves a closed tab’s draft when the workbench next starts', async () => {
    const first = await startWorkbench();
    const { span } = await spanInOpenDocument(first, 'North Korea', 'visit');
    const { storage, tabA } = twoTabs();
    tabA.keep(draftOn(span, 'written before the reload'));
    tabA.markClosed();
    const next = new Workbench({
      store: new Store(new SpanwrightDatabase(databaseOf(first).name)),
      fetchCorpusFile: async (path) =>
        new Response(readFileSync(join(import.meta.dirname, '../../../public/corpus', path))),
      draftStorage: storage,
    });
    try {
      await next.start();
      await until(() => next.session.notice !== null);
      expect(next.session.notice?.text).toBe(
        'A note you were writing before the page closed was saved on “North Korea”.',
      );
      expect(await stored(span, first)).toBe('written before the reload');
    } finally {
      next.stop();
    }
  });
});
