import { describe, expect, it } from 'vitest';
import { Review } from '../../../src/lib/state/review.svelte';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { deleteSpans, setStatus } from '../../../src/lib/storage/spans';
import { useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/**
 * A document only one of A and B worked on, and marked done, is listed on the Review page (as
 * INCEpTION's curation lists it): each of their spans is a difference of its own, so gold can be
 * made of one annotator's work. It is no pair: no figure counts it.
 */
const { open, span, review } = useTwoDocuments('alone');
let database: SpanwrightDatabase;

async function setUp() {
  database = await open();
  await span('ann', 'd1', 'Kim', 'claim');
  await span('bea', 'd1', 'Kim', 'claim');
  await span('ann', 'd2', 'Lavrov', 'denial');
  await span('ann', 'd2', 'Pyongyang', 'visit');
  return review();
}

const listed = (review: Review) => review.entries.map((entry) => [entry.document.id, entry.alone]);

describe('a document one of the compared annotators worked on alone', () => {
  it('is listed once they marked it done, its spans each a difference to decide into gold, and counted in no figure', async () => {
    const review = await setUp();
    // (The figures and the list follow different reads: each is waited for.)
    await until(() => review.figures.pairCounts !== null && review.entries.length > 0);
    // Labelled by ann alone but not marked done (bea may still come to it): not listed.
    expect(listed(review)).toEqual([['d1', null]]);
    await setStatus(database, 'd2', 'ann', 'done', 2);
    await until(() => review.entries.length === 2);
    expect(listed(review)).toEqual([
      ['d1', null],
      ['d2', 'ann'],
    ]);
    expect(review.entries[1].alongside).toEqual([]);
    expect(review.figures.paired.map((document) => document.id)).toEqual(['d1']);
    review.open('d2');
    await until(() => review.current?.id === 'd2' && review.differences.length === 2);
    expect(review.differences.map((difference) => difference.kind)).toEqual(['onlyA', 'onlyA']);
    expect(review.entries[1].toDecide).toBe(2);
    await review.decide(review.differences[0], 'a');
    await until(() => review.goldSpans.length === 1);
    expect(review.goldSpans[0]).toMatchObject({ text: 'Lavrov', label: 'denial' });
    await until(() => review.entries[1].toDecide === 1);
    // Once bea works on it too, it is a pair like any other.
    await span('bea', 'd2', 'Lavrov', 'denial');
    await until(() => review.entries[1]?.alone === null && review.figures.paired.length === 2);
  });

  it('keeps a document gold decided on listed once one of A and B took their last span out, with its gold in reach (helper-206)', async () => {
    database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await span('bea', 'd1', 'Kim', 'denial');
    await span('ann', 'd2', 'Lavrov', 'denial');
    const shown = await review();
    await until(() => shown.current?.id === 'd1' && shown.differences.length === 1);
    await shown.decide(shown.differences[0], 'b');
    await until(() => shown.goldSpans.length === 1);
    // bea takes her only span out (no status either): she has not worked on d1 any more.
    const [bea] = (await database.spans.where('annotator').equals('bea').toArray()).filter(
      (one) => one.documentId === 'd1',
    );
    await deleteSpans(database, [bea.id]);
    await until(() => shown.entries[0]?.alone === 'ann');
    expect(shown.entries.map((entry) => [entry.document.id, entry.alone, entry.aloneDone])).toEqual([
      ['d1', 'ann', false],
    ]);
    expect(shown.entries[0].goneFromGold).toBe(1);
    expect(shown.goldSpans.map((gold) => gold.text)).toEqual(['Kim']);
    // Without a decision there, a document labelled by one of them alone and not marked done stays off the list.
    expect(shown.entries.some((entry) => entry.document.id === 'd2')).toBe(false);
  });

  it('keeps it listed too when the one who took their work out had their version passed over (the rejected layer)', async () => {
    database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await span('bea', 'd1', 'Kim', 'denial');
    const shown = await review();
    await until(() => shown.current?.id === 'd1' && shown.differences.length === 1);
    await shown.decide(shown.differences[0], 'b');
    await until(() => shown.goldSpans.length === 1);
    // ann's claim was passed over for bea's denial; ann then takes it out.
    const [ann] = await database.spans.where('annotator').equals('ann').toArray();
    await deleteSpans(database, [ann.id]);
    await until(() => shown.entries[0]?.alone === 'bea');
    expect(shown.entries.map((entry) => [entry.document.id, entry.alone, entry.goneFromGold])).toEqual([
      ['d1', 'bea', 0],
    ]);
    // A pair with someone who never worked on it: not listed, the decisions being on others' work (cai may still come).
    await span('cai', 'd2', 'Lavrov', 'denial');
    await until(() => shown.annotators.includes('cai'));
    await shown.choose('b', 'cai');
    await shown.choose('a', 'bea');
    await until(() => shown.annotatorA === 'bea' && shown.annotatorB === 'cai' && shown.loaded);
    expect(shown.entries).toEqual([]);
  });

  it('counts the one who has not worked on it in no majority: 2 of the 3 who did is one', async () => {
    const review = await setUp();
    await span('cai', 'd2', 'Lavrov', 'denial');
    await span('dan', 'd2', 'Lavrov', 'claim');
    await until(() => review.annotators.includes('dan'));
    await review.toggleInSet('cai');
    await review.toggleInSet('dan');
    await setStatus(database, 'd2', 'ann', 'done', 2);
    await until(() => review.entries.length === 2 && review.set.length === 4);
    review.open('d2');
    // Who worked on it is read apart from the spans: both are waited for.
    await until(() => review.current?.id === 'd2' && review.differences.length === 3 && review.setHere.length === 3);
    expect(review.setHere).toEqual(['ann', 'cai', 'dan']);
    const lavrov = review.differences.find((difference) => difference.a?.span.label === 'denial');
    expect(lavrov?.a?.annotators).toEqual(['ann', 'cai']);
    expect(lavrov?.majority).toMatchObject({ label: 'denial' });
    // Only ann of A and B worked on it, cai and dan of the set too: the list says so (helper-171).
    expect(review.entries.map((entry) => [entry.document.id, entry.alone, entry.alongside])).toEqual([
      ['d1', null, []],
      ['d2', 'ann', ['cai', 'dan']],
    ]);
  });

  it('with one annotator in the project, lists what they marked done for gold, each span a difference', async () => {
    database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await span('ann', 'd2', 'Lavrov', 'denial');
    await setStatus(database, 'd2', 'ann', 'done', 2);
    const solo = await review();
    // (The helper chose bea as B, who has no layer: the choice is made again from who is there.)
    await until(() => solo.annotators.length === 1 && solo.annotatorB === '' && solo.entries.length === 1);
    expect([solo.annotatorA, solo.annotatorB]).toEqual(['ann', '']);
    expect(listed(solo)).toEqual([['d2', 'ann']]);
    await until(() => solo.current?.id === 'd2' && solo.differences.length === 1);
    expect(solo.differences[0]).toMatchObject({ kind: 'onlyA', a: { span: { label: 'denial' } } });
    await solo.decide(solo.differences[0], 'a');
    await until(() => solo.goldSpans.length === 1 && solo.entries[0].toDecide === 0);
    expect(solo.goldSpans[0]).toMatchObject({ text: 'Lavrov', label: 'denial' });
    expect(solo.figures.paired).toEqual([]);
  });

  it('says a deciding key has nothing to decide on a document both marked done without a span', async () => {
    database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await span('bea', 'd1', 'Kim', 'claim');
    await setStatus(database, 'd2', 'ann', 'done', 2);
    await setStatus(database, 'd2', 'bea', 'done', 2);
    const told: string[] = [];
    const both = await review({ notify: (text) => told.push(text) });
    await until(() => both.entries.length === 2);
    both.open('d2');
    await until(() => both.current?.id === 'd2' && both.differences.length === 0);
    await both.decideFocused('b');
    expect(told.at(-1)).toBe('Nothing to decide here: the compared layers have no difference in this document.');
    expect(both.goldSpans).toEqual([]);
  });
});
