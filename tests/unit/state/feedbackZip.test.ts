import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CodePointIndex } from '../../../src/lib/model/offsets';
import { GOLD_ANNOTATOR, type Document } from '../../../src/lib/model/types';
import { downloadEveryFeedback, everyFeedbackSaid } from '../../../src/lib/state/feedbackZip';
import { downloadFeedback, feedbackSummary, Transfers } from '../../../src/lib/state/transfers.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { documentsOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const DATE = new Date(Date.UTC(2026, 11, 6));

/** Writes `annotator`'s span over the first `needle` of `document`, at `at`. */
async function span(
  workbench: Workbench,
  document: Document,
  annotator: string,
  needle: string,
  label: string,
  at = 1,
) {
  const index = new CodePointIndex(document.text);
  const from = document.text.indexOf(needle);
  const start = index.toCodePoint(from);
  const end = index.toCodePoint(from + needle.length);
  await workbench.store.createSpan({ documentId: document.id, annotator, start, end, label, text: needle }, at);
}

function saved() {
  const files: { blob: Blob; name: string }[] = [];
  return { files, save: (blob: Blob, name: string) => void files.push({ blob, name }) };
}

describe('feedback for every annotator at once', () => {
  it('puts each annotator’s own feedback file in one .zip, byte for byte, and names whoever gets none', async () => {
    const workbench = await startWorkbench();
    const [first, second] = await documentsOf(workbench);
    await span(workbench, first, 'ann', 'North Korea', 'claim');
    await span(workbench, first, 'bo', 'North Korea', 'denial');
    await span(workbench, first, 'bo', 'Russia', 'claim');
    // cy worked only on the second document, still under review: gold has a span there, none over cy's yet.
    await span(workbench, second, 'cy', 'Russia', 'visit');
    await span(workbench, second, GOLD_ANNOTATOR, 'North Korea', 'claim', 2);
    // The reviewer's gold for the first document, done: North Korea a claim, nothing over Russia.
    await span(workbench, first, GOLD_ANNOTATOR, 'North Korea', 'claim', 2);
    await workbench.store.setStatus(first.id, GOLD_ANNOTATOR, 'done', 3);

    const { files, save } = saved();
    const every = await downloadEveryFeedback(workbench.store, ['ann', 'bo', 'cy'], 'rev', save, DATE);
    expect(files.map((file) => file.name)).toEqual(['feedback-2026-12-06.zip']);
    const entries = unzipSync(new Uint8Array(await files[0].blob.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(['ann-feedback-2026-12-06.jsonl', 'bo-feedback-2026-12-06.jsonl']);
    // Each entry is the file Download feedback writes for that annotator alone.
    for (const annotator of ['ann', 'bo']) {
      const alone = saved();
      await downloadFeedback(workbench.store, annotator, 'rev', alone.save, DATE);
      expect(strFromU8(entries[`${annotator}-feedback-2026-12-06.jsonl`])).toBe(await alone.files[0].blob.text());
    }
    const bo = strFromU8(entries['bo-feedback-2026-12-06.jsonl'])
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(bo[0]).toMatchObject({ spanwright_feedback: 1, annotator: 'bo', reviewer: 'rev' });
    expect(bo.slice(1).map((line) => [line.text, line.verdict])).toEqual([
      ['North Korea', 'changed'],
      ['Russia', 'removed'],
    ]);
    // Dropped whole by ann, the .zip shows its two files, each for its own annotator.
    const transfers = new Transfers(workbench.store);
    await transfers.add([new File([files[0].blob], files[0].name)], 'ann');
    await until(
      () => transfers.pending.length === 2 && transfers.pending.every((item) => item.state.kind === 'feedback'),
    );
    expect(
      transfers.pending.map((item) => (item.state.kind === 'feedback' ? feedbackSummary(item.state.preview) : '')),
    ).toEqual([
      "Feedback from rev on ann's spans: 1 span in 1 document — 1 kept, 0 changed, 0 removed; 1 found in ann's layer.",
      "Feedback from rev on bo's spans: 2 spans in 1 document — 0 kept, 1 changed, 1 removed; 2 found in bo's layer.",
    ]);
    expect(everyFeedbackSaid(every)).toBe(
      "feedback-2026-12-06.zip: 2 files, ann's 1 span in 1 document and bo's 2 spans in 1 document. No file for cy: nothing of theirs is decided yet. 1 span in documents still under review is not decided yet and left out.",
    );
  });

  it('saves nothing when the review has decided nothing of anyone’s, and says so', async () => {
    const workbench = await startWorkbench();
    const [first] = await documentsOf(workbench);
    await span(workbench, first, 'ann', 'North Korea', 'claim');
    await span(workbench, first, 'bo', 'Russia', 'claim');
    // Under review: gold holds a span elsewhere, nothing over theirs yet.
    await span(workbench, first, GOLD_ANNOTATOR, 'Kim Jong Un', 'claim', 2);
    const { files, save } = saved();
    const every = await downloadEveryFeedback(workbench.store, ['ann', 'bo'], 'rev', save, DATE);
    expect(files).toEqual([]);
    expect(everyFeedbackSaid(every)).toBe(
      'No feedback to send yet: the review has decided none of the spans of ann and bo. 2 spans in documents still under review are not decided yet and left out.',
    );
  });
});
