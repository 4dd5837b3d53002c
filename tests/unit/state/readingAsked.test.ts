import { describe, expect, it } from 'vitest';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** A doccano line: `spans` as [start, end, label], counted as given. */
const doccano = (id: string, text: string, spans: [number, number, string][]) =>
  JSON.stringify({ id, text, label: spans });

/** The offsets of the first `needle` of `text`, in code points or UTF-16 units. */
function at(text: string, needle: string, utf16 = false): [number, number] {
  const index = text.indexOf(needle);
  const count = (part: string) => (utf16 ? part.length : [...part].length);
  return [count(text.slice(0, index)), count(text.slice(0, index)) + count(needle)];
}

async function readyCard(name: string, lines: string[]) {
  const workbench = await startWorkbench();
  const transfers = new Transfers(workbench.store);
  await transfers.add([new File([lines.join('\n')], name)], 'ann');
  const [item] = transfers.pending;
  await until(() => item.state.kind === 'ready');
  return item;
}

describe('an import card asking which offset reading to import by', () => {
  it('asks when only the spans after an emoji cut a word, and UTF-16 fits them all (helper-163)', async () => {
    const text = 'Kim met Putin 😀 and Xi Jinping.';
    const spans = (['Kim', 'Putin', 'Xi Jinping'] as const).map(
      (needle) => [...at(text, needle, true), 'claim'] as [number, number, string],
    );
    const item = await readyCard('partial.jsonl', [doccano('p', text, spans)]);
    expect(item.readingAsked).toBe(true);
    expect(item.canCommit).toBe(false);
  });

  it('does not hold back a correct CJK file with one sloppy span, which an end moved by one would fit (helper-164)', async () => {
    // Code points, right: but "海淀区 " ends on a space, and in Han text no end moved by one cuts a word.
    const lines = [
      doccano('a', '北京市海淀区 中关村大街', [[...at('北京市海淀区 中关村大街', '海淀区 '), 'place']]),
      doccano('b', '上海市浦东新区陆家嘴', [
        [...at('上海市浦东新区陆家嘴', '上海市'), 'place'],
        [...at('上海市浦东新区陆家嘴', '浦东新区'), 'place'],
      ]),
      doccano('c', '广州市天河区人民', [[...at('广州市天河区人民', '天河区'), 'place']]),
    ];
    const item = await readyCard('cjk.jsonl', lines);
    const edges = item.state.kind === 'ready' ? item.state.analysis.offsets.edges : null;
    expect(edges?.reading?.inclusiveEnd).toBe(true);
    expect(edges?.missed).toBe(1);
    expect(item.readingAsked).toBe(false);
    expect(item.canCommit).toBe(true);
  });
});
