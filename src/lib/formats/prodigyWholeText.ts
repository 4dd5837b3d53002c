/** Prodigy's answers on a whole text, which label no span (`prodigy.ts`). */
import type { Loss } from './format';

/**
 * Whether a task is an answer on its whole text (a textcat recipe's top-level "label", a choice's "options")
 * with no "spans": accepted, it labelled no span, so it is left to do, not done, which an export would take
 * for a text with nothing to label, a negative example (helper-210).
 */
export function onWholeText(task: Record<string, unknown>): boolean {
  return task.spans === undefined && (task.label !== undefined || task.options !== undefined);
}

/** The loss counting the accepted answers {@link onWholeText} left to do. */
export function wholeTextsLoss(): Loss {
  return {
    what: 'accepted answers on whole texts (a "label" or "options", no "spans")',
    why: 'Spanwright labels spans: they are left to do, not done, so that no export takes them for texts with nothing to label',
    count: 0,
  };
}
