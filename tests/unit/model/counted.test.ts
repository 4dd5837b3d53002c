import { describe, expect, it } from 'vitest';
import { andList, counted, percent } from '../../../src/lib/model/counted';

describe('counted', () => {
  it('writes the count with its noun, plural but for one', () => {
    expect([counted(1, 'span'), counted(0, 'span'), counted(12034, 'document')]).toEqual([
      '1 span',
      '0 spans',
      '12,034 documents',
    ]);
  });
});

describe('percent', () => {
  it('shows whole percents in the middle and one decimal near the ends', () => {
    expect([0, 0.42, 0.035, 0.996, 1].map(percent)).toEqual(['0%', '42%', '3.5%', '99.6%', '100%']);
  });

  it('never shows a share that is not all or nothing as 100% or 0%', () => {
    // 0.9996 of the tokens disputed is not every token; 0.0004 is not none.
    expect([0.9996, 0.0004].map(percent)).toEqual(['>99.9%', '<0.1%']);
  });

  it('shows a dash for no share', () => {
    expect([percent(null), percent(Number.NaN)]).toEqual(['—', '—']);
  });
});

describe('andList', () => {
  it('lists items as a sentence does', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map(andList)).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});
