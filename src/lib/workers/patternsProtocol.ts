/** The messages between the page and the corpus search worker (patterns.worker.ts). */
import type { CorpusSearch } from '../model/corpusSearch';
import type { MatchColumns } from '../model/matchColumns';
import type { KeysMessage } from './listedKeys';

/**
 * Run `search` over every document stored in the database named `databaseName`; when `listed`,
 * over the documents whose heads came before (in {@link KeysMessage}s), with the texts the Worker
 * holds from an earlier search.
 */
export type PatternRequest =
  | KeysMessage
  | {
      type: 'search';
      databaseName: string;
      search: CorpusSearch;
      listed: boolean;
    };

export type PatternResponse =
  /** `done` of `total` documents searched so far; the matches of those just done, as columns. */
  | { type: 'matched'; done: number; total: number; found: MatchColumns }
  | { type: 'finished' }
  | { type: 'failed'; message: string };
