/**
 * A key press as the keymap reads it, under the user's choice of how character keys act
 * (Settings → Keyboard): which key it names, the label key it types, and whether a label keeps
 * exact characters.
 */

/** A key press, as far as the keymap looks at it (a `KeyboardEvent` is one). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Where the key was pressed (a keyboard event's target), when known. */
  target?: EventTarget | null;
  /** True for a key held down (the system's auto-repeat), not pressed again. */
  repeat?: boolean;
}

/**
 * How keys that type a character (letters, digits, punctuation, with or without Shift) act as
 * shortcuts (WCAG 2.1.4): `plain`, pressed alone (the default); `alt`, only with Alt held, so a
 * stray key press (speech input, a slip) does nothing. Other keys (arrows, Delete, Esc, Ctrl
 * chords) work the same either way.
 */
export type CharacterKeys = 'plain' | 'alt';

/** Punctuation keys by their place on the keyboard (`KeyboardEvent.code`): the character without and with Shift. */
const PUNCTUATION: Record<string, readonly [string, string]> = {
  Semicolon: [';', ':'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Slash: ['/', '?'],
};

/** The character a key pressed with Alt stands for, by its place (layouts change `key` with Alt). */
export function physicalKey(press: KeyPress): string | undefined {
  const letterOrDigit = /^(?:Key([A-Z])|Digit(\d))$/u.exec(press.code);
  if (letterOrDigit) return (letterOrDigit[1] ?? letterOrDigit[2]).toLowerCase();
  return PUNCTUATION[press.code]?.[press.shiftKey ? 1 : 0];
}

/**
 * AltGr on Windows reports Ctrl+Alt: the punctuation it types (`[` `]` `{` `}` on German, French or
 * Nordic layouts) is that character pressed alone. Null for any other press.
 */
function altGraphed(press: KeyPress): KeyPress | null {
  if (!press.ctrlKey || !press.altKey || press.metaKey || !/^[^\p{L}\p{N}\s]$/u.test(press.key)) return null;
  return { key: press.key, code: press.code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: press.shiftKey };
}

/**
 * On a Mac, Option (Alt) with a digit types the brackets some layouts have nowhere else (German:
 * Option+5 is `[`, Option+6 `]`, Option+8 `{`, Option+9 `}`). A press with Alt that types one of the
 * keymap's punctuation keys is that key: pressed alone in `plain` mode, with Alt in `alt` mode (as
 * its shortcut is there). Null for any other press (Option+1 typing "¡" stays Alt+1).
 */
function optionTyped(press: KeyPress, mode: CharacterKeys): KeyPress | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || !/^(?:Digit|Key)/u.test(press.code)) return null;
  const code = Object.keys(PUNCTUATION).find((name) => PUNCTUATION[name].includes(press.key));
  if (code === undefined) return null;
  const shiftKey = PUNCTUATION[code][1] === press.key;
  return { key: press.key, code, ctrlKey: false, metaKey: false, altKey: mode === 'alt', shiftKey };
}

/** A press as the keymap reads it: the press, the label key it types (if any), and whether a label keeps exact characters. */
export interface Reading {
  press: KeyPress;
  typed: string | undefined;
  precise: boolean;
}

/**
 * Reads a press under `mode`. Pressed alone, a character key is its own shortcut and Alt with a
 * label key applies it exactly. In `alt` mode a character key alone means nothing; with Alt it is
 * the shortcut the key alone is in `plain` mode, and Alt + Shift + a label key applies it exactly.
 */
export function readPress(pressed: KeyPress, mode: CharacterKeys): Reading | null {
  const press = altGraphed(pressed) ?? optionTyped(pressed, mode) ?? pressed;
  const command = press.ctrlKey || press.metaKey;
  if (mode === 'plain' || command) {
    const typed = command
      ? undefined
      : press.altKey
        ? /^Digit|^Key/u.test(press.code)
          ? physicalKey(press)
          : undefined
        : press.key.length === 1
          ? press.key.toLowerCase()
          : undefined;
    return { press, typed, precise: press.altKey };
  }
  const physical = press.altKey ? physicalKey(press) : undefined;
  if (physical !== undefined)
    // Copied field by field: a KeyboardEvent's fields are getters a spread would not copy.
    return {
      press: {
        key: physical,
        code: press.code,
        ctrlKey: false,
        metaKey: false,
        altKey: false,
        shiftKey: press.shiftKey,
      },
      typed: physical,
      precise: press.shiftKey,
    };
  return press.key.length === 1 ? null : { press, typed: undefined, precise: false };
}
