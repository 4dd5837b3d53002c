/**
 * The plain first rendering of a text: the same lines, chunks and highlights the editor draws
 * (`highlightMarkup.ts`), built as plain DOM with no ProseMirror, so the first page shows its
 * document before the editor's code (tiptap and ProseMirror, most of the app's JavaScript) is
 * loaded. The editor replaces it on the first sign of use (`TextView.svelte`): until then it
 * answers what the workbench asks of a view (`TextViewer`), so a selection made in it labels.
 */
import type { CaretStep } from '../model/caret';
import { segmentSpans, type Segment } from '../model/spans';
import {
  endingTags,
  inHighlightOrder,
  segmentAttributes,
  spansWithin,
  tagElement,
  type TextSpan,
} from './highlightMarkup';
import { chunkElement, chunkSize } from './chunkHeights';
import { painted } from './painted';
import { caretIntoSight, scrollerOf, scrollToText, settlingScroll } from './scroller';
import { LINES_PER_CHUNK, LONG_DOCUMENT_LINES, layoutLines, offsetToPosition, type LineLayout } from './textDocument';
import { domPlace, lineElement, selectText } from './linePlaces';
import type { TextViewer } from './textViewer';
import { DoubleClicks, withoutClitic } from './wholeWord';

/** How long a label key waits for the editor to do the caret keys pressed before it. */
const MAX_WAIT_MS = 3_000;

export interface PlainHighlights {
  spans: readonly TextSpan[];
  colours: ReadonlyMap<string, string>;
  selectedId: string | null;
  tags?: boolean;
}

/** The attributes the editor's text element carries (`viewer.ts`), and the plain one with it. */
export function textAttributes(caret: boolean): Record<string, string> {
  return {
    'data-testid': 'doc-text',
    class: 'doc-text',
    'aria-label': 'Document text',
    role: 'document',
    ...(caret ? { tabindex: '0', 'aria-keyshortcuts': 'Shift+ArrowRight Control+Shift+ArrowRight' } : {}),
  };
}

export class PlainText implements TextViewer {
  readonly dom: HTMLElement;
  private layout: LineLayout = layoutLines('');
  private text = '';
  /**
   * What the keys asked of the caret before the editor came (the first key press loads it): done
   * by the editor, in order, once it takes over (`replay`).
   */
  private readonly pending: ((viewer: TextViewer) => void)[] = [];
  /** The place last scrolled to, and the one the editor goes on scrolling to after the handover. */
  private scrolledTo: number | null = null;
  private goOnScrolling: number | null = null;
  private highlights: PlainHighlights = { spans: [], colours: new Map(), selectedId: null };

  constructor(host: HTMLElement, caret: boolean) {
    this.dom = host.ownerDocument.createElement('div');
    for (const [name, value] of Object.entries(textAttributes(caret))) this.dom.setAttribute(name, value);
    this.dom.addEventListener('mouseup', this.handleMouseUp);
    this.doubleClicks.listen(this.dom);
    host.append(this.dom);
  }

  /**
   * A double-click's word here (the browser selects it whole: no caret bar stands in it), handed to the
   * editor with the selection: a label key then relabels the span the replayed click selects, as in the
   * editor. Before, a double-click on the first text after a start added a second span (helper-188).
   */
  private readonly doubleClicks = new DoubleClicks(() => {
    const selected = this.selection();
    const word = selected && withoutClitic(this.text, selected);
    if (word && word !== selected) selectText(this.dom, this.layout, word);
    return word;
  });
  doubleClicked(): boolean {
    return this.doubleClicks.holds(this.selection());
  }
  /** The word a double-click selected, while it is still the selection. */
  doubleClickedWord(): { start: number; end: number } | null {
    return this.doubleClicked() ? this.doubleClicks.word : null;
  }

  /** A click (not a drag) is the editor's to place the caret and select what is there: it does it once here. */
  private readonly handleMouseUp = (event: MouseEvent) => {
    if (event.button !== 0 || this.dom.ownerDocument.getSelection()?.isCollapsed === false) return;
    this.clickAt(event.clientX, event.clientY);
  };

