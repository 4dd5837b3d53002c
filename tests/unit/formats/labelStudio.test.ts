/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/lib/formats/detect';
import type { FileHead, SourceItem } from '../../../src/lib/formats/format';
import {
  labelStudioFormat,
  labelStudioItems,
  parseLabelStudio,
  serializeLabelStudio,
} from '../../../src/lib/formats/labelStudio';
import { labelingConfig, xmlAttribute } from '../../../src/lib/formats/labelStudioExport';
import { CODE_POINTS, ReadingSurvey, type OffsetReading } from '../../../src/lib/formats/offsetReadings';
import { idFromText, recordTitle, type AnnotatedRecord } from '../../../src/lib/formats/records';
import { expectError, valueOf } from './parseResultAssertions';
import { documentId, documentText, meta, spansOver } from './recordArbitraries';

const region = (start: number, end: number, labels: unknown, text?: string) => ({
  id: 'r1',
  from_name: 'label',
  to_name: 'text',
  type: 'labels',
  value: { start, end, labels, ...(text === undefined ? {} : { text }) },
});

const tasks = (...items: unknown[]): string => JSON.stringify(items, null, 2);

describe('parseLabelStudio', () => {
  it('reads one record per task × annotation', () => {
    const json = tasks(
      {
        id: 3,
        data: { text: '😀 Kim met Putin', source: 'wire' },
        annotations: [
          { completed_by: 'alice', result: [region(10, 15, ['PER'], 'Putin'), region(2, 5, ['PER'], 'Kim')] },
          { completed_by: 7, result: [{ type: 'choices', value: { choices: ['x'] } }] },
          { completed_by: { id: 1, email: 'bob@example.org' }, result: [region(2, 5, ['PER', 'VIP'])] },
        ],
        predictions: [],
      },
      { id: 4, data: { text: 'Nothing here' } },
    );
    const records = valueOf(parseLabelStudio(json));
    expect(
      records.map((record) => [
        record.id,
        record.annotator,
        record.spans.map((span) => `${span.start}-${span.end}:${span.label}`),
      ]),
    ).toEqual([
      ['3', 'alice', ['2-5:PER', '10-15:PER']],
      ['3', '7', []],
      ['3', 'bob@example.org', ['2-5:PER', '2-5:VIP']],
      ['4', null, []],
    ]);
    expect(records[0].meta).toEqual({ source: 'wire' });
  });

  it('leaves to do, not done, an annotation whose results are none of them spans of the text (helper-210)', () => {
    const onTitle = { ...region(0, 5, ['PER'], 'Putin'), to_name: 'title' };
    const items = labelStudioItems(
      tasks({
        id: 1,
        data: { title: 'Putin visits Kyiv', text: 'Kim met Putin.' },
        annotations: [
          { completed_by: 'ann', result: [{ type: 'choices', value: { choices: ['POLITICS'] } }] },
          { completed_by: 'bea', result: [onTitle] },
          { completed_by: 'cy', result: [] },
          {
            completed_by: 'dee',
            result: [{ type: 'choices', value: { choices: ['x'] } }, region(0, 3, ['PER'], 'Kim')],
          },
        ],
      }),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    // cy found nothing to label: done, a negative example. ann and bea labelled what Spanwright does not carry.
    expect(records.map((record) => [record.annotator, record.status, record.spans.length])).toEqual([
      ['ann', 'todo', 0],
      ['bea', 'todo', 0],
      ['cy', 'done', 0],
      ['dee', 'done', 1],
    ]);
    expect(items).toContainEqual({
      loss: expect.objectContaining({
        what: 'annotations with no span of the text, only other results',
        count: 2,
        line: 2,
      }),
    });
  });

  it('counts and names the spans of another text field of the task (a title beside the body), never reads them on the text', () => {
    const onTitle = { ...region(13, 17, ['LOC'], 'Kyiv'), to_name: 'title' };
    const noQuote = { ...region(0, 5, ['PER']), to_name: 'title' };
    const items = labelStudioItems(
      tasks({
        id: 1,
        data: { title: 'Putin visits Kyiv', text: 'Yesterday Zoë said Putin lied.' },
        annotations: [{ completed_by: 'alice', result: [onTitle, noQuote, { ...region(19, 24, ['PER'], 'Putin') }] }],
      }),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => record.spans.map((span) => `${span.label} ${span.text}`))).toEqual([['PER Putin']]);
    expect(items.filter((item) => 'loss' in item)).toEqual([
      {
        loss: expect.objectContaining({
          what: 'spans of another text field',
          why: 'Spanwright reads one text a task, "data.text"; these label another',
          count: 2,
          line: 2,
        }),
      },
    ]);
    expect(JSON.stringify(items)).toContain('data.title');
  });

  it('counts a region whose labels were all taken off ("labels": []) and reads the rest of the file (helper-172)', () => {
    const items = labelStudioItems(
      tasks({
        id: 1,
        data: { text: 'Putin met Xi' },
        annotations: [{ completed_by: 'alice', result: [region(0, 5, []), region(10, 12, ['PER'], 'Xi')] }],
      }),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => record.spans.map((span) => `${span.label} ${span.text}`))).toEqual([['PER Xi']]);
    expect(items.filter((item) => 'loss' in item)).toEqual([
      { loss: expect.objectContaining({ what: 'regions without a label', count: 1, line: 2 }) },
    ]);
  });

  it('reads a region that quotes the text at its offsets as the text’s, whatever its tag is named', () => {
    // <Text name="document" value="$text"/>, with a data field that happens to be called "document" too.
    const records = valueOf(
      parseLabelStudio(
        tasks({
          id: 1,
          data: { text: 'Yesterday Zoë said Putin lied.', document: 'report-12.pdf' },
          annotations: [
            { completed_by: 'alice', result: [{ ...region(19, 24, ['PER'], 'Putin'), to_name: 'document' }] },
          ],
        }),
      ),
    );
    expect(records[0].spans.map((span) => `${span.label} ${span.text}`)).toEqual(['PER Putin']);
  });

  it('takes the text from the field the regions label when the task has no "data.text"', () => {
    const records = valueOf(
      parseLabelStudio(
        tasks({
          id: 1,
          data: { title: 'Putin visits Kyiv', body: 'Yesterday Zoë said Putin lied.' },
          annotations: [{ completed_by: 'alice', result: [{ ...region(19, 24, ['PER'], 'Putin'), to_name: 'body' }] }],
        }),
      ),
    );
    expect(records[0].text).toBe('Yesterday Zoë said Putin lied.');
    expect(records[0].spans.map((span) => `${span.label} ${span.text}`)).toEqual(['PER Putin']);
    expect(records[0].meta).toEqual({ title: 'Putin visits Kyiv' });
  });

  it('keeps an annotation with an empty result as a done layer (a "nothing here" judgement), a cancelled one as skipped', () => {
    const items = labelStudioItems(
      tasks(
        {
          id: 1,
          data: { text: 'Nobody was named in this one.' },
          annotations: [
            { id: 1, completed_by: { email: 'ann@x.org' }, result: [] },
            { id: 2, completed_by: { email: 'bob@x.org' }, result: [], was_cancelled: true },
          ],
        },
        {
          id: 2,
          data: { text: 'Macron met Scholz.' },
          annotations: [{ completed_by: { email: 'ann@x.org' }, result: [region(0, 6, ['PER'], 'Macron')] }],
        },
      ),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => [record.id, record.annotator, record.status, record.spans.length])).toEqual([
      ['1', 'ann@x.org', 'done', 0],
      ['1', 'bob@x.org', 'skipped', 0],
      ['2', 'ann@x.org', 'done', 1],
    ]);
    expect(items.filter((item) => 'loss' in item)).toEqual([]);
  });

  describe('refuses, naming the task, its line and the reason:', () => {
    it('malformed JSON, on the line the parser names', () =>
      expectError(parseLabelStudio('[\n  {"id": 1\n  "data": {}}\n]'), 3, 'malformed JSON ('));
    it('neither an array nor a task (a single task object is read: see below)', () =>
      expectError(
        parseLabelStudio('\n"tasks"'),
        2,
        'task 1: must be an object {"id", "data", "annotations"} (got "tasks")',
      ));
    it('task not an object', () => expectError(parseLabelStudio('[\n"x"\n]'), 2, 'task 1: must be an object'));
    it('missing data, naming the task by its place and its own id', () =>
      expectError(parseLabelStudio(tasks({ id: 101 })), 2, 'task 1 (id 101): "data" must be an object'));
    it('missing text', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'ok' } }, { id: 2, data: {} })),
        8,
        'task 2 (id 2): "data.text" is missing or empty',
      ));
    it('bad id', () =>
      expectError(
        parseLabelStudio(tasks({ id: [1], data: { text: 'a' } })),
        2,
        'task 1: "id" must be a string or number',
      ));
    it('annotations not an array', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'a' }, annotations: {} })),
        2,
        'task 1 (id 1): "annotations" must be an array',
      ));
    it('bad completed_by', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'a' }, annotations: [{ completed_by: true, result: [] }] })),
        2,
        'task 1 (id 1): annotation 1 "completed_by" must be',
      ));
    it('result not an array', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'a' }, annotations: [{ result: 5 }] })),
        2,
        'task 1 (id 1): annotation 1 "result" must be an array',
      ));
    it('labels not a list', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 1, 'x')] }] })),
        2,
        'task 1 (id 1): annotation 1 span 1 "labels" must be an array (got "x")',
      ));
    it('out-of-range offsets', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 9, ['x'])] }] })),
        2,
        'task 1 (id 1): annotation 1 span 1 ends at 9 but the text has 3 characters',
      ));
    it('start after end', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(2, 1, ['x'])] }] })),
        2,
        'span 1 has start 2 ≥ end 1',
      ));
    it('non-integer offsets', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 1.5, ['x'])] }] })),
        2,
        'end must be a non-negative integer (got 1.5)',
      ));
    it('a region with only its text, no offsets (helper-196: it said "start must be a non-negative integer")', () =>
      expectError(
        parseLabelStudio(
          tasks({
            id: 1,
            data: { text: 'Kim met Putin' },
            annotations: [{ result: [{ type: 'labels', value: { text: 'Putin', labels: ['PER'] } }] }],
          }),
        ),
        2,
        'task 1 (id 1): annotation 1 span 1 has no "start" and "end", only its text "Putin": a span is placed by its offsets',
      ));
    it('non-string label', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 1, [42])] }] })),
        2,
        'label must be a non-empty string (got 42)',
      ));
    it('UTF-16 offsets from an old Label Studio (text mismatch)', () =>
      expectError(
        parseLabelStudio(
          tasks({ id: 1, data: { text: '😀 Kim Jong' }, annotations: [{ result: [region(3, 6, ['PER'], 'Kim')] }] }),
        ),
        2,
        'quotes "Kim" but the text at 3–6 is "im "',
      ));
  });

  it('finds the line of a task even when strings hold brackets, commas and line breaks', () => {
    const json = `[\n  {"id": 1, "data": {"text": "a [b], {c}\\n\\"q\\""}},\n  {"id": 2,\n   "data": {"text": 5}}\n]`;
    expectError(parseLabelStudio(json), 3, 'task 2 (id 2):');
  });

  it('leaves out a task with an empty text and no result, counted with its line, and reads the tasks beside it (helper-205)', () => {
    const tasks = [
      { id: 1, data: { text: 'Kim met Putin.' }, annotations: [{ completed_by: 1, result: [] }] },
      { id: 2, data: { text: '' }, annotations: [{ completed_by: 1, result: [] }] },
      { id: 3, data: { text: 'Putin met Kim.' } },
    ];
    const items = labelStudioItems(`[\n${tasks.map((task) => JSON.stringify(task)).join(',\n')}\n]`);
    expect(recordsOf(items).map((record) => record.id)).toEqual(['1', '3']);
    expect(items.filter((item) => 'error' in item)).toEqual([]);
    expect(items.flatMap((item) => ('loss' in item ? [item.loss] : []))).toContainEqual(
      expect.objectContaining({
        what: 'records with an empty text and no span',
        count: 1,
        line: 3,
        examples: ['task 2'],
      }),
    );
    // With a result it is no empty record: the file is refused, naming it.
    const labelled = { id: 2, data: { text: '' }, annotations: [{ result: [{ type: 'labels', value: {} }] }] };
    expectError(parseLabelStudio(JSON.stringify([labelled])), 1, 'task 1 (id 2):');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseLabelStudio(input);
        },
      ),
      { numRuns: 500 },
    );
    const anyTask = fc.record(
      {
        id: fc.jsonValue(),
        data: fc.oneof(
          fc.record({ text: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }),
          fc.jsonValue(),
        ),
        annotations: fc.oneof(
          fc.array(
            fc.record(
              {
                completed_by: fc.jsonValue(),
                result: fc.oneof(
                  fc.array(fc.record({ type: fc.constantFrom('labels', 'choices'), value: fc.jsonValue() })),
                  fc.jsonValue(),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(anyTask, { maxLength: 4 }), (value) => {
        parseLabelStudio(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('serializeLabelStudio', () => {
  const layer = (id: string, annotator: string | null, spans: AnnotatedRecord['spans']): AnnotatedRecord => ({
    id,
    text: '😀 Kim',
    title: '😀 Kim',
    annotator,
    status: spans.length > 0 ? 'done' : null,
    spans,
    meta: { source: 'wire' },
  });
  const kim = { start: 2, end: 5, label: 'PER', text: 'Kim' };

  it('groups layers of one document into one task, in order, with deterministic region ids', () => {
    const json = serializeLabelStudio([layer('17', 'alice', [kim]), layer('x', null, []), layer('17', null, [kim])]);
    expect(json).toBe(
      '[\n' +
        '{"id":17,"data":{"text":"😀 Kim","source":"wire"},"annotations":[' +
        '{"created_username":"alice","result":[{"id":"17-1-1","from_name":"label","to_name":"text","type":"labels","value":{"start":2,"end":5,"text":"Kim","labels":["PER"]}}]},' +
        '{"result":[{"id":"17-2-1","from_name":"label","to_name":"text","type":"labels","value":{"start":2,"end":5,"text":"Kim","labels":["PER"]}}]}]},\n' +
        '{"id":"x","data":{"text":"😀 Kim","source":"wire"},"annotations":[]}\n' +
        ']\n',
    );
  });

  it('writes an empty array for no records', () => {
    expect(serializeLabelStudio([])).toBe('[]\n');
    expect(valueOf(parseLabelStudio('[]\n'))).toEqual([]);
  });
});

const FIXTURES = 'tests/fixtures/formats/labelstudio/';
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** The items of `name` as the format reads the file, checked against reading its text at once. */
async function readFixture(name: string, reading: OffsetReading = CODE_POINTS): Promise<SourceItem[]> {
  const text = fixture(name);
  const items: SourceItem[] = [];
  for await (const item of labelStudioFormat.read(new File([text], name), { reading })) items.push(item);
  expect(items).toEqual(labelStudioItems(text, reading));
  return items;
}

const recordsOf = (items: SourceItem[]): AnnotatedRecord[] =>
  items.flatMap((item) => ('record' in item ? [item.record] : []));
const spansOf = (record: AnnotatedRecord): string[] =>
  record.spans.map((span) => `${span.start}-${span.end}:${span.label}:${span.text}`);
const others = (items: SourceItem[]) => items.filter((item) => !('record' in item));
const write = (records: AnnotatedRecord[]): string =>
  [...labelStudioFormat.write(records, { unit: 'codepoint', labels: [] })].join('');

describe('Label Studio export shapes', () => {
  it('reads an export: users by id, e-mail or id object, predictions as model layers, the rest counted', async () => {
    const items = await readFixture('export.json');
    const second = 'Seo-yeon Park (박서연) presented in 서울.';
    const read = recordsOf(items).map((record) => [record.id, record.annotator, record.status, spansOf(record)]);
    expect(read).toEqual([
      ['101', '3', 'done', ['4-16:PER:Amara Okafor', "26-36:ORG:St. Mary's", '40-46:LOC:Zürich']],
      ['101', 'li.wei@example.org', 'done', ['4-18:PER:Amara Okafor 🩺', '73-80:ORG:🇨🇭 team']],
      ['101', '5', 'skipped', []], // a cancelled annotation: user 5 skipped the task
      ['101', 'model:bert-ner-v2', null, ['4-16:PER:Amara Okafor', '40-46:LOC:Zürich']],
      ['101', 'model:prediction', null, ["26-36:ORG:St. Mary's"]],
      [idFromText(second), '9', 'done', ['0-13:PER:Seo-yeon Park', '0-13:SPEAKER:Seo-yeon Park', '15-18:PER:박서연']],
      ['103', null, null, []],
    ]);
    expect(recordsOf(items)[0].meta).toEqual({ source: 'clinic-news', url: 'https://example.org/n/101' });
    expect(items.flatMap((item) => ('record' in item ? [item.line] : []))).toEqual([2, 2, 2, 2, 2, 242, 303]);
    expect(others(items)).toEqual([
      {
        note: '1 cancelled annotation ("was_cancelled": its annotator skipped the task) read as a skipped layer, spans and all ("5"): no export trains on a skipped document',
      },
      { note: '1 region with several labels became one span per label (the same text, once for each label)' },
      {
        loss: expect.objectContaining({
          what: 'tasks with fields other than "id", "data", "annotations" and "predictions"',
          count: 1,
          examples: ['created_at', 'updated_at', 'inner_id', 'total_annotations', 'cancelled_annotations'],
        }),
      },
      {
        loss: expect.objectContaining({
          what: 'annotations with fields other than their author, "result" and "was_cancelled"',
          count: 4,
          examples: ['created_at', 'updated_at', 'lead_time', 'result_count', 'unique_id'],
        }),
      },
      {
        loss: {
          what: 'choices',
          why: 'Spanwright labels spans of text, not whole texts',
          count: 2,
          line: 2,
          inRecord: true,
        },
      },
      {
        loss: {
          what: 'relations',
          why: 'Spanwright keeps spans, not relations between them',
          count: 1,
          line: 2,
          inRecord: true,
        },
      },
      { loss: expect.objectContaining({ what: 'prediction scores', count: 1, line: 2 }) },
      {
        loss: {
          what: 'text areas',
          why: 'Spanwright keeps labelled spans, not typed-in text',
          count: 1,
          line: 242,
          inRecord: true,
        },
      },
    ]);
  });

  it('counts an annotation marked ground truth, and the fields it does not keep by name, none holding nothing (helper-180)', () => {
    const annotation = {
      id: 9,
      completed_by: 7,
      ground_truth: true,
      lead_time: 12.5,
      parent_prediction: null,
      result: [region(0, 3, ['claim'], 'Kim')],
    };
    const task = { id: 5, data: { text: 'Kim met Putin' }, annotations: [annotation], project: 3, comment_authors: [] };
    const items = labelStudioItems(tasks(task));
    expect(recordsOf(items).map(spansOf)).toEqual([['0-3:claim:Kim']]);
    const losses = others(items).flatMap((item) => ('loss' in item ? [item.loss] : []));
    expect(losses.map(({ what, count, examples }) => ({ what, count, examples }))).toEqual([
      {
        what: 'tasks with fields other than "id", "data", "annotations" and "predictions"',
        count: 1,
        examples: ['project'],
      },
      { what: 'annotations marked "ground_truth"', count: 1, examples: undefined },
      {
        what: 'annotations with fields other than their author, "result" and "was_cancelled"',
        count: 1,
        examples: ['lead_time'],
      },
    ]);
    expect(losses[1].why).toMatch(/gold layer/u);
    // Label Studio's own export with nothing added to it: its "ground_truth": false is no loss.
    const plain = labelStudioItems(
      tasks({ data: { text: 'Kim' }, annotations: [{ ground_truth: false, result: [] }] }),
    );
    expect(others(plain)).toEqual([]);
  });

  it('says how many regions with several labels became a span per label, and counts the scores it does not keep', () => {
    const scored = { ...region(0, 3, ['PER', 'ORG'], 'Kim'), score: 0.4 };
    const file = tasks(
      { data: { text: 'Kim met Putin' }, annotations: [{ result: [region(8, 13, ['PER', 'VIP', 'X'], 'Putin')] }] },
      {
        data: { text: 'Kim met Putin' },
        predictions: [{ model_version: 'v1', score: 0.9, result: [scored, { ...region(8, 13, ['PER']), score: 0.7 }] }],
      },
    );
    const items = labelStudioItems(file);
    // The second task, the prediction's, starts on this line.
    const predictionLine = file.split('\n').findLastIndex((line) => line === '  {') + 1;
    expect(recordsOf(items).map(spansOf)).toEqual([
      ['8-13:PER:Putin', '8-13:VIP:Putin', '8-13:X:Putin'],
      ['0-3:ORG:Kim', '0-3:PER:Kim', '8-13:PER:Putin'],
    ]);
    expect(others(items)).toEqual([
      { note: '2 regions with several labels became one span per label (the same text, once for each label)' },
      { loss: expect.objectContaining({ what: 'prediction scores', count: 1, line: predictionLine }) },
      { loss: expect.objectContaining({ what: 'region scores', count: 2, line: predictionLine }) },
    ]);
  });

  it('counts results of a type it does not know by their type', () => {
    const task = {
      data: { text: 'abc' },
      annotations: [{ result: [{ type: 'videorectangle', value: {} }, { value: {} }] }],
    };
    expect(others(labelStudioItems(JSON.stringify([task])))).toEqual([
      {
        loss: {
          what: 'results of type "videorectangle"',
          why: 'Spanwright keeps labelled spans of text only',
          count: 1,
          line: 1,
          inRecord: true,
        },
      },
      {
        loss: {
          what: 'results of type nothing',
          why: 'Spanwright keeps labelled spans of text only',
          count: 1,
          line: 1,
          inRecord: true,
        },
      },
      // With no span left, the annotation is not taken for "nothing to label here".
      { loss: expect.objectContaining({ what: 'annotations with no span of the text, only other results', count: 1 }) },
    ]);
  });

  it('reads Label Studio 0.x "completions", whose inclusive ends the offset survey recognises', async () => {
    const survey = new ReadingSurvey();
    const read = labelStudioItems(fixture('legacy-completions.json'), CODE_POINTS, survey);
    expect(read.some((item) => 'error' in item)).toBe(true); // as code points, end exclusive, the quotes do not fit
    const reading = survey.fitsAll();
    expect(reading).toEqual({ unit: 'codepoint', inclusiveEnd: true, lfNewlines: false });
    const records = recordsOf(await readFixture('legacy-completions.json', reading ?? CODE_POINTS));
    expect(records.map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      ['0', null, ['0-3:PER:Kim', '8-13:PER:Putin', '17-19:LOC:평양', '25-32:DATE:Tuesday']],
    ]);
  });

  it('reads a single pretty-printed task, its text from the first string of "data" (with a note)', async () => {
    const items = await readFixture('single-task.json');
    const text = 'Le président a rencontré Ngozi Okonjo-Iweala à Genève.';
    expect(recordsOf(items)).toEqual([
      {
        id: idFromText(text),
        text,
        title: recordTitle(text, idFromText(text), { lang: 'fr' }),
        annotator: 'marie@example.org',
        status: 'done',
        spans: [
          { start: 25, end: 44, label: 'PER', text: 'Ngozi Okonjo-Iweala' },
          { start: 47, end: 53, label: 'LOC', text: 'Genève' },
        ],
        meta: { lang: 'fr' },
      },
    ]);
    expect(others(items)).toEqual([{ note: 'the text was read from "data.content" (the tasks have no "data.text")' }]);
  });

  it('reads a file with a byte order mark and CRLF line ends, spans over CRLF and a ZWJ family', async () => {
    const records = recordsOf(await readFixture('crlf.json'));
    expect(records.map((record) => [record.id, record.annotator, spansOf(record)])).toEqual([
      ['w1', 'ops@example.org', ['9-20:X:👩‍👩‍👧\r\nLine']],
    ]);
  });

  it('names the task and the line it starts on when one task of several is broken', async () => {
    const items = await readFixture('broken.json');
    expect(recordsOf(items).map((record) => record.id)).toEqual(['1']);
    expect(others(items)).toEqual([
      { error: { line: 29, message: 'task 2 (id 2): annotation 1 span 1 quotes "One" but the text at 0–3 is "Two"' } },
    ]);
  });

  it('refuses a broken prediction as it refuses a broken annotation', () => {
    const task = { id: 1, data: { text: 'abc' }, predictions: [{ model_version: 'v1', result: 'x' }, 4] };
    expect(others(labelStudioItems(JSON.stringify([task])))).toEqual([
      { error: { line: 1, message: 'task 1 (id 1): prediction 1 "result" must be an array (got "x")' } },
      {
        error: {
          line: 1,
          message: 'task 1 (id 1): prediction 2 must be an object {"model_version", "result"} (got 4)',
        },
      },
    ]);
  });

  it('reads completed_by as a name, a user id (named by the e-mail Label Studio gives beside it), a user with e-mail or only an id', () => {
    const annotatorsOf = (annotations: Record<string, unknown>[]) =>
      valueOf(
        parseLabelStudio(
          JSON.stringify([
            { data: { text: 'a' }, annotations: annotations.map((fields) => ({ ...fields, result: [] })) },
          ]),
        ),
      ).map((record) => record.annotator);
    const annotators = (completedBy: unknown[]) => annotatorsOf(completedBy.map((value) => ({ completed_by: value })));
    expect(annotators(['ana', 7, { id: 3, email: 'x@example.org' }, { id: 4 }, { id: 'u5' }, null])).toEqual([
      'ana',
      '7',
      'x@example.org',
      '4',
      'u5',
      null,
    ]);
    // Label Studio's own export: the id, with the e-mail in created_username (first and last names before it).
    // Ann's two forms are one annotator (her second annotation of the task is her layer's "#2").
    const exported = (completedBy: unknown, username: string) => ({
      completed_by: completedBy,
      created_username: username,
    });
    expect(
      annotatorsOf([
        exported(1, ' ann@example.org, 1'),
        exported({ id: 1, email: 'ann@example.org' }, ' ann@example.org, 1'),
        exported(2, 'Bo Lee bo@example.org, 2'),
        exported(3, ' carl@example.org, 4'),
        exported(5, 'annotator_test'),
        exported({ id: 6 }, ' dee@example.org, 6'),
      ]),
    ).toEqual(['ann@example.org', 'ann@example.org #2', 'bo@example.org', '3', '5', 'dee@example.org']);
    // Said once, on the card: a layer imported before under the bare id is another layer (helper-203).
    const items = labelStudioItems(
      JSON.stringify([{ data: { text: 'a' }, annotations: [{ ...exported(1, ' ann@example.org, 1'), result: [] }] }]),
    );
    expect(items).toContainEqual({
      note: 'Label Studio user ids named by the e-mail its export gives beside them ("created_username"): 1 → "ann@example.org". A layer an earlier Spanwright named by the bare id keeps that name.',
    });
    // A later task's annotation by the same id, without "created_username", goes to the same layer (helper-210).
    const later = labelStudioItems(
      JSON.stringify([
        { id: 1, data: { text: 'a' }, annotations: [{ ...exported(1, ' ann@example.org, 1'), result: [] }] },
        { id: 2, data: { text: 'b' }, annotations: [{ completed_by: 1, result: [] }] },
      ]),
    );
    expect(later.flatMap((item) => ('record' in item ? [item.record.annotator] : []))).toEqual([
      'ann@example.org',
      'ann@example.org',
    ]);
    expectError(
      parseLabelStudio(JSON.stringify([{ data: { text: 'a' }, annotations: [{ completed_by: { name: 'x' } }] }])),
      1,
      'task 1: annotation 1 "completed_by" must be a name, a user id or a user with "email" or "id" (got an object)',
    );
  });
});

describe('Label Studio export that its importer takes', () => {
  const layer = (annotator: string | null, spans: AnnotatedRecord['spans'], id = '5'): AnnotatedRecord => ({
    id,
    text: 'Kim 🇰🇵 met',
    title: 'Kim 🇰🇵 met',
    annotator,
    status: 'done',
    spans,
    meta: {},
  });
  const kim = { start: 0, end: 3, label: 'PER', text: 'Kim' };
  const flag = { start: 4, end: 6, label: 'LOC', text: '🇰🇵' };

  it('writes an e-mail as completed_by, other names as created_username, model layers as predictions', () => {
    const json = write([
      layer('model:bert-ner-v2', [kim]),
      layer('li.wei@example.org', [flag]),
      layer('alice', []),
      layer('model:prediction', [flag]),
    ]);
    const region = (id: string, span: typeof kim) =>
      `{"id":"${id}","from_name":"label","to_name":"text","type":"labels","value":{"start":${span.start},"end":${span.end},"text":"${span.text}","labels":["${span.label}"]}}`;
    expect(json).toBe(
      '[\n{"id":5,"data":{"text":"Kim 🇰🇵 met"},"annotations":[' +
        `{"completed_by":{"email":"li.wei@example.org"},"result":[${region('5-1-1', flag)}]},` +
        '{"created_username":"alice","result":[]}],"predictions":[' +
        `{"model_version":"bert-ner-v2","result":[${region('5-3-1', kim)}]},` +
        `{"model_version":"prediction","result":[${region('5-4-1', flag)}]}]}\n]\n`,
    );
    // Label Studio's importer reads completed_by as a member's e-mail or id, never a plain name.
    const task = (JSON.parse(json) as { annotations: Record<string, unknown>[] }[])[0];
    for (const annotation of task.annotations) {
      const completedBy = annotation.completed_by;
      expect(
        completedBy === undefined ||
          (typeof completedBy === 'object' && completedBy !== null && 'email' in completedBy),
      ).toBe(true);
    }
  });

  it('writes a document with only model layers with empty annotations', () => {
    expect(write([layer('model:v1', [kim])])).toContain('"annotations":[],"predictions":[{"model_version":"v1",');
    expect(write([{ ...layer(null, []), status: null }])).toBe(
      '[\n{"id":5,"data":{"text":"Kim 🇰🇵 met"},"annotations":[]}\n]\n',
    );
  });

  const annotator = fc.option(
    fc.constantFrom('alice', 'José', '17', 'li.wei@example.org', 'model:bert-ner-v2', 'model:prediction', 'model:'),
    { nil: null },
  );
  const status = fc.constantFrom('todo' as const, 'done' as const, 'skipped' as const);
  const documents = fc
    .uniqueArray(
      fc.record({ id: documentId, text: documentText, meta }).chain(({ id, text, meta: documentMeta }) =>
        fc
          // One layer per annotator and document, as Spanwright stores them.
          .uniqueArray(fc.record({ annotator, spans: spansOver(text), status }), {
            minLength: 1,
            maxLength: 4,
            selector: (layer) => layer.annotator,
          })
          .map((layers): AnnotatedRecord[] => {
            const isModel = (record: { annotator: string | null }) =>
              record.annotator !== null && record.annotator.startsWith('model:') && record.annotator !== 'model:';
            // Read back, a task's annotations come before its predictions.
            const ordered = [...layers.filter((one) => !isModel(one)), ...layers.filter(isModel)];
            const title = recordTitle(text, id, documentMeta);
            return ordered.map((one) => ({
              id,
              text,
              title,
              meta: documentMeta,
              ...one,
              // A model's layer is a prediction: it has no status of its own.
              status: isModel(one) ? null : one.status,
            }));
          }),
      ),
      { minLength: 1, maxLength: 3, selector: (records) => records[0].id },
    )
    .map((groups) => groups.flat());

  it('round-trips: export → import gives the same layers and statuses (predictions back as model layers), and the same file', () => {
    fc.assert(
      fc.property(documents, (records) => {
        const first = write(records);
        const imported = valueOf(parseLabelStudio(first));
        expect(write(imported)).toBe(first);
        // A to-do layer without spans is no annotation; a task with nothing else reads back as one unnamed layer.
        const isModel = (record: AnnotatedRecord) => /^model:./u.test(record.annotator ?? '');
        const written = records.filter(
          (record) => isModel(record) || record.status !== 'todo' || record.spans.length > 0,
        );
        const expected = records.flatMap((record) => {
          if (written.includes(record)) return [record];
          const first = records.find((other) => other.id === record.id);
          const none = written.every((other) => other.id !== record.id);
          return none && first === record ? [{ ...record, annotator: null, status: null }] : [];
        });
        const carried = (record: AnnotatedRecord) => [
          record.id,
          record.text,
          record.annotator,
          record.status,
          record.spans,
        ];
        expect(imported.map(carried)).toEqual(expected.map(carried));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a labelling config with the names the results use, labels escaped, beside the tasks', () => {
    expect(labelStudioFormat.companions?.({ unit: 'codepoint', labels: ['PER', 'R&D <"x">', "it's"] })).toEqual([
      {
        path: 'labeling-config.xml',
        text:
          '<View>\n' +
          '  <Labels name="label" toName="text">\n' +
          '    <Label value="PER"/>\n' +
          '    <Label value="R&amp;D &lt;&quot;x&quot;&gt;"/>\n' +
          '    <Label value="it&apos;s"/>\n' +
          '  </Labels>\n' +
          '  <Text name="text" value="$text"/>\n' +
          '</View>\n',
      },
    ]);
    expect(labelStudioFormat.companions?.({ unit: 'codepoint', labels: [] })).toEqual([]);
    expect(labelingConfig(['😀 tag'])).toContain('<Label value="😀 tag"/>');
    expect(xmlAttribute('a\tb\nc\u0001\uD800')).toBe('a&#9;b&#10;c\uFFFD\uFFFD');
  });
});

describe('Label Studio detection', () => {
  const head = (first: string, keys: string[], complete = true): FileHead => ({
    name: 'x.json',
    text: first,
    keys,
    complete,
    first,
  });

  it.each<[string, string[], number, boolean?]>([
    ['[', ['id', 'data', 'annotations'], 3],
    ['[', ['data'], 3],
    ['[', ['completions', 'data', 'id'], 3],
    ['[', ['id', 'data', 'label'], 2],
    ['[', [], 2],
    ['[', ['id', 'text'], 0],
    // Label Studio writes a task's annotations before its data: a first task too long for the head is still a task.
    ['[', ['id', 'annotations'], 2, false],
    ['[', ['id', 'paragraphs'], 0],
    ['{', ['data', 'annotations'], 3],
    ['{', ['id', 'predictions', 'data'], 3],
    ['{', ['data'], 0],
    ['{', ['id', 'text', 'label'], 0],
  ])('%s with keys %j scores %d', (first, keys, score, complete) => {
    expect(labelStudioFormat.detect(head(first, keys, complete))).toBe(score);
  });

  it.each(['export.json', 'legacy-completions.json', 'single-task.json', 'crlf.json', 'broken.json'])(
    '%s is detected as Label Studio',
    (name) => expect(detectFormat(name, fixture(name))).toBe('labelstudio'),
  );
});

describe('Label Studio meta', () => {
  const task = (extra: string, regionExtra = '') =>
    `[{"id":1,"data":{"text":"Kim met Putin"}${extra},"annotations":[{"completed_by":{"email":"ann@x.org"},"result":[` +
    `{"id":"r1","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":3,"labels":["PER"]}${regionExtra}}]}]}]`;
  const itemsOf = (json: string) => labelStudioItems(json);
  const lossesOf = (json: string) => itemsOf(json).flatMap((item) => ('loss' in item ? [item.loss.what] : []));

  it('reads a region’s meta text (its panel’s note) as the span’s note, lines joined', () => {
    const [record] = itemsOf(task('', ',"meta":{"text":["first line","second"]}')).flatMap((item) =>
      'record' in item ? [item.record] : [],
    );
    expect(record.spans[0]).toMatchObject({ label: 'PER', note: 'first line\nsecond' });
    expect(lossesOf(task('', ',"meta":{"text":["a note"]}'))).toEqual([]);
  });

  it('counts a task’s meta and a region’s meta fields besides its text, which do not arrive', () => {
    expect(lossesOf(task(',"meta":{"batch":7}', ',"meta":{"text":["n"],"colour":"red"}'))).toEqual([
      'task "meta" fields',
      'region "meta" fields other than its text',
    ]);
    // An empty meta, as Label Studio's own exports write, holds nothing to lose.
    expect(lossesOf(task(',"meta":{}', ',"meta":{}'))).toEqual([]);
  });
});
