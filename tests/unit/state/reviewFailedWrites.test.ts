import { describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/** A decision whose write fails (a full disk, storage taken away) loses nothing the reviewer gave it. */
const { open, span, review } = useTwoDocuments('review-failed-writes');
let database: SpanwrightDatabase;

/** A store whose decisions fail to write, as a full disk makes them. */
class FullStore extends Store {
  override decideInGold(): Promise<never> {
    return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  }
}

/** A store whose layers cannot be read back (storage taken away under the page). */
class UnreadableStore extends Store {
  override readLayer(): Promise<never> {
    return Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError'));
  }
}

/** ann and bea agree on Kim and label Putin differently in d1. */
async function setUp(Kind: typeof Store = FullStore) {
  database = await open();
  await span('ann', 'd1', 'Kim', 'claim');
  await span('bea', 'd1', 'Kim', 'claim');
  await span('ann', 'd1', 'Putin', 'claim');
  await span('bea', 'd1', 'Putin', 'denial');
  const started = await review({ store: new Kind(database) });
  await until(() => started.differences.length === 2);
  return started;
}

describe('a decision the review could not write', () => {
  it('gives the note written for it back to the field', async () => {
    const review = await setUp();
    review.note = 'titles follow the guideline';
    await review.decide(review.differences[1], 'a');
    expect(review.notice).toMatch(/^Not saved: /u);
    expect(review.note).toBe('titles follow the guideline');
  });

  it('does not mark gold done when its agreements could not be put in', async () => {
    const review = await setUp();
    expect(await review.goldDone.mark(true)).toEqual({ undecided: 0 });
    expect(review.notice).toMatch(/^Not saved: /u);
    expect(await database.statuses.get([GOLD_ANNOTATOR, 'd1'])).toBeUndefined();
  });

  it('does not mark gold done, and says so, when gold could not be read to count what is left to decide', async () => {
    const review = await setUp(UnreadableStore);
    expect(await review.goldDone.mark(true)).toEqual({ undecided: 0 });
    expect(review.notice).toMatch(/^Not saved: /u);
    expect(await database.statuses.get([GOLD_ANNOTATOR, 'd1'])).toBeUndefined();
  });
});
