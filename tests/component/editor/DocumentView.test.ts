import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DocumentView from '../../../src/lib/components/editor/DocumentView.svelte';
import * as spansModule from '../../../src/lib/storage/spans';
import { FileImport } from '../../../src/lib/storage/importer';
import { createSpan } from '../../../src/lib/storage/spans';
import type { Viewer } from '../../../src/lib/editor/viewer';
import { truncate } from '../../../src/lib/state/truncate';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { databaseOf, documentOf, until, useWorkbench } from '../../support/workbench';

// The workbench reads a layer through `readLayer`: each test can hold or fail the next reads.
const gate = vi.hoisted(() => ({ hold: null as Promise<void> | null, fail: null as Error | null }));
vi.mock('../../../src/lib/storage/spans', async (importOriginal) => {
  const original = await importOriginal<typeof spansModule>();
  return {
    ...original,
    readLayer: async (...args: Parameters<typeof original.readLayer>) => {
      if (gate.hold) await gate.hold;
      if (gate.fail) throw gate.fail;
      return original.readLayer(...args);
    },
  };
});

afterEach(() => {
  gate.hold = null;
  gate.fail = null;
});

const startWorkbench = useWorkbench();

function held(): () => void {
  let release!: () => void;
  gate.hold = new Promise<void>((resolve) => (release = resolve));
  return () => {
    gate.hold = null;
    release();
  };
}

/** A long document (60,000 characters: a new long text waits for its layer), added through the importer. */
async function addLongDocument(workbench: Workbench) {
  const sentence = 'Officials said the talks would resume in Vienna next week.\n';
  const text = sentence.repeat(Math.ceil(60_000 / sentence.length));
  const record = {
    id: 'long-report',
    title: 'Long report',
    text,
    spans: [{ start: 0, end: 9, label: 'claim', text: 'Officials' }],
  };
  const job = new FileImport(databaseOf(workbench), new File([JSON.stringify(record)], 'long.jsonl'), {
    format: 'native',
    defaultAnnotator: workbench.session.annotator,
  });
  expect((await job.analyse()).errorCount).toBe(0);
  await job.commit();
  await until(() => workbench.corpus.documents.some((document) => document.id === 'long-report'));
  return documentOf(workbench, 'long-report');
}

const shownText = () => screen.getByTestId('doc-text').textContent ?? '';
/** The view's lines are block elements: its text content has the document's text without line breaks. */
const shows = (text: string) => shownText().startsWith(text.replace(/\r?\n/gu, '').slice(0, 40));
const highlights = () => screen.getByTestId('doc-text').querySelectorAll('[data-label]').length;

