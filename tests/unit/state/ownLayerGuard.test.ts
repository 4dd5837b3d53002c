import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/lib/storage/store';
import { OwnLayerGuard } from '../../../src/lib/state/ownLayerGuard.svelte';

/** A guard over a review comparing ann and bea, with `stored` as the setting of who decided last. */
async function guardOf(stored: string | null) {
  const review = { set: ['ann', 'bea'] as readonly string[], reviewer: 'ann' };
  const settings = new Map<string, unknown>([['lastReviewer', stored]]);
  const store = {
    readSetting: async <T>(key: string, fallback: T) => (settings.has(key) ? (settings.get(key) as T) : fallback),
    writeSetting: async (key: string, value: unknown) => void settings.set(key, value),
  } as unknown as Store;
  const guard = new OwnLayerGuard(review);
  await guard.load(store);
  return { guard, review, settings };
}

describe('OwnLayerGuard', () => {
  it('asks nothing of a reviewer compared when no one, or they themself, decided last', async () => {
    expect((await guardOf(null)).guard.waitingAfter).toBeNull();
    expect((await guardOf('ann')).guard.waitingAfter).toBeNull();
  });

  it('holds a compared reviewer after another decided, until they choose; another’s decision asks again', async () => {
    const { guard, review, settings } = await guardOf('rev');
    expect(guard.waitingAfter).toBe('rev');
    expect(guard.refusal()).toContain('you are “ann”, whose layer is compared here, and “rev” decided last');
    // A reviewer outside the set is never held.
    review.reviewer = 'rev';
    expect(guard.waitingAfter).toBeNull();
    review.reviewer = 'ann';
    guard.agree();
    expect(guard.waitingAfter).toBeNull();
    guard.decided();
    expect(settings.get('lastReviewer')).toBe('ann');
    // rev decides in between: ann's choice no longer stands, and ann is asked again.
    review.reviewer = 'rev';
    guard.decided();
    expect(settings.get('lastReviewer')).toBe('rev');
    review.reviewer = 'ann';
    expect(guard.waitingAfter).toBe('rev');
  });
});
