import { describe, expect, it } from 'vitest';
import { adjudicate, type LayerPlace } from '../../../src/lib/model/adjudication';
import { isDecided } from '../../../src/lib/state/decisionState';
import {
  acceptProposals,
  afterDecision,
  decide,
  decisionOf,
  contested,
  heldBack,
  heldBy,
  missingVersion,
  openAgreements,
  toDecide,
} from '../../../src/lib/state/reviewDecisions';
import { nothingToAccept } from '../../../src/lib/state/reviewNews';
import type { Span } from '../../../src/lib/model/types';

const document = { id: 'd', text: 'Kim Jong Un met Putin.' };
const span = (start: number, end: number, label: string): LayerPlace => ({ start, end, label, created: 1 });
const context = { document, gold: [], rejected: [], reviewer: 'rev', now: 1_000, agreements: [] };

describe('a version passed over for another', () => {
  it('settles an agreement of those who held it when it was passed over, with another pair of the set (helper-164)', () => {
    // ann marked "Kim J", bea and cy "Kim Jong"; the reviewer kept ann's, with all three compared.
    const layers = new Map([
      ['ann', [span(0, 5, 'PER')]],
      ['bea', [span(0, 8, 'PER')]],
      ['cy', [span(0, 8, 'PER')]],
    ]);
    const [difference] = adjudicate(layers, 'ann', 'bea', ['ann', 'bea', 'cy']);
    expect(difference.b?.annotators).toEqual(['bea', 'cy']);
    const { gold, rejected } = afterDecision(decide(difference, 'a', context), [], []);
    expect(rejected.map((one) => [one.start, one.end, one.origin?.kind, one.origin?.annotators])).toEqual([
      [0, 8, 'a', ['bea', 'cy']],
    ]);
    // bea with cy: their agreement was passed over, so it does not go into gold beside ann's version.
    const [agreement] = adjudicate(layers, 'bea', 'cy', ['bea', 'cy']);
    expect(agreement.kind).toBe('match');
    expect(decisionOf(agreement, gold, rejected)).toMatchObject({ passed: true, neither: false });
    expect(openAgreements([agreement], gold, rejected)).toEqual([]);
  });

  it('lets an agreement go in that an annotator joined since it was passed over (ann relabelled to bea’s label)', () => {
    const before = new Map([
      ['ann', [span(0, 3, 'claim')]],
      ['bea', [span(0, 3, 'denial')]],
    ]);
    const [difference] = adjudicate(before, 'ann', 'bea', ['ann', 'bea']);
    const { gold, rejected } = afterDecision(decide(difference, 'a', context), [], []);
    const after = new Map([
      ['ann', [span(0, 3, 'denial')]],
      ['bea', [span(0, 3, 'denial')]],
    ]);
    const [agreement] = adjudicate(after, 'ann', 'bea', ['ann', 'bea']);
    expect(agreement.a?.annotators).toEqual(['ann', 'bea']);
    expect(isDecided(decisionOf(agreement, gold, rejected))).toBe(false);
    expect(openAgreements([agreement], gold, rejected)).toEqual([agreement]);
  });
});

describe('a version passed over for other boundaries, which a third annotator also holds (helper-201)', () => {
  // alice marked "Kim Jong", bob "Jong"; the reviewer kept bob's with the two compared. carol marked alice's "Kim Jong".
  const layers = new Map([
    ['alice', [span(0, 8, 'PER')]],
    ['bob', [span(4, 8, 'PER')]],
    ['carol', [span(0, 8, 'PER')]],
  ]);
  const [boundaries] = adjudicate(layers, 'alice', 'bob', ['alice', 'bob']);
  const { gold, rejected } = afterDecision(decide(boundaries, 'b', context), [], []);

  it('opens the row of alice and carol’s agreement for the reviewer, and never puts it in gold beside bob’s', () => {
    expect(gold.map((one) => [one.start, one.end])).toEqual([[4, 8]]);
    const differences = adjudicate(layers, 'alice', 'carol', ['alice', 'carol']);
    expect(differences.map((one) => one.kind)).toEqual(['match']);
    expect(isDecided(decisionOf(differences[0], gold, rejected))).toBe(false);
    // Not along with the document's next decision, nor with M: the reviewer weighs it on its row.
    expect(openAgreements(differences, gold, rejected)).toEqual([]);
    expect(toDecide(differences, gold, rejected, true)).toEqual(differences);
    const accepted = acceptProposals(differences, { ...context, gold, rejected, agreements: differences });
    expect(accepted.keep).toEqual([]);
    // B or Both on the agreement's row (which offers A and X) decide nothing, and say so (helper-204).
    for (const keep of ['b', 'both'] as const)
      expect(missingVersion(differences[0], keep, '“Kim Jong”')).toBe(
        'Not decided on “Kim Jong”: A and B marked the same span here: keep it (A) or neither (X).',
      );
    expect(missingVersion(differences[0], 'a', '“Kim Jong”')).toBeNull();
    // M says why it took nothing: not "another label" (helper-203).
    expect(nothingToAccept(differences, undefined, { gold, rejected })).toBe(
      'Nothing accepted: the agreement left here is a version passed over before for other boundaries gold keeps. Decide on its row: A keeps it beside them, X leaves it out.',
    );
  });

  it('is not held back by gold’s other label on the same text: that one contests it, and says so (helper-203)', () => {
    const labels = new Map([
      ['ann', [span(0, 3, 'claim')]],
      ['bea', [span(0, 3, 'denial')]],
      ['cy', [span(0, 3, 'claim')]],
    ]);
    const [label] = adjudicate(labels, 'ann', 'bea', ['ann', 'bea']);
    const decided = afterDecision(decide(label, 'b', context), [], []);
    const [agreement] = adjudicate(labels, 'ann', 'cy', ['ann', 'cy']);
    expect(agreement.kind).toBe('match');
    expect(heldBack(agreement, decided.gold, decided.rejected)).toBe(false);
    expect(contested(agreement, decided.gold, heldBy([agreement]))).toBe(true);
  });
});

