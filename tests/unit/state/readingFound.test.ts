import { describe, expect, it } from 'vitest';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const UTF16 = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false } as const;

/** A Spanwright JSONL line whose spans quote their text, at JavaScript's (UTF-16) offsets. */
function utf16Line(id: string, text: string, needles: string[]): string {
  const spans = needles.map((needle) => {
    const start = text.indexOf(needle);
    return { start, end: start + needle.length, label: 'claim', text: needle };
  });
  return JSON.stringify({ id, text, spans });
}

async function analysed(lines: string[]) {
  const workbench = await startWorkbench();
  const transfers = new Transfers(workbench.store);
  await transfers.add([new File([lines.join('\n')], 'model.jsonl')], 'ann');
  const [item] = transfers.pending;
  const settled = () => item.state.kind === 'ready' || item.state.kind === 'refused';
  await until(settled);
  return { transfers, item, settled };
}

describe('an import card reading a file by the reading its quotes found', () => {
  const text = 'Kim 👩‍👩‍👧 met Putin 🇷🇺 in Vladivostok.';
  const lines = [utf16Line('v', text, ['Kim', 'met Putin', 'Vladivostok'])];

  it('reads by UTF-16 units when code points miss quotes they all fit, says so, and never overrides a reading chosen', async () => {
    const { transfers, item, settled } = await analysed(lines);
    expect(item.state.kind).toBe('ready');
    expect(item.reading).toEqual(UTF16);
    expect(item.readingFound).toMatchObject({ from: CODE_POINTS, reading: UTF16, missed: 2, quoted: 3 });
    // Code points chosen: kept, refused, and offered the other as before.
    transfers.reanalyse(item, 'native', 'ann', CODE_POINTS);
    await until(() => settled() && item.reading.unit === 'codepoint');
    await until(settled);
    expect(item.state.kind).toBe('refused');
    expect(item.readingFound).toBeNull();
    // Another layer, or the same format again: the reading chosen stays.
    transfers.importInto(item, 'bea', 'ann');
    await until(() => settled() && item.intoAnnotator === 'bea');
    expect(item.reading).toEqual(CODE_POINTS);
    expect(item.state.kind).toBe('refused');
  });

  it('keeps what the quotes found through another layer, and reads from code points again under another format', async () => {
    const { transfers, item, settled } = await analysed(lines);
    transfers.importInto(item, 'bea', 'ann');
    await until(() => settled() && item.intoAnnotator === 'bea');
    expect(item.reading).toEqual(UTF16);
    expect(item.readingFound).toMatchObject({ from: CODE_POINTS, reading: UTF16 });
    // Read as doccano, whose spans quote nothing: from code points again, the quotes having found UTF-16 for
    // the format before (not kept on, with no note to say why).
    transfers.reanalyse(item, 'doccano', 'ann');
    await until(() => settled() && item.format === 'doccano');
    expect(item.reading).toEqual(CODE_POINTS);
    expect(item.readingFound).toBeNull();
    // Back to Spanwright JSONL: found again, from code points.
    transfers.reanalyse(item, 'native', 'ann');
    await until(() => settled() && item.format === 'native' && item.reading.unit === 'utf16');
    expect(item.readingFound).toMatchObject({ from: CODE_POINTS, reading: UTF16, missed: 2 });
    expect(item.state.kind).toBe('ready');
  });
});
