/**
 * How a character key is written where the user reads it (a message, a hint, a tooltip): "J", or
 * "Alt+J" while Settings → Keyboard has single-key shortcuts off. Keys that type no character
 * (Enter, Backspace, arrows) read the same either way and are written as they are.
 */
import type { CharacterKeys } from './keyPress';

/** `key` (a character key, or a chord of one: "Shift+A") written as it now works. */
export type KeyName = (key: string) => string;

/** The key names under `mode`: "J" pressed alone, "Alt+J" with Alt. */
export function keyNameIn(mode: CharacterKeys): KeyName {
  return (key) => (mode === 'alt' ? `Alt+${key}` : key);
}

/** Keys pressed alone (the default), for callers not told the setting. */
export const plainKeyName: KeyName = keyNameIn('plain');
