import { describe, expect, it } from 'vitest';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { setSpanNote } from '../../../src/lib/storage/spanMarks';
import { relabelSpan } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const FOX = '000_c25c54a9dd113007';
const LATER = 1_700_000_000_500;

/** "Russia" labelled in the Fox article and its other occurrences proposed: resolves with how many. */
async function proposed(workbench: Workbench): Promise<number> {
  workbench.open(FOX);
  await until(() => workbench.document.current?.id === FOX && workbench.document.viewShowsCurrent);
  const current = workbench.document.current!;
  const at = current.text.indexOf('Russia');
  expect(await workbench.labelling.createFromRange(current, 'claim', at, at + 6, true)).not.toBeNull();
  await workbench.suggestions.proposeOccurrences('document');
  await until(() => workbench.suggestions.list.length >= 3);
  return workbench.suggestions.list.length;
}

const accepted = async (workbench: Workbench) =>
  (await databaseOf(workbench).spans.toArray()).filter((span) => span.source === 'propagated');

/** An undo of accepted suggestions after another tab (or the team) changed some of the spans they became. */
describe('undo of accepted suggestions whose spans changed elsewhere since', () => {
  it('takes back the others, leaves a span relabelled or noted since as it is, and says how many it left', async () => {
    const workbench = await startWorkbench();
    const total = await proposed(workbench);
    await workbench.suggestions.acceptAll();
    await until(() => workbench.suggestions.list.length === 0 && workbench.document.spans.length === total + 1);
    const [relabelled, noted] = await accepted(workbench);
    // Another tab relabels one and writes a note on another.
    await relabelSpan(databaseOf(workbench), relabelled.id, 'denial', LATER);
    await setSpanNote(databaseOf(workbench), noted.id, 'the state, not the team', LATER);

    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toBe(
      `Undone: accept all ${total} suggestions; 2 spans left as they are: changed or removed meanwhile (in another tab, or by the team)`,
    );
    expect((await accepted(workbench)).map((span) => [span.id, span.label, span.note])).toEqual(
      expect.arrayContaining([
        [relabelled.id, 'denial', undefined],
        [noted.id, 'claim', 'the state, not the team'],
      ]),
    );
    expect(await accepted(workbench)).toHaveLength(2);
    // The suggestions of the spans left do not come back beside them.
    await until(() => workbench.suggestions.list.length === total - 2);

    // Redo accepts the rest again and does not write over the two.
    await workbench.labelling.redo();
    await until(() => workbench.suggestions.list.length === 0);
    expect(await accepted(workbench)).toHaveLength(total);
    expect(await databaseOf(workbench).spans.get(relabelled.id)).toMatchObject({ label: 'denial' });
    expect(await databaseOf(workbench).spans.get(noted.id)).toMatchObject({ note: 'the state, not the team' });
  });

  it('undoes nothing when the one accepted span was relabelled since, and says why', async () => {
    const workbench = await startWorkbench();
    const total = await proposed(workbench);
    workbench.suggestions.step(1);
    await workbench.suggestions.accept();
    await until(() => workbench.suggestions.list.length === total - 1);
    const [span] = await accepted(workbench);
    await relabelSpan(databaseOf(workbench), span.id, 'visit', LATER);

    await workbench.labelling.undo();
    expect(workbench.session.notice?.text).toMatch(
      /^Nothing to undo \(accept “Russia” claim\): the span was changed or removed meanwhile/u,
    );
    expect(await databaseOf(workbench).spans.get(span.id)).toMatchObject({ label: 'visit' });
    expect(workbench.suggestions.list).toHaveLength(total - 1);
  });
  it('does not bring back a suggestion taken as another label whose span was changed since', async () => {
    const workbench = await startWorkbench();
    const total = await proposed(workbench);
    const taken = workbench.suggestions.list[0];
    await workbench.suggestions.accept(taken.id, 'denial');
    await until(() => workbench.suggestions.list.length === total - 1);
    const [span] = await accepted(workbench);
    expect(span.label).toBe('denial');
    await setSpanNote(databaseOf(workbench), span.id, 'checked', LATER);
    await workbench.labelling.undo();
    expect((await accepted(workbench)).map((kept) => [kept.id, kept.note])).toEqual([[span.id, 'checked']]);
    expect(await databaseOf(workbench).suggestions.get(taken.id)).toBeUndefined();
  });
});