  /**
   * Kept for the editor as a place in the text, not in the window: by the line under it (else the
   * text's element), so a click is replayed on that line wherever it stands by then (scrolled, or
   * kept in place by the handover while the chunks above took other heights).
   */
  clickAt(clientX: number, clientY: number): void {
    const hit = this.dom.ownerDocument.elementFromPoint?.(clientX, clientY)?.closest('.line') ?? null;
    const line = hit !== null && this.dom.contains(hit) ? hit : null;
    const index = line === null ? null : this.lineIndex(line);
    const then = (line ?? this.dom).getBoundingClientRect();
    this.keep((viewer) => {
      const now = ((index === null ? null : lineElement(this.dom, index)) ?? this.dom).getBoundingClientRect();
      viewer.clickAt(clientX + now.left - then.left, clientY + now.top - then.top);
    });
  }

  /** Shows `text` with its highlights, replacing what was shown. */
  show(text: string, highlights: PlainHighlights): void {
    const same = text === this.text && this.dom.childElementCount > 0;
    const before = this.highlights;
    const unchanged =
      highlights.spans === before.spans &&
      highlights.colours === before.colours &&
      highlights.selectedId === before.selectedId &&
      highlights.tags === before.tags;
    if (same && unchanged) return;
    // What was asked of the caret or a click in another text is not for this one.
    if (!same) this.pending.length = 0;
    this.layout = layoutLines(text);
    this.text = text;
    this.highlights = highlights;
    const document = this.dom.ownerDocument;
    const spans = inHighlightOrder(highlights.spans);
    const { ranges, details } = spansWithin(spans);
    const segments = segmentSpans(ranges, 0, text.length);
    const tags = highlights.tags ? endingTags(spans, highlights.colours, 0, text.length) : [];
    // In the order the editor draws them: by the place each stands (an end inside a CRLF stands at
    // its line's end, with a tag ending there), then by side.
    const placed = (tag: { span: TextSpan }) => offsetToPosition(this.layout, tag.span.end16);
    tags.sort((a, b) => placed(a) - placed(b) || a.side - b.side);
    let segment = 0;
    let tag = 0;
    const chunks: HTMLElement[] = [];
    const { starts, ends } = this.layout;
    for (let line = 0; line < starts.length; line++) {
      if (line % LINES_PER_CHUNK === 0) chunks.push(chunkElement(document, chunkSize(this.layout, chunks.length)));
      const element = document.createElement('div');
      element.className = 'line';
      element.dir = 'auto';
      // The line's text, cut at segment edges and tags as the editor's decorations cut it. A tag
      // stands where its span ends (inside a CRLF: at the end of the line), after the text before it.
      const end = ends[line];
      const nextLine = line + 1 < starts.length ? starts[line + 1] : Infinity;
      const placeOf = (index: number) =>
        index < tags.length && tags[index].span.end16 < nextLine ? Math.min(tags[index].span.end16, end) : Infinity;
      for (let at = starts[line]; ;) {
        while (placeOf(tag) <= at) element.append(tagElement(document, tags[tag++].span, highlights.colours));
        if (at >= end) break;
        while (segment < segments.length && segments[segment].to <= at) segment++;
        const current = segments[segment] as Segment | undefined;
        const inside = current !== undefined && current.from <= at;
        const stop = Math.min(end, placeOf(tag), current === undefined ? Infinity : inside ? current.to : current.from);
        const piece = document.createTextNode(text.slice(at, stop));
        element.append(inside ? highlighted(document, piece, segmentAttributes(current, highlights, details)) : piece);
        at = stop;
      }
      if (element.childNodes.length === 0) element.append(document.createElement('br'));
      chunks[chunks.length - 1].append(element);
    }
    this.dom.classList.toggle('long-document', starts.length > LONG_DOCUMENT_LINES);
    if (same) this.patch(chunks);
    else this.dom.replaceChildren(...chunks);
  }

