/** The messages between the page and the patterns worker. */
import type { MatchPattern, PatternMatch } from '../model/patternMatcher';

/** A document as the worker needs it. */
export interface TextDocument {
  id: string;
  text: string;
}

/** One document's matches. */
export interface DocumentMatches {
  documentId: string;
  matches: PatternMatch[];
}

export type PatternRequest =
  { type: 'start'; patterns: MatchPattern[] } | { type: 'documents'; documents: TextDocument[] } | { type: 'finish' };

export type PatternResponse =
  /** `done` documents matched so far; the matches of those just done (documents without any left out). */
  { type: 'matched'; done: number; found: DocumentMatches[] } | { type: 'finished' };
