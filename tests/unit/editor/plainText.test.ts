import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TextSpan } from '../../../src/lib/editor/highlightMarkup';
import { domPlace, PlainText } from '../../../src/lib/editor/plainText';
import { layoutLines, LINES_PER_CHUNK } from '../../../src/lib/editor/textDocument';
import type { TextViewer } from '../../../src/lib/editor/textViewer';
import { Viewer } from '../../../src/lib/editor/viewer';
import { trickyText } from '../arbitraries';

const colours = new Map([
  ['claim', '#E69F00'],
  ['denial', '#56B4E9'],
  ['visit', '#009E73'],
]);

const hosts: HTMLElement[] = [];
afterEach(() => hosts.splice(0).forEach((host) => host.remove()));

function host(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  hosts.push(element);
  return element;
}

/**
 * What a reader sees of a view, line by line in its chunks: each run of text with the attributes of
 * its highlight, and each tag. What ProseMirror adds for its own caret handling (a trailing break,
 * a separator image after a widget ending a line, a widget's class) shows nothing and is left out.
 */
function seen(root: Element): unknown {
  const describe = (node: Node): unknown => {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
    const element = node as HTMLElement;
    if (element.tagName === 'BR' || element.classList.contains('ProseMirror-separator')) return null;
    // ProseMirror marks a widget as its own (a class no style uses, and not editable in a view that is not).
    const attributes = [...element.attributes]
      .filter((attribute) => attribute.name !== 'style' && attribute.name !== 'contenteditable')
      .map((attribute) => `${attribute.name}=${attribute.value.replace(/ ?ProseMirror-widget/u, '')}`)
      .sort();
    return { tag: element.tagName, attributes, style: element.style.cssText, children: describeAll(element) };
  };
  const describeAll = (element: Element): unknown[] => {
    const children = [...element.childNodes].map(describe).filter((child) => child !== null);
    // Adjacent text nodes read as one run.
    return children.reduce<unknown[]>((runs, child) => {
      if (typeof child === 'string' && typeof runs[runs.length - 1] === 'string') runs[runs.length - 1] += child;
      else if (child !== '') runs.push(child);
      return runs;
    }, []);
  };
  return {
    long: root.classList.contains('long-document'),
    chunks: [...root.children].map((chunk) => [...chunk.children].map((line) => describeAll(line))),
  };
}

/** Spans over `text`: up to 6, overlapping at will, some with notes, one of them selected. */
const spansOver = (text: string) =>
  fc
    .array(
      fc.record({
        a: fc.nat({ max: text.length }),
        b: fc.nat({ max: text.length }),
        label: fc.constantFrom('claim', 'denial', 'visit', 'unknown'),
        note: fc.option(fc.constantFrom('a note', '<b>"x"</b>'), { nil: undefined }),
      }),
      { maxLength: 6 },
    )
    .map((drawn) =>
      drawn
        .map(({ a, b, label, note }, index): TextSpan => ({
          id: `s${index}`,
          label,
          start16: Math.min(a, b),
          end16: Math.max(a, b),
          note,
          text: text.slice(Math.min(a, b), Math.max(a, b)),
        }))
        .filter((span) => span.start16 < span.end16),
    );

