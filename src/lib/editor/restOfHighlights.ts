import type { Editor } from '@tiptap/core';
import { drawRestOfHighlights, drawStaleHighlights, highlightsPending, staleHighlights } from './highlights';
import { withLiveSelection } from './liveSelection';
import type { LineLayout } from './textDocument';

/** Lines whose left-out highlights one task draws: the page stays responsive while the rest come in. */
const LINES_PER_TASK = 512;

/**
 * Draws the highlights a new text left out (`setHighlightsFrom`, from line `fromLine` on), a slice
 * of lines per task, starting once `painted` resolves (the first frame is on screen). Stops when
 * `current()` turns false (another text) or a change has drawn them all.
 */
export function drawRestOfHighlightsInSlices(
  editor: Editor,
  layout: LineLayout,
  fromLine: number,
  painted: Promise<void>,
  current: () => boolean,
): void {
  const step = (line: number) => {
    if (editor.isDestroyed || !current() || !highlightsPending(editor.state)) return;
    const next = line + LINES_PER_TASK;
    const to = next < layout.starts.length ? layout.starts[next] : Infinity;
    // Drawn while the annotator may be dragging: the drag's selection must not move.
    const tr = withLiveSelection(editor.view, editor.state.tr);
    editor.view.dispatch(drawRestOfHighlights(tr, to).setMeta('addToHistory', false));
    if (to !== Infinity) setTimeout(() => step(next), 0);
  };
  void painted.then(() => step(fromLine));
}

/** Characters of text one task redraws after a change too large to patch (about 170 lines of news text). */
const STALE_PER_TASK = 32_000;

/**
 * Redraws, a slice per task once `painted` resolves, the text a large change left drawn from before
 * (`drawStaleHighlights`), whichever text is shown by then (a new text has none). `done` when none is left.
 */
export function drawStaleInSlices(editor: Editor, painted: Promise<void>, done: () => void): void {
  const step = () => {
    if (editor.isDestroyed || !staleHighlights(editor.state)) return done();
    const tr = withLiveSelection(editor.view, editor.state.tr);
    editor.view.dispatch(drawStaleHighlights(tr, STALE_PER_TASK).setMeta('addToHistory', false));
    setTimeout(step, 0);
  };
  void painted.then(step);
}
