// Documents stored in a fresh database for the Workers' and storage tests (texts, caches, imports, exports): each database
// here is deleted by `dropStoredDatabases` (call it in afterEach).
import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { Document } from '../../src/lib/model/types';
import { DEFAULT_LABELS } from '../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { addDocuments } from '../../src/lib/storage/documentRows';
import type { StoredKey } from '../../src/lib/workers/storedTexts';

const databases: SpanwrightDatabase[] = [];

export async function dropStoredDatabases(): Promise<void> {
  for (const database of databases.splice(0)) await database.delete();
}

export const documentOf = (id: string, order: number, text: string): Document => ({
  id,
  title: id,
  text,
  source: 'test',
  meta: {},
  order,
  fingerprint: textFingerprint(text),
  created: 1,
});

/** A document's head, as the list sends it to a Worker. */
export const keyOf = ({ id, order, fingerprint }: Document): StoredKey => ({ id, order, fingerprint });

/** A new database named `<prefix>-<random>` holding `documents`. */
export async function databaseOf(prefix: string, documents: Document[]): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`${prefix}-${Math.random()}`);
  databases.push(database);
  await database.documents.bulkAdd(documents);
  return database;
}

/**
 * A new database named `<prefix>-<random>` as the app fills it: the default labels, and one
 * document `id` with its head (titled "T"). The caller deletes it.
 */
export async function labelledDatabaseOf(prefix: string, id: string, text: string): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`${prefix}-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(database, [{ ...documentOf(id, 0, text), title: 'T', source: 's' }]),
  );
  return database;
}
