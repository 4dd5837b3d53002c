import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { innermostAt, innermostOf } from '../../../src/lib/model/innermost';
import { CodePointIndex } from '../../../src/lib/model/offsets';
import { segmentSpans } from '../../../src/lib/model/spans';
import { tokenCategories } from '../../../src/lib/model/coveringSweep';
import { OUTSIDE } from '../../../src/lib/model/tokens';

describe('the innermost span', () => {
  it('is the inner of nested spans, and of crossing spans the one that starts later', () => {
    const outer = { id: 'outer', start: 0, end: 20, label: 'claim' };
    const inner = { id: 'inner', start: 5, end: 8, label: 'visit' };
    const crossing = { id: 'crossing', start: 15, end: 30, label: 'denial' };
    const list = [outer, inner, crossing];
    const at = (offset: number) => innermostAt(list, offset, (span) => span)?.id ?? null;
    expect(at(6)).toBe('inner');
    expect(at(2)).toBe('outer');
    expect(at(17)).toBe('crossing');
    expect(at(40)).toBeNull();
    // Equal-length crossing spans A [0,6) and B [3,9): B, whatever the unit.
    expect(
      innermostOf([
        { start: 0, end: 6, label: 'a' },
        { start: 3, end: 9, label: 'b' },
      ])?.label,
    ).toBe('b');
  });

  /**
   * Texts of one-character tokens ("x 🙂 x …"), so a token and an offset coincide; an astral token
   * makes UTF-16 and code point lengths differ, which a rule by length would trip over.
   */
  const layer = fc
    .tuple(
      fc.array(fc.constantFrom('x', '🙂', '北'), { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(24), fc.integer({ min: 1, max: 10 }), fc.constantFrom('claim', 'denial', 'visit')), {
        maxLength: 8,
      }),
    )
    .map(([tokens, raw]) => {
      const text = tokens.join(' ');
      const length = [...text].length;
      const spans = raw
        .map(([start, size, label], position) => ({
          id: `s${position}`,
          start: Math.min(start, length - 1),
          end: Math.min(start + size, length),
          label,
        }))
        .filter((span) => span.start < span.end);
      return { text, spans };
    });

  it('is the same span for a click, the highlight colour and token agreement, for any overlapping spans', () => {
    fc.assert(
      fc.property(layer, ({ text, spans }) => {
        const index = new CodePointIndex(text);
        // The editor works in UTF-16; agreement in code points.
        const inUtf16 = spans.map((span) => ({
          ...span,
          start: index.toUtf16(span.start),
          end: index.toUtf16(span.end),
        }));
        const segments = segmentSpans(inUtf16);
        for (const { token, category } of tokenCategories(text, spans)) {
          const offset16 = index.toUtf16(token.start);
          const clicked = innermostAt(inUtf16, offset16, (span) => span);
          const segment = segments.find((candidate) => candidate.from <= offset16 && offset16 < candidate.to);
          const coloured = segment ? segment.spans[segment.spans.length - 1] : null;
          expect(coloured?.id ?? null).toBe(clicked?.id ?? null);
          expect(category).toBe(clicked?.label ?? OUTSIDE);
        }
      }),
      { numRuns: 500 },
    );
  });
});
