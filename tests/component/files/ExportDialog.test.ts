import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ExportDialog from '../../../src/lib/components/files/ExportDialog.svelte';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { createSpan } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/**
 * Export… as the Review page opens it (or the Documents page, `fromReview` false), on a corpus whose
 * gold holds a span; the layer list waits for `release`.
 */
async function openFromReview(fromReview = true, ownSpans = 0) {
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
  for (let own = 0; own < ownSpans; own++)
    await createSpan(databaseOf(workbench), {
      documentId: document.id,
      annotator: workbench.session.annotator,
      start: 0,
      end: 5,
      label: 'denial',
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
    reviewed: fromReview ? { id: document.id, title: document.title } : undefined,
  });
  return { release, select: screen.getByLabelText<HTMLSelectElement>('Annotator') };
}

describe('Export… opened from the Review page', () => {
  it('chooses gold once the layers are listed, as gold holds a span', async () => {
    const { release, select } = await openFromReview();
    release();
    await until(() => select.value === GOLD_ANNOTATOR);
  });

  it('chooses gold from the Documents page only when the user’s own layer is empty (a lead who labels nothing)', async () => {
    const empty = await openFromReview(false);
    empty.release();
    await until(() => empty.select.value === GOLD_ANNOTATOR);
    document.body.innerHTML = '';
    const labelled = await openFromReview(false, 1);
    labelled.release();
    await until(() => [...labelled.select.options].some((option) => option.value === GOLD_ANNOTATOR));
    expect(labelled.select.value).toBe('annotator');
  });

  it('shows the current layer, not a blank select, while the layers are read; counts them once read', async () => {
    const { release, select } = await openFromReview();
    expect(select.selectedOptions[0]?.textContent).toBe('annotator');
    // The others are said to be on their way (a large corpus's take seconds: helper-154), and cannot be chosen.
    const reading = [...select.options].find((option) => option.textContent === 'Reading the other layers…');
    expect(reading?.disabled).toBe(true);
    release();
    await until(() => select.selectedOptions[0]?.textContent === 'gold (adjudicated) · 1 span');
    expect([...select.options].map((option) => option.textContent)).toContain('annotator · 0 spans');
    expect([...select.options].map((option) => option.textContent)).not.toContain('Reading the other layers…');
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

describe('Export… with a file kept for Save file', () => {
  it('keeps the file when a teammate changes a label’s colour, and drops it when a label name or a choice changes', async () => {
    const workbench = await startWorkbench();
    Object.defineProperty(navigator, 'userActivation', { value: { isActive: false }, configurable: true });
    try {
      render(ExportDialog, { transfers: new Transfers(workbench.store), workbench, onclose: () => {} });
      // The texts, as no document has spans; Download waits for the check of the choices.
      await userEvent.selectOptions(screen.getByLabelText('Without spans'), 'all');
      const ready = () => until(() => !screen.getByRole<HTMLButtonElement>('button', { name: 'Download' }).disabled);
      await ready();
      await userEvent.click(screen.getByRole('button', { name: 'Download' }));
      await until(() => screen.getByRole('status').textContent!.includes('Press Save file to download it'));
      await workbench.store.updateLabel('claim', { colour: '#654321' });
      await until(() => workbench.corpus.labels.find((label) => label.name === 'claim')?.colour === '#654321');
      // The open document's head read again (a teammate's sync retitles it): the same document, the file stays.
      const id = workbench.document.id!;
      await databaseOf(workbench).heads.update(id, { title: 'Retitled by a teammate' });
      await until(() => workbench.document.head?.title === 'Retitled by a teammate');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(screen.getByRole('button', { name: 'Save file' })).toBeTruthy();
      expect(screen.getByRole('status').textContent).toContain('Press Save file to download it');
      // A new label name: the check names the set anew, so the file written before is not offered with it.
      await workbench.store.addLabel('quote');
      await until(() => screen.queryByRole('button', { name: 'Download' }) !== null);
      expect(screen.getByRole('status').textContent).toBe('');
      // Written again, a choice the user changes drops it too.
      await ready();
      await userEvent.click(screen.getByRole('button', { name: 'Download' }));
      await until(() => screen.getByRole('status').textContent!.includes('Press Save file to download it'));
      await userEvent.selectOptions(screen.getByLabelText('Format'), 'conll');
      await until(() => screen.queryByRole('button', { name: 'Download' }) !== null);
      expect(screen.getByRole('status').textContent).toBe('');
    } finally {
      Reflect.deleteProperty(navigator, 'userActivation');
    }
  });
});

describe('Export… of a file that would hold nothing', () => {
  it('says why, and which choice writes the texts, until a choice fills it', async () => {
    const workbench = await startWorkbench();
    render(ExportDialog, { transfers: new Transfers(workbench.store), workbench, onclose: () => {} });
    const check = screen.getByTestId('export-check');
    await until(() => check.textContent!.includes('0 records with 0 spans.'));
    expect(screen.getByTestId('export-empty').textContent).toBe(
      'Nothing to write: “annotator” has no spans in any document, and no document without spans is marked done (or skipped, in a format with a status). ' +
        '“All documents” under Without spans writes their texts.',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Download' }).disabled).toBe(true);
    // The disabled button points at why; no line says the format "carries all of it" of nothing.
    expect(screen.getByRole('button', { name: 'Download' }).getAttribute('aria-describedby')).toBe('export-empty');
    expect(screen.queryByText(/carries all of it/u)).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Without spans'), 'all');
    await until(() => check.textContent!.includes('5 records with 0 spans.'));
    expect(screen.queryByTestId('export-empty')).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Download' }).disabled).toBe(false);
  });

  it('points at Documents, not Without spans, when the layer’s spans are in documents not chosen (helper-193)', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    for (const [start, end] of [
      [0, 5],
      [6, 9],
    ])
      await createSpan(databaseOf(workbench), {
        documentId: document.id,
        annotator: workbench.session.annotator,
        start,
        end,
        label: 'claim',
        text: [...document.text].slice(start, end).join(''),
      });
    render(ExportDialog, { transfers: new Transfers(workbench.store), workbench, onclose: () => {} });
    await until(() => screen.getByTestId('export-check').textContent!.includes('1 record with 2 spans.'));
    // No document is marked done: its two spans are elsewhere, and the choice that writes them is named.
    await userEvent.selectOptions(screen.getByLabelText('Documents'), 'done');
    await until(() => screen.queryByTestId('export-empty') !== null);
    expect(screen.getByTestId('export-empty').textContent).toBe(
      'Nothing to write: “annotator” has no spans in the documents marked done, and no document without spans is marked done (or skipped, in a format with a status). ' +
        'Its 2 spans are in other documents: “All documents” under Documents writes them.',
    );
  });

  it('says plain text needs an open document, on the Review page with none open', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    render(ExportDialog, { transfers, workbench, onclose: () => {}, reviewed: null });
    await userEvent.selectOptions(screen.getByLabelText('Format'), 'text');
    const scope = screen.getByLabelText<HTMLSelectElement>('Documents');
    expect(scope.selectedOptions[0].textContent).toBe('Current document (none open)');
    await until(() => screen.queryByTestId('export-empty') !== null);
    expect(screen.getByTestId('export-empty').textContent).toBe(
      'Nothing to write: plain text holds the open document, and none is open here. Open one, or choose another format.',
    );
  });
});

describe('Export… while it checks the choices', () => {
  it('waits with Download until the check says what the file holds and leaves out, and goes ahead when the check fails', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    const check = transfers.checkExport.bind(transfers);
    let answer = () => {};
    let fail = (_error: Error) => {};
    transfers.checkExport = (options) =>
      new Promise((resolve, reject) => {
        answer = () => void check(options).then(resolve, reject);
        fail = reject;
      });
    render(ExportDialog, { transfers, workbench, onclose: () => {} });
    const download = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Download' });
    await userEvent.selectOptions(screen.getByLabelText('Without spans'), 'all');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The check has not answered: Download is not offered before the losses could be named.
    expect(screen.getByTestId('export-check').textContent).toContain('Checking what the file will hold');
    expect(download().disabled).toBe(true);
    expect(download().getAttribute('aria-describedby')).toBe('export-checking');
    answer();
    await until(() => screen.getByTestId('export-check').textContent!.includes('5 records with 0 spans.'));
    expect(download().disabled).toBe(false);
    expect(download().getAttribute('aria-describedby')).toBeNull();
    // Another choice is checked again; a check that fails says so and leaves Download to the export.
    await userEvent.selectOptions(screen.getByLabelText('Format'), 'doccano');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(download().disabled).toBe(true);
    fail(new Error('the corpus could not be read'));
    await until(() => screen.getByTestId('export-check').textContent!.includes('Could not check'));
    expect(screen.getByTestId('export-check').textContent).toContain(
      'Could not check what the file will hold: the corpus could not be read',
    );
    expect(download().disabled).toBe(false);
  });
});
