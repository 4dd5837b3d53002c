import { describe, expect, it } from 'vitest';
import { nextNotDone } from '../../../src/lib/state/goldDone.svelte';
import type { ReviewEntry } from '../../../src/lib/state/reviewTypes';
import type { Document } from '../../../src/lib/model/types';

const entry = (id: string, goldDone = false): ReviewEntry => ({
  document: { id, title: id.toUpperCase() } as Document,
  disagreements: 1,
  toDecide: 0,
  goldDone,
  disagreement: null,
  alone: null,
  aloneDone: false,
  alongside: [],
  compared: ['ann', 'bea'],
  goneFromGold: 0,
});
const next = (entries: ReviewEntry[], current?: string) => nextNotDone(entries, current)?.document.id ?? null;

describe('the document "gold done" opens next', () => {
  it('is the next one in the list whose gold is not done, round from the top', () => {
    const list = [entry('a'), entry('b', true), entry('c'), entry('d', true)];
    expect(next(list, 'a')).toBe('c');
    expect(next(list, 'c')).toBe('a');
    // From a document already done (marked again), the same rule.
    expect(next(list, 'b')).toBe('c');
    expect(next(list, 'd')).toBe('a');
  });

  it('is never the document just marked, even while the list still shows it as not done', () => {
    expect(next([entry('a')], 'a')).toBeNull();
    expect(next([entry('a'), entry('b', true)], 'a')).toBeNull();
  });

  it('is the first one not done when the current document is not in the list', () => {
    expect(next([entry('a', true), entry('b')], 'gone')).toBe('b');
    expect(next([entry('a', true), entry('b')], undefined)).toBe('b');
    expect(next([], 'a')).toBeNull();
  });
});
