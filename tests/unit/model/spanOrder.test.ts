import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerKey, parseLayerKey } from '../../../src/lib/model/layerKey';
import { samePlace, spanKey } from '../../../src/lib/model/spanIdentity';
import { compareSpans, insertSorted, sortSpans } from '../../../src/lib/model/spanOrder';

describe('sortSpans', () => {
  it('orders by start, end, label and returns sorted input as is', () => {
    const sorted = [
      { start: 0, end: 2, label: 'b', text: '' },
      { start: 0, end: 3, label: 'a', text: '' },
      { start: 1, end: 2, label: 'a', text: '' },
    ];
    expect(sortSpans(sorted)).toBe(sorted);
    expect(sortSpans([sorted[2], sorted[1], sorted[0]])).toEqual(sorted);
    expect(
      sortSpans([
        { start: 0, end: 2, label: 'b', text: '' },
        { start: 0, end: 2, label: 'a', text: '' },
      ]).map((span) => span.label),
    ).toEqual(['a', 'b']);
  });
});

describe('insertSorted', () => {
  it('puts a span where a full sort would, for any layer', () => {
    const span = fc.record({
      start: fc.nat(20),
      end: fc.nat(20),
      label: fc.constantFrom('a', 'b'),
      id: fc.string({ maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), span, (layer, added) => {
        const sorted = [...layer].sort(compareSpans);
        expect(insertSorted(sorted, added)).toEqual([...layer, added].sort(compareSpans));
      }),
    );
  });
});

describe('span identity', () => {
  it('is the place and the label', () => {
    expect(spanKey({ start: 3, end: 9, label: 'claim' })).toBe('3:9:claim');
    expect(samePlace({ start: 3, end: 9, label: 'claim' }, { start: 3, end: 9, label: 'claim' })).toBe(true);
    expect(samePlace({ start: 3, end: 9, label: 'claim' }, { start: 3, end: 9, label: 'visit' })).toBe(false);
  });
});

describe('layerKey', () => {
  it('names a layer by document and annotator, whatever characters they hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (documentId, annotator) => {
        expect(parseLayerKey(layerKey(documentId, annotator))).toEqual({ documentId, annotator });
      }),
    );
    // An id holding the separator an earlier encoding used stays apart from its annotator.
    expect(layerKey('a\u0000b', 'c')).not.toBe(layerKey('a', 'b\u0000c'));
  });
});
