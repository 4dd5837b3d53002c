/** The messages between the page and the patterns worker. */
import type { MatchColumns } from '../model/matchColumns';
import type { MatchPattern } from '../model/patternMatcher';

/** A document as the worker needs it. */
export interface TextDocument {
  id: string;
  text: string;
}

export type PatternRequest =
  { type: 'start'; patterns: MatchPattern[] } | { type: 'documents'; documents: TextDocument[] } | { type: 'finish' };

export type PatternResponse =
  /** `done` documents matched so far; the matches of those just done, as columns. */
  { type: 'matched'; done: number; found: MatchColumns } | { type: 'finished' };
