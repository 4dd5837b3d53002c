import { describe, expect, it } from 'vitest';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('undo after a restore', () => {
  it('a restore clears the undo history and says so: Ctrl+Z writes nothing from before it into the restored data', async () => {
    const workbench = await startWorkbench();
    const database = databaseOf(workbench);
    const first = workbench.document.current!;
    const start = first.text.indexOf('Russia');
    const span = await workbench.labelling.createFromRange(first, 'claim', start, start + 'Russia'.length, false);
    workbench.document.selectSpan(span!.id);
    await workbench.labelling.deleteSelected();
    expect(workbench.labelling.history.canUndo).toBe(true);
    // A backup of this corpus without the labelled document, restored.
    const read = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in read)) throw new Error('the backup could not be read');
    await restoreBackup(database, {
      ...read.value,
      documents: read.value.documents.filter((document) => document.id !== first.id),
      spans: read.value.spans.filter((row) => row.documentId !== first.id),
      statuses: read.value.statuses.filter((row) => row.documentId !== first.id),
    });
    await until(() => !workbench.labelling.history.canUndo && !workbench.labelling.history.canRedo);
    expect(workbench.session.notice?.text).toBe(
      'A backup was restored: what was done before it can no longer be undone.',
    );
    await workbench.labelling.undo();
    expect(await database.spans.get(span!.id)).toBeUndefined();
    // Ctrl+Z then says why there is nothing to undo: the restore (the page did not reload).
    expect(workbench.session.notice?.text).toBe(
      'Nothing to undo: a backup was restored, and what was done before it cannot be undone.',
    );
    // The next backup is one a restore accepts.
    const again = await readBackup(new File([await exportBackup(database)], 'again.jsonl'));
    expect('errors' in again ? again.errors : []).toEqual([]);
  });
});
