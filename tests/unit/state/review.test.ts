import { afterEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/editor/viewer';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Document, type Span } from '../../../src/lib/model/types';
import { Review, REVIEW_LOCKED } from '../../../src/lib/state/review.svelte';
import { isDecided } from '../../../src/lib/state/decisionState';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { createSpan, deleteSpans, relabelSpan, setStatus } from '../../../src/lib/storage/spans';
import { Store } from '../../../src/lib/storage/store';
import { until } from '../../support/workbench';
import { at, DRAWN, reviewDocument, spanOn, TEXT } from '../../support/reviewDocument';

const document = reviewDocument;
const NOW = 1_750_000_000_000;
let database: SpanwrightDatabase;
let review: Review;
const reviews: Review[] = [];
afterEach(async () => {
  for (const open of reviews.splice(0)) open.stop();
  await database.delete();
});

/** How far the reviews' clock has moved on from NOW (a test that needs time to pass moves it; reset after each). */
const clock = { later: 0 };
afterEach(() => void (clock.later = 0));

/** What the review said in the status line. */
const told: string[] = [];

function newReview(
  keyName?: (key: string) => string,
  labels?: () => string[],
  documents: () => Document[] = () => [document],
): Review {
  const created = new Review({
    labels,
    store: new Store(database),
    documents,
    reviewer: () => 'rev',
    now: () => NOW + clock.later,
    notify: (text) => told.push(text),
    keyName,
  });
  reviews.push(created);
  return created;
}

const span = (annotator: string, needle: string, label: string) => spanOn(database, annotator, needle, label);

/** ann and bea agree on Kim, differ on Putin's label; only ann marked Vladivostok. */
async function setUp(extra: () => Promise<unknown> = async () => undefined, differences = 3) {
  database = new SpanwrightDatabase(`review-${Math.random()}`);
  await database.documents.add(document);
  // The label set, as the app seeds it: a span is stored only under a label the set holds.
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await span('ann', 'Kim', 'claim');
  await span('bea', 'Kim', 'claim');
  await span('ann', 'Putin', 'claim');
  await span('bea', 'Putin', 'denial');
  await span('ann', 'Vladivostok', 'visit');
  await extra();
  review = newReview();
  await review.start();
  await until(() => review.differences.length === differences && review.figures.paired.length === 1);
}

/**
 * Another tab decides the label difference (Putin) as `keep`, while this tab's page still shows it undecided
 * (its view stopped, as one lagging behind).
 */
async function anotherTabDecides(keep: 'a' | 'b') {
  const other = newReview();
  await other.start();
  await until(() => other.differences.length === 3);
  review.stop();
  await other.decide(
    other.differences.find((difference) => difference.kind === 'label')!,
    keep,
  );
}

/** Set up, every difference decided (Putin as A's, ann's Vladivostok as `onlyA`), and the gold marked done. */
async function decidedAndDone(onlyA: 'a' | 'neither') {
  await setUp();
  await review.decide(find('label'), 'a');
  await review.decide(find('onlyA'), onlyA);
  await until(() => entry().toDecide === 0);
  await review.goldDone.mark();
  await until(() => entry().goldDone);
}

const layer = async (annotator: string): Promise<Span[]> =>
  (await database.spans.where('annotator').equals(annotator).toArray()).sort((x, y) => x.start - y.start);
const gold = async () => (await layer(GOLD_ANNOTATOR)).map((one) => `${one.label}:${one.text}`).sort();
const kinds = () => review.differences.map((difference) => difference.kind);
const find = (kind: string) => review.differences.find((difference) => difference.kind === kind)!;
const entry = () => review.entries[0];

describe('Review of two annotators', () => {
  it('lists the differences in reading order and counts those the reviewer has to decide (not the agreements)', async () => {
    await setUp();
    expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
    expect(kinds()).toEqual(['match', 'label', 'onlyA']);
    // The agreement goes into gold by itself: what is left to decide is the label and the span only ann has.
    expect(entry().toDecide).toBe(2);
    expect(entry().disagreements).toBe(2);
    expect(review.figures.agreement.f1).toBeCloseTo(2 / 5);
    // Tokens: Kim, 🙂, met, Putin, in, Vladivostok, "." – the set disputes Putin and Vladivostok.
    expect(entry().disagreement).toBeCloseTo(2 / 7);
  });

  it('puts the agreements into gold with the first decision, records where each span came from, and moves on', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    const spans = await layer(GOLD_ANNOTATOR);
    expect(
      spans.map((one) => [
        one.label,
        one.text,
        one.origin?.kind,
        one.origin?.annotators,
        one.origin?.by,
        one.origin?.at,
      ]),
    ).toEqual([
      ['claim', 'Kim', 'agreed', ['ann', 'bea'], 'rev', NOW],
      ['claim', 'Putin', 'a', ['ann'], 'rev', NOW],
    ]);
    await until(() => entry().toDecide === 1);
    // The focus skipped to the one difference left undecided.
    expect(review.focused?.kind).toBe('onlyA');
  });

  it('lets an agreement replace a version decided earlier that no one holds any more, never two labels on one text', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    // ann relabels her Putin as bea has it: the two now agree on denial, and claim is no one's.
    const annPutin = (await layer('ann')).find((one) => one.text === 'Putin')!;
    await relabelSpan(database, annPutin.id, 'denial', NOW);
    await until(() => kinds().join() === 'match,match,onlyA');
    await review.decide(find('onlyA'), 'a');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin', 'visit:Vladivostok']);
    // Undo puts gold back as it was before that decision.
    await review.undo();
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
  });

  it('moves on past an agreement the decision just put into gold, to the next difference to decide', async () => {
    // ann and bea also agree on "in", between Putin's label and Vladivostok.
    await setUp(async () => {
      await span('ann', 'in', 'claim');
      await span('bea', 'in', 'claim');
    }, 4);
    expect(kinds()).toEqual(['match', 'label', 'match', 'onlyA']);
    review.focusOn(1);
    await review.decideFocused('a');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'claim:in']);
    // Not the agreement on "in", which that decision put into gold: a key pressed now must not undo it.
    expect(review.focused?.kind).toBe('onlyA');
  });

  it('goes round to the first difference still to decide when none is left after the one decided', async () => {
    await setUp();
    expect(kinds()).toEqual(['match', 'label', 'onlyA']);
    review.focusOn(2);
    await review.decideFocused('a');
    expect(review.focused?.kind).toBe('label');
  });

  it('refuses a key for a version the difference does not have, and leaves gold and the history as they were', async () => {
    await setUp();
    const onlyA = find('onlyA');
    await review.decide(onlyA, 'a');
    expect(await gold()).toEqual(['claim:Kim', 'visit:Vladivostok']);
    await until(() => review.decision(onlyA).a);
    const steps = review.history.canUndo;
    await review.decide(onlyA, 'b');
    expect(review.notice).toBe('Not decided on “Vladivostok”: B marked no span here; keep A’s (A) or neither (X).');
    expect(await gold()).toEqual(['claim:Kim', 'visit:Vladivostok']);
    // "Both" on a row only A marked is no decision either (it used to say "Neither" and keep A's).
    await review.decide(onlyA, 'both');
    expect(review.notice).toMatch(
      /^Not decided on “.+”: only A marked a span here; keep it \(A\) or neither \(X\)\.$/u,
    );
    expect(await gold()).toEqual(['claim:Kim', 'visit:Vladivostok']);
    expect((await layer(GOLD_ANNOTATOR)).map((span) => span.origin?.kind)).toEqual(['agreed', 'a']);
    expect(review.decision(onlyA).a).toBe(true);
    told.length = 0;
    await review.undo();
    expect(told).toEqual(['Undone: keep A’s for “Vladivostok”']);
    expect(await gold()).toEqual([]);
    expect(steps).toBe(true);
    await review.undo();
    expect(told.at(-1)).toBe('Nothing to undo in the review.');
  });

  it('keeps B, both, or neither; "neither" records the versions as rejected, and a later choice takes that back', async () => {
    await setUp();
    const label = find('label');
    await review.decide(label, 'b');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    await review.decide(label, 'both');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
    await review.decide(label, 'neither');
    expect(await gold()).toEqual(['claim:Kim']);
    expect((await layer(REJECTED_ANNOTATOR)).map((one) => `${one.label}:${one.text}`).sort()).toEqual([
      'claim:Putin',
      'denial:Putin',
    ]);
    await until(() => review.decision(label).neither);
    expect(entry().toDecide).toBe(1);
    await review.decide(label, 'a');
    // B's version is no longer refused outright: it is recorded as passed over for A's.
    expect((await layer(REJECTED_ANNOTATOR)).map((one) => [one.label, one.text, one.origin?.kind])).toEqual([
      ['denial', 'Putin', 'a'],
    ]);
    await until(() => review.decision(label).a && !review.decision(label).neither && !review.decision(label).passed);
    await review.decide(label, 'both');
    expect(await layer(REJECTED_ANNOTATOR)).toEqual([]);
  });

  it('undoes and redoes each decision as one step, agreements that came with it included', async () => {
    await setUp();
    await review.decide(find('label'), 'b');
    await review.decide(find('onlyA'), 'neither');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    const rejected = async () => (await layer(REJECTED_ANNOTATOR)).map((one) => `${one.text}:${one.origin?.kind}`);
    expect(await rejected()).toEqual(['Putin:b', 'Vladivostok:neither']);
    await review.undo();
    expect(await rejected()).toEqual(['Putin:b']);
    await review.undo();
    expect(await gold()).toEqual([]);
    expect(await rejected()).toEqual([]);
    expect(review.focused?.kind).toBe('label');
    await review.redo();
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    // The redo moves the focus on from its row, as the decision did: the next key does not redecide it.
    expect(review.focused?.kind).toBe('onlyA');
    await review.redo();
    expect(await rejected()).toEqual(['Putin:b', 'Vladivostok:neither']);
  });

  it('applies undo and redo pressed faster than a step is written, one by one (a held Ctrl+Z)', async () => {
    await setUp();
    await review.decide(find('label'), 'b');
    await review.decide(find('onlyA'), 'neither');
    told.length = 0;
    await Promise.all([review.undo(), review.undo(), review.undo()]);
    expect(await gold()).toEqual([]);
    expect(await layer(REJECTED_ANNOTATOR)).toEqual([]);
    expect(told).toEqual([
      expect.stringMatching(/^Undone: /u),
      expect.stringMatching(/^Undone: /u),
      'Nothing to undo in the review.',
    ]);
    await Promise.all([review.redo(), review.redo()]);
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    expect((await layer(REJECTED_ANNOTATOR)).map((one) => one.text)).toEqual(['Putin', 'Vladivostok']);
  });

  it('takes any span out of gold, for good (a later decision does not bring an agreement back), and undoes that', async () => {
    await setUp();
    await review.decide(find('label'), 'b');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    await until(() => review.goldSpans.length === 2);
    told.length = 0;
    // Take out the agreed "Kim" and B's "Putin".
    await review.goldEdits.remove(review.goldSpans.find((one) => one.text === 'Kim')!);
    await until(() => review.goldSpans.length === 1);
    await review.goldEdits.remove(review.goldSpans[0]);
    expect(told).toEqual(['Removed “Kim” claim from gold', 'Removed “Putin” denial from gold']);
    expect(await gold()).toEqual([]);
    // Putin's difference is to decide again; Kim stays out when the next decision comes.
    await until(() => !review.decision(find('label')).b);
    await review.decide(find('onlyA'), 'a');
    expect(await gold()).toEqual(['visit:Vladivostok']);
    await review.undo();
    await review.undo();
    expect(told.at(-1)).toBe('Undone: remove “Putin” denial from gold');
    expect(await gold()).toEqual(['denial:Putin']);
  });

  it('marks an agreement in gold once one who agreed took it out, and keeps it as the version of those who hold it (helper-209)', async () => {
    await setUp();
    await review.acceptAgreements();
    await until(() => review.goldSpans.some((one) => one.text === 'Kim'));
    const beaKim = (await layer('bea')).find((one) => one.text === 'Kim')!;
    await deleteSpans(database, [beaKim.id], NOW);
    await until(() => review.goneFromGold.size === 1);
    const kim = review.goldSpans.find((one) => one.text === 'Kim')!;
    expect(review.goneFromGold.get(kim.id)).toEqual(['bea']);
    expect(entry().goneFromGold).toBe(1);
    await review.goldEdits.keepGone(kim, review.goneFromGold.get(kim.id));
    await until(() => review.goneFromGold.size === 0);
    expect((await layer(GOLD_ANNOTATOR)).find((one) => one.text === 'Kim')?.origin).toMatchObject({
      kind: 'a',
      annotators: ['ann'],
      by: 'rev',
    });
    expect(told.at(-1)).toBe('Kept “Kim” claim in gold, which only ann holds now');
  });

  it('marks a gold span its annotator removed after the decision, and keeps it on demand (helper-149)', async () => {
    await setUp();
    await review.decide(find('onlyA'), 'a');
    await until(() => review.goldSpans.some((one) => one.text === 'Vladivostok'));
    expect(review.goneFromGold.size).toBe(0);
    // ann takes her span out: gold still holds it, with no difference row left to say so.
    const annCity = (await layer('ann')).find((one) => one.text === 'Vladivostok')!;
    await deleteSpans(database, [annCity.id], NOW);
    await until(() => review.goneFromGold.size === 1);
    const city = review.goldSpans.find((one) => one.text === 'Vladivostok')!;
    expect(review.goneFromGold.get(city.id)).toEqual(['ann']);
    expect(entry().goneFromGold).toBe(1);
    // Kept: no longer marked, a decision of its own with no annotator behind it (not an edit, which would
    // settle the differences it overlaps); undone, marked again.
    await review.goldEdits.keepGone(city);
    await until(() => review.goneFromGold.size === 0);
    expect((await layer(GOLD_ANNOTATOR)).find((one) => one.text === 'Vladivostok')?.origin).toMatchObject({
      kind: 'a',
      annotators: [],
      by: 'rev',
    });
    expect(told.at(-1)).toBe('Kept “Vladivostok” visit in gold, which no annotator holds now');
    await review.undo();
    await until(() => review.goneFromGold.size === 1);
    expect(await gold()).toEqual(['claim:Kim', 'visit:Vladivostok']);
  });

  it('opens a decided difference again when a version drawn after its decision arrives, until decided again (helper-160)', async () => {
    await decidedAndDone('a');
    // bea's Vladivostok comes later (an import, a teammate), as claim: ann's visit in gold was chosen before it existed.
    // (Drawn on a device whose clock runs a minute ahead: deciding it again must still settle it.)
    await spanOn(database, 'bea', 'Vladivostok', 'claim', NOW + 60_000);
    await until(() => kinds().join() === 'match,label,label');
    const city = review.differences.find((difference) => difference.a?.span.label === 'visit')!;
    expect(review.decision(city)).toMatchObject({ a: true, news: true });
    expect(entry().toDecide).toBe(1);
    // Putin's versions were both there when it was decided: it stays decided.
    const putin = review.differences.find(
      (difference) => difference.a?.span.label === 'claim' && difference.kind === 'label',
    )!;
    expect(review.decision(putin)).toMatchObject({ a: true, news: false });
    // Decided again (A, as before), later: settled, with the decision's new time.
    clock.later = 2;
    await review.decide(city, 'a');
    await until(() => entry().toDecide === 0);
    expect(review.decision(city)).toMatchObject({ a: true, news: false });
  });

  it('relabels a gold span (an edit, its note kept), refuses a label gold holds there already, and undoes it', async () => {
    await setUp();
    review.note = 'A name, not a claim';
    await review.decide(find('label'), 'a');
    await until(() => review.goldSpans.length === 2);
    told.length = 0;
    const putin = () => review.goldSpans.find((one) => one.text === 'Putin')!;
    await review.goldEdits.relabel(putin(), 'visit');
    expect(
      (await layer(GOLD_ANNOTATOR)).map((one) => [one.text, one.label, one.origin?.kind, one.origin?.note]),
    ).toEqual([
      ['Kim', 'claim', 'agreed', undefined],
      ['Putin', 'visit', 'edited', 'A name, not a claim'],
    ]);
    expect(told).toEqual(['Relabelled in gold: “Putin” claim → visit']);
    // The difference stays decided (by the edit).
    await until(() => review.decision(find('label')).edited);
    // To the label it has already: no step, nothing said.
    await until(() => putin().label === 'visit');
    await review.goldEdits.relabel(putin(), 'visit');
    expect(told).toHaveLength(1);
    await review.undo();
    expect(told.at(-1)).toBe('Undone: relabel “Putin” claim → visit in gold');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
  });

  it('refuses to relabel a gold span onto a label gold holds at that place already', async () => {
    await setUp();
    await review.decide(find('label'), 'both');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
    await until(() => review.goldSpans.length === 3);
    const claim = review.goldSpans.find((one) => one.text === 'Putin' && one.label === 'claim')!;
    await review.goldEdits.relabel(claim, 'denial');
    expect(review.notice).toBe('Not changed: gold holds “Putin” as denial already.');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
  });

  it('scores each compared annotator against gold, on the documents whose gold is done', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'neither');
    // Gold: Kim and Putin as claim; not done yet, so no scores.
    expect(review.figures.againstGold).toEqual([]);
    await until(() => entry().toDecide === 0);
    expect(await review.goldDone.mark()).toEqual({ undecided: 0 });
    await until(() => review.figures.againstGold.length === 2);
    // ann marked 3 spans, 2 of them gold's (precision 2/3), and both of gold's (recall 1); bea 1 of 2 each way.
    const rows = review.figures.againstGold.map((row) => [
      row.a,
      row.b,
      row.documents,
      row.exact.precision,
      row.exact.recall,
      row.exact.f1,
    ]);
    expect(rows).toEqual([
      [GOLD_ANNOTATOR, 'ann', 1, 2 / 3, 1, 0.8],
      [GOLD_ANNOTATOR, 'bea', 1, 0.5, 0.5, 0.5],
    ]);
    // Per label: gold holds two claims; ann's claims are both gold's, her visit is not; bea's denial is not.
    const labels = review.figures.labelsAgainstGold.map((row) => [
      row.b,
      row.label,
      row.spansA,
      row.spansB,
      row.exact.precision,
      row.exact.recall,
    ]);
    expect(labels).toEqual([
      ['ann', 'claim', 2, 2, 1, 1],
      ['ann', 'visit', 0, 1, 0, null],
      ['bea', 'claim', 2, 1, 1, 0.5],
      ['bea', 'denial', 0, 1, 0, null],
    ]);
  });

  it('says when a decision changes the gold of a document marked done, which Ctrl+Z takes back', async () => {
    await decidedAndDone('neither');
    told.length = 0;
    await review.decide(find('label'), 'b');
    expect(told).toEqual([
      'Kept B’s “Putin” denial in gold; “Putin” claim, decided earlier, is out of gold now; this document’s gold was marked done already (Ctrl+Z takes the decision back)',
    ]);
    await review.history.undo();
    expect(await gold()).toContain('claim:Putin');
  });

  it('does not undo gold "done" another tab reopened and marked done again since: that done is the other tab’s', async () => {
    await decidedAndDone('neither');
    // Another tab reopens the document's gold, then marks it done again, later.
    await setStatus(database, document.id, GOLD_ANNOTATOR, 'todo', NOW + 500);
    await setStatus(database, document.id, GOLD_ANNOTATOR, 'done', NOW + 600);
    told.length = 0;
    await review.undo();
    expect(told.at(-1)).toMatch(/^Nothing to undo .*: the status was changed meanwhile/u);
    expect(await database.statuses.get([GOLD_ANNOTATOR, document.id])).toMatchObject({
      status: 'done',
      finished: NOW + 600,
    });
  });

  it('says each decision in the status line, as undo and redo are said', async () => {
    await setUp();
    told.length = 0;
    await review.decide(find('label'), 'a');
    await review.decide(find('label'), 'b');
    await review.decide(find('label'), 'both');
    await review.decide(find('label'), 'neither');
    await review.decide(find('onlyA'), 'a');
    expect(told).toEqual([
      'Kept A’s “Putin” claim in gold',
      // A changed mind is said: what the earlier decision had put into gold and this one takes out.
      'Kept B’s “Putin” denial in gold; “Putin” claim, decided earlier, is out of gold now',
      'Kept both in gold: A’s “Putin” claim and B’s “Putin” denial',
      'Neither: “Putin” left out of gold; “Putin” claim and “Putin” denial, decided earlier, are out of gold now',
      'Kept A’s “Vladivostok” visit in gold',
    ]);
  });

  it('quotes a text that holds quotation marks in ‘…’, not in a second pair of “…”', async () => {
    const quoted: Document = { ...reviewDocument, id: 'q', text: '“We have” said Kim.' };
    database = new SpanwrightDatabase(`review-${Math.random()}`);
    await database.documents.add(quoted);
    await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
    for (const [annotator, label] of [
      ['ann', 'claim'],
      ['bea', 'denial'],
    ])
      await createSpan(database, { documentId: 'q', annotator, start: 0, end: 9, label, text: '“We have”' }, DRAWN);
    review = newReview(undefined, undefined, () => [quoted]);
    await review.start();
    await until(() => review.differences.length === 1);
    told.length = 0;
    await review.decide(review.differences[0], 'a');
    await review.decide(review.differences[0], 'neither');
    expect(told).toEqual([
      'Kept A’s ‘“We have”’ claim in gold',
      'Neither: ‘“We have”’ left out of gold; ‘“We have”’ claim, decided earlier, is out of gold now',
    ]);
  });

  it('says when a decision puts a label the label set lacks into gold (one removed since, or an annotator’s own)', async () => {
    await setUp();
    let labels = DEFAULT_LABELS.map((label) => label.name).filter((name) => name !== 'visit');
    review.stop();
    review = newReview(undefined, () => labels);
    await review.start();
    await until(() => review.differences.length === 3);
    told.length = 0;
    await review.decide(find('onlyA'), 'a');
    await review.decide(find('label'), 'both');
    labels = labels.filter((name) => name !== 'denial');
    await review.decide(find('label'), 'b');
    expect(told).toEqual([
      'Kept A’s “Vladivostok” visit in gold; its label “visit” is not in the label set (Settings → Labels can add it)',
      'Kept both in gold: A’s “Putin” claim and B’s “Putin” denial',
      'Kept B’s “Putin” denial in gold; “Putin” claim, decided earlier, is out of gold now; its label “denial” is not in the label set (Settings → Labels can add it)',
    ]);
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin', 'visit:Vladivostok']);
  });

  it('starts on the first difference still to decide, after a reload too, and on the first row when none is', async () => {
    await setUp();
    // The agreement goes into gold by itself: the first to decide is Putin's label.
    expect(review.focused?.kind).toBe('label');
    await review.decide(find('label'), 'a');
    review = newReview();
    await review.start();
    await until(() => review.differences.length === 3 && review.decision(find('label')).a);
    expect(review.focused?.kind).toBe('onlyA');
    await review.decide(find('onlyA'), 'neither');
    await until(() => entry().toDecide === 0);
    review.open('d');
    expect(review.focusIndex).toBe(0);
  });

  it('opens on the first document whose gold is not done, not on one already finished', async () => {
    const second: Document = { ...document, id: 'e', title: 'E', order: 1 };
    await setUp(async () => {
      await database.documents.add(second);
      for (const annotator of ['ann', 'bea'])
        await createSpan(database, { documentId: 'e', annotator, start: 0, end: 3, label: 'claim', text: 'Kim' });
    });
    await setStatus(database, 'd', GOLD_ANNOTATOR, 'done', NOW);
    review.stop();
    review = newReview(undefined, undefined, () => [document, second]);
    await review.start();
    await until(() => review.entries.length === 2 && review.entries[0].goldDone);
    expect(review.current?.id).toBe('e');
    // Its gold marked done too, with none left to do: it stays open, not the finished first one.
    await review.goldDone.mark(true);
    await until(() => review.entries.every((entry) => entry.goldDone));
    expect(review.current?.id).toBe('e');
    // "d" was marked done with its differences undecided: done, but not decided, and said so.
    expect(told.at(-1)).toBe(
      'Gold of “E” marked done; every document listed here has its gold done, but 1 of them is still open: differences to decide, or gold its annotators have left (amber in the list)',
    );
    // D again: nothing is written (no step for Ctrl+Z), and the line says it was done before, not that D did it (trial).
    const lastStep = review.history.peek('undo');
    await review.goldDone.mark(true);
    expect(review.history.peek('undo')).toBe(lastStep);
    expect(told.at(-1)).toBe(
      'Gold of “E” was marked done already; every document listed here has its gold done, but 1 of them is still open: differences to decide, or gold its annotators have left (amber in the list)',
    );
  });

  it('keeps the focus on its row when a teammate decides it, or an annotator adds a span above it', async () => {
    await setUp();
    expect(review.focused?.kind).toBe('label');
    // Another tab (or a teammate through sync) decides the focused row: the focus stays on it, decided.
    const other = newReview();
    await other.start();
    await until(() => other.differences.length === 3 && other.figures.paired.length === 1);
    await other.decide(
      other.differences.find((difference) => difference.kind === 'label')!,
      'a',
    );
    await until(() => review.decision(find('label')).a);
    expect(review.quote(review.focused!)).toBe('Putin');
    // The reviewer moves to Vladivostok; ann marks "met", a new row above it: the focus stays on Vladivostok.
    review.focusOn(review.differences.indexOf(find('onlyA')));
    await span('ann', 'met', 'visit');
    await until(() => review.differences.length === 4);
    expect(review.quote(review.focused!)).toBe('Vladivostok');
    await review.decideFocused('neither');
    expect(await layer(REJECTED_ANNOTATOR)).toEqual([
      expect.objectContaining({ text: 'Putin', label: 'denial', origin: expect.objectContaining({ kind: 'a' }) }),
      expect.objectContaining({ text: 'Vladivostok', origin: expect.objectContaining({ kind: 'neither' }) }),
    ]);
  });

  it('focuses the row of the decision an undo takes back', async () => {
    await setUp();
    await review.decide(find('label'), 'b');
    await review.decide(find('onlyA'), 'neither');
    review.focusOn(0);
    await review.undo();
    expect(review.focused?.kind).toBe('onlyA');
    review.focusOn(0);
    await review.undo();
    expect(review.focused?.kind).toBe('label');
    expect(told.slice(-2)).toEqual(['Undone: keep neither for “Vladivostok”', 'Undone: keep B’s for “Putin”']);
  });

  it('opens the document of the decision that undo or redo takes back or puts again, whichever is shown', async () => {
    const second: Document = { ...document, id: 'e', title: 'E', order: 1 };
    await setUp(async () => {
      await database.documents.add(second);
      for (const annotator of ['ann', 'bea', 'cy'])
        await createSpan(database, { documentId: 'e', annotator, start: 0, end: 3, label: 'claim', text: 'Kim' });
    });
    review.stop();
    review = newReview(undefined, undefined, () => [document, second]);
    await review.start();
    await until(() => review.entries.length === 2 && review.current?.id === 'd');
    await review.acceptAgreements();
    review.open('e');
    await review.undo();
    expect(review.current?.id).toBe('d');
    expect(await gold()).toEqual([]);
    review.open('e');
    await review.redo();
    expect(review.current?.id).toBe('d');
    expect(told.at(-1)).toBe('Redone: accept the agreements');
    expect(await gold()).toEqual(['claim:Kim']);
    // A pair that leaves the document out of the list: the undo is done, and said to be elsewhere.
    await review.choose('b', 'cy');
    await until(() => review.entries.map((entry) => entry.document.id).join() === 'e');
    await review.undo();
    expect(told.at(-1)).toBe('Undone: accept the agreements, in a document this review does not list now');
    expect(await gold()).toEqual([]);
  });

  it('writes nothing, and records no step, for the same key pressed again on a difference decided so', async () => {
    await setUp();
    await review.decide(find('label'), 'b');
    await until(() => review.goldSpans.length === 2);
    const stored = await layer(GOLD_ANNOTATOR);
    await review.decide(find('label'), 'b');
    expect(told.at(-1)).toBe('Decided so already: keep B’s for “Putin”. Nothing changed.');
    // The focus moves on, as after a decision.
    expect(review.focused?.kind).toBe('onlyA');
    expect(await layer(GOLD_ANNOTATOR)).toEqual(stored);
    // A by mistake, then B at once, before A's write is done: B is what gold ends with, two steps to undo.
    void review.decide(find('label'), 'a');
    await review.decide(find('label'), 'b');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
    await review.undo();
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    await review.undo();
    await review.undo();
    expect(told.at(-1)).toBe('Undone: keep B’s for “Putin”');
    expect(await gold()).toEqual([]);
    // Another key, or the same with a new note, is a decision again.
    await review.decide(find('label'), 'b');
    await until(() => review.goldSpans.length === 2);
    await review.decide(find('label'), 'b', 'Denied in the second sentence');
    expect(told.at(-1)).not.toContain('Decided so already');
    await until(() => review.goldSpans.some((span) => span.origin?.note === 'Denied in the second sentence'));
    await review.decide(find('label'), 'a');
    await until(() => review.goldSpans.some((span) => span.label === 'claim' && span.text === 'Putin'));
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
  });

  it('writes the note with the decision', async () => {
    await setUp();
    review.note = 'Place names are visits only with a verb of travel';
    await review.decide(find('onlyA'), 'neither');
    expect((await layer(REJECTED_ANNOTATOR))[0].origin?.note).toBe('Place names are visits only with a verb of travel');
    expect(review.note).toBe('');
    // The agreement that went into gold along with that first decision carries no note: it was not about it.
    expect((await layer(GOLD_ANNOTATOR)).map((span) => [span.text, span.origin?.kind, span.origin?.note])).toEqual([
      ['Kim', 'agreed', undefined],
    ]);
    review.note = 'Putin is the one who denies';
    await review.decide(find('label'), 'b');
    expect((await layer(GOLD_ANNOTATOR)).map((span) => [span.text, span.origin?.note])).toEqual([
      ['Kim', undefined],
      ['Putin', 'Putin is the one who denies'],
    ]);
  });

  it('adds a span no annotator marked to gold (G), with the label chosen, never over a difference to decide', async () => {
    await setUp();
    review = newReview(undefined, () => DEFAULT_LABELS.map((label) => label.name));
    await review.start();
    await until(() => review.differences.length === 3);
    // The last occurrence: the "in" of "in Vladivostok", not the one in "Putin".
    let selected: string | null = 'met';
    const viewer = {
      selection: () =>
        selected === null
          ? null
          : { start: TEXT.lastIndexOf(selected), end: TEXT.lastIndexOf(selected) + selected.length },
      clearSelection: () => (selected = null),
      scrollToOffset: () => undefined,
    } as unknown as Viewer;
    review.attachViewer(viewer);
    const snap = (_text: string, start: number, end: number) => ({ start, end });
    // The label chosen beside Add to gold (the gold list sets the set's first there).
    review.goldEdits.chosenLabel = 'claim';
    review.note = 'Nobody saw the meeting';
    await review.goldEdits.add(snap);
    expect(selected).toBe(null);
    // Offsets in code points (after the emoji), the label chosen, the reviewer's own span with the note.
    const added = () =>
      layer(GOLD_ANNOTATOR).then((spans) =>
        spans.map((one) => [
          one.text,
          one.start,
          one.end,
          one.label,
          one.origin?.kind,
          one.origin?.annotators,
          one.origin?.note,
        ]),
      );
    expect(await added()).toEqual([['met', 6, 9, 'claim', 'added', [], 'Nobody saw the meeting']]);
    expect(told.at(-1)).toBe('Added “met” claim to gold');
    // The label chosen beside Add to gold; the differences are as open as before.
    review.goldEdits.chosenLabel = 'visit';
    selected = 'in';
    await review.goldEdits.add(snap);
    expect((await added()).map((one) => one.slice(0, 4))).toEqual([
      ['met', 6, 9, 'claim'],
      ['in', 16, 18, 'visit'],
    ]);
    expect(review.differences.filter((difference) => isDecided(review.decision(difference)))).toEqual([]);
    // Over a difference still to decide: refused, E named; the same span again: refused.
    selected = 'Putin';
    await review.goldEdits.add(snap);
    expect(review.notice).toBe(
      'Not added: “Putin” overlaps a difference still to decide (“Putin”). Decide it, or focus it and press E to put this text in gold in its place.',
    );
    selected = 'in';
    await review.goldEdits.add(snap);
    expect(review.notice).toBe('Not added: gold holds “in” as visit already.');
    selected = null;
    await review.goldEdits.add(snap);
    expect(review.notice).toBe('Select the text to add to gold, then press G (or Add to gold).');
    expect(await added()).toHaveLength(2);
    // Undone like any decision.
    await review.undo();
    expect((await added()).map((one) => one[0])).toEqual(['met']);
  });

  it('keeps a version, and who marked it, for E over exactly its span and label (helper-209: it was "edited")', async () => {
    await setUp();
    const index = TEXT.indexOf('Putin');
    const viewer = {
      selection: () => ({ start: index, end: index + 'Putin'.length }),
      clearSelection: () => undefined,
      scrollToOffset: () => undefined,
    } as unknown as Viewer;
    review.attachViewer(viewer);
    review.focusOn(review.differences.indexOf(find('label')));
    await review.editFocused((_text, start, end) => ({ start, end }));
    const putin = (await layer(GOLD_ANNOTATOR)).find((one) => one.text === 'Putin');
    expect(putin?.origin).toMatchObject({ kind: 'a', annotators: ['ann'] });
    await until(() => review.decision(find('label')).a);
  });

  it('replaces a difference by the span the reviewer selected (E)', async () => {
    await setUp();
    const index = TEXT.indexOf('met Putin');
    let cleared = false;
    const viewer = {
      selection: () => ({ start: index, end: index + 'met Putin'.length }),
      clearSelection: () => (cleared = true),
      scrollToOffset: () => undefined,
    } as unknown as Viewer;
    review.attachViewer(viewer);
    review.focusOn(1);
    // The note for the next decision goes with the edit, onto the span it puts in gold, and the field empties.
    review.note = ' Both halves of the phrase ';
    await review.editFocused((_text, start, end) => ({ start, end }));
    expect(cleared).toBe(true);
    expect(review.note).toBe('');
    const spans = await layer(GOLD_ANNOTATOR);
    expect(spans.map((one) => [one.label, one.text, one.origin?.kind, one.origin?.note])).toEqual([
      ['claim', 'Kim', 'agreed', undefined],
      ['claim', 'met Putin', 'edited', 'Both halves of the phrase'],
    ]);
    await until(() => review.decision(find('label')).edited);
    // Nothing selected: nothing written, and the page says what to do.
    review.attachViewer({ ...viewer, selection: () => null } as unknown as Viewer);
    await review.editFocused((_text, start, end) => ({ start, end }));
    expect(review.notice).toBe('Select the text gold should hold here, then press E.');
    // Said in the status line too, each time, the same words again included.
    told.length = 0;
    await review.editFocused((_text, start, end) => ({ start, end }));
    expect(told).toEqual(['Select the text gold should hold here, then press E.']);
    // With single-key shortcuts off (Settings → Keyboard), the key is named as it works.
    const alt = newReview((key) => `Alt+${key}`);
    await alt.start();
    await until(() => alt.differences.length === 3);
    alt.attachViewer({ ...viewer, selection: () => null } as unknown as Viewer);
    alt.focusOn(0);
    await alt.editFocused((_text, start, end) => ({ start, end }));
    expect(alt.notice).toBe('Select the text gold should hold here, then press Alt+E.');
    await alt.decide(
      alt.differences.find((difference) => difference.kind === 'onlyA')!,
      'b',
    );
    expect(alt.notice).toBe(
      'Not decided on “Vladivostok”: B marked no span here; keep A’s (Alt+A) or neither (Alt+X).',
    );
  });

  it('refuses E over text that shares nothing with the focused difference, writing nothing', async () => {
    await setUp();
    const index = TEXT.indexOf('Kim');
    review.attachViewer({
      selection: () => ({ start: index, end: index + 3 }),
      clearSelection: () => undefined,
      scrollToOffset: () => undefined,
    } as unknown as Viewer);
    // Vladivostok (only ann's) is focused; "Kim" lies elsewhere.
    review.focusOn(review.differences.indexOf(find('onlyA')));
    await review.editFocused((_text, start, end) => ({ start, end }));
    expect(review.notice).toBe(
      'Not edited: the selection shares no text with the focused difference (“Vladivostok”). Select text over it, or move to the difference the selection is on (J, K).',
    );
    expect(await layer(GOLD_ANNOTATOR)).toEqual([]);
    expect(review.decision(find('onlyA')).edited).toBe(false);
    // A document opened (N, P, a click, or D's next) leaves the refusal about this one behind.
    review.open('d');
    expect(review.notice).toBeNull();
  });

  it('labels the edited span (E) as the version it shares most text with', async () => {
    // ann: "Vladivostok" visit; bea: "Putin in Vladivostok" claim: one difference, two readings.
    await setUp(() => span('bea', 'Putin in Vladivostok', 'claim'));
    const selectAndEdit = async (words: string) => {
      const index = TEXT.indexOf(words);
      review.attachViewer({
        selection: () => ({ start: index, end: index + words.length }),
        clearSelection: () => undefined,
        scrollToOffset: () => undefined,
      } as unknown as Viewer);
      review.focusOn(review.differences.indexOf(find('labelBoundary')));
      await review.editFocused((_text, start, end) => ({ start, end }));
    };
    // "Putin in" lies within bea's claim only: claim, though ann's visit is the first version.
    await selectAndEdit('Putin in');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin in']);
    // "Vladivostok." shares 11 characters with each version: the first version's label, visit.
    await selectAndEdit('Vladivostok.');
    expect((await gold()).filter((entry) => entry.includes('Vladivostok'))).toEqual(['visit:Vladivostok.']);
  });

  it('leaves agreements out when the reviewer turns that off, and accepts them all on demand', async () => {
    await setUp();
    await review.setAutoAgreements(false);
    await review.decide(find('label'), 'a');
    expect(await gold()).toEqual(['claim:Putin']);
    await review.acceptAgreements();
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    // Again, with nothing left to accept: said, nothing written, no step for Ctrl+Z to take back.
    await until(() => review.goldSpans.length === 2);
    await review.acceptAgreements();
    expect(told.at(-1)).toBe('Nothing to accept into gold here: no agreement or majority is left undecided.');
    await review.undo();
    expect(told.at(-1)).toBe('Undone: accept the agreements');
    expect(await gold()).toEqual(['claim:Putin']);
  });

  it('refuses "gold done" while differences are undecided, unless asked again', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await until(() => entry().toDecide === 1);
    expect(await review.goldDone.mark()).toEqual({ undecided: 1 });
    expect(entry().goldDone).toBe(false);
    await review.goldDone.mark(true);
    await until(() => entry().goldDone);
    // Said in the status line, with what stays undecided.
    // No other document in review is left to open.
    expect(told.at(-1)).toBe(
      'Gold of “D” marked done, 1 difference left out undecided; every document listed here has its gold done',
    );
    // A step of its own: Ctrl+Z takes back the "done" (not the decision before it), Ctrl+Shift+Z puts it back.
    await review.undo();
    expect(told.at(-1)).toBe('Undone: mark gold of “D” done');
    await until(() => !entry().goldDone);
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    await review.redo();
    expect(told.at(-1)).toBe('Redone: mark gold of “D” done');
    await until(() => entry().goldDone);
  });

  it('takes back the "done" with a Ctrl+Z pressed while D is written, counts a doubled D once, and records none on gold done already', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'neither');
    await until(() => entry().toDecide === 0);
    await Promise.all([review.goldDone.mark(), review.goldDone.mark(), review.undo()]);
    expect(told.at(-1)).toBe('Undone: mark gold of “D” done');
    await until(() => !entry().goldDone);
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    await review.redo();
    await until(() => entry().goldDone);
    // D on a document whose gold is done already writes nothing and leaves no step of its own.
    await review.goldDone.mark();
    await review.undo();
    await until(() => !entry().goldDone);
    await review.undo();
    expect(told.at(-1)).toBe('Undone: keep neither for “Vladivostok”');
  });

  it('counts, on D straight after Ctrl+Z, what the undo left to decide, before the list has read it back', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'neither');
    await until(() => entry().toDecide === 0);
    // Ctrl+Z, then D at once: the list still counts 0 to decide, gold as stored holds one undecided.
    await review.undo();
    expect(await review.goldDone.mark()).toEqual({ undecided: 1 });
    expect(review.goldDone.asking).toBe(1);
    await until(() => entry().toDecide === 1);
    expect(entry().goldDone).toBe(false);
  });

  it('counts, on D pressed while the Ctrl+Z before it is still being written, what that undo leaves to decide', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'neither');
    await until(() => entry().toDecide === 0);
    // Two key presses, two tasks: Ctrl+Z's step has begun (its label names read) when D is pressed.
    const undone = review.undo();
    await Promise.resolve();
    expect(await review.goldDone.mark()).toEqual({ undecided: 1 });
    await undone;
    expect(told.at(-1)).toBe('Undone: keep neither for “Vladivostok”');
    expect(entry().goldDone).toBe(false);
  });

  it('marks done, on D straight after the Ctrl+Z that reopened it, and does not say it was done already', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'neither');
    await review.goldDone.mark();
    await until(() => entry().goldDone);
    await review.undo();
    expect(told.at(-1)).toBe('Undone: mark gold of “D” done');
    await review.goldDone.mark();
    expect(told.at(-1)).toMatch(/^Gold of “D” marked done/u);
    await until(() => entry().goldDone);
    // A step of its own again: Ctrl+Z reopens it.
    await review.undo();
    await until(() => !entry().goldDone);
  });

  it('takes back with one Ctrl+Z the agreements D put in gold and its "done", and redoes both with one Ctrl+Shift+Z', async () => {
    await setUp();
    await review.decide(find('onlyA'), 'neither');
    await until(() => entry().toDecide === 1);
    // The decision put the agreement in gold; taken back, D (asked again, one left) puts it in with the "done".
    await review.undo();
    await until(() => entry().toDecide === 2);
    expect(await gold()).toEqual([]);
    await review.goldDone.mark(true);
    await until(() => entry().goldDone);
    expect(await gold()).toEqual(['claim:Kim']);
    await review.undo();
    expect(told.at(-1)).toBe('Undone: accept the agreements and mark gold of “D” done');
    await until(() => !entry().goldDone);
    expect(await gold()).toEqual([]);
    await review.redo();
    expect(told.at(-1)).toBe('Redone: accept the agreements and mark gold of “D” done');
    await until(() => entry().goldDone);
    expect(await gold()).toEqual(['claim:Kim']);
  });

  it('counts for "gold done" what the list counts as to decide, agreements only when they do not go in by themselves', async () => {
    await setUp();
    expect(await review.goldDone.mark()).toEqual({ undecided: entry().toDecide });
    expect(entry().toDecide).toBe(2);
    await review.setAutoAgreements(false);
    await until(() => entry().toDecide === 3);
    expect(await review.goldDone.mark()).toEqual({ undecided: 3 });
    await review.acceptAgreements();
    await until(() => entry().toDecide === 2);
    expect(await review.goldDone.mark()).toEqual({ undecided: 2 });
    expect(entry().goldDone).toBe(false);
  });

  it('shows two readings of one stretch (other label, other boundaries) as one difference, decided with one key', async () => {
    // bea reads "in Vladivostok" as a claim where ann marked "Vladivostok" a visit: one row, not two.
    await setUp(() => span('bea', 'in Vladivostok', 'claim'));
    expect(kinds()).toEqual(['match', 'label', 'labelBoundary']);
    expect(entry().toDecide).toBe(2);
    await review.decide(find('labelBoundary'), 'b');
    expect(await gold()).toEqual(['claim:Kim', 'claim:in Vladivostok']);
    await until(() => entry().toDecide === 1);
    expect(review.decision(find('labelBoundary'))).toMatchObject({ a: false, b: true });
  });

  it('says when a decision replaces one made meanwhile in another tab, and its own earlier one as such', async () => {
    await setUp();
    await anotherTabDecides('b');
    await review.decide(find('label'), 'a');
    expect(told.at(-1)).toBe(
      'Kept A’s “Putin” claim in gold; it replaced what was decided meanwhile elsewhere: “Putin” denial (by rev)',
    );
    // Its own decision, replaced before its view caught up, is not said as made elsewhere: as its own earlier one.
    await review.decide(find('label'), 'b');
    expect(told.at(-1)).toBe('Kept B’s “Putin” denial in gold; “Putin” claim, decided earlier, is out of gold now');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
  });

  it('says when a decision takes back a version another tab passed over, its kept version staying (helper-164)', async () => {
    await setUp();
    // The other tab keeps ann's claim, passing bea's denial over; this one, not knowing, keeps both.
    await anotherTabDecides('a');
    clock.later = 5;
    await review.decide(find('label'), 'both');
    expect(told.at(-1)).toBe(
      'Kept both in gold: A’s “Putin” claim and B’s “Putin” denial; it replaced what was decided meanwhile elsewhere: “Putin” claim (by rev)',
    );
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
  });

  it('names a passed-over version it keeps with another pair, decided meanwhile elsewhere (helper-164)', async () => {
    await setUp(() => span('cai', 'Kim', 'claim'));
    await review.choose('a', 'bea');
    await review.choose('b', 'cai');
    await until(() => review.loaded && review.annotatorB === 'cai' && find('onlyA')?.a?.span.label === 'denial');
    review.stop();
    const other = newReview();
    await other.start();
    await other.choose('a', 'ann');
    await other.choose('b', 'bea');
    await until(
      () => other.loaded && other.annotatorA === 'ann' && other.differences.some((one) => one.kind === 'label'),
    );
    // The other tab keeps ann's claim over bea's denial; this one, comparing bea with cai, keeps bea's denial.
    await other.decide(
      other.differences.find((difference) => difference.kind === 'label')!,
      'a',
    );
    clock.later = 5;
    await review.decide(find('onlyA'), 'a');
    expect(told.at(-1)).toBe(
      'Kept A’s “Putin” denial in gold; it replaced what was decided meanwhile elsewhere: “Putin” denial passed over (by rev), “Kim” claim (by rev)',
    );
  });

  it('lists gold in reading order, by the numbers of its offsets', async () => {
    await setUp(() => span('bea', 'met', 'visit'), 4);
    await review.decide(find('onlyB'), 'b'); // met, at 6: with it, the agreement Kim at 0
    await review.decide(find('label'), 'a'); // Putin, at 10
    await until(() => review.goldSpans.length === 3);
    expect(review.goldSpans.map((one) => [one.start, one.text])).toEqual([
      [0, 'Kim'],
      [at('met'), 'met'],
      [at('Putin'), 'Putin'],
    ]);
  });

  it('offers an annotator whose layer arrives while the review is open, and pairs the first two when there were not two', async () => {
    database = new SpanwrightDatabase(`review-${Math.random()}`);
    await database.documents.add(document);
    await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
    await span('ann', 'Kim', 'claim');
    review = newReview();
    await review.start();
    await until(() => review.annotators.length === 1 && review.annotatorA === 'ann');
    expect(review.annotatorB).toBe('');
    // bea's layer comes in (an import, another tab): she is offered, and the pair is made.
    await span('bea', 'Kim', 'denial');
    await until(() => review.annotators.join() === 'ann,bea' && review.annotatorB === 'bea');
    await until(() => review.differences.length === 1);
    expect(kinds()).toEqual(['label']);
    // cy's comes too: offered, while the chosen pair stays.
    await span('cy', 'Kim', 'claim');
    await until(() => review.annotators.join() === 'ann,bea,cy');
    expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
    // One whose name sorts between them (an import's "anna"): the pair still stays, never chosen by hand.
    await span('anna', 'Kim', 'visit');
    await until(() => review.annotators.join() === 'ann,anna,bea,cy');
    expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
    const again = newReview();
    await again.start();
    await until(() => again.annotators.length === 4 && again.annotatorB !== '');
    expect([again.annotatorA, again.annotatorB]).toEqual(['ann', 'bea']);
    again.stop();
  });

  it('pairs, with no pair chosen yet, the two who worked on the most documents in common, whatever their names', async () => {
    database = new SpanwrightDatabase(`review-${Math.random()}`);
    const other = { ...document, id: 'e', title: 'E', order: 1 };
    await database.documents.bulkAdd([document, other]);
    await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
    // "7" (a Label Studio user id) sorts first, but labelled only E; ann and bea both worked on D.
    await createSpan(
      database,
      { documentId: 'e', annotator: '7', start: 0, end: 3, label: 'claim', text: 'Kim' },
      DRAWN,
    );
    await span('ann', 'Kim', 'claim');
    await span('bea', 'Kim', 'denial');
    review = newReview(undefined, undefined, () => [document, other]);
    await review.start();
    await until(() => review.annotators.length === 3 && review.annotatorB !== '');
    expect([review.annotatorA, review.annotatorB]).toEqual(['ann', 'bea']);
    await until(() => review.differences.length === 1);
    // Kept as the choice: a reload shows the same pair.
    const again = newReview(undefined, undefined, () => [document, other]);
    await again.start();
    await until(() => again.annotatorB !== '');
    expect([again.annotatorA, again.annotatorB]).toEqual(['ann', 'bea']);
  });

  it('remembers the pair, the set and the agreements choice across a reload, and the decisions with them', async () => {
    await setUp();
    await review.decide(find('label'), 'a');
    await review.decide(find('onlyA'), 'a');
    await review.choose('a', 'bea'); // bea was B: the two swap
    expect([review.annotatorA, review.annotatorB]).toEqual(['bea', 'ann']);
    await review.setAutoAgreements(false);
    const again = newReview();
    await again.start();
    await until(() => again.entries.length === 1);
    expect([again.annotatorA, again.annotatorB, again.autoAgreements]).toEqual(['bea', 'ann', false]);
    expect(again.entries[0].toDecide).toBe(0);
    // Gold quotes the document at code point offsets (the emoji before Putin is one).
    expect(
      (await layer(GOLD_ANNOTATOR)).every((one) => [...TEXT].slice(one.start, one.end).join('') === one.text),
    ).toBe(true);
  });
});

