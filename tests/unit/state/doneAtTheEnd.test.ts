import { describe, expect, it } from 'vitest';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('D on the last document of the list', () => {
  it('goes round to the first document still to do, and says so; with none left, says that', async () => {
    const workbench = await startWorkbench();
    const ids = workbench.corpus.entries.map((entry) => entry.document.id);
    // Every document done but the second; the last one open.
    for (const id of ids.filter((_, index) => index !== 1 && index !== ids.length - 1)) {
      workbench.open(id);
      await until(() => workbench.document.id === id);
      await workbench.labelling.markCurrent('done', false);
    }
    workbench.open(ids.at(-1)!);
    await until(() => workbench.document.id === ids.at(-1));
    await workbench.labelling.markCurrent('done');
    await until(() => workbench.document.id === ids[1]);
    expect(workbench.session.notice?.text).toMatch(/^Marked done: “.+”\. Back to the first document still to do: “/u);
    // Done too, then D on the last again: nothing is left to do, it stays, and says so.
    await until(() => workbench.corpus.entries.filter((entry) => entry.status === 'done').length === ids.length - 1);
    await workbench.labelling.markCurrent('done');
    await until(() => workbench.document.id === ids[2]);
    // The last one still to do is done: the status line says so, naming none skipped.
    expect(workbench.session.notice?.text).toMatch(/^Marked done: “.+”\. Every document is done now\.$/u);
    await until(() => workbench.corpus.entries.every((entry) => entry.status === 'done'));
    workbench.open(ids.at(-1)!);
    await until(() => workbench.document.id === ids.at(-1));
    await workbench.labelling.markCurrent('done');
    await until(
      () => workbench.announcer.text === 'This is the last document of the list, and none in it is still to do.',
    );
    expect(workbench.document.id).toBe(ids.at(-1));
    // Reopened and skipped: done or skipped, the one skipped named as such.
    await workbench.labelling.markCurrent('skipped');
    expect(workbench.session.notice?.text).toMatch(
      /^Marked skipped: “.+”\. Every document is done or skipped now \(1 skipped: filter by status to find it\)\.$/u,
    );
  });

  it('tells a screen reader the next document’s place in the list as it is once the one marked leaves the filter', async () => {
    const workbench = await startWorkbench();
    const ids = workbench.corpus.entries.map((entry) => entry.document.id);
    workbench.corpus.setStatusFilter('todo');
    workbench.open(ids[0]);
    await until(() => workbench.document.id === ids[0]);
    await workbench.labelling.markCurrent('done');
    await until(() => workbench.document.id === ids[1]);
    // The list of documents to do now holds the other four, the one opened first among them.
    expect(workbench.announcer.text).toMatch(new RegExp(`^Opened 1 of ${ids.length - 1}: `, 'u'));
    await until(() => workbench.corpus.filteredEntries.length === ids.length - 1);
    expect(workbench.corpus.filteredEntries[0].document.id).toBe(ids[1]);
  });
});
