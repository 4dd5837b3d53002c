import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SpanList from '../../../src/lib/components/editor/SpanList.svelte';
import { createSpan, putSpans } from '../../../src/lib/storage/spans';
import { databaseOf, spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('SpanList', () => {
  it('lists the layer with label, quoted text and code point offsets, and selects on click', async () => {
    const workbench = await startWorkbench();
    const { span, at } = await spanInOpenDocument(workbench, 'North Korea', 'visit');
    render(SpanList, { workbench });
    const item = await screen.findByTestId('span-item');
    expect(item.dataset).toMatchObject({ spanId: span.id, label: 'visit', start: String(at), end: String(at + 11) });
    expect(within(item).getByText('North Korea')).toBeTruthy();
    await userEvent.click(item);
    expect(workbench.document.selectedSpanId).toBe(span.id);
    expect(item.classList.contains('selected')).toBe(true);
  });

  it('shows, and keeps, a span whose stored quote no longer matches the document', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    await createSpan(databaseOf(workbench), {
      documentId: document.id,
      annotator: workbench.session.annotator,
      start: 0,
      end: 5,
      label: 'claim',
      text: 'WRONG',
    });
    render(SpanList, { workbench });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/1 span no longer matches/u);
    const item = await screen.findByTestId('span-item');
    expect(item.classList.contains('mismatch')).toBe(true);
    expect(within(item).getByText('text changed')).toBeTruthy();
    await until(() => workbench.document.spans.length === 1);
  });

  it('keeps only the rows in view in the DOM for a large layer, and scrolls them in as the list scrolls', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const spans = Array.from({ length: 2000 }, (_, index) => ({
      id: `s${String(index).padStart(4, '0')}`,
      documentId: document.id,
      annotator: workbench.session.annotator,
      // 2000 different places: a layer holds one span per place and label.
      start: index % 100,
      end: (index % 100) + 1 + Math.floor(index / 100),
      label: 'claim',
      text: document.text.slice(index % 100, (index % 100) + 1 + Math.floor(index / 100)),
      created: 0,
      updated: index,
    }));
    await putSpans(databaseOf(workbench), spans);
    render(SpanList, { workbench });
    await until(() => workbench.document.spans.length === 2000);
    const list = await screen.findByTestId('span-list');
    await until(() => screen.queryAllByTestId('span-item').length > 0);
    const rendered = () => screen.getAllByTestId('span-item');
    expect(rendered().length).toBeLessThan(100);
    expect(list.style.height).toBe(`${2000 * 34}px`);
    expect(screen.getByText('2000')).toBeTruthy();
    const scroller = list.parentElement!;
    scroller.scrollTop = 1000 * 34;
    scroller.dispatchEvent(new Event('scroll'));
    // The layer is sorted by start: 20 spans per start offset, so row 1000 starts at offset 50.
    await until(() => rendered().some((item) => item.dataset.start === '50'));
    expect(rendered().some((item) => item.dataset.start === '0')).toBe(false);
    expect(rendered().length).toBeLessThan(100);
  });
});
