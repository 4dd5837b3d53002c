import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import SpanList from '../../../src/lib/components/editor/SpanList.svelte';
import { setSpanNote } from '../../../src/lib/storage/spanMarks';
import { deleteSpans } from '../../../src/lib/storage/spans';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { databaseOf, spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
afterEach(() => globalThis.localStorage.clear());

/** The note drafts kept in localStorage, as a reload would find them. */
function keptDrafts(): { draft: string; spanId: string }[] {
  return Object.keys(globalThis.localStorage)
    .filter((key) => key.startsWith('spanwright.noteDraft.'))
    .map((key) => JSON.parse(globalThis.localStorage.getItem(key) ?? '') as { draft: string; spanId: string });
}

/** Two spans in the open document; the note field open on the first, `text` typed in it. */
async function writingOnFirst(text: string) {
  const workbench = await startWorkbench();
  const { span: first } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
  const { span: second } = await spanInOpenDocument(workbench, 'Russia', 'claim');
  render(SpanList, { workbench });
  await until(() => screen.queryAllByTestId('span-item').length === 2);
  await userEvent.click(itemOf(first.id));
  // `;` in the app (the keymap): the note field of the selected span.
  workbench.labelling.editNote();
  await userEvent.type(await screen.findByTestId('note-input'), text);
  return { workbench, first, second };
}

const itemOf = (id: string) => screen.getAllByTestId('span-item').find((item) => item.dataset.spanId === id)!;

const noteOf = async (workbench: Workbench, id: string) => (await databaseOf(workbench).spans.get(id))?.note;

describe('a note being written is not lost', () => {
  it('keeps the draft at every key stroke, and forgets it once saved', async () => {
    const { workbench, first } = await writingOnFirst('the country');
    expect(keptDrafts()).toEqual([expect.objectContaining({ spanId: first.id, draft: 'the country' })]);
    await userEvent.keyboard('{Enter}');
    await until(() => screen.queryByTestId('span-note')?.textContent === 'the country');
    expect(await noteOf(workbench, first.id)).toBe('the country');
    await until(() => keptDrafts().length === 0);
  });

  it('saves the draft when another span is selected, and says so', async () => {
    const { workbench, first, second } = await writingOnFirst('the country, not the army');
    await userEvent.click(itemOf(second.id));
    await until(() => workbench.session.notice?.text === 'Note saved on “North Korea”.');
    expect(await noteOf(workbench, first.id)).toBe('the country, not the army');
    expect(await noteOf(workbench, second.id)).toBeUndefined();
    expect(keptDrafts()).toEqual([]);
    // The save is one step to undo, like Save.
    await workbench.labelling.undo();
    expect(await noteOf(workbench, first.id)).toBeUndefined();
  });

  it('saves the draft when another document is opened', async () => {
    const { workbench, first } = await writingOnFirst('written before moving on');
    const next = workbench.corpus.documents.find((document) => document.id !== first.documentId)!;
    workbench.open(next.id);
    await until(() => workbench.session.notice?.text === 'Note saved on “North Korea”.');
    expect(await noteOf(workbench, first.id)).toBe('written before moving on');
  });

  it('discards the draft on Esc and on Cancel: the note stays as it was', async () => {
    const { workbench, first } = await writingOnFirst('not wanted');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('note-input')).toBeNull();
    expect(keptDrafts()).toEqual([]);
    await userEvent.click(itemOf(first.id));
    await userEvent.click(screen.getByRole('button', { name: 'Note' }));
    await userEvent.type(screen.getByTestId('note-input'), 'not wanted either');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(keptDrafts()).toEqual([]);
    expect(await noteOf(workbench, first.id)).toBeUndefined();
    expect(workbench.labelling.history.canUndo).toBe(false);
  });

  it('gives the draft’s text in the status line when its span is removed (another tab) while it is written', async () => {
    const { workbench, first } = await writingOnFirst('<b>keep</b> this');
    await deleteSpans(databaseOf(workbench), [first.id]);
    await until(() => workbench.session.notice?.tone === 'error');
    expect(workbench.session.notice?.text).toBe(
      'The note you were writing was not saved: the span “North Korea” is gone. Your text: <b>keep</b> this',
    );
    expect(keptDrafts()).toEqual([]);
  });

  it('does not write over a note another tab saved on the span while this one was written, and gives its text', async () => {
    const { workbench, first } = await writingOnFirst('mine');
    await setSpanNote(databaseOf(workbench), first.id, 'theirs, from the other tab');
    await userEvent.keyboard('{Enter}');
    await until(() => workbench.session.notice?.tone === 'error');
    expect(workbench.session.notice?.text).toBe(
      'The note you were writing was not saved: the note on “North Korea” was changed meanwhile (in another tab). Your text: mine',
    );
    expect(await noteOf(workbench, first.id)).toBe('theirs, from the other tab');
    expect(keptDrafts()).toEqual([]);
    // Nothing was written, so there is nothing of it to undo.
    expect(workbench.labelling.history.canUndo).toBe(false);
  });
});
