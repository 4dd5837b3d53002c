import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';

/** What an import's analysis says of spans a file repeats: they are not "already stored". */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

function openDatabase(): SpanwrightDatabase {
  const database = new SpanwrightDatabase(`repeats-${Math.random()}`);
  databases.push(database);
  return database;
}

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);
const options: ImportOptions = { format: 'native', defaultAnnotator: 'alice', now: () => 5 };

describe('a span repeated within one file', () => {
  const repeating = {
    id: 'd',
    text: 'Kim met Putin',
    spans: [
      { start: 0, end: 3, label: 'person' },
      { start: 0, end: 3, label: 'person' },
    ],
  };

  it('is counted as repeated in the file, not as already stored, when storage is empty', async () => {
    const database = openDatabase();
    const job = new FileImport(database, jsonl('f.jsonl', [repeating]), options);
    const analysis = await job.analyse();
    expect(analysis.newSpans).toBe(1);
    expect(analysis.knownSpans).toBe(0);
    expect(analysis.losses).toEqual([
      expect.objectContaining({
        what: 'spans repeated in the file',
        count: 1,
        line: 1,
        examples: ['"Kim" 0–3 (person)'],
      }),
    ]);
    await expect(job.commit()).resolves.toMatchObject({ spansAdded: 1 });
  });

  it('is counted once as already stored and once as repeated when storage holds it', async () => {
    const database = openDatabase();
    const first = new FileImport(database, jsonl('f.jsonl', [repeating]), options);
    await first.analyse();
    await first.commit();
    const again = await new FileImport(database, jsonl('f.jsonl', [repeating]), options).analyse();
    expect({ newSpans: again.newSpans, knownSpans: again.knownSpans }).toEqual({ newSpans: 0, knownSpans: 1 });
    expect(again.losses.map((loss) => [loss.what, loss.count])).toEqual([['spans repeated in the file', 1]]);
  });
});

describe('a record repeated within one file (same id, text and annotator)', () => {
  const first = {
    id: 'n1',
    text: 'Same text here.',
    spans: [{ start: 0, end: 4, label: 'A', text: 'Same' }],
    annotator: 'amy',
    status: 'done',
  };
  const second = { ...first, spans: [{ start: 5, end: 9, label: 'B', text: 'text' }], status: 'skipped' };

  it('is named with its file and lines, and the status it keeps is said, before the import', async () => {
    const database = openDatabase();
    const job = new FileImport(database, jsonl('twice.jsonl', [first, second]), options);
    const analysis = await job.analyse();
    expect(analysis.notes).toEqual([
      'It marks 1 layer skipped.',
      '2 records of twice.jsonl give the same document and annotator more than once, and are put together in one layer (their spans joined, one status kept): n1 (amy) on lines 1, 2.',
    ]);
    expect(analysis.losses).toEqual([
      expect.objectContaining({
        what: 'other statuses of repeated records',
        count: 1,
        line: 1,
        examples: ['n1 (amy): done on line 1, skipped on line 2; skipped (line 2) is kept'],
      }),
    ]);
    // What the preview said is what the commit does: both spans in amy's layer, the last status.
    await job.commit();
    expect((await database.spans.toArray()).map((span) => span.label).sort()).toEqual(['A', 'B']);
    expect((await database.statuses.toArray()).map((status) => [status.annotator, status.status])).toEqual([
      ['amy', 'skipped'],
    ]);
  });

  it('says nothing of a status when the repeated records agree, and nothing at all for two annotators', async () => {
    const database = openDatabase();
    const agreeing = await new FileImport(
      database,
      jsonl('a.jsonl', [first, { ...second, status: 'done' }]),
      options,
    ).analyse();
    expect(agreeing.losses).toEqual([]);
    expect(agreeing.notes).toHaveLength(2);
    expect(agreeing.notes[0]).toBe('It marks 1 layer done.');
    const twoLayers = await new FileImport(
      database,
      jsonl('b.jsonl', [first, { ...second, annotator: 'bo' }]),
      options,
    ).analyse();
    expect(twoLayers.notes).toEqual(['It marks 1 layer done and 1 layer skipped.']);
    expect(twoLayers.losses).toEqual([]);
  });
});

