/**
 * The Settings → Keyboard choice of how character keys act as shortcuts (WCAG 2.1.4): pressed
 * alone (the default) or only with Alt. A preference of this device, like the theme, so it lives
 * in localStorage; the key handler, the help sheet and the footer read it as it changes.
 */
import type { CharacterKeys } from './keymap';

export const CHARACTER_KEY_CHOICES: readonly { id: CharacterKeys; name: string }[] = [
  { id: 'plain', name: 'On: press the key alone' },
  { id: 'alt', name: 'Off: hold Alt with the key' },
];

const KEY = 'spanwright.characterKeys';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class CharacterKeySetting {
  #mode = $state<CharacterKeys>('plain');
  readonly #storage: Storage | undefined;

  /** Reads the stored choice from `storage`; pressed alone when none is stored, it is unknown, or storage is unavailable. */
  constructor(storage: Storage | undefined) {
    this.#storage = storage;
    try {
      this.#mode = storage?.getItem(KEY) === 'alt' ? 'alt' : 'plain';
    } catch {
      this.#mode = 'plain';
    }
  }

  get mode(): CharacterKeys {
    return this.#mode;
  }

  /** Makes `mode` the choice, at once and after a reload when storage allows. */
  choose(mode: CharacterKeys): void {
    this.#mode = mode;
    try {
      if (mode === 'plain') this.#storage?.removeItem(KEY);
      else this.#storage?.setItem(KEY, mode);
    } catch {
      // Private modes may refuse storage: the choice still holds in this page.
    }
  }
}
