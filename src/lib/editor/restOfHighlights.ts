import type { Editor } from '@tiptap/core';
import { drawRestOfHighlights, highlightsPending } from './highlights';
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
