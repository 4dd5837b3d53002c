/**
 * Where a search over every stored text runs (patterns, "label all occurrences" across the corpus):
 * in a Worker in the app (workers/patternsClient.ts), which reads the texts from IndexedDB itself.
 * `searchInThisThread` is the same search in the caller's thread, for tests and where no Worker is
 * given: it reads the texts a page at a time too, and lets the page breathe between pages.
 */
import { searcherOf, type CorpusSearch } from '../model/corpusSearch';
import { MatchColumnsBuilder, type MatchColumns } from '../model/matchColumns';
import { storedTexts } from '../workers/storedTexts';

export type { CorpusSearch } from '../model/corpusSearch';

/**
 * Runs `search` over every document of the database named `databaseName`; resolves with the matches
 * (documents without any left out), rejects with an `AbortError` when `signal` aborts.
 */
export type CorpusSearcher = (
  databaseName: string,
  search: CorpusSearch,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
) => Promise<MatchColumns[]>;

export const searchInThisThread: CorpusSearcher = async (databaseName, search, onProgress, signal) => {
  const find = searcherOf(search);
  const found: MatchColumns[] = [];
  let done = 0;
  for await (const { documents, total } of storedTexts(databaseName)) {
    if (signal?.aborted) throw new DOMException('The search was cancelled.', 'AbortError');
    const builder = new MatchColumnsBuilder();
    for (const document of documents) builder.add(document.id, find(document.text));
    found.push(builder.build());
    onProgress((done += documents.length), total);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return found;
};
