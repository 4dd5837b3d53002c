/**
 * The height a long text's chunk of lines is laid out at until it is shown (`content-visibility: auto`,
 * app.css): an estimate from its characters and lines (`--chunk-chars`, `--chunk-lines`, on the chunk) at
 * costs per character and per line fitted from the chunks on screen (`--char-cost`, `--line-cost`, on the
 * text's host). A fixed guess (1,800 px a chunk) made the scroll height of a text of about 270,000 px start
 * at 82,000 px (helper-168): the scroll bar misled, and a place scrolled to moved as the chunks passed grew.
 */

export { chunkSize } from './textDocument';

/** A chunk's characters (line breaks included) and lines. */
export interface ChunkSize {
  chars: number;
  lines: number;
}

/**
 * An empty element for a chunk of size `size` (the plain text's, and the editor's node view). The size is
 * set through the element's style object: the app's Content-Security-Policy refuses style attributes.
 */
export function chunkElement(document: Document, size: ChunkSize): HTMLElement {
  const element = document.createElement('div');
  element.className = 'chunk';
  element.style.setProperty('--chunk-chars', String(size.chars));
  element.style.setProperty('--chunk-lines', String(size.lines));
  return element;
}

/**
 * Fits the costs on `host` from the chunks of its long text in sight, only while the text's start is in sight
 * (a text just opened, or scrolled back to its top). A line costs half its line height (the last row of a
 * paragraph is half filled on average) and the rest of the chunks' height is shared by their characters.
 * With no chunk above the view, new costs move nothing in sight; fitted while scrolled down, they resized the
 * chunks above and brought others into view, whose fit gave back the old costs: the view swung between the
 * two every frame, and a resize lost the reader's place (helper-174).
 */
export function fitChunkHeights(host: HTMLElement): void {
  const root = host.querySelector<HTMLElement>('.doc-text.long-document');
  const first = root?.firstElementChild;
  if (!root || !first) return;
  const lineHeight = parseFloat(getComputedStyle(root).lineHeight);
  if (!(lineHeight > 0)) return;
  const frame = host.getBoundingClientRect();
  const top = Math.max(frame.top, 0);
  const bottom = Math.min(frame.bottom, window.innerHeight);
  if (first.getBoundingClientRect().top < top - 1) return;
  let chars = 0;
  let lines = 0;
  let height = 0;
  for (const chunk of Array.from(root.children) as HTMLElement[]) {
    const box = chunk.getBoundingClientRect();
    if (box.top >= bottom) break;
    chars += Number(chunk.style.getPropertyValue('--chunk-chars')) || 0;
    lines += Number(chunk.style.getPropertyValue('--chunk-lines')) || 0;
    height += box.height;
  }
  // Too little text in sight to tell (a few short lines): the costs stay.
  if (chars < 400) return;
  const lineCost = lineHeight / 2;
  const charCost = Math.max(0, height - lines * lineCost) / chars;
  const before = parseFloat(host.style.getPropertyValue('--char-cost'));
  if (Math.abs(charCost - before) <= before * 0.002) return;
  host.style.setProperty('--line-cost', `${lineCost.toFixed(2)}px`);
  host.style.setProperty('--char-cost', `${charCost.toFixed(4)}px`);
}

/**
 * Keeps the costs on `host` fitted while it shows texts: whenever a text in it changes size (another text, another
 * width), when its start is in sight (`fitChunkHeights`). Returns the end of the watch.
 */
export function watchChunkHeights(host: HTMLElement): () => void {
  if (typeof ResizeObserver === 'undefined' || typeof MutationObserver === 'undefined') return () => {};
  const sizes = new ResizeObserver(() => fitChunkHeights(host));
  const observe = () => {
    sizes.disconnect();
    sizes.observe(host);
    for (const child of Array.from(host.children)) sizes.observe(child);
  };
  // The text's element is replaced when the editor takes over from the plain text, or another view is made.
  const children = new MutationObserver(observe);
  children.observe(host, { childList: true });
  observe();
  return () => {
    children.disconnect();
    sizes.disconnect();
  };
}
