/** The messages between the page and the near-duplicate worker. */
import type { NearDuplicatePair } from '../model/nearDuplicates';
import type { KeysMessage } from './listedKeys';

/** Find the near duplicates among the documents whose heads came before (in {@link KeysMessage}s). */
export type NearDuplicateRequest = KeysMessage | { type: 'find'; databaseName: string };

export type NearDuplicateResponse =
  | { type: 'progress'; done: number }
  | { type: 'pairs'; pairs: NearDuplicatePair[] }
  | { type: 'failed'; message: string };
