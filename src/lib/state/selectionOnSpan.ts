import type { TextViewer } from '../editor/textViewer';
import { snapSelection } from '../model/spans';
import { cliticBefore } from '../model/tokens';
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
  if (!span || !snapped || document.index.toCodePoint(snapped.start) !== span.start) return false;
  if (document.index.toCodePoint(snapped.end) === span.end) return true;
  // A double-click leaves a clitic out of its word ("Russia" of "Russia’s"): the span "Russia’s" is still the one
  // double-clicked.
  const spanEnd = document.index.toUtf16(span.end);
  return cliticBefore(text, spanEnd) === snapped.end;
}

/**
 * The selection a label key acts on, and whether it is the word a double-click selected: as the caret
 * keys pressed on the plain first text left it before this key, when some wait for the editor
 * (`TextViewer.keysWaiting`; told before `caretAfter` moves the caret past it), else the view's now.
 * helper-188: a double-click on the first text, then a key, added a second span.
 */
export async function keySelection(
  viewer: () => TextViewer | null | undefined,
  caretAfter: (range: { start: number; end: number }) => number | undefined,
): Promise<{ range: { start: number; end: number } | null; doubled: boolean }> {
  let doubled = false;
  const waiting = viewer()?.keysWaiting?.((range, now) => {
    doubled = now.doubleClicked?.() ?? false;
    return caretAfter(range);
  });
  const afterKeys = waiting ? await waiting : undefined;
  if (afterKeys !== undefined) return { range: afterKeys, doubled };
  return { range: viewer()?.selection() ?? null, doubled: viewer()?.doubleClicked?.() ?? false };
}
