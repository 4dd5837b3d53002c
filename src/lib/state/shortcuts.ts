import type { Label } from '../model/types';

/** What a key press asks the workbench to do. */
export type ShortcutAction =
  | { kind: 'label'; label: string; precise: boolean }
  | { kind: 'delete' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'done' }
  | { kind: 'skip' }
  | { kind: 'deselect' }
  | { kind: 'nextSpan' }
  | { kind: 'previousSpan' }
  | { kind: 'help' };

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The keyboard map, for the help panel. */
export const SHORTCUTS: readonly [keys: string, action: string][] = [
  ['1 – 9', 'apply the label with that hotkey to the selection (or relabel the selected span)'],
  ['Alt + hotkey', 'apply a label keeping exact characters (no snapping to words)'],
  ['Delete / Backspace', 'remove the selected span'],
  ['Ctrl + Z', 'undo'],
  ['Ctrl + Shift + Z, Ctrl + Y', 'redo'],
  ['N / Alt + ↓', 'next document'],
  ['P / Alt + ↑', 'previous document'],
  ['D', 'mark the document done and go to the next'],
  ['S', 'skip the document and go to the next'],
  [']  /  [', 'select the next / previous span (then relabel with a hotkey or remove it)'],
  ['Esc', 'clear the selection'],
  ['?', 'show or hide this help'],
];

/** The keys of the Review page (handled there), for the help panel. */
export const REVIEW_SHORTCUTS: readonly [keys: string, action: string][] = [
  ['J / ↓', 'next difference'],
  ['K / ↑', 'previous difference'],
  ['A', "keep A's version in the gold layer"],
  ['B', "keep B's version in the gold layer"],
  ['X', 'keep neither (recorded as a decision)'],
  ['M', 'accept every agreement into the gold layer'],
  ['N / P', 'next / previous document'],
  ['?', 'show or hide this help'],
];

/** Maps a key press to an action, or null. Callers skip presses aimed at form fields. */
export function shortcutFor(press: KeyPress, labels: readonly Label[]): ShortcutAction | null {
  const command = press.ctrlKey || press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (command) {
    if (key === 'z') return press.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y') return { kind: 'redo' };
    return null;
  }
  if (press.altKey) {
    if (press.key === 'ArrowDown') return { kind: 'next' };
    if (press.key === 'ArrowUp') return { kind: 'previous' };
    // With Alt held, layouts change `key` (Alt+1 is "¡" on a Mac): match the physical key.
    const typed = /^Digit(\d)$/u.exec(press.code)?.[1] ?? /^Key([A-Z])$/u.exec(press.code)?.[1]?.toLowerCase();
    const label = labels.find((candidate) => candidate.hotkey !== '' && candidate.hotkey.toLowerCase() === typed);
    return label ? { kind: 'label', label: label.name, precise: true } : null;
  }
  const label = labels.find((candidate) => candidate.hotkey !== '' && candidate.hotkey.toLowerCase() === key);
  if (label) return { kind: 'label', label: label.name, precise: false };
  switch (key) {
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'n':
      return { kind: 'next' };
    case 'p':
      return { kind: 'previous' };
    case 'd':
      return { kind: 'done' };
    case 's':
      return { kind: 'skip' };
    case 'Escape':
      return { kind: 'deselect' };
    case ']':
      return { kind: 'nextSpan' };
    case '[':
      return { kind: 'previousSpan' };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

/** True when a key press is meant for a form field rather than the workbench. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.matches('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select');
}
