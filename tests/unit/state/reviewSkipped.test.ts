import { describe, expect, it } from 'vitest';
import { Overview } from '../../../src/lib/state/overview.svelte';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { setStatus } from '../../../src/lib/storage/spans';
import { Store } from '../../../src/lib/storage/store';
import { documents, useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/**
 * A document an annotator skipped is no example for them, not a document they found nothing in:
 * it is not paired on the Review page, and no figure counts their empty layer there.
 */
const { stops, open, span, review: startReview } = useTwoDocuments('skipped');
let database: SpanwrightDatabase;

async function setUp(beaSkipsD2: boolean) {
  database = await open();
  await span('ann', 'd1', 'Kim', 'claim');
  await span('bea', 'd1', 'Kim', 'claim');
  await span('ann', 'd1', 'Putin', 'visit');
  await span('ann', 'd2', 'Lavrov', 'denial');
  await span('ann', 'd2', 'Pyongyang', 'visit');
  await setStatus(database, 'd2', 'bea', beaSkipsD2 ? 'skipped' : 'done', 1);
  const store = new Store(database);
  const review = await startReview({ store });
  const overview = new Overview({
    store,
    documents: () => documents,
    labels: () => [],
    annotator: () => 'ann',
    onError: (error) => {
      throw error;
    },
  });
  stops.push(() => overview.stop());
  overview.start();
  return { review, overview };
}

describe('a document one annotator skipped', () => {
  it('is left out of the pair on the Review page and of every figure', async () => {
    const { review } = await setUp(true);
    await until(() => review.figures.pairCounts !== null && review.figures.paired.length > 0);
    expect(review.figures.paired.map((document) => document.id)).toEqual(['d1']);
    expect(review.figures.pairCounts?.documents).toBe(1);
    // ann's spans on d2 are no disagreement with bea: on d1 the two share Kim, and only Putin differs.
    expect(review.figures.pairCounts?.spans).toMatchObject({ spansA: 2, spansB: 1, exactMatches: 1 });
  });

  it('is left out of the Overview’s agreement per label', async () => {
    const { overview } = await setUp(true);
    await until(() => overview.agreement.length > 0);
    // Only d1 counts: ann's denial and her visit on d2 are no disagreement with bea.
    expect(overview.agreement.map((row) => row.label).sort()).toEqual(['claim', 'visit']);
  });

  it('counts as worked on when marked done with nothing in it (a negative example)', async () => {
    const { review } = await setUp(false);
    await until(() => review.figures.paired.length === 2);
    expect(review.figures.pairCounts?.documents).toBe(2);
  });
});
