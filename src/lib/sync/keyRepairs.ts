/**
 * The key repairs of the team's labels this copy made (storage/shared.ts, mergeSharedLabels: two labels on one key,
 * the one after in name order takes a free key, and a free colour when they shared one). Every reviewer's copy makes
 * the same repair and shares it, so another copy's can come after an edit made here since (its write raced the edit,
 * or was decided before the edit arrived), and read as the team's change it would revert the edit without a word.
 * A team's value that is the very repair this copy made is such an echo: the edit made here stands, and is shared again.
 */
import type { Label } from '../model/types';
import { labelFieldKey, type LabelField } from './records';

const REPAIRED: readonly LabelField[] = ['hotkey', 'colour'];

export class KeyRepairs {
  /** The value this copy's repair gave, by field key. */
  readonly #made = new Map<string, unknown>();

  /** Notes the team's labels this copy moved off a key (`moved`), as they were in the team's set (`team`). */
  note(moved: readonly Label[], team: ReadonlyMap<string, Label>): void {
    for (const label of moved)
      for (const field of REPAIRED)
        if (team.get(label.name)?.[field] !== label[field])
          this.#made.set(labelFieldKey(label.name, field), label[field]);
  }

  /**
   * Whether the team's `theirs` for `name`'s `field` echoes this copy's own repair, since edited here to `ours`. A
   * team value that is neither the repair nor this copy's own is another member's change: the repair is forgotten
   * then, so a member who later sets the field back to that value (an undo) is not taken for an echo.
   */
  echoes(name: string, field: LabelField, theirs: unknown, ours: unknown): boolean {
    const key = labelFieldKey(name, field);
    if (!this.#made.has(key)) return false;
    const made = this.#made.get(key);
    if (theirs !== made && theirs !== ours) this.#made.delete(key);
    return made === theirs && ours !== theirs;
  }
}
