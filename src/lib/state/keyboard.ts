/**
 * Key dispatch: a key press on a page becomes an action of the keymap, and the action a call on
 * the state that carries it out. The app shell hands every key press here.
 */
import { snapSelection } from '../model/spans';
import { actionFor, type Action, type KeyPress, type Page } from './keymap';
import type { Review } from './review.svelte';
import type { Workbench } from './workbench.svelte';

/** What the keys act on. */
export interface KeyTargets {
  workbench: Workbench;
  /** The review, once its page has been opened (its code loads then). */
  review(): Review | null;
  /** Shows or hides the keyboard sheet; `false` hides it. */
  toggleHelp(show?: boolean): void;
  /** The review focused another difference (the page scrolls the text to it). */
  onDifferenceFocused?(): void;
}

/** True when a key press is meant for a form field rather than the workbench. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.matches('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select');
}

export class KeyController {
  readonly #targets: KeyTargets;

  constructor(targets: KeyTargets) {
    this.#targets = targets;
  }

  /** Acts on a key press on `page`; true when the press meant something (the caller prevents its default). */
  handle(press: KeyPress, page: Page): boolean {
    const action = actionFor(press, page, this.#targets.workbench.corpus.labels);
    if (!action) return false;
    // Enter with no suggestion focused is the browser's (a focused button's click).
    const { suggestions, document } = this.#targets.workbench;
    if (action.kind === 'acceptSuggestion' && (suggestions.focused === null || document.selectedSpanId !== null))
      return false;
    this.#run(action, page);
    return true;
  }

  #run(action: Action, page: Page): void {
    const { workbench, toggleHelp } = this.#targets;
    const { labelling, document, suggestions } = workbench;
    const review = this.#targets.review();
    if (page === 'review' && review === null) return action.kind === 'help' ? toggleHelp() : undefined;
    switch (action.kind) {
      case 'label':
        return void labelling.applyLabel(action.label, action.precise || labelling.precise);
      case 'delete':
      case 'rejectSuggestion':
        return void (document.selectedSpanId === null && suggestions.focused
          ? suggestions.reject()
          : labelling.deleteSelected());
      case 'undo':
        return void (review && page === 'review' ? review.undo() : labelling.undo());
      case 'redo':
        return void (review && page === 'review' ? review.redo() : labelling.redo());
      case 'nextDocument':
        return review && page === 'review' ? review.step(1) : workbench.step(1);
      case 'previousDocument':
        return review && page === 'review' ? review.step(-1) : workbench.step(-1);
      case 'done':
        return void labelling.markCurrent('done');
      case 'skip':
        return void labelling.markCurrent('skipped');
      case 'deselect':
        if (page === 'documents') {
          document.selectSpan(null);
          suggestions.focus(null);
        }
        return toggleHelp(false);
      case 'nextSpan':
        return document.stepSpan(1);
      case 'previousSpan':
        return document.stepSpan(-1);
      case 'help':
        return toggleHelp();
      case 'nextDifference':
      case 'previousDifference':
        review?.focus(action.kind === 'nextDifference' ? 1 : -1);
        return this.#targets.onDifferenceFocused?.();
      case 'keepA':
        return void review?.decideFocused('a');
      case 'keepB':
        return void review?.decideFocused('b');
      case 'keepBoth':
        return void review?.decideFocused('both');
      case 'keepNeither':
        return void review?.decideFocused('neither');
      case 'editGold':
        return void review?.editFocused(snapSelection);
      case 'acceptAgreements':
        return void review?.acceptAgreements();
      case 'note':
        return labelling.editNote();
      case 'example':
        return void labelling.toggleExample();
      case 'nextSuggestion':
        return suggestions.step(1);
      case 'previousSuggestion':
        return suggestions.step(-1);
      case 'acceptSuggestion':
        return void suggestions.accept();
      case 'acceptAllSuggestions':
        return void suggestions.acceptAll();
      case 'proposeInDocument':
        return void suggestions.proposeOccurrences('document');
      case 'proposeInCorpus':
        return void suggestions.proposeOccurrences('corpus');
      case 'proposeFromCopy':
        return void suggestions.projectFromCopy();
      case 'nextFeedback':
        return void labelling.stepFeedback(1);
      case 'previousFeedback':
        return void labelling.stepFeedback(-1);
    }
  }
}
