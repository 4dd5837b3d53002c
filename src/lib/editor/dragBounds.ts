/**
 * A mouse drag that began in the text and was let go outside it (over the span list, the document
 * list, the page's margin) ends where the pointer was, brought back inside the text's visible box:
 * the browser would otherwise carry the selection through the rest of the page, and a label key
 * would label from the drag's start to the end (or start) of the whole document (a trial stored a
 * span of 1,900 characters that way).
 */

/** The part of `element`'s box on screen: within the window and every ancestor that clips it. */
function visibleBox(element: HTMLElement): { left: number; top: number; right: number; bottom: number } {
  const view = element.ownerDocument.defaultView;
  const own = element.getBoundingClientRect();
  const box = { left: own.left, top: own.top, right: own.right, bottom: own.bottom };
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = view?.getComputedStyle(parent);
    if (!style || (style.overflowX === 'visible' && style.overflowY === 'visible')) continue;
    const clip = parent.getBoundingClientRect();
    box.left = Math.max(box.left, clip.left);
    box.top = Math.max(box.top, clip.top);
    box.right = Math.min(box.right, clip.right);
    box.bottom = Math.min(box.bottom, clip.bottom);
  }
  box.right = Math.min(box.right, view?.innerWidth ?? box.right);
  box.bottom = Math.min(box.bottom, view?.innerHeight ?? box.bottom);
  box.left = Math.max(box.left, 0);
  box.top = Math.max(box.top, 0);
  return box;
}

/** The DOM point under (x, y), as the browser would put a caret there. */
function pointAt(document: Document, x: number, y: number): { node: Node; offset: number } | null {
  const position = document.caretPositionFromPoint?.(x, y);
  if (position) return { node: position.offsetNode, offset: position.offset };
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/** Moves the selection's loose end back into `root` at (x, y) brought inside its visible box. */
export function endDragInside(root: HTMLElement, x: number, y: number): void {
  const selection = root.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (!selection || !anchorNode || !focusNode || !root.contains(anchorNode) || root.contains(focusNode)) return;
  const box = visibleBox(root);
  if (box.right - box.left < 2 || box.bottom - box.top < 2) return;
  const inside = pointAt(
    root.ownerDocument,
    Math.min(Math.max(x, box.left + 1), box.right - 1),
    Math.min(Math.max(y, box.top + 1), box.bottom - 1),
  );
  if (!inside || !root.contains(inside.node)) return;
  selection.setBaseAndExtent(anchorNode, selection.anchorOffset, inside.node, inside.offset);
}

/** Watches drags that start in `root` (see above); returns the function that stops watching. */
export function keepDragsInside(root: HTMLElement): () => void {
  const document = root.ownerDocument;
  let release: ((event: MouseEvent) => void) | null = null;
  const stop = () => {
    if (release) document.removeEventListener('mouseup', release, true);
    release = null;
  };
  const press = (event: MouseEvent) => {
    if (event.button !== 0) return;
    stop();
    release = (up: MouseEvent) => {
      stop();
      endDragInside(root, up.clientX, up.clientY);
    };
    // Captured on the document: a drag let go over another panel never reaches the text's own listeners.
    document.addEventListener('mouseup', release, true);
  };
  root.addEventListener('mousedown', press);
  return () => {
    stop();
    root.removeEventListener('mousedown', press);
  };
}
