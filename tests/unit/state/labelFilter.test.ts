import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { filterAfter } from '../../../src/lib/state/corpus.svelte';
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

  it('follows a rename only: a label gone and an unrelated one added in one change send it back to any label', () => {
    const [claim, ...others] = DEFAULT_LABELS;
    const leak = { ...claim, name: 'leak', colour: '#56B4E9', hotkey: '5', order: 9 };
    expect(filterAfter('claim', DEFAULT_LABELS, [...others, leak])).toBe('');
    expect(filterAfter('claim', DEFAULT_LABELS, [{ ...claim, name: 'assertion' }, ...others, leak])).toBe('assertion');
    expect(filterAfter('denial', DEFAULT_LABELS, [...others, leak])).toBe('denial');
    expect(filterAfter('', DEFAULT_LABELS, others)).toBe('');
  });
});
