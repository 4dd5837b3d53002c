import type { TextViewer } from '../editor/textViewer';

/** A selection a label key is making a span of, and where the caret goes once it is made (UTF-16). */
interface Labelled {
  start: number;
  end: number;
  caretAt: number;
}

/**
 * Where the caret goes once a label key has made a span of the selection: to the span's end, the
 * selection cleared. That is done with the span's highlight (one transaction), so until the span is
 * written the selection stands; a caret key pressed meanwhile (a fast typist's Ctrl+→ to the next
 * word) first settles the caret there, as it would stand a moment later, rather than moving from the
 * selection's other end (Shift+Ctrl+← then took the same word again, and its label key was refused).
 */
export class CaretAfterLabel {
  #pending: Labelled | null = null;
  readonly #viewer: () => TextViewer | null;

  constructor(viewer: () => TextViewer | null) {
    this.#viewer = viewer;
  }

  /**
   * Clears the text selection if it is still [start, end), the caret to `caretAt`. With none left there
   * is nothing to clear, and a collapsed one may be the next drag's starting point (the button just
   * pressed): removing it would end that drag before it selects anything.
   */
  clearIf(start: number, end: number, caretAt: number, now = false): void {
    const viewer = this.#viewer();
    const current = viewer?.selection();
    if (!viewer || current?.start !== start || current.end !== end) return;
    viewer.clearSelection(caretAt);
    // The caret of a cleared selection moves with the view's next transaction; a caret key pressed now starts from it.
    if (now) viewer.collapseCaret(caretAt);
  }

  /** A span is being made of [start, end); the function returned says it is made, or failed. */
  expect(start: number, end: number, caretAt: number): () => void {
    const pending = { start, end, caretAt };
    this.#pending = pending;
    return () => {
      if (this.#pending === pending) this.#pending = null;
    };
  }

  /** Before a caret key: the caret where the span being made will leave it, if its selection still stands. */
  settle(): void {
    const pending = this.#pending;
    if (pending && !this.#viewer()?.keysPending?.()) this.clearIf(pending.start, pending.end, pending.caretAt, true);
  }
}