describe('an agreement gold holds for another pair (helper-177)', () => {
  // alice and bob marked "Kim" a claim, carol a denial; with all three compared, the reviewer let alice and bob's
  // agreement go in, and never looked at carol's.
  const layers = new Map([
    ['alice', [span(0, 3, 'claim')]],
    ['bob', [span(0, 3, 'claim')]],
    ['carol', [span(0, 3, 'denial')]],
  ]);
  const set = ['alice', 'bob', 'carol'];
  const pair = (a: string, b: string) => adjudicate(layers, a, b, set);
  const agreement = pair('alice', 'bob').find((difference) => difference.kind === 'match')!;
  const agreed = afterDecision(decide(agreement, 'a', context), [], []);
  const open = (gold: typeof agreed) => (difference: ReturnType<typeof pair>[number]) =>
    !isDecided(decisionOf(difference, gold.gold, gold.rejected));

  it('leaves carol’s version open for every pair, A and B whoever they are', () => {
    expect(agreed.gold.map((one) => one.origin?.kind)).toEqual(['agreed']);
    expect(
      pair('alice', 'bob')
        .filter(open(agreed))
        .map((one) => one.kind),
    ).toEqual(['others']);
    for (const [a, b] of [
      ['alice', 'carol'],
      ['bob', 'carol'],
      ['carol', 'alice'],
    ]) {
      const [difference] = pair(a, b);
      expect(difference.kind).toBe('label');
      expect(decisionOf(difference, agreed.gold, agreed.rejected)).toMatchObject({ unweighed: ['carol'] });
      expect(open(agreed)(difference)).toBe(true);
    }
  });

  it('settles it for every pair once a decision weighs carol’s against theirs', () => {
    const [labelDifference] = pair('alice', 'carol');
    const kept = afterDecision(
      decide(labelDifference, 'a', { ...context, gold: agreed.gold }),
      agreed.gold,
      agreed.rejected,
    );
    for (const [a, b] of [
      ['alice', 'bob'],
      ['alice', 'carol'],
      ['carol', 'bob'],
    ])
      expect(pair(a, b).filter(open(kept))).toEqual([]);
    // Rejecting carol's on her own row (X) settles it too; keeping it beside theirs (both labels) as well.
    const [others] = pair('alice', 'bob').filter(open(agreed));
    for (const keep of ['neither', 'a'] as const) {
      const after = afterDecision(
        decide(others, keep, { ...context, gold: agreed.gold }),
        agreed.gold,
        agreed.rejected,
      );
      expect(pair('alice', 'carol').filter(open(after))).toEqual([]);
    }
  });
});

describe('a span the reviewer added that no annotator marked (G, helper-178)', () => {
  const layers = new Map([
    ['ann', [span(0, 3, 'claim')]],
    ['bea', [span(0, 8, 'claim')]],
  ]);
  const [difference] = adjudicate(layers, 'ann', 'bea', ['ann', 'bea']);
  // "Kim Jong" as a visit, added while the row was not compared (or decided), overlapping both versions.
  const added: Span = {
    ...span(0, 8, 'visit'),
    created: 500,
    updated: 500,
    id: 'g1',
    documentId: 'd',
    annotator: 'gold',
    text: 'Kim Jong',
    origin: { kind: 'added', annotators: [], by: 'rev', at: 500 },
  };

  it('decides no difference it overlaps', () => {
    const state = decisionOf(difference, [added], []);
    expect(state.edited).toBe(false);
    expect(isDecided(state)).toBe(false);
  });

  it('stays in gold when a difference it overlaps is decided, where an edit of that row is replaced', () => {
    const decision = decide(difference, 'b', { ...context, gold: [added] });
    expect(decision.drop.map((place) => [place.start, place.end, place.label])).not.toContainEqual([0, 8, 'visit']);
    const edited: Span = { ...added, origin: { ...added.origin!, kind: 'edited' } };
    const redecided = decide(difference, 'b', { ...context, gold: [edited] });
    expect(redecided.drop.map((place) => [place.start, place.end, place.label])).toContainEqual([0, 8, 'visit']);
  });
});
