import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import TopBar from '../../../src/lib/components/app/TopBar.svelte';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { createSpan } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const noop = () => undefined;

/** Gives bob a layer (one span on the open document) and waits for the annotator list to name him. */
async function withBob(workbench: Workbench) {
  await createSpan(databaseOf(workbench), {
    documentId: workbench.document.id ?? '',
    annotator: 'bob',
    start: 0,
    end: 3,
    label: 'claim',
    text: [...(workbench.document.current?.text ?? '')].slice(0, 3).join(''),
  });
  await until(() => workbench.corpus.annotators.includes('bob'));
}

describe('TopBar annotator field', () => {
  it('switches to a named annotator, and refuses the review’s gold layer, saying where it is edited', async () => {
    const workbench = await startWorkbench();
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    const first = workbench.session.annotator;

    await userEvent.clear(field);
    await userEvent.type(field, 'gold{Enter}');
    await until(() => field.value === first);
    expect(workbench.session.annotator).toBe(first);
    expect(workbench.session.notice?.text).toBe(
      "“gold” is the review's layer: it is edited on the Review page, not labelled here.",
    );

    // A new name opens an empty layer only once the user says so (Enter on the focused button).
    await userEvent.clear(field);
    await userEvent.type(field, 'bea{Enter}');
    const prompt = await screen.findByRole('alertdialog', { name: 'New annotator' });
    expect(prompt.textContent).toContain('“bea” has no layer yet: a new, empty one opens.');
    expect(workbench.session.annotator).toBe(first);
    // Until the answer, the field names the layer still open, and labels wait: the prompt says so.
    expect(field.value).toBe(first);
    expect(prompt.textContent).toContain(`Labels wait for your choice (you are still “${first}”).`);
    // A write to the layer (D here) waits for the answer too, and says why.
    await workbench.labelling.markCurrent('done');
    expect(workbench.session.notice?.text).toBe(
      `Not saved: answer first whether to start “bea” or keep “${first}”, in the question under the Annotator field.`,
    );
    expect(document.activeElement?.textContent).toBe('Start “bea”');
    await userEvent.keyboard('{Enter}');
    await until(() => workbench.session.annotator === 'bea');
    expect(field.value).toBe('bea');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('opens a reviewer’s name at once: one who has decided in gold is no new annotator, with no layer of their own (helper-149)', async () => {
    const workbench = await startWorkbench();
    const documentId = workbench.document.id ?? '';
    const text = [...(workbench.document.current?.text ?? '')].slice(0, 3).join('');
    await databaseOf(workbench).spans.add({
      id: 'gold-decided',
      documentId,
      annotator: GOLD_ANNOTATOR,
      start: 0,
      end: 3,
      label: 'claim',
      text,
      created: 1,
      updated: 1,
      origin: { kind: 'a', annotators: ['ann'], by: 'rev', at: 1 },
    });
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    await userEvent.clear(field);
    await userEvent.type(field, 'rev{Enter}');
    await until(() => workbench.session.annotator === 'rev');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // Another name, never seen, is still asked about.
    await userEvent.clear(field);
    await userEvent.type(field, 'reva{Enter}');
    await screen.findByRole('alertdialog', { name: 'New annotator' });
    expect(workbench.session.annotator).toBe('rev');
  });

  it('asks nothing for a name left with Esc while it was being looked up among the reviewers (helper-153)', async () => {
    const workbench = await startWorkbench();
    const first = workbench.session.annotator;
    let answer: (decided: boolean) => void = noop;
    vi.spyOn(workbench.store, 'hasDecided').mockImplementation(
      () => new Promise<boolean>((resolve) => (answer = resolve)),
    );
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    await userEvent.clear(field);
    await userEvent.type(field, 'zed{Enter}');
    await userEvent.keyboard('{Escape}');
    answer(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(workbench.session.annotator).toBe(first);
    expect(field.value).toBe(first);
  });

  it('offers the existing layer for a name that differs only in case, and keeps the annotator on Escape', async () => {
    const workbench = await startWorkbench();
    await withBob(workbench);
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    const first = workbench.session.annotator;
    // The existing layers are offered as the field's choices.
    expect(
      [...document.querySelectorAll('#annotator-names option')].map((option) => option.getAttribute('value')),
    ).toContain('bob');

    await userEvent.clear(field);
    await userEvent.type(field, 'Bob{Enter}');
    const prompt = await screen.findByRole('alertdialog', { name: 'New annotator' });
    expect(prompt.textContent).toContain('No layer is named “Bob”; “bob” has one.');
    await userEvent.keyboard('{Escape}');
    await until(() => screen.queryByRole('alertdialog') === null);
    expect(workbench.session.annotator).toBe(first);
    expect(field.value).toBe(first);

    await userEvent.clear(field);
    await userEvent.type(field, 'BOB{Enter}');
    await screen.findByRole('alertdialog', { name: 'New annotator' });
    expect(document.activeElement?.textContent).toBe('Open bob');
    await userEvent.keyboard('{Enter}');
    await until(() => workbench.session.annotator === 'bob');
    expect(field.value).toBe('bob');
    // The layer open (its setting written), the field hands the keys back to the page's work.
    await until(() => document.activeElement !== field);

    // Retyping oneself in other case is a slip: keeping is what Enter does.
    await userEvent.clear(field);
    await userEvent.type(field, 'Bob{Enter}');
    const again = await screen.findByRole('alertdialog', { name: 'New annotator' });
    expect(again.textContent).toContain('you are “bob”');
    expect(document.activeElement?.textContent).toBe('Keep bob');
    await userEvent.keyboard('{Enter}');
    await until(() => screen.queryByRole('alertdialog') === null);
    expect(workbench.session.annotator).toBe('bob');
    expect(field.value).toBe('bob');
  });
});

describe('TopBar annotator field while a layer opens', () => {
  it('keeps what the user types again while the chosen layer is still being opened', async () => {
    const workbench = await startWorkbench();
    await withBob(workbench);
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    // The annotator setting's write is slow (a loaded machine): it ends only once released.
    const write = workbench.store.writeSetting.bind(workbench.store);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(workbench.store, 'writeSetting').mockImplementation(async (key, value) => {
      if (key === 'annotator') await held;
      return write(key, value);
    });
    await userEvent.clear(field);
    await userEvent.type(field, 'bob{Enter}');
    await until(() => workbench.session.annotator === 'bob');
    await userEvent.clear(field);
    await userEvent.type(field, 'Bo');
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(field.value).toBe('Bo');
    expect(document.activeElement).toBe(field);
  });
});

describe('TopBar annotator field, keys and pages', () => {
  it('hands the keys back to the work on Enter over one’s own name', async () => {
    const workbench = await startWorkbench();
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    await userEvent.click(field);
    await userEvent.keyboard('{Enter}');
    await new Promise((resolve) => setTimeout(resolve));
    expect(document.activeElement).not.toBe(field);
    expect(field.value).toBe(workbench.session.annotator);
  });

  it('keeps the annotator, and says so, when another page opens while a new name waits for its answer', async () => {
    const workbench = await startWorkbench();
    const first = workbench.session.annotator;
    const { rerender } = render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    await userEvent.clear(field);
    await userEvent.type(field, 'lead{Enter}');
    await screen.findByRole('alertdialog', { name: 'New annotator' });
    await rerender({ page: 'review' });
    await until(() => screen.queryByRole('alertdialog') === null);
    expect(workbench.session.annotator).toBe(first);
    expect(field.value).toBe(first);
    expect(workbench.session.notice?.text).toBe(
      `Still “${first}”: “lead” was not started (type it again and press Enter to start it).`,
    );
  });
  it('keeps the annotator, and says so, when another page opens while a new name is looked up among the reviewers', async () => {
    const workbench = await startWorkbench();
    const first = workbench.session.annotator;
    let answer: (decided: boolean) => void = noop;
    vi.spyOn(workbench.store, 'hasDecided').mockImplementation(
      () => new Promise<boolean>((resolve) => (answer = resolve)),
    );
    const { rerender } = render(TopBar, { workbench, page: 'review', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    await userEvent.clear(field);
    await userEvent.type(field, 'cai{Enter}');
    await rerender({ page: 'documents' });
    answer(false);
    await until(() => workbench.session.notice !== null);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(workbench.session.annotator).toBe(first);
    expect(field.value).toBe(first);
    expect(workbench.session.notice?.text).toBe(
      `Still “${first}”: “cai” was not started (type it again and press Enter to start it).`,
    );
  });
});

describe('TopBar file buttons', () => {
  it('goes by Tab from Import… straight to Export…: the hidden file input is no tab stop', async () => {
    const workbench = await startWorkbench();
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    screen.getByRole('button', { name: 'Import…' }).focus();
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Export…' }));
    expect(screen.getByTestId('import-input')).toBeTruthy();
  });
});
