/**
 * The text ↔ ProseMirror mapping, as pure functions.
 *
 * A document's text becomes one `line` node per line, grouped into `chunk` nodes of
 * {@link LINES_PER_CHUNK} lines; the line breaks (`\r\n`, `\n` or `\r`) are the line boundaries and
 * are not part of any line. Offsets here are UTF-16 code units (what ProseMirror counts);
 * conversion to code points lives in `model/offsets`.
 */

import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';

/** Lines per chunk node. */
export const LINES_PER_CHUNK = 64;

/** Above this many lines, off-screen chunks skip layout and paint (`content-visibility: auto`). */
export const LONG_DOCUMENT_LINES = 256;

/** Where each line of a text sits, in the text and in the ProseMirror document. */
export interface LineLayout {
  /** UTF-16 offset where each line's content starts. */
  readonly starts: Int32Array;
  /** UTF-16 offset where each line's content ends (where its line break starts). */
  readonly ends: Int32Array;
  /** ProseMirror position of the start of each line's content (inside its paragraph). */
  readonly positions: Int32Array;
  /** Length of the whole text. */
  readonly length: number;
}

/** Splits `text` into lines on `\r\n`, `\n` and `\r`, keeping exact offsets. */
export function layoutLines(text: string): LineLayout {
  const starts: number[] = [0];
  const ends: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit === 10 /* \n */ || unit === 13 /* \r */) {
      ends.push(index);
      if (unit === 13 && text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    }
  }
  ends.push(text.length);
  const positions = new Int32Array(starts.length);
  let position = 2; // inside the first line of the first chunk
  for (let line = 0; line < starts.length; line++) {
    if (line > 0 && line % LINES_PER_CHUNK === 0) position += 2; // close a chunk, open the next
    positions[line] = position;
    position += ends[line] - starts[line] + 2; // content, close this line, open the next
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends), positions, length: text.length };
}

/** The lines of `text` (without their breaks), in order. */
export function splitLines(text: string, layout = layoutLines(text)): string[] {
  const lines: string[] = [];
  for (let line = 0; line < layout.starts.length; line++)
    lines.push(text.slice(layout.starts[line], layout.ends[line]));
  return lines;
}

/** Index of the last entry of `sorted` that is ≤ value (0 when none). */
function lastAtMost(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * ProseMirror position of text offset `offset`. An offset inside a `\r\n` pair maps to the end of
 * its line, as does an offset at the line break itself.
 */
export function offsetToPosition(layout: LineLayout, offset: number): number {
  const clamped = Math.max(0, Math.min(offset, layout.length));
  const line = lastAtMost(layout.starts, clamped);
  const within = Math.min(clamped, layout.ends[line]) - layout.starts[line];
  return layout.positions[line] + within;
}

/**
 * Text offset of ProseMirror position `position`. Positions between lines (and chunks) map to the
 * start of the following line; positions before the first line map to 0 and those after the last
 * to the end of the text.
 */
export function positionToOffset(layout: LineLayout, position: number): number {
  const lines = layout.positions.length;
  if (position <= layout.positions[0]) return 0;
  const line = lastAtMost(layout.positions, position);
  const lineLength = layout.ends[line] - layout.starts[line];
  const within = position - layout.positions[line];
  if (within <= lineLength) return layout.starts[line] + within;
  // Past the end of this line's content: the boundary belongs to the next line.
  return line + 1 < lines ? layout.starts[line + 1] : layout.length;
}

/**
 * The chunks of lines that show `text`, built with `schema` (which needs `chunk`, `line` and
 * `text` nodes): what the viewer renders, and what the mapping tests check.
 */
export function textToChunks(schema: Schema, text: string, layout = layoutLines(text)): ProseMirrorNode[] {
  const lines = splitLines(text, layout).map((line) =>
    schema.nodes.line.create(null, line.length > 0 ? schema.text(line) : null),
  );
  return chunk(lines).map((group, index) => schema.nodes.chunk.create(chunkSize(layout, index), group));
}

/** The characters (line breaks included) and lines of chunk `index`: a chunk not yet shown is laid out at a height estimated from them. */
export function chunkSize(layout: LineLayout, index: number): { chars: number; lines: number } {
  const first = index * LINES_PER_CHUNK;
  const last = Math.min(first + LINES_PER_CHUNK, layout.starts.length) - 1;
  return { chars: layout.ends[last] - layout.starts[first], lines: last - first + 1 };
}

/** `items` in groups of {@link LINES_PER_CHUNK}. */
export function chunk<T>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let index = 0; index < items.length; index += LINES_PER_CHUNK)
    groups.push(items.slice(index, index + LINES_PER_CHUNK));
  return groups;
}
