/**
 * The colour theme: the system's (light or dark as the device says) unless the user fixes one in Settings.
 * It is a preference of this device, not of the corpus, so it lives in localStorage and is applied before the
 * first paint (no flash of the wrong theme); the stylesheet reads it from `html[data-theme]`.
 */
export type Theme = 'system' | 'light' | 'dark';

export const THEMES: readonly { id: Theme; name: string }[] = [
  { id: 'system', name: 'As the system' },
  { id: 'light', name: 'Light' },
  { id: 'dark', name: 'Dark' },
];

const KEY = 'spanwright.theme';

/** The stored theme; 'system' when none is stored, the value is unknown, or storage is unavailable. */
export function readTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme {
  try {
    const stored = storage?.getItem(KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Shows `theme` on `root` (the html element) and remembers it in `storage` when it can. */
export function applyTheme(theme: Theme, root: HTMLElement, storage?: Pick<Storage, 'setItem' | 'removeItem'>): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme === 'system') storage?.removeItem(KEY);
    else storage?.setItem(KEY, theme);
  } catch {
    // Private modes may refuse storage: the theme still applies to this page.
  }
}
