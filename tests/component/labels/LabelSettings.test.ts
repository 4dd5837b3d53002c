import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import LabelSettings from '../../../src/lib/components/labels/LabelSettings.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('LabelSettings', () => {
  it('renames a label on its spans, and refuses a duplicate name with a message', async () => {
    const workbench = await startWorkbench();
    await workbench.labelling.createFromRange(workbench.document.current!, 'claim', 0, 5, false);
    render(LabelSettings, { workbench });
    const name = screen.getByLabelText('Name of claim');
    await userEvent.clear(name);
    await userEvent.type(name, 'assertion');
    name.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => workbench.corpus.labels.some((label) => label.name === 'assertion'));
    await until(() => workbench.document.spans[0]?.label === 'assertion');

    const denial = screen.getByLabelText('Name of denial');
    await userEvent.clear(denial);
    await userEvent.type(denial, 'visit');
    denial.dispatchEvent(new Event('change', { bubbles: true }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/exists already/u);
    expect(workbench.corpus.labels.map((label) => label.name)).toContain('denial');
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
    await userEvent.clear(denial);
    await userEvent.type(denial, 'VISIT');
    denial.dispatchEvent(new Event('change', { bubbles: true }));
    await until(
      () => screen.getByRole('alert').textContent === 'A label "visit" exists already; names differ only by case',
    );
    expect(names()).toContain('denial');
    expect(names()).not.toContain('VISIT');

    // The same label in another case is a rename like any other.
    const claim = screen.getByLabelText('Name of claim');
    await userEvent.clear(claim);
    await userEvent.type(claim, 'Claim');
    claim.dispatchEvent(new Event('change', { bubbles: true }));
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
    await userEvent.clear(key);
    await userEvent.type(key, 'd');
    key.dispatchEvent(new Event('change', { bubbles: true }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/reserved/u);
  });

  it('gives a label the key A (Shift+A accepts every suggestion; A alone is free), and names what a held key does', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const key = screen.getByLabelText('Hotkey of visit');
    await userEvent.clear(key);
    await userEvent.type(key, 'a');
    key.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => workbench.corpus.labels.find((label) => label.name === 'visit')?.hotkey === 'a');
    expect(screen.queryByRole('alert')).toBeNull();

    const claim = screen.getByLabelText('Hotkey of claim');
    await userEvent.clear(claim);
    await userEvent.type(claim, 'o');
    claim.dispatchEvent(new Event('change', { bubbles: true }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^“o” is reserved for “label all occurrences/u);
  });

  it('says so when a key another label holds moves to this one', async () => {
    const workbench = await startWorkbench();
    render(LabelSettings, { workbench });
    const key = screen.getByLabelText('Hotkey of visit');
    await userEvent.clear(key);
    await userEvent.type(key, '1');
    key.dispatchEvent(new Event('change', { bubbles: true }));
    expect((await screen.findByRole('status')).textContent).toBe(
      '“1” now labels visit; claim has no key until you give it one.',
    );
    await until(() => workbench.corpus.labels.find((label) => label.name === 'claim')?.hotkey === '');
    expect(workbench.corpus.labels.find((label) => label.name === 'visit')?.hotkey).toBe('1');
  });
});
