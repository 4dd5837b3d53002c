import { describe, expect, it } from 'vitest';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Four spans on the open document's first four distinct words of five letters or more, in reading order. */
async function fourSpans(): Promise<{ workbench: Workbench; words: string[]; listed: () => string[] }> {
  const workbench = await startWorkbench();
  const text = workbench.document.current!.text;
  const words = [...new Set([...text.matchAll(/\b[A-Z][a-z]{4,}\b/gu)].map((match) => match[0]))].slice(0, 4);
  for (const word of words) await spanInOpenDocument(workbench, word, 'claim');
  const listed = () => workbench.document.spanViews.map((span) => span.text);
  await until(() => listed().length === 4);
  expect(listed()).toEqual(words);
  return { workbench, words, listed };
}

describe('Delete pressed fast (helper-168)', () => {
  it('in the span list, removes the next span at each press while the one before is still being removed', async () => {
    const { workbench, words, listed } = await fourSpans();
    const first = workbench.document.spanViews[0].id;
    // Three presses on the focused item before the first removal is written: the list's focus would move on.
    await Promise.all([0, 1, 2].map(() => workbench.labelling.deleteSpan(first, true)));
    await until(() => listed().length === 1);
    expect(listed()).toEqual([words[3]]);
    expect(workbench.session.notice?.text).not.toMatch(/Nothing to delete/u);
  });

  it('on the selected span, removes it once, and says nothing of a span removed meanwhile', async () => {
    const { workbench, words, listed } = await fourSpans();
    workbench.document.selectSpan(workbench.document.spanViews[1].id);
    await Promise.all([workbench.labelling.deleteSelected(), workbench.labelling.deleteSelected()]);
    await until(() => listed().length === 3);
    expect(listed()).toEqual([words[0], words[2], words[3]]);
    expect(workbench.session.notice?.text).toMatch(/^Deleted: claim/u);
  });

  it('] and [ after a Delete go on from where the removed span stood, not from the first or the last', async () => {
    const { workbench, words, listed } = await fourSpans();
    const { document } = workbench;
    const selected = () => document.spanViews.find((span) => span.id === document.selectedSpanId)?.text;
    document.selectSpan(document.spanViews[1].id);
    await workbench.labelling.deleteSelected();
    await until(() => listed().length === 3);
    expect(document.selectedSpanId).toBeNull();
    document.stepSpan(1);
    expect(selected()).toBe(words[2]);
    await workbench.labelling.deleteSelected();
    await until(() => listed().length === 2);
    document.stepSpan(-1);
    expect(selected()).toBe(words[0]);
  });

  it('] at once after a Delete, before the list is read again, passes over the removed span (helper-169)', async () => {
    const { workbench, words, listed } = await fourSpans();
    const { document } = workbench;
    const selected = () => document.spanViews.find((span) => span.id === document.selectedSpanId)?.text;
    document.selectSpan(document.spanViews[1].id);
    await workbench.labelling.deleteSelected();
    document.stepSpan(1);
    expect(selected()).toBe(words[2]);
    await until(() => listed().length === 3);
    // A click on text with no span: none selected, and ] starts from the first span again.
    document.selectAt(0);
    document.selectAt(workbench.document.current!.text.indexOf(words[3]) + words[3].length + 1);
    expect(document.selectedSpanId).toBeNull();
    document.stepSpan(1);
    expect(selected()).toBe(words[0]);
  });

  it('removes a span put back by another tab when Delete is pressed on it again, not the next one (helper-169)', async () => {
    const { workbench, words, listed } = await fourSpans();
    const span = workbench.document.spans.find((each) => each.text === words[0])!;
    await workbench.labelling.deleteSpan(span.id, true);
    await until(() => listed().length === 3);
    // Another tab's undo: the same span, with its id, comes back.
    await workbench.store.putSpans([span], workbench.session.now());
    await until(() => listed().length === 4);
    await workbench.labelling.deleteSpan(span.id, true);
    await until(() => listed().length === 3);
    expect(listed()).toEqual(words.slice(1));
  });
});
