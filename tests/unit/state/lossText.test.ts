import { describe, expect, it } from 'vitest';
import { lossText } from '../../../src/lib/state/transfers.svelte';
import { labelStudioItems } from '../../../src/lib/formats/labelStudio';
import type { Loss } from '../../../src/lib/formats/format';
import { addLoss } from '../../../src/lib/storage/importTypes';

describe('a loss as the import card says it', () => {
  it('names the line of the first one, and where it is a JSON record’s, the record that starts there', () => {
    const why = 'Spanwright keeps spans, not relations between them';
    expect(lossText({ what: 'relations', why, count: 1, line: 7 })).toBe(
      `relations: 1, because ${why} (the first on line 7)`,
    );
    // A pretty-printed Label Studio export: the relation is far below the line its task starts on.
    const task = {
      id: 1,
      data: { text: 'Kim met Putin.' },
      annotations: [
        {
          completed_by: 1,
          result: [
            { id: 'a', type: 'labels', value: { start: 0, end: 3, text: 'Kim', labels: ['person'] } },
            { id: 'b', type: 'labels', value: { start: 8, end: 13, text: 'Putin', labels: ['person'] } },
            { type: 'relation', from_id: 'a', to_id: 'b', direction: 'right' },
          ],
        },
      ],
    };
    const file = JSON.stringify([task], null, 2);
    expect(file.split('\n').findIndex((line) => line.includes('"relation"'))).toBeGreaterThan(20);
    const loss = labelStudioItems(file).flatMap((item) => ('loss' in item ? [item.loss] : []))[0];
    expect(lossText(loss)).toBe(`relations: 1, because ${why} (the first in the record on line 2)`);
    // Counted with a kind first seen without a line (another file of the drop), it still says so.
    const losses = new Map<string, Loss>();
    addLoss(losses, { what: 'relations', why, count: 2 }, 5);
    addLoss(losses, loss, 5);
    expect(lossText([...losses.values()][0])).toBe(`relations: 3, because ${why} (the first in the record on line 2)`);
  });
});
