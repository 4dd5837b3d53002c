import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { seedDefaultCorpus } from '../../../src/lib/storage/corpus';
import { corpusFolder, serveCorpus } from '../../support/corpusFiles';

let database: SpanwrightDatabase;

afterEach(async () => database?.delete());

describe('default corpus', () => {
  it('ships every shared corpus file unchanged, and lists each in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(corpusFolder, 'manifest.json'), 'utf8')) as { files: string[] };
    const shared = join(import.meta.dirname, '../../../../shared/corpus');
    for (const file of manifest.files)
      expect(readFileSync(join(corpusFolder, file))).toEqual(readFileSync(join(shared, file)));
    expect(manifest.files).toHaveLength(5);
  });

  it('loads the five documents with file-name ids, exact text and headline titles on the first start', async () => {
    database = new SpanwrightDatabase(`corpus-${Math.random()}`);
    expect(await seedDefaultCorpus(database, serveCorpus, () => 1000)).toBe(5);
    const documents = await database.documents.orderBy('order').toArray();
    expect(documents.map((document) => document.id)).toEqual([
      '000_c25c54a9dd113007',
      '001_1588cc6f968110a1',
      '002_fb83040547a0f67a',
      '003_6244afe28d155e96',
      '004_5d84a4a5889c536e',
    ]);
    for (const document of documents)
      expect(document.text).toBe(readFileSync(join(corpusFolder, `${document.id}.txt`), 'utf8'));
    expect(documents[0].title).toBe('Fox News Flash top headlines for August 31');
    // Its first line is a section name over the headline.
    expect(documents[1].title).toBe(
      "North Korea, Russia arms deal 'actively advancing' says National Security Council",
    );
    expect((await database.labels.orderBy('order').toArray()).map((label) => [label.name, label.hotkey])).toEqual([
      ['claim', '1'],
      ['denial', '2'],
      ['sanction', '3'],
      ['visit', '4'],
    ]);
  });

  it('keeps a byte order mark and CRLF exactly as the file has them', async () => {
    database = new SpanwrightDatabase(`corpus-${Math.random()}`);
    const files: Record<string, string> = {
      'manifest.json': '{"name":"t","files":["a.txt"]}',
      'a.txt': '\ufeffTitle line here now\r\n\r\n body \r\n',
    };
    await seedDefaultCorpus(database, async (path) => new Response(files[path]));
    expect((await database.documents.get('a'))?.text).toBe('\ufeffTitle line here now\r\n\r\n body \r\n');
  });

  it('seeds only once, even when two tabs start together, and not again after the corpus is deleted', async () => {
    database = new SpanwrightDatabase(`corpus-${Math.random()}`);
    const results = await Promise.all([
      seedDefaultCorpus(database, serveCorpus),
      seedDefaultCorpus(database, serveCorpus),
    ]);
    expect(results.sort()).toEqual([0, 5]);
    await database.documents.clear();
    expect(await seedDefaultCorpus(database, serveCorpus)).toBe(0);
    expect(await database.documents.count()).toBe(0);
  });

  it('stores nothing when a corpus file is missing', async () => {
    database = new SpanwrightDatabase(`corpus-${Math.random()}`);
    const failing = async (path: string) =>
      path === 'manifest.json'
        ? new Response('{"name":"t","files":["a.txt","b.txt"]}')
        : path === 'a.txt'
          ? new Response('A headline of four words')
          : new Response('', { status: 404 });
    await expect(seedDefaultCorpus(database, failing)).rejects.toThrow(/b\.txt/u);
    expect(await database.documents.count()).toBe(0);
  });
});
