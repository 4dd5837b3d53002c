import type { KeyName } from './keyNames';

/**
 * What the status line says after suggestions were added: how to go through them, with the keys as
 * they now work (`key`); when none of them is in the open document (where the keys step), says so
 * instead. Only said when some were added: with none, there is nothing to step through.
 */
export function stepHint(key: KeyName, someHere: boolean): string {
  return someHere
    ? `${key('J')} and ${key('K')} step through them, Enter accepts, Backspace rejects.`
    : 'None of them is in this document: open another to see its suggestions.';
}
