import { describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR } from '../../../src/lib/model/types';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { deleteLabel, renameLabel } from '../../../src/lib/storage/labels';
import { useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/**
 * Two tabs review the same pair (or a teammate decides through sync): an undo or redo in one must
 * not take away, or write over, a decision the other made on the same difference since.
 */
const { open, span, review } = useTwoDocuments('review-undo-since');
let database: SpanwrightDatabase;

/** ann and bea label Putin differently in d1: one difference, decided into gold. */
async function setUp() {
  database = await open();
  await span('ann', 'd1', 'Putin', 'claim');
  await span('bea', 'd1', 'Putin', 'denial');
  return [await tab(), await tab()];
}

/** A Review page in a tab of its own, with what it said in the status line. */
async function tab() {
  const told: string[] = [];
  const started = await review({ notify: (text) => told.push(text) });
  await until(() => started.differences.length === 1);
  return Object.assign(started, { told });
}

const layer = async (annotator: string) =>
  (await database.spans.where('annotator').equals(annotator).toArray())
    .map((one) => `${one.label}:${one.text}:${one.origin?.kind}${one.origin?.note ? `:${one.origin.note}` : ''}`)
    .sort();

describe('undo and redo of a decision another tab has decided again since', () => {
  it('leaves the later decision (another version kept) and says why nothing was undone', async () => {
    const [first, second] = await setUp();
    await first.decide(first.differences[0], 'a');
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:a']);
    await until(() => second.goldSpans.length === 1);
    await second.decide(second.differences[0], 'both');
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:both', 'denial:Putin:both']);
    await first.undo();
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:both', 'denial:Putin:both']);
    expect(first.told.at(-1)).toMatch(/^Nothing to undo \(.*Putin.*\): that difference was decided again meanwhile/u);
    // The step is spent: a second Ctrl+Z has nothing left to take back.
    await first.undo();
    expect(first.told.at(-1)).toBe('Nothing to undo in the review.');
  });

  it('keeps a note written on the same decision since', async () => {
    const [first, second] = await setUp();
    await first.decide(first.differences[0], 'a');
    await until(() => second.goldSpans.length === 1);
    await second.decide(second.differences[0], 'a', 'per the guideline on titles');
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:a:per the guideline on titles']);
    await first.undo();
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:a:per the guideline on titles']);
  });

  it('does not redo a decision over one made after its undo (neither elsewhere): no span both in gold and rejected', async () => {
    const [first, second] = await setUp();
    await first.decide(first.differences[0], 'a');
    await first.undo();
    expect(await layer(GOLD_ANNOTATOR)).toEqual([]);
    await until(() => second.goldSpans.length === 0);
    await second.decide(second.differences[0], 'neither');
    expect(await layer(REJECTED_ANNOTATOR)).toEqual(['claim:Putin:neither', 'denial:Putin:neither']);
    await first.redo();
    expect(await layer(GOLD_ANNOTATOR)).toEqual([]);
    expect(await layer(REJECTED_ANNOTATOR)).toEqual(['claim:Putin:neither', 'denial:Putin:neither']);
    expect(first.told.at(-1)).toMatch(/^Nothing to redo \(.*\): that difference was decided again meanwhile/u);
  });

  it('undoes and redoes a decision under the name its label was renamed to since (Settings, another tab)', async () => {
    const [first] = await setUp();
    await first.decide(first.differences[0], 'a');
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['claim:Putin:a']);
    await renameLabel(database, 'claim', 'assertion', Date.now());
    await first.undo();
    expect(first.told.at(-1)).toMatch(/^Undone: keep A’s for “Putin”/u);
    expect(await layer(GOLD_ANNOTATOR)).toEqual([]);
    await first.redo();
    expect(await layer(GOLD_ANNOTATOR)).toEqual(['assertion:Putin:a']);
    // A label removed since is not brought back into gold, and the step says why.
    await deleteLabel(database, 'assertion', Date.now());
    await first.undo();
    expect(first.told.at(-1)).toMatch(/^Nothing to undo \(.*\).*: a label it used was removed meanwhile/u);
  });

  it('still undoes and redoes a decision no one has touched since', async () => {
    const [first] = await setUp();
    await first.decide(first.differences[0], 'neither');
    await first.undo();
    expect([...(await layer(GOLD_ANNOTATOR)), ...(await layer(REJECTED_ANNOTATOR))]).toEqual([]);
    await first.redo();
    expect(await layer(REJECTED_ANNOTATOR)).toEqual(['claim:Putin:neither', 'denial:Putin:neither']);
    expect(first.told.at(-1)).toMatch(/^Redone: /u);
  });
});
