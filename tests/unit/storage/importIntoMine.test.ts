import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';
import { exportRecords } from '../../../src/lib/storage/exporter';

/** "Put every span into my layer" with a skipped record in the file (helper-147). */
let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases) await database.delete();
  databases = [];
});

const TEXT = 'Kim met Putin in Pyongyang.';
const region = (start: number, end: number, label: string) => ({
  type: 'labels',
  from_name: 'label',
  to_name: 'text',
  value: { start, end, text: TEXT.slice(start, end), labels: [label] },
});
const cancelled = { completed_by: { email: 'bob@x.org' }, was_cancelled: true, result: [region(17, 26, 'sanction')] };
const submitted = { completed_by: { email: 'ann@x.org' }, result: [region(0, 3, 'claim')] };
const task = (...annotations: unknown[]) =>
  new File([JSON.stringify([{ id: 1, data: { text: TEXT }, annotations }])], 'ls.json');
const intoMine: ImportOptions = { format: 'labelstudio', defaultAnnotator: 'me', intoAnnotator: 'me', now: () => 5 };

describe('every span into my layer, beside a skipped record', () => {
  it.each([
    ['cancelled first', task(cancelled, submitted)],
    ['cancelled last', task(submitted, cancelled)],
  ])('keeps the skipped record in its own layer, whatever the order (%s), and says so', async (_order, file) => {
    const database = new SpanwrightDatabase(`into-mine-${Math.random()}`);
    databases.push(database);
    const job = new FileImport(database, file, intoMine);
    const analysis = await job.analyse();
    expect(analysis.annotators).toEqual(['bob@x.org', 'me']);
    expect(analysis.notes).toContainEqual(
      expect.stringContaining('Skipped records that name their annotator keep their layers ("bob@x.org")'),
    );
    await job.commit();
    const layer = async (annotator: string) => ({
      spans: (await database.spans.where('annotator').equals(annotator).toArray()).map((span) => span.text),
      status: (await database.statuses.get([annotator, '1']))?.status,
    });
    expect(await layer('me')).toEqual({ spans: ['Kim'], status: 'done' });
    expect(await layer('bob@x.org')).toEqual({ spans: ['Pyongyang'], status: 'skipped' });
    // What trains: my done layer, without the cancelled annotation's span.
    const exported = await exportRecords(database, {
      format: 'native',
      unit: 'codepoint',
      scope: 'done',
      unlabelled: 'none',
      annotator: 'me',
    });
    const text = await exported.blob.text();
    expect(text).toContain('"Kim"');
    expect(text).not.toContain('Pyongyang"');
  });

  it('keeps a model’s predictions in their model: layer, never a person’s finished work, and says so (helper-210)', async () => {
    const database = new SpanwrightDatabase(`into-model-${Math.random()}`);
    databases.push(database);
    const file = new File(
      [
        JSON.stringify([
          {
            id: 1,
            data: { text: TEXT },
            annotations: [submitted],
            predictions: [{ model_version: 'v1', result: [region(8, 13, 'visit')] }],
          },
        ]),
      ],
      'ls.json',
    );
    const job = new FileImport(database, file, { ...intoMine, intoAnnotator: 'merged' });
    const analysis = await job.analyse();
    expect(analysis.annotators).toEqual(['merged', 'model:v1']);
    expect(analysis.notes).toContainEqual(
      'Models’ predictions keep their layers ("model:v1"), not put into "merged": joined with a done record of the ' +
        'same document, a model’s predictions would train as a person’s work.',
    );
    await job.commit();
    const texts = async (annotator: string) =>
      (await database.spans.where('annotator').equals(annotator).toArray()).map((span) => span.text);
    expect(await texts('merged')).toEqual(['Kim']);
    expect(await texts('model:v1')).toEqual(['Putin']);
    // Predictions alone (pre-annotations) go into the layer chosen, to be corrected there, and to do.
    const alone = new File(
      [
        JSON.stringify([
          {
            id: 2,
            data: { text: `${TEXT} Again.` },
            predictions: [{ model_version: 'v1', result: [region(0, 3, 'claim')] }],
          },
        ]),
      ],
      'pre.json',
    );
    const preJob = new FileImport(database, alone, { ...intoMine, intoAnnotator: 'merged' });
    expect((await preJob.analyse()).annotators).toEqual(['merged']);
    await preJob.commit();
    expect(await texts('merged')).toEqual(['Kim', 'Kim']);
  });

  it('puts a skipped record that names no annotator where the rest goes, into a layer named on the card too', async () => {
    const database = new SpanwrightDatabase(`into-named-${Math.random()}`);
    databases.push(database);
    // A colleague's file that names nobody, imported into "ann": all of it is ann's, the skipped answer too.
    const lines = [
      { id: 'a', text: TEXT, status: 'done', spans: [{ start: 0, end: 3, label: 'claim' }] },
      { id: 'b', text: 'Lavrov denied it.', status: 'skipped', spans: [{ start: 0, end: 6, label: 'claim' }] },
      { id: 'c', text: 'Shoigu came.', status: 'skipped', annotator: 'bob', spans: [] },
    ];
    const file = new File([lines.map((line) => JSON.stringify(line)).join('\n')], 'f.jsonl');
    const job = new FileImport(database, file, { format: 'native', defaultAnnotator: 'me', intoAnnotator: 'ann' });
    const analysis = await job.analyse();
    expect(analysis.annotators).toEqual(['ann', 'bob']);
    await job.commit();
    expect((await database.statuses.get(['ann', 'b']))?.status).toBe('skipped');
    expect((await database.statuses.get(['bob', 'c']))?.status).toBe('skipped');
    expect(await database.statuses.where('annotator').equals('me').count()).toBe(0);
  });
});
