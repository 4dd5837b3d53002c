/** The messages between the page and the text search worker. */

/** Find the documents of the database named `databaseName` whose folded text holds `query` (already folded). */
export interface TextSearchRequest {
  databaseName: string;
  query: string;
}

export type TextSearchResponse =
  | { type: 'found'; ids: string[]; done: number; total: number }
  | { type: 'finished' }
  | { type: 'failed'; message: string };
