import { Node } from '@tiptap/core';

/**
 * The document schema of the read-only viewer: a doc of lines, each line a block of plain text.
 * Lines render as `<div>`, so `innerText` of the view gives back the document's line breaks.
 */
export const ViewerDocument = Node.create({ name: 'doc', topNode: true, content: 'line*' });

export const Line = Node.create({
  name: 'line',
  group: 'block',
  content: 'text*',
  parseHTML: () => [{ tag: 'div' }],
  renderHTML: () => ['div', { class: 'line' }, 0],
});

export const Text = Node.create({ name: 'text', group: 'inline' });
