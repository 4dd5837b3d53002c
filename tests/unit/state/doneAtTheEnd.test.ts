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
    expect(workbench.session.notice?.text).toMatch(/^Back to the first document still to do: “/u);
    // Done too, then D on the last again: nothing is left to do, it stays, and says so.
    await workbench.labelling.markCurrent('done');
    await until(() => workbench.document.id === ids[2]);
    await until(() => workbench.corpus.entries.every((entry) => entry.status === 'done'));
    workbench.open(ids.at(-1)!);
    await until(() => workbench.document.id === ids.at(-1));
    await workbench.labelling.markCurrent('done');
    await until(
      () => workbench.announcer.text === 'This is the last document of the list, and none in it is still to do.',
    );
    expect(workbench.document.id).toBe(ids.at(-1));
  });
});
