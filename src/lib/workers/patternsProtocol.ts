/** The messages between the page and the corpus search worker (patterns.worker.ts). */
import type { CorpusSearch } from '../model/corpusSearch';
import type { MatchColumns, MatchTexts } from '../model/matchColumns';
import type { KeysMessage } from './listedKeys';

/**
 * `search`: run `search` over every document stored in the database named `databaseName`; when
 * `listed`, over the documents whose heads came before (in {@link KeysMessage}s), with the texts the
 * Worker holds from an earlier search. The Worker keeps the matches' texts under `id` until
 * `release`; `texts` asks for those of the `page`th set of columns sent, answered on `port` (a
 * {@link TextsAnswer}).
 */
export type PatternRequest =
  | KeysMessage
  | {
      type: 'search';
      id: number;
      databaseName: string;
      search: CorpusSearch;
      listed: boolean;
    }
  | { type: 'texts'; id: number; page: number; port: MessagePort }
  | { type: 'release'; id: number };

/** The texts asked for, or null when the Worker holds none under that search and page. */
export type TextsAnswer = MatchTexts | null;

export type PatternResponse =
  /** `done` of `total` documents searched so far; the matches of those just done, as columns (texts held). */
  | { type: 'matched'; done: number; total: number; found: MatchColumns }
  | { type: 'finished' }
  | { type: 'failed'; message: string };
