import { describe, expect, it } from 'vitest';
import { adjudicate, disagreeingRanges, versionsOf } from '../../../src/lib/model/adjudication';
import type { SpanPlace } from '../../../src/lib/model/spanIdentity';

const span = (start: number, end: number, label: string): SpanPlace => ({ start, end, label });
const layers = (entries: Record<string, SpanPlace[]>) => new Map(Object.entries(entries));

describe('adjudicate', () => {
  it('pairs A and B as layerDiff does, in reading order, each version with who of the set marked it', () => {
    const differences = adjudicate(
      layers({
        ann: [span(0, 3, 'claim'), span(10, 15, 'claim'), span(20, 25, 'visit')],
        bea: [span(0, 3, 'claim'), span(10, 15, 'denial'), span(21, 25, 'visit')],
      }),
      'ann',
      'bea',
      ['ann', 'bea'],
    );
    expect(differences.map((difference) => difference.kind)).toEqual(['match', 'label', 'boundary']);
    expect(differences[0].a?.annotators).toEqual(['ann', 'bea']);
    expect(differences[1].a?.annotators).toEqual(['ann']);
    // Two annotators: no majority to propose.
    expect(differences.every((difference) => difference.majority === null)).toBe(true);
    expect([differences[2].start, differences[2].end]).toEqual([20, 25]);
  });

  it('proposes the version more than half the set marked, and shows what only the others agree on', () => {
    const differences = adjudicate(
      layers({
        ann: [span(10, 15, 'claim')],
        bea: [span(10, 15, 'denial'), span(30, 34, 'visit')],
        cai: [span(10, 15, 'denial'), span(40, 44, 'claim')],
        dan: [span(10, 15, 'claim'), span(40, 44, 'claim'), span(30, 34, 'visit')],
        eve: [span(40, 44, 'claim')],
      }),
      'ann',
      'bea',
      ['ann', 'bea', 'cai', 'dan', 'eve'],
    );
    const [label, onlyB, others] = differences;
    expect(label.kind).toBe('label');
    // claim: ann, dan; denial: bea, cai. Two of five is no majority.
    expect(label.majority).toBeNull();
    expect(onlyB.kind).toBe('onlyB');
    expect(onlyB.b?.annotators).toEqual(['bea', 'dan']);
    expect(onlyB.majority).toBeNull();
    // Three of five marked [40,44) claim, neither A nor B among them.
    expect(others).toMatchObject({ kind: 'others', start: 40, end: 44, majority: span(40, 44, 'claim') });
    expect(others.others?.annotators).toEqual(['cai', 'dan', 'eve']);
    expect(versionsOf(others)).toHaveLength(1);
  });

  it('lists a span only another annotator of the set marked, once, with who marked it and no majority', () => {
    const differences = adjudicate(layers({ a: [], b: [], c: [span(0, 2, 'claim'), span(0, 2, 'claim')] }), 'a', 'b', [
      'a',
      'b',
      'c',
    ]);
    expect(differences).toEqual([
      { kind: 'others', others: { span: span(0, 2, 'claim'), annotators: ['c'] }, start: 0, end: 2, majority: null },
    ]);
  });

  it('lists what a compared annotator alone marked among the pair’s differences, in reading order', () => {
    // alice and bob agree on a claim, alice alone marks a sanction, carol alone a visit.
    const differences = adjudicate(
      layers({
        alice: [span(0, 33, 'claim'), span(50, 70, 'sanction')],
        bob: [span(0, 33, 'claim')],
        carol: [span(90, 128, 'visit')],
      }),
      'alice',
      'bob',
      ['alice', 'bob', 'carol'],
    );
    expect(differences.map((difference) => [difference.kind, difference.start, difference.end])).toEqual([
      ['match', 0, 33],
      ['onlyA', 50, 70],
      ['others', 90, 128],
    ]);
    expect(differences[2].others?.annotators).toEqual(['carol']);
    expect(differences[2].majority).toBeNull();
  });

  it('counts only the set: B left out (not worked on the document) is no vote against a majority', () => {
    // bea skipped the document, so the set here is ann, cai and dan: claim is 2 of 3, a majority.
    const spans = layers({
      ann: [span(10, 15, 'claim')],
      bea: [span(10, 15, 'visit')],
      cai: [span(10, 15, 'claim')],
      dan: [span(10, 15, 'denial')],
    });
    const [only] = adjudicate(spans, 'ann', 'bea', ['ann', 'cai', 'dan']);
    expect(only).toMatchObject({ kind: 'onlyA', majority: span(10, 15, 'claim') });
    expect(only.a?.annotators).toEqual(['ann', 'cai']);
    // dan's denial is a difference of its own; bea's visit is not read.
    expect(adjudicate(spans, 'ann', 'bea', ['ann', 'cai', 'dan']).map((difference) => difference.kind)).toEqual([
      'onlyA',
      'others',
    ]);
  });
});

describe('disagreeingRanges', () => {
  it('marks the characters one version covers and another does not, or covers with another label', () => {
    const [boundary] = adjudicate(layers({ a: [span(2, 10, 'claim')], b: [span(4, 12, 'claim')] }), 'a', 'b', [
      'a',
      'b',
    ]);
    expect(disagreeingRanges(boundary)).toEqual([
      [2, 4],
      [10, 12],
    ]);
    const [label] = adjudicate(layers({ a: [span(2, 10, 'claim')], b: [span(2, 10, 'visit')] }), 'a', 'b', ['a', 'b']);
    expect(disagreeingRanges(label)).toEqual([[2, 10]]);
    const [match] = adjudicate(layers({ a: [span(2, 10, 'claim')], b: [span(2, 10, 'claim')] }), 'a', 'b', ['a', 'b']);
    expect(disagreeingRanges(match)).toEqual([]);
  });
});