describe('Review decisions kept', () => {
  it('survive a label rename and a backup restored into a fresh database, provenance included', async () => {
    await setUp();
    await review.decide(find('label'), 'b'); // Putin: bea's denial
    await review.decide(find('onlyA'), 'neither'); // Vladivostok: rejected
    await until(() => entry().toDecide === 0);
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);

    expect(await new Store(database).renameLabel('denial', 'rejection', NOW + 1)).toBeNull();
    expect(await gold()).toEqual(['claim:Kim', 'rejection:Putin']);
    const renamed = newReview();
    await renamed.start();
    // Nothing left to decide: the rename carried the decisions with it.
    await until(() => renamed.differences.length === 3 && renamed.entries[0]?.toDecide === 0);

    // Backup, then restore into an empty database: the same gold, the same rejection, the same origins.
    const backup = await (await new Store(database).files()).exportBackup(new Date(NOW));
    const before = { gold: await layer(GOLD_ANNOTATOR), rejected: await layer(REJECTED_ANNOTATOR) };
    const original = database;
    database = new SpanwrightDatabase(`review-restored-${Math.random()}`);
    const files = await new Store(database).files();
    const read = await files.readBackup(Object.assign(backup, { name: 'backup.json' }));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await files.restoreBackup(read.value);
    await original.delete();
    expect(await layer(GOLD_ANNOTATOR)).toEqual(before.gold);
    expect(await layer(REJECTED_ANNOTATOR)).toEqual(before.rejected);
    expect(before.gold.find((one) => one.text === 'Putin')?.origin).toMatchObject({
      kind: 'b',
      annotators: ['bea'],
      by: 'rev',
      at: NOW,
    });
    const restored = newReview();
    await restored.start();
    await until(() => restored.differences.length === 3 && restored.entries[0]?.toDecide === 0);
  });
});

