import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { tokenize } from '../../../src/lib/model/tokens';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { ontoRespacedText } from '../../../src/lib/formats/respaced';
import { tokenRanges } from '../../../src/lib/formats/tokenTags';
import { trickyText } from '../arbitraries';

const record = (text: string, spans: [number, number][]): AnnotatedRecord => ({
  id: 'd',
  text,
  title: 'd',
  annotator: null,
  status: null,
  meta: {},
  spans: spans.map(([start, end]) => ({ start, end, label: 'x', text: sliceCodePoints(text, start, end) })),
  tokensOnly: true,
});

describe('ontoRespacedText', () => {
  it('moves spans over tokens rebuilt with one space onto the text they came from, for any text', () => {
    fc.assert(
      fc.property(trickyText, fc.array(fc.nat(), { maxLength: 6 }), (text, picks) => {
        const tokens = tokenize(text).map(({ start, end }) => sliceCodePoints(text, start, end));
        fc.pre(tokens.length > 0);
        const rebuilt = tokens.join(' ');
        const ranges = tokenRanges(tokens);
        // Spans from one token to another, as tags give them.
        const spans = picks.map((pick): [number, number] => {
          const first = pick % ranges.length;
          const last = Math.min(ranges.length - 1, first + (pick % 3));
          return [ranges[first].start, ranges[last].end];
        });
        const moved = ontoRespacedText(record(rebuilt, spans), text);
        // The tokens keep every character but white space (the tokenizer drops only that).
        expect(moved).not.toBeNull();
        expect(moved!.text).toBe(text);
        spans.forEach(([start, end], index) => {
          const span = moved!.spans[index];
          expect(sliceCodePoints(text, span.start, span.end)).toBe(span.text);
          expect(span.text.replace(/\s/gu, '')).toBe(sliceCodePoints(rebuilt, start, end).replace(/\s/gu, ''));
        });
      }),
    );
  });

  it('refuses other characters, more of them, or a span that starts or ends on a space', () => {
    expect(ontoRespacedText(record('Kim met Putin', [[0, 3]]), 'Kim met Biden')).toBeNull();
    expect(ontoRespacedText(record('Kim met', [[0, 3]]), 'Kim met Putin')).toBeNull();
    expect(ontoRespacedText(record('Kim met Putin', [[3, 7]]), 'Kim  met Putin')).toBeNull();
    expect(ontoRespacedText(record('Kim met Putin', [[0, 4]]), 'Kim  met Putin')).toBeNull();
    expect(ontoRespacedText(record('Kim met Putin', [[4, 13]]), 'Kim\r\nmet  Putin\n')?.spans).toEqual([
      { start: 5, end: 15, label: 'x', text: 'met  Putin' },
    ]);
  });
});
