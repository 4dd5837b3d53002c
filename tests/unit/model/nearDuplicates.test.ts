import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimatedSimilarity,
  findNearDuplicates,
  NearDuplicateIndex,
  shingleHashes,
  signatureOf,
  textSignature,
} from '../../../src/lib/model/nearDuplicates';

const corpusFolder = join(import.meta.dirname, '../../../public/corpus');
const corpus = readdirSync(corpusFolder)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => ({ id: name.replace(/\.txt$/u, ''), text: readFileSync(join(corpusFolder, name), 'utf8') }));

/** The exact Jaccard similarity of two texts' shingle sets. */
function jaccard(left: string, right: string): number {
  const a = new Set(shingleHashes(left));
  const b = new Set(shingleHashes(right));
  const shared = [...a].filter((value) => b.has(value)).length;
  return shared / (a.size + b.size - shared);
}

const WORDS = 'the minister said talks in vienna would resume after a visit to moscow and kyiv on monday'.split(' ');

describe('near-duplicate documents', () => {
  it('finds the Fox article scraped twice in the default corpus (000 and 001), and nothing else', () => {
    const pairs = findNearDuplicates(corpus);
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([['000_c25c54a9dd113007', '001_1588cc6f968110a1']]);
    // Their word 5-grams overlap by 0.63; the signature's estimate is near it.
    const exact = jaccard(corpus[0].text, corpus[1].text);
    expect(exact).toBeCloseTo(0.63, 2);
    expect(Math.abs(pairs[0].similarity - exact)).toBeLessThan(0.15);
  });

  it('finds the same pairs from signatures computed earlier (as a kept Worker holds them)', () => {
    const index = new NearDuplicateIndex();
    const signatures = corpus.map((document) => [document.id, textSignature(document.text)] as const);
    for (const [id, signature] of signatures) index.addSigned(id, signature);
    index.addSigned('empty', textSignature(' — '));
    expect(textSignature(' — ')).toBeNull();
    expect(index.size).toBe(corpus.length);
    expect(index.pairs()).toEqual(findNearDuplicates(corpus));
  });

  it('reads words whatever their case, spacing and punctuation; a text without words duplicates nothing', () => {
    const text = corpus[4].text;
    const shouted = text.toUpperCase().replace(/\s+/gu, '  \r\n');
    expect(
      findNearDuplicates([
        { id: 'quiet', text },
        { id: 'loud', text: shouted },
        { id: 'empty', text: ' … — ' },
        { id: 'also-empty', text: '' },
      ]),
    ).toEqual([{ a: 'quiet', b: 'loud', similarity: 1 }]);
  });

  it('finds a copy with one word in thirty changed, and not one with every other word changed', () => {
    const words = corpus[4].text.split(/\s+/u);
    const edited = (every: number) =>
      words.map((word, index) => (index % every === 0 ? `edited${index}` : word)).join(' ');
    const pairs = findNearDuplicates([
      { id: 'original', text: corpus[4].text },
      { id: 'lightly', text: edited(30) },
      { id: 'heavily', text: edited(2) },
    ]);
    expect(pairs.map(({ a, b }) => `${a}/${b}`)).toEqual(['original/lightly']);
  });

  it('estimates the Jaccard similarity of any two texts within 0.25 (64 hash functions)', () => {
    const text = fc.array(fc.constantFrom(...WORDS), { minLength: 30, maxLength: 120 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(text, text, fc.nat({ max: 100 }), (left, other, keep) => {
        // The second text: a share of the first's words kept in place, the rest from another text.
        const leftWords = left.split(' ');
        const otherWords = other.split(' ');
        const right = leftWords
          .map((word, index) => (index % 100 < keep ? word : (otherWords[index] ?? word)))
          .join(' ');
        const estimate = estimatedSimilarity(signatureOf(shingleHashes(left)), signatureOf(shingleHashes(right)));
        expect(Math.abs(estimate - jaccard(left, right))).toBeLessThan(0.25);
      }),
      { numRuns: 200 },
    );
  });
});
