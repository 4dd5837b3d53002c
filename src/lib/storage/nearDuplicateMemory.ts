/**
 * The last finished near-duplicate search of one database, kept on this device (localStorage): what
 * it was over (the fingerprint of every listed id and text fingerprint) and the pairs it found. A
 * start whose documents are the ones searched takes the pairs from here and reads no text. Without
 * it every start searched the whole corpus again in a Worker, and a reload during that search waited
 * behind it (issue 16: 1.97× the five-document start at 30,000 documents, 1.01× without the search).
 *
 * A cache, never the truth: a record of other documents is ignored and replaced after the next
 * search; one that cannot be read is ignored; a full or refusing storage keeps nothing.
 */
import type { NearDuplicatePair } from '../model/nearDuplicates';
import { localStore, type LocalStore } from './localStore';

/**
 * A finished search: `key` names the documents it was over, `scheme` how it chose the pairs (the
 * model's PAIRS_SCHEME), `documents` counts them.
 */
export interface KeptSearch {
  key: string;
  scheme: string;
  documents: number;
  pairs: NearDuplicatePair[];
}

export interface NearDuplicateMemory {
  /** The last finished search, or null when none is kept (or it cannot be read). */
  read(): KeptSearch | null;
  write(search: KeptSearch): void;
}

const PREFIX = 'spanwright.nearDuplicates.';

/** The longest record kept (about 3,500 pairs): localStorage holds ~5 M characters an origin, note drafts too. */
export const MAX_CHARACTERS = 256 * 1024;

/** The memory's localStorage key for the database named `databaseName`. */
export const nearDuplicateMemoryKey = (databaseName: string) => PREFIX + databaseName;

const isPair = (value: unknown): value is NearDuplicatePair => {
  const pair = value as NearDuplicatePair | null;
  return (
    typeof pair === 'object' &&
    pair !== null &&
    typeof pair.a === 'string' &&
    typeof pair.b === 'string' &&
    typeof pair.similarity === 'number' &&
    Number.isFinite(pair.similarity)
  );
};

function isKeptSearch(value: unknown): value is KeptSearch {
  const search = value as KeptSearch | null;
  return (
    typeof search === 'object' &&
    search !== null &&
    typeof search.key === 'string' &&
    typeof search.scheme === 'string' &&
    Number.isSafeInteger(search.documents) &&
    Array.isArray(search.pairs) &&
    search.pairs.every(isPair)
  );
}

/** The memory of the database named `databaseName`, in `storage` (this origin's localStorage when not given). */
export function nearDuplicateMemory(
  databaseName: string,
  storage: LocalStore | undefined = localStore(),
): NearDuplicateMemory {
  const key = nearDuplicateMemoryKey(databaseName);
  return {
    read() {
      try {
        const value: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
        return isKeptSearch(value) ? value : null;
      } catch {
        return null;
      }
    },
    write(search) {
      const { key: searched, scheme, documents, pairs } = search;
      const text = JSON.stringify({ key: searched, scheme, documents, pairs });
      try {
        // Not past a share of the origin's ~5 MB that leaves the note drafts room: a search that found more is not kept.
        if (text.length > MAX_CHARACTERS) storage?.removeItem(key);
        else storage?.setItem(key, text);
      } catch {
        // Refused or full: no record of an earlier search stays either.
        try {
          storage?.removeItem(key);
        } catch {
          // Storage refused altogether: nothing was kept.
        }
      }
    },
  };
}
