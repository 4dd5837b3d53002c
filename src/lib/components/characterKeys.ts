/**
 * How a character key is written where the user reads it (a button's tooltip, a label's key, a
 * hint): "D", or "Alt+D" while Settings → Keyboard has single-key shortcuts off. The App provides
 * the setting to every component below it; without it (a component rendered alone) keys read plain.
 */
import { getContext, setContext } from 'svelte';
import { keyNameIn } from '../state/keyNames';
import type { CharacterKeys } from '../state/keymap';

const KEY = Symbol('character-keys');

/** Makes the setting (read as it changes) known to the components below the caller. */
export function provideCharacterKeys(mode: () => CharacterKeys): void {
  setContext(KEY, mode);
}

/** A function writing `key` as it now works; call it in a component's setup. */
export function characterKeyName(): (key: string) => string {
  const mode = getContext<(() => CharacterKeys) | undefined>(KEY);
  return (key) => keyNameIn(mode?.() ?? 'plain')(key);
}
