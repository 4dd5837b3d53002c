/**
 * Every write of documents goes through here, so that the `heads` table (each document without
 * its text, read by the list at startup) always holds one row per document. Each function runs in
 * the caller's transaction, whose scope must hold both `documents` and `heads`.
 */
import { headOf } from '../model/documentHead';
import type { Document } from '../model/types';
import type { SpanwrightDatabase } from './database';

/** Adds documents and their heads (fails, as `bulkAdd` does, on an id already stored). */
export async function addDocuments(database: SpanwrightDatabase, documents: readonly Document[]): Promise<void> {
  await Promise.all([database.documents.bulkAdd([...documents]), database.heads.bulkAdd(documents.map(headOf))]);
}

/** Deletes documents and their heads by id. */
export async function deleteDocuments(database: SpanwrightDatabase, ids: readonly string[]): Promise<void> {
  await Promise.all([database.documents.bulkDelete([...ids]), database.heads.bulkDelete([...ids])]);
}
