import { describe, expect, it } from 'vitest';
import { spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const start = useWorkbench();

describe('the documents list filtered by a label', () => {
  it('follows the label renamed, and lists every document again once the label is deleted', async () => {
    const workbench = await start();
    await until(() => workbench.document.current !== null && workbench.corpus.labels.length > 0);
    await spanInOpenDocument(workbench, 'Russia', 'claim');
    workbench.corpus.setLabelFilter('claim');
    await until(() => workbench.corpus.filteredEntries.length === 1);
    expect(await workbench.labelSet.rename('claim', 'assertion')).toBeNull();
    await until(() => workbench.corpus.labelFilter === 'assertion');
    await until(() => workbench.corpus.filteredEntries.length === 1);
    await workbench.store.deleteLabel('assertion', Date.now());
    await until(() => workbench.corpus.labelFilter === '');
    expect(workbench.corpus.filteredEntries.length).toBe(workbench.corpus.entries.length);
  });
});
