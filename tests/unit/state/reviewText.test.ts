import { describe, expect, it } from 'vitest';
import { adjudicate } from '../../../src/lib/model/adjudication';
import type { SpanPlace } from '../../../src/lib/model/spanIdentity';
import { reviewTextSpans } from '../../../src/lib/state/reviewText';

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
