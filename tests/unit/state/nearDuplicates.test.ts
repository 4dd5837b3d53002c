import { describe, expect, it } from 'vitest';
import type { NearDuplicatePair } from '../../../src/lib/model/nearDuplicates';
import type { DocumentHead } from '../../../src/lib/model/types';
import { NearDuplicates } from '../../../src/lib/state/nearDuplicates.svelte';

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
});
