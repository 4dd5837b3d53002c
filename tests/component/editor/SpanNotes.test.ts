import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SpanList from '../../../src/lib/components/editor/SpanList.svelte';
import { putSpans } from '../../../src/lib/storage/spans';
import { databaseOf, spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('SpanList notes and feedback', () => {
  it('writes, shows and removes a note on the selected span', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    render(SpanList, { workbench });
    await userEvent.click(await screen.findByTestId('span-item'));
    await userEvent.click(screen.getByRole('button', { name: 'Note' }));
    const field = screen.getByTestId('note-input');
    expect(window.document.activeElement).toBe(field);
    await userEvent.type(field, 'the country, not the army{Enter}');
    const note = await screen.findByTestId('span-note');
    expect(note.textContent).toBe('the country, not the army');
    expect(screen.getByTestId('span-item').getAttribute('title')).toContain('Note: the country, not the army');
    // Esc leaves the note as it was; Remove note takes it away.
    await userEvent.click(screen.getByRole('button', { name: 'Edit note' }));
    await userEvent.type(screen.getByTestId('note-input'), ' and more{Escape}');
    expect(screen.queryByTestId('note-input')).toBeNull();
    expect((await databaseOf(workbench).spans.get(span.id))?.note).toBe('the country, not the army');
    await userEvent.click(screen.getByRole('button', { name: 'Remove note' }));
    await until(() => screen.queryByTestId('span-note') === null);
  });

  it('closes the note field on Enter or Save with the note left as it was, writing nothing', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    render(SpanList, { workbench });
    await userEvent.click(await screen.findByTestId('span-item'));
    // A new note, left empty: Enter closes the field.
    await userEvent.click(screen.getByRole('button', { name: 'Note' }));
    await userEvent.type(screen.getByTestId('note-input'), '{Enter}');
    await until(() => screen.queryByTestId('note-input') === null);
    // An existing note, opened and saved unchanged: the field closes, the note stays.
    await putSpans(databaseOf(workbench), [{ ...span, note: 'as it was' }]);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit note' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await until(() => screen.queryByTestId('note-input') === null);
    expect((await databaseOf(workbench).spans.get(span.id))?.note).toBe('as it was');
    expect(workbench.labelling.noteFor).toBeNull();
  });

  it('shows each span’s feedback as text: the verdict, what it changed to, the note, who and when', async () => {
    const workbench = await startWorkbench();
    const { span, at } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    await putSpans(databaseOf(workbench), [
      {
        ...span,
        feedback: {
          verdict: 'changed',
          to: [{ start: at, end: at + 5, label: 'claim' }],
          note: '<b>only</b> the first word',
          reviewer: 'rev',
          at: Date.UTC(2026, 4, 1),
        },
      },
    ]);
    render(SpanList, { workbench });
    const feedback = await screen.findByTestId('span-feedback');
    expect(feedback.textContent).toBe(
      `changed to claim ${at}–${at + 5} “North”: “<b>only</b> the first word” (rev, 2026-05-01)`,
    );
    expect(feedback.querySelector('b')).toBeNull();
    expect(screen.getByTestId('span-item').dataset.verdict).toBe('changed');
    await userEvent.click(screen.getByTestId('span-item'));
    expect(within(screen.getByTestId('span-detail')).getByTestId('feedback-detail').textContent).toContain(
      'rev, 2026-05-01',
    );
  });
});
