import { describe, expect, it } from 'vitest';
import { adjudicate, type LayerPlace } from '../../../src/lib/model/adjudication';
import { isDecided } from '../../../src/lib/state/decisionState';
import { afterDecision, decide, decisionOf, openAgreements } from '../../../src/lib/state/reviewDecisions';

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
