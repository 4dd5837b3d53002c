/** The messages between the page and the corpus search worker (patterns.worker.ts). */
import type { CorpusSearch } from '../model/corpusSearch';
import type { MatchColumns } from '../model/matchColumns';

/** Run `search` over every document stored in the database named `databaseName`. */
export interface PatternRequest {
  type: 'search';
  databaseName: string;
  search: CorpusSearch;
}

export type PatternResponse =
  /** `done` of `total` documents searched so far; the matches of those just done, as columns. */
  | { type: 'matched'; done: number; total: number; found: MatchColumns }
  | { type: 'finished' }
  | { type: 'failed'; message: string };
