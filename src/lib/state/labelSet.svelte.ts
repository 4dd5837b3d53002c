import { counted } from '../model/counted';
import { labelCaseProblem, twinMarks } from '../model/labels';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Label } from '../model/types';
import type { DeletedLabel, MergedLabel, UnmergedLabel } from '../storage/labelRestore';
import type { Store } from '../storage/store';
import { describeWriteError } from '../storage/writeErrors';
import { reservedKey } from './keymap';
import { noteUndoneMerge } from './undoneMerges';

/**
 * Editing the label set (the Settings page): add, rename (on every span of every layer), recolour,
 * re-key, describe, reorder and delete. Each change answers with a sentence for the user, or null.
 * The label list itself is the corpus's (`Corpus.labels`), live from storage.
 */
export class LabelSet {
  readonly #store: Store;
  readonly #labels: () => readonly Label[];
  readonly #now: () => number;
  /** What the last key change took from another label, or null (until another change of the set). */
  #moved = $state<string | null>(null);
  /** The last deletion or merge, to undo, and what it said. */
  #undoable = $state.raw<Undoable | null>(null);

  constructor(store: Store, labels: () => readonly Label[], now: () => number) {
    this.#store = store;
    this.#labels = labels;
    this.#now = now;
  }

  /** Counts the changes of the set asked for here: a key change's note is said only if none came after it. */
  #turn = 0;

