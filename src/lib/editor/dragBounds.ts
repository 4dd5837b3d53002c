/**
 * A mouse drag that began in the text and was let go outside it (over the span list, the document
 * list, the page's margin) ends where the pointer was, brought back inside the text's visible box:
 * the browser would otherwise carry the selection through the rest of the page, and a label key
 * would label from the drag's start to the end (or start) of the whole document (a trial stored a
 * span of 1,900 characters that way). A drag begun outside and let go in the text likewise begins
 * at the text's edge nearest where it was pressed.
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

/** The DOM point in `root` nearest (x, y), brought inside its visible box; null when there is none. */
function pointInside(root: HTMLElement, x: number, y: number): { node: Node; offset: number } | null {
  const box = visibleBox(root);
  if (box.right - box.left < 2 || box.bottom - box.top < 2) return null;
  const inside = pointAt(
    root.ownerDocument,
    Math.min(Math.max(x, box.left + 1), box.right - 1),
    Math.min(Math.max(y, box.top + 1), box.bottom - 1),
  );
  return inside && root.contains(inside.node) ? inside : null;
}

/**
 * Brings the selection's end that lies outside `root` back in: its focus to where the drag was let
 * go (`up`), or its anchor to where it began (`down`), each brought inside the text's visible box.
 * A selection with both ends in the text, or neither, is left alone.
 */
export function endDragInside(root: HTMLElement, down: { x: number; y: number }, up: { x: number; y: number }): void {
  const selection = root.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (!selection || !anchorNode || !focusNode) return;
  const [anchorIn, focusIn] = [root.contains(anchorNode), root.contains(focusNode)];
  if (anchorIn === focusIn) return;
  const moved = pointInside(root, anchorIn ? up.x : down.x, anchorIn ? up.y : down.y);
  if (moved === null) return;
  if (anchorIn) selection.setBaseAndExtent(anchorNode, selection.anchorOffset, moved.node, moved.offset);
  else selection.setBaseAndExtent(moved.node, moved.offset, focusNode, selection.focusOffset);
}

/**
 * Watches the drags that begin or end in `root` (see above): every press of the main button in the
 * page is noted, and its release checked. Returns the function that stops watching.
 */
export function keepDragsInside(root: HTMLElement): () => void {
  const document = root.ownerDocument;
  let down: { x: number; y: number } | null = null;
  const press = (event: MouseEvent) => {
    down = event.button === 0 ? { x: event.clientX, y: event.clientY } : null;
  };
  // Captured on the document: a drag let go over another panel never reaches the text's own listeners.
  const release = (event: MouseEvent) => {
    if (down !== null && event.button === 0) endDragInside(root, down, { x: event.clientX, y: event.clientY });
    down = null;
  };
  document.addEventListener('mousedown', press, true);
  document.addEventListener('mouseup', release, true);
  return () => {
    document.removeEventListener('mousedown', press, true);
    document.removeEventListener('mouseup', release, true);
  };
}
