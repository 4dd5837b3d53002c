import { Node } from '@tiptap/core';
import { chunkElement, type ChunkSize } from './chunkHeights';

/**
 * The document schema of the read-only viewer: a doc of chunks of lines, each line a block of
 * plain text. Lines render as `<div>`, so `innerText` of the view gives back the document's line
 * breaks. Chunks (see `LINES_PER_CHUNK`) keep ProseMirror's decoration updates and the browser's
 * layout local on long documents: both walk a few dozen chunks instead of thousands of lines.
 */
export const ViewerDocument = Node.create({ name: 'doc', topNode: true, content: 'chunk+' });

export const Chunk = Node.create({
  name: 'chunk',
  content: 'line+',
  parseHTML: () => [{ tag: 'div.chunk' }],
  renderHTML: () => ['div', { class: 'chunk' }, 0],
  // Its size, for the height it is laid out at until shown (a long text's chunks off screen: chunkHeights.ts).
  addAttributes: () => ({ chars: { default: 0, rendered: false }, lines: { default: 0, rendered: false } }),
  addNodeView:
    () =>
    ({ node, view }) => {
      const dom = chunkElement(view.dom.ownerDocument, node.attrs as ChunkSize);
      return { dom, contentDOM: dom };
    },
});

export const Line = Node.create({
  name: 'line',
  group: 'block',
  content: 'text*',
  parseHTML: () => [{ tag: 'div' }],
  // Each line takes its direction from its first strong character: an Arabic or Hebrew paragraph
  // runs right to left (and starts at the right) in a text of any other lines.
  renderHTML: () => ['div', { class: 'line', dir: 'auto' }, 0],
});

export const Text = Node.create({ name: 'text', group: 'inline' });
