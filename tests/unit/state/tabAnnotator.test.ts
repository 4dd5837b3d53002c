import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../support/memoryStorage';
import { tabsOver } from '../../support/startedTab';

const tabs = tabsOver(`tab-annotator-${Math.random()}`);
afterEach(() => tabs.stopAll());

/** A tab of the app over the one database of this browser, with its own sessionStorage (kept through a reload of that tab only). */
const tab = (storage: ReturnType<typeof memoryStorage>) => tabs.start({ tabStorage: storage });

describe('the annotator a tab works as', () => {
  it('is kept through a reload of that tab, whatever another tab chose meanwhile; a new tab starts with the last chosen', async () => {
    const first = memoryStorage();
    const second = memoryStorage();
    expect(await (await tab(first)).setAnnotator('ann')).toBe(true);
    expect(await (await tab(second)).setAnnotator('bob')).toBe(true);
    // The first tab reloads: it is still ann's, not bob's.
    expect((await tab(first)).session.annotator).toBe('ann');
    expect((await tab(second)).session.annotator).toBe('bob');
    expect((await tab(memoryStorage())).session.annotator).toBe('bob');
  });

  it('starts the undo history afresh when the annotator changes, and Ctrl+Z says why', async () => {
    const workbench = await tab(memoryStorage());
    expect(await workbench.setAnnotator('cleo')).toBe(true);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toBe(
      'Nothing to undo as cleo: the history starts afresh with each annotator.',
    );
  });
});
