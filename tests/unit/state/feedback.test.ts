import { describe, expect, it, vi } from 'vitest';
import { CodePointIndex } from '../../../src/lib/model/offsets';
import { GOLD_ANNOTATOR, type Document } from '../../../src/lib/model/types';
import { KeyController } from '../../../src/lib/state/keyboard';
import { actionFor, reservedKey, type KeyPress } from '../../../src/lib/state/keymap';
import { keySheet } from '../../../src/lib/state/keySheet';
import type { Review } from '../../../src/lib/state/review.svelte';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import {
  downloadFeedback,
  feedbackFileName,
  feedbackSummary,
  Transfers,
} from '../../../src/lib/state/transfers.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { databaseOf, documentsOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Labels the first `needle` of `document` as `label` in the open layer (it must be open). */
async function label(workbench: Workbench, document: Document, needle: string, labelName: string) {
  const start = document.text.indexOf(needle);
  const span = await workbench.labelling.createFromRange(document, labelName, start, start + needle.length, true);
  if (!span) throw new Error(`could not label ${needle}`);
  return span;
}

/** Writes gold spans for `document` directly, as a review would. */
async function gold(workbench: Workbench, document: Document, needle: string, labelName: string, note?: string) {
  const index = new CodePointIndex(document.text);
  const start16 = document.text.indexOf(needle);
  const start = index.toCodePoint(start16);
  const end = index.toCodePoint(start16 + needle.length);
  await workbench.store.createSpan(
    { documentId: document.id, annotator: GOLD_ANNOTATOR, start, end, label: labelName, text: needle },
    workbench.session.now(),
  );
  const stored = (await workbench.store.readLayer(document.id, GOLD_ANNOTATOR)).spans.find(
    (span) => span.start === start && span.label === labelName,
  )!;
  await workbench.store.putSpans(
    // Decided when the annotator's spans were drawn (the workbench's clock stands still): after them.
    [
      {
        ...stored,
        origin: { kind: 'edited', annotators: [], by: 'rev', at: workbench.session.now(), ...(note ? { note } : {}) },
      },
    ],
    workbench.session.now(),
  );
}

function saved() {
  const files: { blob: Blob; name: string }[] = [];
  return { files, save: (blob: Blob, name: string) => void files.push({ blob, name }) };
}

const press = (key: string, shiftKey = false): KeyPress => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey,
});

describe('span notes in the workbench', () => {
  it('lets the span just labelled go when another document opens, and never holds the one before a label being written', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const span = await label(workbench, first, 'Russia', 'claim');
    expect(workbench.labelling.spanInHand).toBe(span.id);
    // Written meanwhile: ; finds no span in hand, not the one before it.
    const start = first.text.indexOf('North Korea');
    const writing = workbench.labelling.createFromRange(first, 'denial', start, start + 11, true);
    expect(workbench.labelling.spanInHand).toBeNull();
    const second = (await writing)!;
    expect(workbench.labelling.spanInHand).toBe(second.id);
    // Another document, then this one again: nothing just labelled here any more.
    const other = workbench.corpus.documents.find((document) => document.id !== first.id)!.id;
    workbench.open(other);
    await until(() => workbench.document.current?.id === other);
    workbench.open(first.id);
    await until(() => workbench.document.current?.id === first.id && workbench.document.spans.length === 2);
    expect(workbench.labelling.spanInHand).toBeNull();
  });

  it('writes a note on the selected span through the note key, shows it, and undoes and redoes it', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const span = await label(workbench, document, 'Russia', 'claim');
    expect(actionFor(press(';'), 'documents', DEFAULT_LABELS)).toEqual({ kind: 'note' });
    // The span just labelled is the one the note key writes on, until Esc.
    workbench.labelling.editNote();
    expect(workbench.labelling.noteFor).toBe(span.id);
    workbench.labelling.closeNote();
    // Esc: the span selected for it, and the one just labelled, are let go.
    workbench.document.selectSpan(null);
    workbench.labelling.dropInHand();
    workbench.labelling.editNote();
    expect(workbench.session.notice?.text).toContain('Select a span first');
    workbench.document.selectSpan(span.id);
    workbench.labelling.editNote();
    expect(workbench.labelling.noteFor).toBe(span.id);
    await workbench.labelling.setNote(span.id, 'the state, not the team');
    expect(workbench.labelling.noteFor).toBeNull();
    await until(() => workbench.document.spanViews[0]?.note === 'the state, not the team');
    await workbench.labelling.undo();
    await until(() => workbench.document.spanViews[0]?.note === undefined);
    expect(workbench.session.notice?.text).toBe('Undone: note on “Russia”');
    await workbench.labelling.redo();
    await until(() => workbench.document.spanViews[0]?.note === 'the state, not the team');
    await workbench.labelling.setNote(span.id, '');
    await until(() => workbench.document.spanViews[0]?.note === undefined);
  });
});

