import { describe, expect, it } from 'vitest';
import { useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('undo and redo pressed faster than a step is written (a held Ctrl+Z)', () => {
  it('applies every press, one by one, in order, across documents, and says when nothing is left', async () => {
    const workbench = await startWorkbench();
    const first = workbench.document.current!;
    const label = async (word: string, name: string) => {
      const document = workbench.document.current!;
      const start = document.text.indexOf(word);
      expect(start).toBeGreaterThanOrEqual(0);
      return workbench.labelling.createFromRange(document, name, start, start + word.length, false);
    };
    await label('Russia', 'claim');
    await label('North Korea', 'denial');
    workbench.step(1);
    const second = workbench.document.current!;
    await label('the', 'visit');
    const stored = async (documentId: string) =>
      (await workbench.store.readLayer(documentId, workbench.session.annotator)).spans.map((span) => span.label);

    // Four presses at once: three steps and one press too many.
    const notices: string[] = [];
    const presses = [1, 2, 3, 4].map(() =>
      workbench.labelling.undo().then(() => notices.push(workbench.session.notice?.text ?? '')),
    );
    await Promise.all(presses);
    expect(await stored(first.id)).toEqual([]);
    expect(await stored(second.id)).toEqual([]);
    expect(notices).toEqual([
      'Undone: label “the” visit',
      expect.stringMatching(/^Undone: label “North Korea” denial in “/u),
      'Undone: label “Russia” claim',
      'Nothing to undo in this tab (its history starts when the page opens).',
    ]);

    // Redo held as well: all three come back, in the order they were made.
    await Promise.all([1, 2, 3].map(() => workbench.labelling.redo()));
    expect((await stored(first.id)).sort()).toEqual(['claim', 'denial']);
    expect(await stored(second.id)).toEqual(['visit']);
    // One more: nothing left to redo, said as such (not as if the history were lost).
    await workbench.labelling.redo();
    expect(workbench.session.notice?.text).toBe('Nothing to redo: nothing was undone since the last change.');
  });
});
