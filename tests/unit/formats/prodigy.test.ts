/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doccanoFormat } from '../../../src/lib/formats/doccano';
import type { FileHead, SourceItem } from '../../../src/lib/formats/format';
import { nativeFormat } from '../../../src/lib/formats/native';
import { CODE_POINTS, ReadingSurvey } from '../../../src/lib/formats/offsetReadings';
import {
  parseProdigyLine,
  PRODIGY_FIELDS_KEY,
  PRODIGY_META_KEYS,
  prodigyFormat,
  prodigyHash,
  serializeProdigy,
} from '../../../src/lib/formats/prodigy';
import { idFromText, type AnnotatedRecord } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { expectError, valueOf } from './parseResultAssertions';
import { UNICODE_RECORDS } from './unicodeRecords';

const FIXTURE = readFileSync('tests/fixtures/formats/prodigy/answers.jsonl', 'utf8');
const line = (value: unknown): string => JSON.stringify(value);

async function readItems(content: string, reading = CODE_POINTS, survey?: ReadingSurvey): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of prodigyFormat.read(new File([content], 'answers.jsonl'), { reading, survey }))
    items.push(item);
  return items;
}

async function readRecords(content: string): Promise<AnnotatedRecord[]> {
  return (await readItems(content)).flatMap((item) => ('record' in item ? [item.record] : []));
}

const write = (records: Iterable<AnnotatedRecord>): string =>
  [...prodigyFormat.write(records, { unit: 'codepoint', labels: [] })].join('');

