import { afterEach, describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import { Review } from '../../../src/lib/state/review.svelte';
import { contestingLabels, heldBy, outdatedLabels } from '../../../src/lib/state/reviewDecisions';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { relabelSpan } from '../../../src/lib/storage/spans';
import { Store } from '../../../src/lib/storage/store';
import { until } from '../../support/workbench';
import { reviewDocument, spanOn } from '../../support/reviewDocument';

const document = reviewDocument;
let database: SpanwrightDatabase;
let review: Review;
/** What the review said in the status line. */
const told: string[] = [];
afterEach(async () => {
  review.stop();
  await database.delete();
});

const span = (annotator: string, needle: string, label: string) => spanOn(database, annotator, needle, label);
const gold = async () =>
  (await database.spans.where('annotator').equals(GOLD_ANNOTATOR).toArray())
    .map((one) => `${one.label}:${one.text}`)
    .sort();
const find = (kind: string) => review.differences.find((difference) => difference.kind === kind)!;

/** ann and cy mark Putin a claim, bea a denial; only ann marked Vladivostok. */
async function threeWay() {
  const putin = await span('ann', 'Putin', 'claim');
  await span('bea', 'Putin', 'denial');
  await span('cy', 'Putin', 'claim');
  await span('ann', 'Vladivostok', 'visit');
  return putin;
}

/** The review of ann and bea over the spans `spans` stores (by default {@link threeWay}'s). */
async function setUp<T>(spans: () => Promise<T> = threeWay as () => Promise<T>, differences = 2): Promise<T> {
  database = new SpanwrightDatabase(`contested-${Math.random()}`);
  await database.documents.add(document);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  const made = await spans();
  review = new Review({
    notify: (text) => told.push(text),
    store: new Store(database),
    documents: () => [document],
    reviewer: () => 'rev',
    now: () => 1_750_000_000_000,
  });
  await review.start();
  await until(() => review.annotatorB === 'bea' && review.differences.length === differences);
  return made;
}

describe('Review, a pair changed after decisions', () => {
  it('compares the new pair only, and leaves the agreement over a label gold holds otherwise to the reviewer', async () => {
    await setUp();
    await review.decide(find('label'), 'b'); // Putin: bea's denial, over ann's claim
    expect(await gold()).toEqual(['denial:Putin']);

    // B is now cy, who agrees with ann: bea leaves the compared set (she was in it as B, not ticked).
    await review.choose('b', 'cy');
    await until(() => review.annotatorB === 'cy' && find('match') !== undefined);
    expect(review.set).toEqual(['ann', 'cy']);
    // The agreement on Putin does not go in along with the next decision: gold holds denial there.
    await until(() => review.entries[0]?.toDecide === 2);
    await review.decide(find('onlyA'), 'a');
    expect(await gold()).toEqual(['denial:Putin', 'visit:Vladivostok']);
    expect(review.entries[0].toDecide).toBe(1);
    // Accepting every agreement leaves it too, and says why: it is decided row by row.
    await review.acceptAgreements();
    expect(await gold()).toEqual(['denial:Putin', 'visit:Vladivostok']);
    expect(told.at(-1)).toBe(
      'Nothing accepted: the agreement left here is over text gold holds with another label. Decide on its row: A keeps it in that label’s place, X leaves it out.',
    );
    // Kept, the agreement replaces the other label, in one undoable step.
    await review.decide(find('match'), 'a');
    expect(await gold()).toEqual(['claim:Putin', 'visit:Vladivostok']);
    await review.undo();
    expect(await gold()).toEqual(['denial:Putin', 'visit:Vladivostok']);
    await review.redo();
    expect(await gold()).toEqual(['claim:Putin', 'visit:Vladivostok']);
  });

  it('with agreements left to the reviewer, keeping one replaces the label its own annotator has since given up', async () => {
    const putin = await setUp(threeWay);
    await review.setAutoAgreements(false);
    await review.decide(find('label'), 'a'); // Putin: ann's claim, over bea's denial
    expect(await gold()).toEqual(['claim:Putin']);
    await relabelSpan(database, putin.id, 'denial');
    await until(() => find('match') !== undefined && review.goldSpans.length === 1);
    await review.decide(find('match'), 'a');
    expect(await gold()).toEqual(['denial:Putin']);
  });

  it('keeps two labels both annotators gave the same text side by side: neither agreement contests the other', async () => {
    await setUp(async () => {
      for (const annotator of ['ann', 'bea'])
        for (const label of ['claim', 'denial']) await span(annotator, 'Putin', label);
    });
    await review.setAutoAgreements(false);
    const agreement = (label: string) => review.differences.find((one) => one.a?.span.label === label)!;
    await review.decide(agreement('claim'), 'a');
    await until(() => review.goldSpans.length === 1); // the review reads gold's claim before the next key
    await review.decide(agreement('denial'), 'a');
    expect(await gold()).toEqual(['claim:Putin', 'denial:Putin']);
    await until(() => review.entries[0]?.toDecide === 0);
  });

  it('leaves a label one of the agreeing annotators also gave: the same key again on the agreement keeps it', async () => {
    await setUp(async () => {
      await span('ann', 'Putin', 'claim');
      await span('ann', 'Putin', 'denial');
      await span('bea', 'Putin', 'claim');
    });
    await review.decide(find('onlyA'), 'a'); // ann's denial, and the agreement on claim along with it
    expect(await gold()).toEqual(['claim:Putin', 'denial:Putin']);
    await review.decide(find('match'), 'a');
    expect(await gold()).toEqual(['claim:Putin', 'denial:Putin']);
    expect(review.entries[0].toDecide).toBe(0);
  });

  it('still lets an agreement replace a kept label its own annotator has since given up', async () => {
    const putin = await setUp(threeWay);
    await review.decide(find('label'), 'a'); // Putin: ann's claim, over bea's denial
    expect(await gold()).toEqual(['claim:Putin']);
    // ann relabels Putin a denial, and now agrees with bea: the agreement goes in along with the next decision.
    await relabelSpan(database, putin.id, 'denial');
    await until(() => find('match') !== undefined);
    expect(review.entries[0].toDecide).toBe(1);
    // Its row says so before (helper-144: it looked like any agreement until the next decision took gold's claim out).
    const held = heldBy(review.differences);
    expect(outdatedLabels(find('match'), review.goldSpans, held)).toEqual(['claim']);
    expect(contestingLabels(find('match'), review.goldSpans, held)).toEqual([]);
    await review.decide(find('onlyA'), 'a');
    expect(await gold()).toEqual(['denial:Putin', 'visit:Vladivostok']);
  });
});
