import { describe, expect, it } from 'vitest';
import { texts, useTwoDocuments } from '../../support/twoDocuments';
import { until } from '../../support/workbench';

/**
 * "Order: by disagreement" lists the documents worst first as docs/agreement.md says
 * (`rankDocuments`): by score, then by disputed tokens, then by id; not by score alone.
 */
const { open, span, review } = useTwoDocuments('order');

describe('the Review list by disagreement', () => {
  it('breaks a tie of scores by disputed tokens: the document with more of them first', async () => {
    await open();
    // Every token of each document disputed (score 1): d1 has 6 tokens, d2 has 7.
    await span('ann', 'd1', texts.d1, 'claim');
    await span('bea', 'd1', texts.d1, 'denial');
    await span('ann', 'd2', texts.d2, 'claim');
    await span('bea', 'd2', texts.d2, 'denial');
    const page = await review();
    await until(() => page.entries.length === 2 && page.entries.every((entry) => entry.disagreement !== null));
    expect(page.entries.map((entry) => [entry.document.id, entry.disagreement])).toEqual([
      ['d1', 1],
      ['d2', 1],
    ]);
    page.order = 'disagreement';
    expect(page.entries.map((entry) => entry.document.id)).toEqual(['d2', 'd1']);
  });
});
