import { describe, expect, it } from 'vitest';
import { SearchSteps } from '../../../src/lib/state/searchSteps.svelte';
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
    expect(search.hits.map((hit) => hit.start)).toEqual([0, 8, 13]);
    expect(search.current).toBe(0);
    expect(search.step(1)).toBe('Hit 2 of 3 in the open text.');
    expect(search.step(1)).toBe('Hit 3 of 3 in the open text.');
    expect(search.step(1)).toBe('Hit 1 of 3 in the open text.');
    expect(search.step(-1)).toBe('Hit 3 of 3 in the open text.');
    expect(search.current).toBe(2);
  });

  it('starts again at the first hit for another query or another text', () => {
    const { now, search } = steps('Kim met Kim; kim left.', 'kim');
    search.step(1);
    now.query = 'kim ';
    expect(search.current).toBe(1); // the same query, trimmed
    now.query = 'met';
    expect(search.current).toBe(0);
    now.query = 'kim';
    now.text = 'Kim and Kim again.';
    expect(search.current).toBe(0);
  });

  it('ends at the hit gone to after a step, and nowhere after a look; says when there is no hit', () => {
    const { now, search } = steps('Kim met Kim; kim left.', 'kim');
    expect(search.end()).toBeNull();
    search.step(-1);
    expect(search.stepped).toBe(true);
    expect(search.end()).toBe(13);
    expect(search.stepped).toBe(false);
    expect(search.current).toBe(0);
    now.query = 'putin';
    expect(search.step(1)).toBe('No hit in the open text.');
    expect(search.stepped).toBe(false);
    now.query = '  ';
    expect(search.step(1)).toBe('');
  });
});
