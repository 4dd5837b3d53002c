import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import LabelSettings from '../../../src/lib/components/labels/LabelSettings.svelte';
import { databaseOf, until, useWorkbench } from '../../support/workbench';
import { Flag } from '../../support/flag.svelte';

const startWorkbench = useWorkbench();

/** Types `value` over a field's text and changes it, as leaving the field would. */
async function retype(field: HTMLElement, value: string): Promise<void> {
  await userEvent.clear(field);
  await userEvent.type(field, value);
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('LabelSettings', () => {
  it('renames a label on its spans, and asks before a rename onto another label’s name merges the two', async () => {
    const workbench = await startWorkbench();
    await workbench.labelling.createFromRange(workbench.document.current!, 'claim', 0, 5, false);
    render(LabelSettings, { workbench });
    const name = screen.getByLabelText('Name of claim');
    await retype(name, 'assertion');
    await until(() => workbench.corpus.labels.some((label) => label.name === 'assertion'));
    await until(() => workbench.document.spans[0]?.label === 'assertion');

    // Onto visit's name: a merge, asked first; Keep both leaves both, the field its name back and the focus.
    await workbench.labelling.createFromRange(workbench.document.current!, 'denial', 6, 9, false);
    const names = () => workbench.corpus.labels.map((label) => label.name);
    const denial = screen.getByLabelText<HTMLInputElement>('Name of denial');
    await retype(denial, 'visit');
    expect((await screen.findByRole('alert')).textContent).toContain(
      '“visit” is a label already. Merge “denial” into it? Its 1 span will carry “visit”, but for any at a place',
    );
    expect(document.activeElement?.textContent).toBe('Keep both');
    await userEvent.click(screen.getByRole('button', { name: 'Keep both' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect([denial.value, document.activeElement]).toEqual(['denial', denial]);
    expect(names()).toContain('denial');
    // Asked again and answered: denial goes, its span carries visit, and the notice says so with Undo.
    await retype(denial, 'visit');
    await userEvent.click(await screen.findByRole('button', { name: 'Merge into “visit”' }));
    await until(() => !names().includes('denial'));
    await until(() => workbench.document.spans.map((span) => span.label).join() === 'assertion,visit');
    await until(() => screen.queryByTestId('label-merged') !== null);
    expect(screen.getByTestId('label-merged').textContent).toContain(
      'Merged “denial” into “visit”: 1 span now carries “visit”.',
    );
    // The focus is on Undo; it takes the merge back: denial returns with its key, its span carries it again.
    expect(document.activeElement?.textContent).toBe('Undo');
    await userEvent.keyboard('{Enter}');
    await until(() => workbench.document.spans.map((span) => span.label).join() === 'assertion,denial');
    expect(names()).toEqual(['assertion', 'denial', 'sanction', 'visit']);
    expect(workbench.corpus.labels.find((label) => label.name === 'denial')?.hotkey).toBe('2');
    expect(workbench.session.notice?.text).toBe('Put back “denial”: 1 span carries it again.');
    expect(screen.queryByTestId('label-merged')).toBeNull();
  });

  it('takes spaces typed around a new name away, as an import does, rather than refuse the rename (helper-213)', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    await retype(screen.getByLabelText('Name of sanction'), ' penalty ');
    await until(() => workbench.corpus.labels.some((label) => label.name === 'penalty'));
    expect(screen.getByLabelText<HTMLInputElement>('Name of penalty').value).toBe('penalty');
    expect(workbench.corpus.labels.map((label) => label.name)).not.toContain('sanction');
  });

  it('takes the Undo of a merge away once team sync is turned on, as the merge has reached the team', async () => {
    const workbench = await startWorkbench();
    const syncing = new Flag();
    Object.defineProperty(workbench, 'syncing', { get: () => syncing.value });
    render(LabelSettings, { workbench });
    const denial = screen.getByLabelText<HTMLInputElement>('Name of denial');
    await retype(denial, 'visit');
    await userEvent.click(await screen.findByRole('button', { name: 'Merge into “visit”' }));
    await until(() => screen.queryByTestId('label-merged') !== null);
    syncing.value = true;
    await until(() => screen.queryByTestId('label-merged') === null);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    // Turned off again, it does not come back: the merge has reached the team (review).
    syncing.value = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(workbench.labelSet.undoable).toBeNull();
  });

  it('after a refused merge, leaves the focus off an earlier deletion’s Undo (review)', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    await userEvent.click(screen.getByRole('button', { name: 'Delete sanction' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await until(() => screen.queryByTestId('label-deleted') !== null);
    const denial = screen.getByLabelText<HTMLInputElement>('Name of denial');
    await retype(denial, 'visit');
    const merge = await screen.findByRole('button', { name: 'Merge into “visit”' });
    // Another tab removes visit before the answer: the merge is refused, and says why.
    await workbench.store.deleteLabel('visit', 1);
    await userEvent.click(merge);
    await until(() => screen.queryByText(/there is no label named "visit"/iu) !== null);
    expect(document.activeElement?.textContent).not.toBe('Undo');
    expect(screen.getByTestId('label-deleted').textContent).toContain('Deleted “sanction”');
  });

  it('takes away the undo of a merge once either label is renamed, as it would put nothing back (review)', async () => {
    const workbench = await startWorkbench();
    await workbench.labelling.createFromRange(workbench.document.current!, 'denial', 0, 5, false);
    render(LabelSettings, { workbench });
    const denial = screen.getByLabelText<HTMLInputElement>('Name of denial');
    await retype(denial, 'visit');
    await userEvent.click(await screen.findByRole('button', { name: 'Merge into “visit”' }));
    await until(() => screen.queryByTestId('label-merged') !== null);
    const visit = screen.getByLabelText<HTMLInputElement>('Name of visit');
    await retype(visit, 'trip');
    await until(() => workbench.document.spans[0]?.label === 'trip');
    expect(screen.queryByTestId('label-merged')).toBeNull();
  });

  it('with team sync on, says a merge reaches the whole team and cannot be undone, and offers no Undo', async () => {
    const workbench = await startWorkbench();
    Object.defineProperty(workbench, 'syncing', { get: () => true });
    render(LabelSettings, { workbench });
    const denial = screen.getByLabelText<HTMLInputElement>('Name of denial');
    await retype(denial, 'visit');
    expect((await screen.findByRole('alert')).textContent).toContain(
      '“denial” leaves the set for the whole team; this cannot be undone.',
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Merge into “visit”' }));
    await until(() => workbench.session.notice?.text === 'Merged “denial” into “visit”.');
    expect(screen.queryByTestId('label-merged')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('refuses a new label or a rename that differs from another label only by case, naming it', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    await userEvent.type(screen.getByLabelText('New label name'), 'Claim');
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'A label "claim" exists already; names differ only by case',
    );
    const names = () => workbench.corpus.labels.map((label) => label.name);
    expect(names()).not.toContain('Claim');

    const denial = screen.getByLabelText('Name of denial');
    await retype(denial, 'VISIT');
    await until(
      () => screen.getByRole('alert').textContent === 'A label "visit" exists already; names differ only by case',
    );
    expect(names()).toContain('denial');
    expect(names()).not.toContain('VISIT');

    // The same label in another case is a rename like any other.
    const claim = screen.getByLabelText('Name of claim');
    await retype(claim, 'Claim');
    await until(() => names().includes('Claim') && !names().includes('claim'));
    await until(() => screen.queryByRole('alert') === null);
  });

  it('asks before deleting a label in use, and deletes it with its spans on confirmation', async () => {
    const workbench = await startWorkbench();
    await workbench.labelling.createFromRange(workbench.document.current!, 'visit', 0, 5, false);
    render(LabelSettings, { workbench });
    await userEvent.click(screen.getByRole('button', { name: 'Delete visit' }));
    const question = await screen.findByRole('alert');
    expect(question.textContent).toMatch(/Delete “visit” and its 1 span\?/u);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(workbench.corpus.labels.map((label) => label.name)).toContain('visit');
    await userEvent.click(screen.getByRole('button', { name: 'Delete visit' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await until(() => !workbench.corpus.labels.some((label) => label.name === 'visit'));
    await until(() => workbench.document.spans.length === 0);
  });

  it('puts the focus on Cancel when it asks, and Escape leaves the label and gives the focus back', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const deleteButton = screen.getByRole('button', { name: 'Delete denial' });
    await userEvent.click(deleteButton);
    const question = await screen.findByRole('alert');
    await until(() => document.activeElement?.textContent === 'Cancel');
    expect(question.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(deleteButton);
    expect(workbench.corpus.labels.map((label) => label.name)).toContain('denial');
  });

  it('adds a label with the next free hotkey, re-keys and reorders', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    await userEvent.type(screen.getByLabelText('New label name'), 'meeting');
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await until(() => workbench.corpus.labels.some((label) => label.name === 'meeting'));
    expect(workbench.corpus.labels.find((label) => label.name === 'meeting')?.hotkey).toBe('5');
    await userEvent.click(await screen.findByRole('button', { name: 'Move meeting up' }));
    await until(() => workbench.corpus.labels[3]?.name === 'meeting');
    const key = screen.getByLabelText('Hotkey of meeting');
    await retype(key, 'd');
    expect((await screen.findByRole('alert')).textContent).toMatch(/reserved/u);
  });

  it('gives a label the key A (Shift+A accepts every suggestion; A alone is free), and names what a held key does', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const key = screen.getByLabelText('Hotkey of visit');
    await retype(key, 'a');
    await until(() => workbench.corpus.labels.find((label) => label.name === 'visit')?.hotkey === 'a');
    expect(screen.queryByRole('alert')).toBeNull();

    const claim = screen.getByLabelText('Hotkey of claim');
    await retype(claim, 'o');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^“o” is reserved for “label all occurrences.*\(the key stays “1”\)$/u);
    // The field shows the stored key again (not invalid, helper-197), described by what it was refused for; the others are not.
    expect(claim).toHaveProperty('value', '1');
    expect(claim.getAttribute('aria-invalid')).toBeNull();
    expect(document.getElementById(claim.getAttribute('aria-describedby')!)).toBe(alert);
    expect(screen.getByLabelText('Name of claim').getAttribute('aria-describedby')).toBeNull();
    expect(key.getAttribute('aria-describedby')).toBeNull();
  });

  it('takes the key typed over the one a key field holds, without clearing it first (helper-211)', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const key = screen.getByLabelText<HTMLInputElement>('Hotkey of visit');
    await userEvent.click(key);
    await userEvent.keyboard('7');
    expect(key.value).toBe('7');
    await userEvent.tab();
    await until(() => workbench.corpus.labels.find((label) => label.name === 'visit')?.hotkey === '7');
  });

  it('says so when a key another label holds moves to this one, which takes the old key in exchange (helper-188)', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const key = screen.getByLabelText('Hotkey of visit');
    await userEvent.clear(key);
    await userEvent.type(key, '1');
    await userEvent.tab(); // leaving the field changes it
    expect((await screen.findByRole('status')).textContent).toBe('“1” now labels visit; claim takes its old key, “4”.');
    // No key stops working: 4, visit's, now labels claim.
    await until(() => workbench.corpus.labels.find((label) => label.name === 'claim')?.hotkey === '4');
    expect(workbench.corpus.labels.find((label) => label.name === 'visit')?.hotkey).toBe('1');
    // The next change of the set begun (a deletion asked about here) takes the note away (trial).
    await userEvent.click(screen.getByRole('button', { name: 'Delete sanction' }));
    await screen.findByRole('button', { name: 'Cancel' });
    expect(screen.queryByText(/now labels visit/u)).toBeNull();
  });

  it('saves a guideline as it is typed, before the field is left, and keeps what is typed while it is stored', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const field = screen.getByLabelText<HTMLTextAreaElement>('Description of claim');
    await userEvent.clear(field);
    await userEvent.type(field, 'A statement presented as fact.');
    // Still in the field: nothing left it, and it is stored already (a reload now keeps it).
    expect(document.activeElement).toBe(field);
    await until(
      () =>
        workbench.corpus.labels.find((label) => label.name === 'claim')?.description ===
        'A statement presented as fact.',
    );
    expect(field.value).toBe('A statement presented as fact.');
  });

  it('leaves a name or a key as it is on Escape, whatever was typed', async () => {
    const workbench = await startWorkbench();
    await workbench.labelling.createFromRange(workbench.document.current!, 'visit', 0, 5, false);
    render(LabelSettings, { workbench });
    const name = screen.getByLabelText<HTMLInputElement>('Name of visit');
    await userEvent.click(name);
    await userEvent.keyboard('{End}zzz{Escape}');
    expect(name.value).toBe('visit');
    // The focus stays in the field (it fell to the page): a keyboard user keeps their place in the table.
    expect(document.activeElement).toBe(name);
    const key = screen.getByLabelText<HTMLInputElement>('Hotkey of visit');
    await userEvent.clear(key);
    await userEvent.type(key, '7{Escape}');
    expect(key.value).toBe('4');
    await userEvent.tab();
    expect(workbench.corpus.labels.map((label) => `${label.name}:${label.hotkey}`)).toContain('visit:4');
    expect(workbench.document.spans[0]?.label).toBe('visit');
  });

  it('refuses a blank name and a space as a key, saying why, and says no stale key move beside it', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const visitKey = screen.getByLabelText('Hotkey of visit');
    await retype(visitKey, '1');
    await screen.findByRole('status');
    const key = screen.getByLabelText<HTMLInputElement>('Hotkey of denial');
    await retype(key, ' ');
    await until(
      () =>
        screen.queryByRole('alert')?.textContent ===
        'Space cannot be a label’s key: type a letter or a digit (the key stays “2”)',
    );
    expect(screen.queryByRole('status')).toBeNull();
    expect(workbench.corpus.labels.find((label) => label.name === 'denial')?.hotkey).toBe('2');
    // Said beside the row it is about, not at the top of a long list.
    expect(screen.getByRole('alert').closest('tr')?.previousElementSibling?.getAttribute('data-label-row')).toBe(
      'denial',
    );
    const name = screen.getByLabelText('Name of denial');
    await retype(name, '   ');
    await until(() => screen.queryByRole('alert')?.textContent === 'A label name cannot be empty');
  });

  it('names the suggestions a deletion takes with the label, and puts them back with Undo', async () => {
    const workbench = await startWorkbench();
    const documentId = workbench.document.current!.id;
    const text = workbench.document.current!.text;
    await workbench.labelling.createFromRange(workbench.document.current!, 'visit', 0, 5, false);
    await databaseOf(workbench).suggestions.add({
      id: 'suggested',
      documentId,
      annotator: workbench.session.annotator,
      start: 10,
      end: 15,
      label: 'visit',
      text: [...text].slice(10, 15).join(''),
      source: 'propagated',
      created: 0,
    });
    render(LabelSettings, { workbench });
    await userEvent.click(screen.getByRole('button', { name: 'Delete visit' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Delete “visit” and its 1 span, 1 suggestion?');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await until(() => screen.queryByTestId('label-deleted') !== null);
    expect(screen.getByTestId('label-deleted').textContent).toContain(
      'Deleted “visit” and its 1 span and 1 suggestion.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await vi.waitFor(async () => expect(await databaseOf(workbench).suggestions.get('suggested')).toBeDefined());
    expect(workbench.session.notice?.text).toBe('Put back “visit” and 1 span and 1 suggestion.');
    // The focus is on the row that came back.
    await until(() => document.activeElement?.closest('[data-label-row]')?.getAttribute('data-label-row') === 'visit');
  });

  it('says, when a deletion is undone, which label added since took its freed colour', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const colour = workbench.corpus.labels.find((label) => label.name === 'visit')!.colour;
    await userEvent.click(screen.getByRole('button', { name: 'Delete visit' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await until(() => screen.queryByTestId('label-deleted') !== null);
    expect(await workbench.labelSet.add('org')).toBeNull();
    await until(() => workbench.corpus.labels.some((label) => label.name === 'org'));
    expect(workbench.corpus.labels.find((label) => label.name === 'org')?.colour).toBe(colour);
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await until(() => workbench.session.notice?.text.startsWith('Put back “visit”') === true);
    expect(workbench.session.notice?.text).toBe(
      'Put back “visit”; “org” has its colour too: give one another in the Colour column.',
    );
  });

  it('keeps the focus on a moved label’s arrow when its keys come faster than the list shows each move', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const names = () => workbench.corpus.labels.map((label) => label.name).join();
    // The last of three moves is stored only once the list has shown the first two.
    const move = workbench.labelSet.move.bind(workbench.labelSet);
    let calls = 0;
    vi.spyOn(workbench.labelSet, 'move').mockImplementation(async (name, direction) => {
      if (++calls === 3) await until(() => names() === 'denial,sanction,claim,visit');
      return move(name, direction);
    });
    screen.getByRole('button', { name: 'Move claim down' }).focus();
    await userEvent.keyboard('{Enter}{Enter}{Enter}');
    await until(() => names() === 'denial,sanction,visit,claim');
    // At the end its ↓ is off: the focus is on its ↑.
    await until(() => document.activeElement?.getAttribute('aria-label') === 'Move claim up');
  });

  it('forgets a move once it shows, so a later change of the list elsewhere leaves the focus where it is', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const names = () => workbench.corpus.labels.map((label) => label.name).join();
    // Two labels moved before the list shows either: claim down, then denial (first still) down.
    screen.getByRole('button', { name: 'Move claim down' }).click();
    screen.getByRole('button', { name: 'Move denial down' }).click();
    await until(() => names() === 'claim,denial,sanction,visit' && workbench.corpus.labels.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    (document.activeElement as HTMLElement | null)?.blur();
    // Another tab moves denial later: this page's focus stays on the page.
    await workbench.labelSet.move('denial', 1);
    await until(() => names() === 'claim,sanction,denial,visit');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(document.body);
  });
});
