import { Editor } from '@tiptap/core';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { isSorted } from '../model/spanOrder';
import { compareTextSpans, Highlights, setHighlights, type HighlightInput, type TextSpan } from './highlights';
import { Chunk, Line, Text, ViewerDocument } from './schema';
import { layoutLines, offsetToPosition, positionToOffset, textToChunks, type LineLayout } from './textDocument';

/** Above this many lines, off-screen chunks skip layout and paint (`content-visibility: auto`). */
const LONG_DOCUMENT_LINES = 256;

export type { TextSpan } from './highlights';

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
      editorProps: {
        attributes: { 'data-testid': 'doc-text', class: 'doc-text', 'aria-label': 'Document text', role: 'document' },
      },
    });
    this.editor.view.dom.addEventListener('mouseup', this.handleMouseUp);
  }

  /** Text offset → ProseMirror position for the current text; a new function for each text. */
  private position: (offset: number) => number = (offset) => offset;

  /**
   * Shows `text` with `highlights` (offsets in text units) in one transaction. Spans are expected
   * sorted by `compareTextSpans`; an unchanged span should stay the same object between calls.
   */
  setText(
    text: string,
    highlights?: { spans: readonly TextSpan[]; colours: ReadonlyMap<string, string>; selectedId: string | null },
  ): void {
    const { state, schema } = this.editor;
    const layout = layoutLines(text);
    this.layout = layout;
    this.position = (offset) => offsetToPosition(layout, offset);
    const tr = this.withCollapse(state.tr.replaceWith(0, state.doc.content.size, textToChunks(schema, text, layout)));
    // Long documents let the browser skip laying out and painting chunks that are off screen.
    this.editor.view.dom.classList.toggle('long-document', layout.starts.length > LONG_DOCUMENT_LINES);
    if (highlights) setHighlights(tr, this.input(highlights));
    tr.setMeta('addToHistory', false);
    this.editor.view.dispatch(tr);
  }

  /** Replaces the highlighted spans; only the ranges that changed are redrawn. */
  setSpans(spans: readonly TextSpan[], colours: ReadonlyMap<string, string>, selectedId: string | null): void {
    this.editor.view.dispatch(
      setHighlights(
        this.withLiveSelection(this.withCollapse(this.editor.state.tr)),
        this.input({ spans, colours, selectedId }),
      ),
    );
  }

  private input(highlights: {
    spans: readonly TextSpan[];
    colours: ReadonlyMap<string, string>;
    selectedId: string | null;
  }): HighlightInput {
    return {
      spans: sorted(highlights.spans),
      colours: highlights.colours,
      selectedId: highlights.selectedId,
      position: this.position,
    };
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

  /** A collapse of ProseMirror's selection waiting to ride along with the next transaction. */
  private collapsePending = false;

  /**
   * Clears the text selection, in the DOM at once and in ProseMirror's state with the next
   * transaction (the highlight that usually follows, or a microtask): ProseMirror puts its own
   * selection back into the DOM on the next mouseup, so a stale one would come back to life.
   * One transaction instead of two spares the browser a forced layout per label.
   */
  clearSelection(): void {
    this.editor.view.dom.ownerDocument.getSelection()?.removeAllRanges();
    if (this.collapsePending) return;
    this.collapsePending = true;
    queueMicrotask(() => {
      if (this.collapsePending && !this.editor.isDestroyed)
        this.editor.view.dispatch(this.withCollapse(this.editor.state.tr).setMeta('addToHistory', false));
    });
  }

  /**
   * Carries the browser's selection into the transaction. ProseMirror does not read the selection
   * while a mouse drag is under way, and writes its own (older) one back into the DOM after every
   * update: a highlight landing mid-drag (the previous label's commit) would move the drag's anchor
   * to where the last selection began.
   */
  private withLiveSelection(tr: Transaction): Transaction {
    if (tr.selectionSet) return tr;
    const view = this.editor.view;
    const selection = view.dom.ownerDocument.getSelection();
    const { anchorNode, focusNode } = selection ?? {};
    if (!selection || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode))
      return tr;
    try {
      const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
      const head = view.posAtDOM(focusNode, selection.focusOffset);
      if (tr.selection.anchor === anchor && tr.selection.head === head) return tr;
      return tr.setSelection(TextSelection.create(tr.doc, anchor, head));
    } catch {
      return tr;
    }
  }

  private withCollapse(tr: Transaction): Transaction {
    if (!this.collapsePending) return tr;
    this.collapsePending = false;
    return tr.setSelection(TextSelection.create(tr.doc, tr.selection.to));
  }

  /**
   * Scrolls the line holding text offset `offset` into the middle of the view's own scroller, and
   * only it: the page around (figures, lists) stays where it is.
   */
  scrollToOffset(offset: number): void {
    const view = this.editor.view;
    const { node } = view.domAtPos(offsetToPosition(this.layout, offset));
    const element = node instanceof Element ? node : node.parentElement;
    if (!element) return;
    const scroller = scrollerOf(view.dom);
    if (!scroller) return element.scrollIntoView({ block: 'center' });
    const box = element.getBoundingClientRect();
    const frame = scroller.getBoundingClientRect();
    scroller.scrollTop += box.top - frame.top - (scroller.clientHeight - box.height) / 2;
  }

  destroy(): void {
    this.editor.view.dom.removeEventListener('mouseup', this.handleMouseUp);
    this.editor.destroy();
  }
}

/** The nearest ancestor of `element` that scrolls vertically, or null. */
function scrollerOf(element: HTMLElement): HTMLElement | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return null;
}

/** `spans` itself when already in highlight order (the usual case), else a sorted copy. */
function sorted(spans: readonly TextSpan[]): readonly TextSpan[] {
  return isSorted(spans, compareTextSpans) ? spans : [...spans].sort(compareTextSpans);
}
