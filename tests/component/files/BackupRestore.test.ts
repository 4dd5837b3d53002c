import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import BackupPanel from '../../../src/lib/components/files/BackupPanel.svelte';
import ImportDialog from '../../../src/lib/components/files/ImportDialog.svelte';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('Restore from backup…', () => {
  it('closes the dialog once the backup is restored, and says what came back where it stays in view', async () => {
    const workbench = await startWorkbench();
    const database = databaseOf(workbench);
    const transfers = new Transfers(workbench.store);
    const document = workbench.document.current!;
    await workbench.labelling.createFromRange(document, 'claim', 0, 5, false);
    let backup: File | null = null;
    await transfers.backup((blob, name) => (backup = new File([blob], name)));
    const documents = await database.documents.count();
    const labels = workbench.corpus.labels.length;
    // A span made after the backup goes with the restore.
    await workbench.labelling.createFromRange(document, 'visit', 10, 15, false);
    await until(() => workbench.document.spans.length === 2);

    render(BackupPanel, { workbench, transfers });
    render(ImportDialog, { transfers, workbench });
    await userEvent.upload(screen.getByLabelText('Backup file'), backup!);
    await userEvent.click(await screen.findByRole('button', { name: 'Restore backup…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Replace everything' }));

    await until(() => workbench.document.spans.length === 1);
    const said = `Backup restored from ${backup!.name}: ${documents} documents, 1 span, ${labels} labels. Nothing from before it can be undone.`;
    await until(() => workbench.session.notice?.text === said);
    expect(screen.getByTestId('backup-outcome').textContent?.trim()).toBe(said);
    expect(transfers.dialogOpen).toBe(false);
    expect(window.document.querySelector('dialog.import-dialog')?.hasAttribute('open')).toBe(false);
  });
});
