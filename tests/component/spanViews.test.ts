import { describe, expect, it } from 'vitest';
import { exportBackup, readBackup, restoreBackup } from '../../src/lib/storage/backup';
import { FileImport } from '../../src/lib/storage/importer';
import { relabelSpan } from '../../src/lib/storage/spans';
import { until, useWorkbench } from './workbenchFixture';

const startWorkbench = useWorkbench();
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the open layer after a change', () => {
  it('keeps every unchanged span as the same object, also when its own write is read back from storage', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    const first = await workbench.createFromRange(document, 'claim', 0, 4, true);
    await settle();
    const [firstView] = workbench.spanViews;
    expect(firstView).toMatchObject({ id: first!.id, start16: 0, end16: 4, matches: true });

    await workbench.createFromRange(document, 'denial', 10, 14, true);
    const viewsAfterWrite = workbench.spanViews;
    expect(viewsAfterWrite).toHaveLength(2);
    expect(viewsAfterWrite[0]).toBe(firstView);

    // The live query reads the layer back after the commit: equal records change nothing shown.
    const spansAfterWrite = workbench.spans;
    await settle();
    expect(workbench.spans).toBe(spansAfterWrite);
    expect(workbench.spanViews).toBe(viewsAfterWrite);
  });

  it('clears a note about an earlier key press once the next label is stored', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    await workbench.createFromRange(document, 'claim', 0, 4, true);
    await settle();
    expect(await workbench.createFromRange(document, 'claim', 0, 4, true)).toBeNull();
    expect(workbench.notice).toMatchObject({ tone: 'info', text: 'That text is already labelled claim.' });
    await workbench.createFromRange(document, 'visit', 10, 14, true);
    expect(workbench.notice).toBeNull();
  });

  it('shows a change made elsewhere (another tab, an import) and redraws only the span that changed', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    const first = await workbench.createFromRange(document, 'claim', 0, 4, true);
    const second = await workbench.createFromRange(document, 'claim', 10, 14, true);
    await settle();
    const [firstView, secondView] = workbench.spanViews;

    await relabelSpan(workbench.database, second!.id, 'visit', 1_700_000_000_500);
    await until(() => workbench.spanViews[1]?.label === 'visit');
    expect(workbench.spanViews[0]).toBe(firstView);
    expect(workbench.spanViews[1]).not.toBe(secondView);
    expect(workbench.spanViews.map((view) => [view.id, view.label])).toEqual([
      [first!.id, 'claim'],
      [second!.id, 'visit'],
    ]);
  });

  it('shows what an import adds to the open layer, what an undo takes away, and what a restore puts back', async () => {
    const workbench = await startWorkbench();
    const document = workbench.current!;
    await workbench.createFromRange(document, 'claim', 0, 4, true);
    await settle();
    const backup = await exportBackup(workbench.database);

    const word = [...document.text.slice(10, 14)].length;
    const record = {
      id: document.id,
      text: document.text,
      spans: [{ start: 10, end: 10 + word, label: 'visit', text: document.text.slice(10, 14) }],
    };
    const job = new FileImport(workbench.database, new File([JSON.stringify(record)], 'more.jsonl'), {
      format: 'native',
      defaultAnnotator: workbench.annotator,
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await job.commit();
    await until(() => workbench.spans.length === 2);
    expect(workbench.spans.map((span) => span.label)).toEqual(['claim', 'visit']);

    await workbench.undo(); // the label made before the import
    await until(() => workbench.spans.length === 1);
    expect(workbench.spans.map((span) => span.label)).toEqual(['visit']);

    const read = await readBackup(new File([await backup.text()], 'backup.jsonl'));
    if (!('value' in read)) throw new Error('backup did not read back');
    await restoreBackup(workbench.database, read.value);
    await until(() => workbench.spans.length === 1 && workbench.spans[0].label === 'claim');
  });
});
