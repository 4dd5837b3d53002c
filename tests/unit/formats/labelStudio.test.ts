import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelStudio, serializeLabelStudio } from '../../../src/lib/formats/labelStudio';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { expectError, valueOf } from './parseResultAssertions';

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

  describe('refuses, naming the task, its line and the reason:', () => {
    it('malformed JSON, on the line the parser names', () =>
      expectError(parseLabelStudio('[\n  {"id": 1\n  "data": {}}\n]'), 3, 'malformed JSON ('));
    it('not an array', () =>
      expectError(
        parseLabelStudio('{"id": 1, "data": {"text": "a"}}'),
        0,
        'must be a JSON array of tasks (got an object)',
      ));
    it('task not an object', () => expectError(parseLabelStudio('[\n"x"\n]'), 2, 'task 1: must be an object'));
    it('missing data', () => expectError(parseLabelStudio(tasks({ id: 1 })), 2, 'task 1: "data" must be an object'));
    it('missing text', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'ok' } }, { id: 2, data: {} })),
        8,
        'task 2: "data.text" is missing or empty',
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
        'task 1: "annotations" must be an array',
      ));
    it('bad completed_by', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'a' }, annotations: [{ completed_by: true, result: [] }] })),
        2,
        'task 1: annotation 1 "completed_by" must be',
      ));
    it('result not an array', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'a' }, annotations: [{ result: 5 }] })),
        2,
        'task 1: annotation 1 "result" must be an array',
      ));
    it('missing labels', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 1, [])] }] })),
        2,
        'task 1: annotation 1 span 1 "labels" must be a non-empty array',
      ));
    it('out-of-range offsets', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 9, ['x'])] }] })),
        2,
        'task 1: annotation 1 span 1 ends at 9 but the text has 3 characters',
      ));
    it('start ≥ end', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(2, 2, ['x'])] }] })),
        2,
        'span 1 has start 2 ≥ end 2',
      ));
    it('non-integer offsets', () =>
      expectError(
        parseLabelStudio(tasks({ id: 1, data: { text: 'abc' }, annotations: [{ result: [region(0, 1.5, ['x'])] }] })),
        2,
        'end must be a non-negative integer (got 1.5)',
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
    const json = `[\n  {"id": 1, "data": {"text": "a [b], {c}\\n\\"q\\""}},\n  {"id": 2,\n   "data": {"text": ""}}\n]`;
    expectError(parseLabelStudio(json), 3, 'task 2:');
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
    status: null,
    spans,
    meta: { source: 'wire' },
  });
  const kim = { start: 2, end: 5, label: 'PER', text: 'Kim' };

  it('groups layers of one document into one task, in order, with deterministic region ids', () => {
    const json = serializeLabelStudio([layer('17', 'alice', [kim]), layer('x', null, []), layer('17', null, [kim])]);
    expect(json).toBe(
      '[\n' +
        '{"id":17,"data":{"text":"😀 Kim","source":"wire"},"annotations":[' +
        '{"completed_by":"alice","result":[{"id":"17-1-1","from_name":"label","to_name":"text","type":"labels","value":{"start":2,"end":5,"text":"Kim","labels":["PER"]}}]},' +
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
