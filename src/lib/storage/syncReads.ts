/**
 * Team sync's reads of the layers it shares, each with the restore mark of the same moment
 * (restoreMark.ts): what a sync is about to share is never the restored data taken for its own.
 * Loaded with team sync, as shared.ts is (by import()), not with the first page.
 */
import type { DocumentStatus, Span } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { restoreId } from './restoreMark';

/** Every span and summary row of `annotator`'s layers, with the restore mark of the same moment. */
export async function readLayersMarked(
  database: SpanwrightDatabase,
  annotator: string,
): Promise<{ spans: Span[]; statuses: DocumentStatus[]; restore: string | null }> {
  const { readLayers } = await import('./shared');
  return database.transaction('r', [database.spans, database.statuses, database.syncUpdates], async () => ({
    ...(await readLayers(database, annotator)),
    restore: await restoreId(database),
  }));
}

/** The named layers' spans and summaries, by `layerKey`, with the restore mark of the same moment. */
export async function readSomeLayersMarked(
  database: SpanwrightDatabase,
  layers: readonly (readonly [annotator: string, documentId: string])[],
): Promise<{ spans: Map<string, Span[]>; statuses: Map<string, DocumentStatus>; restore: string | null }> {
  const { readSomeLayers } = await import('./shared');
  return database.transaction('r', [database.spans, database.statuses, database.syncUpdates], async () => ({
    ...(await readSomeLayers(database, layers)),
    restore: await restoreId(database),
  }));
}
