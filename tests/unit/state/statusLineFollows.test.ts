import { describe, expect, it } from 'vitest';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** The visible status line says what the last key did, not what an earlier one needed (helper-146). */
describe('the status line after a key', () => {
  it('says N on the last document and P on the first in the line itself, not only to a screen reader', async () => {
    const workbench = await startWorkbench();
    const ids = workbench.corpus.entries.map((entry) => entry.document.id);
    workbench.open(ids.at(-1)!);
    await until(() => workbench.document.id === ids.at(-1));
    workbench.step(1);
    expect(workbench.session.notice?.text).toBe('This is the last document of the list.');
    workbench.open(ids[0]);
    await until(() => workbench.document.id === ids[0]);
    workbench.step(-1);
    expect(workbench.session.notice?.text).toBe('This is the first document of the list.');
    // Once another document opens it is no longer so, and goes (helper-200: it stood after P opened one).
    workbench.step(1);
    await until(() => workbench.document.id === ids[1]);
    expect(workbench.session.notice).toBeNull();
  });

  it('takes away what a key needed once a later key acted (a span selected with ])', async () => {
    const workbench = await startWorkbench();
    const id = workbench.corpus.entries[0].document.id;
    workbench.open(id);
    await until(() => workbench.document.current?.id === id && workbench.document.viewShowsCurrent);
    await workbench.labelling.createFromRange(workbench.document.current!, 'claim', 0, 6, true);
    await until(() => workbench.announcer.text.startsWith('Labelled'));
    workbench.document.selectSpan(null);
    // A label key with nothing selected says what it needs; ] then selects a span: that advice is over.
    await workbench.labelling.applyLabel('claim');
    expect(workbench.session.notice?.text).toMatch(/^Nothing is selected: drag over the words to label/u);
    workbench.document.stepSpan(1);
    await until(() => workbench.announcer.text.startsWith('Selected 1 of 1'));
    expect(workbench.session.notice).toBeNull();
    // A notice that is not a hint (the outcome of an action) stays when a span is then selected.
    workbench.session.notify('Marked done: “x”.');
    workbench.document.stepSpan(1);
    expect(workbench.session.notice?.text).toBe('Marked done: “x”.');
  });

  it('keeps what D says when D follows a label key at once, before the label is drawn (helper-207)', async () => {
    const workbench = await startWorkbench();
    const id = workbench.corpus.entries[0].document.id;
    workbench.open(id);
    await until(() => workbench.document.current?.id === id && workbench.document.viewShowsCurrent);
    workbench.session.notify('That text is already labelled claim.'); // a note of an earlier key, which the label ends
    const labelled = workbench.labelling.createFromRange(workbench.document.current!, 'claim', 0, 6, true);
    // D, pressed while the label is written, says its line before the label is drawn.
    workbench.session.notify('Marked done: “Fox News Flash top headlines for August 31”.');
    expect((await labelled)?.text).toBe('close');
    expect(workbench.session.notice?.text).toMatch(/^Marked done: /u);
  });

  it('says a document marked done again is done already, and moves on (helper-207: "Marked done", then nothing to undo)', async () => {
    const workbench = await startWorkbench();
    const [first, second] = workbench.corpus.entries.map((entry) => entry.document);
    workbench.open(first.id);
    await until(() => workbench.document.current?.id === first.id);
    await workbench.labelling.markCurrent('done', false);
    expect(workbench.session.notice?.text).toMatch(/^Marked done: /u);
    await until(() => workbench.corpus.statusOf(first.id) === 'done');
    await workbench.labelling.markCurrent('done');
    expect(workbench.session.notice?.text).toMatch(/^Already done: “/u);
    await until(() => workbench.document.current?.id === second.id);
  });

  it('keeps both of two warnings from the team that come at once, and replaces one that came earlier (helper-198)', async () => {
    const workbench = await startWorkbench();
    const { session } = workbench;
    session.notify('The team renamed the label person to actor.', 'warning');
    session.notify('The team removed the label place: your 2 spans with it were removed.', 'warning');
    expect(session.notice?.text).toBe(
      'The team renamed the label person to actor. The team removed the label place: your 2 spans with it were removed.',
    );
    // The same warning again is not said twice; an error or an outcome replaces them.
    session.notify('The team renamed the label person to actor.', 'warning');
    expect(session.notice?.text.match(/renamed/gu)).toHaveLength(1);
    session.notify('Not saved: x.', 'error');
    session.notify('The team removed the label y.', 'warning');
    expect(session.notice?.text).toBe('The team removed the label y.');
  });
});
