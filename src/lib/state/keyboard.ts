/**
 * Key dispatch: a key press on a page becomes an action of the keymap, and the action a call on
 * the state that carries it out. The app shell hands every key press here.
 */
import type { CaretStep } from '../model/caret';
import { snapSelection } from '../model/spans';
import {
  actionFor,
  labelWithKey,
  reservedKey,
  type Action,
  type CharacterKeys,
  type KeyPress,
  type Page,
} from './keymap';
import { physicalKey } from './keyPress';
import { AFTER_CHANGES, CHANGE_ACTIONS, KeyOrder } from './keyOrder';
import { differenceNews } from './differenceNews';
import { isDecided } from './decisionState';
import type { TextViewer as Viewer } from '../editor/textViewer';
import type { Review } from './review.svelte';
import type { Workbench } from './workbench.svelte';

/** What the keys act on. */
export interface KeyTargets {
  workbench: Workbench;
  /** The review, once its page has been opened (its code loads then). */
  review(): Review | null;
  /** Shows or hides the keyboard sheet; `false` hides it. */
  toggleHelp(show?: boolean): void;
  /** Puts the keys in the document list's search field (`/`). */
  focusSearch?(): void;
  /** True while the keyboard sheet is open: it is modal, so only the keys that close it act. */
  helpOpen?(): boolean;
  /** The review focused another difference (the page scrolls the text to it). */
  onDifferenceFocused?(): void;
  /** How character keys act now (Settings → Keyboard); pressed alone when not given. */
  characterKeys?(): CharacterKeys;
}

/**
 * True when a key press is meant for a form field rather than the workbench. On a menu (a select),
 * which has no undo of its own, Ctrl+Z and its kin are the workbench's (a relabel made there is undone).
 */
export function isTypingTarget(
  target: EventTarget | null,
  press?: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey'>,
): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.matches('select')) return !(press && (press.ctrlKey || press.metaKey) && /^[zy]$/iu.test(press.key));
  return target.matches('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea');
}

/** Controls whose own Enter is a click (or a toggle): a button, a link, a summary, a checkbox… */
const CONTROLS =
  'button, a[href], summary, input, [role=button], [role=link], [role=menuitem], [role=tab], [role=option], [role=checkbox], [role=switch]';

/**
 * True when a key press is meant for a focused control (Enter clicks it), not the workbench: but the
 * current one (the open document's row, `aria-current`), whose click would open what is open.
 */
export function isControlTarget(target: EventTarget | null | undefined): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.matches(CONTROLS) && !target.matches('[aria-current=true]');
}

/** What each caret key moves by (↑, ↓, Home and End go by the lines on screen, which only the view knows). */
const CARET_UNITS: Record<'caretCharacter' | 'caretWord' | 'caretTextEdge', CaretStep['unit']> = {
  caretCharacter: 'character',
  caretWord: 'word',
  caretTextEdge: 'text',
};

/**
 * After `;` found no span to write a note on, how long (ms) the next character key is taken for the
 * note typed on regardless, not for a command; each held key holds the next as long again.
 */
export const NOTELESS_TYPING_MS = 1500;
/** Keys pressed on their own before a character (Shift for a capital): they neither hold nor end the typing. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);
/** Keys that choose a span, as the refusal says: pressed first after it, they end the hold and act. */
const CHOOSING = new Set([']', '[']);
/** Keys a layout or an input method sends while a character is being composed (a dead key's accent first). */
const COMPOSING = new Set(['Dead', 'Process', 'Compose', 'Unidentified']);

export class KeyController {
  readonly #targets: KeyTargets;
  /** Undo and redo in the order pressed among the changes keys make. */
  readonly #order = new KeyOrder();
  /** Until when (Date.now() ms) character keys are held off as the note typed after a refused `;`. */
  #notelessUntil = 0;
  /** The span and text chosen when `;` was refused (a later choice ends the hold), and the keys held since. */
  #noteless = { chosen: '', held: 0 };

  constructor(targets: KeyTargets) {
    this.#targets = targets;
  }

