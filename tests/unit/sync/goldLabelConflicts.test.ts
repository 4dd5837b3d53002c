// @vitest-environment node
// Two reviewers deciding one difference differently while offline (one keeps A's version, the other
// B's): after they reconnect, the later decision stands on every copy and both are told. Through a
// real sync server on 127.0.0.1, and at the level of settleReview over two databases.
import { afterEach, describe, expect, it } from 'vitest';
import { adjudicate, type Difference } from '../../../src/lib/model/adjudication';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Span } from '../../../src/lib/model/types';
import { decide, decisionOf, edit, type Keep } from '../../../src/lib/state/reviewDecisions';
import type { Store } from '../../../src/lib/storage/store';
import { settleReview } from '../../../src/lib/sync/reviewConflicts';
import type { ReviewConflict, TeamSync } from '../../../src/lib/sync/teamSync';
import {
  FIRST_DOCUMENT as DOCUMENT,
  startMember,
  seededStore,
  labelSpan as label,
  spansOf,
  until,
  useSyncServer,
} from '../../support/syncFixture';

const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'dave', token: 'dave-secret-44', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  { name: 'carol', token: 'carol-secret-3', role: 'annotator' as const },
];
const TOKENS = Object.fromEntries(MEMBERS.map((entry) => [entry.name, entry.token]));

const team = useSyncServer(MEMBERS, 'spanwright-gold-');
const running: { sync: TeamSync }[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const { sync } of running.splice(0)) await sync.stop();
  for (const store of stores.splice(0)) await store.destroy();
});

async function member(name: string, store?: Store) {
  const database = store ?? (await seededStore('gold'));
  if (!store) stores.push(database);
  const tab = await startMember(team.server, { name, token: TOKENS[name] }, database, {
    push: (sync) => running.push({ sync }),
  });
  return { name, ...tab };
}

/** Stops a member's sync (their database stays): they are offline. */
async function goOffline(entry: { sync: TeamSync }) {
  await entry.sync.stop();
  running.splice(
    running.findIndex((candidate) => candidate.sync === entry.sync),
    1,
  );
}

/** Where "Kirby" is in the first document, in code units (as labelSpan takes them). */
async function kirby(store: Store): Promise<[number, number]> {
  const text = (await store.readDocuments()).find((document) => document.id === DOCUMENT)!.text;
  const start = text.indexOf('Kirby');
  return [start, start + 'Kirby'.length];
}

/** The differences of the first document between bob (A) and carol (B), as the Review lists them. */
async function differences(store: Store): Promise<Difference[]> {
  const layers = new Map([
    ['bob', (await store.readLayer(DOCUMENT, 'bob')).spans],
    ['carol', (await store.readLayer(DOCUMENT, 'carol')).spans],
  ]);
  return adjudicate(layers, 'bob', 'carol', ['bob', 'carol']).filter((difference) => difference.kind !== 'match');
}

/** The reviewer presses `keep` (or draws `edited` over it) on the `which`-th difference, at `now`. */
async function press(store: Store, reviewer: string, keep: Keep | { edited: string }, now: number, which = 0) {
  const document = (await store.readDocuments()).find((entry) => entry.id === DOCUMENT)!;
  const difference = (await differences(store))[which];
  const context = { document, gold: (await store.readLayer(DOCUMENT, GOLD_ANNOTATOR)).spans, reviewer, now };
  const decision =
    typeof keep === 'string'
      ? decide(difference, keep, { ...context, agreements: [] })
      : edit(
          difference,
          { start: difference.start, end: difference.end, label: keep.edited },
          { ...context, agreements: [] },
        );
  await store.decideInGold(decision, now);
}

/** What the Review's row of the difference shows decided on this copy. */
async function row(store: Store) {
  const [difference] = await differences(store);
  const gold = (await store.readLayer(DOCUMENT, GOLD_ANNOTATOR)).spans;
  const rejected = (await store.readLayer(DOCUMENT, REJECTED_ANNOTATOR)).spans;
  return decisionOf(difference, gold, rejected);
}

