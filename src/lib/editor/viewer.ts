import { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { Highlights, setHighlights, type HighlightInput, type PlacedSpan } from './highlights';
import { Chunk, Line, Text, ViewerDocument } from './schema';
import { layoutLines, offsetToPosition, positionToOffset, textToChunks, type LineLayout } from './textDocument';

/** Above this many lines, off-screen chunks skip layout and paint (`content-visibility: auto`). */
const LONG_DOCUMENT_LINES = 256;

/** A span in text offsets (UTF-16 code units of the document text). */
export interface TextSpan {
  id: string;
  start: number;
  end: number;
  label: string;
}

export interface ViewerOptions {
  element: HTMLElement;
  /** A click (not a drag) at text offset `offset`. */
  onClick?(offset: number, event: MouseEvent): void;
}

/**
 * The read-only document view: a tiptap editor showing one text, with spans as decorations.
 * All offsets in and out are UTF-16 offsets of the text; positions stay inside.
 */
export class Viewer {
  readonly editor: Editor;
  private layout: LineLayout = layoutLines('');
  private readonly options: ViewerOptions;
  private readonly handleMouseUp = (event: MouseEvent) => {
    if (event.button !== 0 || !this.options.onClick) return;
    const selection = this.editor.view.dom.ownerDocument.getSelection();
    if (selection && !selection.isCollapsed) return;
    const hit = this.editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
    if (hit) this.options.onClick(positionToOffset(this.layout, hit.pos), event);
  };

  constructor(options: ViewerOptions) {
    this.options = options;
    this.editor = new Editor({
      element: options.element,
      extensions: [ViewerDocument, Chunk, Line, Text, Highlights],
      editable: false,
      injectCSS: false,
      enableInputRules: false,
      enablePasteRules: false,
      editorProps: { attributes: { 'data-testid': 'doc-text', class: 'doc-text', 'aria-label': 'Document text', role: 'document' } },
    });
    this.editor.view.dom.addEventListener('mouseup', this.handleMouseUp);
  }

  /** Shows `text` with `highlights` (offsets in text units) in one transaction. */
  setText(text: string, highlights?: { spans: readonly TextSpan[]; colours: ReadonlyMap<string, string>; selectedId: string | null }): void {
    const { state, schema } = this.editor;
    this.layout = layoutLines(text);
    this.placed = new WeakMap();
    const tr = state.tr.replaceWith(0, state.doc.content.size, textToChunks(schema, text, this.layout));
    // Long documents let the browser skip laying out and painting chunks that are off screen.
    this.editor.view.dom.classList.toggle('long-document', this.layout.starts.length > LONG_DOCUMENT_LINES);
    if (highlights) setHighlights(tr, this.place(highlights));
    tr.setMeta('addToHistory', false);
    this.editor.view.dispatch(tr);
  }

  /** Replaces the highlighted spans; only the ranges that changed are redrawn. */
  setSpans(spans: readonly TextSpan[], colours: ReadonlyMap<string, string>, selectedId: string | null): void {
    this.editor.view.dispatch(setHighlights(this.editor.state.tr, this.place({ spans, colours, selectedId })));
  }

  /** Placed spans by text span, for the current text: an unchanged span keeps its placed object. */
  private placed = new WeakMap<TextSpan, PlacedSpan>();

  private place(input: { spans: readonly TextSpan[]; colours: ReadonlyMap<string, string>; selectedId: string | null }): HighlightInput {
    const spans: PlacedSpan[] = input.spans.map((span) => {
      let placed = this.placed.get(span);
      if (!placed) {
        placed = { id: span.id, label: span.label, from: offsetToPosition(this.layout, span.start), to: offsetToPosition(this.layout, span.end) };
        this.placed.set(span, placed);
      }
      return placed;
    });
    return { spans, colours: input.colours, selectedId: input.selectedId };
  }

  /** The browser's selection inside the view as text offsets, or null when there is none. */
  selection(): { start: number; end: number } | null {
    const view = this.editor.view;
    const selection = view.dom.ownerDocument.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(view.dom)) return null;
    const start = this.offsetOfBoundary(range.startContainer, range.startOffset);
    const end = this.offsetOfBoundary(range.endContainer, range.endOffset);
    return start < end ? { start, end } : null;
  }

  private offsetOfBoundary(node: Node, offset: number): number {
    const view = this.editor.view;
    if (!view.dom.contains(node)) {
      // A drag that ran past the view: clamp to its start or end.
      const before = node.compareDocumentPosition(view.dom) & Node.DOCUMENT_POSITION_FOLLOWING;
      return before ? 0 : this.layout.length;
    }
    return positionToOffset(this.layout, view.posAtDOM(node, offset));
  }

  /**
   * Clears the text selection, in ProseMirror's state as well as in the DOM: ProseMirror puts its
   * own selection back into the DOM on the next mouseup, so a stale one would come back to life.
   */
  clearSelection(): void {
    const view = this.editor.view;
    const head = view.state.selection.to;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, head)).setMeta('addToHistory', false));
    view.dom.ownerDocument.getSelection()?.removeAllRanges();
  }

  /** Scrolls the line holding text offset `offset` into the middle of the view. */
  scrollToOffset(offset: number): void {
    const view = this.editor.view;
    const { node } = view.domAtPos(offsetToPosition(this.layout, offset));
    const element = node instanceof Element ? node : node.parentElement;
    element?.scrollIntoView({ block: 'center' });
  }

  destroy(): void {
    this.editor.view.dom.removeEventListener('mouseup', this.handleMouseUp);
    this.editor.destroy();
  }
}
