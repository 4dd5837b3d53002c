/**
 * Where each text was being read: the UTF-16 offset at the middle of its pane, by document id, kept in
 * localStorage for the last {@link KEPT} documents, so a reload, a switch back or the next start opens a long
 * text there again (helper-200: a 300 KB document opened at its top each time). Storage refused: nothing kept.
 */
import { localStore, readJsonArray, writeJsonArray } from '../storage/localStore';

const STORAGE_KEY = 'spanwright.readingPlaces';
const KEPT = 50;

/** A kept place: an array, oldest first (an object would put ids that look like numbers first). */
const isPlace = (entry: unknown): entry is [string, number] =>
  Array.isArray(entry) && typeof entry[0] === 'string' && Number.isSafeInteger(entry[1]) && entry[1] > 0;

/** Where text `id` was read (an offset), or null: from its top. */
export function readingPlace(id: string): number | null {
  return readJsonArray(localStore(), STORAGE_KEY, isPlace).find(([kept]) => kept === id)?.[1] ?? null;
}

/** Keeps `offset` as where text `id` is read (0: its top, which is not kept). */
export function keepReadingPlace(id: string, offset: number): void {
  const kept = readJsonArray(localStore(), STORAGE_KEY, isPlace).filter(([other]) => other !== id);
  if (offset > 0) kept.push([id, offset]);
  writeJsonArray(localStore(), STORAGE_KEY, kept.slice(-KEPT));
}
