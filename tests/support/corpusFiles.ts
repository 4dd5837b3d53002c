import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The default corpus as the app ships it (public/corpus). */
export const corpusFolder = join(import.meta.dirname, '../../public/corpus');

/** A file of the default corpus, served as the app's fetch of it answers. */
export const serveCorpus = async (path: string): Promise<Response> =>
  new Response(readFileSync(join(corpusFolder, path)));
