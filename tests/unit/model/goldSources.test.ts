import { describe, expect, it } from 'vitest';
import { goneFromLayers } from '../../../src/lib/model/goldSources';
import type { Span, SpanOrigin } from '../../../src/lib/model/types';

const span = (annotator: string, start: number, end: number, label: string, origin?: Partial<SpanOrigin>): Span => ({
  id: `${annotator}:${start}-${end}:${label}`,
  documentId: 'd',
  annotator,
  start,
  end,
  label,
  text: 'x'.repeat(end - start),
  created: 1,
  updated: 1,
  ...(origin ? { origin: { kind: 'a', annotators: [], by: 'rev', at: 1, ...origin } } : {}),
});

describe('goneFromLayers', () => {
  const layers: Record<string, Span[]> = {
    ann: [span('ann', 0, 5, 'claim')],
    bea: [span('bea', 10, 14, 'denial')],
  };
  const layerOf = (name: string) => layers[name];

  it('names the gold spans none of their annotators holds any more, by place and label', () => {
    const gold = [
      span('gold', 0, 5, 'claim', { kind: 'a', annotators: ['ann'] }), // still ann's
      span('gold', 10, 14, 'claim', { kind: 'both', annotators: ['ann'] }), // ann relabelled it: bea's denial is not it
      span('gold', 20, 25, 'visit', { kind: 'agreed', annotators: ['ann', 'bea'] }), // both removed it
      span('gold', 10, 14, 'denial', { kind: 'majority', annotators: ['ann', 'bea'] }), // bea still holds it
    ];
    expect(goneFromLayers(gold, layerOf)).toEqual(
      new Map([
        ['gold:10-14:claim', ['ann']],
        ['gold:20-25:visit', ['ann', 'bea']],
      ]),
    );
  });

  it('counts neither the reviewer’s own spans, nor spans without a record, nor those of layers not read', () => {
    const gold = [
      span('gold', 30, 35, 'claim', { kind: 'edited', annotators: ['ann'] }),
      span('gold', 40, 45, 'claim'),
      span('gold', 50, 55, 'claim', { kind: 'b', annotators: ['cy'] }), // cy is not compared now
      span('gold', 60, 65, 'claim', { kind: 'majority', annotators: ['cy', 'ann'] }), // cy may hold it still
      span('gold', 70, 75, 'claim', { kind: 'a', annotators: [] }), // kept when no annotator held it
      span('gold', 0, 6, 'claim', { kind: 'a', annotators: ['ann'] }), // ann's is 0–5 now: resized, gone
    ];
    expect(goneFromLayers(gold, layerOf)).toEqual(new Map([['gold:0-6:claim', ['ann']]]));
  });

  it('names an agreement gone once one of those who agreed holds it no more, with them alone (helper-209)', () => {
    const gold = [
      span('gold', 0, 5, 'claim', { kind: 'agreed', annotators: ['ann', 'bea'] }), // bea took hers out
      span('gold', 0, 5, 'claim', { kind: 'a', annotators: ['ann', 'bea'] }), // a version chosen: ann still holds it
      span('gold', 10, 14, 'denial', { kind: 'agreed', annotators: ['bea', 'cy'] }), // cy not read: not counted
    ];
    gold[1].id = 'gold:chosen';
    expect(goneFromLayers(gold, layerOf)).toEqual(new Map([['gold:0-5:claim', ['bea']]]));
  });
});