  /**
   * `;` with no span selected opens no note field; a note typed on at once would run as commands (D marks
   * done, S skips, N moves on). Its character keys (and Backspace, dead keys) are held off and said, until
   * Esc, Enter, another key, a pause, or a span or text chosen since (a click; `]` or `[` as the first key).
   */
  #heldAsNote(press: KeyPress): boolean {
    if (this.#notelessUntil === 0 || MODIFIERS.has(press.key)) return false;
    // A span (or text) chosen since (a click), the keys are the user's again; `;` is refused anew (or opens
    // the note); `]` or `[` first after the refusal steps to a span, as it says (later, it is typed: "[sic]").
    const chosen = this.#chosen() !== this.#noteless.chosen || press.key === ';';
    const choosing = CHOOSING.has(press.key) && this.#noteless.held === 0;
    const within = Date.now() <= this.#notelessUntil && !chosen && !choosing;
    // What typing sends: a character (with AltGr, Ctrl+Alt on Windows; Option on a Mac), a dead key's start.
    const character = press.key.length === 1 || press.key === 'Backspace' || COMPOSING.has(press.key);
    const typed = character && !press.metaKey && (!press.ctrlKey || press.altKey);
    if (!within || !typed) {
      this.#notelessUntil = 0;
      // Esc, or the Enter that ends the note typed, ends it and does nothing more.
      return within && (press.key === 'Escape' || press.key === 'Enter');
    }
    this.#notelessUntil = Date.now() + NOTELESS_TYPING_MS;
    this.#noteless.held++;
    const { session, keyName } = this.#targets.workbench;
    session.hint(
      `No note field is open (no span was selected), so what you type is not taken as commands: select a span (${keyName(']')} or a click), then press ${keyName(';')} (Esc stops this).`,
    );
    return true;
  }

