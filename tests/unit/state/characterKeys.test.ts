import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { isTypingTarget } from '../../../src/lib/state/keyboard';
import { actionFor, type KeyPress } from '../../../src/lib/state/keymap';
import { footerHints, keySheet } from '../../../src/lib/state/keySheet';
import { CharacterKeySetting } from '../../../src/lib/state/characterKeySetting.svelte';

/** A press of the key at `code`, typing `key`. */
const press = (key: string, code: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});
const inAltMode = (pressed: KeyPress, page: 'documents' | 'review' = 'documents') =>
  actionFor(pressed, page, DEFAULT_LABELS, 'alt');

describe('single-key shortcuts turned off (character keys only with Alt)', () => {
  it('ignores a character key alone, on every page, Shift or not', () => {
    expect(inAltMode(press('1', 'Digit1'))).toBeNull();
    expect(inAltMode(press('d', 'KeyD'))).toBeNull();
    expect(inAltMode(press(';', 'Semicolon'))).toBeNull();
    expect(inAltMode(press('A', 'KeyA', { shiftKey: true }))).toBeNull();
    expect(inAltMode(press('?', 'Slash', { shiftKey: true }))).toBeNull();
    expect(inAltMode(press('j', 'KeyJ'), 'review')).toBeNull();
  });

  it('gives Alt with the key what the key alone does, by the physical key', () => {
    // Alt+1 types "¡" on a Mac keyboard, Alt+D "∂": the key's place decides.
    expect(inAltMode(press('¡', 'Digit1', { altKey: true }))).toEqual({
      kind: 'label',
      label: 'claim',
      precise: false,
    });
    expect(inAltMode(press('∂', 'KeyD', { altKey: true }))).toEqual({ kind: 'done' });
    expect(inAltMode(press(';', 'Semicolon', { altKey: true }))).toEqual({ kind: 'note' });
    expect(inAltMode(press(']', 'BracketRight', { altKey: true }))).toEqual({ kind: 'nextSpan' });
    expect(inAltMode(press('F', 'KeyF', { altKey: true, shiftKey: true }))).toEqual({ kind: 'previousFeedback' });
    expect(inAltMode(press('A', 'KeyA', { altKey: true, shiftKey: true }))).toEqual({ kind: 'acceptAllSuggestions' });
    expect(inAltMode(press('?', 'Slash', { altKey: true, shiftKey: true }))).toEqual({ kind: 'help' });
    expect(inAltMode(press('j', 'KeyJ', { altKey: true }), 'review')).toEqual({ kind: 'nextDifference' });
    // Alt + Shift + a label key keeps exact characters, as Alt + the key does when keys act alone.
    expect(inAltMode(press('!', 'Digit1', { altKey: true, shiftKey: true }))).toEqual({
      kind: 'label',
      label: 'claim',
      precise: true,
    });
  });

  it('reads a real KeyboardEvent, whose fields are getters', () => {
    const event = new KeyboardEvent('keydown', { key: '?', code: 'Slash', altKey: true, shiftKey: true });
    expect(inAltMode(event)).toEqual({ kind: 'help' });
  });

  it('leaves the keys that type no character as they are', () => {
    expect(inAltMode(press('Delete', 'Delete'))).toEqual({ kind: 'delete' });
    expect(inAltMode(press('Escape', 'Escape'))).toEqual({ kind: 'deselect' });
    expect(inAltMode(press('ArrowDown', 'ArrowDown', { altKey: true }))).toEqual({ kind: 'nextDocument' });
    expect(inAltMode(press('z', 'KeyZ', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(inAltMode(press('ArrowDown', 'ArrowDown'), 'review')).toEqual({ kind: 'nextDifference' });
  });

  it('writes the keys with Alt in the help sheet and the footer', () => {
    const sheet = keySheet('documents', 'alt');
    const keysOf = (does: string) => sheet.find((row) => row.does.startsWith(does))?.keys;
    expect(keysOf('apply that label')).toBe('Alt + label key (1 – 9…)');
    expect(keysOf('apply a label keeping exact')).toBe('Alt + Shift + label key');
    expect(keysOf('mark the document done')).toBe('Alt + D');
    expect(keysOf('next document')).toBe('Alt + N / Alt + ↓');
    expect(keysOf('label all occurrences in the whole')).toBe('Alt + Shift + O');
    expect(keysOf('remove the selected span')).toBe('Delete / Backspace');
    expect(keysOf('in the text: move the caret a character')).toBe('← / →');
    expect(footerHints('documents', 'alt')).toContainEqual({ key: 'Alt+D', hint: 'done' });
    expect(footerHints('documents', 'alt')).toContainEqual({ key: 'Ctrl+Z', hint: 'undo' });
    // Keys alone, as by default, are written alone.
    expect(keySheet('documents').find((row) => row.does.startsWith('mark the document done'))?.keys).toBe('D');
  });

  it('says what Esc does on each page: no selection to clear where a page has none', () => {
    const esc = (page: Parameters<typeof keySheet>[0]) => keySheet(page).find((row) => row.keys === 'Esc')?.does;
    expect(esc('documents')).toBe('clear the selection; close this sheet');
    expect(esc('review')).toBe('clear the selection; close this sheet');
    for (const page of ['overview', 'guidelines', 'settings'] as const) expect(esc(page)).toBe('close this sheet');
  });
});

describe('keys while typing', () => {
  it('leaves every key to a text field, a text area or a select, in either mode', () => {
    const fields = ['<input type="text">', '<input>', '<textarea></textarea>', '<select><option>a</option></select>'];
    for (const html of fields) {
      const host = document.createElement('div');
      host.innerHTML = html;
      expect(isTypingTarget(host.firstElementChild)).toBe(true);
    }
    const button = document.createElement('button');
    expect(isTypingTarget(button)).toBe(false);
  });
});

describe('the stored choice', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
  };

  it('is keys alone until Alt is chosen, and the choice is read back by the next page', () => {
    const storage = memory();
    const setting = new CharacterKeySetting(storage);
    expect(setting.mode).toBe('plain');
    setting.choose('alt');
    expect(setting.mode).toBe('alt');
    expect(new CharacterKeySetting(storage).mode).toBe('alt');
    setting.choose('plain');
    expect(new CharacterKeySetting(storage).mode).toBe('plain');
  });

  it('is keys alone when storage refuses to be read', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(new CharacterKeySetting(refusing).mode).toBe('plain');
    expect(new CharacterKeySetting(undefined).mode).toBe('plain');
  });
});
