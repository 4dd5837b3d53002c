import type { EditorView } from '@tiptap/pm/view';
import { highlightKey, type SegmentSpec } from './highlights';

/** The classes a highlight's segment draws with (highlights.ts); any other class on its element is another decoration's. */
const HIGHLIGHT_CLASSES = ['hl', 'hl-pending', 'hl-ref', 'hl-selected', 'hl-differ', 'hl-suggestion'];
/** The attributes a highlight's segment sets, besides its classes. */
const HIGHLIGHT_ATTRIBUTES = [
  'data-label',
  'data-depth',
  'data-layers',
  'data-suggestion',
  'data-pending',
  'title',
  'style',
];

/**
 * Shows the pending span `id` (drawn with `pending`: see `TextSpan`) now that it is stored, by
 * setting on its segments' elements the attributes they have with it shown. ProseMirror's update
 * and the line's layout were done while the span was being stored; what is left for the next frame
 * is a repaint of those elements. The highlight state keeps it as pending until the span list holds
 * it stored (a redraw that changes nothing seen). False, and nothing changed, when the span is not
 * pending or its elements are not as drawn: the caller then draws it anew.
 */
export function revealPending(view: EditorView, id: string): boolean {
  const state = highlightKey.getState(view.state);
  const span = state?.spans.find((shown) => shown.id === id);
  if (!state || !span?.pending) return false;
  const [from, to] = [state.position(span.start16), state.position(span.end16)];
  const finals = new Map<string, Record<string, string>>();
  for (const decoration of state.decorations.find(from, to)) {
    const spec = decoration.spec as SegmentSpec;
    if (spec.final) finals.set(String(spec.start16), spec.final);
  }
  const elements = pendingElements(view, from, to);
  // A segment may be more than one element (another decoration's edge inside it), never none.
  const keys = new Set(elements.map((element) => element.getAttribute('data-pending') ?? ''));
  if (finals.size === 0 || keys.size !== finals.size || [...keys].some((key) => !finals.has(key))) return false;
  for (const element of elements) {
    const final = finals.get(element.getAttribute('data-pending') ?? '')!;
    const classes = [...element.classList].filter((name) => !HIGHLIGHT_CLASSES.includes(name));
    for (const name of HIGHLIGHT_ATTRIBUTES) if (!(name in final)) element.removeAttribute(name);
    for (const [name, value] of Object.entries(final))
      if (name === 'class') element.className = [...value.split(' '), ...classes].join(' ');
      // As ProseMirror writes a style (through cssText), so the element is the one it would draw.
      else if (name === 'style') (element as HTMLElement).style.cssText = value;
      else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  return true;
}

/** The elements drawn for pending segments between ProseMirror positions `from` and `to`, looked for in their chunks only. */
function pendingElements(view: EditorView, from: number, to: number): Element[] {
  const chunkAt = (position: number) => {
    const { node } = view.domAtPos(position);
    return (node instanceof Element ? node : node.parentElement)?.closest('.chunk') ?? null;
  };
  const [first, last] = [chunkAt(from), chunkAt(to)];
  if (!first || !last) return [...view.dom.querySelectorAll('[data-pending]')];
  const found: Element[] = [];
  for (let chunk: Element | null = first; chunk; chunk = chunk.nextElementSibling) {
    found.push(...chunk.querySelectorAll('[data-pending]'));
    if (chunk === last) break;
  }
  return found;
}
