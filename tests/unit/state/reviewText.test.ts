import { describe, expect, it } from 'vitest';
import { adjudicate } from '../../../src/lib/model/adjudication';
import type { SpanPlace } from '../../../src/lib/model/spanIdentity';
import { differenceNews } from '../../../src/lib/state/differenceNews';
import { reviewTextSpans } from '../../../src/lib/state/reviewText';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

const TEXT = '🙂 Kim met Putin.';
const span = (start: number, end: number, label: string): SpanPlace => ({ start, end, label });

describe('reviewTextSpans', () => {
  it('hatches the whole of a focused span only another compared annotator marked, in UTF-16', () => {
    // a and b marked nothing; c marked "Putin" (code points 10–15, UTF-16 11–16 after the emoji).
    const [others] = adjudicate(new Map([['c', [span(10, 15, 'visit')]]]), 'a', 'b', ['a', 'b', 'c']);
    expect(others.kind).toBe('others');
    const spans = reviewTextSpans(TEXT, { gold: [], a: [], b: [], focused: others });
    expect(spans).toEqual([{ id: 'differ-0', label: 'visit', start16: 11, end16: 16, layer: 'differ' }]);
    expect(TEXT.slice(11, 16)).toBe('Putin');
  });
});

describe('differenceNews', () => {
  it('says which difference of how many, its kind, and each version with its text', () => {
    const layers = new Map([
      ['a', [span(2, 5, 'claim'), span(10, 15, 'visit')]],
      ['b', [span(2, 5, 'denial'), span(10, 15, 'visit')]],
      ['c', [span(6, 9, 'claim')]],
    ]);
    const differences = adjudicate(layers, 'a', 'b', ['a', 'b', 'c']);
    const quote = (place: SpanPlace) => sliceCodePoints(TEXT, place.start, place.end);
    expect(
      differences.map((difference, index) => differenceNews(difference, index, differences.length, quote)),
    ).toEqual([
      'Difference 1 of 3, label differs: A claim “Kim”, B denial “Kim”.',
      'Difference 2 of 3, only c: c claim “met”.',
      'Difference 3 of 3, agree: visit “Putin”.',
    ]);
  });
});