  /** The span and the text chosen now, as one key (what a refused `;` compares later choices with). */
  #chosen(): string {
    const { document } = this.#targets.workbench;
    const range = document.viewer?.selection() ?? null;
    return `${document.selectedSpanId ?? ''}|${range ? `${range.start}-${range.end}` : ''}`;
  }

  /** Acts on a key press on `page`; true when the press meant something (the caller prevents its default). */
  handle(press: KeyPress, page: Page): boolean {
    if (this.#heldAsNote(press)) return true;
    const mode = this.#targets.characterKeys?.() ?? 'plain';
    const labels = this.#targets.workbench.corpus.labels;
    const helpShown = this.#targets.helpOpen?.() ?? false;
    // In the review's text the caret keys act as on Documents (a range for E); elsewhere ↑ ↓ are the review's.
    const reviewText = page === 'review' ? this.#targets.review()?.viewer : null;
    if (reviewText?.hasFocus() && !helpShown) {
      const caret = actionFor(press, 'documents', labels, mode);
      if (caret?.kind.startsWith('caret')) return this.#moveCaret(caret.kind, press, reviewText);
    }
    const action = actionFor(press, page, labels, mode);
    // Behind the open sheet nothing is labelled, deleted or stepped: ? and Escape close it; the
    // other keys are the browser's (the arrows scroll the sheet).
    if (helpShown) {
      if (action?.kind !== 'help' && action?.kind !== 'deselect') return false;
      this.#targets.toggleHelp(false);
      return true;
    }
    if (!action) {
      if (page === 'documents') this.#keyWithoutLabel(press, mode);
      return false;
    }
    // Enter with no suggestion focused, or on a focused control (Reject, Done, a link…), is the browser's: its click.
    const { suggestions, document } = this.#targets.workbench;
    if (
      action.kind === 'acceptSuggestion' &&
      (suggestions.focused === null || document.selectedSpanId !== null || isControlTarget(press.target))
    )
      return false;
    if (action.kind.startsWith('caret'))
      return this.#moveCaret(action.kind, press, this.#targets.workbench.document.viewer);
    // A key held down changes once: its auto-repeat neither marks the documents after it done nor deletes every span
    // of the list (helper-211: D held 200 ms marked five documents done). Moving keys (J, ], the arrows) repeat.
    if (press.repeat === true && CHANGE_ACTIONS.has(action.kind)) return true;
    // On the Review every key waits for the one before: a decision is the focused row's, and the focus moves on only
    // once the decision before it is written (A B X typed quickly decided one row three times, leaving the next).
    // The key sheet's keys (?, Esc) act at once: the keys after them find it open, as they are pressed.
    const sheet = action.kind === 'help' || action.kind === 'deselect';
    // ] and [ too, while a change is written: a label key's span is listed (and its end selects none) only after. So
    // do the keys that act on the span labelled last or the focused suggestion (O after a label key proposed the span
    // before it; Enter, J, Enter typed at once accepted one suggestion twice and left the next: helper-194).
    // D and S wait too, and hold the keys after them, as they open the next document: D D typed at once marked the
    // first twice and opened the third, the second left to do (helper-211).
    const waits =
      action.kind === 'undo' ||
      action.kind === 'redo' ||
      action.kind === 'done' ||
      action.kind === 'skip' ||
      (AFTER_CHANGES.has(action.kind) && !this.#order.idle);
    if (waits || (page === 'review' && !sheet)) this.#order.step(() => this.#run(action, page));
    else if (page === 'review') this.#run(action, page);
    else if (CHANGE_ACTIONS.has(action.kind)) this.#order.change(() => this.#run(action, page));
    else this.#order.other(() => this.#run(action, page));
    // J or K pressed on a button (one just clicked, say): the keys go on from the text, so Enter accepts.
    if ((action.kind === 'nextSuggestion' || action.kind === 'previousSuggestion') && isControlTarget(press.target))
      document.focusText();
    return true;
  }

  /** A caret key: acts while the text has the focus; elsewhere the browser's (scrolling, a list's arrows). */
  #moveCaret(kind: Action['kind'], press: KeyPress, viewer: Viewer | null): boolean {
    if (!viewer?.hasFocus()) return false;
    // A span still being made of the selection: the caret first where it will leave it (its end).
    const { document, labelling } = this.#targets.workbench;
    if (viewer === document.viewer) labelling.caretAfter.settle();
    const direction = press.key === 'ArrowLeft' || press.key === 'ArrowUp' || press.key === 'Home' ? -1 : 1;
    const extend = press.shiftKey;
    // ↑ ↓ Home End go by the lines on screen (a long line wraps into several); the others by the text.
    if (kind === 'caretLine' || kind === 'caretLineEdge')
      viewer.moveCaretVertically(direction, extend, kind !== 'caretLine');
    else if (kind in CARET_UNITS)
      viewer.moveCaret({ unit: CARET_UNITS[kind as keyof typeof CARET_UNITS], direction }, extend);
    return true;
  }

  /**
   * A key that labels nothing, pressed over a selection, is not lost in silence: with single-key
   * shortcuts off (WCAG 2.1.4) a label key pressed alone says that labels now need Alt; a key no
   * label holds (or one a colleague's change took away) says so.
   */
  #keyWithoutLabel(press: KeyPress, mode: CharacterKeys): void {
    if (press.ctrlKey || press.metaKey || press.key.length !== 1 || press.key.trim() === '') return;
    // With Alt, the key by its place (a layout types "¶" for Alt+7).
    const typed = (press.altKey ? physicalKey(press) : press.key)?.toLowerCase();
    const { corpus, document, session } = this.#targets.workbench;
    const selected = (document.viewer?.selection() ?? null) !== null;
    if (typed === undefined || (!selected && document.selectedSpanId === null)) return;
    const label = labelWithKey(corpus.labels, typed);
    const what = selected ? 'the selection' : 'the selected span';
    // An action's key (D, N, ?) is never a label's: a press of it alone is not a label key missed.
    if (!label && !reservedKey(typed))
      session.hint(`No label has the key “${typed}”: Settings → Labels gives labels their keys.`);
    else if (label && mode === 'alt' && !press.altKey)
      session.hint(
        `Single-key shortcuts are off (Settings → Keyboard): press Alt+${label.hotkey} to label ${what} ${label.name}.`,
      );
  }

  /** Does what `action` says; answers the promise of a change or step it began (to keep the keys in order). */
  #run(action: Action, page: Page): unknown {
    const { workbench, toggleHelp } = this.#targets;
    const { labelling, document, suggestions } = workbench;
    const review = this.#targets.review();
    if (page === 'review' && review === null) return action.kind === 'help' ? toggleHelp() : undefined;
    switch (action.kind) {
      case 'label':
        return workbench.label(action.label, action.precise || labelling.precise);
      case 'delete':
      case 'rejectSuggestion':
        if (document.selectedSpanId === null && !suggestions.focused)
          return workbench.session.hint('Nothing to delete: select a span first (] or [, or a click on it).');
        return document.selectedSpanId === null ? suggestions.reject() : labelling.deleteSelected();
      case 'undo':
        return review && page === 'review' ? review.undo() : labelling.undo();
      case 'redo':
        return review && page === 'review' ? review.redo() : labelling.redo();
      case 'nextDocument':
        return review && page === 'review' ? review.step(1) : workbench.step(1);
      case 'previousDocument':
        return review && page === 'review' ? review.step(-1) : workbench.step(-1);
      case 'done':
        return labelling.markCurrent('done');
      case 'goldDone':
        return review?.goldDone.mark();
      case 'skip':
        return labelling.markCurrent('skipped');
      case 'deselect':
        if (page === 'documents') {
          labelling.dropInHand();
          document.selectSpan(null);
          suggestions.focus(null);
          document.viewer?.clearSelection();
        }
        return toggleHelp(false);
      case 'focusText':
        return review && page === 'review' ? review.focusText() : document.focusText();
      case 'nextSpan':
      case 'previousSpan': {
        // In the status line, as other keys with nothing to act on say what they need (a screen reader hears it too).
        const next = action.kind === 'nextSpan';
        const stepped = document.stepSpan(next ? 1 : -1);
        if (!stepped)
          workbench.session.hint('No spans in this document yet: select some text, then press a label’s key.');
        else if (stepped === 'edge')
          workbench.session.hint(
            `This is the document's ${next ? 'last' : 'first'} span: ${workbench.keyName(next ? '[' : ']')} goes back.`,
          );
        else if (stepped === 'round')
          workbench.session.hint(
            `No span ${next ? 'after' : 'before'} the caret: the document's ${next ? 'first' : 'last'} is selected.`,
          );
        return;
      }
      case 'help':
        return toggleHelp();
      case 'search':
        return this.#targets.focusSearch?.();
      case 'nextDifference':
      case 'previousDifference': {
        if (!review) return;
        const from = review.focusIndex;
        const next = action.kind === 'nextDifference' ? 1 : -1;
        review.focus(next);
        // Said, as ] and [ say the span they select: the row's look alone tells a screen reader nothing.
        const { focused, focusIndex, differences } = review;
        if (focused) {
          const decided = isDecided(review.decision(focused));
          const quote = (span: { start: number; end: number }) => review.quote(span);
          const end = focusIndex !== from ? '' : `No difference ${next === 1 ? 'after' : 'before'} this one. `;
          workbench.session.notify(end + differenceNews(focused, focusIndex, differences.length, quote, decided));
        }
        return this.#targets.onDifferenceFocused?.();
      }
      case 'keepA':
        return review?.decideFocused('a');
      case 'keepB':
        return review?.decideFocused('b');
      case 'keepBoth':
        return review?.decideFocused('both');
      case 'keepNeither':
        return review?.decideFocused('neither');
      case 'editGold':
        return review?.editFocused(snapSelection);
      case 'addToGold':
        return review?.goldEdits.add(snapSelection);
      case 'acceptAgreements':
        return review?.acceptAgreements();
      case 'note':
        if (labelling.spanInHand === null) {
          this.#notelessUntil = Date.now() + NOTELESS_TYPING_MS;
          this.#noteless = { chosen: this.#chosen(), held: 0 };
        }
        return labelling.editNote();
      case 'example':
        return labelling.toggleExample();
      case 'nextSuggestion':
        return suggestions.step(1);
      case 'previousSuggestion':
        return suggestions.step(-1);
      case 'acceptSuggestion':
        return suggestions.accept();
      case 'acceptAllSuggestions':
        return suggestions.acceptAll();
      case 'proposeInDocument':
        return suggestions.proposeOccurrences('document');
      case 'proposeInCorpus':
        return suggestions.proposeOccurrences('corpus');
      case 'proposeFromCopy':
        return suggestions.projectFromCopy();
      case 'nextFeedback':
        return labelling.stepFeedback(1);
      case 'previousFeedback':
        return labelling.stepFeedback(-1);
    }
  }
}