describe('DocumentView opening a document', () => {
  it('shows no text while a long text and its layer are read (never the previous text under the new title), then draws the long text with its highlights at once', async () => {
    const workbench = await startWorkbench();
    const first = await documentOf(workbench, workbench.corpus.documents[0].id);
    const second = await addLongDocument(workbench);
    const quote = 'Officials';
    render(DocumentView, { workbench });
    await until(() => shows(first.text));

    // Every state of the text the page could paint while the new document comes in.
    const seen: { second: boolean; highlights: number }[] = [];
    const observer = new MutationObserver(() => seen.push({ second: shows(second.text), highlights: highlights() }));
    observer.observe(screen.getByTestId('doc-text'), {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });

    const release = held();
    workbench.open(second.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shownText()).toBe('');

    // A text selection (happy-dom has none of its own: the workbench is handed one) over the
    // first 9 characters, as a stale selection of the previous document's text would be.
    const selecting = {
      selection: () => ({ start: 0, end: 9 }),
      clearSelection: () => undefined,
      showSpan: () => undefined,
      painted: () => Promise.resolve(),
    } as unknown as Viewer;
    workbench.document.attachViewer(selecting);
    // A label key in this moment would put offsets of the old text on the new document: it does nothing.
    await workbench.labelling.applyLabel('visit');
    expect(workbench.session.notice).toMatchObject({ tone: 'info', text: expect.stringMatching(/still loading/u) });
    const stored = async (id: string) =>
      (await spansModule.layerSpans(databaseOf(workbench), id, workbench.session.annotator)).map(
        (span) => `${span.start}-${span.end} ${span.label}`,
      );
    expect(await stored(second.id)).toEqual(['0-9 claim']);

    release();
    await until(() => shows(second.text) && highlights() === 1);
    observer.disconnect();
    expect(seen.filter((state) => state.second && state.highlights === 0)).toEqual([]);
    expect(screen.getByTestId('doc-text').querySelector('[data-label]')?.textContent).toBe(quote);
    expect(await stored(first.id)).toEqual([]);
    // Once the new text is on screen the same key labels it (the selection handed again: under load the
    // editor's own view, which has none here, may have been attached meanwhile).
    workbench.document.attachViewer(selecting);
    await workbench.labelling.applyLabel('visit');
    expect(await stored(second.id)).toEqual(['0-9 claim', '0-9 visit']);
  });

  it('labels nothing when the next document opens while caret keys on the first text are still waiting, and says so', async () => {
    const workbench = await startWorkbench();
    render(DocumentView, { workbench });
    const first = await documentOf(workbench, workbench.corpus.documents[0].id);
    await until(() => shows(first.text));
    let keysDone = () => {};
    // A selection the waiting caret keys make; by then N has opened the next document.
    workbench.document.attachViewer({
      selection: () => ({ start: 0, end: 9 }),
      clearSelection: () => undefined,
      keysWaiting: () => new Promise<void>((resolve) => (keysDone = resolve)),
    } as unknown as Viewer);
    const labelled = workbench.labelling.applyLabel('claim');
    workbench.step(1);
    keysDone();
    await labelled;
    expect(workbench.session.notice?.text).toBe(
      `Not labelled: the view moved on from “${truncate(first.title)}” first.`,
    );
    for (const document of workbench.corpus.documents.slice(0, 2))
      expect(await spansModule.layerSpans(databaseOf(workbench), document.id, workbench.session.annotator)).toEqual([]);
  });

  it('says what to do when a label key has nothing to label, and stores nothing', async () => {
    const workbench = await startWorkbench();
    render(DocumentView, { workbench });
    const first = await documentOf(workbench, workbench.corpus.documents[0].id);
    await until(() => shows(first.text));
    const stored = async () => spansModule.layerSpans(databaseOf(workbench), first.id, workbench.session.annotator);
    let selection: { start: number; end: number } | null = null;
    workbench.document.attachViewer({
      selection: () => selection,
      clearSelection: () => undefined,
    } as unknown as Viewer);
    await workbench.labelling.applyLabel('claim');
    expect(workbench.session.notice?.text).toBe(
      "Nothing is selected: drag over the words to label (or press T, then Shift and the arrows), then press claim's key.",
    );
    // Only white space selected: nothing to snap to.
    const space = first.text.indexOf(' ');
    selection = { start: space, end: space + 1 };
    await workbench.labelling.applyLabel('claim');
    expect(workbench.session.notice?.text).toBe('The selection holds no word to label: select some text first.');
    expect(await stored()).toEqual([]);
    // The advice is about this document: it goes once the next one opens (N), what else was said stays.
    workbench.step(1);
    expect(workbench.session.notice).toBeNull();
    workbench.session.notify('Marked done: “Summit”.');
    workbench.step(-1);
    expect(workbench.session.notice?.text).toBe('Marked done: “Summit”.');
  });

  it('shows a short text at once, before its layer is read', async () => {
    const workbench = await startWorkbench();
    const second = await documentOf(workbench, workbench.corpus.documents[1].id);
    const quote = second.text.slice(0, second.text.search(/\s/u));
    await createSpan(databaseOf(workbench), {
      documentId: second.id,
      annotator: workbench.session.annotator,
      start: 0,
      end: [...quote].length,
      label: 'claim',
      text: quote,
    });
    render(DocumentView, { workbench });
    const first = await documentOf(workbench, workbench.corpus.documents[0].id);
    await until(() => shows(first.text));
    const release = held();
    workbench.open(second.id);
    await until(() => shows(second.text));
    expect(highlights()).toBe(0);
    release();
    await until(() => highlights() === 1);
  });

  it('keeps the highlights of a long text on screen while another annotator\u2019s layer of it is read', async () => {
    const workbench = await startWorkbench();
    const long = await addLongDocument(workbench);
    render(DocumentView, { workbench });
    workbench.open(long.id);
    await until(() => shows(long.text) && highlights() === 1);
    const release = held();
    void workbench.setAnnotator('bob');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(highlights()).toBe(1);
    release();
    // Bob has labelled nothing here.
    await until(() => highlights() === 0);
    expect(shows(long.text)).toBe(true);
  });

  it('still shows a long text, with a notice, when its layer cannot be read', async () => {
    const workbench = await startWorkbench();
    const second = await addLongDocument(workbench);
    render(DocumentView, { workbench });
    gate.fail = new Error('disk gone');
    workbench.open(second.id);
    await until(() => shows(second.text));
    expect(workbench.session.notice).toMatchObject({ tone: 'error' });
    expect(workbench.session.notice?.text).toMatch(/disk gone/u);
  });
});
