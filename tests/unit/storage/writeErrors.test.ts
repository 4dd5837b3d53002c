import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { describeWriteError } from '../../../src/lib/storage/writeErrors';

describe('a failed write in words', () => {
  it('says a full disk in words a user can act on, wrapped by Dexie or not', () => {
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(describeWriteError(full)).toMatch(/^the browser has no storage space left for this site/u);
    expect(describeWriteError(new Dexie.AbortError('Transaction aborted', full))).toMatch(
      /^the browser has no storage/u,
    );
  });

  it('gives one line of a Dexie error, without the inner error Dexie writes under it', () => {
    const wrapped = new Dexie.AbortError('refused', new DOMException('refused', 'UnknownError'));
    expect(wrapped.message).toContain('\n');
    expect(describeWriteError(wrapped)).toBe('refused');
    expect(describeWriteError('a string')).toBe('a string');
  });
});
