/**
 * What the search cache of texts holds (bundles, members, bytes of stored texts), read in a Worker:
 * read in the harness page, its 7 MB of rows were garbage the page's collectors then cleared
 * during the next search (tasks of 50–190 ms the app's page, which never reads the cache, does not have).
 */
import { SpanwrightDatabase } from '../../src/lib/storage/database';

self.onmessage = async (event: MessageEvent<{ databaseName: string }>) => {
  const database = new SpanwrightDatabase(event.data.databaseName);
  let [bundles, members, bytes] = [0, 0, 0];
  await database.textBundles.each((row) => {
    bundles += 1;
    members += row.ids.length;
    bytes += typeof row.texts === 'string' ? row.texts.length * 2 : row.texts.byteLength;
  });
  database.close();
  self.postMessage({ bundles, members, bytes });
};