describe('reading Prodigy answers', () => {
  it('reads the fixture: ids from the input hash (or "id"), meta with the hashes, annotators, statuses', async () => {
    const records = await readRecords(FIXTURE);
    expect(records.map(({ id, annotator, status }) => [id, annotator, status])).toEqual([
      ['-1487461258', 'nk-alice', 'done'],
      ['-1487461258', 'nk-bob', 'skipped'], // a rejected answer: no spans, not trained on
      ['902118334', 'nk-carol', 'skipped'],
      ['17', null, null],
      ['-620117372', 'nk-alice', 'done'],
    ]);
    expect(records[0].meta).toEqual({
      source: 'wire',
      title: 'Shoigu in Pyongyang',
      _input_hash: -1487461258,
      _view_id: 'ner_manual',
      [PRODIGY_FIELDS_KEY]: { _timestamp: 1718000000 },
    });
    expect(records[0].title).toBe('Shoigu in Pyongyang');
    // A task hash is not kept (an export computes it from the input hash and the layer's spans).
    expect(records[3].meta).toEqual({ _input_hash: 5550123 });
    expect(records[4].meta).toEqual({ _input_hash: -620117372, _view_id: 'relations' });
  });

  it('reads a span that gives only token_start and token_end from the task’s tokens, and notes indices that disagree', async () => {
    const text = 'Lula met Milei in Brasília.';
    const tokens = ['Lula', 'met', 'Milei', 'in', 'Brasília', '.'].map((word, id) => {
      const start = text.indexOf(word);
      return { text: word, start, end: start + word.length, id };
    });
    const only = { text, tokens, spans: [{ token_start: 2, token_end: 2, label: 'PER' }], answer: 'accept' };
    const both = {
      text,
      tokens,
      spans: [
        { start: 0, end: 4, token_start: 0, token_end: 0, label: 'PER' },
        { start: 18, end: 26, token_start: 2, token_end: 2, label: 'LOC' },
      ],
      answer: 'accept',
      _input_hash: 2,
    };
    const items = await readItems(`${line(only)}\n${line(both)}\n`);
    const [first, second] = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(first.spans.map((span) => [span.start, span.end, span.text])).toEqual([[9, 14, 'Milei']]);
    // Both given and disagreeing: the character offsets are read, and the card says so.
    expect(second.spans.map((span) => span.text)).toEqual(['Lula', 'Brasília']);
    expect(items.flatMap((item) => ('note' in item ? [item.note] : []))).toContain(
      '1 span’s "token_start" and "token_end" name other characters than its "start" and "end" (the first on line 2): the character offsets are read',
    );
    // Token indices past the task's tokens, and no offsets: the message says so, not "start … got nothing".
    const past = { text, tokens: tokens.slice(0, 1), spans: [{ token_start: 0, token_end: 5, label: 'PER' }] };
    const refused = await readItems(`${line(past)}\n`);
    expect(refused.flatMap((item) => ('error' in item ? [item.error.message] : []))).toEqual([
      'span 1 gives no "start" and "end", and its "token_start" (0) and "token_end" (5) name no run of the task\'s tokens (the task has 1 token, counted from 0)',
    ]);
  });

  it('makes an id from the text of a task without id or input hash', () => {
    expect(valueOf(parseProdigyLine(line({ text: 'Kim met Putin.' }), 1)).record).toMatchObject({
      id: idFromText('Kim met Putin.'),
      meta: {},
    });
  });

  it('slices spans in code points after ZWJ families, flags, combining marks, CJK and CRLF', async () => {
    const [alice, bob, carol] = await readRecords(FIXTURE);
    expect(alice.spans.map((span) => [span.start, span.end, span.label, span.text])).toEqual([
      [0, 6, 'PER', 'Shoigu'],
      [7, 12, 'FAMILY', '👩‍👩‍👧'],
      [17, 28, 'PER', 'Kim Jong Un'],
      [32, 34, 'LOC', '평양'],
    ]);
    expect(bob.spans).toEqual([]);
    expect(carol.spans.map((span) => span.text)).toEqual(['🇺🇦', '\r\n', 'Cafe\u0301', '北朝鮮', '😀']);
    for (const record of [alice, carol])
      for (const span of record.spans) expect(sliceCodePoints(record.text, span.start, span.end)).toBe(span.text);
  });

  it('leaves to do an accepted answer on the whole text (textcat, choice), which labelled no span (helper-210)', async () => {
    const items = await readItems(
      [
        line({ text: 'Kim met Putin.', label: 'POLITICS', answer: 'accept', _annotator_id: 'ann' }),
        line({ text: 'Kim met Putin.', options: [{ id: 'A' }], accept: ['A'], answer: 'accept', _annotator_id: 'bea' }),
        line({ text: 'Kim met Putin.', spans: [], answer: 'accept', _annotator_id: 'cy' }),
        line({ text: 'Kim met Putin.', label: 'PER', spans: [{ start: 0, end: 3, label: 'PER' }], answer: 'accept' }),
        line({ text: 'Kim met Putin.', label: 'POLITICS', answer: 'ignore', _annotator_id: 'dee' }),
      ].join('\n'),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    // cy's manual accept with no span is "nothing here", done; the binary ner.teach accept has its span.
    expect(records.map((record) => [record.annotator, record.status, record.spans.length])).toEqual([
      ['ann', null, 0],
      ['bea', null, 0],
      ['cy', 'done', 0],
      [null, 'done', 1],
      ['dee', 'skipped', 0],
    ]);
    expect(items).toContainEqual({
      loss: expect.objectContaining({
        what: 'accepted answers on whole texts (a "label" or "options", no "spans")',
        count: 2,
        line: 1,
      }),
    });
  });

  it('counts the spans of rejected answers and relations as losses, with their first lines', async () => {
    const losses = (await readItems(FIXTURE)).flatMap((item) => ('loss' in item ? [item.loss] : []));
    expect(losses).toEqual([
      {
        what: 'spans of rejected answers',
        why: 'a rejected answer is imported as skipped, without the spans it rejected (so no export trains on it)',
        count: 1,
        line: 2,
        examples: ['"Kim Jong Un" 17–28 (PER)'],
      },
      { what: 'relations', why: 'Spanwright keeps spans, not relations between them', count: 1, line: 5 },
      {
        what: 'token lists ("tokens")',
        why: 'Spanwright keeps the text and character offsets; Prodigy tokenizes a task without tokens again (spans’ token_start and token_end go with them)',
        count: 1,
        line: 1,
      },
      {
        what: 'task hashes ("_task_hash")',
        why: 'a Prodigy export computes each task’s hash again from its input hash and the layer’s spans, which another annotator’s layer or an edit changes',
        count: 5,
        line: 1,
      },
    ]);
  });

  it('counts the fields of accepted spans it does not keep (ner.teach’s score, source, rank), each by name, from its first line', async () => {
    const teach = { start: 0, end: 6, label: 'PER', text: 'Shoigu', score: 0.91, source: 'en_core_web_sm', rank: 0 };
    const content = [
      line({ text: 'Shoigu met Kim.', spans: [{ start: 11, end: 14, label: 'PER' }], answer: 'accept' }),
      line({ text: 'Shoigu went.', spans: [teach], answer: 'accept' }),
      line({ text: 'Shoigu came.', spans: [teach, { ...teach, start: 7, end: 11, text: 'came', rank: 1 }] }),
      line({ text: 'Shoigu left.', spans: [{ ...teach, priority: 0.5 }], answer: 'reject' }),
    ].join('\n');
    const items = await readItems(content);
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => record.spans.length)).toEqual([1, 1, 2, 0]);
    const why =
      'Spanwright keeps a span’s offsets and label, not its other fields; a Prodigy export writes spans without them';
    const losses = items.flatMap((item) => ('loss' in item && item.loss.what.startsWith('spans’') ? [item.loss] : []));
    expect(losses).toEqual([
      { what: 'spans’ "score" values', why, count: 3, line: 2 },
      { what: 'spans’ "source" values', why, count: 3, line: 2 },
      { what: 'spans’ "rank" values', why, count: 3, line: 2 },
    ]);
  });

  it('counts at most six span fields by name, the others together', async () => {
    const span = { start: 0, end: 1, label: 'X', a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1 };
    const items = await readItems(
      [line({ text: 'ab', spans: [span] }), line({ text: 'cd', spans: [{ ...span, i: 2 }] })].join('\n'),
    );
    const losses = items.flatMap((item) => ('loss' in item && item.loss.what.startsWith('spans’') ? [item.loss] : []));
    expect(losses.map(({ what, count, line: first }) => [what, count, first])).toEqual([
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((name) => [`spans’ "${name}" values`, 2, 1]),
      ['spans’ values of 3 other fields ("g", "h", "i")', 5, 1],
    ]);
  });

  it('takes the annotator from _annotator_id, else _session_id', () => {
    const answer = (fields: object) => valueOf(parseProdigyLine(line({ text: 'a', ...fields }), 1)).record.annotator;
    expect(answer({ _annotator_id: 'x', _session_id: 'y' })).toBe('x');
    expect(answer({ _annotator_id: null, _session_id: 'y' })).toBe('y');
    expect(answer({})).toBeNull();
  });

  it('keeps string hashes as strings, and Prodigy meta keys the hashes do not shadow', () => {
    const { record } = valueOf(
      parseProdigyLine(line({ text: 'a', _input_hash: 'h1', meta: { _input_hash: 'shadowed', n: 1 } }), 1),
    );
    expect(record).toMatchObject({ id: 'h1', meta: { _input_hash: 'h1', n: 1 } });
  });

  it('reads offsets the way the user chose, and tells the survey which readings fit the quotes', async () => {
    const survey = new ReadingSurvey();
    const utf16 = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false } as const;
    const items = await readItems(
      line({ text: '😀 Kim', spans: [{ start: 3, end: 6, label: 'PER', text: 'Kim' }] }),
      utf16,
      survey,
    );
    expect(items).toMatchObject([{ record: { spans: [{ start: 2, end: 5, text: 'Kim' }] } }]);
    expect(survey.fitsAll()).toEqual(utf16);
  });
});