const told = (conflicts: ReviewConflict[]) =>
  conflicts.map(({ kept, dropped }) => `${kept.origin?.by} ${kept.label} over ${dropped.origin?.by} ${dropped.label}`);

/** Bob labels Kirby sanction, carol labels it visit; alice and dave have both, then go offline. */
async function labelledAndOffline() {
  const [bob, carol, alice, dave] = [
    await member('bob'),
    await member('carol'),
    await member('alice'),
    await member('dave'),
  ];
  const [start, end] = await kirby(bob.store);
  await label(bob.store, 'bob', start, end, 'sanction');
  await label(carol.store, 'carol', start, end, 'visit');
  for (const reviewer of [alice, dave])
    await until(async () => (await differences(reviewer.store)).some((difference) => difference.kind === 'label'));
  await goOffline(alice);
  await goOffline(dave);
  return { bob, carol, alice, dave };
}

describe('two reviewers keeping different versions of one difference', { timeout: 90_000 }, () => {
  it.each([
    { first: 'alice', aliceAt: 5, daveAt: 6, stands: 'visit', by: 'dave', over: 'alice sanction' },
    { first: 'dave', aliceAt: 5, daveAt: 6, stands: 'visit', by: 'dave', over: 'alice sanction' },
    { first: 'dave', aliceAt: 7, daveAt: 6, stands: 'sanction', by: 'alice', over: 'dave visit' },
  ])(
    'alice keeps A at $aliceAt, dave keeps B at $daveAt, offline; $first reconnects first: $stands stands everywhere',
    async ({ first, aliceAt, daveAt, stands, by, over }) => {
      const { bob, carol, alice, dave } = await labelledAndOffline();
      await press(alice.store, 'alice', 'a', aliceAt);
      await press(dave.store, 'dave', 'b', daveAt);
      const [one, two] = first === 'alice' ? [alice, dave] : [dave, alice];
      const back = [await member(one.name, one.store)];
      // The first is level with the server before the second comes back.
      await until(async () => (await spansOf(bob.store, GOLD_ANNOTATOR)).length > 0);
      back.push(await member(two.name, two.store));
      for (const { store } of [alice, dave, bob, carol])
        await until(async () => (await spansOf(store, GOLD_ANNOTATOR)).join() === `${stands}:Kirby`);
      // The version the standing decision passed over stays recorded so, the other one does not.
      const passed = stands === 'visit' ? 'sanction' : 'visit';
      for (const { store } of [alice, dave, bob, carol])
        await until(async () => (await spansOf(store, REJECTED_ANNOTATOR)).join() === `${passed}:Kirby`);
      // The Review's row shows the decision that stands, not A, B and Both at once.
      const expected = stands === 'visit' ? { a: false, b: true } : { a: true, b: false };
      for (const { store } of [alice, dave]) expect(await row(store)).toMatchObject(expected);
      for (const reviewer of back) expect(told(reviewer.conflicts)).toEqual([`${by} ${stands} over ${over}`]);
    },
  );

  it("a deliberate Both stands whole over an earlier edit made offline: the edit goes, Both's two spans stay", async () => {
    const { bob, alice, dave } = await labelledAndOffline();
    await press(dave.store, 'dave', { edited: 'claim' }, 5);
    await press(alice.store, 'alice', 'both', 6);
    const [aliceBack, daveBack] = [await member('alice', alice.store), await member('dave', dave.store)];
    for (const { store } of [alice, dave, bob])
      await until(async () => (await spansOf(store, GOLD_ANNOTATOR)).join() === 'sanction:Kirby,visit:Kirby');
    expect(await row(alice.store)).toMatchObject({ a: true, b: true, edited: false });
    for (const reviewer of [aliceBack, daveBack])
      expect(told(reviewer.conflicts).map((line) => line.replace(/ (sanction|visit) /u, ' both '))).toEqual([
        'alice both over dave claim',
      ]);
  });
});

/** Two reviewers' copies (alice's, dave's), not synced, each with Kirby labelled by every [annotator, label] of `marks`. */
async function twoCopies(marks: [annotator: string, label: string][]): Promise<Store[]> {
  const copies = [await seededStore('gold-a'), await seededStore('gold-d')];
  stores.push(...copies);
  for (const store of copies) {
    const [start, end] = await kirby(store);
    for (const [annotator, name] of marks) await label(store, annotator, start, end, name);
  }
  return copies;
}

