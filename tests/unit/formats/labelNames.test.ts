/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../src/lib/formats/format';
import { readRecords } from '../../../src/lib/formats/registry';

async function read(text: string, name: string, format: 'doccano' | 'native'): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readRecords(new File([text], name), format)) items.push(item);
  return items;
}

const labelsOf = (items: SourceItem[]) =>
  items.flatMap((item) => ('record' in item ? [item.record.spans.map((span) => span.label)] : []));

describe('label names with white space around them, on import', () => {
  it('are trimmed, and a note counts and names each one, saying which joins a label the file also gives', async () => {
    const items = await read(
      readFileSync('tests/fixtures/formats/doccano/spaced_labels.jsonl', 'utf8'),
      'spaced_labels.jsonl',
      'doccano',
    );
    expect(labelsOf(items)).toEqual([
      ['Never Seen Label', 'per', 'spaced'],
      ['spaced', 'per'],
    ]);
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('trimmed (2 spans)');
    expect(notes[0]).toContain(
      '"  spaced  " → "spaced" (1 span, first on line 1; joins the label "spaced" the file also gives)',
    );
    expect(notes[0]).toContain('"per " → "per" (1 span, first on line 2; joins the label "per" the file also gives)');
    expect(items.some((item) => 'error' in item)).toBe(false);
  });

  it('refuse a record whose label is only white space, naming the line', async () => {
    const text = [
      '{"id":"a","text":"Kim","spans":[{"start":0,"end":3,"label":"PER"}]}',
      '{"id":"b","text":"Kim","spans":[{"start":0,"end":3,"label":"   "}]}',
    ].join('\n');
    const items = await read(text, 'blank.jsonl', 'native');
    expect(items.filter((item) => 'error' in item)).toEqual([
      { error: { line: 2, message: 'record "b": a span\'s label "   " is only white space: give it a name' } },
    ]);
    expect(items.some((item) => 'note' in item)).toBe(false);
  });

  it('refuse a record whose label Settings would refuse (a control character, over 64 characters), naming the line', async () => {
    const long = 'x'.repeat(65);
    const text = [
      '{"text":"Kim","label":[[0,3,"PER"]]}',
      '{"text":"Kim met","label":[[0,3,"PER\\u0007"]]}',
      `{"text":"Kim","label":[[0,3,"${long}"]]}`,
    ].join('\n');
    const items = await read(text, 'bad_labels.jsonl', 'doccano');
    expect(items.flatMap((item) => ('error' in item ? [item.error] : []))).toEqual([
      {
        line: 2,
        message: expect.stringMatching(
          /^record ".+": a span's label "PER\\u0007" cannot be kept: a label name cannot contain control characters$/u,
        ),
      },
      {
        line: 3,
        message: expect.stringMatching(/cannot be kept: a label name is at most 64 characters$/u),
      },
    ]);
    expect(labelsOf(items)).toEqual([['PER']]);
  });

  it('refuse a record whose label shows nothing (zero-width spaces, the blank braille cell), naming the line and the characters', async () => {
    const text = [
      '{"id":"a","text":"Kim","label":[[0,3,"PER"]]}',
      '{"id":"b","text":"Kim","label":[[0,3,"\\u200b"]]}',
      '{"id":"c","text":"Kim","label":[[0,3,"\\u2800"]]}',
      '{"id":"d","text":"Kim","label":[[0,3,"A\\u200bB"]]}',
    ].join('\n');
    const items = await read(text, 'invisible.jsonl', 'doccano');
    const errors = items.flatMap((item) => ('error' in item ? [item.error] : []));
    expect(errors).toEqual([
      {
        line: 2,
        message:
          'record "b": a span\'s label "\u200b" cannot be kept: a label name needs a visible character (this one holds only U+200B)',
      },
      {
        line: 3,
        message:
          'record "c": a span\'s label "\u2800" cannot be kept: a label name needs a visible character (this one holds only U+2800)',
      },
    ]);
    // A visible name with an invisible character inside it is a name.
    expect(labelsOf(items)).toEqual([['PER'], ['A\u200bB']]);
  });

  it('leave a file of clean names as it was, with no note', async () => {
    const items = await read('{"text":"Kim","label":[[0,3,"PER"]]}\n', 'clean.jsonl', 'doccano');
    expect(labelsOf(items)).toEqual([['PER']]);
    expect(items.some((item) => 'note' in item)).toBe(false);
  });
});
