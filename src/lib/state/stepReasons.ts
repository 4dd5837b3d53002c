import { counted } from '../model/counted';
import type { Span } from '../model/types';
import type { Step } from './history.svelte';

/** Why an undo or redo did nothing: the span it changes is gone; or it was changed since, and the change stays. */
export const [GONE, CHANGED, STATUS_CHANGED] = [
  'the span was removed meanwhile (with its label in Settings, in another tab, or by the team)',
  'the span was changed or removed meanwhile (its label renamed or deleted in Settings, in another tab, or by the team)',
  'the status was changed meanwhile (in another tab, or by the team)',
];
/** What Ctrl+Z (Ctrl+Shift+Z) says with nothing to undo (redo): after a reload, the history starts afresh. */
export const NOTHING = {
  undo: 'Nothing to undo in this tab (its history starts when the page opens).',
  redo: 'Nothing to redo: nothing was undone since the last change.',
} as const;
/** Why a step that brings a span back did nothing: the same span (place and label) was made since. */
export const TWIN = 'the same span was made meanwhile (in another tab, or by the team)';
const TWIN_LABEL = 'the text holds that label in another span already';
const LABEL_GONE = 'its label was renamed or removed meanwhile';

/** Why a relabel or note step did nothing: gone (null; unless `quiet`), or changed since (after is before). */
export const stepOutcome = (
  result: { before: Span; after: Span; twin?: Span; labelGone?: true } | null,
  quiet = false,
) =>
  result === null
    ? quiet
      ? undefined
      : GONE
    : result.after !== result.before
      ? undefined
      : result.twin
        ? TWIN_LABEL
        : result.labelGone
          ? LABEL_GONE
          : CHANGED;

/** Why putting spans back (an undo of a delete, a redo of a label) left some out: made again since. */
export const putOutcome = (left: { twins: readonly Span[] }) => (left.twins.length > 0 ? TWIN : undefined);

/** What the status line says when a label key stored nothing: the layer holds the span, or the label is gone. */
export const refusalNote = (refused: 'twin' | 'label', label: string) =>
  refused === 'twin'
    ? `That text is already labelled ${label}.`
    : `The label ${label} was renamed or removed a moment ago (in another tab, or by the team): nothing was labelled.`;

/**
 * What an undo of accepted suggestions says of the spans it `left` of `all` it made: changed or
 * removed meanwhile (in another tab, or by the team), they stay as they are.
 */
export const leftOutcome = (left: number, all: number) =>
  left === 0
    ? undefined
    : left === all && all === 1
      ? CHANGED
      : left === all
        ? 'the spans were changed or removed meanwhile (in another tab, or by the team)'
        : {
            partly: `${counted(left, 'span')} left as they are: changed or removed meanwhile (in another tab, or by the team)`,
          };

/** What the status line says of an undo or redo (`where`: in which document, when it opened another). */
export const stepNote = (direction: 'undo' | 'redo', { command, gone, partly }: Step, where: string): string =>
  gone
    ? `Nothing to ${direction} (${command.description})${where}: ${gone}.`
    : `${direction === 'undo' ? 'Undone' : 'Redone'}: ${command.description}${where}${partly ? `; ${partly}` : ''}`;
