/**
 * Where each text was being read: the UTF-16 offset at the middle of its pane, by document id, kept in
 * localStorage for the last {@link KEPT} documents, so a reload, a switch back or the next start opens a long
 * text there again (helper-200: a 300 KB document opened at its top each time). Storage refused: nothing kept.
 */
const STORAGE_KEY = 'spanwright.readingPlaces';
const KEPT = 50;

/** The places, oldest first (an array: an object would put ids that look like numbers first). */
function places(): [string, number][] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry): entry is [string, number] =>
        Array.isArray(entry) && typeof entry[0] === 'string' && Number.isSafeInteger(entry[1]) && entry[1] > 0,
    );
  } catch {
    return [];
  }
}

/** Where text `id` was read (an offset), or null: from its top. */
export function readingPlace(id: string): number | null {
  return places().find(([kept]) => kept === id)?.[1] ?? null;
}

/** Keeps `offset` as where text `id` is read (0: its top, which is not kept). */
export function keepReadingPlace(id: string, offset: number): void {
  const kept = places().filter(([other]) => other !== id);
  if (offset > 0) kept.push([id, offset]);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(kept.slice(-KEPT)));
  } catch {
    // Full or refused: the place is only not kept.
  }
}