describe('parseProdigyLine refuses, naming the line and the reason:', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [1, 2], 'expected a JSON object {"text", "spans", …} (got an array)'],
    ['text missing', { spans: [] }, '"text" is missing or empty'],
    ['a bad id', { id: {}, text: 'a' }, '"id" must be a string or number (got an object)'],
    ['a bad input hash', { text: 'a', _input_hash: 1.5 }, '"_input_hash" must be an integer or a string (got 1.5)'],
    ['a bad task hash', { text: 'a', _task_hash: [] }, '"_task_hash" must be an integer or a string (got an array)'],
    ['a bad view id', { text: 'a', _view_id: 3 }, '"_view_id" must be a string (got 3)'],
    ['a bad annotator id', { text: 'a', _annotator_id: '' }, '"_annotator_id" must be a non-empty string (got "")'],
    ['a bad session id', { text: 'a', _session_id: 7 }, '"_session_id" must be a non-empty string (got 7)'],
    ['a bad answer', { text: 'a', answer: 'maybe' }, '"answer" must be "accept", "reject" or "ignore" (got "maybe")'],
    ['a bad meta', { text: 'a', meta: [] }, '"meta" must be an object (got an array)'],
    ['spans not an array', { text: 'a', spans: {} }, '"spans" must be an array (got an object)'],
    ['a span not an object', { text: 'a', spans: [3] }, 'span 1 must be an object {"start", "end", "label"} (got 3)'],
    [
      'an offset past the text',
      { text: '😀a', spans: [{ start: 0, end: 3, label: 'x' }] },
      'span 1 ends at 3 but the text has 2',
    ],
    ['start after end', { text: 'abc', spans: [{ start: 2, end: 1, label: 'x' }] }, 'span 1 has start 2 ≥ end 1'],
    ['a missing label', { text: 'abc', spans: [{ start: 0, end: 1 }] }, 'span 1 label must be a non-empty string'],
    [
      'a quote that differs',
      { text: '😀 Kim', spans: [{ start: 3, end: 5, label: 'PER', text: 'Kim' }] },
      'span 1 quotes "Kim" but the text at 3–5 is "im"',
    ],
  ];
  it.each(cases)('%s', (_name, value, reason) => expectError(parseProdigyLine(line(value), 4), 4, reason));

  it('malformed JSON', () => expectError(parseProdigyLine('{"text": "a",', 3), 3, 'malformed JSON'));

  it('every problem on the line', () => {
    const result = parseProdigyLine(line({ text: 3, answer: 'yes', _view_id: 1 }), 2);
    expect('errors' in result && result.errors.map((error) => error.line)).toEqual([2, 2, 2]);
  });

  it('but never the spans of a rejected answer, which are not imported', () => {
    const answer = valueOf(
      parseProdigyLine(line({ text: 'ab', spans: [7, { start: 0, end: 9 }], answer: 'reject' }), 1),
    );
    expect(answer).toMatchObject({ rejectedSpans: 2, rejectedExamples: [], record: { status: 'skipped', spans: [] } });
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc
            .record(
              {
                text: fc.oneof(fc.string(), fc.jsonValue()),
                spans: fc.oneof(
                  fc.array(fc.dictionary(fc.constantFrom('start', 'end', 'label', 'text'), fc.jsonValue())),
                  fc.jsonValue(),
                ),
                answer: fc.oneof(fc.constantFrom('accept', 'reject', 'ignore'), fc.jsonValue()),
                _input_hash: fc.jsonValue(),
                _annotator_id: fc.jsonValue(),
              },
              { requiredKeys: [] },
            )
            .map((value) => JSON.stringify(value)),
        ),
        (input) => {
          parseProdigyLine(input, 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('writing Prodigy answers', () => {
  const record: AnnotatedRecord = {
    id: 'nk-001',
    text: '😀 Kim met Putin',
    title: '😀 Kim met Putin',
    annotator: 'alice',
    status: 'done',
    spans: [
      { start: 10, end: 15, label: 'PER', text: 'Putin' },
      { start: 2, end: 5, label: 'PER', text: 'Kim' },
    ],
    meta: { source: 'wire' },
  };

  it('computes stable 32-bit hashes when the record has none, and writes the id the hash would not give back', () => {
    const inputHash = prodigyHash(record.text);
    const spans = '{"start":2,"end":5,"label":"PER"},{"start":10,"end":15,"label":"PER"}';
    const taskHash = prodigyHash(`${inputHash} ${spans}`);
    expect(serializeProdigy(record)).toBe(
      `{"id":"nk-001","text":"😀 Kim met Putin","spans":[${spans}],"_input_hash":${inputHash},"_task_hash":${taskHash},` +
        '"answer":"accept","_annotator_id":"alice","_session_id":"alice","meta":{"source":"wire"}}',
    );
    expect(prodigyHash('')).toBe(-2128831035); // FNV-1a's offset basis, signed
    expect(prodigyHash('foobar')).toBe(0xbf9cf968 | 0);
  });

  it('writes a kept input hash as it was, a task hash of it and the spans, _view_id at the top, "ignore" for skipped', () => {
    const kept = { ...record, id: '-12', status: 'skipped' as const, annotator: null };
    const meta = { _input_hash: -12, _task_hash: '7', _view_id: 'ner_manual', source: 'wire' };
    const spans = '{"start":2,"end":5,"label":"PER"},{"start":10,"end":15,"label":"PER"}';
    expect(serializeProdigy({ ...kept, meta })).toBe(
      `{"text":"😀 Kim met Putin","spans":[${spans}],` +
        `"_input_hash":-12,"_task_hash":${prodigyHash(`-12 ${spans}`)},"answer":"ignore","_view_id":"ner_manual","meta":{"source":"wire"}}`,
    );
  });

  it('writes each layer its own task hash: of the kept input hash and its spans, never a stale imported one', async () => {
    const text = 'Kim met Putin in Vostochny.';
    const [dave] = await readRecords(
      line({
        text,
        _input_hash: 12345,
        _task_hash: -999,
        spans: [{ start: 0, end: 3, label: 'PER' }],
        answer: 'accept',
        _annotator_id: 'ds-dave',
      }),
    );
    const erin = { ...dave, annotator: 'erin', spans: [{ start: 8, end: 13, label: 'PER', text: 'Putin' }] };
    const [daveLine, erinLine] = [dave, erin].map(
      (layer) => JSON.parse(serializeProdigy(layer)) as Record<string, unknown>,
    );
    expect([daveLine._input_hash, erinLine._input_hash]).toEqual([12345, 12345]);
    expect(daveLine._task_hash).not.toBe(-999);
    expect(erinLine._task_hash).not.toBe(-999);
    expect(daveLine._task_hash).not.toBe(erinLine._task_hash);
    // The same spans give the same task hash again; a recipe's label is part of the question.
    expect(JSON.parse(serializeProdigy({ ...dave }))).toMatchObject({ _task_hash: daveLine._task_hash });
    const labelled = { ...dave, meta: { ...dave.meta, [PRODIGY_FIELDS_KEY]: { label: 'PER' } } };
    expect(JSON.parse(serializeProdigy(labelled))).not.toMatchObject({ _task_hash: daveLine._task_hash });
  });

  it('writes no answer for a to-do record, and says the status is lost', () => {
    const todo = { ...record, status: 'todo' as const };
    expect(serializeProdigy(todo)).not.toContain('"answer"');
    expect(prodigyFormat.lossesOf?.(todo)).toMatchObject([{ what: 'to-do statuses', count: 1 }]);
    expect(prodigyFormat.lossesOf?.(record)).toEqual([]);
    // A document no one labelled (no status, every annotator's export) is written without an answer too, and counted (helper-196).
    const unlabelled = { ...record, annotator: null, status: null, spans: [] };
    expect(serializeProdigy(unlabelled)).not.toContain('"answer"');
    expect(prodigyFormat.lossesOf?.(unlabelled)).toMatchObject([{ what: 'to-do statuses', count: 1 }]);
    for (const status of ['done', 'skipped'] as const)
      expect(prodigyFormat.lossesOf?.({ ...record, status })).toEqual([]);
  });
});

describe('round trips', () => {
  it('Prodigy → records → Prodigy → records: the same records, and the same file from then on', async () => {
    const records = await readRecords(FIXTURE);
    const written = write(records);
    expect(await readRecords(written)).toEqual(records);
    expect(write(await readRecords(written))).toBe(written);
  });

  it("a task without hashes gets Spanwright's on the way out, and reads back with the metadata it had (no stand-in hashes)", async () => {
    const [record] = await readRecords(line({ text: 'Kim met Putin.', spans: [{ start: 0, end: 3, label: 'PER' }] }));
    const written = write([record]);
    expect(JSON.parse(written)).toMatchObject({ _input_hash: expect.any(Number), _task_hash: expect.any(Number) });
    const [back] = await readRecords(written);
    expect(back).toEqual(record);
    expect(write([back])).toBe(written);
    const native = { ...record, id: 'nk-9', meta: { source: 'wire' } };
    expect((await readRecords(write([native])))[0].meta).toEqual({ source: 'wire' });
  });

  it('Spanwright records → Prodigy → records: the same ids, texts, spans, annotators and meta', async () => {
    const written = write(UNICODE_RECORDS);
    const back = await readRecords(written);
    expect(back).toHaveLength(UNICODE_RECORDS.length);
    back.forEach((record, index) => {
      const original = UNICODE_RECORDS[index];
      const meta = Object.fromEntries(Object.entries(record.meta).filter(([key]) => !PRODIGY_META_KEYS.includes(key)));
      expect({ ...record, meta }).toEqual({ ...original, status: original.status === 'todo' ? null : original.status });
    });
    for (const task of written.trim().split('\n'))
      expect(typeof (JSON.parse(task) as Record<string, unknown>)._input_hash).toBe('number');
  });
});

describe('detection', () => {
  const head = (keys: string[]): FileHead => ({ name: 'a.jsonl', text: '{', keys, complete: true, first: '{' });

  it('scores 3 for a first record with Prodigy keys, above native JSONL; 4 with an answer or spans, above doccano', () => {
    for (const key of ['_input_hash', '_task_hash', '_view_id', '_session_id', '_annotator_id']) {
      expect(prodigyFormat.detect(head(['text', 'spans', key]))).toBe(4);
      expect(prodigyFormat.detect(head(['text', key, 'answer']))).toBe(4);
      expect(prodigyFormat.detect(head(['text', 'label', key]))).toBe(3);
    }
    expect(nativeFormat.detect(head(['text', 'spans', 'answer']))).toBeLessThan(3);
    expect(doccanoFormat.detect(head(['text', 'spans', 'label', 'answer']))).toBeLessThan(4);
    expect(prodigyFormat.detect(head(['text', 'spans']))).toBe(0);
    expect(prodigyFormat.detect({ ...head(['answer']), first: '[' })).toBe(0);
  });
});
