// Documents stored in a fresh database for the Workers' tests (texts, caches): each database made
// here is deleted by `dropStoredDatabases` (call it in afterEach).
import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { Document } from '../../src/lib/model/types';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
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
