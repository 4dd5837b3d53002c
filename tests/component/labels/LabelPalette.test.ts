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
