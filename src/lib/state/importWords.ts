import { counted } from '../model/counted';
import type { ImportResult } from '../storage/importer';
import type { KeptSince } from '../storage/importTypes';

/**
 * What a cancelled or failed import's take-back kept, in words: what was labelled or changed
 * meanwhile (in another tab) in what it had stored.
 */
function describeKept(kept: KeptSince): string {
  const parts = [
    kept.documentsKept > 0 ? counted(kept.documentsKept, 'document') : '',
    kept.spansKept > 0 ? counted(kept.spansKept, 'span') : '',
  ];
  return `what was labelled or changed meanwhile in another tab (${parts.filter(Boolean).join(' and ')})`;
}

/** What the card of a cancelled check or import of `file` says. */
export function describeCancelled(file: string, state: { wasWriting: boolean; kept: KeptSince | null }): string {
  if (state.kept)
    return `Import cancelled: what ${file} had stored was taken back, except ${describeKept(state.kept)}, which is kept.`;
  return `${state.wasWriting ? 'Import cancelled' : 'Check cancelled'}: nothing from ${file} was stored.`;
}

/** What the card of a file queued behind a cancelled import says: it was not imported, and can be. */
export const passedOverWords = (file: string): string =>
  `${file} was not imported: the import was cancelled before its turn. Import imports it now.`;

/** What an import stored, in one sentence: "Imported: 3 new documents, 3 spans." */
export function describeImported(result: ImportResult): string {
  const labels = result.labelsAdded.length > 0 ? `; new labels: ${result.labelsAdded.join(', ')}` : '';
  const kept = result.statusesKept ?? [];
  const statuses =
    kept.length === 0
      ? ''
      : `; ${kept.length.toLocaleString('en')} ${kept.length === 1 ? 'status' : 'statuses'} set before kept over the file’s (${kept.slice(0, 3).join('; ')}${kept.length > 3 ? '; …' : ''})`;
  const notes = (result.notes ?? []).map((note) => ` ${note}`).join('');
  return `Imported: ${counted(result.documentsAdded, 'new document')}, ${counted(result.spansAdded, 'span')}${labels}${statuses}.${notes}`;
}

export const leftStored = (kept: KeptSince | null) =>
  kept ? `what it had stored was taken back, except ${describeKept(kept)}, which is kept` : 'nothing from it was kept';
