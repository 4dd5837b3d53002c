import { TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * Carries the browser's selection into `tr`. ProseMirror does not read the selection while a mouse
 * drag is under way, and writes its own (older) one back into the DOM after every update: a
 * highlight landing mid-drag (the previous label's commit, or a slice of a long text's highlights
 * drawn after its first frame) would move the drag's anchor to where the last selection began.
 */
export function withLiveSelection(view: EditorView, tr: Transaction): Transaction {
  if (tr.selectionSet) return tr;
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
