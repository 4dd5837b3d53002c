import { afterEach, describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR, type Document } from '../../../src/lib/model/types';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { createSpan } from '../../../src/lib/storage/spans';
import { Review } from '../../../src/lib/state/review.svelte';
import { Store } from '../../../src/lib/storage/store';
import { until } from '../../support/workbench';

const TEXT = 'Kim 🙂 met Putin in Vladivostok.';
const at = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;
const document: Document = {
  id: 'd',
  title: 'D',
  text: TEXT,
  source: 's',
  meta: {},
  order: 0,
  created: 0,
  fingerprint: textFingerprint(TEXT),
};
let database: SpanwrightDatabase;
let review: Review;
afterEach(async () => {
  review.stop();
  await database.delete();
});

async function setUp() {
  database = new SpanwrightDatabase(`review-${Math.random()}`);
  await database.documents.add(document);
  const span = (annotator: string, needle: string, label: string) =>
    createSpan(database, {
      documentId: 'd',
      annotator,
      start: at(needle),
      end: at(needle) + [...needle].length,
      label,
      text: needle,
    });
  await span('ann', 'Kim', 'claim');
  await span('bea', 'Kim', 'claim');
  await span('ann', 'Putin', 'claim');
  await span('bea', 'Putin', 'denial');
  await span('ann', 'Vladivostok', 'visit');
  review = new Review(new Store(database), () => [document]);
  await review.start();
  await until(() => review.differences.length === 3 && review.paired.length === 1);
}

const gold = async () =>
  (await database.spans.where('annotator').equals(GOLD_ANNOTATOR).toArray())
    .map((span) => `${span.label}:${span.text}`)
    .sort();

describe('Review', () => {
  it('compares the pair and stores each decision in the gold layer, writing only what changes', async () => {
    await setUp();
    expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
    expect(review.agreement.f1).toBeCloseTo(2 / 5);
    const [match, label, onlyA] = ['match', 'label', 'onlyA'].map((kind) =>
      review.differences.find((difference) => difference.kind === kind)!,
    );

    await review.decide(match, 'b'); // either version of an agreement is the same span
    await review.decide(match, 'a');
    expect(await gold()).toEqual(['claim:Kim']);
    await review.decide(label, 'a');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    await review.decide(label, 'b');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    await review.decide(label, 'both');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
    const entry = () => review.entries.find((candidate) => candidate.document.id === review.current?.id)!;
    // Two disagreements (label, only A): the label one is decided by now, only A is not.
    await until(() => entry().toDecide === 1);
    expect(entry().disagreements).toBe(2);
    await review.decide(label, 'neither');
    expect(await gold()).toEqual(['claim:Kim']);
    // "Neither" is a decision too: shown as one, counted as one, and kept across a reload.
    await until(() => review.decision(label).neither);
    expect(review.decision(label)).toEqual({ a: false, b: false, neither: true });
    expect(entry().toDecide).toBe(1);
    await review.decide(onlyA, 'a');
    await until(() => review.goldSpans.length === 2);
    expect(review.decision(onlyA)).toEqual({ a: true, b: false, neither: false });
    await until(() => entry().toDecide === 0);
    const again = new Review(new Store(database), () => [document]);
    await again.start();
    await until(() => again.entries.length > 0 && again.entries[0].toDecide === 0);
    again.stop();
    expect(await gold()).toEqual(['claim:Kim', 'visit:Vladivostok']);
    // Changing one's mind takes the rejection back.
    await review.decide(label, 'a');
    await until(() => !review.decision(label).neither && review.decision(label).a);
    // The gold layer's quoted text comes from the document at code point offsets.
    expect(
      (await database.spans.where('annotator').equals(GOLD_ANNOTATOR).toArray()).every(
        (span) => [...TEXT].slice(span.start, span.end).join('') === span.text,
      ),
    ).toBe(true);
  });

  it('accepts every agreement at once, and remembers the chosen pair', async () => {
    await setUp();
    expect(await review.acceptMatches()).toBe(1);
    expect(await gold()).toEqual(['claim:Kim']);
    await review.choose('a', 'bea');
    await review.choose('b', 'ann');
    const again = new Review(new Store(database), () => [document]);
    await again.start();
    expect([again.annotatorA, again.annotatorB]).toEqual(['bea', 'ann']);
    again.stop();
  });
});
