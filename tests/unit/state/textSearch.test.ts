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

  it('keeps each document listed until the reading passes it, while the query is typed on (helper-207)', async () => {
    const { searcher, runs } = pagedSearcher(4);
    const order = new Map(['a', 'b', 'c', 'd'].map((id, index) => [id, index]));
    const search = new TextSearch(searcher, () => order);
    /** The documents the list shows, by id and place in list order. */
    const listed = () => [...order].filter(([id, place]) => search.holds(id, place)).map(([id]) => id);
    // A first query: every document stays listed until the reading has passed it, through the pause before it too.
    const first = search.search('kim', 4, 20);
    expect(listed()).toEqual(['a', 'b', 'c', 'd']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    runs[0].page(['a']);
    expect(listed()).toEqual(['a', 'b', 'c', 'd']);
    runs[0].page([]); // b read: not a match (the list may say so up to 100 ms later, with the next page at the latest)
    runs[0].page(['c']);
    expect(listed()).toEqual(['a', 'c', 'd']);
    runs[0].page(['d']);
    runs[0].end();
    await first;
    expect(listed()).toEqual(['a', 'c', 'd']);
    // A letter more, one document a page: what is not read yet stays; what is read shows as found.
    const second = search.search('kimj', 4);
    await tick();
    runs[1].page([]); // a read: not a match now
    expect(listed()).toEqual(['c', 'd']);
    runs[1].page([]); // b
    runs[1].page(['c']);
    expect(listed()).toEqual(['c', 'd']);
    runs[1].page([]); // d
    runs[1].end();
    await second;
    expect(listed()).toEqual(['c']);
    // Another word: the list is what it finds, from its first page.
    const other = search.search('putin', 4);
    await tick();
    runs[2].page(['b']);
    expect(listed()).toEqual(['b']);
    runs[2].end();
    await other;
  });

  it('keeps what a first query had not read when it is typed on before its reading was through', async () => {
    const { searcher, runs } = pagedSearcher(4);
    const order = new Map(['a', 'b', 'c', 'd'].map((id, index) => [id, index]));
    const search = new TextSearch(searcher, () => order);
    const listed = () => [...order].filter(([id, place]) => search.holds(id, place)).map(([id]) => id);
    void search.search('p', 4);
    await tick();
    runs[0].page(['a']);
    // "py" typed while "p" has read one document: nothing drops out before "py" reads it.
    const typedOn = search.search('py', 4);
    expect(listed()).toEqual(['a', 'b', 'c', 'd']);
    await tick();
    runs[1].page([]);
    expect(listed()).toEqual(['b', 'c', 'd']);
    runs[1].page([]);
    runs[1].page([]);
    runs[1].page(['d']);
    runs[1].end();
    await typedOn;
    expect(listed()).toEqual(['d']);
  });
});