describe('Review of three annotators', () => {
  const third = async () => {
    await span('cai', 'Kim', 'claim');
    await span('cai', 'Putin', 'claim');
    await span('cai', 'met', 'visit');
    await span('bea', 'met', 'visit');
  };

  it('shows who of the set marked each version, proposes the majority, and accepts it with the agreements', async () => {
    await setUp(third, 4);
    await review.toggleInSet('cai');
    await until(() => review.set.length === 3 && find('label')?.majority != null);
    expect(kinds()).toEqual(['match', 'onlyB', 'label', 'onlyA']);
    const label = find('label');
    expect(label.a?.annotators).toEqual(['ann', 'cai']);
    expect(label.majority).toEqual({ start: at('Putin'), end: at('Putin') + 5, label: 'claim' });
    expect(find('onlyB').majority).toEqual({ start: at('met'), end: at('met') + 3, label: 'visit' });
    await review.acceptAgreements();
    const spans = await layer(GOLD_ANNOTATOR);
    expect(spans.map((one) => [one.text, one.label, one.origin?.kind])).toEqual([
      ['Kim', 'claim', 'agreed'],
      ['met', 'visit', 'majority'],
      ['Putin', 'claim', 'majority'],
    ]);
    expect(review.figures.reliability?.reliability.alpha).not.toBeNull();
    expect(review.figures.reliability?.reliability.pairs.map((pair) => `${pair.a}·${pair.b}`)).toEqual([
      'ann·bea',
      'ann·cai',
      'bea·cai',
    ]);
    // The per-label table is the A/B pair's; its CSV holds every pair's rows (helper-160 found only A/B's).
    expect(new Set(review.figures.labelFigures.map((row) => `${row.a}·${row.b}`))).toEqual(new Set(['ann·bea']));
    const everyPair = review.figures.everyPairLabelFigures.map((row) => `${row.a}·${row.b}:${row.label}`);
    expect(everyPair).toContain('ann·cai:claim');
    expect(everyPair).toContain('bea·cai:visit');
  });
  it('moves on with M from the focused row it decided, and stays on one it left to decide', async () => {
    await setUp(third, 4);
    await review.toggleInSet('cai');
    await until(() => review.set.length === 3 && find('label')?.majority != null);
    review.focusOn(review.differences.indexOf(find('onlyA')));
    await review.acceptAgreements();
    await until(() => review.decision(find('label')).a);
    // Vladivostok, ann's alone, has no majority: M leaves it, and the focus with it.
    expect(review.focused?.kind).toBe('onlyA');
    await review.undo();
    await until(() => !review.decision(find('label')).a);
    review.focusOn(review.differences.indexOf(find('label')));
    await review.acceptAgreements();
    // From the label row M decided, on to the one left: a next A must not decide Putin again.
    await until(() => review.decision(find('label')).a);
    expect(review.focused?.kind).toBe('onlyA');
  });
  it('settles with M a majority row opened again by a version drawn after it was accepted (helper-161)', async () => {
    await setUp(third, 4);
    await review.toggleInSet('cai');
    await until(() => review.set.length === 3 && find('label')?.majority != null);
    await review.acceptAgreements();
    await until(() => review.decision(find('label')).a && entry().toDecide === 1);
    // bea takes her Putin denial back and draws it as visit, later: the majority's claim was chosen before it.
    const beaPutin = (await layer('bea')).find((one) => one.text === 'Putin')!;
    await deleteSpans(database, [beaPutin.id], NOW + 5);
    await spanOn(database, 'bea', 'Putin', 'visit', NOW + 5);
    await until(() => find('label')?.b?.span.label === 'visit' && review.decision(find('label')).news);
    expect(find('label').majority).toMatchObject({ label: 'claim' });
    // M (accept the proposals) writes the majority's span again, with its new time: settled.
    clock.later = 10;
    await review.acceptAgreements();
    await until(() => !review.decision(find('label')).news && review.decision(find('label')).a);
  });

  it('keeps the document and its differences shown while a third annotator joins the set or leaves it', async () => {
    await setUp(third, 4);
    const shown = () => [review.current?.id, review.differences.length];
    // The set changes at once; the layers of A and B stay shown while the new set is read.
    const joining = review.toggleInSet('cai');
    expect(shown()).toEqual(['d', 4]);
    await joining;
    await until(() => review.loaded && review.set.length === 3);
    const leaving = review.toggleInSet('cai');
    expect(shown()).toEqual(['d', 4]);
    await leaving;
    await until(() => review.loaded && review.set.length === 2);
    expect(shown()).toEqual(['d', 4]);
  });
  it('keeps a set of three as ticked when A or B is chosen in it or from outside it; a pair becomes the new pair (helper-171)', async () => {
    await setUp(async () => {
      await third();
      await span('dan', 'Kim', 'claim');
    }, 4);
    await review.toggleInSet('cai');
    await until(() => review.loaded && review.set.length === 3);
    // B from bea to cai, both in the set: nothing leaves it (α stays the set's).
    await review.choose('b', 'cai');
    await until(() => review.loaded);
    expect([review.annotatorB, [...review.set].sort()]).toEqual(['cai', ['ann', 'bea', 'cai']]);
    // A from outside the set: dan joins, ann stays.
    await review.choose('a', 'dan');
    await until(() => review.loaded);
    expect([...review.set].sort()).toEqual(['ann', 'bea', 'cai', 'dan']);
    // Back to a pair: ticking the others off, then choosing B anew replaces the pair's B.
    for (const name of ['ann', 'bea']) await review.toggleInSet(name);
    await until(() => review.loaded && review.set.length === 2);
    await review.choose('b', 'bea');
    await until(() => review.loaded);
    expect([...review.set].sort()).toEqual(['bea', 'dan']);
  });

  it('does not count a compared annotator who has not worked on the document as marking nothing there', async () => {
    // cai agrees with ann on Putin; dan is compared too but has worked only on another document.
    await setUp(async () => {
      await span('cai', 'Putin', 'claim');
      await database.documents.add({ ...document, id: 'e', order: 1 });
      await createSpan(database, { documentId: 'e', annotator: 'dan', start: 0, end: 3, label: 'claim', text: 'Kim' });
    });
    await review.toggleInSet('cai');
    await review.toggleInSet('dan');
    await until(() => review.loaded && review.set.length === 4 && review.differences.length === 3);
    expect(review.setHere).toEqual(['ann', 'bea', 'cai']);
    // Two of the three who worked here marked Putin a claim: the majority (two of four would not be).
    await until(() => find('label')?.majority != null);
    expect(find('label').majority).toEqual({ start: at('Putin'), end: at('Putin') + 5, label: 'claim' });
    // Once dan has worked on it (a status is enough), dan counts, and two of four is no majority.
    await setStatus(database, 'd', 'dan', 'done', NOW);
    await until(() => review.setHere.length === 4);
    await until(() => find('label')?.majority === null);
  });

  it('counts a version passed over with one pair as decided with another pair of the set (helper-160)', async () => {
    // ann and cai agree on Kim; only cai marked met; ann said Putin is a claim, bea a denial; cai said nothing there.
    await setUp(async () => {
      await span('cai', 'Kim', 'claim');
      await span('cai', 'met', 'visit');
    });
    await review.toggleInSet('cai');
    await until(() => review.set.length === 3 && review.loaded && kinds().join() === 'match,others,label,onlyA');
    await review.decide(find('label'), 'a');
    expect((await layer(REJECTED_ANNOTATOR)).map((one) => [one.label, one.text, one.origin?.kind])).toEqual([
      ['denial', 'Putin', 'a'],
    ]);
    // The pair bea/cai compared alone (ann ticked off): bea's denial, passed over for ann's claim, is decided.
    await review.choose('a', 'bea');
    await review.choose('b', 'cai');
    await review.toggleInSet('ann');
    await until(
      () => review.loaded && review.annotatorA === 'bea' && review.annotatorB === 'cai' && review.set.length === 2,
    );
    expect(kinds()).toEqual(['match', 'onlyB', 'onlyA']);
    const denial = find('onlyA');
    expect(denial.a?.span.label).toBe('denial');
    expect(review.decision(denial)).toMatchObject({ passed: true, neither: false, a: false, news: false });
    expect(isDecided(review.decision(denial))).toBe(true);
    // Left to decide here: cai's met alone (and the agreement on Kim, which goes in with it).
    expect(entry().toDecide).toBe(1);
    // Keeping bea's denial after all takes it out of the rejected layer and into gold beside ann's claim.
    await review.decide(denial, 'a');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin', 'denial:Putin']);
    expect(await layer(REJECTED_ANNOTATOR)).toEqual([]);
  });

  it('lists what a compared annotator alone marked as a difference to decide, kept or rejected like the others', async () => {
    await setUp(async () => span('cai', 'met', 'visit'), 3);
    await review.toggleInSet('cai');
    await until(() => review.set.length === 3 && review.differences.length === 4);
    expect(kinds()).toEqual(['match', 'others', 'label', 'onlyA']);
    const others = find('others');
    expect(others.others).toEqual({
      span: { start: at('met'), end: at('met') + 3, label: 'visit' },
      annotators: ['cai'],
      since: DRAWN,
    });
    expect(others.majority).toBeNull();
    // The label, the span only ann has, and cai's: three to decide, and "gold done" says the same.
    expect(entry().toDecide).toBe(3);
    expect(await review.goldDone.mark()).toEqual({ undecided: 3 });
    // M takes the agreement, not one annotator's span of three.
    await review.acceptAgreements();
    expect(await gold()).toEqual(['claim:Kim']);
    await review.decide(others, 'a');
    expect(await gold()).toEqual(['claim:Kim', 'visit:met']);
    // Recorded as the others' version, not the majority's: one of three marked it.
    expect((await layer(GOLD_ANNOTATOR)).find((one) => one.text === 'met')?.origin).toMatchObject({
      kind: 'others',
      annotators: ['cai'],
    });
    await until(() => review.decision(others).others && entry().toDecide === 2);
    await review.decide(others, 'neither');
    expect(await gold()).toEqual(['claim:Kim']);
    expect((await layer(REJECTED_ANNOTATOR)).map((one) => `${one.label}:${one.text}`)).toEqual(['visit:met']);
    await until(() => review.decision(others).neither && entry().toDecide === 2);
  });
});

