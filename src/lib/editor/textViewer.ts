import type { Caret, CaretStep } from '../model/caret';
import type { TextSpan } from './highlightMarkup';

/**
 * What the workbench and the Review ask of a text's view: the editor (`viewer.ts`), or the plain
 * first rendering that stands in for it until its code is loaded (`plainText.ts`). Offsets are
 * UTF-16 offsets of the text.
 */
export interface TextViewer {
  /** The selection as text offsets (a mouse selection, else the caret's range), or null. */
  selection(): { start: number; end: number } | null;
  /** Clears the selection; `caretAt`: where the caret goes. */
  clearSelection(caretAt?: number): void;
  /** Draws a span just made, ahead of the list. */
  showSpan(span: TextSpan): void;
  /** Resolves once the frame being prepared has been painted. */
  painted(): Promise<void>;
  /** Collapses the caret (to `at` when given). */
  collapseCaret(at?: number): void;
  scrollToOffset(offset: number): void;
  /** The start of the first line in view (UTF-16; absent: not known, as in the plain first rendering). */
  firstOffsetInView?(): number;
  /** Moves the keyboard focus into the text (the caret at `offset` when given). */
  focus(offset?: number): void;
  hasFocus(): boolean;
  moveCaret(step: CaretStep, extend: boolean): void;
  /** A click (not a drag) at a point of the window: the caret goes there, and the view's click handler hears of it. */
  clickAt(clientX: number, clientY: number): void;
  moveCaretVertically(direction: -1 | 1, extend: boolean, edge?: boolean): void;
  /**
   * Resolves once caret keys still waiting (for the editor's code) are done, with the selection as the
   * keys pressed before this call left it (undefined: not known); null when none wait. `caretAfter`:
   * where the caret then goes (a label's span end), before the keys pressed after this call.
   */
  /** Whether caret keys wait for the editor's code (absent: never). */
  keysPending?(): boolean;
  keysWaiting?(
    caretAfter?: (range: { start: number; end: number }, viewer: TextViewer) => number | undefined,
  ): Promise<{ start: number; end: number } | null | undefined> | null;
  /** Whether the selection is the word a double-click selected (absent: no double-clicks here). */
  doubleClicked?(): boolean;
  /** The keyboard caret, or null before it is placed. */
  readonly caret?: Caret | null;
}
export type { TextSpan };
