import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ExportDialog from '../../../src/lib/components/files/ExportDialog.svelte';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { createSpan } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Export… as the Review page opens it, on a corpus whose gold holds a span; the layer list waits for `release`. */
async function openFromReview() {
  const workbench = await startWorkbench();
  const document = workbench.document.current!;
  await createSpan(databaseOf(workbench), {
    documentId: document.id,
    annotator: GOLD_ANNOTATOR,
    start: 0,
    end: 5,
    label: 'claim',
    text: [...document.text].slice(0, 5).join(''),
  });
  const transfers = new Transfers(workbench.store);
  const read = transfers.annotators.bind(transfers);
  let release = () => {};
  const listed = new Promise<void>((resolve) => (release = resolve));
  transfers.annotators = async (current) => {
    await listed;
    return read(current);
  };
  render(ExportDialog, {
    transfers,
    workbench,
    onclose: () => {},
    reviewed: { id: document.id, title: document.title },
  });
  return { release, select: screen.getByLabelText<HTMLSelectElement>('Annotator') };
}

describe('Export… opened from the Review page', () => {
  it('chooses gold once the layers are listed, as gold holds a span', async () => {
    const { release, select } = await openFromReview();
    release();
    await until(() => select.value === GOLD_ANNOTATOR);
  });

  it('shows the current layer, not a blank select, while the layers are read; counts them once read', async () => {
    const { release, select } = await openFromReview();
    expect(select.selectedOptions[0]?.textContent).toBe('annotator');
    release();
    await until(() => select.selectedOptions[0]?.textContent === 'gold (adjudicated) · 1 span');
    expect([...select.options].map((option) => option.textContent)).toContain('annotator · 0 spans');
  });

  it('keeps the layer the user chose before the list came', async () => {
    const { release, select } = await openFromReview();
    await userEvent.selectOptions(select, 'all');
    release();
    await until(() => [...select.options].some((option) => option.value === GOLD_ANNOTATOR));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(select.value).toBe('all');
  });
});
