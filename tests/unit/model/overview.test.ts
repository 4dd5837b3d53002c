import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  labelCountsOf,
  labelsInOrder,
  overviewAnnotators,
  paceOf,
  progressOf,
  quantile,
  reviewProgressOf,
  spanExtremesOf,
  spanLengthsOf,
  tokensCovered,
} from '../../../src/lib/model/overview';
import { tokenize } from '../../../src/lib/model/tokens';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type DocumentStatus, type Status } from '../../../src/lib/model/types';

const status = (annotator: string, documentId: string, value: Status, finished?: number): DocumentStatus => ({
  annotator,
  documentId,
  status: value,
  spanCount: 0,
  labels: [],
  updated: 0,
  ...(finished === undefined ? {} : { finished }),
});

describe('the overview figures', () => {
  it('names the annotators with work, and the current one, never the review layers', () => {
    const spans = [{ annotator: 'bea' }, { annotator: GOLD_ANNOTATOR }, { annotator: 'ann' }];
    const statuses = [status(REJECTED_ANNOTATOR, 'a', 'todo'), status('cy', 'a', 'done')];
    expect(overviewAnnotators(spans, statuses, 'zed')).toEqual(['ann', 'bea', 'cy', 'zed']);
  });

  it("counts each annotator's documents done, skipped and to do; documents without a row are to do", () => {
    const statuses = [
      status('ann', 'a', 'done'),
      status('ann', 'b', 'skipped'),
      status('ann', 'c', 'todo'),
      status('bea', 'a', 'done'),
      status('bea', 'gone', 'done'), // a document no longer in the corpus counts nowhere
    ];
    expect(progressOf(['a', 'b', 'c', 'd'], statuses, ['ann', 'bea', 'cy'])).toEqual([
      { annotator: 'ann', done: 1, skipped: 1, todo: 2 },
      { annotator: 'bea', done: 1, skipped: 0, todo: 3 },
      { annotator: 'cy', done: 0, skipped: 0, todo: 4 },
    ]);
  });

  it("counts the review's progress: gold done, documents begun but not done, gold spans and rejections", () => {
    const statuses = [
      status(GOLD_ANNOTATOR, 'a', 'done'),
      status(GOLD_ANNOTATOR, 'b', 'todo'), // reopened, with a span in gold: under review
      status(GOLD_ANNOTATOR, 'd', 'todo'), // left by an undone decision, gold empty: not begun
      status('ann', 'c', 'done'), // an annotator's status is not the review's
      status(GOLD_ANNOTATOR, 'gone', 'done'),
    ];
    const spans = [
      { annotator: GOLD_ANNOTATOR, documentId: 'a' },
      { annotator: GOLD_ANNOTATOR, documentId: 'a' },
      { annotator: GOLD_ANNOTATOR, documentId: 'b' },
      { annotator: REJECTED_ANNOTATOR, documentId: 'c' }, // c: begun by a rejection alone
      // Passed over for another version (kept with the kind "b"): begun, not counted as a rejection.
      { annotator: REJECTED_ANNOTATOR, documentId: 'b', origin: { kind: 'b' as const, annotators: [], by: '', at: 0 } },
      { annotator: 'ann', documentId: 'd' },
      { annotator: GOLD_ANNOTATOR, documentId: 'gone' },
    ];
    // e: no one worked on it, so nothing to review there (helper-171): not counted among the documents.
    expect(reviewProgressOf(['a', 'b', 'c', 'd', 'e'], statuses, spans)).toEqual({
      documents: 4,
      goldDone: 1,
      underReview: 2,
      goldSpans: 3,
      rejected: 1,
    });
  });

  it('counts spans per label per annotator, zeros included, labels of the set first', () => {
    const spans = [
      { label: 'claim', annotator: 'ann' },
      { label: 'claim', annotator: 'ann' },
      { label: 'visit', annotator: 'bea' },
      { label: 'other', annotator: 'bea' },
    ];
    const labels = labelsInOrder(['visit', 'claim'], spans);
    expect(labels).toEqual(['visit', 'claim', 'other']);
    expect(labelCountsOf(spans, labels, ['ann', 'bea'])).toEqual([
      { label: 'visit', annotator: 'ann', spans: 0 },
      { label: 'visit', annotator: 'bea', spans: 1 },
      { label: 'claim', annotator: 'ann', spans: 2 },
      { label: 'claim', annotator: 'bea', spans: 0 },
      { label: 'other', annotator: 'ann', spans: 0 },
      { label: 'other', annotator: 'bea', spans: 1 },
    ]);
  });

  it('takes quantiles by linear interpolation between ranks (R type 7)', () => {
    // [1, 2, 4, 10]: rank (n−1)p = 0.75 → 1 + 0.75·1; 1.5 → 3; 2.25 → 4 + 0.25·6.
    expect(quantile([1, 2, 4, 10], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 4, 10], 0.5)).toBe(3);
    expect(quantile([1, 2, 4, 10], 0.75)).toBe(5.5);
    expect(quantile([7], 0.5)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('measures a span in the word tokens it touches, a part of a word counting the word', () => {
    // Kim's 🙂 visit. → Kim [0,3) 's [3,5) 🙂 [6,7) visit [8,13) . [13,14)
    const tokens = tokenize("Kim's 🙂 visit.");
    expect(tokensCovered(tokens, 0, 3)).toBe(1);
    expect(tokensCovered(tokens, 0, 5)).toBe(2);
    expect(tokensCovered(tokens, 2, 9)).toBe(4); // "m's 🙂 v"
    expect(tokensCovered(tokens, 8, 14)).toBe(2);
    expect(tokensCovered(tokens, 5, 6)).toBe(0); // the space alone
  });

  it('summarises span lengths per label as five numbers and a mean', () => {
    const documents = [{ id: 'd', text: 'one two three four five six seven eight nine ten' }];
    // Lengths in tokens: claim 1, 2, 4, 10; visit 3. Label order from the list; no spans, no row.
    const at = (word: number) => [0, 4, 8, 14, 19, 24, 28, 34, 40, 45, 48][word];
    const span = (label: string, first: number, words: number) => ({
      documentId: 'd',
      label,
      start: at(first),
      end: at(first + words) - 1,
    });
    const spans = [
      span('claim', 0, 1),
      span('claim', 0, 2),
      span('claim', 2, 4),
      span('claim', 0, 10),
      span('visit', 5, 3),
    ];
    spans[3].end = 48;
    expect(spanLengthsOf(documents, spans, ['visit', 'claim', 'denial'])).toEqual([
      { label: 'visit', spans: 1, min: 3, lowerQuartile: 3, median: 3, upperQuartile: 3, max: 3, mean: 3 },
      { label: 'claim', spans: 4, min: 1, lowerQuartile: 1.75, median: 3, upperQuartile: 5.5, max: 10, mean: 4.25 },
    ]);
  });

  it('counts spans made and documents finished per day per annotator, every day between, zeros included', () => {
    const day = (time: number) => `2026-01-0${time}`;
    const spans = [
      { annotator: 'ann', created: 1 },
      { annotator: 'ann', created: 1 },
      { annotator: 'bea', created: 3 },
      { annotator: GOLD_ANNOTATOR, created: 4 }, // not an annotator shown
      { annotator: 'bea', created: 5, imported: true as const }, // labelled elsewhere, before: not this day's work
    ];
    const statuses = [
      status('ann', 'a', 'done', 3),
      status('bea', 'a', 'done'), // done in a file: no day to count it on
      status('bea', 'b', 'todo'),
    ];
    expect(paceOf(spans, statuses, ['ann', 'bea'], day)).toEqual([
      { day: '2026-01-01', annotator: 'ann', spans: 2, documents: 0 },
      { day: '2026-01-01', annotator: 'bea', spans: 0, documents: 0 },
      { day: '2026-01-02', annotator: 'ann', spans: 0, documents: 0 },
      { day: '2026-01-02', annotator: 'bea', spans: 0, documents: 0 },
      { day: '2026-01-03', annotator: 'ann', spans: 0, documents: 1 },
      { day: '2026-01-03', annotator: 'bea', spans: 1, documents: 0 },
    ]);
    expect(paceOf([], [], ['ann'], day)).toEqual([]);
    expect(daysBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('lists the documents with the most and the fewest spans, never one in both nor a tie split between them, and counts the ties they leave out', () => {
    const documents = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id.toUpperCase() }));
    const spans = ['b', 'b', 'b', 'd', 'd', 'e', 'e', 'e'].map((documentId) => ({ documentId }));
    expect(spanExtremesOf(documents, spans, 5)).toEqual({
      most: [
        { id: 'b', title: 'B', spans: 3 },
        { id: 'e', title: 'E', spans: 3 },
      ],
      fewest: [
        { id: 'a', title: 'A', spans: 0 },
        { id: 'c', title: 'C', spans: 0 },
      ],
      mostTied: 0,
      fewestTied: 0,
    });
    expect(spanExtremesOf(documents.slice(0, 1), spans)).toEqual({
      most: [{ id: 'a', title: 'A', spans: 0 }],
      fewest: [],
      mostTied: 0,
      fewestTied: 0,
    });
    // A corpus with no span yet: all tie, none has the most, and the fewest say how many more have none.
    const none = spanExtremesOf(documents, [], 5);
    expect([none.most, none.fewest.map((entry) => entry.id), none.fewestTied]).toEqual([[], ['a', 'b'], 3]);
    // Three documents with 9 spans: one among the most, and two more counted; none among the fewest.
    const counts = { a: 20, b: 9, c: 9, d: 9, e: 5 };
    const many = Object.entries(counts).flatMap(([documentId, count]) =>
      Array.from({ length: count }, () => ({ documentId })),
    );
    const split = spanExtremesOf(documents, many, 5);
    expect(split.most.map((entry) => `${entry.id}:${entry.spans}`)).toEqual(['a:20', 'b:9']);
    expect(split.mostTied).toBe(2);
    expect(split.fewest.map((entry) => `${entry.id}:${entry.spans}`)).toEqual(['e:5']);
  });
});
