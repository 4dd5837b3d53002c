import type { SpanwrightDatabase } from './database';

export const DEFAULT_ANNOTATOR = 'annotator';

export async function readSetting<T>(database: SpanwrightDatabase, key: string, fallback: T): Promise<T> {
  const row = await database.settings.get(key);
  return row === undefined ? fallback : (row.value as T);
}

export async function writeSetting(database: SpanwrightDatabase, key: string, value: unknown): Promise<void> {
  await database.settings.put({ key, value });
}
