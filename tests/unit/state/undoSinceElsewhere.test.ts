import { describe, expect, it } from 'vitest';
import { setSpanNote } from '../../../src/lib/storage/spanMarks';
import { deleteSpans, relabelSpan, setStatus } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** "Russia" labelled claim in the first document, then relabelled denial: two steps to undo. */
async function labelledThenRelabelled() {
  const workbench = await startWorkbench();
  const first = workbench.document.current!;
  const start = first.text.indexOf('Russia');
  const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
  workbench.document.selectSpan(span.id);
  await workbench.labelling.relabelSelected('denial');
  return { workbench, span };
}

/** Undo and redo after the same span was changed elsewhere (another tab, the team) in between. */
/** A workbench whose open document this tab has just marked done (its id, and the annotator who did). */
async function markedDoneHere() {
  const workbench = await startWorkbench();
  const id = workbench.document.current!.id;
  const annotator = workbench.session.annotator;
  await workbench.labelling.markCurrent('done', false);
  return { workbench, id, annotator };
}

describe('undo and redo of a step whose span changed elsewhere since', () => {
  it('undoes a relabel without taking back a note written on the span in another tab since', async () => {
    const { workbench, span } = await labelledThenRelabelled();
    // Another tab writes a note on the same span.
    await setSpanNote(databaseOf(workbench), span.id, 'the ministry, not the country', 1_700_000_000_500);

    await workbench.labelling.undo();
    const undone = await databaseOf(workbench).spans.get(span.id);
    expect(undone).toMatchObject({ label: 'claim', note: 'the ministry, not the country' });
    await workbench.labelling.redo();
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({
      label: 'denial',
      note: 'the ministry, not the country',
    });
  });

  it('does not undo a relabel or a note over a newer label or note another tab wrote on the span since', async () => {
    const { workbench, span } = await labelledThenRelabelled();
    // Another tab relabels it again: claim → denial (here) → visit (there). This tab's undo must leave visit.
    await relabelSpan(databaseOf(workbench), span.id, 'visit', 1_700_000_000_500);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(relabel “Russia” claim → denial\): the span was changed or removed meanwhile/u,
    );
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'visit' });

    // This tab writes a short note; another tab replaces it with a longer one; this tab's undo leaves that.
    await workbench.labelling.setNote(span.id, 'short');
    await setSpanNote(databaseOf(workbench), span.id, 'a long careful note from the other tab', 1_700_000_000_600);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(/^Nothing to undo \(note on “Russia”\): the span was changed/u);
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({
      note: 'a long careful note from the other tab',
    });
  });

  it('does not undo "done" over a status another tab set since', async () => {
    const { workbench, id, annotator } = await markedDoneHere();
    // Another tab marks the same document skipped.
    await setStatus(databaseOf(workbench), id, annotator, 'skipped', 1_700_000_000_500);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(/^Nothing to undo .*: the status was changed meanwhile/u);
    expect(await databaseOf(workbench).statuses.get([annotator, id])).toMatchObject({ status: 'skipped' });
  });

  it('does not undo "done" that another tab reopened and marked done again since: that done is the other tab’s (helper-182)', async () => {
    const { workbench, id, annotator } = await markedDoneHere();
    await setStatus(databaseOf(workbench), id, annotator, 'todo', 1_700_000_000_500);
    await setStatus(databaseOf(workbench), id, annotator, 'done', 1_700_000_000_600);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(/^Nothing to undo .*: the status was changed meanwhile/u);
    expect(await databaseOf(workbench).statuses.get([annotator, id])).toMatchObject({
      status: 'done',
      finished: 1_700_000_000_600,
    });
  });

  it('says there is nothing to undo when the span was removed elsewhere, and does not bring it back on redo', async () => {
    const { workbench, span } = await labelledThenRelabelled();
    await deleteSpans(databaseOf(workbench), [span.id], 1_700_000_000_500);

    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(relabel “Russia” claim → denial\): the span was removed/u,
    );
    expect(await databaseOf(workbench).spans.get(span.id)).toBeUndefined();
    // The relabel is dropped: the next undo is the label itself (also gone), then nothing.
    expect(workbench.labelling.history.canRedo).toBe(false);
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(label “Russia” claim\): the span was changed or removed/u,
    );
    expect(workbench.labelling.history.canUndo).toBe(false);
    expect(await databaseOf(workbench).spans.count()).toBe(0);
  });

  it('does not label again on redo when the label was removed meanwhile, and says so', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    await workbench.labelling.createFromRange(first, 'visit', start, start + 6, false);
    await workbench.labelling.undo();
    // A reviewer removes the label (here, this tab's Settings; the team's removal lands the same way).
    await workbench.store.deleteLabel('visit', 1_700_000_000_500);
    await until(() => !workbench.corpus.labels.some((label) => label.name === 'visit'));

    await workbench.labelling.redo();
    expect(workbench.session.notice?.text).toMatch(/^Nothing to redo .*the label visit was removed meanwhile/u);
    expect(await databaseOf(workbench).spans.count()).toBe(0);
  });

  it('does not take away, on undo of the label, a span another tab has relabelled since', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    // Another tab relabels it: that is newer work, which this tab's undo of the label must not delete.
    await relabelSpan(databaseOf(workbench), span.id, 'sanction', 1_700_000_000_500);

    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(label “Russia” claim\): the span was changed or removed meanwhile/u,
    );
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'sanction' });
  });

  it('does not delete again, on redo, a span another tab changed after the undo brought it back', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    workbench.document.selectSpan(span.id);
    await workbench.labelling.deleteSelected();
    expect(workbench.session.notice?.text).toBe('Deleted: claim “Russia” (Ctrl+Z brings it back)');
    await workbench.labelling.undo();
    await setSpanNote(databaseOf(workbench), span.id, 'the ministry', 1_700_000_000_500);

    await workbench.labelling.redo();
    expect(workbench.session.notice?.text).toMatch(/^Nothing to redo \(delete “Russia” claim\): the span was changed/u);
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ note: 'the ministry' });
  });

  it('undoes and redoes a relabel under the names its labels were renamed to since; not under a removed label', async () => {
    const { workbench, span } = await labelledThenRelabelled();
    // In Settings, claim is renamed: the undo puts the span back under the name claim goes by now.
    expect(await workbench.store.renameLabel('claim', 'assertion', 1_700_000_000_500)).toBeNull();
    await until(() => workbench.corpus.labels.some((label) => label.name === 'assertion'));
    await workbench.labelling.undo();
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'assertion' });
    // Said under the names the labels go by now, as the delete's undo says it.
    expect(workbench.session.notice?.text).toMatch(/^Undone: relabel “Russia” assertion → denial/u);
    await workbench.labelling.redo();
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'denial' });
    expect(workbench.session.notice?.text).toMatch(/^Redone: relabel “Russia” assertion → denial/u);

    workbench.document.selectSpan(span.id);
    await workbench.labelling.deleteSelected();
    await workbench.store.deleteLabel('denial', 1_700_000_000_600);
    await until(() => !workbench.corpus.labels.some((label) => label.name === 'denial'));
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(delete “Russia” denial\): the label denial was removed meanwhile/u,
    );
    expect(await databaseOf(workbench).spans.count()).toBe(0);
  });

  it('says the two labels were merged, not "Undone", when a relabel’s two labels became one since', async () => {
    const { workbench, span } = await labelledThenRelabelled();
    await workbench.store.mergeLabel('claim', 'denial', 1_700_000_000_500);
    await until(() => !workbench.corpus.labels.some((label) => label.name === 'claim'));
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(relabel “Russia” claim → denial\): the labels claim and denial were merged meanwhile/u,
    );
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'denial' });
  });

  it('undoes a relabel and a delete made after a merge undone since: under the label the span had before the merge', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const at = (word: string) => first.text.indexOf(word);
    const russia = (await workbench.labelling.createFromRange(first, 'claim', at('Russia'), at('Russia') + 6, false))!;
    const end = at('Ukraine') + 7;
    const ukraine = (await workbench.labelling.createFromRange(first, 'claim', at('Ukraine'), end, false))!;
    expect(await workbench.labelSet.merge('claim', 'denial')).toMatchObject({ undoable: true });
    await until(() => !workbench.corpus.labels.some((label) => label.name === 'claim'));
    // After the merge: one span relabelled, the other deleted; the merge's undo leaves both as they are.
    workbench.document.selectSpan(russia.id);
    await workbench.labelling.relabelSelected('visit');
    workbench.document.selectSpan(ukraine.id);
    await workbench.labelling.deleteSelected();
    expect(await workbench.labelSet.undo()).toMatch(/2 spans not: changed or deleted since the merge/u);
    await until(() => workbench.corpus.labels.some((label) => label.name === 'claim'));

    // Each undo puts its span back as it was before the merge: claim, not the label merged into.
    await workbench.labelling.undo();
    expect(await databaseOf(workbench).spans.get(ukraine.id)).toMatchObject({ label: 'claim' });
    await workbench.labelling.undo();
    // Said as it is undone: back to claim (the relabel was made from denial, while claim was merged into it).
    expect(workbench.session.notice?.text).toMatch(/^Undone: relabel “Russia” claim → visit/u);
    expect(await databaseOf(workbench).spans.get(russia.id)).toMatchObject({ label: 'claim' });
    await workbench.labelling.redo();
    expect(await databaseOf(workbench).spans.get(russia.id)).toMatchObject({ label: 'visit' });
    await workbench.labelling.undo();
    expect(await databaseOf(workbench).spans.get(russia.id)).toMatchObject({ label: 'claim' });
    expect((await databaseOf(workbench).spans.toArray()).map((span) => span.label)).toEqual(['claim', 'claim']);
  });

  it('undoes and redoes a label, and a delete, made before the label was renamed: under its new name', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    expect(await workbench.store.renameLabel('claim', 'assertion', 1_700_000_000_500)).toBeNull();
    await until(() => workbench.corpus.labels.some((label) => label.name === 'assertion'));
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(/^Undone: label “Russia” assertion/u);
    expect(await databaseOf(workbench).spans.count()).toBe(0);
    await workbench.labelling.redo();
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'assertion' });

    // Deleted, then renamed again: the undo brings it back under the name it goes by now.
    workbench.document.selectSpan(span.id);
    await workbench.labelling.deleteSelected();
    expect(await workbench.store.renameLabel('assertion', 'statement', 1_700_000_000_600)).toBeNull();
    await until(() => workbench.corpus.labels.some((label) => label.name === 'statement'));
    await workbench.labelling.undo();
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'statement' });
    // Said under that name too (helper-134: "Undone: delete “Fox” denial" brought back a refusal).
    expect(workbench.session.notice?.text).toMatch(/^Undone: delete “Russia” statement/u);
    await workbench.labelling.redo();
    expect(await databaseOf(workbench).spans.count()).toBe(0);
  });

  it('says so when Delete finds the span removed in another tab a moment before, and records no step', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    workbench.document.selectSpan(span.id);
    // Another tab deletes it first; this tab's Delete, pressed at the same moment, finds nothing.
    await deleteSpans(databaseOf(workbench), [span.id], 1_700_000_000_500);
    await workbench.labelling.deleteSelected();
    expect(workbench.session.notice?.text).toBe(
      'Nothing to delete: the span was removed meanwhile (with its label in Settings, in another tab, or by the team).',
    );
    expect(workbench.document.selectedSpanId).toBeNull();
    expect(workbench.labelling.history.peek('undo')?.description).toBe('label “Russia” claim');
  });
});
