import { describe, expect, it } from 'vitest';
import { SEARCH_HIT_LIMIT } from '../../../src/lib/model/searchHits';
import { SearchSteps, STEP_LIMIT } from '../../../src/lib/state/searchSteps.svelte';
import { reactive } from '../../support/reactive.svelte';

/** Search steps over a text and a query the test changes, as the open document and the search field do. */
function steps(text: string, query: string) {
  const now = reactive({ text, query });
  return {
    now,
    search: new SearchSteps(
      () => now.text,
      () => now.query,
    ),
  };
}

describe('stepping through the search hits of the open text', () => {
  it('starts at the first hit, goes round both ends, and says where it stands', () => {
    const { search } = steps('Kim met Kim; kim left.', 'kim');
    expect(search.all.map((hit) => hit.start)).toEqual([0, 8, 13]);
    expect(search.current).toBe(0);
    expect(search.standing).toBe('hit 1 of 3');
    expect(search.step(1)).toBe('Hit 2 of 3 in the open text.');
    expect(search.step(1)).toBe('Hit 3 of 3 in the open text.');
    expect(search.step(1)).toBe('Hit 1 of 3 in the open text.');
    expect(search.step(-1)).toBe('Hit 3 of 3 in the open text.');
    expect(search.current).toBe(2);
  });

  it('keeps the hit stepped to as the query is typed on or shortened, else goes to the next (helper-214)', () => {
    const { now, search } = steps('Korea, Kore, Korea and Korean.', 'kor');
    search.step(1);
    search.step(1);
    expect(search.all[search.current].start).toBe(13);
    now.query = 'korea';
    expect(search.all[search.current].start).toBe(13);
    now.query = 'korean';
    expect(search.all[search.current].start).toBe(23);
    now.query = 'kore';
    expect(search.all[search.current].start).toBe(13);
    // Nothing at or after it: round to the first.
    now.query = 'korea,';
    expect(search.current).toBe(0);
    // Another text starts at its first hit.
    now.query = 'kor';
    now.text = 'Kor and kor.';
    expect(search.current).toBe(0);
  });

  it('starts a new search from where the text is read, the first hit below, else round to the first (helper-214)', () => {
    const now = reactive({ text: 'Kim met Kim; kim left.', query: '' });
    const reading = { at: 5 };
    const search = new SearchSteps(
      () => now.text,
      () => now.query,
      () => reading.at,
    );
    now.query = 'k';
    search.typed('k');
    now.query = 'kim';
    search.typed('kim');
    expect(search.all[search.current].start).toBe(8);
    // Where it began holds while the query is typed on; a search begun anew starts from the view then.
    reading.at = 20;
    search.typed('kim ');
    expect(search.current).toBe(1);
    now.query = '';
    search.typed('');
    search.end();
    now.query = 'kim';
    search.typed('kim');
    expect(search.current).toBe(0);
  });

  it('counts a step in the text it was taken in only, and says "+" only past the limit (review)', () => {
    const { now, search } = steps('Kim met Kim; kim left.', 'kim');
    search.step(1);
    expect(search.stepped).toBe(true);
    now.text = 'Kim and Kim again.';
    expect(search.stepped).toBe(false);
    expect(search.end()).toBeNull();
    now.text = 'ab '.repeat(STEP_LIMIT);
    now.query = 'ab';
    expect(search.count).toBe('100,000');
    now.text = 'ab '.repeat(STEP_LIMIT + 1);
    expect(search.count).toBe('100,000+');
    expect(search.all).toHaveLength(STEP_LIMIT);
  });

  it('steps through every hit past the ones the text marks, which follow the current one', () => {
    const text = 'ab '.repeat(SEARCH_HIT_LIMIT + 500);
    const { search } = steps(text, 'ab');
    expect(search.all).toHaveLength(SEARCH_HIT_LIMIT + 500);
    expect(search.shown.hits).toHaveLength(SEARCH_HIT_LIMIT);
    expect(search.shown.current).toBe(0);
    expect(search.step(-1)).toBe(`Hit ${(SEARCH_HIT_LIMIT + 500).toLocaleString('en')} of 1,500 in the open text.`);
    expect(search.shown.hits.at(-1)!.start).toBe(search.all.at(-1)!.start);
    expect(search.shown.hits[search.shown.current].start).toBe(search.all.at(-1)!.start);
  });

  it('ends at the hit gone to after a step, at the hit it left when the field was emptied, and nowhere after a look', () => {
    const { now, search } = steps('Kim met Kim; kim left.', 'kim');
    expect(search.end()).toBeNull();
    search.step(-1);
    expect(search.stepped).toBe(true);
    expect(search.end()).toBe(13);
    expect(search.stepped).toBe(false);
    expect(search.current).toBe(0);
    // Typed on to a query whose current hit is further on: emptied, Esc puts the caret at that hit (review).
    now.text = 'Kim met Kim, then kim; left.';
    search.step(1);
    now.query = 'kim;';
    expect(search.all[search.current].start).toBe(18);
    search.typed('');
    now.query = '';
    expect(search.end()).toBe(18);
    now.text = 'Kim met Kim; kim left.';
    expect(search.end()).toBeNull();
    now.query = 'putin';
    search.typed('putin');
    expect(search.step(1)).toBe('No hit in the open text.');
    expect(search.stepped).toBe(false);
    now.query = '  ';
    expect(search.step(1)).toBe('');
  });
});