describe('settling on two copies', () => {
  it('decisions on two differences at one place both stand; two on one settle to the later, whichever copy settles first', async () => {
    // Bob marks Kirby claim and sanction, carol denial and visit: two label differences at one place
    // (claim/denial and sanction/visit), as the Review pairs them.
    const copies = await twoCopies([
      ['bob', 'claim'],
      ['bob', 'sanction'],
      ['carol', 'denial'],
      ['carol', 'visit'],
    ]);
    const [alice, dave] = copies;
    expect(
      (await differences(alice)).map((difference) => `${difference.a!.span.label}/${difference.b!.span.label}`),
    ).toEqual(['claim/denial', 'sanction/visit']);
    // Offline: alice keeps A of the first (claim) at 5 and B of the second (visit) at 7; dave keeps B of the first (denial) at 6.
    await press(alice, 'alice', 'a', 5, 0);
    await press(alice, 'alice', 'b', 7, 1);
    await press(dave, 'dave', 'b', 6, 0);
    const gold = async (store: Store): Promise<Span[]> => (await store.readLayer(DOCUMENT, GOLD_ANNOTATOR)).spans;
    const [fromAlice, fromDave] = [await gold(alice), await gold(dave)];
    // Each copy receives the other's decisions and settles, neither having the other's removals.
    const settled: ReviewConflict[][] = [];
    for (const [store, arriving] of [
      [dave, fromAlice],
      [alice, fromDave],
    ] as const) {
      await store.applySharedChanges({ put: arriving, remove: [], statuses: [] }, 9);
      settled.push(await settleReview(store, arriving, 9));
    }
    for (const store of copies) expect(await spansOf(store, GOLD_ANNOTATOR)).toEqual(['denial:Kirby', 'visit:Kirby']);
    expect(settled.map(told)).toEqual([['dave denial over alice claim'], ['dave denial over alice claim']]);
  });

  it('drops what a losing decision passed over, as it drops its gold span (helper-164)', async () => {
    // bob marks Kirby claim, carol denial, dan visit. alice keeps bob's claim over carol's denial (at 5);
    // dave, comparing bob with dan, keeps dan's visit over bob's claim (at 6). Offline, each on a copy.
    const copies = await twoCopies([
      ['bob', 'claim'],
      ['carol', 'denial'],
      ['dan', 'visit'],
    ]);
    const [alice, dave] = copies;
    await press(alice, 'alice', 'a', 5);
    const document = (await dave.readDocuments()).find((entry) => entry.id === DOCUMENT)!;
    const layers = new Map(
      await Promise.all(
        ['bob', 'dan'].map(async (name) => [name, (await dave.readLayer(DOCUMENT, name)).spans] as const),
      ),
    );
    const [difference] = adjudicate(layers, 'bob', 'dan', ['bob', 'dan']);
    await dave.decideInGold(
      decide(difference, 'b', { document, gold: [], reviewer: 'dave', now: 6, agreements: [] }),
      6,
    );
    const review = async (store: Store) => [
      ...(await store.readLayer(DOCUMENT, GOLD_ANNOTATOR)).spans,
      ...(await store.readLayer(DOCUMENT, REJECTED_ANNOTATOR)).spans,
    ];
    const [fromAlice, fromDave] = [await review(alice), await review(dave)];
    for (const [store, arriving] of [
      [dave, fromAlice],
      [alice, fromDave],
    ] as const) {
      await store.applySharedChanges({ put: arriving, remove: [], statuses: [] }, 9);
      expect(told(await settleReview(store, arriving, 9))).toEqual(['dave visit over alice claim']);
    }
    for (const store of copies) {
      expect(await spansOf(store, GOLD_ANNOTATOR)).toEqual(['visit:Kirby']);
      // dave's passing over of bob's claim stands; alice's of carol's denial went with her claim.
      expect(await spansOf(store, REJECTED_ANNOTATOR)).toEqual(['claim:Kirby']);
    }
  });
});
