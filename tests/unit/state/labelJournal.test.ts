import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabelJournal, STALE_MS, type LabelInFlight } from '../../../src/lib/state/labelJournal';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { FakeLocks, MemoryStorage } from '../../support/tabs';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const KEPT = 'spanwright.labelInFlight.';

function reports() {
  const said: { text: string; tone: string }[] = [];
  return { said, report: (text: string, tone: string) => void said.push({ text, tone }) };
}

/** The label key's span over the first `phrase` of the open document, as labelling hands it to storage. */
function labelOver(workbench: Workbench, phrase: string, label: string): LabelInFlight {
  const document = workbench.document.current!;
  const start = [...document.text.slice(0, document.text.indexOf(phrase))].length;
  const annotator = workbench.session.annotator;
  return { documentId: document.id, annotator, start, end: start + [...phrase].length, label, text: phrase };
}

/** The open document's spans in the annotator's layer, as stored: label and text. */
async function storedSpans(workbench: Workbench): Promise<string[]> {
  const spans = await databaseOf(workbench).spans.where('documentId').equals(workbench.document.current!.id).toArray();
  return spans.filter((span) => span.annotator === workbench.session.annotator).map((s) => `${s.label}:${s.text}`);
}

describe('labels being written, kept through a closed tab', () => {
  const stopping: LabelJournal[] = [];
  afterEach(() => stopping.splice(0).forEach((journal) => journal.stop()));
  const now = () => 1_800_000_000_000;
  /** Tabs A and B of one browser (one localStorage, one set of Web Locks, or none), stopped after the test. */
  function twoTabs(clock: () => number = now, withLocks = true) {
    const storage = new MemoryStorage();
    const locks = withLocks ? new FakeLocks() : undefined;
    const [tabA, tabB] = ['tab-a', 'tab-b'].map((tab) => new LabelJournal(storage, { now: clock, tab, locks }));
    stopping.push(tabA, tabB);
    /** Tab A's page goes (closed, crashed): its lock is let go. */
    const closeA = () => locks?.end('spanwright-tab:tab-a');
    return { storage, tabA, tabB, closeA, ...reports() };
  }

  it('keeps a label key’s span in localStorage from the key until IndexedDB has it', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const at = document.text.indexOf('North Korea');
    const keys = () => Object.keys(localStorage).filter((key) => key.startsWith(KEPT));
    const writing = workbench.labelling.createFromRange(document, 'visit', at, at + 'North Korea'.length, false);
    expect(keys()).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(keys()[0])!)).toMatchObject({ text: 'North Korea', label: 'visit' });
    expect((await writing)?.text).toBe('North Korea');
    expect(keys()).toEqual([]);
    // A refused one goes too: the same span again is a twin.
    await workbench.labelling.createFromRange(document, 'visit', at, at + 'North Korea'.length, false);
    expect(keys()).toEqual([]);
  });

  it('writes what a closed tab left at the next start, once, and says so', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    tabA.keep(labelOver(workbench, 'North Korea', 'visit'));
    // Committed, though its page went before the journal was told: not written again.
    const russia = labelOver(workbench, 'Russia', 'claim');
    const { id } = tabA.keep(russia);
    await workbench.store.createSpan({ ...russia, id }, now());
    closeA();
    await tabB.replay(workbench.store, report);
    expect((await storedSpans(workbench)).sort()).toEqual(['claim:Russia', 'visit:North Korea']);
    expect(said).toEqual([
      { text: 'A label you made just before the page closed was saved: “North Korea” visit.', tone: 'info' },
    ]);
    expect(storage.length).toBe(0);
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toHaveLength(2);
    expect(said).toHaveLength(1);
  });

  it('brings back no label deleted since its write committed, and names it instead (helper-161)', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    // Committed, its page gone before the journal was told; then deleted in another tab.
    const russia = labelOver(workbench, 'Russia', 'claim');
    const { id } = tabA.keep(russia);
    await workbench.store.createSpan({ ...russia, id }, now());
    await workbench.store.deleteSpans([id], now() + 1);
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual([]);
    expect(said).toEqual([
      {
        text: 'A label you made just before the page closed, “Russia” claim, may not have been saved: its layer was changed since (in another tab). Label it again if it is missing.',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('writes a label another tab kept after this one started, once that tab goes (helper-161)', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    await tabB.replay(workbench.store, report);
    tabA.keep(labelOver(workbench, 'North Korea', 'visit'));
    // The browser tells the other tabs of a localStorage change.
    const key = storage.key(0)!;
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: storage.getItem(key) }));
    closeA();
    await until(() => said.length === 1);
    expect(await storedSpans(workbench)).toEqual(['visit:North Korea']);
  });

  it('leaves a live tab’s label to that tab, and writes it as soon as that tab goes', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    tabA.keep(labelOver(workbench, 'North Korea', 'visit'));
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual([]);
    expect(storage.length).toBe(1);
    closeA();
    await until(() => said.length === 1);
    expect(await storedSpans(workbench)).toEqual(['visit:North Korea']);
  });

  it('without Web Locks, waits until another tab’s label is stale', async () => {
    const workbench = await startWorkbench();
    const clock = { now: 1_800_000_000_000 };
    const { tabA, tabB, said, report } = twoTabs(() => clock.now, false);
    tabA.keep(labelOver(workbench, 'North Korea', 'visit'));
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual([]);
    clock.now += STALE_MS + 1;
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual(['visit:North Korea']);
    expect(said).toHaveLength(1);
  });

  it('names what it could not write: a document or a label removed meanwhile', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    tabA.keep({ ...labelOver(workbench, 'North Korea', 'visit'), documentId: 'gone-document' });
    tabA.keep(labelOver(workbench, 'Russia', 'person'));
    storage.setItem(`${KEPT}tab-a/damaged`, '{"text": 1}');
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual([]);
    expect(said).toEqual([
      {
        text:
          'A label you made just before the page closed, “North Korea” visit, was not saved: its document is gone. ' +
          'A label you made just before the page closed, “Russia” person, was not saved: the label person was removed meanwhile.',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('does the Deletes a closed tab left uncommitted at the next start, and says so (helper-200)', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    for (const [phrase, label] of [
      ['North Korea', 'visit'],
      ['Russia', 'claim'],
    ]) {
      const input = labelOver(workbench, phrase, label);
      const written = await workbench.store.createSpan(input, now() - 10);
      if (!('span' in written)) throw new Error('not stored');
      tabA.keep(input, { id: written.span.id, deleting: true }); // the Delete key on it; the page went before its write committed
    }
    expect([...storage.items.values()].map((kept) => JSON.parse(kept).kind)).toEqual(['delete', 'delete']);
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual([]);
    expect(said).toEqual([
      {
        text: '2 spans you deleted just before the page closed are deleted: “North Korea” visit, “Russia” claim.',
        tone: 'info',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('keeps a Delete key’s span in localStorage until IndexedDB has deleted it', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const at = document.text.indexOf('Russia');
    const span = await workbench.labelling.createFromRange(document, 'claim', at, at + 'Russia'.length, false);
    await until(() => workbench.document.spans.some((one) => one.id === span?.id));
    // Under a key of its own, which a tab of an older version (labels only) leaves alone.
    const keys = () => Object.keys(localStorage).filter((key) => key.startsWith('spanwright.deleteInFlight.'));
    const deleting = workbench.labelling.deleteSpan(span!.id);
    expect(keys()).toHaveLength(1);
    expect(Object.keys(localStorage).filter((key) => key.startsWith(KEPT))).toEqual([]);
    expect(JSON.parse(localStorage.getItem(keys()[0])!)).toMatchObject({
      kind: 'delete',
      id: span!.id,
      text: 'Russia',
    });
    await deleting;
    expect(keys()).toEqual([]);
    expect(await storedSpans(workbench)).toEqual([]);
  });

  it('undoes no Delete of a span whose layer changed since the key, and says so', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    const input = labelOver(workbench, 'Russia', 'claim');
    const written = await workbench.store.createSpan(input, now() - 10);
    if (!('span' in written)) throw new Error('not stored');
    tabA.keep(input, { id: written.span.id, deleting: true });
    // Another tab relabels it after the key.
    await workbench.store.relabelSpan(written.span.id, 'denial', now() + 5);
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual(['denial:Russia']);
    expect(said[0].text).toBe(
      'A span you deleted just before the page closed, “Russia” claim, may not have been deleted: its layer was changed since (in another tab). Delete it again if it is still there.',
    );
    expect(storage.length).toBe(0);
  });

  it('keeps the span an undo of a Delete puts back, from Ctrl+Z until it is stored (helper-204)', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const at = document.text.indexOf('Russia');
    const span = await workbench.labelling.createFromRange(document, 'claim', at, at + 'Russia'.length, false);
    await until(() => workbench.document.spans.some((one) => one.id === span?.id));
    await workbench.labelling.deleteSpan(span!.id);
    expect(await storedSpans(workbench)).toEqual([]);
    const labels = () => Object.keys(localStorage).filter((key) => key.startsWith(KEPT));
    // Kept before it is written, as a label under the span's own id: a page closed meanwhile has it written at
    // the next start (what the journal holds at the moment the span's row is put).
    const heldAtPut: string[] = [];
    const put = workbench.store.putSpans.bind(workbench.store);
    vi.spyOn(workbench.store, 'putSpans').mockImplementation((...args) => {
      heldAtPut.push(...labels().map((key) => localStorage.getItem(key)!));
      return put(...args);
    });
    await workbench.labelling.undo();
    expect(heldAtPut.map((kept) => JSON.parse(kept))).toEqual([
      expect.objectContaining({ id: span!.id, text: 'Russia', label: 'claim' }),
    ]);
    expect(labels()).toEqual([]);
    expect(await storedSpans(workbench)).toEqual(['claim:Russia']);
  });

  it('writes an undone Delete a closed tab left unwritten at the next start, with the span’s note, marks, origin and day', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB, closeA, said, report } = twoTabs();
    const origin = { kind: 'a' as const, annotators: ['ann'], by: 'rev', at: now() - 30, note: 'A’s is right' };
    const input = {
      ...labelOver(workbench, 'Russia', 'claim'),
      note: 'the country, not its army',
      example: true as const,
      origin,
    };
    const written = await workbench.store.createSpan(input, now() - 20);
    if (!('span' in written)) throw new Error('not stored');
    await workbench.store.deleteSpans([written.span.id], now() - 10);
    tabA.keep(written.span, { id: written.span.id }); // Ctrl+Z on the Delete; the page went before its write
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual(['claim:Russia']);
    // Made before the Delete, not at the replay: the Pace chart counts it on its own day, Review keeps its origin.
    expect(await workbench.store.spanById(written.span.id)).toMatchObject({
      note: 'the country, not its army',
      example: true,
      origin,
      created: now() - 20,
    });
    expect(said).toHaveLength(1);
    expect(storage.length).toBe(0);
  });

  it('writes a label left unwritten under the name its label was renamed to since (helper-208)', async () => {
    const workbench = await startWorkbench();
    const { tabA, tabB, closeA, said, report } = twoTabs(() => Date.now());
    tabA.keep(labelOver(workbench, 'Russia', 'claim')); // a redo, say, kept under the name before the rename
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await workbench.store.renameLabel('claim', 'assertion', Date.now())).toBeNull();
    closeA();
    await tabB.replay(workbench.store, report);
    expect(await storedSpans(workbench)).toEqual(['assertion:Russia']);
    expect(said).toEqual([expect.objectContaining({ tone: 'info' })]);
  });

  it('keeps the undo of a label as a Delete, from Ctrl+Z until IndexedDB has deleted the span', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const at = document.text.indexOf('Russia');
    const span = await workbench.labelling.createFromRange(document, 'claim', at, at + 'Russia'.length, false);
    await until(() => workbench.document.spans.some((one) => one.id === span?.id));
    const deletes = () => Object.keys(localStorage).filter((key) => key.startsWith('spanwright.deleteInFlight.'));
    const heldAtDelete: string[] = [];
    const remove = workbench.store.deleteSpans.bind(workbench.store);
    vi.spyOn(workbench.store, 'deleteSpans').mockImplementation((...args) => {
      heldAtDelete.push(...deletes().map((key) => localStorage.getItem(key)!));
      return remove(...args);
    });
    await workbench.labelling.undo();
    expect(heldAtDelete.map((kept) => JSON.parse(kept))).toEqual([
      expect.objectContaining({ id: span!.id, text: 'Russia', label: 'claim' }),
    ]);
    expect(deletes()).toEqual([]);
    expect(await storedSpans(workbench)).toEqual([]);
    // The redo is kept as a label again.
    const labels = () => Object.keys(localStorage).filter((key) => key.startsWith(KEPT));
    const heldAtPut: string[] = [];
    const put = workbench.store.putSpans.bind(workbench.store);
    vi.spyOn(workbench.store, 'putSpans').mockImplementation((...args) => {
      heldAtPut.push(...labels());
      return put(...args);
    });
    await workbench.labelling.redo();
    expect(heldAtPut).toHaveLength(1);
    expect(await storedSpans(workbench)).toEqual(['claim:Russia']);
  });
});
