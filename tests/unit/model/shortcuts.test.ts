import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { shortcutFor, type KeyPress } from '../../../src/lib/state/shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe('shortcutFor', () => {
  it('maps hotkeys to labels, Alt+hotkey to precise labels by physical key', () => {
    expect(shortcutFor(press('3'), DEFAULT_LABELS)).toEqual({ kind: 'label', label: 'sanction', precise: false });
    // Alt+1 types "¡" on a Mac keyboard: the physical key decides.
    expect(shortcutFor(press('¡', { altKey: true, code: 'Digit1' }), DEFAULT_LABELS)).toEqual({
      kind: 'label',
      label: 'claim',
      precise: true,
    });
  });

  it('maps undo, redo and navigation', () => {
    expect(shortcutFor(press('z', { ctrlKey: true }), DEFAULT_LABELS)).toEqual({ kind: 'undo' });
    expect(shortcutFor(press('Z', { ctrlKey: true, shiftKey: true }), DEFAULT_LABELS)).toEqual({ kind: 'redo' });
    expect(shortcutFor(press('y', { metaKey: true }), DEFAULT_LABELS)).toEqual({ kind: 'redo' });
    expect(shortcutFor(press('ArrowDown', { altKey: true }), DEFAULT_LABELS)).toEqual({ kind: 'next' });
    expect(shortcutFor(press(']'), DEFAULT_LABELS)).toEqual({ kind: 'nextSpan' });
    expect(shortcutFor(press('Backspace'), DEFAULT_LABELS)).toEqual({ kind: 'delete' });
    expect(shortcutFor(press('x'), DEFAULT_LABELS)).toBeNull();
    expect(shortcutFor(press('c', { ctrlKey: true }), DEFAULT_LABELS)).toBeNull(); // copy stays copy
  });
});
