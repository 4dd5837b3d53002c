import { describe, expect, it } from 'vitest';
import { TextSearch, type TextSearcher } from '../../../src/lib/state/textSearch.svelte';

/** A searcher whose pages the test hands out: each `page(ids)` reports one page read of `total`. */
function pagedSearcher(total: number) {
  const runs: { query: string; page(ids: string[]): void; end(): void }[] = [];
  const searcher: TextSearcher = (query, onPage, signal) =>
    new Promise<void>((resolve, reject) => {
      let done = 0;
      signal.addEventListener('abort', () => reject(signal.reason));
      runs.push({ query, page: (ids) => onPage(ids, ++done, total), end: resolve });
    });
  return { searcher, runs };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the text search while typing (helper-173)', () => {
  it('keeps the last query’s matches until the new query’s first page is read, then only what it finds', async () => {
    const { searcher, runs } = pagedSearcher(2);
    const search = new TextSearch(searcher);
    const first = search.search('kim', 2);
    await tick();
    runs[0].page(['a', 'b']);
    runs[0].page(['c']);
    runs[0].end();
    await first;
    expect([...search.matches]).toEqual(['a', 'b', 'c']);
    // A key typed: through the pause before the reading, and until its first page, the list keeps what it had.
    const second = search.search('kimj', 2, 20);
    expect([...search.matches]).toEqual(['a', 'b', 'c']);
    expect(search.progress).toEqual({ done: 0, total: 2 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(runs[1].query).toBe('kimj');
    expect([...search.matches]).toEqual(['a', 'b', 'c']);
    runs[1].page(['b']);
    expect([...search.matches]).toEqual(['b']);
    runs[1].page([]);
    runs[1].end();
    await second;
    expect([...search.matches]).toEqual(['b']);
    expect(search.progress).toBe(null);
    // A search that reads no page (no documents) ends with none; an empty query empties at once.
    const none = search.search('putin', 0);
    await tick();
    runs[2].end();
    await none;
    expect([...search.matches]).toEqual([]);
    const again = search.search('kim', 2);
    await tick();
    runs[3].page(['a']);
    void search.search('', 2);
    expect([...search.matches]).toEqual([]);
    await again;
  });
});