describe('feedback to annotators', () => {
  it('goes out as a file named after the annotator, comes back through the import dialog, and is stepped through by key', async () => {
    const workbench = await startWorkbench();
    const [first, , third] = await documentsOf(workbench);
    // ann labels three spans in the first document and one in the third.
    workbench.open(first.id);
    await until(() => workbench.document.viewShowsCurrent);
    const kept = await label(workbench, first, 'North Korea', 'claim');
    const changed = await label(workbench, first, 'Russia', 'claim');
    const removed = await label(workbench, first, 'arms deal', 'visit');
    workbench.open(third.id);
    await until(() => workbench.document.id === third.id && workbench.document.viewShowsCurrent);
    const elsewhere = await label(workbench, third, 'Russia', 'denial');
    // The review: gold keeps North Korea, has Russia as denial, nothing over "arms deal"; the third
    // document's Russia becomes a claim.
    await gold(workbench, first, 'North Korea', 'claim');
    await gold(workbench, first, 'Russia', 'denial', 'Russia denies here');
    await gold(workbench, third, 'Russia', 'claim');

    const { files, save } = saved();
    const date = new Date(Date.UTC(2026, 4, 2));
    // While the first document is under review, "arms deal" (nothing over it in gold) is not decided yet.
    const early = await downloadFeedback(workbench.store, workbench.session.annotator, 'rev', () => {}, date);
    expect(early).toMatchObject({ spans: 3, documents: 2, undecided: 1 });
    // The reviewer marks the first document's gold done: what gold lacks there was decided against.
    await workbench.store.setStatus(first.id, GOLD_ANNOTATOR, 'done', Date.UTC(2026, 4, 1));
    const written = await downloadFeedback(workbench.store, workbench.session.annotator, 'rev', save, date);
    expect(written).toMatchObject({ spans: 4, documents: 2, undecided: 0 });
    expect(files[0].name).toBe(feedbackFileName(workbench.session.annotator, date));
    expect(feedbackFileName('Ann Lee/2', date)).toBe('Ann_Lee_2-feedback-2026-05-02.jsonl');

    // The annotator drops the file: the dialog says what it will do before anything is stored.
    const transfers = new Transfers(workbench.store);
    await transfers.add([new File([files[0].blob], files[0].name)], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'feedback');
    if (item.state.kind !== 'feedback') throw new Error(item.state.kind);
    expect(feedbackSummary(item.state.preview)).toBe(
      `Feedback from rev on ${workbench.session.annotator}'s spans: 4 spans in 2 documents — 1 kept, 2 changed, 1 removed; 4 found in ${workbench.session.annotator}'s layer.`,
    );
    expect(transfers.committable).toEqual([item]);
    await transfers.commitAll();
    expect(item.state).toMatchObject({ kind: 'feedback-applied', result: { updated: 4, missing: 0 } });

    // F steps through changed and removed spans (the kept one has no note), across documents.
    expect(actionFor(press('f'), 'documents', DEFAULT_LABELS)).toEqual({ kind: 'nextFeedback' });
    expect(actionFor(press('F', true), 'documents', DEFAULT_LABELS)).toEqual({ kind: 'previousFeedback' });
    workbench.open(first.id);
    await until(() => workbench.document.id === first.id && workbench.document.viewShowsCurrent);
    const order = [changed, removed].sort((a, b) => a.start - b.start);
    const visited: string[] = [];
    for (let step = 0; step < 3; step++) {
      await workbench.labelling.stepFeedback(1);
      visited.push(workbench.document.selectedSpanId ?? '');
    }
    expect(visited).toEqual([...order.map((span) => span.id), elsewhere.id]);
    expect(workbench.document.id).toBe(third.id);
    expect(workbench.document.spanViews.find((span) => span.id === elsewhere.id)?.feedback).toMatchObject({
      verdict: 'changed',
      to: [{ label: 'claim' }],
      reviewer: 'rev',
    });
    // Back, and round: from the first marked span, Shift+F goes to the last.
    await workbench.labelling.stepFeedback(-1);
    expect(workbench.document.selectedSpanId).toBe(order[1].id);
    expect(workbench.document.id).toBe(first.id);
    expect(workbench.document.spans.find((span) => span.id === kept.id)?.feedback?.verdict).toBe('kept');
    expect(workbench.document.spans.find((span) => span.id === changed.id)?.feedback?.note).toBe('Russia denies here');
  });

  it('refuses a broken feedback file naming the file and line, and stores nothing', async () => {
    const workbench = await startWorkbench();
    const spansBefore = await databaseOf(workbench).spans.count();
    const transfers = new Transfers(workbench.store);
    const text = [
      JSON.stringify({ spanwright_feedback: 1, annotator: 'ann', reviewer: 'rev', created: '2026-05-02T00:00:00Z' }),
      JSON.stringify({ document_id: 'x', start: 0, end: 3, label: 'claim', text: 'abc', verdict: 'gone' }),
    ].join('\n');
    await transfers.add([new File([text], 'ann-feedback.jsonl')], 'ann');
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'feedback-refused');
    expect(item.state).toMatchObject({ kind: 'feedback-refused', errorCount: 1, errors: [{ line: 2 }] });
    expect(item.canCommit).toBe(false);
    await item.commit();
    expect(await databaseOf(workbench).spans.count()).toBe(spansBefore);
  });
});

describe('the note and feedback keys', () => {
  it('open the note field with ; and step with F and Shift+F on the documents page only', () => {
    const labelling = { editNote: vi.fn(), stepFeedback: vi.fn(async () => {}) };
    const keys = new KeyController({
      // A span is selected: ; opens its note, and the keys after it are the workbench's.
      workbench: {
        corpus: { labels: DEFAULT_LABELS },
        labelling,
        document: { selectedSpanId: 's1' },
      } as unknown as Workbench,
      review: () => ({}) as unknown as Review,
      toggleHelp: vi.fn(),
    });
    expect(keys.handle(press(';'), 'documents')).toBe(true);
    expect(keys.handle(press('f'), 'documents')).toBe(true);
    expect(keys.handle(press('F', true), 'documents')).toBe(true);
    expect(labelling.editNote).toHaveBeenCalledOnce();
    expect(labelling.stepFeedback.mock.calls).toEqual([[1], [-1]]);
    expect(keys.handle(press('f'), 'review')).toBe(false);
    expect(reservedKey('f')?.action).toBe('nextFeedback');
    expect(reservedKey(';')?.action).toBe('note');
    expect(keySheet('documents').map((row) => row.keys)).toEqual(expect.arrayContaining([';', 'F', 'Shift + F']));
  });
});
