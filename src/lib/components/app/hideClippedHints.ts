/**
 * The footer's hints that fell onto its clipped second row are out of sight, and a screen reader
 * would still read them as the footer's text: each one there is marked `aria-hidden`, each one on
 * the first row unmarked, again whenever the footer's width or its hints change. The keys sheet
 * (`?`) lists every key for everyone.
 */
export function hideClippedHints(box: HTMLElement): () => void {
  let frame = 0;
  const mark = () => {
    frame = 0;
    const bottom = box.getBoundingClientRect().bottom;
    for (const hint of box.querySelectorAll<HTMLElement>('.hint')) {
      const clipped = hint.getBoundingClientRect().top >= bottom;
      if (clipped) hint.setAttribute('aria-hidden', 'true');
      else hint.removeAttribute('aria-hidden');
    }
  };
  const later = () => (frame ||= requestAnimationFrame(mark));
  // A window resized or a notice beside the hints resizes the box (and the observer's first call
  // marks them once laid out); a page's or a label's hints change as the box's children.
  const resized = new ResizeObserver(later);
  resized.observe(box);
  const changed = new MutationObserver(later);
  changed.observe(box, { childList: true, subtree: true, characterData: true });
  return () => {
    resized.disconnect();
    changed.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
