import { afterEach, describe, expect, it } from 'vitest';
import { DESCRIPTION_STALE_MS, DescriptionDrafts } from '../../../src/lib/state/descriptionDrafts';
import { databaseOf, useWorkbench } from '../../support/workbench';
import { memoryStorage } from '../../support/memoryStorage';
import { DescriptionTyping } from '../../../src/lib/components/labels/descriptionTyping.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';

const startWorkbench = useWorkbench();

/** Two tabs of one browser sharing localStorage and a clock: A types, B starts. */
function twoTabs() {
  const storage = memoryStorage();
  const clock = { now: 1_800_000_000_000 };
  const now = () => clock.now;
  const tabs = [new DescriptionDrafts(storage, now, 'tab-a'), new DescriptionDrafts(storage, now, 'tab-b')];
  return { storage, clock, tabA: tabs[0], tabB: tabs[1] };
}

function reports() {
  const said: { text: string; tone: string }[] = [];
  return { said, report: (text: string, tone: string) => void said.push({ text, tone }) };
}

const description = async (workbench: Workbench, label: string) =>
  (await databaseOf(workbench).labels.get(label))?.description;

describe('label descriptions kept through a reload, a crash or a failed write', () => {
  const stopping: DescriptionDrafts[] = [];
  afterEach(() => stopping.splice(0).forEach((drafts) => drafts.stop()));

  it('writes the text typed after the last stored one at the next start, over the text it was typed over', async () => {
    const workbench = await startWorkbench();
    await workbench.store.updateLabel('claim', { description: 'A statement' });
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    // Typed "A statement of fact", of which "A statement of" was stored before the page went.
    tabA.typed('claim', 'A statement', 'A statement of');
    await workbench.store.updateLabel('claim', { description: 'A statement of' });
    tabA.written('claim', 'A statement of', 'A statement of fact');
    tabA.markClosed();
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await description(workbench, 'claim')).toBe('A statement of fact');
    expect(said).toEqual([
      { text: 'The description you were writing before the page closed was saved, on “claim”.', tone: 'info' },
    ]);
    expect(storage.length).toBe(0);
  });

  it('keeps nothing once the text typed is stored, and nothing for a field typed back to its stored text', async () => {
    const { storage, tabA } = twoTabs();
    tabA.typed('claim', 'old', 'old and new');
    expect(storage.length).toBe(1);
    tabA.written('claim', 'old and new', 'old and new');
    expect(storage.length).toBe(0);
    tabA.typed('claim', 'ignored: read at the first key stroke only', 'old and ne');
    tabA.typed('claim', 'ignored', 'old and new');
    expect(storage.length).toBe(0);
    // Typed back to the stored text while another text is on its way: kept, so that text does not stand.
    tabA.left('claim');
    tabA.typed('claim', 'old and new', 'old and newer');
    tabA.sending('claim', 'old and newer');
    tabA.typed('claim', 'ignored', 'old and new');
    expect(storage.length).toBe(1);
  });

  it('writes over nothing changed since (another tab) or a label gone, and gives the text typed', async () => {
    const workbench = await startWorkbench();
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.typed('claim', (await description(workbench, 'claim'))!, 'Mine: <b>typed</b>');
    tabA.typed('visit', (await description(workbench, 'visit'))!, 'A trip');
    tabA.markClosed();
    await workbench.store.updateLabel('claim', { description: 'Written in another tab' });
    await workbench.store.deleteLabel('visit', 1);
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await description(workbench, 'claim')).toBe('Written in another tab');
    expect(said).toEqual([
      {
        text:
          'The description of “claim” you were writing before the page closed was not saved: it was changed meanwhile (in another tab). Your text: Mine: <b>typed</b> ' +
          'The description of “visit” you were writing before the page closed was not saved: the label is gone. Your text: A trip',
        tone: 'error',
      },
    ]);
    expect(storage.length).toBe(0);
  });

  it('leaves a draft a live tab is writing to it, and writes it once that tab has been silent too long (a crash)', async () => {
    const workbench = await startWorkbench();
    const { storage, clock, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    const stored = (await description(workbench, 'denial'))!;
    tabA.typed('denial', stored, 'Says it did not happen');
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await description(workbench, 'denial')).toBe(stored);
    expect(storage.length).toBe(1);
    clock.now += DESCRIPTION_STALE_MS + 1;
    await tabB.restore(workbench.store, report);
    expect(await description(workbench, 'denial')).toBe('Says it did not happen');
    expect(said.map((entry) => entry.tone)).toEqual(['info']);
  });

  it('writes a draft over the text that was on its way to storage as the page went, which may have arrived', async () => {
    const workbench = await startWorkbench();
    await workbench.store.updateLabel('claim', { description: 'X' });
    const { storage, tabA, tabB } = twoTabs();
    stopping.push(tabB);
    tabA.typed('claim', 'X', 'Xa');
    tabA.sending('claim', 'Xa');
    await workbench.store.updateLabel('claim', { description: 'Xa' });
    tabA.written('claim', 'Xa', 'Xab');
    tabA.sending('claim', 'Xab');
    tabA.typed('claim', 'ignored', 'Xabc');
    tabA.markClosed();
    // "Xab" arrives after the page went: the draft typed over it is still the user's latest.
    await workbench.store.updateLabel('claim', { description: 'Xab' });
    const { said, report } = reports();
    await tabB.restore(workbench.store, report);
    expect(await description(workbench, 'claim')).toBe('Xabc');
    expect(said.map((entry) => entry.tone)).toEqual(['info']);
    expect(storage.length).toBe(0);
  });
});

describe('a description field whose write failed', () => {
  it('goes on showing the text kept for the next start when left, and the next key stroke builds on it', async () => {
    const storage = memoryStorage();
    const kept = new DescriptionDrafts(storage, Date.now, 'tab');
    let stored = 'Old';
    let failing = true;
    const label = () => ({ name: 'claim', colour: '#000', hotkey: '1', description: stored, order: 0 });
    const typing = new DescriptionTyping(
      () => kept,
      () => [label()],
      async (_name, text) => {
        if (failing) return false;
        stored = text;
        return true;
      },
    );
    typing.focus('claim');
    await typing.type('claim', 'Old plus a long new paragraph');
    typing.leave('claim');
    expect(stored).toBe('Old');
    expect(typing.shown(label())).toBe('Old plus a long new paragraph');
    expect(storage.length).toBe(1);
    // Back in the field, one more key: the paragraph is stored with it, and nothing is kept any more.
    failing = false;
    typing.focus('claim');
    await typing.type('claim', 'Old plus a long new paragraph!');
    typing.leave('claim');
    expect(stored).toBe('Old plus a long new paragraph!');
    expect(typing.shown(label())).toBe('Old plus a long new paragraph!');
    expect(storage.length).toBe(0);
  });
});
