/**
 * Everything files need on screen (the import and export dialogs, the Settings page with its
 * backups, and the Transfers state behind them), loaded the first time a file comes or goes or
 * Settings opens: it carries every file format, which the first page does without.
 */
export { Transfers } from '../../state/transfers.svelte';
export { default as ImportDialog } from './ImportDialog.svelte';
export { default as ExportDialog } from './ExportDialog.svelte';
export { default as SettingsPage } from '../app/SettingsPage.svelte';
