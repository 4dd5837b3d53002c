import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonDocumentsOfText,
  LossTally,
  readJsonDocuments,
  type JsonDocument,
} from '../../../src/lib/formats/jsonDocuments';

const fileOf = (content: string | Uint8Array<ArrayBuffer>, name = 'records.json') => new File([content], name);

async function readAll(
  content: string | Uint8Array<ArrayBuffer>,
  onBytes?: (bytes: number) => void,
): Promise<JsonDocument[]> {
  const documents: JsonDocument[] = [];
  for await (const document of readJsonDocuments(fileOf(content), onBytes)) documents.push(document);
  return documents;
}

/** Both readers, which must agree on every text. */
async function bothWays(text: string): Promise<JsonDocument[]> {
  const streamed = await readAll(text);
  expect(streamed).toEqual(jsonDocumentsOfText(text));
  return streamed;
}

describe('JSON documents: JSONL, an array, or one object', () => {
  it('reads JSONL line by line, numbering lines as the file does (blank lines, CRLF, a BOM)', async () => {
    expect(await bothWays('\uFEFF{"a": 1}\r\n\r\n{"b": "😀"}\r\n  \n[3]\n')).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { b: '😀' }, line: 3 },
      { value: [3], line: 5 },
    ]);
  });

  it('reads an array whole, each element with the line it starts on', async () => {
    const text = '[\n  {"a": "x,\\n]"},\n\n  {\n    "b": [1, 2]\n  },\n  "c"\n]\n';
    expect(await bothWays(text)).toEqual([
      { value: { a: 'x,\n]' }, line: 2 },
      { value: { b: [1, 2] }, line: 4 },
      { value: 'c', line: 7 },
    ]);
    expect(await bothWays('  []')).toEqual([]);
  });

  it('reads a pretty-printed object whole, from the line it starts on, not as broken JSONL', async () => {
    const text = '\n{\n  "id": 1,\r\n  "text": "a\\nb"\n}\n';
    expect(await bothWays(text)).toEqual([{ value: { id: 1, text: 'a\nb' }, line: 2 }]);
  });

  it('reads JSONL whose first line is broken as JSONL, naming each broken line', async () => {
    const documents = await bothWays('{"a": 1\n{"b": 2}\n{"c":}\n');
    expect(documents).toHaveLength(3);
    expect(documents[0]).toMatchObject({ error: { line: 1, message: expect.stringContaining('malformed JSON') } });
    expect(documents[1]).toEqual({ value: { b: 2 }, line: 2 });
    expect(documents[2]).toMatchObject({ error: { line: 3 } });
  });

  it('names the line of a malformed element in an array, and still reads the elements beside it', async () => {
    const documents = await bothWays('[\n  {"a": 1},\n  {"b" 2},\n  {"c": 3}\n]');
    expect(documents).toEqual([
      { value: { a: 1 }, line: 2 },
      { error: { line: 3, message: expect.stringContaining('malformed JSON') } },
      { value: { c: 3 }, line: 4 },
    ]);
  });

  it('gives no column counted from an element’s start: only one past its first line, which is the file’s (helper-208)', async () => {
    const minified = await bothWays('[{"text":"a","label":[]}, {"text":"b","label":[[0,1,claim]]}]');
    const broken = minified.find((document) => 'error' in document) as { error: { line: number; message: string } };
    expect(broken.error.line).toBe(1);
    expect(broken.error.message).toMatch(/^malformed JSON \(Unexpected token/u);
    expect(broken.error.message).not.toContain('column');
    const pretty = await bothWays('[\n  {\n    "text": "b",\n    "label": [[0, 1, claim]]\n  }\n]');
    expect(pretty).toEqual([{ error: { line: 4, message: expect.stringMatching(/, at column 22\)$/u) } }]);
  });

  it('names where an array itself breaks: no closing bracket, text after it, an empty element', async () => {
    expect(await bothWays('[\n  {"a": 1},\n  {"b": "x]"}\n')).toEqual([
      { value: { a: 1 }, line: 2 },
      {
        error: {
          line: 3,
          message:
            'malformed JSON (the file ends before the array opened on line 1 is closed with ]: is it cut short?)',
        },
      },
    ]);
    expect(await bothWays('[{"a": 1}]\n\n{"b": 2}')).toEqual([
      { value: { a: 1 }, line: 1 },
      { error: { line: 3, message: 'malformed JSON (text after the closing ] of the array)' } },
    ]);
    expect(await bothWays('[1,\n]')).toEqual([
      { value: 1, line: 1 },
      { error: { line: 2, message: expect.stringContaining('malformed JSON') } },
    ]);
  });

  it('names an object that never closes, on the line it opened, not the array around it', async () => {
    // The second element lacks its }: the ] on line 4 closes no array.
    expect(await bothWays('[\n  {"id": "a", "text": "x"},\n  {"id": "b", "text": "y"\n]\n')).toEqual([
      { value: { id: 'a', text: 'x' }, line: 2 },
      { error: { line: 3, message: 'malformed JSON (the object opened on line 3 has no closing })' } },
    ]);
    expect(await bothWays('[\n  {"id": "a",\n   "spans": [\n    {"start": 0}\n  }\n]')).toEqual([
      { error: { line: 3, message: 'malformed JSON (the array opened on line 3 has no closing ])' } },
    ]);
    // Cut short inside an element: said so, on the line the element starts, the innermost object still open named.
    expect(await bothWays('[\n  {"a": 1},\n  {"b": {"c": 2}')).toEqual([
      { value: { a: 1 }, line: 2 },
      {
        error: {
          line: 3,
          message: 'malformed JSON (the file ends before the object opened on line 3 is closed: is it cut short?)',
        },
      },
    ]);
    // A missing closing quote (line 4) shifts every quote after it: the last string never closes, said so.
    expect(await bothWays('[\n  {"a": 1},\n  {"b": 1,\n   "c": "x},\n  {"d": 2}\n]\n')).toEqual([
      { value: { a: 1 }, line: 2 },
      {
        error: {
          line: 3,
          message:
            'malformed JSON (a string opened on line 5 never closes: a " is missing there or before it, or the file is cut short)',
        },
      },
    ]);
    expect(await bothWays('[\n  {"a": 1},\n  {"b": 1,\n   "c": [\n    {"d": 2')).toEqual([
      { value: { a: 1 }, line: 2 },
      {
        error: {
          line: 3,
          message:
            'malformed JSON (the file ends before the element that starts on line 3 is closed, the object opened on line 5 not closed with }: is it cut short?)',
        },
      },
    ]);
  });

  it('reads an array element by element exactly as JSON.parse reads it whole, and refuses what it refuses', () => {
    const arrayText = fc.oneof(
      fc.array(fc.jsonValue({ maxDepth: 3 })).map((values) => JSON.stringify(values, null, 1)),
      fc.array(fc.jsonValue({ maxDepth: 2 })).map((values) => JSON.stringify(values)),
      // Near-JSON: the characters that make or break an array's structure, in any order.
      fc
        .array(fc.constantFrom('[', ']', '{', '}', ',', ':', '"', '\\', ' ', '\n', '\uFEFF', '1', 'a', '"k"'), {
          maxLength: 14,
        })
        .map((parts) => `[${parts.join('')}`),
    );
    fc.assert(
      fc.property(arrayText, (text) => {
        const documents = jsonDocumentsOfText(text);
        let whole: unknown;
        try {
          whole = JSON.parse(text);
        } catch {
          expect(documents.some((document) => 'error' in document)).toBe(true);
          return;
        }
        expect(documents.map((document) => ('value' in document ? document.value : document))).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('names a line that is not UTF-8, in JSONL (reading on) and in an array (reading no further)', async () => {
    const bytes = (...parts: (string | number[])[]) =>
      new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));
    expect(await readAll(bytes('{"a": 1}\n{"b": "', [0xff], '"}\n{"c": 3}\n'))).toEqual([
      { value: { a: 1 }, line: 1 },
      { error: { line: 2, message: expect.stringContaining('not valid UTF-8') } },
      { value: { c: 3 }, line: 3 },
    ]);
    expect(await readAll(bytes('[\n{"a": 1},\n{"b": "', [0xc3], '"}\n]'))).toEqual([
      { value: { a: 1 }, line: 2 },
      { error: { line: 3, message: expect.stringContaining('not valid UTF-8') } },
    ]);
  });

  it('reports progress that never goes back, even when a file is read twice', async () => {
    const text = `{\n"text": "${'x'.repeat(200_000)}"\n}\n`;
    const seen: number[] = [];
    expect(await readAll(text, (bytes) => seen.push(bytes))).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((bytes, index) => index === 0 || bytes >= seen[index - 1])).toBe(true);
    expect(seen.at(-1)).toBe(new TextEncoder().encode(text).length);
  });

  it('agrees with itself for any records, as JSONL, an array or a pretty-printed object', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom('jsonl', 'array', 'pretty', 'object'),
        async (records, shape) => {
          const text =
            shape === 'jsonl'
              ? records.map((record) => JSON.stringify(record)).join('\r\n')
              : shape === 'array'
                ? JSON.stringify(records, null, 2)
                : JSON.stringify(records[0], null, shape === 'pretty' ? 2 : undefined);
          const values = (await bothWays(text)).map((document) => ('value' in document ? document.value : document));
          // What JSON can say of the records (-0 is written as 0, so it reads back as 0).
          const expected = JSON.parse(JSON.stringify(records)) as unknown[];
          expect(values).toEqual(shape === 'jsonl' || shape === 'array' ? expected : [expected[0]]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        jsonDocumentsOfText(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('LossTally', () => {
  it('counts each kind once with the line of the first, and says each note once', () => {
    const tally = new LossTally();
    tally.add('relations', 'not spans', 4, 2);
    tally.add('comments', 'no comments', 5, 0);
    tally.add('relations', 'not spans', 9);
    tally.note('a note');
    tally.note('a note');
    tally.add('choices', 'whole texts', 0);
    expect(tally.items()).toEqual([
      { note: 'a note' },
      { loss: { what: 'relations', why: 'not spans', count: 3, line: 4, inRecord: true } },
      { loss: { what: 'choices', why: 'whole texts', count: 1 } },
    ]);
  });
});

describe('a JSON array read as it streams', () => {
  /** The documents of `body` as a 4 KB-a-pull stream gives it, and how much was given when the first came. */
  async function streamed(body: string): Promise<{ values: unknown[]; sentWhenFirst: number }> {
    const encoded = new TextEncoder().encode(body);
    let sent = 0;
    let sentWhenFirst = -1;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const bytes = encoded.slice(sent, sent + 4096);
        sent += 4096;
        if (bytes.length === 0) controller.close();
        else controller.enqueue(bytes);
      },
    });
    const file = { name: 'tasks.json', size: body.length, stream: () => stream } as unknown as File;
    const values: unknown[] = [];
    for await (const document of readJsonDocuments(file)) {
      if (sentWhenFirst < 0) sentWhenFirst = sent;
      values.push('value' in document ? document.value : document);
    }
    return { values, sentWhenFirst };
  }

  it('gives the first elements of a large array before the file is read to its end, never holding it whole', async () => {
    const elements = Array.from({ length: 3000 }, (_, index) => ({ id: index, text: `text ${index} "quoted" ]}` }));
    const body = JSON.stringify(elements, null, 1);
    const { values, sentWhenFirst } = await streamed(body);
    expect(values).toEqual(elements);
    expect(sentWhenFirst).toBeLessThan(body.length / 10);
  });

  it('reads a minified array on one line of megabytes in pieces of that line, as it streams', async () => {
    const elements = Array.from({ length: 20_000 }, (_, index) => ({
      id: index,
      text: `${'🇺🇦 e\u0301 '.repeat(10)}${index} "quoted" ]},[`,
    }));
    const body = JSON.stringify(elements);
    const { values, sentWhenFirst } = await streamed(body);
    expect(values).toEqual(elements);
    expect(body.length).toBeGreaterThan(2_000_000);
    expect(sentWhenFirst).toBeLessThan(new TextEncoder().encode(body).length / 2);
  });
});
