import { describe, expect, it } from 'vitest';
import { createSpanInLayer, relabelSpan } from '../../../src/lib/storage/spans';
import { renameLabel } from '../../../src/lib/storage/labels';
import { databaseOf, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** The first document open, "Russia" placed in it (code points equal UTF-16 offsets in the corpus's first lines). */
async function atRussia() {
  const workbench = await startWorkbench();
  const first = workbench.document.current!;
  const start = first.text.indexOf('Russia');
  const layer = { documentId: first.id, annotator: workbench.session.annotator };
  const stored = async () =>
    (
      await databaseOf(workbench)
        .spans.where('[documentId+annotator]')
        .equals([layer.documentId, layer.annotator])
        .toArray()
    )
      .map((span) => `${span.start}:${span.end}:${span.label}`)
      .sort();
  return { workbench, first, start, layer, stored };
}

/** Another tab (the same database, written behind this tab's back) makes or changes spans a moment before. */
describe('one span per place and label in a layer, whatever another tab wrote a moment before', () => {
  it('stores nothing when another tab stored the same span between the key press and the write', async () => {
    const { workbench, first, start, layer, stored } = await atRussia();
    // This tab's list has not seen it yet: only the stored layer knows.
    await createSpanInLayer(databaseOf(workbench), { ...layer, start, end: start + 6, label: 'claim', text: 'Russia' });
    const made = await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false);
    expect(made).toBeNull();
    expect(workbench.session.notice?.text).toBe('That text is already labelled claim.');
    expect(await stored()).toEqual([`${start}:${start + 6}:claim`]);
  });

  it('stores one span when two tabs write the same span at once', async () => {
    const { workbench, start, layer, stored } = await atRussia();
    const input = { ...layer, start, end: start + 6, label: 'claim', text: 'Russia' };
    const outcomes = await Promise.all([
      createSpanInLayer(databaseOf(workbench), input),
      createSpanInLayer(databaseOf(workbench), input),
    ]);
    expect(outcomes.filter((outcome) => 'refused' in outcome)).toHaveLength(1);
    expect(await stored()).toEqual([`${start}:${start + 6}:claim`]);
  });

  it('makes one span of a selection when label keys follow each other before the first is written', async () => {
    const { workbench, first, start, stored } = await atRussia();
    const made = await Promise.all(
      ['claim', 'denial', 'sanction'].map((label) =>
        workbench.labelling.createFromRange(first, label, start, start + 6, false),
      ),
    );
    expect(made.filter((span) => span !== null).map((span) => span!.label)).toEqual(['claim']);
    expect(await stored()).toEqual([`${start}:${start + 6}:claim`]);
    // The key meant to correct the first is told how (helper-211: it only said the selection was being labelled).
    expect(workbench.session.notice?.text).toBe(
      "That selection is already being labelled. To give its span another label, select the span ([ or a click), then the label's key.",
    );
    // Once written, another label on the same words is a span of its own, as before.
    expect(await workbench.labelling.createFromRange(first, 'denial', start, start + 6, false)).not.toBeNull();
  });

  it('does not relabel a span onto the place and label of another', async () => {
    const { workbench, first, start, stored } = await atRussia();
    const claim = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    const denial = (await workbench.labelling.createFromRange(first, 'denial', start, start + 6, false))!;
    expect(denial).not.toBeNull();
    workbench.document.selectSpan(denial.id);
    await workbench.labelling.relabelSelected('claim');
    expect(workbench.session.notice?.text).toBe('That text is already labelled claim.');
    expect(await stored()).toEqual([`${start}:${start + 6}:claim`, `${start}:${start + 6}:denial`]);
    expect((await relabelSpan(databaseOf(workbench), denial.id, 'claim'))?.twin?.id).toBe(claim.id);
    // Its own label pressed again changes nothing, and says so.
    await workbench.labelling.relabelSelected('denial');
    expect(workbench.session.notice?.text).toBe('“Russia” is denial already.');
  });

  it('undoes a delete without a second copy when another tab made the same span since', async () => {
    const { workbench, first, start, layer, stored } = await atRussia();
    const span = (await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false))!;
    workbench.document.selectSpan(span.id);
    await workbench.labelling.deleteSelected();
    await createSpanInLayer(databaseOf(workbench), { ...layer, start, end: start + 6, label: 'claim', text: 'Russia' });
    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(delete “Russia” claim\): the same span was made meanwhile/u,
    );
    expect(await stored()).toEqual([`${start}:${start + 6}:claim`]);
  });

  it('stores nothing under a label another tab renamed a moment before, and says so', async () => {
    const { workbench, first, start, stored } = await atRussia();
    // The rename is stored; this tab's label set still holds "claim" (its watch has not come round).
    expect(await renameLabel(databaseOf(workbench), 'claim', 'assertion')).toBeNull();
    const made = await workbench.labelling.createFromRange(first, 'claim', start, start + 6, false);
    expect(made).toBeNull();
    expect(workbench.session.notice?.text).toMatch(/^The label claim was renamed or removed a moment ago/u);
    expect(await stored()).toEqual([]);
    expect(await databaseOf(workbench).spans.where('label').equals('claim').count()).toBe(0);
  });
});
