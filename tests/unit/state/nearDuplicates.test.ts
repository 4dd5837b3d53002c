import { describe, expect, it } from 'vitest';
import { PAIRS_SCHEME, type NearDuplicatePair } from '../../../src/lib/model/nearDuplicates';
import type { DocumentHead } from '../../../src/lib/model/types';
import { NearDuplicates } from '../../../src/lib/state/nearDuplicates.svelte';
import type { LocalStore } from '../../../src/lib/storage/localStore';
import { memoryStorage } from '../../support/memoryStorage';
import { nearDuplicateMemory, nearDuplicateMemoryKey } from '../../../src/lib/storage/nearDuplicateMemory';

const documentOf = (id: string, fingerprint: string): DocumentHead => ({
  id,
  title: id,
  source: '',
  length: 0,
  fingerprint,
  order: 0,
  created: 0,
});

/** The database the finder would read the texts from (these finders read none). */
const noDatabase = 'no-database';

/** A finder the test answers by hand, recording each search it was asked for. */
function manualFinder() {
  const calls: { total: number; signal: AbortSignal; answer: (pairs: NearDuplicatePair[]) => void }[] = [];
  const find = (
    _databaseName: string,
    documents: readonly { id: string }[],
    onProgress: (done: number, total: number) => void,
    signal: AbortSignal,
  ) =>
    new Promise<NearDuplicatePair[]>((resolve) => {
      onProgress(0, documents.length);
      calls.push({ total: documents.length, signal, answer: resolve });
    });
  return { calls, find };
}

