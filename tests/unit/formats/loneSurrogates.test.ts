import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../src/lib/formats/format';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { formatOf, readRecords } from '../../../src/lib/formats/registry';
import type { FormatName } from '../../../src/lib/formats/records';

/** JSON with a lone high surrogate written as an escape, as Python's json.dumps writes one. */
const BAD = '"bad \\ud83d end"';
const REASON = 'holds a lone surrogate (U+D83D) at character 4: not valid Unicode';

async function readAll(format: FormatName, text: string, name: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of formatOf(format).read(new File([text], name), { reading: CODE_POINTS })) items.push(item);
  return items;
}

const errors = (items: SourceItem[]) => items.flatMap((item) => ('error' in item ? [item.error] : []));
const records = (items: SourceItem[]) => items.filter((item) => 'record' in item);

describe('a lone surrogate in a JSON string is refused, naming the line', () => {
  const good = '{"text":"fine"}\n';
  it.each<[FormatName, string, string]>([
    ['native', `${good}{"id":"a","text":${BAD}}\n`, '"text" '],
    ['doccano', `${good.replace('}', ',"label":[]}')}{"text":${BAD},"label":[]}\n`, '"text" '],
    ['prodigy', `${good}{"text":${BAD},"_input_hash":1,"answer":"accept"}\n`, '"text" '],
    ['labelstudio', `[{"data":{"text":"fine"}},\n{"data":{"text":${BAD}}}]`, '"data.text" '],
  ])('%s: document text', async (format, text, field) => {
    const items = await readAll(format, text, 'trial.jsonl');
    expect(errors(items)).toEqual([{ line: 2, message: expect.stringContaining(field + REASON) }]);
    expect(errors(items)[0].message).toContain('U+D83D');
  });

  it('Hugging Face: a token', async () => {
    const text = `{"tokens":["fine"],"ner_tags":["O"]}\n{"tokens":["ok",${BAD}],"ner_tags":["O","O"]}\n`;
    const items = await readAll('huggingface', text, 'trial.jsonl');
    expect(errors(items)).toEqual([{ line: 2, message: `token 2 ${REASON}` }]);
  });

  it('a span label, metadata, an id and an annotator', async () => {
    const text =
      `{"id":"a","text":"Kim met","spans":[{"start":0,"end":3,"label":${BAD}}]}\n` +
      `{"id":"b","text":"Kim met","meta":{"source":{"name":${BAD}}}}\n` +
      `{"id":${BAD},"text":"Kim met"}\n` +
      `{"id":"d","text":"Kim met","annotator":${BAD}}\n`;
    const found = errors(await readAll('native', text, 'trial.jsonl'));
    expect(found.map((error) => error.line)).toEqual([1, 2, 3, 4]);
    for (const error of found) expect(error.message).toContain(REASON);
    expect(found[0].message).toContain('span 1 label');
    expect(found[1].message).toContain('"meta"');
  });

  it('a paired surrogate (an emoji) is fine', async () => {
    const items = await readAll('native', '{"id":"a","text":"ok \\ud83d\\ude00 end"}\n', 'trial.jsonl');
    expect(errors(items)).toEqual([]);
    expect(records(items)).toHaveLength(1);
  });
});

describe('readRecords refuses what a reader takes from elsewhere', () => {
  it('a Prodigy _annotator_id and a Label Studio completed_by', async () => {
    const prodigy = `{"text":"Kim met","answer":"accept","_annotator_id":${BAD}}\n`;
    const studio = `[{"data":{"text":"Kim met"},"annotations":[{"completed_by":${BAD},"result":[]}]}]`;
    for (const [format, text] of [
      ['prodigy', prodigy],
      ['labelstudio', studio],
    ] as const) {
      const items: SourceItem[] = [];
      for await (const item of readRecords(new File([text], 'trial.json'), format)) items.push(item);
      expect(records(items)).toEqual([]);
      expect(errors(items)).toEqual([{ line: 1, message: `"annotator" ${REASON}` }]);
    }
  });

  it('a gold span’s origin (its decision’s reviewer or note, in native meta.origin)', async () => {
    const origin = `{"kind":"a","annotators":["ann"],"by":${BAD},"at":1}`;
    const text = `{"id":"a","text":"Kim met","annotator":"gold","spans":[{"start":0,"end":3,"label":"claim","meta":{"origin":${origin}}}]}\n`;
    const items: SourceItem[] = [];
    for await (const item of readRecords(new File([text], 'gold.jsonl'), 'native')) items.push(item);
    expect(records(items)).toEqual([]);
    expect(errors(items)).toEqual([{ line: 1, message: expect.stringContaining('span 1 under "origin" → "by"') }]);
  });
});