  /** Drops the note of the last key change, and any still on its way. */
  #quiet(): void {
    this.#moved = null;
    this.#turn += 1;
  }

  /** A note on the last key change that left another label without a key, or null. */
  get moved(): string | null {
    return this.#moved;
  }

  /**
   * Adds a label at the end of the set (a colour no label has, the first free number key). A name that
   * differs from a label's only by case is refused, naming that label.
   */
  async add(name: string): Promise<string | null> {
    this.#quiet();
    const trimmed = name.trim();
    return labelCaseProblem(trimmed, this.#labels()) ?? this.#store.addLabel(trimmed);
  }

  /** Renames `label` to `to`, refusing a name that differs only by case from another label's. */
  async rename(label: string, to: string): Promise<string | null> {
    this.#quiet();
    // The undo of a merge follows the two names: renamed since, it would put nothing back.
    const last = this.#undoable;
    if (
      last &&
      'merged' in last &&
      [last.merged.into, last.merged.label.name].some((name) => name === label || name === to.trim())
    )
      this.#undoable = null;
    return labelCaseProblem(to, this.#labels(), label) ?? this.#store.renameLabel(label, to, this.#now());
  }

  /** Whether renaming `label` to `to` would name another label of the set: a merge, asked first. */
  mergesInto(label: string, to: string): boolean {
    const name = to.trim();
    return name !== label && this.#labels().some((other) => other.name === name);
  }

  /**
   * The question asked before merging `from` into `into` (a rename onto a name the set holds); with
   * team sync on (`team`) the merge reaches every member and cannot be undone.
   */
  async mergeQuestion(from: string, into: string, team = false): Promise<string> {
    this.#quiet();
    const what = spansAndSuggestions(
      await this.#store.countWithLabel(from),
      await this.#store.countWithLabel(from, 'suggestions'),
    );
    const moved =
      what === ''
        ? ''
        : ` Its ${what} will carry “${into}”, but for any at a place where its layer has “${into}” already: that one goes, its note and example mark kept on the “${into}” span.`;
    const leaves = team
      ? ` “${from}” leaves the set for the whole team; this cannot be undone.`
      : ` “${from}” leaves the set.`;
    return `“${into}” is a label already. Merge “${from}” into it?${moved}${leaves}`;
  }

  /**
   * Merges `from` into `into` with every span; resolves with what it did, or what it was refused for.
   * Unless `undoable` is false (with team sync on the merge reaches every member), `undoable` then
   * says so until `undo` or the next deletion or merge.
   */
  async merge(
    from: string,
    into: string,
    undoable = true,
  ): Promise<{ said: string; undoable: boolean } | { problem: string }> {
    this.#quiet();
    const done = await this.#store.mergeLabel(from, into, this.#now());
    if (typeof done === 'string') return { problem: done };
    const carry = done.moved === 1 ? 'carries' : 'carry';
    const moved = done.moved > 0 ? `: ${counted(done.moved, 'span')} now ${carry} “${into}”` : '';
    const carried = done.carried > 0 ? ` (${twinMarks(done.carried, done.dropped, into)})` : '';
    const dropped =
      done.dropped > 0 ? `; ${counted(done.dropped, 'span')} at a place “${into}” held already went${carried}` : '';
    const said = `Merged “${from}” into “${into}”${moved}${dropped}.`;
    this.#undoable = done.merged && undoable ? { merged: done.merged, said, at: Date.now() } : null;
    return { said, undoable: this.#undoable !== null };
  }

  async recolour(label: string, colour: string): Promise<string | null> {
    await this.#store.updateLabel(label, { colour });
    return null;
  }

  /** Stores `label`'s description; a write that fails says so (Settings keeps the text typed for the next start). */
  async describe(label: string, description: string): Promise<string | null> {
    try {
      await this.#store.updateLabel(label, { description });
      return null;
    } catch (error) {
      return `the description was not stored (${describeWriteError(error)}): the text typed is kept in this browser and stored at the next start`;
    }
  }

  /**
   * Gives `label` the hotkey `key` ('' for none). A key an action holds is refused, naming the
   * action; a key another label holds moves to this one, that label taking this one's old key, and
   * `moved` says so.
   */
  async rekey(label: string, key: string): Promise<string | null> {
    this.#quiet();
    const hotkey = key.trim().toLowerCase();
    if (hotkey === '' && key !== '') return 'space cannot be a label’s key: type a letter or a digit';
    if (hotkey.length > 1) return 'a hotkey is a single key';
    const reserved = hotkey === '' ? null : reservedKey(hotkey);
    if (reserved) return `“${hotkey}” is reserved for “${reserved.does}”: choose another key`;
    const turn = this.#turn;
    // Whose the key was, as stored when it moved: the list heard here may lag a write of a moment before.
    const [holder] = await this.#store.updateLabel(label, { hotkey });
    // A later change in Settings (another key, a refusal) says its own: this one's news is stale by then.
    if (turn === this.#turn) this.#moved = holder ? movedNote(hotkey, label, holder) : null;
    return null;
  }

  /** Resolves with the label's place after the move. */
  move(label: string, direction: -1 | 1): Promise<number> {
    return this.#store.moveLabel(label, direction);
  }

  /**
   * The question asked before deleting `label`: how many spans go with it, and, with team sync on
   * (`team`), whose (`me`: this member), as the removal reaches every member's layer.
   */
  async deleteQuestion(label: string, team: boolean, me: string): Promise<string> {
    this.#quiet();
    const counts = await this.#store.countSpansByAnnotator(label);
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const suggested = await this.#store.countWithLabel(label, 'suggestions');
    const withSuggestions =
      suggested === 0 ? '' : `${total === 0 ? ' and its' : ','} ${counted(suggested, 'suggestion')}`;
    // With team sync on, a member offline may hold spans with it that this copy has not seen (helper-198).
    if (total === 0 && team)
      return `Delete “${label}”${withSuggestions} from the whole team? No span with it has reached this copy; spans with it that members have not sent yet go too, and this cannot be undone.`;
    if (total === 0) return `Delete “${label}”${withSuggestions}?`;
    const spans = `its ${counted(total, 'span')}${withSuggestions}`;
    if (!team) return `Delete “${label}” and ${spans}?`;
    const whose = [...counts]
      .sort(([left], [right]) => (left === me ? -1 : right === me ? 1 : left.localeCompare(right)))
      .map(([annotator, count]) => `${count} ${owner(annotator, me)}`);
    // Counted from what reached this copy: a member working offline loses theirs too once they reconnect.
    return `Delete “${label}” and ${spans} (${whose.join(', ')}) from the whole team? Spans with it that members have not sent yet go too, and this cannot be undone.`;
  }

  /**
   * Deletes `label` and every span that carries it. Unless `undoable` is false (with team sync on
   * the removal reaches every member), `undoable` then says so until `undo` or the next deletion or merge.
   */
  async delete(label: string, undoable = true): Promise<void> {
    this.#quiet();
    const receipt = await this.#store.deleteLabel(label, this.#now());
    const what = spansAndSuggestions(receipt?.spans.length ?? 0, receipt?.suggestions.length ?? 0);
    const said = `Deleted “${label}”${what === '' ? '' : ` and its ${what}`}.`;
    this.#undoable = receipt && undoable ? { deleted: receipt, said } : null;
  }

  /** Takes away the undo of the last deletion or merge (team sync was turned on: it has reached the team). */
  forget(): void {
    this.#undoable = null;
  }

  /** The label the last deletion or merge removed, while it can be undone, or null. */
  get undoableName(): string | null {
    return this.#undoable === null ? null : labelOf(this.#undoable).name;
  }

  /** What the last deletion or merge did, while it can be undone, or null. */
  get undoable(): { said: string; merge: boolean } | null {
    const last = this.#undoable;
    return last === null ? null : { said: last.said, merge: 'merged' in last };
  }

  /**
   * Takes the last deletion or merge back: the label returns with its spans; resolves with what it
   * put back (and did not).
   */
  async undo(): Promise<string | null> {
    const last = this.#undoable;
    if (!last) return null;
    this.#undoable = null;
    this.#quiet();
    const now = this.#now();
    const back: UnmergedLabel =
      'merged' in last
        ? await this.#store.undoLabelMerge(last.merged, now)
        : { ...(await this.#store.restoreDeletedLabel(last.deleted, now)), changed: 0 };
    if ('merged' in last) noteUndoneMerge(this.#store, last.merged, last.at);
    const name = labelOf(last).name;
    const what = spansAndSuggestions(back.spans, back.suggestions);
    const again = back.spans + back.suggestions === 1 ? 'carries' : 'carry';
    const carry = what === '' ? '' : 'merged' in last ? `: ${what} ${again} it again` : ` and ${what}`;
    const parts = [`Put back “${name}”${carry}`];
    if (!back.label) parts.push(`the label “${name}” added since keeps its colour and key`);
    // A label added since may have taken the freed colour: two labels would look alike in the text, unsaid.
    const colour = labelOf(last).colour.toUpperCase();
    const twin = this.#labels().find((other) => other.name !== name && other.colour.toUpperCase() === colour);
    if (back.label && twin) parts.push(`“${twin.name}” has its colour too: give one another in the Colour column`);
    if (back.changed > 0) parts.push(`${counted(back.changed, 'span')} not: changed or deleted since the merge`);
    if (back.gone > 0) parts.push(`${counted(back.gone, 'span')} not: their documents were deleted since`);
    if (back.twins > 0) parts.push(`${counted(back.twins, 'span')} not: labelled again since`);
    return `${parts.join('; ')}.`;
  }
}

// `at`: when the merge was made, by the clock of the undo steps' `at` (undoneMerges.ts).
type Undoable = { deleted: DeletedLabel; said: string } | { merged: MergedLabel; said: string; at: number };

/** The label a deletion or merge took from the set. */
const labelOf = (last: Undoable) => ('merged' in last ? last.merged.label : last.deleted.label);

/** "2 spans and 1 suggestion", leaving out a count of none ('' for none of either). */
function spansAndSuggestions(spans: number, suggestions: number): string {
  const parts = [spans > 0 ? counted(spans, 'span') : '', suggestions > 0 ? counted(suggestions, 'suggestion') : ''];
  return parts.filter((part) => part !== '').join(' and ');
}

/** Whose spans a count is, as the delete question says it. */
function owner(annotator: string, me: string): string {
  if (annotator === me) return 'yours';
  if (annotator === GOLD_ANNOTATOR) return 'in gold';
  if (annotator === REJECTED_ANNOTATOR) return 'rejected';
  return `${annotator}’s`;
}

/** What Settings says of a key taken from another label, which took the old key in exchange (or none). */
function movedNote(key: string, label: string, holder: { name: string; hotkey: string }): string {
  const rest =
    holder.hotkey === ''
      ? `${holder.name} has no key until you give it one`
      : `${holder.name} takes its old key, “${holder.hotkey}”`;
  return `“${key}” now labels ${label}; ${rest}.`;
}
