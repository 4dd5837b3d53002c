import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNativeLine, serializeNative } from '../../../src/lib/formats/native';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { errorsOf, expectError, valueOf } from './parseResultAssertions';

const line = (value: unknown): string => JSON.stringify(value);

describe('parseNativeLine', () => {
  it('reads a full record and sorts its spans', () => {
    const text = 'Kim 👩‍👩‍👧 met 🇺🇦 officials';
    const record = valueOf(
      parseNativeLine(
        line({
          id: 'a',
          text,
          spans: [
            { start: 14, end: 16, label: 'place', text: '🇺🇦' },
            { start: 0, end: 3, label: 'person', text: 'Kim' },
          ],
          annotator: 'alice',
          status: 'done',
          meta: { title: 'A meeting', source: 'wire' },
        }),
        1,
      ),
    );
    expect(record).toEqual({
      id: 'a',
      text,
      title: 'A meeting',
      annotator: 'alice',
      status: 'done',
      spans: [
        { start: 0, end: 3, label: 'person', text: 'Kim' },
        { start: 14, end: 16, label: 'place', text: '🇺🇦' },
      ],
      meta: { title: 'A meeting', source: 'wire' },
    });
  });

  it('reads UTF-16 offsets when asked and converts them to code points', () => {
    const text = '😀 Kim';
    const record = valueOf(
      parseNativeLine(line({ id: 'a', text, spans: [{ start: 3, end: 6, label: 'p', text: 'Kim' }] }), 1, 'utf16'),
    );
    expect(record.spans).toEqual([{ start: 2, end: 5, label: 'p', text: 'Kim' }]);
  });

  it('tolerates missing spans, meta, annotator and status; derives the title; numeric ids become strings', () => {
    const record = valueOf(
      parseNativeLine(line({ id: 7, text: 'North Korea denies sending weapons to Russia\nbody' }), 1),
    );
    expect(record).toEqual({
      id: '7',
      text: 'North Korea denies sending weapons to Russia\nbody',
      title: 'North Korea denies sending weapons to Russia',
      annotator: null,
      status: null,
      spans: [],
      meta: {},
    });
  });

  it('keeps unknown top-level keys as meta only when meta is absent', () => {
    expect(valueOf(parseNativeLine(line({ id: 'a', text: 't', source: 'x', answer: 'accept' }), 1)).meta).toEqual({
      source: 'x',
      answer: 'accept',
    });
    expect(
      valueOf(parseNativeLine(line({ id: 'a', text: 't', _input_hash: 1, meta: { source: 'y' } }), 1)).meta,
    ).toEqual({ source: 'y' });
  });

  it('fills in a missing span text and ignores extra span keys (Prodigy token_start)', () => {
    const record = valueOf(
      parseNativeLine(
        line({ id: 'a', text: 'Kim Jong', spans: [{ start: 0, end: 3, label: 'p', token_start: 0, token_end: 0 }] }),
        1,
      ),
    );
    expect(record.spans).toEqual([{ start: 0, end: 3, label: 'p', text: 'Kim' }]);
  });

  it('keeps the text exactly: BOM, CRLF, surrounding whitespace', () => {
    const text = '\uFEFF  Kim\r\n\r\n ';
    expect(valueOf(parseNativeLine(line({ id: 'a', text }), 1)).text).toBe(text);
  });

  it('gives a record without an id one from its text, the same on every import', () => {
    const first = valueOf(parseNativeLine(line({ text: 'Kim met Putin.' }), 1));
    expect(first.id).toMatch(/^text-/u);
    expect(valueOf(parseNativeLine(line({ text: 'Kim met Putin.', spans: [] }), 9)).id).toBe(first.id);
    expect(valueOf(parseNativeLine(line({ text: 'Kim met Putin!' }), 1)).id).not.toBe(first.id);
  });

  describe('refuses, naming the line and the reason:', () => {
    it('malformed JSON', () => expectError(parseNativeLine('{"id": "a", "text": }', 3), 3, 'malformed JSON ('));
    it('not an object', () => expectError(parseNativeLine('[1, 2]', 4), 4, 'expected a JSON object'));
    it('missing text', () => expectError(parseNativeLine(line({ id: 'a' }), 5), 5, '"text" is missing or empty'));
    it('empty text', () =>
      expectError(parseNativeLine(line({ id: 'a', text: '' }), 5), 5, '"text" is missing or empty'));
    it('non-string text', () =>
      expectError(parseNativeLine(line({ id: 'a', text: 42 }), 5), 5, '"text" must be a string (got 42)'));
    it('bad id', () =>
      expectError(
        parseNativeLine(line({ id: { x: 1 }, text: 't' }), 4),
        4,
        '"id" must be a string or number (got an object)',
      ));
    it('empty id', () => expectError(parseNativeLine(line({ id: '', text: 't' }), 4), 4, '"id" is empty'));
    it('bad annotator', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 't', annotator: '' }), 2),
        2,
        '"annotator" must be a non-empty string or null',
      ));
    it('bad status', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 't', status: 'finished' }), 2),
        2,
        '"status" must be one of "todo", "done", "skipped" or null (got "finished")',
      ));
    it('meta not an object', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 't', meta: [1] }), 2),
        2,
        '"meta" must be an object (got an array)',
      ));
    it('spans not an array', () =>
      [{}, { sc: 'x' }].forEach((spans) =>
        expectError(parseNativeLine(line({ id: 'a', text: 't', spans }), 2), 2, '"spans" must be an array'),
      ));
    it('span not an object', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 't', spans: [[0, 1, 'x']] }), 2),
        2,
        'span 1 must be an object',
      ));
    it('offset past the end', () =>
      expectError(
        parseNativeLine(
          line({
            id: 'a',
            text: 'x'.repeat(98),
            spans: [
              { start: 0, end: 1, label: 'l' },
              { start: 100, end: 120, label: 'l' },
            ],
          }),
          7,
        ),
        7,
        'span 2 ends at 120 but the text has 98 characters (code points)',
      ));
    it('offset past the end, counted in code points', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: '😀😀', spans: [{ start: 0, end: 3, label: 'l' }] }), 7),
        7,
        'span 1 ends at 3 but the text has 2 characters (code points)',
      ));
    it('offset past the end in UTF-16', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: '😀😀', spans: [{ start: 0, end: 5, label: 'l' }] }), 7, 'utf16'),
        7,
        'span 1 ends at 5 but the text has 4 characters (UTF-16 code units)',
      ));
    it('UTF-16 offset inside a surrogate pair', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: '😀 Kim', spans: [{ start: 1, end: 3, label: 'l' }] }), 7, 'utf16'),
        7,
        'span 1 offset 1 falls inside a surrogate pair',
      ));
    it('start after end', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abcdefgh', spans: [{ start: 5, end: 4, label: 'l' }] }), 7),
        7,
        'span 1 has start 5 ≥ end 4',
      ));
    it('negative offset', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: -1, end: 2, label: 'l' }] }), 7),
        7,
        'span 1 start must be a non-negative integer (got -1)',
      ));
    it('non-integer offset', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: 0, end: 1.5, label: 'l' }] }), 7),
        7,
        'span 1 end must be a non-negative integer (got 1.5)',
      ));
    it('string offset', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: '0', end: 1, label: 'l' }] }), 7),
        7,
        'span 1 start must be a non-negative integer (got "0")',
      ));
    it('span text mismatch', () =>
      expectError(
        parseNativeLine(
          line({
            id: 'a',
            text: 'Mr Kim and Mr Kir.',
            spans: [
              { start: 0, end: 1, label: 'p' },
              { start: 1, end: 2, label: 'p' },
              { start: 14, end: 17, label: 'p', text: 'Kim' },
            ],
          }),
          9,
        ),
        9,
        'span 3 quotes "Kim" but the text at 14–17 is "Kir"',
      ));
    it('span text not a string', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: 0, end: 1, label: 'l', text: null }] }), 7),
        7,
        'span 1 text must be a string (got null)',
      ));
    it('non-string label', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: 0, end: 1, label: 42 }] }), 2),
        2,
        'span 1 label must be a non-empty string (got 42)',
      ));
    it('empty label', () =>
      expectError(
        parseNativeLine(line({ id: 'a', text: 'abc', spans: [{ start: 0, end: 1, label: '' }] }), 2),
        2,
        'span 1 label must be a non-empty string (got "")',
      ));
  });

  it('reports every problem of a line, not only the first', () => {
    const errors = errorsOf(
      parseNativeLine(
        line({
          id: null,
          text: 'abc',
          spans: [
            { start: 0, end: 9, label: 'l' },
            { start: 2, end: 1, label: 'l' },
          ],
        }),
        6,
      ),
    );
    expect(errors.map((error) => error.message)).toEqual([
      '"id" must be a string or number (got null)',
      'span 1 ends at 9 but the text has 3 characters (code points)',
      'span 2 has start 2 ≥ end 1',
    ]);
    expect(errors.every((error) => error.line === 6)).toBe(true);
  });

  it('clips long user strings in messages', () => {
    const long = 'x'.repeat(500);
    const errors = errorsOf(
      parseNativeLine(
        line({ id: 'a', text: long, spans: [{ start: 0, end: 400, label: 'l', text: 'y'.repeat(400) }] }),
        1,
      ),
    );
    expect(errors[0].message.length).toBeLessThan(160);
    expect(errors[0].message).toContain('…');
    const malformed = errorsOf(parseNativeLine(`"${'z'.repeat(300)}`, 1));
    expect(malformed[0].message.length).toBeLessThan(200);
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseNativeLine(input, 1);
          parseNativeLine(input, 1, 'utf16');
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.jsonValue(),
            text: fc.oneof(fc.string({ unit: 'grapheme' }), fc.jsonValue()),
            spans: fc.oneof(
              fc.array(
                fc.record(
                  { start: fc.jsonValue(), end: fc.jsonValue(), label: fc.jsonValue(), text: fc.jsonValue() },
                  { requiredKeys: [] },
                ),
              ),
              fc.jsonValue(),
            ),
            annotator: fc.jsonValue(),
            status: fc.jsonValue(),
            meta: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        (value) => {
          parseNativeLine(JSON.stringify(value), 1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses meta nested too deeply instead of overflowing the stack', () => {
    const deep = `{"id":"a","text":"t","meta":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expectError(parseNativeLine(deep, 1), 1, 'nests more than');
  });
});

describe('serializeNative', () => {
  const record: AnnotatedRecord = {
    id: 'a',
    text: '😀 Kim',
    title: '😀 Kim',
    annotator: null,
    status: 'todo',
    spans: [{ start: 2, end: 5, label: 'person', text: 'Kim' }],
    meta: {},
  };

  it('writes keys in order, offsets in code points', () => {
    expect(serializeNative(record, 'codepoint')).toBe(
      '{"id":"a","text":"😀 Kim","spans":[{"start":2,"end":5,"label":"person","text":"Kim"}],"annotator":null,"status":"todo","meta":{}}',
    );
  });

  it('writes UTF-16 offsets when asked', () => {
    expect(serializeNative(record, 'utf16')).toContain('"spans":[{"start":3,"end":6,');
  });

  it('sorts spans it is given out of order', () => {
    const unsorted = {
      ...record,
      text: 'abc',
      spans: [
        { start: 1, end: 2, label: 'b', text: 'b' },
        { start: 0, end: 1, label: 'a', text: 'a' },
      ],
    };
    expect(serializeNative(unsorted, 'codepoint')).toContain('"spans":[{"start":0,');
  });
  it('writes a span marked as an example with "example": true in its meta, and reads it back', () => {
    const marked: AnnotatedRecord = {
      ...record,
      spans: [{ start: 2, end: 5, label: 'person', text: 'Kim', note: 'the leader', example: true }],
    };
    const written = serializeNative(marked, 'codepoint');
    expect(written).toContain('"meta":{"note":"the leader","example":true}');
    expect(valueOf(parseNativeLine(written, 1)).spans).toEqual(marked.spans);
    // false, as another tool may write it, is no mark; anything else is refused, naming the span.
    const withExample = (example: unknown) =>
      line({ id: 'a', text: 'Kim', spans: [{ start: 0, end: 3, label: 'p', text: 'Kim', meta: { example } }] });
    expect(valueOf(parseNativeLine(withExample(false), 1)).spans).toEqual([
      { start: 0, end: 3, label: 'p', text: 'Kim' },
    ]);
    expectError(parseNativeLine(withExample('yes'), 4), 4, 'meta.example must be true or false (got "yes")');
  });
});
