import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { Chunk, Line, Text, ViewerDocument } from '../../../src/lib/editor/schema';
import {
  layoutLines,
  LINES_PER_CHUNK,
  offsetToPosition,
  positionToOffset,
  splitLines,
  textToChunks,
} from '../../../src/lib/editor/textDocument';
import { trickyText } from '../arbitraries';

/** Offsets that sit between two characters of the text and not inside a \r\n pair. */
function boundaries(text: string): number[] {
  const result: number[] = [];
  for (let offset = 0; offset <= text.length; offset++)
    if (!(text[offset - 1] === '\r' && text[offset] === '\n')) result.push(offset);
  return result;
}

describe('text ↔ ProseMirror mapping', () => {
  const editor = new Editor({ extensions: [ViewerDocument, Chunk, Line, Text], element: null });
  const documentOf = (text: string, layout = layoutLines(text)) =>
    editor.schema.nodes.doc.create(null, textToChunks(editor.schema, text, layout));

  it('renders exactly the source text, line by line, blank lines kept', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const doc = documentOf(text);
        const lines: string[] = [];
        doc.descendants((node) => {
          if (node.type.name === 'line') lines.push(node.textContent);
          return node.type.name !== 'line';
        });
        expect(doc.childCount).toBe(Math.ceil(lines.length / LINES_PER_CHUNK));
        expect(lines).toEqual(text.split(/\r\n|\r|\n/u));
        expect(splitLines(text)).toEqual(lines);
      }),
      { numRuns: 400 },
    );
  });

  it('maps every offset to a position and back unchanged', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const layout = layoutLines(text);
        const doc = documentOf(text, layout);
        for (const offset of boundaries(text)) {
          const position = offsetToPosition(layout, offset);
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(doc.content.size);
          expect(positionToOffset(layout, position)).toBe(offset);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('maps positions so that the document text between two offsets is the source slice', () => {
    fc.assert(
      fc.property(trickyText, fc.nat(), fc.nat(), (text, a, b) => {
        const layout = layoutLines(text);
        const doc = documentOf(text, layout);
        const valid = boundaries(text);
        const start = valid[Math.min(a, b) % valid.length];
        const end = valid[Math.max(a, b) % valid.length];
        if (end < start) return;
        const between = doc.textBetween(offsetToPosition(layout, start), offsetToPosition(layout, end), '\n');
        expect(between).toBe(text.slice(start, end).replace(/\r\n|\r/gu, '\n'));
      }),
      { numRuns: 400 },
    );
  });

  it('maps every position to an offset that maps back to a position with the same offset', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const layout = layoutLines(text);
        const doc = documentOf(text, layout);
        for (let position = 0; position <= doc.content.size; position++) {
          const offset = positionToOffset(layout, position);
          expect(positionToOffset(layout, offsetToPosition(layout, offset))).toBe(offset);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps leading and trailing newlines and CRLF as line boundaries', () => {
    expect(splitLines('\r\nA\r\n\r\nB\n')).toEqual(['', 'A', '', 'B', '']);
    const layout = layoutLines('a\r\nb');
    // <chunk><line>a</line><line>b</line></chunk>: "a" sits at 2, "b" at 5.
    expect(offsetToPosition(layout, 0)).toBe(2);
    expect(offsetToPosition(layout, 1)).toBe(3); // end of line 1
    expect(offsetToPosition(layout, 2)).toBe(3); // inside \r\n: still end of line 1
    expect(offsetToPosition(layout, 3)).toBe(5); // start of line 2
  });

  it('maps across chunk boundaries on long texts', () => {
    const text = Array.from({ length: LINES_PER_CHUNK * 3 + 5 }, (_, index) =>
      index % 7 === 0 ? '' : `line ${index} 🙂`,
    ).join('\r\n');
    const layout = layoutLines(text);
    const doc = documentOf(text, layout);
    expect(doc.childCount).toBe(4);
    for (const offset of boundaries(text))
      expect(positionToOffset(layout, offsetToPosition(layout, offset))).toBe(offset);
    const start = text.indexOf(`line ${LINES_PER_CHUNK - 2} `); // lines divisible by 7 are empty
    const end = text.indexOf(`line ${LINES_PER_CHUNK + 2} `);
    expect(Math.min(start, end)).toBeGreaterThan(0);
    expect(doc.textBetween(offsetToPosition(layout, start), offsetToPosition(layout, end), '\n')).toBe(
      text.slice(start, end).replace(/\r\n/gu, '\n'),
    );
  });

  it("gives each chunk its lines and characters, the size a long text's chunk is laid out at until shown", () => {
    const text = Array.from({ length: LINES_PER_CHUNK + 3 }, (_, index) => (index % 5 === 0 ? '' : 'ab🙂')).join(
      '\r\n',
    );
    const doc = documentOf(text);
    const sizes = [0, 1].map((index) => doc.child(index).attrs);
    expect(sizes.map((size) => size.lines)).toEqual([LINES_PER_CHUNK, 3]);
    // Every character but the line break between the two chunks (two UTF-16 units).
    expect(sizes[0].chars + sizes[1].chars).toBe(text.length - 2);
    expect(sizes[1].chars).toBe('ab🙂\r\n\r\nab🙂'.length);
  });
});
