import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/lib/state/truncate';

describe('truncate', () => {
  it('keeps up to 40 characters, else the first 39 and an ellipsis', () => {
    expect(truncate('a'.repeat(40))).toBe('a'.repeat(40));
    expect(truncate('a'.repeat(41))).toBe(`${'a'.repeat(39)}…`);
  });

  it('never cuts an emoji, a flag or a letter with its combining mark in two', () => {
    const family = '👩‍👩‍👧';
    // The 39th character is an emoji: kept whole, not half a surrogate pair.
    expect(truncate(`${'a'.repeat(38)}😀${'b'.repeat(5)}`)).toBe(`${'a'.repeat(38)}😀…`);
    expect(truncate(`${'a'.repeat(38)}${family}${'b'.repeat(5)}`)).toBe(`${'a'.repeat(38)}${family}…`);
    expect(truncate(`${'a'.repeat(38)}🇯🇵${'b'.repeat(5)}`)).toBe(`${'a'.repeat(38)}🇯🇵…`);
    expect(truncate(`${'a'.repeat(38)}e\u0301${'b'.repeat(5)}`)).toBe(`${'a'.repeat(38)}e\u0301…`);
    // Forty emoji are forty characters, though they are eighty UTF-16 units: not cut.
    expect(truncate('😀'.repeat(40))).toBe('😀'.repeat(40));
    for (const cut of [truncate(`${'a'.repeat(38)}😀😀😀`), truncate('😀'.repeat(41))])
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
  });
});
