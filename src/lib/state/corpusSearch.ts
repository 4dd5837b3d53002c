/**
 * Where a search over every stored text runs (patterns, "label all occurrences" across the corpus):
 * in a Worker in the app (workers/patternsClient.ts), which reads the texts from IndexedDB itself.
 * `searchInThisThread` is the same search in the caller's thread, for tests and where no Worker is
 * given: it reads the texts a page at a time too, and lets the page breathe between pages.
 */
import type { CorpusSearch } from '../model/corpusSearch';
import {
  foundHere,
  MatchColumnsBuilder,
  type FoundMatches,
  type MatchColumns,
  type MatchTexts,
} from '../model/matchColumns';
import type { StoredKey, StoredText } from '../workers/storedTexts';

export type { CorpusSearch } from '../model/corpusSearch';

/**
 * Runs `search` over every document of the database named `databaseName`; resolves with the matches
 * (documents without any left out; their texts held where the search ran until released), rejects
 * with an `AbortError` when `signal` aborts. Given `documents` (the list's heads, in order),
 * searches those: a Worker keeps their texts for the next search.
 */
export type CorpusSearcher = (
  databaseName: string,
  search: CorpusSearch,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
  documents?: readonly StoredKey[],
) => Promise<FoundMatches>;

/** Pages of texts: those of `documents` when given, else every stored one. */
async function* pagesOf(
  databaseName: string,
  documents?: readonly StoredKey[],
): AsyncGenerator<{ documents: StoredText[]; total: number }> {
  const { storedTexts, storedTextsOf } = await import('../workers/storedTexts');
  if (!documents) return yield* storedTexts(databaseName);
  for await (const page of storedTextsOf(databaseName, documents))
    yield { documents: page.documents.map(({ id, text }) => ({ id, text: text ?? '' })), total: page.total };
}

export const searchInThisThread: CorpusSearcher = async (databaseName, search, onProgress, signal, documents) => {
  // The matcher's code loads with the first search here: it is not part of the first page.
  const find = (await import('../model/corpusSearch')).searcherOf(search);
  const found: MatchColumns[] = [];
  const texts: MatchTexts[] = [];
  let done = 0;
  for await (const page of pagesOf(databaseName, documents)) {
    if (signal?.aborted) throw new DOMException('The search was cancelled.', 'AbortError');
    const builder = new MatchColumnsBuilder();
    for (const document of page.documents) builder.add(document.id, find(document.text));
    const built = builder.build();
    found.push(built.columns);
    texts.push(built.texts);
    onProgress((done += page.documents.length), page.total);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return foundHere(found, texts);
};
