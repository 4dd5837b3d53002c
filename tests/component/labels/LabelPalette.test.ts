import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Guidelines from '../../../src/lib/components/labels/Guidelines.svelte';
import LabelPalette from '../../../src/lib/components/labels/LabelPalette.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('LabelPalette and Guidelines', () => {
  it('shows the four default labels in order with their hotkeys and colours', async () => {
    const workbench = await startWorkbench();
    render(LabelPalette, { workbench });
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((button) => button.textContent?.trim())).toEqual(['1claim', '2denial', '3sanction', '4visit']);
    expect(buttons[0].getAttribute('style')).toContain('#0072B2');
  });

  it('relabels the selected span when a palette button is pressed with no text selected', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const span = await workbench.labelling.createFromRange(document, 'claim', 0, 5, false);
    workbench.document.selectSpan(span!.id);
    render(LabelPalette, { workbench });
    await userEvent.click(screen.getByRole('button', { name: /denial/u }));
    await until(() => workbench.document.spans.some((candidate) => candidate.label === 'denial'));
    expect(workbench.document.spans.map((candidate) => candidate.label)).toEqual(['denial']);
    await workbench.labelling.undo();
    await until(() => workbench.document.spans.some((candidate) => candidate.label === 'claim'));
  });

  it('is one Tab stop, as a toolbar is: ← → Home End move along its controls, and each label button names its key', async () => {
    const workbench = await startWorkbench();
    render(LabelPalette, { workbench });
    const toolbar = screen.getByRole('toolbar', { name: 'Labels' });
    /** The focused control's text (a checkbox's: its label's). */
    const focused = () => {
      const element = document.activeElement;
      return (element?.closest('label') ?? element)?.textContent?.trim();
    };
    await userEvent.tab();
    expect(focused()).toBe('1claim');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(focused()).toBe('3sanction');
    await userEvent.keyboard('{End}');
    expect(focused()).toBe('label tags');
    await userEvent.keyboard('{ArrowRight}');
    expect(focused()).toBe('1claim');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(focused()).toBe('exact characters');
    await userEvent.keyboard('{Home}');
    expect(focused()).toBe('1claim');
    await userEvent.keyboard('{ArrowRight}');
    // Tab leaves the toolbar, and Shift+Tab comes back to the control last moved to.
    await userEvent.tab();
    expect(toolbar.contains(document.activeElement)).toBe(false);
    await userEvent.tab({ shift: true });
    expect(focused()).toBe('2denial');
    expect(screen.getAllByRole('button').map((button) => button.getAttribute('aria-keyshortcuts'))).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
  });

  it('toggles character precision', async () => {
    const workbench = await startWorkbench();
    render(LabelPalette, { workbench });
    await userEvent.click(screen.getByRole('checkbox', { name: /exact characters/u }));
    expect(workbench.labelling.precise).toBe(true);
  });

  it('shows each description as the guideline', async () => {
    const workbench = await startWorkbench();
    render(Guidelines, { workbench });
    expect(screen.getByText('sanction').closest('.guideline')?.textContent).toMatch(/penalty, restriction or embargo/u);
  });
});
