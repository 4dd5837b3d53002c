import { describe, expect, it } from 'vitest';
import type { Difference } from '../../../src/lib/model/adjudication';
import { missingVersion } from '../../../src/lib/state/reviewRefusals';

const place = { start: 0, end: 5, label: 'claim' };

describe('missingVersion', () => {
  it('names who marked a row neither A nor B has, and A to keep it, for B or Both there (helper-209)', () => {
    const others: Difference = { kind: 'others', others: { span: place, annotators: ['carol', 'dee'] } } as Difference;
    expect(missingVersion(others, 'b', '“Putin”')).toBe(
      'Not decided on “Putin”: only carol and dee marked a span here; keep it (A) or neither (X).',
    );
    expect(missingVersion(others, 'both', '“Putin”')).toBe(
      'Not decided on “Putin”: only carol and dee marked a span here; keep it (A) or neither (X).',
    );
    // A keeps the others' version: nothing is missing.
    expect(missingVersion(others, 'a', '“Putin”')).toBeNull();
  });

  it('says B marked nothing on a row only A marked', () => {
    const onlyA: Difference = { kind: 'onlyA', a: { span: place, annotators: ['ann'] } } as Difference;
    expect(missingVersion(onlyA, 'b', '“Putin”')).toBe(
      'Not decided on “Putin”: B marked no span here; keep A’s (A) or neither (X).',
    );
  });
});
