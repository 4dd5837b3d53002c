import { Editor } from '@tiptap/core';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { caretRange, stepCaret, type Caret, type CaretStep } from '../model/caret';
import type { SearchHit } from '../model/searchHits';
import { CaretExtension, caretOf, setCaret } from './caret';
import { ClickCount } from './clickCount';
import { addHighlight, Highlights, inHighlightOrder, staleHighlights } from './highlights';
import { setHighlights, setHighlightsFrom, type HighlightInput, type TextSpan } from './highlights';
import { painted } from './painted';
import { textAttributes } from './plainText';
import { withLiveSelection } from './liveSelection';
import { drawRestOfHighlightsInSlices, drawStaleInSlices } from './restOfHighlights';
import { caretFollower, caretInSight, caretIntoSight, firstOffsetInView, scrollerOf, scrollToText } from './scroller';
import { Chunk, Line, Text, ViewerDocument } from './schema';
import { SearchMarks, setSearchMarks } from './searchMarks';
import type { TextWindow } from './staleRanges';
import { layoutLines, offsetToPosition, positionToOffset, textToChunks, type LineLayout } from './textDocument';
import { LONG_DOCUMENT_LINES } from './textDocument';
import type { TextViewer } from './textViewer';
import { aboveCaretLine, caretLines, lineEdge, lineMove } from './verticalCaret';
import { DoubleClicks, selectWholeWord } from './wholeWord';

/** A long text's lines whose highlights are drawn with it (several screens); the rest follow a frame later. */
const FIRST_LINES = 128;
/** After a change too large to patch, the text redrawn at once around what is on screen; the rest follows. */
const WINDOW = { before: 4_000, after: 16_000 };

export type { TextSpan } from './highlights';

export interface ViewerOptions {
  element: HTMLElement;
  /** A click (not a drag) at text offset `offset`. */
  onClick?(offset: number): void;
  /** The element to draw the text in (the plain first rendering's, which it replaces), else a new one in `element`. */
  mount?: HTMLElement;
  /** Keyboard selection: the text is focusable (Tab reaches it) and shows a caret the keys move. */
  caret?: boolean;
  /** The caret moved (null: a new text has none yet). */
  onCaret?(caret: Caret | null): void;
}

/**
 * The read-only document view: a tiptap editor showing one text, with spans as decorations.
 * All offsets in and out are UTF-16 offsets of the text; positions stay inside.
 */
export class Viewer implements TextViewer {
  readonly editor: Editor;
  private layout: LineLayout = layoutLines('');
  private text = '';
  private readonly options: ViewerOptions;
  private readonly handleMouseUp = (event: MouseEvent) => {
    this.mouseDown = false;
    const selection = this.editor.view.dom.ownerDocument.getSelection();
    if (event.button === 0 && (!selection || selection.isCollapsed)) this.clickAt(event.clientX, event.clientY);
  };

