import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonlLines, type JsonlLine } from '../../../src/lib/formats/jsonlReader';
import { documentText } from './recordArbitraries';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A stream that hands out `chunks` one per pull. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
}

/** `bytes` cut at the given offsets. */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts)].filter((cut) => cut > 0 && cut < bytes.length).sort((left, right) => left - right);
  return [0, ...points].map((start, index) => bytes.slice(start, points[index] ?? bytes.length));
}

async function readAll(
  source: Blob | ReadableStream<Uint8Array>,
  onProgress?: (bytesRead: number) => void,
): Promise<JsonlLine[]> {
  const items: JsonlLine[] = [];
  for await (const item of readJsonlLines(source, { onProgress })) items.push(item);
  return items;
}

/** What the reader should yield for `text`: lines split on \n, \r stripped, blank ones skipped. */
function expectedLines(text: string): JsonlLine[] {
  return text
    .replace(/^\uFEFF/u, '')
    .split('\n')
    .map((line, index) => ({ lineNumber: index + 1, line: line.endsWith('\r') ? line.slice(0, -1) : line }))
    .filter(({ line }) => line.trim() !== '');
}

describe('readJsonlLines', () => {
  const text = '{"text":"😀 Kim"}\r\n\r\n{"text":"e\u0301 漢字 🇺🇦"}\n   \n{"text":"👩‍👩‍👧"}';

  it('gives the same lines whatever the chunk boundaries (inside a character, between \\r and \\n)', async () => {
    const bytes = utf8(text);
    const expected = expectedLines(text);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(await readAll(streamOf(splitAt(bytes, [cut])))).toEqual(expected);
    expect(await readAll(streamOf(splitAt(bytes, [...bytes.keys()])))).toEqual(expected);
  });

  it('skips blank lines but counts them', async () => {
    expect(await readAll(streamOf([utf8('a\n\n  \t\nb\r\n\r\nc\n')]))).toEqual([
      { lineNumber: 1, line: 'a' },
      { lineNumber: 4, line: 'b' },
      { lineNumber: 6, line: 'c' },
    ]);
  });

  it('drops the BOM of the first line only', async () => {
    expect(await readAll(streamOf([utf8('\uFEFFa\n\uFEFFb')]))).toEqual([
      { lineNumber: 1, line: 'a' },
      { lineNumber: 2, line: '\uFEFFb' },
    ]);
  });

  it('reports invalid UTF-8 with its line and reads on', async () => {
    const bytes = new Uint8Array([
      ...utf8('{"a":1}\n{"b":"'),
      0xc3,
      0x28,
      ...utf8('"}\n'),
      0xf0,
      0x9f,
      0x98,
      ...utf8('\n{"c":3}'),
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const items = await readAll(streamOf(splitAt(bytes, [cut])));
      expect(items.map((item) => item.line ?? `error ${item.error?.line}: ${item.error?.message}`)).toEqual([
        '{"a":1}',
        // A high byte alone between ASCII looks like Latin-1 (Ã, wherever the stream is cut); a cut-off emoji does not.
        'error 2: not valid UTF-8 (it looks like Latin-1 or Windows-1252; save the file as UTF-8 and import it again)',
        'error 3: not valid UTF-8 (save the file as UTF-8 and import it again)',
        '{"c":3}',
      ]);
      expect(items.map((item) => item.lineNumber)).toEqual([1, 2, 3, 4]);
    }
  });

  it('reads a Blob (a File) and reports progress in bytes', async () => {
    const progress: number[] = [];
    const items = await readAll(new Blob([text]), (bytesRead) => progress.push(bytesRead));
    expect(items).toEqual(expectedLines(text));
    expect(progress.at(-1)).toBe(utf8(text).length);
  });

  it('answers a failing source with an error item instead of throwing', async () => {
    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(utf8('{"a":1}\n{"b"'));
        else controller.error(new Error('NotReadableError: the file changed'));
      },
    });
    const items = await readAll(failing);
    expect(items[0]).toEqual({ lineNumber: 1, line: '{"a":1}' });
    expect(items[1].error).toEqual({
      line: 0,
      message: 'could not read the file (NotReadableError: the file changed)',
    });
  });

  it('matches splitting the decoded text, for random Unicode and random chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(documentText, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, cuts) => {
          const file = lines.join('\n');
          const bytes = utf8(file);
          const items = await readAll(
            streamOf(
              splitAt(
                bytes,
                cuts.map((cut) => cut % (bytes.length + 1)),
              ),
            ),
          );
          expect(items).toEqual(expectedLines(file));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives long lines in pieces that join back into the same lines, when asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(documentText, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        async (lines, cuts, pieceCharacters) => {
          const file = lines.join('\n');
          const bytes = utf8(file);
          const chunks = splitAt(
            bytes,
            cuts.map((cut) => cut % (bytes.length + 1)),
          );
          const joined: JsonlLine[] = [];
          let parts: string[] = [];
          for await (const item of readJsonlLines(streamOf(chunks), { pieceCharacters })) {
            if (item.error) throw new Error(item.error.message);
            expect(parts.length === 0 || joined.length === 0 || item.lineNumber > joined.at(-1)!.lineNumber).toBe(true);
            if (item.continues) parts.push(item.line);
            else {
              const line = [...parts, item.line].join('');
              parts = [];
              if (line.trim() !== '') joined.push({ lineNumber: item.lineNumber, line });
            }
          }
          expect(parts).toEqual([]);
          expect(joined).toEqual(expectedLines(file));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.nat(64), { maxLength: 4 }),
        async (bytes, cuts) => {
          for (const item of await readAll(streamOf(splitAt(bytes, cuts)))) expect(item.lineNumber).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('streams a ~20 MB file: lines come out before the file is read, and no line holds the file', async () => {
    const CHUNK_LINES = 500;
    const LINE_COUNT = 210_000;
    const makeLine = (index: number) =>
      `{"id":"doc-${index}","text":"Kim 😀 met 🇺🇦 officials in 漢字 e\u0301 number ${index}","spans":[]}\n`;
    let pulls = 0;
    let produced = 0;
    let totalBytes = 0;
    const lazy = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (produced >= LINE_COUNT) return controller.close();
          pulls++;
          let chunk = '';
          for (let index = 0; index < CHUNK_LINES && produced < LINE_COUNT; index++) chunk += makeLine(produced++);
          const bytes = utf8(chunk);
          totalBytes += bytes.length;
          controller.enqueue(bytes);
        },
      },
      { highWaterMark: 1 },
    );
    let count = 0;
    let longest = 0;
    let pullsAtFirstLine = -1;
    let lastProgress = 0;
    for await (const item of readJsonlLines(lazy, { onProgress: (bytesRead) => (lastProgress = bytesRead) })) {
      if (pullsAtFirstLine === -1) pullsAtFirstLine = pulls;
      if (item.error) throw new Error(item.error.message);
      longest = Math.max(longest, item.line.length);
      count++;
      if (count === 1 || count === LINE_COUNT) expect(item.line).toBe(makeLine(count - 1).slice(0, -1));
    }
    expect(totalBytes).toBeGreaterThan(20_000_000);
    expect(count).toBe(LINE_COUNT);
    expect(pullsAtFirstLine).toBeLessThanOrEqual(3);
    expect(pulls).toBe(LINE_COUNT / CHUNK_LINES);
    expect(longest).toBeLessThan(200);
    expect(lastProgress).toBe(totalBytes);
  });

  it('cancels the source when the reader stops early', async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(utf8('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const item of readJsonlLines(endless)) if (item.lineNumber === 3) break;
    expect(cancelled).toBe(true);
  });
});
