import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SpanList from '../../../src/lib/components/editor/SpanList.svelte';
import { createSpan } from '../../../src/lib/storage/spans';
import { until, useWorkbench } from '../workbenchFixture';

const startWorkbench = useWorkbench();

describe('SpanList', () => {
  it('lists the layer with label, quoted text and code point offsets, and selects on click', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    const at = document.text.indexOf('North Korea');
    const span = await createSpan(workbench.database, {
      documentId: document.id, annotator: workbench.annotator, start: at, end: at + 11, label: 'visit', text: 'North Korea',
    });
    render(SpanList, { workbench });
    const item = await screen.findByTestId('span-item');
    expect(item.dataset).toMatchObject({ spanId: span.id, label: 'visit', start: String(at), end: String(at + 11) });
    expect(within(item).getByText('North Korea')).toBeTruthy();
    await userEvent.click(item);
    expect(workbench.selectedSpanId).toBe(span.id);
    expect(item.classList.contains('selected')).toBe(true);
  });

  it('shows, and keeps, a span whose stored quote no longer matches the document', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    await createSpan(workbench.database, { documentId: document.id, annotator: workbench.annotator, start: 0, end: 5, label: 'claim', text: 'WRONG' });
    render(SpanList, { workbench });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/1 span no longer matches/u);
    const item = await screen.findByTestId('span-item');
    expect(item.classList.contains('mismatch')).toBe(true);
    expect(within(item).getByText('text changed')).toBeTruthy();
    await until(() => workbench.spans.length === 1);
  });
});
