import { describe, expect, it } from 'vitest';
import { deleteSpans, setStatus } from '../../../src/lib/storage/spans';
import { useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/**
 * A layer whose every span was undone (or deleted), never marked done, is no work: its summary row
 * stays "to do" with no spans, and the Review must not pair it as a layer that labelled nothing.
 */
const { open, span, review: startReview } = useTwoDocuments('review-undone-layer');

describe('a layer emptied again (its spans undone), not marked done', () => {
  it('is not paired, and counts in no figure; once marked done it is a layer of no spans', async () => {
    const database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await setStatus(database, 'd1', 'ann', 'done', 1);
    // bea labels, then takes it back (Ctrl+Z deletes the span; her summary row stays, with no span).
    const taken = await span('bea', 'd1', 'Putin', 'denial');
    await deleteSpans(database, [taken.id], 2);
    expect(await database.statuses.get(['bea', 'd1'])).toMatchObject({ status: 'todo', spanCount: 0 });
    const review = await startReview({ now: 3 });
    await until(() => review.figures.pairCounts !== null && review.entries.length === 1);
    // Listed as ann's alone (she marked it done), not as a pair with an empty layer of bea's.
    expect(review.entries.map((entry) => [entry.document.id, entry.alone])).toEqual([['d1', 'ann']]);
    expect(review.figures.paired).toEqual([]);
    // bea marks it done with nothing labelled: now a pair, her layer all "no label".
    await setStatus(database, 'd1', 'bea', 'done', 4);
    await until(() => review.figures.paired.length === 1);
    expect(review.entries[0].alone).toBeNull();
  });
});
