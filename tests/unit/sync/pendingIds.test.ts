import { describe, expect, it } from 'vitest';
import { PendingIds } from '../../../src/lib/sync/pendingIds';

describe('span ids pending from the team', () => {
  it('stays pending until every queued change that holds it is stored (a write, then its removal)', () => {
    const pending = new PendingIds();
    pending.add('span-1'); // the team's write, queued
    pending.add('span-1'); // its removal, queued behind it
    pending.delete('span-1'); // the write is stored: the removal is not yet
    expect(pending.has('span-1')).toBe(true);
    pending.delete('span-1');
    expect(pending.has('span-1')).toBe(false);
    pending.delete('span-1');
    pending.add('span-1');
    expect(pending.has('span-1')).toBe(true);
  });
});
