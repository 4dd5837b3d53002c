import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Caret } from '../model/caret';

/**
 * The keyboard caret of the read-only view, drawn as decorations: a read-only ProseMirror view is
 * `contenteditable=false`, where the browser draws no caret and ProseMirror handles no keys. So the
 * caret (UTF-16 text offsets) lives in this plugin's state, the key handler moves it, and the view
 * shows a bar at its head and the range it spans.
 */
export interface CaretInput {
  caret: Caret | null;
  /** The ProseMirror position of a text offset in the current document. */
  position(offset: number): number;
  /**
   * Where a line wraps at the head, show the caret at the end of the upper line, not the start of
   * the lower. Left out, a caret put at the head it had keeps the side it was drawn on.
   */
  upstream?: boolean;
}

interface CaretState extends CaretInput {
  decorations: DecorationSet;
}

export const caretKey = new PluginKey<CaretState>('spanwright-caret');

/**
 * The caret bar, out of the text's flow inside an empty inline box: it changes no line's layout.
 * A bar in the flow (an inline-block) is a place the line may wrap, so a caret inside a word at a
 * line's edge would break the word there, and the text would move as the caret does. Where a line
 * wraps, the inline box starts the lower line, where the next character is, as in a text editor;
 * `upstream` keeps the bar in the flow there instead, at the end of the upper line (a click past it,
 * or End on a line that wraps without a space).
 */
function caretBar(upstream: boolean): (view: EditorView) => HTMLElement {
  return (view) => {
    const document = view.dom.ownerDocument;
    // Their look and place are the stylesheet's (TextView.svelte: `.text-caret-place`, `.text-caret`).
    const place = document.createElement('span');
    place.className = 'text-caret-place';
    place.setAttribute('aria-hidden', 'true');
    const bar = document.createElement('span');
    bar.className = upstream ? 'text-caret upstream' : 'text-caret';
    place.append(bar);
    return place;
  };
}

function decorationsOf(doc: EditorState['doc'], { caret, position, upstream = false }: CaretInput): DecorationSet {
  if (caret === null) return DecorationSet.empty;
  const { anchor, head } = caret;
  // Side 0: after the text before it, before the label tags standing at a span's end. Relaxed: the DOM
  // selection may stand on either side of the bar, so a mouse drag that starts at the caret keeps its anchor
  // (held to one side, ProseMirror moved the anchor under the starting drag, and Chrome lost the selection).
  const key = upstream ? 'text-caret-upstream' : 'text-caret';
  const decorations = [Decoration.widget(position(head), caretBar(upstream), { key, side: 0, relaxedSide: true })];
  if (anchor !== head)
    decorations.push(
      Decoration.inline(position(Math.min(anchor, head)), position(Math.max(anchor, head)), {
        class: 'caret-range',
        'data-caret-range': '',
      }),
    );
  return DecorationSet.create(doc, decorations);
}

/** Sets (or, with null, removes) the caret in one transaction. */
export function setCaret(tr: Transaction, input: CaretInput): Transaction {
  return tr.setMeta(caretKey, input);
}

/** The caret in `state`, or null. */
export function caretOf(state: EditorState): Caret | null {
  return caretKey.getState(state)?.caret ?? null;
}

/** The caret plugin: a new text removes the caret; a transaction with a caret meta redraws it. */
export const CaretExtension = Extension.create({
  name: 'caret',
  addProseMirrorPlugins() {
    return [
      new Plugin<CaretState>({
        key: caretKey,
        state: {
          init: () => ({ caret: null, position: (offset) => offset, decorations: DecorationSet.empty }),
          apply(tr, value, _old, newState) {
            const input = tr.getMeta(caretKey) as CaretInput | undefined;
            if (input) {
              // Put back where it stood (a label collapsing the range End made), it keeps its side.
              const kept =
                value.upstream === true && input.upstream === undefined && value.caret?.head === input.caret?.head;
              const next = kept ? { ...input, upstream: true } : input;
              return { ...next, decorations: decorationsOf(newState.doc, next) };
            }
            if (tr.docChanged) return { ...value, caret: null, decorations: DecorationSet.empty };
            return value;
          },
        },
        props: { decorations: (state) => caretKey.getState(state)?.decorations },
      }),
    ];
  },
});
