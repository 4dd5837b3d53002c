import { describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR } from '../../../src/lib/model/types';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { LabelJournal } from '../../../src/lib/state/labelJournal';
import { Store } from '../../../src/lib/storage/store';
import { FakeLocks, MemoryStorage } from '../../support/tabs';
import { useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/** Review decisions made just before the page went, written at the next start (helper-213 lost them on a reload). */
const { open, span, review, stops } = useTwoDocuments('decision-journal');

/** A store whose decisions never commit: the page went while they were being written. */
class GoneStore extends Store {
  override decideInGold(): Promise<never> {
    return new Promise<never>(() => {});
  }
}

/** Gold and the rejected layer of d1, as "label:text (kind)". */
async function reviewed(database: SpanwrightDatabase): Promise<string[]> {
  const spans = await database.spans.where('documentId').equals('d1').toArray();
  return spans
    .filter((one) => one.annotator === GOLD_ANNOTATOR || one.annotator === REJECTED_ANNOTATOR)
    .map((one) => `${one.annotator} ${one.label}:${one.text} (${one.origin?.kind})`)
    .sort();
}

/** ann and bea differ on Kim and on Putin in d1; tab A reviews with a journal over `storage`, its writes never ending. */
async function twoDecisionsInFlight() {
  const database = await open();
  await span('ann', 'd1', 'Kim', 'claim');
  await span('bea', 'd1', 'Kim', 'denial');
  await span('ann', 'd1', 'Putin', 'claim');
  await span('bea', 'd1', 'Putin', 'denial');
  const [storage, locks] = [new MemoryStorage(), new FakeLocks()];
  const journal = (tab: string, now: number) => {
    const kept = new LabelJournal(storage, { tab, locks, now: () => now });
    stops.push(() => kept.stop());
    return kept;
  };
  const tabA = await review({ store: new GoneStore(database), journal: journal('tab-a', 1_000), now: 1_000 });
  await until(() => tabA.differences.length === 2);
  void tabA.decide(tabA.differences[0], 'a');
  void tabA.decide(tabA.differences[1], 'neither');
  return { database, storage, locks, journal, tabA };
}

/** Tab A's review over `database`, its decisions kept by `journal` and never written (the page goes). */
const useReview = (database: SpanwrightDatabase, journal: LabelJournal) =>
  review({ store: new GoneStore(database), journal, now: 1_000 });

describe('review decisions being written, kept through a closed tab', () => {
  it('writes at the next start the decisions a closed tab had not written, in their order, and says so', async () => {
    const { database, storage, locks, journal } = await twoDecisionsInFlight();
    expect(storage.length).toBe(2);
    expect(await reviewed(database)).toEqual([]);
    locks.end('spanwright-tab:tab-a');
    const said: string[] = [];
    await journal('tab-b', 5_000).replay(new Store(database), (text) => void said.push(text));
    // Kept A's on Kim (B's version passed over), neither on Putin.
    expect(await reviewed(database)).toEqual([
      'gold claim:Kim (a)',
      'gold:rejected claim:Putin (neither)',
      'gold:rejected denial:Kim (a)',
      'gold:rejected denial:Putin (neither)',
    ]);
    expect(said).toEqual([
      '2 review decisions you made just before the page closed were saved: keep A’s for “Kim”; keep neither for “Putin”.',
    ]);
    expect(storage.length).toBe(0);
  });

  it('writes a decision taken back by another on the same difference after it, both in their order (review)', async () => {
    const database = await open();
    await span('ann', 'd1', 'Kim', 'claim');
    await span('bea', 'd1', 'Kim', 'denial');
    const [storage, locks] = [new MemoryStorage(), new FakeLocks()];
    // The clock decisions are stamped with (the review's, Date.now), as the app's journal's is.
    const tabA = new LabelJournal(storage, { tab: 'tab-a', locks, now: Date.now });
    const tabB = new LabelJournal(storage, { tab: 'tab-b', locks, now: Date.now });
    stops.push(
      () => tabA.stop(),
      () => tabB.stop(),
    );
    const review = await (async () => {
      const started = await useReview(database, tabA);
      await until(() => started.differences.length === 1);
      return started;
    })();
    // A, then X on the same difference (the focus stays until A is written): the page goes with both unwritten.
    void review.decide(review.differences[0], 'a');
    void review.decide(review.differences[0], 'neither');
    locks.end('spanwright-tab:tab-a');
    const said: string[] = [];
    await tabB.replay(new Store(database), (text) => void said.push(text));
    expect(await reviewed(database)).toEqual([
      'gold:rejected claim:Kim (neither)',
      'gold:rejected denial:Kim (neither)',
    ]);
    expect(said).toEqual([
      '2 review decisions you made just before the page closed were saved: keep A’s for “Kim”; keep neither for “Kim”.',
    ]);
  });

  it('writes nothing where the decision was stored before the page went, nor where gold was decided again since', async () => {
    const { database, locks, journal } = await twoDecisionsInFlight();
    // Kim's decision had committed; Putin was decided again, as B's, in another tab after the key.
    const store = new Store(database);
    const later = await review({ store, now: 3_000 });
    await until(() => later.differences.length === 2);
    await later.decide(later.differences[0], 'a');
    await later.decide(later.differences[1], 'b');
    locks.end('spanwright-tab:tab-a');
    const said: string[] = [];
    await journal('tab-b', 5_000).replay(store, (text) => void said.push(text));
    expect(await reviewed(database)).toEqual([
      'gold claim:Kim (a)',
      'gold denial:Putin (b)',
      'gold:rejected claim:Putin (b)',
      'gold:rejected denial:Kim (a)',
    ]);
    expect(said).toEqual([
      'A review decision you made just before the page closed may not have been saved: gold was decided again there since (in another tab). Check it: keep neither for “Putin”.',
    ]);
  });
});
