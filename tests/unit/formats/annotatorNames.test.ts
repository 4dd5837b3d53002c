import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../src/lib/formats/format';
import { readRecords } from '../../../src/lib/formats/registry';

async function read(lines: object[], format: 'doccano' | 'native' = 'doccano'): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const text = lines.map((line) => JSON.stringify(line)).join('\n');
  for await (const item of readRecords(new File([text], 'names.jsonl'), format)) items.push(item);
  return items;
}

const annotatorsOf = (items: SourceItem[]) =>
  items.flatMap((item) => ('record' in item ? [item.record.annotator] : []));
const notesOf = (items: SourceItem[]) => items.flatMap((item) => ('note' in item ? [item.note] : []));

describe('annotator names on import', () => {
  it('are trimmed, so " alice " and "alice" are one layer, said in a note; spaces inside stay, a line break is a space', async () => {
    const items = await read([
      { text: 'Lavrov denied it', label: [[0, 6, 'PER']], annotator: ' alice ' },
      { text: 'Lavrov denied it', label: [[7, 13, 'PER']], annotator: 'alice' },
      { text: 'Kim met Putin', label: [[0, 3, 'PER']], annotator: ' José  María\t' },
      { text: 'Kim met Putin', label: [[4, 7, 'PER']], annotator: 'Ann\nLee' },
      { text: 'Kim met Putin', label: [[8, 13, 'PER']], annotator: '   ' },
    ]);
    expect(annotatorsOf(items)).toEqual(['alice', 'alice', 'José  María', 'Ann Lee', null]);
    expect(notesOf(items)).toEqual([
      'Annotator names with white space around them (or a tab or line break in them) were tidied (4 records): " alice " → "alice" (1 record, first on line 1), " José  María\\t" → "José  María" (1 record, first on line 3), "Ann\\nLee" → "Ann Lee" (1 record, first on line 4), "   " → no name (the layer chosen here) (1 record, first on line 5).',
    ]);
    expect(items.some((item) => 'error' in item)).toBe(false);
  });

  it('refuse a record whose annotator holds a control character, naming the line; say nothing of clean names', async () => {
    const items = await read(
      [
        { id: 'a', text: 'Kim', spans: [{ start: 0, end: 3, label: 'PER' }], annotator: 'ann' },
        { id: 'b', text: 'Kim', spans: [{ start: 0, end: 3, label: 'PER' }], annotator: 'a\u0007b' },
      ],
      'native',
    );
    expect(annotatorsOf(items)).toEqual(['ann']);
    expect(items.flatMap((item) => ('error' in item ? [item.error] : []))).toEqual([
      { line: 2, message: 'the annotator "a\\u0007b" holds a control character' },
    ]);
    expect(notesOf(items)).toEqual([]);
  });

  it('refuse a record in the review’s rejected layer (its spans would be shown and exported nowhere), naming the line', async () => {
    const items = await read(
      [
        { id: 'a', text: 'Kim', spans: [{ start: 0, end: 3, label: 'PER' }], annotator: 'gold' },
        { id: 'b', text: 'Kim', spans: [{ start: 0, end: 3, label: 'PER' }], annotator: ' gold:rejected' },
      ],
      'native',
    );
    expect(annotatorsOf(items)).toEqual(['gold']);
    expect(items.flatMap((item) => ('error' in item ? [item.error] : []))).toEqual([
      {
        line: 2,
        message:
          'the annotator " gold:rejected" is the name the review keeps its rejected versions under, which no layer may take: rename it in the file',
      },
    ]);
  });
});