  /**
   * The same text with other highlights: only the lines that look different are replaced, so a
   * drag under way elsewhere keeps its text nodes, and a selection over a replaced line is put back.
   */
  private patch(chunks: readonly HTMLElement[]): void {
    const selection = this.selection();
    const backward = this.selectionBackward();
    let replaced = false;
    chunks.forEach((chunk, index) => {
      const lines = this.dom.children[index].children;
      Array.from(chunk.children).forEach((line, at) => {
        if (lines[at].isEqualNode(line)) return;
        lines[at].replaceWith(line);
        replaced = true;
      });
    });
    if (replaced && selection) selectText(this.dom, this.layout, selection, backward);
  }

  /** Whether the selection was made backwards (its anchor, where a drag started, at its end). */
  selectionBackward(): boolean {
    const selection = this.dom.ownerDocument.getSelection();
    if (!selection?.anchorNode || !selection.focusNode || selection.isCollapsed) return false;
    // As boundary points, not nodes: one end may be inside the other's node (a chunk and a line in it).
    const anchor = this.dom.ownerDocument.createRange();
    anchor.setStart(selection.anchorNode, selection.anchorOffset);
    return anchor.comparePoint(selection.focusNode, selection.focusOffset) < 0;
  }

  /** The browser's selection inside the text as text offsets (UTF-16), or null when there is none. */
  selection(): { start: number; end: number } | null {
    const selection = this.dom.ownerDocument.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(this.dom)) return null;
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    return start < end ? { start, end } : null;
  }

  /** The text offset of a DOM boundary; one outside the text is clamped to its start or end. */
  private offsetOf(node: Node, offset: number): number {
    if (!this.dom.contains(node)) {
      const before = node.compareDocumentPosition(this.dom) & Node.DOCUMENT_POSITION_FOLLOWING;
      return before ? 0 : this.layout.length;
    }
    const line =
      node instanceof Element && node.classList.contains('line') ? node : node.parentElement?.closest('.line');
    if (!line || !this.dom.contains(line)) {
      // Between lines or chunks: the start of the line after the boundary, as the editor maps it.
      const after = (node.childNodes[offset] as Element | undefined) ?? null;
      // After a chunk's last line: that line's end, as the editor reads it.
      const last = node instanceof Element && node.parentElement === this.dom ? node.lastElementChild : null;
      if (!after && last) return this.layout.ends[this.lineIndex(last)];
      const next = after?.classList.contains('line') ? after : after?.querySelector('.line');
      return next ? this.layout.starts[this.lineIndex(next)] : this.layout.length;
    }
    const range = this.dom.ownerDocument.createRange();
    range.setStart(line, 0);
    range.setEnd(node, offset);
    const index = this.lineIndex(line);
    return Math.min(this.layout.starts[index] + range.toString().length, this.layout.ends[index]);
  }

  private lineIndex(line: Element): number {
    const chunk = line.parentElement;
    const chunkIndex = chunk ? Array.prototype.indexOf.call(this.dom.children, chunk) : 0;
    return chunkIndex * LINES_PER_CHUNK + Array.prototype.indexOf.call(chunk?.children ?? [], line);
  }

  /** The DOM place of text offset `offset`: the text node and the offset in it (or a line's element and 0). */
  domAt(offset: number): { node: Node; offset: number } {
    return domPlace(this.dom, this.layout, offset);
  }

  clearSelection(caretAt?: number): void {
    this.dom.ownerDocument.getSelection()?.removeAllRanges();
    if (caretAt !== undefined) this.keep((viewer) => viewer.collapseCaret(caretAt));
  }

  /** Whether caret keys wait for the editor (their range is not known here). */
  keysPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * While caret keys wait for the editor, the range they make is not known here: what acts on the
   * selection (a label key) waits for the editor first, `MAX_WAIT_MS` at most, and gets the selection
   * as the keys pressed before it left it, not those pressed after (a fast typist's next word).
   * Undefined: not known (the editor did not come in time). Null when no key waits. `caretAfter`: where
   * the label leaves the caret (its span's end), set in turn too, for the caret keys after it.
   */
  keysWaiting(
    caretAfter?: (range: { start: number; end: number }, viewer: TextViewer) => number | undefined,
  ): Promise<{ start: number; end: number } | null | undefined> | null {
    if (this.pending.length === 0) return null;
    const window = this.dom.ownerDocument.defaultView;
    // Given up on (the editor came too late): the key labelled nothing, and the selection stays for the next.
    let givenUp = false;
    const inTurn = new Promise<{ start: number; end: number } | null>((resolve) =>
      this.keep((viewer) => {
        const range = viewer.selection();
        resolve(range);
        const at = range && !givenUp ? caretAfter?.(range, viewer) : undefined;
        if (at === undefined || at === null) return;
        viewer.clearSelection(at);
        viewer.collapseCaret(at); // at once: the next key replayed starts from it
      }),
    );
    const late = new Promise<undefined>((resolve) =>
      window?.setTimeout(() => resolve(void (givenUp = true)), MAX_WAIT_MS),
    );
    // The editor replays the keys before the hand-over is done; with none replayed (it did not come), not known.
    return Promise.race([inTurn, this.handedOver.then(() => undefined), late]);
  }

  private handOverDone: () => void = () => {};
  private readonly handedOver = new Promise<void>((resolve) => (this.handOverDone = resolve));

  /** A span just made: drawn with the others at once (the list's update follows). */
  showSpan(span: TextSpan): void {
    this.show(this.text, { ...this.highlights, spans: [...this.highlights.spans, span] });
  }

  painted(): Promise<void> {
    return painted(this.dom.ownerDocument.defaultView);
  }

  private unavailable = false;
  private keep(call: (viewer: TextViewer) => void): void {
    if (!this.unavailable) this.pending.push(call);
  }

  /** The editor is not coming (its code could not be loaded): nothing is kept for it, and no key waits for it. */
  editorUnavailable(): void {
    this.unavailable = true;
    this.pending.length = 0;
    this.handOverDone(); // a label key already waiting goes on at once
  }

  /** Does on `viewer` what was asked of the caret here, in order. */
  replay(viewer: TextViewer): void {
    for (const call of this.pending.splice(0)) call(viewer);
    if (this.goOnScrolling !== null) viewer.scrollToOffset(this.goOnScrolling);
  }

  collapseCaret(at?: number): void {
    this.keep((viewer) => viewer.collapseCaret(at));
  }

  scrollToOffset(offset: number): void {
    this.scrolledTo = offset;
    scrollToText(() => this.domAt(offset), scrollerOf(this.dom));
  }

  focus(offset?: number): void {
    this.dom.focus({ preventScroll: true });
    caretIntoSight(this.dom); // the text's scroller: in a short window, the text may be below it
    if (offset !== undefined) this.keep((viewer) => viewer.focus(offset));
  }

  hasFocus(): boolean {
    return this.dom.ownerDocument.activeElement === this.dom;
  }

  moveCaret(step: CaretStep, extend: boolean): void {
    this.keep((viewer) => viewer.moveCaret(step, extend));
  }

  moveCaretVertically(direction: -1 | 1, extend: boolean, edge?: boolean): void {
    this.keep((viewer) => viewer.moveCaretVertically(direction, extend, edge));
  }

  /** Leaves its element, lines and all, to the editor, which draws its text in it (`ViewerOptions.mount`). */
  handOver(): HTMLElement {
    // A scroll to a place (`[`'s span, a search hit) still settling: the editor goes on with it once it has taken
    // over, rather than keep where the plain text had got to (helper-168's `[` right after a reload, under load).
    this.goOnScrolling = settlingScroll() ? this.scrolledTo : null;
    this.dom.removeEventListener('mouseup', this.handleMouseUp);
    this.doubleClicks.stop(this.dom);
    // Resolved after the editor has taken over and replayed the keys (a task later).
    setTimeout(this.handOverDone);
    return this.dom;
  }

  destroy(): void {
    this.handOver().remove();
  }
}

function highlighted(document: Document, piece: Text, attributes: Record<string, string>): HTMLElement {
  const element = document.createElement('span');
  for (const [name, value] of Object.entries(attributes)) {
    // Through the CSSOM, as ProseMirror sets a decoration's style: the policy allows no style attribute.
    if (name === 'style') element.style.cssText = value;
    else element.setAttribute(name, value);
  }
  element.append(piece);
  return element;
}

export { domPlace, keepLineAtTop, lineAtTop, selectText } from './linePlaces';
