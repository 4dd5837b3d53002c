import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDoccanoLine, serializeDoccano } from '../../../src/lib/formats/doccano';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { expectError, valueOf } from './parseResultAssertions';

const line = (value: unknown): string => JSON.stringify(value);

describe('parseDoccanoLine', () => {
  it('reads a doccano export line: numeric id, code point offsets, other keys as meta', () => {
    const record = valueOf(
      parseDoccanoLine(
        '{"id": 12, "text": "😀 Kim met Putin", "label": [[10, 15, "PER"], [2, 5, "PER"]], "Comments": [], "source": "wire"}',
        1,
      ),
    );
    expect(record).toEqual({
      id: '12',
      text: '😀 Kim met Putin',
      title: '😀 Kim met Putin',
      annotator: null,
      status: null,
      spans: [
        { start: 2, end: 5, label: 'PER', text: 'Kim' },
        { start: 10, end: 15, label: 'PER', text: 'Putin' },
      ],
      meta: { Comments: [], source: 'wire' },
    });
  });

  it('accepts "labels" for "label", a missing label list, and reads the annotator', () => {
    expect(
      valueOf(parseDoccanoLine(line({ id: 'a', text: 'Kim', labels: [[0, 3, 'PER']], annotator: 'bob' }), 1)),
    ).toMatchObject({
      annotator: 'bob',
      spans: [{ start: 0, end: 3, label: 'PER', text: 'Kim' }],
    });
    expect(valueOf(parseDoccanoLine(line({ id: 'a', text: 'Kim' }), 1)).spans).toEqual([]);
  });

  describe('refuses, naming the line and the reason:', () => {
    it('malformed JSON', () =>
      expectError(parseDoccanoLine('{"id": 1, "text": "a", "label": [[0, 1, "x"]', 3), 3, 'malformed JSON'));
    it('missing text', () =>
      expectError(parseDoccanoLine(line({ id: 1, label: [] }), 5), 5, '"text" is missing or empty'));
    it('empty text', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: '' }), 5), 5, '"text" is missing or empty'));
    it('bad id', () =>
      expectError(parseDoccanoLine(line({ id: true, text: 'a' }), 4), 4, '"id" must be a string or number (got true)'));
    it('label not an array', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'a', label: 'PER' }), 2),
        2,
        '"label" must be an array of [start, end, "label"]',
      ));
    it('span not a triple', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0, 1]] }), 2),
        2,
        'span 1 must be [start, end, "label"]',
      ));
    it('out-of-range offsets', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: '😀ab', label: [[0, 4, 'x']] }), 7),
        7,
        'span 1 ends at 4 but the text has 3 characters (code points)',
      ));
    it('start ≥ end', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[2, 1, 'x']] }), 7),
        7,
        'span 1 has start 2 ≥ end 1',
      ));
    it('non-integer offsets', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0.5, 1, 'x']] }), 7),
        7,
        'span 1 start must be a non-negative integer (got 0.5)',
      ));
    it('non-string label', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [[0, 1, 42]] }), 2),
        2,
        'span 1 label must be a non-empty string (got 42)',
      ));
    it('both label and labels', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', label: [], labels: [] }), 2),
        2,
        'both "label" and "labels"',
      ));
    it('the relation-extraction shape', () =>
      expectError(parseDoccanoLine(line({ id: 1, text: 'abc', entities: [] }), 2), 2, '"entities"'));
    it('bad annotator', () =>
      expectError(
        parseDoccanoLine(line({ id: 1, text: 'abc', annotator: 3 }), 2),
        2,
        '"annotator" must be a non-empty string or null',
      ));
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseDoccanoLine(input, 1);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.jsonValue(),
            text: fc.oneof(fc.string(), fc.jsonValue()),
            label: fc.oneof(fc.array(fc.array(fc.jsonValue(), { maxLength: 4 })), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        (value) => {
          parseDoccanoLine(JSON.stringify(value), 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('serializeDoccano', () => {
  const record: AnnotatedRecord = {
    id: '12',
    text: '😀 Kim',
    title: '😀 Kim',
    annotator: 'alice',
    status: 'done',
    spans: [{ start: 2, end: 5, label: 'PER', text: 'Kim' }],
    meta: { source: 'wire', id: 'shadowed', label: 'shadowed' },
  };

  it('writes id (as a number when it is one), text, label, annotator, then meta; no status', () => {
    expect(serializeDoccano(record)).toBe(
      '{"id":12,"text":"😀 Kim","label":[[2,5,"PER"]],"annotator":"alice","source":"wire"}',
    );
  });

  it('leaves out a null annotator and keeps string ids as strings', () => {
    expect(serializeDoccano({ ...record, id: '007', annotator: null, meta: {} })).toBe(
      '{"id":"007","text":"😀 Kim","label":[[2,5,"PER"]]}',
    );
  });
});