describe('Review with team sync on, as an annotator', () => {
  it('writes no decision, undo or "gold done" while locked, and says why; unlocked, it decides again', async () => {
    await setUp();
    let locked = false;
    const locking = new Review({
      store: new Store(database),
      documents: () => [document],
      reviewer: () => 'ann',
      now: () => NOW,
      notify: (text) => told.push(text),
      locked: () => locked,
    });
    reviews.push(locking);
    await locking.start();
    await until(() => locking.differences.length === 3);
    const label = locking.differences.find((difference) => difference.kind === 'label')!;
    await locking.decide(label, 'a');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    locked = true;
    expect(locking.locked).toBe(REVIEW_LOCKED);
    told.length = 0;
    await locking.decide(label, 'b');
    await locking.undo();
    await locking.redo();
    await locking.acceptAgreements();
    await locking.goldDone.mark();
    expect(locking.goldDone.asking).toBeNull();
    await locking.goldDone.mark(true);
    // E is refused before it asks for a selection; the gold list's edits too.
    await locking.editFocused(() => null);
    const [kept] = await layer(GOLD_ANNOTATOR);
    await locking.goldEdits.remove(kept);
    await locking.goldEdits.relabel(kept, 'visit');
    expect(await gold()).toEqual(['claim:Kim', 'claim:Putin']);
    expect((await database.statuses.get([GOLD_ANNOTATOR, 'd']))?.status).not.toBe('done');
    expect(locking.notice).toBe(REVIEW_LOCKED);
    expect([...new Set(told)]).toEqual([REVIEW_LOCKED]);
    locked = false;
    expect(locking.locked).toBeNull();
    await locking.decide(label, 'b');
    expect(await gold()).toEqual(['claim:Kim', 'denial:Putin']);
  });
});
