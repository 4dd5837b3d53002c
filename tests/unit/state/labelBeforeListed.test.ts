import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/editor/viewer';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('a label in the frame before it is listed', () => {
  it('undone before its frame is painted, is not listed after its deletion', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const annotator = workbench.session.annotator;
    // A view whose frame is painted when the test says so: the span is drawn, not yet listed.
    let paint!: () => void;
    const painted = new Promise<void>((resolve) => (paint = resolve));
    workbench.document.attachViewer({
      showSpan: () => undefined,
      painted: () => painted,
      selection: () => null,
      clearSelection: () => undefined,
    } as unknown as Viewer);
    const start = first.text.indexOf('Russia');
    const labelled = workbench.labelling.createFromRange(first, 'claim', start, start + 'Russia'.length, false);
    const readStored = async () => (await workbench.store.readLayer(first.id, annotator)).spans.length;
    while ((await readStored()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    await workbench.labelling.undo();
    expect(await readStored()).toBe(0);
    await until(() => workbench.document.spans.length === 0);
    paint();
    expect(await labelled).not.toBeNull();
    // Listed once its frame is painted, the deleted span would be back in the list (until a later read).
    expect(workbench.document.spans).toEqual([]);
    expect(await readStored()).toBe(0);
  });
});