describe('a file that lacks spans its layers hold (a corrected export, re-imported)', () => {
  const text = 'Kim met Putin in Kyiv';
  const stored = {
    id: 'd',
    text,
    annotator: 'alice',
    spans: [
      { start: 0, end: 3, label: 'person' },
      { start: 8, end: 13, label: 'person' },
      { start: 17, end: 21, label: 'place' },
    ],
  };

  it('says how many stored spans it does not give, and which of them it gives another label, before the import', async () => {
    const database = openDatabase();
    const first = new FileImport(database, jsonl('f.jsonl', [stored]), options);
    await first.analyse();
    await first.commit();
    // Putin relabelled, Kyiv taken out in a notebook; a document alone (another layer's text) says nothing.
    const corrected = { ...stored, spans: [stored.spans[0], { start: 8, end: 13, label: 'org' }] };
    const bare = { id: 'd', text, annotator: 'bob' };
    const again = await new FileImport(database, jsonl('g.jsonl', [corrected, bare]), options).analyse();
    expect({ newSpans: again.newSpans, knownSpans: again.knownSpans }).toEqual({ newSpans: 1, knownSpans: 1 });
    expect(again.notes).toEqual([
      '2 spans stored in the layers this file gives spans to are not in it: they stay (an import adds spans, it never removes one); 1 of them has another label in the file, which arrives beside it.',
    ]);
    // Its own export back: nothing to say.
    const same = await new FileImport(database, jsonl('h.jsonl', [stored]), options).analyse();
    expect(same.notes).toEqual([]);
    // A format of one label a token (Hugging Face) gives one of two labels stored on the same text: nothing
    // arrives beside the other, which the file already holds (helper-147: the card said one would).
    await new FileImport(
      database,
      jsonl('i.jsonl', [{ ...stored, spans: [{ start: 8, end: 13, label: 'org' }] }]),
      options,
    ).commit();
    const oneLabel = await new FileImport(database, jsonl('j.jsonl', [corrected]), options).analyse();
    expect(oneLabel.newSpans).toBe(0);
    expect(oneLabel.notes).toEqual([
      '2 spans stored in the layers this file gives spans to are not in it: they stay (an import adds spans, it never removes one).',
    ]);
  });
});

describe('the statuses a file gives', () => {
  it('are said before Import, a done layer with no span named as such (helper-201)', async () => {
    const record = (id: string, annotator: string, status: string, spans: unknown[] = []) => ({
      id,
      text: `Kim met Putin in ${id}.`,
      spans,
      annotator,
      status,
    });
    const kim = [{ start: 0, end: 3, label: 'PER', text: 'Kim' }];
    const analysis = await new FileImport(
      openDatabase(),
      jsonl('team.jsonl', [
        record('a', 'ann', 'done', kim),
        record('b', 'ann', 'done'),
        // bo's empty record of a, then one with a span: her layer of a is not empty.
        record('a', 'bo', 'done'),
        record('a', 'bo', 'done', kim),
        record('b', 'bo', 'skipped'),
        record('c', 'cy', 'todo'),
      ]),
      options,
    ).analyse();
    expect(analysis.notes[0]).toBe(
      'It marks 3 layers done (1 of them with no span: the annotator found nothing to label there, which the review and agreement count as such) and 1 layer skipped.',
    );
  });

  it('counts only the statuses it changes: none the second time, and a layer with stored spans is not empty (helper-203)', async () => {
    const database = openDatabase();
    const file = (records: unknown[]) => jsonl('again.jsonl', records);
    const text = 'Kim met Putin in Kyiv.';
    const kim = [{ start: 0, end: 3, label: 'PER', text: 'Kim' }];
    await new FileImport(
      database,
      file([{ id: 'k', text, spans: kim, annotator: 'ann', status: null }]),
      options,
    ).commit();
    // ann's layer has a span, stored; the file now marks it done with no span of its own.
    const done = { id: 'k', text, spans: [], annotator: 'ann', status: 'done' };
    const first = new FileImport(database, file([done]), options);
    expect((await first.analyse()).notes[0]).toBe('It marks 1 layer done.');
    await first.commit();
    expect((await new FileImport(database, file([done]), options).analyse()).notes).not.toContainEqual(
      expect.stringContaining('It marks'),
    );
  });
});
