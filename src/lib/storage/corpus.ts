import { DEFAULT_LABELS } from '../model/labels';
import { textFingerprint } from '../model/fingerprint';
import { titleFromText } from '../model/title';
import type { Document } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { addDocuments } from './documentRows';

export interface CorpusManifest {
  name: string;
  files: string[];
}

const SEEDED_KEY = 'seeded';

/**
 * Loads the default corpus into an empty database on the first start, in one transaction with
 * the default labels. Later starts (and a second tab racing the first) change nothing, and a
 * user who deletes the corpus does not get it back on reload.
 *
 * @param fetchFile fetches a path under the app's `corpus/` folder (injected so tests can serve files).
 * @returns the number of documents added.
 */
export async function seedDefaultCorpus(
  database: SpanwrightDatabase,
  fetchFile: (path: string) => Promise<Response>,
  now: () => number = Date.now,
): Promise<number> {
  if (await database.settings.get(SEEDED_KEY)) return 0;
  const manifest = (await (await fetchFile('manifest.json')).json()) as CorpusManifest;
  // Decode bytes ourselves: Response.text() would strip a byte order mark, and the text is stored exactly.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const created = now();
  const documents: Document[] = await Promise.all(
    manifest.files.map(async (file, order) => {
      const response = await fetchFile(file);
      if (!response.ok) throw new Error(`The default corpus file ${file} could not be loaded (${response.status}).`);
      const text = decoder.decode(await response.arrayBuffer());
      const id = file.replace(/\.txt$/u, '');
      return {
        id,
        title: titleFromText(text, id),
        text,
        source: `corpus/${file}`,
        meta: {},
        order,
        created,
        fingerprint: textFingerprint(text),
      };
    }),
  );
  return database.transaction(
    'rw',
    [database.documents, database.heads, database.labels, database.settings],
    async () => {
      if (await database.settings.get(SEEDED_KEY)) return 0;
      await database.settings.put({ key: SEEDED_KEY, value: manifest.name });
      if ((await database.labels.count()) === 0)
        await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
      if ((await database.documents.count()) > 0) return 0;
      await addDocuments(database, documents);
      return documents.length;
    },
  );
}
