import { describe, expect, it } from 'vitest';
import { setStatus } from '../../../src/lib/storage/spans';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('the next document under a status filter', () => {
  it('is the one after where the document marked done stood, even once its row has left the list', async () => {
    const workbench = await startWorkbench();
    await until(() => workbench.corpus.documents.length === 5);
    workbench.corpus.setStatusFilter('todo');
    const ids = workbench.corpus.filteredEntries.map((entry) => entry.document.id);
    workbench.open(ids[2]);
    await until(() => workbench.document.id === ids[2]);
    // The list hears of the status (from this tab or another) before the step to the next is taken.
    await setStatus(databaseOf(workbench), ids[2], workbench.session.annotator, 'done', 10);
    await until(() => !workbench.corpus.filteredEntries.some((entry) => entry.document.id === ids[2]));
    workbench.step(1);
    expect(workbench.document.id).toBe(ids[3]);
    // And back: the one before it, not the last of the list.
    workbench.step(-1);
    expect(workbench.document.id).toBe(ids[1]);
  });
});