  /** A click (not a drag) at a point of the window: the caret goes there, and `onClick` hears of it. */
  clickAt(clientX: number, clientY: number): void {
    const hit = this.editor.view.posAtCoords({ left: clientX, top: clientY });
    if (!hit) return;
    const offset = positionToOffset(this.layout, hit.pos);
    // A click puts the caret there (the keys go on from it); past the end of a line's upper part
    // where it wraps, at that end rather than the start of the lower part.
    if (this.options.caret && this.drawCaret({ anchor: offset, head: offset }))
      this.setCaret({ anchor: offset, head: offset }, false, aboveCaretLine(this.editor.view.dom, clientY));
    this.options.onClick?.(offset);
  }
  /** Tabbing into the text shows the caret where it was, or at the start of the first line in view. */
  private readonly handleFocus = () => {
    // A click's focus waits for its mouseup: a redraw under a starting drag would move its anchor.
    if (this.caret === null && !this.mouseDown) {
      const offset = this.firstOffsetInView();
      this.setCaret({ anchor: offset, head: offset }, false);
    }
  };
  /** While the browser shows a mouse selection, the caret bar hides (the keys take the selection over). */
  private readonly handleSelectionChange = () => {
    const dom = this.editor.view.dom;
    const selection = dom.ownerDocument.getSelection();
    const inView = selection !== null && !selection.isCollapsed && dom.contains(selection.anchorNode);
    dom.classList.toggle('has-mouse-selection', inView);
  };
  private mouseDown = false;
  private readonly handleMouseDown = () => (this.mouseDown = true);
  /** A press puts ProseMirror's selection where it collapses the browser's: ProseMirror writes a drag's selection back
   * on a timer after it (Chrome), which run late undid the next press, whose drag then selected nothing (helper-213). */
  private readonly syncPress = (event: MouseEvent) => {
    const { view } = this.editor;
    if (event.button !== 0 || event.detail !== 1 || event.shiftKey) return; // the layout is read for a drag's press only
    const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
    if (at) this.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at.pos)));
  };
  /** A double-click selects its word whole, and the view remembers it while it is the selection. */
  private readonly doubleClicks = new DoubleClicks((event) =>
    selectWholeWord(this.editor.view, this.text, this.mouseSelection(), this.layout, event),
  );
  /** Whether the selection is the word a double-click selected (a label key then relabels the span it chose). */
  doubleClicked = (): boolean => this.doubleClicks.holds(this.mouseSelection());
  /** Takes over the word a double-click selected on the plain first text (`PlainText.doubleClickedWord`). */
  adoptDoubleClick = (word: { start: number; end: number }): void => this.doubleClicks.adopt(word);
  /** The horizontal place ↑ and ↓ aim for, and the head the last of them left the caret at. */
  private goal: { left: number; head: number } | null = null;

  constructor(options: ViewerOptions) {
    this.options = options;
    this.editor = new Editor({
      element: options.mount ? { mount: options.mount } : options.element,
      extensions: [
        ViewerDocument,
        Chunk,
        Line,
        Text,
        Highlights,
        SearchMarks,
        ClickCount,
        ...(options.caret ? [CaretExtension] : []),
      ],
      editable: false,
      injectCSS: false,
      enableInputRules: false,
      enablePasteRules: false,
      editorProps: {
        attributes: textAttributes(options.caret ?? false),
      },
    });
    const dom = this.editor.view.dom;
    dom.addEventListener('mousedown', this.syncPress, { capture: true });
    dom.addEventListener('mouseup', this.handleMouseUp);
    this.doubleClicks.listen(dom);
    if (options.caret) {
      dom.addEventListener('mousedown', this.handleMouseDown);
      dom.addEventListener('focus', this.handleFocus);
      dom.ownerDocument.addEventListener('selectionchange', this.handleSelectionChange);
    }
  }

  /** Text offset → ProseMirror position for the current text; a new function for each text. */
  private position: (offset: number) => number = (offset) => offset;

  /**
   * Shows `text` with `highlights` (offsets in text units) in one transaction. Spans are expected
   * sorted by `compareTextSpans`; an unchanged span should stay the same object between calls.
   */
  setText(
    text: string,
    highlights?: {
      spans: readonly TextSpan[];
      colours: ReadonlyMap<string, string>;
      selectedId: string | null;
      tags?: boolean;
    },
  ): void {
    const { state, schema } = this.editor;
    if (text !== this.text) this.doubleClicks.forget();
    const layout = layoutLines(text);
    this.layout = layout;
    this.text = text;
    this.caretPending = null; // a place in the old text
    this.position = (offset) => offsetToPosition(layout, offset);
    const tr = this.withCollapse(state.tr.replaceWith(0, state.doc.content.size, textToChunks(schema, text, layout)));
    // Long documents let the browser skip laying out and painting chunks that are off screen.
    this.editor.view.dom.classList.toggle('long-document', layout.starts.length > LONG_DOCUMENT_LINES);
    // A long text shows its first lines' highlights with it, and the rest once that frame is painted.
    const restFrom = layout.starts.length > LONG_DOCUMENT_LINES ? layout.starts[FIRST_LINES] : undefined;
    if (highlights && restFrom !== undefined) setHighlightsFrom(tr, this.input(highlights), restFrom);
    else if (highlights) setHighlights(tr, this.input(highlights));
    tr.setMeta('addToHistory', false);
    this.editor.view.dispatch(tr);
    this.options.onCaret?.(null);
    if (restFrom !== undefined)
      drawRestOfHighlightsInSlices(this.editor, layout, FIRST_LINES, this.painted(), () => this.layout === layout);
  }

  /** Replaces the highlighted spans; only the ranges that changed are redrawn. */
  setSpans(
    spans: readonly TextSpan[],
    colours: ReadonlyMap<string, string>,
    selectedId: string | null,
    tags = false,
  ): void {
    const input = this.input({ spans, colours, selectedId, tags });
    const long = this.layout.starts.length > LONG_DOCUMENT_LINES;
    if (long) input.window = () => this.textWindow();
    this.dispatch(setHighlights(this.withCollapse(this.editor.state.tr), input));
    if (long && staleHighlights(this.editor.state) && !this.staleDrawing) {
      this.staleDrawing = true;
      drawStaleInSlices(this.editor, this.painted(), () => (this.staleDrawing = false));
    }
  }

  /** A loop redrawing what a large change left drawn from before is running (`drawStaleInSlices`). */
  private staleDrawing = false;

  /** What is on screen, with a margin, in text offsets. */
  private textWindow(): TextWindow {
    const first = this.firstOffsetInView();
    const { length } = this.layout;
    return { from: Math.max(0, first - WINDOW.before), to: Math.min(length, first + WINDOW.after), length };
  }

  /**
   * Draws one more span at once, in a transaction of its own, before the spans passed to `setSpans` hold
   * it (it shows in the next frame; what lists it follows); the next `setSpans` redraws nothing for it.
   */
  showSpan(span: TextSpan): void {
    const { state } = this.editor;
    this.dispatch(addHighlight(this.withCollapse(state.tr), state, span));
  }

  /** Resolves once the frame being prepared (with the spans just shown) has been painted. */
  painted(): Promise<void> {
    return painted(this.editor.view.dom.ownerDocument.defaultView);
  }

  /** Marks the document search's hits (UTF-16 ranges of the current text; none clears them). */
  setSearchHits(hits: readonly SearchHit[], current = -1): void {
    this.dispatch(setSearchMarks(this.withCollapse(this.editor.state.tr), { hits, current, position: this.position }));
  }

  private input(given: Pick<HighlightInput, 'spans' | 'colours' | 'selectedId' | 'tags'>): HighlightInput {
    return { ...given, spans: inHighlightOrder(given.spans), position: this.position, tags: given.tags ?? false };
  }

  /**
   * The selection as text offsets: the browser's inside the view (a mouse selection), else the
   * range the keyboard caret spans; null when there is neither.
   */
  selection(): { start: number; end: number } | null {
    return this.mouseSelection() ?? (this.caret && caretRange(this.caret));
  }

  /** The browser's selection inside the view as text offsets, or null when there is none. */
  private mouseSelection(): { start: number; end: number } | null {
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
   * Clears the text selection, in the DOM at once and in ProseMirror's state with the next transaction
   * (the highlight that usually follows, or a microtask): ProseMirror puts its own selection back on
   * the next mouseup, and one transaction, not two, spares a forced layout per label. `caretAt` (UTF-16):
   * where the caret goes (the end of the span just made), else the end of a mouse selection or the
   * head of the caret's range.
   */
  clearSelection(caretAt?: number): void {
    this.doubleClicks.forget();
    const mouse = this.options.caret ? this.mouseSelection() : null;
    this.dropMouseSelection();
    const at = this.options.caret ? (caretAt ?? mouse?.end) : undefined;
    // The caret goes there with the transaction the collapse rides on.
    if (at !== undefined) this.caretPending = { anchor: at, head: at };
    else this.collapseCaret();
  }
  /** A caret to ride along with the next transaction, as the collapse does. */
  private caretPending: Caret | null = null;
  /** Collapses the caret: to `at` (UTF-16) when given, else the range it spans to its head (for the next span). */
  collapseCaret(at?: number): void {
    const caret = this.caret;
    if (at !== undefined) this.setCaret({ anchor: at, head: at }, false);
    else if (caret && caret.anchor !== caret.head) this.setCaret({ anchor: caret.head, head: caret.head }, false);
  }

  private dropMouseSelection(): void {
    this.editor.view.dom.ownerDocument.getSelection()?.removeAllRanges();
    if (this.collapsePending) return;
    this.collapsePending = true;
    queueMicrotask(() => {
      if (this.collapsePending && !this.editor.isDestroyed) this.dispatch(this.withCollapse(this.editor.state.tr));
    });
  }

  private withCollapse(tr: Transaction): Transaction {
    const caret = this.caretPending;
    if (caret) {
      this.caretPending = null;
      setCaret(tr, { caret, position: this.position });
      this.options.onCaret?.(caret);
    }
    if (!this.collapsePending) return tr;
    this.collapsePending = false;
    return tr.setSelection(TextSelection.create(tr.doc, tr.selection.to));
  }

  /** The keyboard caret (UTF-16 offsets of the text), or null before it is placed. */
  get caret(): Caret | null {
    return caretOf(this.editor.state);
  }

  /** True when the text has the keyboard focus (the caret keys act). */
  hasFocus(): boolean {
    const dom = this.editor.view.dom;
    return dom.ownerDocument.activeElement === dom;
  }

  /** Moves the keyboard focus into the text, the caret at `offset`, else where it was if in sight, else on the first line in view. */
  focus(offset?: number): void {
    if (offset === undefined && this.caret && !caretInSight(this.editor.view.dom)) offset = this.firstOffsetInView();
    if (offset !== undefined) this.setCaret({ anchor: offset, head: offset }, false);
    this.editor.view.dom.focus({ preventScroll: true });
    caretIntoSight(this.editor.view.dom, true); // shown whole, the text stays still (helper-207)
  }

  /** One press of a caret key: `extend` (Shift) moves the head and keeps the anchor. */
  moveCaret(step: CaretStep, extend: boolean): void {
    this.goal = null;
    this.setCaret(stepCaret(this.text, this.startingCaret(), step, extend), true);
  }
  /** ↑ or ↓: the caret to the line above or below as laid out on screen, keeping its horizontal place (Home, End: `edge`). */
  moveCaretVertically(direction: -1 | 1, extend: boolean, edge = false): void {
    if (!this.options.caret || this.editor.isDestroyed) return;
    const caret = this.startingCaret();
    if (this.caret?.anchor !== caret.anchor || this.caret.head !== caret.head) this.drawCaret(caret);
    const place = (head: number): Caret => (extend ? { anchor: caret.anchor, head } : { anchor: head, head });
    const lines = caretLines(this.editor.view, this.text, this.layout, (head) => this.drawCaret(place(head)));
    // The goal holds over a run of ↑ and ↓: while the caret stands where the last press left it.
    const goal = this.goal?.head === caret.head ? this.goal.left : null;
    const moved = edge
      ? { ...lineEdge(lines, caret.head, direction), goal: null }
      : lineMove(lines, caret.head, goal, direction);
    this.setCaret(place(moved.head), true, 'upstream' in moved && moved.upstream);
    this.goal = moved.goal === null ? null : { left: moved.goal, head: moved.head };
  }

  /** The caret keys start from: a mouse selection is taken over (Shift+→ extends it), else the caret. */
  private startingCaret(): Caret {
    const selection = this.editor.view.dom.ownerDocument.getSelection();
    if (this.mouseSelection() !== null && selection?.anchorNode && selection.focusNode) {
      const anchor = this.offsetOfBoundary(selection.anchorNode, selection.anchorOffset);
      const head = this.offsetOfBoundary(selection.focusNode, selection.focusOffset);
      this.dropMouseSelection();
      return { anchor, head };
    }
    if (this.caret) return this.caret;
    const offset = this.firstOffsetInView();
    return { anchor: offset, head: offset };
  }

  private setCaret(caret: Caret | null, scroll: boolean, upstream = false): void {
    const follow = scroll ? caretFollower(this.editor.view.dom) : null;
    if (!this.drawCaret(caret, upstream)) return;
    this.options.onCaret?.(caret);
    follow?.(); // along its line, or away from the edge it is near, the text stays still (helper-211)
  }

  /** Draws the caret, telling no one (↑ and ↓ measure where it shows); false when the view has none. */
  private drawCaret(caret: Caret | null, upstream = false): boolean {
    if (!this.options.caret || this.editor.isDestroyed) return false;
    this.dispatch(setCaret(this.withCollapse(this.editor.state.tr), { caret, position: this.position, upstream }));
    return true;
  }

  /** Dispatches what is drawn (not the text) with the browser's selection: a drag under way keeps its anchor. */
  private dispatch(tr: Transaction): void {
    this.editor.view.dispatch(withLiveSelection(this.editor.view, tr).setMeta('addToHistory', false));
  }

  /** The start of the first line shown in the view's scroller (0 when it does not scroll). */
  readonly firstOffsetInView = (): number => firstOffsetInView(this.editor.view, this.layout);

  /**
   * Scrolls the line holding text offset `offset` into the middle of the view's own scroller, and
   * only it: the page around (figures, lists) stays where it is.
   */
  scrollToOffset(offset: number): void {
    const view = this.editor.view;
    scrollToText(() => view.domAtPos(offsetToPosition(this.layout, offset)), scrollerOf(view.dom));
  }

  destroy(): void {
    const dom = this.editor.view.dom;
    dom.removeEventListener('mousedown', this.syncPress, { capture: true });
    dom.removeEventListener('mouseup', this.handleMouseUp);
    dom.removeEventListener('mousedown', this.handleMouseDown);
    this.doubleClicks.stop(dom);
    dom.removeEventListener('focus', this.handleFocus);
    dom.ownerDocument.removeEventListener('selectionchange', this.handleSelectionChange);
    this.editor.destroy();
  }
}
