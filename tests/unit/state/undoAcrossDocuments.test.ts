import { describe, expect, it } from 'vitest';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('undo of a step in another document', () => {
  it('opens that document first, then undoes (and redoes) the step there, and says where', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = await workbench.labelling.createFromRange(first, 'claim', start, start + 'Russia'.length, false);
    expect(span).not.toBeNull();
    workbench.step(1);
    const second = workbench.document.id;
    expect(second).not.toBe(first.id);

    await workbench.labelling.undo();
    // The labelled document is open again, and the span is gone from its layer.
    expect(workbench.document.id).toBe(first.id);
    await until(() => workbench.document.viewShowsCurrent && workbench.document.spans.length === 0);
    expect((await workbench.store.readLayer(first.id, workbench.session.annotator)).spans).toEqual([]);
    expect(workbench.session.notice?.text).toBe(
      `Undone: label “Russia” claim in “${first.title.length > 40 ? `${first.title.slice(0, 39)}…` : first.title}”`,
    );

    // From yet another document, redo goes back to it too.
    workbench.open(second!);
    await workbench.labelling.redo();
    expect(workbench.document.id).toBe(first.id);
    await until(() => workbench.document.spans.some((candidate) => candidate.id === span!.id));

    // A step in the open document stays where it is, and says nothing about where.
    await workbench.labelling.undo();
    expect(workbench.document.id).toBe(first.id);
    expect(workbench.session.notice?.text).toBe('Undone: label “Russia” claim');
  });

  it('opens the document a proposal of occurrences went to before undoing or redoing it (helper-182)', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    await workbench.labelling.createFromRange(first, 'claim', start, start + 'Russia'.length, false);
    await workbench.suggestions.proposeOccurrences('document');
    await until(() => workbench.suggestions.list.length > 0);
    workbench.step(1);
    const second = workbench.document.id;
    await workbench.labelling.undo();
    expect(workbench.document.id).toBe(first.id);
    await until(() => workbench.suggestions.list.length === 0);
    workbench.open(second!);
    await workbench.labelling.redo();
    expect(workbench.document.id).toBe(first.id);
    await until(() => workbench.suggestions.list.length > 0);
  });
});
