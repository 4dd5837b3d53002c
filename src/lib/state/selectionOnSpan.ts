import { snapSelection } from '../model/spans';
import type { OpenDocument } from './openDocument.svelte';

/**
 * Whether the text selection `range` (UTF-16), snapped as a label key snaps it, is exactly the selected
 * span's text. A double-click on a labelled word selects both the span and the word: a label key then
 * relabels that span, as after a click, rather than adding a second span on the same words.
 */
export function onSelectedSpan(
  document: OpenDocument,
  text: string,
  range: { start: number; end: number },
  precise: boolean,
): boolean {
  const span = document.spans.find((one) => one.id === document.selectedSpanId);
  const snapped = span && snapSelection(text, range.start, range.end, precise);
  if (!span || !snapped) return false;
  return (
    document.index.toCodePoint(snapped.start) === span.start && document.index.toCodePoint(snapped.end) === span.end
  );
}
