/**
 * What the keymap looks like to a person: the help sheet of each page and the footer's hints, both
 * read from {@link KEYMAP}, so they can never name a key that does something else.
 */
import { LABEL_HOTKEYS } from '../model/labels';
import type { Label } from '../model/types';
import {
  isCharacterChord,
  KEYMAP,
  PAGES,
  type ActionKind,
  type Binding,
  type CharacterKeys,
  type Chord,
  type Page,
} from './keymap';

/**
 * The help sheet of `page`: each binding's keys and what they do, with the label keys first on the
 * documents page (then each of `labels` by its own key, and those without one in a row of their own).
 * With `mode` `alt` (character keys only with Alt), those keys are written with Alt.
 */
export function keySheet(
  page: Page,
  mode: CharacterKeys = 'plain',
  labels: readonly Pick<Label, 'name' | 'hotkey'>[] = [],
): { keys: string; does: string }[] {
  const alt = mode === 'alt' ? 'Alt + ' : '';
  const labelRows =
    page === 'documents'
      ? [
          // prettier-ignore
          { keys: `${alt}label key (1 – 9…)`, does: 'apply that label to the selection (made with the mouse, or Shift and the caret keys), or relabel the selected span' },
          {
            keys: mode === 'alt' ? 'Alt + Shift + label key' : 'Alt + label key',
            does: 'apply a label keeping exact characters (no snapping to words)',
          },
          ...labelKeyRows(labels, alt),
        ]
      : [];
  return [
    ...labelRows,
    ...(page === 'documents' ? [LIST_ROW] : []),
    ...KEYMAP.filter((binding) => binding.pages.includes(page)).map((binding) => ({
      keys: mode === 'alt' ? keysWithAlt(binding) : binding.keys,
      does: binding.doesOn?.[page] ?? binding.does,
    })),
  ];
}

/** A row for each label's own key (`1`: apply claim), then one naming the labels without a key. */
function labelKeyRows(labels: readonly Pick<Label, 'name' | 'hotkey'>[], alt: string) {
  const keyed = labels.filter((label) => label.hotkey !== '');
  const keyless = labels.filter((label) => label.hotkey === '').map((label) => label.name);
  return [
    // Written as the palette's buttons show it.
    ...keyed.map((label) => ({ keys: `${alt}${label.hotkey}`, does: `apply ${label.name}` })),
    ...(keyless.length > 0
      ? [
          {
            keys: 'no key',
            does:
              keyless.length === 1
                ? `${keyless[0]}: click its button, or give it a key in Settings → Labels`
                : `${keyless.join(', ')}: click their buttons, or give them keys in Settings → Labels`,
          },
        ]
      : []),
  ];
}

/** The keys that move the focus between the rows of the document list (its one Tab stop), as the sheet names them. */
export const LIST_KEYS = { ArrowUp: '↑', ArrowDown: '↓', Home: 'Home', End: 'End', PageUp: 'PgUp', PageDown: 'PgDn' };

const LIST_ROW = {
  keys: Object.values(LIST_KEYS).join(' '),
  does: 'on the document list (Tab reaches it once): move between its documents; Enter opens the one focused',
};

/** A binding's keys as the sheet writes them when character keys need Alt: `N / Alt + ↓` → `Alt + N / Alt + ↓`. */
function keysWithAlt(binding: Binding): string {
  const characters = new Set(binding.chords.filter(isCharacterChord).map((chord) => chord.key.toUpperCase()));
  return binding.keys
    .split(' / ')
    .map((part) => (characters.has(part.replace(/^Shift \+ /u, '')) ? `Alt + ${part}` : part))
    .join(' / ');
}

/** The help sheet of every page, the current page first, then the others in {@link PAGES} order. */
export function keySheets(
  current: Page,
  mode: CharacterKeys = 'plain',
  labels: readonly Pick<Label, 'name' | 'hotkey'>[] = [],
): { page: Page; name: string; rows: { keys: string; does: string }[] }[] {
  const ordered = [...PAGES.filter(({ page }) => page === current), ...PAGES.filter(({ page }) => page !== current)];
  return ordered.map(({ page, name }) => ({ page, name, rows: keySheet(page, mode, labels) }));
}

/** The keys that write gold: a read-only Review (team sync, not a reviewer) refuses them, so its footer leaves them out. */
export const GOLD_WRITES: ReadonlySet<ActionKind> = new Set([
  'keepA',
  'keepB',
  'keepBoth',
  'keepNeither',
  'editGold',
  'acceptAgreements',
  'goldDone',
]);

/**
 * The footer's hints on `page`: each hinted binding's first key and word (with Alt when character
 * keys need it); on a read-only page, none of the keys that write gold.
 */
export function footerHints(
  page: Page,
  mode: CharacterKeys = 'plain',
  readOnly = false,
): { key: string; hint: string }[] {
  return KEYMAP.flatMap((binding) => {
    const hint = binding.pages.includes(page) ? binding.hint?.[page] : undefined;
    if (hint === undefined || (readOnly && GOLD_WRITES.has(binding.action))) return [];
    const chord = binding.chords[0];
    return [{ key: shortKey(mode === 'alt' && isCharacterChord(chord) ? { ...chord, alt: true } : chord), hint }];
  });
}

/**
 * The labels' keys as the footer shows them: a range (`1`–`4`) when they are a run of the key row
 * with none missing, else each key (`1`, `3`, `5`); in key-row order either way.
 */
export function labelKeysHint(keys: readonly string[]): { range: [string, string] } | { list: string[] } {
  const place = (key: string) => {
    const index = (LABEL_HOTKEYS as readonly string[]).indexOf(key);
    return index < 0 ? LABEL_HOTKEYS.length : index;
  };
  const sorted = [...new Set(keys)].sort((a, b) => place(a) - place(b));
  const run = sorted.every(
    (key, index) => place(key) < LABEL_HOTKEYS.length && place(key) === place(sorted[0]) + index,
  );
  return run && sorted.length > 2 ? { range: [sorted[0], sorted[sorted.length - 1]] } : { list: sorted };
}

function shortKey(chord: Chord): string {
  const name =
    chord.key === 'Delete'
      ? 'Del'
      : chord.key === 'Escape'
        ? 'Esc'
        : chord.key.length === 1
          ? chord.key.toUpperCase()
          : chord.key;
  return [chord.ctrl ? 'Ctrl' : '', chord.alt ? 'Alt' : '', name].filter(Boolean).join('+');
}
