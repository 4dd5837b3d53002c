import { describe, expect, it } from 'vitest';
import { doccanoFormat } from '../../../src/lib/formats/doccano';
import type { FileFormat, SourceItem } from '../../../src/lib/formats/format';
import { labelStudioFormat } from '../../../src/lib/formats/labelStudio';
import { nativeFormat } from '../../../src/lib/formats/native';
import type { OffsetReading } from '../../../src/lib/formats/offsetReadings';
import { prodigyFormat } from '../../../src/lib/formats/prodigy';

/** An empty span (start = end) in another tool's export: left out and counted, never the whole file refused. */
const TEXT = 'Kim met Putin in Vladivostok.';
const CODE_POINTS: OffsetReading = { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false };

async function read(format: FileFormat, content: string, reading = CODE_POINTS): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of format.read(new File([content], 'export'), { reading })) items.push(item);
  return items;
}
const spansOf = (items: SourceItem[]) =>
  items.flatMap((item) => ('record' in item ? item.record.spans.map((span) => `${span.label} ${span.text}`) : []));
const emptyLoss = (items: SourceItem[]) =>
  items.flatMap((item) => ('loss' in item && item.loss.what.startsWith('empty spans') ? [item.loss] : []));
const errorsOf = (items: SourceItem[]) => items.flatMap((item) => ('error' in item ? [item.error.message] : []));

const lines = (...records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

describe('empty spans in an import', () => {
  it('native JSONL: left out, counted with each line and span, the other spans read', async () => {
    const items = await read(
      nativeFormat,
      lines(
        { id: 'a', text: TEXT, spans: [{ start: 8, end: 13, label: 'PER' }] },
        {
          id: 'b',
          text: TEXT,
          spans: [
            { start: 0, end: 3, label: 'PER' },
            { start: 4, end: 4, label: 'PER' },
          ],
          entities: [[29, 29, 'LOC']],
        },
      ),
    );
    expect(errorsOf(items)).toEqual([]);
    expect(spansOf(items)).toEqual(['PER Putin', 'PER Kim']);
    expect(emptyLoss(items)).toEqual([
      expect.objectContaining({ count: 2, line: 2, examples: ['line 2, span 2', 'line 2, "entities" span 1'] }),
    ]);
  });

  it('doccano: left out and counted', async () => {
    const items = await read(
      doccanoFormat,
      lines({
        id: 1,
        text: TEXT,
        label: [
          [0, 3, 'PER'],
          [17, 17, 'LOC'],
        ],
      }),
    );
    expect(errorsOf(items)).toEqual([]);
    expect(spansOf(items)).toEqual(['PER Kim']);
    expect(emptyLoss(items)).toEqual([expect.objectContaining({ count: 1, line: 1, examples: ['line 1, span 2'] })]);
  });

  it('Label Studio: a region with no width is left out (once, whatever its labels), the task imported', async () => {
    const region = (start: number, end: number, labels: string[]) => ({
      type: 'labels',
      from_name: 'label',
      to_name: 'text',
      value: { start, end, labels },
    });
    const content = JSON.stringify([
      {
        id: 7,
        data: { text: TEXT },
        annotations: [{ completed_by: 1, result: [region(8, 13, ['PER']), region(3, 3, ['PER', 'LOC'])] }],
      },
    ]);
    const items = await read(labelStudioFormat, content);
    expect(errorsOf(items)).toEqual([]);
    expect(spansOf(items)).toEqual(['PER Putin']);
    expect(emptyLoss(items)).toEqual([
      expect.objectContaining({ count: 1, examples: ['line 1, annotation 1 span 2'] }),
    ]);
  });

  it('Prodigy: left out of an accepted answer and counted', async () => {
    const items = await read(
      prodigyFormat,
      lines({
        text: TEXT,
        answer: 'accept',
        _input_hash: 1,
        spans: [
          { start: 0, end: 0, label: 'PER' },
          { start: 8, end: 13, label: 'PER' },
        ],
      }),
    );
    expect(errorsOf(items)).toEqual([]);
    expect(spansOf(items)).toEqual(['PER Putin']);
    expect(emptyLoss(items)).toEqual([expect.objectContaining({ count: 1, line: 1, examples: ['line 1, span 1'] })]);
  });

  it('still refuses a file whose span runs backwards, lies past the text, or quotes text at no width', async () => {
    const refused = async (span: Record<string, unknown>) =>
      errorsOf(await read(nativeFormat, lines({ id: 'a', text: 'abc', spans: [{ label: 'x', ...span }] })));
    expect(await refused({ start: 2, end: 1 })).toEqual(['span 1 has start 2 ≥ end 1']);
    expect(await refused({ start: 9, end: 9 })).toEqual(['span 1 has start 9 ≥ end 9']);
    expect(await refused({ start: 1, end: 1, text: 'b' })).toEqual([
      expect.stringContaining('span 1 has start 1 ≥ end 1'),
    ]);
  });

  it('refuses an empty span inside a surrogate pair under UTF-16 offsets (the file counts otherwise), not leaves it out', async () => {
    const utf16: OffsetReading = { ...CODE_POINTS, unit: 'utf16' };
    const items = await read(
      nativeFormat,
      lines({ id: 'a', text: '😀 Kim', spans: [{ start: 1, end: 1, label: 'x' }] }),
      utf16,
    );
    expect(errorsOf(items)).toEqual(['span 1 has start 1 ≥ end 1']);
  });

  it('reads an inclusive end as such: start = end + 1 is the empty span, start = end one character', async () => {
    const inclusive: OffsetReading = { ...CODE_POINTS, inclusiveEnd: true };
    const items = await read(
      nativeFormat,
      lines({
        id: 'a',
        text: TEXT,
        spans: [
          { start: 0, end: 0, label: 'PER' },
          { start: 4, end: 3, label: 'PER' },
        ],
      }),
      inclusive,
    );
    expect(errorsOf(items)).toEqual([]);
    expect(spansOf(items)).toEqual(['PER K']);
    expect(emptyLoss(items)).toEqual([expect.objectContaining({ count: 1 })]);
  });
});