describe('NearDuplicates', () => {
  it('searches again only when the texts change, and a newer search supersedes an older one still running', async () => {
    const { calls, find } = manualFinder();
    const duplicates = new NearDuplicates(noDatabase, find);
    const first = [documentOf('a', 'fa'), documentOf('b', 'fb')];
    const firstSearch = duplicates.follow(first);
    expect(duplicates.progress).toEqual({ done: 0, total: 2 });
    // The same texts again (a status or a title changed elsewhere): no new search.
    void duplicates.follow([documentOf('a', 'fa'), documentOf('b', 'fb')]);
    expect(calls).toHaveLength(1);

    // A third document arrives while the first search runs; the first answer comes late and is dropped.
    const secondSearch = duplicates.follow([...first, documentOf('c', 'fc')]);
    expect(calls).toHaveLength(2);
    // The superseded search is told to stop reading texts.
    expect(calls[0].signal.aborted).toBe(true);
    expect(calls[1].signal.aborted).toBe(false);
    calls[0].answer([{ a: 'a', b: 'b', similarity: 0.9 }]);
    await firstSearch;
    expect(duplicates.of('a')).toEqual([]);
    expect(duplicates.progress).toEqual({ done: 0, total: 3 });
    calls[1].answer([
      { a: 'a', b: 'c', similarity: 0.8 },
      { a: 'b', b: 'c', similarity: 0.6 },
    ]);
    await secondSearch;
    expect(duplicates.progress).toBeNull();
    expect(duplicates.of('c')).toEqual([
      { id: 'a', similarity: 0.8 },
      { id: 'b', similarity: 0.6 },
    ]);
    expect(duplicates.of('a')).toEqual([{ id: 'c', similarity: 0.8 }]);
    expect(duplicates.count).toBe(3);

    // A changed text (same id, new fingerprint) is searched again.
    void duplicates.follow([documentOf('a', 'fa2'), documentOf('b', 'fb'), documentOf('c', 'fc')]);
    expect(calls).toHaveLength(3);
  });

  it('shows none and says so when the search fails, and keeps working for the next one', async () => {
    let fail = true;
    const duplicates = new NearDuplicates(noDatabase, () =>
      fail ? Promise.reject(new Error('no worker')) : Promise.resolve([{ a: 'a', b: 'b', similarity: 1 }]),
    );
    await duplicates.follow([documentOf('a', 'x'), documentOf('b', 'x')]);
    expect(duplicates.failed).toBe(true);
    expect(duplicates.of('a')).toEqual([]);
    fail = false;
    await duplicates.follow([documentOf('a', 'y'), documentOf('b', 'y')]);
    expect(duplicates.failed).toBe(false);
    expect(duplicates.of('a')).toEqual([{ id: 'b', similarity: 1 }]);
  });

  it('waits for the documents to settle before reading every text: an import in batches starts one search', async () => {
    const { calls, find } = manualFinder();
    const duplicates = new NearDuplicates(noDatabase, find, 50);
    void duplicates.follow([documentOf('a', 'fa')]);
    void duplicates.follow([documentOf('a', 'fa'), documentOf('b', 'fb')]);
    const last = duplicates.follow([documentOf('a', 'fa'), documentOf('b', 'fb'), documentOf('c', 'fc')]);
    expect(calls).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(calls.map((call) => call.total)).toEqual([3]);
    calls[0].answer([]);
    await last;
    expect(duplicates.progress).toBeNull();
  });

  describe('kept on this device', () => {
    const corpus = [documentOf('a', 'fa'), documentOf('b', 'fb'), documentOf('c', 'fc')];
    const found: NearDuplicatePair[] = [{ a: 'a', b: 'c', similarity: 0.8 }];

    /** A first start that searches `corpus` to the end, on `storage`. */
    async function searchedOnce(storage: LocalStore) {
      const { calls, find } = manualFinder();
      const duplicates = new NearDuplicates('db', find, 0, nearDuplicateMemory('db', storage));
      const search = duplicates.follow(corpus);
      calls[0].answer(found);
      await search;
      expect(duplicates.of('a')).toEqual([{ id: 'c', similarity: 0.8 }]);
    }

    it('a start over the documents the last search finished with shows its pairs and reads no text', async () => {
      const storage = memoryStorage();
      await searchedOnce(storage);
      // The next start (a reload): the same documents, so no search, and the same pairs at once.
      const { calls, find } = manualFinder();
      const restarted = new NearDuplicates('db', find, 0, nearDuplicateMemory('db', storage));
      await restarted.follow([...corpus]);
      expect(calls).toHaveLength(0);
      expect(restarted.of('c')).toEqual([{ id: 'a', similarity: 0.8 }]);
      expect(restarted.progress).toBeNull();
      // Another database on the device keeps its own: its documents are searched.
      const other = manualFinder();
      void new NearDuplicates('other', other.find, 0, nearDuplicateMemory('other', storage)).follow(corpus);
      expect(other.calls).toHaveLength(1);
      // A new document since: searched, and that search is what the next start finds kept.
      const grown = [...corpus, documentOf('d', 'fd')];
      const search = restarted.follow(grown);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(calls).toHaveLength(1);
      calls[0].answer([{ a: 'b', b: 'd', similarity: 0.9 }]);
      await search;
      expect(restarted.of('a')).toEqual([]);
      const third = manualFinder();
      const again = new NearDuplicates('db', third.find, 0, nearDuplicateMemory('db', storage));
      await again.follow(grown);
      expect(third.calls).toHaveLength(0);
      expect(again.of('d')).toEqual([{ id: 'b', similarity: 0.9 }]);
    });

    it('searches when the kept search compared under another scheme, or cannot be read, or was cut short', async () => {
      const storage = memoryStorage();
      await searchedOnce(storage);
      const kept = JSON.parse(storage.entries.get(nearDuplicateMemoryKey('db'))!) as { scheme: string };
      expect(kept.scheme).toBe(PAIRS_SCHEME);
      storage.setItem(nearDuplicateMemoryKey('db'), JSON.stringify({ ...kept, scheme: 'minhash-older' }));
      const older = manualFinder();
      const search = new NearDuplicates('db', older.find, 0, nearDuplicateMemory('db', storage)).follow(corpus);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(older.calls).toHaveLength(1);
      older.calls[0].answer(found);
      await search;

      storage.setItem(nearDuplicateMemoryKey('db'), '{"key": ');
      const unreadable = manualFinder();
      void new NearDuplicates('db', unreadable.find, 0, nearDuplicateMemory('db', storage)).follow(corpus);
      expect(unreadable.calls).toHaveLength(1);

      // A search superseded before its answer keeps nothing, even when its answer comes: only the newer one is kept.
      const fresh = memoryStorage();
      const cut = manualFinder();
      const duplicates = new NearDuplicates('db', cut.find, 0, nearDuplicateMemory('db', fresh));
      const superseded = duplicates.follow(corpus);
      const newer = duplicates.follow(corpus.slice(0, 2));
      cut.calls[0].answer(found);
      await superseded;
      expect(fresh.entries.size).toBe(0);
      cut.calls[1].answer([]);
      await newer;
      const stored = JSON.parse(fresh.entries.get(nearDuplicateMemoryKey('db'))!) as { documents: number };
      expect(stored.documents).toBe(2);
    });

    it('keeps nothing where storage refuses, is full or the pairs are too many, and still shows the pairs', async () => {
      const refusing = memoryStorage();
      await searchedOnce(refusing);
      // Full now: the next search's record is refused, and the earlier one (of other documents) goes too.
      refusing.setItem = () => {
        throw new DOMException('full', 'QuotaExceededError');
      };
      const { calls, find } = manualFinder();
      const duplicates = new NearDuplicates('db', find, 0, nearDuplicateMemory('db', refusing));
      const search = duplicates.follow(corpus.slice(1));
      calls[0].answer([{ a: 'b', b: 'c', similarity: 0.7 }]);
      await search;
      expect(duplicates.of('b')).toEqual([{ id: 'c', similarity: 0.7 }]);
      expect(refusing.entries.size).toBe(0);

      // A corpus of many copies: its thousands of pairs would crowd out the note drafts, so none are kept.
      const storage = memoryStorage();
      await searchedOnce(storage);
      const copies = Array.from({ length: 120 }, (_, index) => documentOf(`copy-${index}`, 'same text'));
      const many: NearDuplicatePair[] = copies.flatMap((left, index) =>
        copies.slice(index + 1).map((right) => ({ a: left.id, b: right.id, similarity: 1 })),
      );
      const big = manualFinder();
      const crowded = new NearDuplicates('db', big.find, 0, nearDuplicateMemory('db', storage));
      const searched = crowded.follow(copies);
      big.calls[0].answer(many);
      await searched;
      expect(crowded.of('copy-0')).toHaveLength(119);
      expect(storage.entries.size).toBe(0);
    });
  });
});
