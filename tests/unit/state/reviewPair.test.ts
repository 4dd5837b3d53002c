import { afterEach, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { Review } from '../../../src/lib/state/review.svelte';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { readSetting } from '../../../src/lib/storage/settings';
import { Store } from '../../../src/lib/storage/store';
import { reviewDocument as document, spanOn } from '../../support/reviewDocument';
import { until } from '../../support/workbench';

/**
 * The pair a review makes when none is chosen is the busiest one, read from storage (helper-185); while that
 * read is under way, another tab may choose, or this review may stop (helper-186).
 */
let database: SpanwrightDatabase;
afterEach(async () => database.delete());

type Choice = { a: string; b: string } | null;
const storedChoice = () => readSetting<Choice>(database, 'review', null);

/** ann and bea both worked on the document, cy too; the busiest pair is held until `release()`. */
async function reviewWithHeldPair() {
  database = new SpanwrightDatabase(`review-pair-${Math.random()}`);
  await database.documents.add(document);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await spanOn(database, 'ann', 'Kim', 'claim');
  await spanOn(database, 'bea', 'Kim', 'claim');
  await spanOn(database, 'cy', 'Putin', 'claim');
  const store = new Store(database);
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = 0;
  const busiestPair = store.busiestPair;
  store.busiestPair = async (names) => {
    asked += 1;
    const pair = await busiestPair(names);
    await held;
    return pair;
  };
  const review = new Review({
    store,
    documents: () => [document],
    reviewer: () => 'rev',
    now: () => 1,
    notify: () => {},
  });
  await review.start();
  await until(() => asked > 0);
  return { review, release };
}

/** Lets the held pair's write happen, if it is to happen at all. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

it('keeps a pair another tab chose while the busiest pair was being read, and shows it', async () => {
  const { review, release } = await reviewWithHeldPair();
  await new Store(database).writeSetting('review', { a: 'cy', b: 'bea', set: ['cy', 'bea'], autoAgreements: true });
  release();
  await settle();
  expect(await storedChoice()).toMatchObject({ a: 'cy', b: 'bea' });
  await until(() => review.annotatorA === 'cy' && review.annotatorB === 'bea');
  review.stop();
});

it('writes no pair once the review has stopped', async () => {
  const { review, release } = await reviewWithHeldPair();
  review.stop();
  release();
  await settle();
  expect(await storedChoice()).toBeNull();
  expect([review.annotatorA, review.annotatorB]).toEqual(['', '']);
});

it('makes the pair once the read comes back, with no one else choosing', async () => {
  const { review, release } = await reviewWithHeldPair();
  release();
  await until(() => review.annotatorB !== '');
  expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
  expect(await storedChoice()).toMatchObject({ a: 'ann', b: 'bea' });
  review.stop();
});
