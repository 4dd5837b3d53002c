import { describe, expect, it } from 'vitest';
import { figureText } from '../../../src/lib/model/figureText';

describe('figureText', () => {
  it('shows an agreement figure in three decimals, and a dash for none', () => {
    expect(figureText(0.8154)).toBe('0.815');
    expect(figureText(1)).toBe('1.000');
    expect(figureText(0)).toBe('0.000');
    expect(figureText(-0.25)).toBe('-0.250');
    expect([null, undefined, Number.NaN].map(figureText)).toEqual(['—', '—', '—']);
  });

  it('never shows an imperfect agreement as 1.000, nor a figure above or below zero as 0.000 (helper-171)', () => {
    // 2,000 of 2,001 spans matched on each side: F1 0.9995.
    expect(figureText(2000 / 2001)).toBe('>0.999');
    expect(figureText(0.9994)).toBe('0.999');
    expect(figureText(0.0004)).toBe('<0.001');
    expect(figureText(-0.0004)).toBe('>-0.001');
    expect(figureText(-0.9996)).toBe('<-0.999');
    expect(figureText(-1)).toBe('-1.000');
  });
});
