import { afterEach, describe, expect, it } from 'vitest';
import { CODE_POINTS, edgesFit, readingKey } from '../../../src/lib/formats/offsetReadings';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { layerSpans } from '../../../src/lib/storage/spans';

let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

const UTF16 = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false } as const;
const TEXT = '😀😀 Kim met Putin in Vladivostok.';
/** The same spans as a tool counting UTF-16 code units writes them, quoting nothing: Kim, met Putin. */
const RECORD = {
  id: 'd1',
  text: TEXT,
  label: [
    [5, 8, 'claim'],
    [9, 18, 'visit'],
  ],
};

function doccanoImport(reading = CODE_POINTS) {
  const database = new SpanwrightDatabase(`edges-${Math.random()}`);
  databases.push(database);
  const file = new File([JSON.stringify(RECORD)], 'model-output.jsonl');
  return {
    database,
    job: new FileImport(database, file, { format: 'doccano', defaultAnnotator: 'ann', now: () => 5, reading }),
  };
}

describe('spans that quote nothing, read the wrong way', () => {
  it('tells a span someone drew from one read off by an emoji: white space at an edge, or a word cut', () => {
    expect(edgesFit(TEXT, TEXT.indexOf('Kim'), TEXT.indexOf('Kim') + 3)).toBe(true);
    expect(edgesFit(TEXT, TEXT.indexOf(' Kim'), TEXT.indexOf(' Kim') + 3)).toBe(false);
    expect(edgesFit(TEXT, TEXT.indexOf('im met'), TEXT.indexOf('im met') + 6)).toBe(false);
    expect(edgesFit('café', 0, 3)).toBe(false);
    expect(edgesFit('cafe\u0301', 0, 4)).toBe(false);
    // Scripts without spaces between words: any edge may be a word's.
    expect(edgesFit('東京都に行った', 0, 2)).toBe(true);
    expect(edgesFit('🇷🇺 Russia', 0, 4)).toBe(true);
  });

  it('offers the reading every span fits, and reads the spans right once it is taken', async () => {
    const { job } = doccanoImport();
    const analysis = await job.analyse();
    expect(analysis.errorCount).toBe(0);
    expect(analysis.offsets.quoted).toBe(0);
    expect(analysis.offsets.edges).toMatchObject({ reading: UTF16, missed: 2, spans: 2 });
    expect(analysis.offsets.edges?.examples).toHaveLength(2);
    job.close();

    const { database, job: again } = doccanoImport(UTF16);
    const reread = await again.analyse();
    expect(readingKey(reread.offsets.reading)).toBe(readingKey(UTF16));
    expect(reread.offsets.edges).toBeNull();
    await again.commit();
    const spans = await layerSpans(database, 'd1', 'ann');
    expect(spans.map((span) => [span.label, span.text])).toEqual([
      ['claim', 'Kim'],
      ['visit', 'met Putin'],
    ]);
  });

  it('says nothing when the reading chosen fits every span', async () => {
    const database = new SpanwrightDatabase(`edges-${Math.random()}`);
    databases.push(database);
    const fitting = { id: 'd2', text: TEXT, label: [[3, 6, 'claim']] };
    const quiet = new FileImport(database, new File([JSON.stringify(fitting)], 'right.jsonl'), {
      format: 'doccano',
      defaultAnnotator: 'ann',
      now: () => 5,
    });
    expect((await quiet.analyse()).offsets.edges).toBeNull();
    quiet.close();
  });
});
