/** The messages between the page and the near-duplicate worker. */
import type { NearDuplicatePair, TextDocument } from '../model/nearDuplicates';

export type NearDuplicateRequest =
  { type: 'start' } | { type: 'documents'; documents: TextDocument[] } | { type: 'find' };

export type NearDuplicateResponse = { type: 'progress'; done: number } | { type: 'pairs'; pairs: NearDuplicatePair[] };
