import { describe, expect, it, vi } from 'vitest';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { FileImport } from '../../../src/lib/storage/importer';
import { putSpans, relabelSpan } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Counts the reads of the open layer that have landed, so a test can wait for the next one. */
function countReads(workbench: Workbench): () => number {
  const read = vi.spyOn(workbench.store, 'readLayer');
  return () => read.mock.settledResults.filter((result) => result.type !== 'incomplete').length;
}

describe('the open layer after a change', () => {
  it('keeps every unchanged span as the same object after its own write and when equal records are read back', async () => {
    const workbench = await startWorkbench();
    const reads = countReads(workbench);
    const document = workbench.document.current!;
    const first = await workbench.labelling.createFromRange(document, 'claim', 0, 4, true);
    const [firstView] = workbench.document.spanViews;
    expect(firstView).toMatchObject({ id: first!.id, start16: 0, end16: 4, matches: true });

    const second = await workbench.labelling.createFromRange(document, 'denial', 10, 14, true);
    const viewsAfterWrite = workbench.document.spanViews;
    expect(viewsAfterWrite).toHaveLength(2);
    expect(viewsAfterWrite[0]).toBe(firstView);

    // Another tab stores the same records again: a new revision, so the layer is read back, and
    // equal records change nothing shown.
    const spansAfterWrite = workbench.document.spans;
    const readsBefore = reads();
    await putSpans(databaseOf(workbench), [first!, second!]);
    await until(() => reads() > readsBefore);
    expect(workbench.document.spans).toBe(spansAfterWrite);
    expect(workbench.document.spanViews).toBe(viewsAfterWrite);
  });

  it('clears a note about an earlier key press once the next label is stored', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    await workbench.labelling.createFromRange(document, 'claim', 0, 4, true);
    expect(await workbench.labelling.createFromRange(document, 'claim', 0, 4, true)).toBeNull();
    expect(workbench.session.notice).toMatchObject({ tone: 'info', text: 'That text is already labelled claim.' });
    await workbench.labelling.createFromRange(document, 'visit', 10, 14, true);
    expect(workbench.session.notice).toBeNull();
  });

  it('shows a change made elsewhere (another tab, an import) and redraws only the span that changed', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    const first = await workbench.labelling.createFromRange(document, 'claim', 0, 4, true);
    const second = await workbench.labelling.createFromRange(document, 'claim', 10, 14, true);
    const [firstView, secondView] = workbench.document.spanViews;

    await relabelSpan(databaseOf(workbench), second!.id, 'visit', 1_700_000_000_500);
    await until(() => workbench.document.spanViews[1]?.label === 'visit');
    expect(workbench.document.spanViews[0]).toBe(firstView);
    expect(workbench.document.spanViews[1]).not.toBe(secondView);
    expect(workbench.document.spanViews.map((view) => [view.id, view.label])).toEqual([
      [first!.id, 'claim'],
      [second!.id, 'visit'],
    ]);
  });

  it('shows what an import adds to the open layer, what an undo takes away, and what a restore puts back', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    await workbench.labelling.createFromRange(document, 'claim', 0, 4, true);
    const backup = await exportBackup(databaseOf(workbench));

    const word = [...document.text.slice(10, 14)].length;
    const record = {
      id: document.id,
      text: document.text,
      spans: [{ start: 10, end: 10 + word, label: 'visit', text: document.text.slice(10, 14) }],
    };
    const job = new FileImport(databaseOf(workbench), new File([JSON.stringify(record)], 'more.jsonl'), {
      format: 'native',
      defaultAnnotator: workbench.session.annotator,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    await until(() => workbench.document.spans.length === 2);
    expect(workbench.document.spans.map((span) => span.label)).toEqual(['claim', 'visit']);

    await workbench.labelling.undo(); // the label made before the import
    await until(() => workbench.document.spans.length === 1);
    expect(workbench.document.spans.map((span) => span.label)).toEqual(['visit']);

    const read = await readBackup(new File([await backup.text()], 'backup.jsonl'));
    if (!('value' in read)) throw new Error('backup did not read back');
    await restoreBackup(databaseOf(workbench), read.value);
    await until(() => workbench.document.spans.length === 1 && workbench.document.spans[0].label === 'claim');
  });
});