describe('the plain first rendering', () => {
  it('shows what the editor shows: the same lines, highlights and tags, for any text', () => {
    const text = fc.oneof(
      trickyText,
      trickyText.map((piece) => `${piece}\r\n\r\nline\rnext\n`),
    );
    fc.assert(
      fc.property(
        text.chain((drawn) => fc.tuple(fc.constant(drawn), spansOver(drawn), fc.boolean())),
        ([drawn, spans, tags]) => {
          const highlights = { spans, colours, selectedId: spans[0]?.id ?? null, tags };
          const viewer = new Viewer({ element: host() });
          viewer.setText(drawn, highlights);
          const plain = new PlainText(host(), false);
          plain.show(drawn, highlights);
          expect(seen(plain.dom)).toEqual(seen(viewer.editor.view.dom));
          viewer.destroy();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('shows a long text as the editor does, in chunks, once the editor has drawn the rest of its highlights', async () => {
    const text = Array.from({ length: LINES_PER_CHUNK * 5 }, (_, line) => `line ${line}`).join('\n');
    const spans: TextSpan[] = [
      { id: 'across', label: 'claim', start16: 20, end16: 2_000 },
      { id: 'late', label: 'visit', start16: 2_500, end16: 2_510, note: 'far down' },
    ];
    const highlights = { spans, colours, selectedId: 'late', tags: true };
    const viewer = new Viewer({ element: host() });
    viewer.setText(text, highlights);
    const plain = new PlainText(host(), false);
    plain.show(text, highlights);
    // The editor draws its first lines' highlights at once and the rest after a frame.
    await vi.waitFor(() => expect(seen(plain.dom)).toEqual(seen(viewer.editor.view.dom)));
    expect(plain.dom.children).toHaveLength(5);
    expect(plain.dom.classList.contains('long-document')).toBe(true);
    viewer.destroy();
  });

  it('reads a mouse selection as the editor does: text offsets, across lines and line breaks', () => {
    const text = 'Kim 👩‍👩‍👧 met\r\nPutin in 平壌.\n\nThe visit e\u0301nded.';
    const layout = layoutLines(text);
    // Every place a selection can end: each line's start to its end (not inside a CRLF pair).
    const places: number[] = [];
    for (let line = 0; line < layout.starts.length; line++)
      for (let at = layout.starts[line]; at <= layout.ends[line]; at++) places.push(at);
    const spans: TextSpan[] = [{ id: 'a', label: 'claim', start16: 4, end16: 20 }];
    const plain = new PlainText(host(), true);
    plain.show(text, { spans, colours, selectedId: null, tags: true });
    const viewer = new Viewer({ element: host(), caret: true });
    viewer.setText(text, { spans, colours, selectedId: null, tags: true });
    const select = (root: HTMLElement, start: number, end: number) => {
      const from = domPlace(root, layout, start);
      const to = domPlace(root, layout, end);
      document.getSelection()?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
    };
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.constantFrom(...places), (a, b) => {
        const [start, end] = [Math.min(a, b), Math.max(a, b)];
        const expected = start < end ? { start, end } : null;
        select(plain.dom, start, end);
        expect(plain.selection()).toEqual(expected);
        // The place the editor takes a handed-over selection to reads back the same.
        select(viewer.editor.view.dom, start, end);
        expect(viewer.selection()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    viewer.destroy();
  });

  it('redraws only the lines a new highlight changes, and keeps the selection (a drag elsewhere keeps its text)', () => {
    const text = 'Kim met Putin.\nThe visit ended.\nSanctions followed.';
    const layout = layoutLines(text);
    const plain = new PlainText(host(), true);
    const first: TextSpan = { id: 'a', label: 'claim', start16: 0, end16: 3 };
    plain.show(text, { spans: [first], colours, selectedId: null });
    const select = (start: number, end: number) => {
      const from = domPlace(plain.dom, layout, start);
      const to = domPlace(plain.dom, layout, end);
      document.getSelection()?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
    };
    // Selected on the last line; a span is added on the second: the last line's text node stays.
    select(32, 41);
    const anchor = document.getSelection()?.anchorNode;
    const lines = [...plain.dom.querySelectorAll('.line')];
    const second: TextSpan = { id: 'b', label: 'visit', start16: 19, end16: 24 };
    plain.show(text, { spans: [first, second], colours, selectedId: null });
    expect(document.getSelection()?.anchorNode).toBe(anchor);
    expect([...plain.dom.querySelectorAll('.line')].map((line, index) => line === lines[index])).toEqual([
      true,
      false,
      true,
    ]);
    expect(plain.selection()).toEqual({ start: 32, end: 41 });
    // A span over the selection's own line redraws it; the selection is put back over the same text.
    plain.show(text, {
      spans: [first, second, { id: 'c', label: 'denial', start16: 42, end16: 50 }],
      colours,
      selectedId: null,
    });
    expect(plain.selection()).toEqual({ start: 32, end: 41 });
    expect(document.getSelection()?.toString()).toBe('Sanctions');
    // A drag made backwards keeps its anchor at its end: the drag goes on from where it started.
    select(41, 32);
    expect(plain.selectionBackward()).toBe(true);
    plain.show(text, { spans: [first, second], colours, selectedId: null });
    expect(plain.selection()).toEqual({ start: 32, end: 41 });
    expect(plain.selectionBackward()).toBe(true);
    expect(document.getSelection()?.anchorOffset).toBe('Sanctions'.length);
    // The same input again changes nothing.
    const drawn = [...plain.dom.querySelectorAll('.line')];
    plain.show(text, { spans: [first, second], colours, selectedId: null });
    plain.show(text, { spans: [first, second], colours, selectedId: null });
    expect([...plain.dom.querySelectorAll('.line')][0]).toBe(drawn[0]);
  });

  it("reads a boundary after a chunk's last line as that line's end, as the editor does (not the text's end)", () => {
    const text = Array.from({ length: LINES_PER_CHUNK + 6 }, (_, line) => `line ${line}`).join('\n');
    const layout = layoutLines(text);
    const plain = new PlainText(host(), false);
    plain.show(text, { spans: [], colours, selectedId: null });
    const viewer = new Viewer({ element: host() });
    viewer.setText(text);
    for (const [root, read] of [
      [plain.dom, () => plain.selection()],
      [viewer.editor.view.dom, () => viewer.selection()],
    ] as const) {
      const from = domPlace(root, layout, 3);
      const chunk = root.children[0];
      document.getSelection()?.setBaseAndExtent(from.node, from.offset, chunk, chunk.childNodes.length);
      expect(read()).toEqual({ start: 3, end: layout.ends[LINES_PER_CHUNK - 1] });
    }
    viewer.destroy();
  });

  it('gives a label key the selection the caret keys before it made, and the keys after it the caret it leaves (helper-155)', async () => {
    const plain = new PlainText(host(), true);
    plain.show('one two three', { spans: [], colours, selectedId: null });
    // Keys at once, before the editor's code has come: Ctrl+→ and Shift+Ctrl+← select "one" (backwards), a
    // label key; then the same for "two", a label key.
    const spanEnd = (range: { start: number; end: number }) => range.end;
    plain.moveCaret({ unit: 'word', direction: 1 }, false);
    plain.moveCaret({ unit: 'word', direction: -1 }, true);
    const first = plain.keysWaiting(spanEnd);
    plain.moveCaret({ unit: 'word', direction: 1 }, false);
    plain.moveCaret({ unit: 'word', direction: -1 }, true);
    const second = plain.keysWaiting(spanEnd);
    // The editor takes over and does the keys in order; each label key's range is read in its turn.
    let caret = { anchor: 0, head: 0 };
    const [starts, ends] = [
      [0, 4, 8],
      [3, 7, 13],
    ];
    const editor = {
      moveCaret: ({ direction }: { direction: 1 | -1 }, extend: boolean) => {
        const head =
          direction === 1
            ? (ends.find((end) => end > caret.head) ?? 13)
            : (starts.findLast((start) => start < caret.head) ?? 0);
        caret = extend ? { anchor: caret.anchor, head } : { anchor: head, head };
      },
      selection: () =>
        caret.anchor === caret.head
          ? null
          : { start: Math.min(caret.anchor, caret.head), end: Math.max(caret.anchor, caret.head) },
      clearSelection: () => undefined,
      collapseCaret: (at: number) => (caret = { anchor: at, head: at }),
    } as unknown as TextViewer;
    plain.replay(editor);
    expect(await first).toEqual({ start: 0, end: 3 });
    // Ctrl+→ went on from the end of "one" (where its label leaves the caret), not from its start.
    expect(await second).toEqual({ start: 4, end: 7 });
  });

  it('makes a label key wait for caret keys still to be done, and forgets them for another text', async () => {
    const plain = new PlainText(host(), true);
    plain.show('one two three', { spans: [], colours, selectedId: null });
    expect(plain.keysWaiting()).toBeNull();
    plain.moveCaret({ unit: 'word', direction: 1 }, true);
    const waiting = plain.keysWaiting();
    expect(waiting).not.toBeNull();
    let done = false;
    void waiting?.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    plain.handOver();
    await vi.waitFor(() => expect(done).toBe(true));
    // A caret asked for in one text is not replayed in the next.
    const next = new PlainText(host(), true);
    next.show('first', { spans: [], colours, selectedId: null });
    next.clearSelection(3);
    expect(next.keysWaiting()).not.toBeNull();
    next.show('second text', { spans: [], colours, selectedId: null });
    expect(next.keysWaiting()).toBeNull();
    // With no editor coming (its code failed to load), a label key never waits for one.
    next.moveCaret({ unit: 'word', direction: 1 }, true);
    next.editorUnavailable();
    expect(next.keysWaiting()).toBeNull();
    next.moveCaret({ unit: 'word', direction: 1 }, true);
    expect(next.keysWaiting()).toBeNull();
  });

  it('keeps the caret keys pressed before the editor came, and hands them over in order', () => {
    const plain = new PlainText(host(), true);
    plain.show('one two three', { spans: [], colours, selectedId: null });
    plain.focus();
    expect(plain.hasFocus()).toBe(true);
    plain.moveCaret({ unit: 'word', direction: 1 }, false);
    plain.moveCaret({ unit: 'character', direction: 1 }, true);
    const viewer = new Viewer({ element: host(), caret: true });
    viewer.setText('one two three');
    viewer.focus(0);
    plain.replay(viewer);
    expect(viewer.caret).toEqual({ anchor: 3, head: 4 });
    viewer.destroy();
  });

  it('replays a click at the place in the text it was made, when the text moved before the editor came', () => {
    const plain = new PlainText(host(), true);
    plain.show('one\ntwo\nthree', { spans: [], colours, selectedId: null });
    // The click on the second line; the text's element moves by 60 pixels, the line by 25 (the
    // handover keeps the line at the top in place while the chunks above take other heights).
    const line = plain.dom.querySelectorAll('.line')[1];
    let top = 100;
    let shift = 0;
    vi.spyOn(plain.dom, 'getBoundingClientRect').mockImplementation(() => new DOMRect(20, top, 600, 400));
    vi.spyOn(line, 'getBoundingClientRect').mockImplementation(() => new DOMRect(20, top + 24 + shift, 600, 24));
    vi.spyOn(document, 'elementFromPoint').mockImplementation(() => line);
    plain.clickAt(50, 130);
    top = 40;
    shift = 35;
    const clicks: [number, number][] = [];
    plain.replay({ clickAt: (x: number, y: number) => clicks.push([x, y]) } as unknown as Viewer);
    expect(clicks).toEqual([[50, 130 - 60 + 35]]);
    vi.restoreAllMocks();
  });
});
