/**
 * What the search caches hold (text bundles, their members, bytes of stored texts; the signatures
 * stored), read in a Worker: read in the harness page, their rows (7 MB of texts, 2.6 MB of
 * signatures) were garbage the page's collectors then cleared during the next search (tasks of
 * 50–190 ms the app's page, which never reads the caches, does not have).
 */
import { SpanwrightDatabase } from '../../src/lib/storage/database';

export interface CacheStats {
  bundles: number;
  members: number;
  bytes: number;
  signatures: number;
}

self.onmessage = async (event: MessageEvent<{ databaseName: string }>) => {
  const database = new SpanwrightDatabase(event.data.databaseName);
  let [bundles, members, bytes, signatures] = [0, 0, 0, 0];
  await database.textBundles.each((row) => {
    bundles += 1;
    members += row.ids.length;
    bytes += typeof row.texts === 'string' ? row.texts.length * 2 : row.texts.byteLength;
  });
  await database.signatureBundles.each((row) => {
    signatures += row.ids.length;
  });
  database.close();
  self.postMessage({ bundles, members, bytes, signatures } satisfies CacheStats);
};
