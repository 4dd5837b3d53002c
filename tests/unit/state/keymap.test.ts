import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { LABEL_HOTKEYS } from '../../../src/lib/model/labels';
import { actionFor, KEYMAP, PAGES, reservedKey, type KeyPress } from '../../../src/lib/state/keymap';
import { footerHints, keySheet, keySheets } from '../../../src/lib/state/keySheet';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe('the keymap', () => {
  it('reads a character AltGr types (Ctrl+Alt on Windows) as that character pressed alone: [ and ] on a German layout', () => {
    const altGr = { ctrlKey: true, altKey: true };
    expect(actionFor(press('[', { ...altGr, code: 'Digit8' }), 'documents', DEFAULT_LABELS)).toEqual({
      kind: 'previousSpan',
    });
    expect(actionFor(press(']', { ...altGr, code: 'Digit9' }), 'documents', DEFAULT_LABELS)).toEqual({
      kind: 'nextSpan',
    });
    // Ctrl+Alt with a letter or a digit stays a chord: no label, no action.
    expect(actionFor(press('1', { ...altGr, code: 'Digit1' }), 'documents', DEFAULT_LABELS)).toBeNull();
  });

  it('reads a bracket Option types on a Mac (German: Option+5 is [) as that key, with Alt where the keys need it', () => {
    const option = (key: string, code: string) => press(key, { altKey: true, code });
    const labels = [...DEFAULT_LABELS, { ...DEFAULT_LABELS[0], name: 'fifth', hotkey: '5', order: 5 }];
    expect(actionFor(option('[', 'Digit5'), 'documents', labels)).toEqual({ kind: 'previousSpan' });
    expect(actionFor(option(']', 'Digit6'), 'documents', labels)).toEqual({ kind: 'nextSpan' });
    // With single-key shortcuts off, Option+5 is Alt+[: the same step.
    expect(actionFor(option('[', 'Digit5'), 'documents', labels, 'alt')).toEqual({ kind: 'previousSpan' });
    // Option+5 typing "∞" (a US Mac) is Alt+5: the fifth label, exactly.
    expect(actionFor(option('∞', 'Digit5'), 'documents', labels)).toEqual({
      kind: 'label',
      label: 'fifth',
      precise: true,
    });
  });

  it('maps hotkeys to labels, Alt+hotkey to precise labels by physical key', () => {
    expect(actionFor(press('3'), 'documents', DEFAULT_LABELS)).toEqual({
      kind: 'label',
      label: 'sanction',
      precise: false,
    });
    // Alt+1 types "¡" on a Mac keyboard: the physical key decides.
    expect(actionFor(press('¡', { altKey: true, code: 'Digit1' }), 'documents', DEFAULT_LABELS)).toEqual({
      kind: 'label',
      label: 'claim',
      precise: true,
    });
  });

  it('maps undo, redo and navigation', () => {
    const on = (key: string, extra: Partial<KeyPress> = {}) =>
      actionFor(press(key, extra), 'documents', DEFAULT_LABELS);
    expect(on('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(on('Z', { ctrlKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(on('y', { metaKey: true })).toEqual({ kind: 'redo' });
    expect(on('ArrowDown', { altKey: true })).toEqual({ kind: 'nextDocument' });
    expect(on(']')).toEqual({ kind: 'nextSpan' });
    expect(on('Backspace')).toEqual({ kind: 'delete' });
    expect(on('?', { shiftKey: true })).toEqual({ kind: 'help' });
    expect(on('x')).toBeNull();
    expect(on('c', { ctrlKey: true })).toBeNull(); // copy stays copy
  });

  it('has keys of its own on the review page, where label keys do nothing', () => {
    const on = (key: string) => actionFor(press(key), 'review', DEFAULT_LABELS);
    expect(on('j')).toEqual({ kind: 'nextDifference' });
    expect(on('ArrowUp')).toEqual({ kind: 'previousDifference' });
    expect(on('a')).toEqual({ kind: 'keepA' });
    expect(on('x')).toEqual({ kind: 'keepNeither' });
    expect(on('n')).toEqual({ kind: 'nextDocument' });
    expect(on('1')).toBeNull();
    // On the documents page J and K step through suggestions instead.
    expect(actionFor(press('j'), 'documents', DEFAULT_LABELS)).toEqual({ kind: 'nextSuggestion' });
    expect(actionFor(press('x'), 'documents', DEFAULT_LABELS)).toBeNull();
  });

  it('has the suggestion keys on the documents page', () => {
    const on = (key: string, extra: Partial<KeyPress> = {}) =>
      actionFor(press(key, extra), 'documents', DEFAULT_LABELS);
    expect(on('k')).toEqual({ kind: 'previousSuggestion' });
    expect(on('Enter')).toEqual({ kind: 'acceptSuggestion' });
    expect(on('A', { shiftKey: true })).toEqual({ kind: 'acceptAllSuggestions' });
    expect(on('a')).toBeNull();
    expect(on('o')).toEqual({ kind: 'proposeInDocument' });
    expect(on('O', { shiftKey: true })).toEqual({ kind: 'proposeInCorpus' });
    expect(on('c')).toEqual({ kind: 'proposeFromCopy' });
    expect(on('e')).toEqual({ kind: 'example' });
    expect(keySheet('documents').map((row) => row.keys)).toContain('Backspace / Delete');
  });

  it('gives one action per key on each page', () => {
    for (const page of ['documents', 'review', 'settings'] as const) {
      const seen = new Map<string, string>();
      for (const binding of KEYMAP.filter((candidate) => candidate.pages.includes(page))) {
        for (const chord of binding.chords) {
          const id = JSON.stringify([chord.key, !!chord.ctrl, !!chord.shift, !!chord.alt]);
          expect(seen.get(id), `${page}: ${id}`).toBeUndefined();
          seen.set(id, binding.action);
        }
      }
    }
  });

  it('moves the caret with the arrows, Home and End (Shift too), and puts it into the text with T', () => {
    const on = (key: string, extra: Partial<KeyPress> = {}) =>
      actionFor(press(key, extra), 'documents', DEFAULT_LABELS)?.kind;
    expect(on('t')).toBe('focusText');
    expect(on('ArrowRight')).toBe('caretCharacter');
    expect(on('ArrowLeft', { shiftKey: true })).toBe('caretCharacter');
    expect(on('ArrowRight', { ctrlKey: true, shiftKey: true })).toBe('caretWord');
    expect(on('ArrowLeft', { metaKey: true })).toBe('caretWord');
    expect(on('ArrowDown', { shiftKey: true })).toBe('caretLine');
    expect(on('End', { shiftKey: true })).toBe('caretLineEdge');
    expect(on('Home', { ctrlKey: true, shiftKey: true })).toBe('caretTextEdge');
    // Alt + ↑ / ↓ still step through the documents; the review's arrows are its own.
    expect(on('ArrowDown', { altKey: true })).toBe('nextDocument');
    expect(actionFor(press('ArrowDown'), 'review', DEFAULT_LABELS)?.kind).toBe('nextDifference');
    expect(reservedKey('t')?.action).toBe('focusText');
  });

  it('names the action holding a key a label would take, and leaves the label keys free', () => {
    expect(reservedKey(']')?.action).toBe('nextSpan');
    expect(reservedKey('[')?.action).toBe('previousSpan');
    expect(reservedKey('N')?.does).toBe('next document');
    expect(reservedKey('?')?.action).toBe('help');
    for (const key of [...LABEL_HOTKEYS, 'q', 'w', 'r']) expect(reservedKey(key)).toBeNull();
  });

  it('leaves A free for a label: only Shift+A is bound, and it keeps accepting every suggestion', () => {
    expect(reservedKey('a')).toBeNull();
    const withA = [...DEFAULT_LABELS, { ...DEFAULT_LABELS[0], name: 'actor', hotkey: 'a', order: 4 }];
    expect(actionFor(press('a'), 'documents', withA)).toEqual({ kind: 'label', label: 'actor', precise: false });
    expect(actionFor(press('A', { shiftKey: true }), 'documents', withA)).toEqual({ kind: 'acceptAllSuggestions' });
    expect(actionFor(press('å', { altKey: true, code: 'KeyA' }), 'documents', withA)).toEqual({
      kind: 'label',
      label: 'actor',
      precise: true,
    });
  });

  it('names, for each key a label can not take, the action that key performs on its own', () => {
    const keys = new Set(KEYMAP.flatMap((binding) => binding.chords.map((chord) => chord.key)));
    for (const character of "abcdefghijklmnopqrstuvwxyz0123456789;[]/?.,-=\\'`") keys.add(character);
    for (const key of [...keys].filter((candidate) => candidate.length === 1)) {
      const performs = actionFor(press(key), 'documents', [])?.kind ?? null;
      expect(reservedKey(key)?.action ?? null, key).toBe(performs);
    }
  });

  it('writes every binding of a page into its help sheet, and the hinted ones into its footer', () => {
    for (const page of ['documents', 'review', 'settings'] as const) {
      const sheet = keySheet(page).map((row) => row.keys);
      for (const binding of KEYMAP.filter((candidate) => candidate.pages.includes(page)))
        expect(sheet).toContain(binding.keys);
    }
    expect(footerHints('documents').map(({ key, hint }) => `${key} ${hint}`)).toEqual([
      'T caret',
      'Del remove',
      'Ctrl+Z undo',
      'D done',
      '? all keys',
    ]);
    expect(footerHints('review').map((entry) => entry.hint)).toEqual([
      'document',
      'gold done',
      'move',
      'keep A',
      'keep B',
      'both',
      'neither',
      'edit',
      'accept agreements',
      'all keys',
    ]);
  });

  it('names the document list’s own keys on the Documents sheet, and only there', () => {
    const row = keySheet('documents').find((one) => one.does.startsWith('on the document list'));
    expect(row?.keys).toBe('↑ ↓ Home End PgUp PgDn');
    expect(row?.does).toMatch(/move between its documents; Enter opens the one focused$/u);
    for (const page of ['review', 'settings', 'overview'] as const)
      expect(keySheet(page).some((one) => one.does.includes('document list'))).toBe(false);
  });

  it('lists each label with its own key on the Documents sheet, and names the labels without one', () => {
    const labels = [
      { name: 'claim', hotkey: '1' },
      { name: 'person', hotkey: 'q' },
      { name: 'place', hotkey: '' },
      { name: 'date', hotkey: '' },
    ];
    const rows = keySheet('documents', 'plain', labels);
    expect(rows.filter((row) => /^apply (?!that|a label)/u.test(row.does) || row.keys === 'no key')).toEqual([
      { keys: '1', does: 'apply claim' },
      { keys: 'q', does: 'apply person' },
      { keys: 'no key', does: 'place, date: click their buttons, or give them keys in Settings → Labels' },
    ]);
    expect(keySheet('documents', 'alt', labels).find((row) => row.does === 'apply person')?.keys).toBe('Alt + q');
    for (const page of ['review', 'settings', 'overview', 'guidelines'] as const)
      expect(keySheet(page, 'plain', labels).some((row) => /^apply (claim|person)/u.test(row.does))).toBe(false);
  });

  it('leaves the keys that write gold out of a read-only Review footer (they are refused there)', () => {
    expect(footerHints('review', 'plain', true).map((entry) => entry.hint)).toEqual(['document', 'move', 'all keys']);
  });

  it('shows "? all keys" in the footer of every page, as the guide says', () => {
    for (const { page } of PAGES)
      expect(footerHints(page).map(({ key, hint }) => `${key} ${hint}`)).toContain('? all keys');
  });
});

describe('the keyboard sheet of every page', () => {
  it('lists every page, the current one first, each with every key the keymap gives it', () => {
    const sheets = keySheets('overview');
    expect(sheets.map((sheet) => sheet.page)).toEqual(['overview', 'documents', 'review', 'guidelines', 'settings']);
    for (const sheet of sheets) expect(sheet.rows).toEqual(keySheet(sheet.page));
    // Every binding appears on each of its pages.
    for (const binding of KEYMAP)
      for (const page of binding.pages)
        expect(sheets.find((sheet) => sheet.page === page)?.rows.map((row) => row.keys)).toContain(binding.keys);
  });

  it('marks the selected span as an example with E on the documents page only', () => {
    expect(actionFor(press('e'), 'documents', DEFAULT_LABELS)).toEqual({ kind: 'example' });
    expect(actionFor(press('e'), 'overview', DEFAULT_LABELS)).toBeNull();
    expect(reservedKey('e')?.action).toBe('example');
  });
});
