/**
 * The reviewer's edits of gold's spans themselves: from the gold list, take one out or give it
 * another label; from the text, put the selected span in place of the focused difference (E). Each
 * is a decision like the others (one transaction, undoable, said in the status line), written
 * through the Review's queue.
 */
import type { Difference } from '../model/adjudication';
import { andList } from '../model/counted';
import { CodePointIndex } from '../model/offsets';
import { samePlace } from '../model/spanIdentity';
import type { Document, Span, SpanOrigin } from '../model/types';
import type { GoldDecision } from '../storage/store';
import type { KeyName } from './keyNames';
import { decide, edit, editAside, labelForEdit, removal, withNoteOn, type DecisionContext } from './reviewDecisions';
import { editNews } from './reviewNews';

/** Snaps a selection [start16, end16) of `text` to whole characters and words, as labelling does (null: nothing left). */
export type Snap = (text: string, start16: number, end16: number) => { start: number; end: number } | null;

/** The note for the next decision, taken from its field; `giveBack(saved)` returns it there if nothing was stored. */
export interface TakenNote {
  text: string;
  giveBack(saved: boolean): void;
}

/**
 * Takes the note for the next decision from `holder.note` (or `given`), emptying the field; given
 * back when the decision was not stored (the write failed, or the page is locked), unless another is typed.
 */
export function takeNote(holder: { note: string }, given?: string): TakenNote {
  const text = (given ?? holder.note).trim();
  holder.note = '';
  return { text, giveBack: (saved) => void (!saved && holder.note === '' && (holder.note = text)) };
}

/** What the edits need of the Review. */
export interface GoldEditContext {
  current(): Document | null;
  decisionContext(document: Document): DecisionContext;
  /** The text at `place`, in quotation marks (‘…’ around a text with “ or ”). */
  quote(place: { start: number; end: number }): string;
  /** Writes `decision`; from the difference at `position`, the focus moves on to the next undecided. */
  apply(
    document: Document,
    decision: GoldDecision,
    description: string,
    news: string,
    position?: number,
  ): Promise<boolean>;
  /** Takes the reviewer's note for the next decision (E's edit carries it). */
  takeNote(): TakenNote;
  notice(text: string): void;
  /** The focused difference and its position. */
  focused(): { difference: Difference; position: number } | null;
  /** The text view's selection (UTF-16), and clearing it. */
  selection(): { start: number; end: number } | null;
  clearSelection(): void;
  keyName: KeyName;
  /** True, and says why, when no decision may be written here (an annotator with team sync on). */
  locked(): boolean;
  /** The current document's differences still to decide (null while the layers are read): G adds beside none. */
  open(): readonly Difference[] | null;
  /** The compared pair, A and B. */
  pair(): { a: string; b: string };
}

export class GoldEdits {
  readonly #context: GoldEditContext;
  /** The label a span added from the text (G) takes: the one chosen beside Add to gold (the set's first at first). */
  chosenLabel = '';

  constructor(context: GoldEditContext) {
    this.#context = context;
  }

  /** Takes `span` out of the current document's gold (as rejected: see `removal`). */
  remove(span: Span): Promise<void> {
    const document = this.#context.current();
    if (!document) return Promise.resolve();
    const what = `${this.#context.quote(span)} ${span.label}`;
    const decision = removal(span, this.#context.decisionContext(document));
    return this.#context
      .apply(document, decision, `remove ${what} from gold`, `Removed ${what} from gold`)
      .then(() => undefined);
  }

  /**
   * Gives gold's `span` the label `label`: the reviewer's edit (its origin says edited, its note
   * stays). Nothing when gold holds that text with that label already (it says so).
   */
  relabel(span: Span, label: string): Promise<void> {
    const document = this.#context.current();
    if (!document || label === span.label) return Promise.resolve();
    const context = this.#context.decisionContext(document);
    const quote = this.#context.quote(span);
    const place = { start: span.start, end: span.end, label };
    if (context.gold.some((other) => samePlace(other, place))) {
      this.#context.notice(`Not changed: gold holds ${quote} as ${label} already.`);
      return Promise.resolve();
    }
    const origin: SpanOrigin = {
      ...(span.origin ?? { annotators: [] }),
      kind: 'edited',
      by: context.reviewer,
      at: context.now,
    };
    const decision: GoldDecision = { document, keep: [{ place, origin }], drop: [span], reject: [], unreject: [] };
    const what = `${quote} ${span.label} → ${label}`;
    return this.#context
      .apply(document, decision, `relabel ${what} in gold`, `Relabelled in gold: ${what}`)
      .then(() => undefined);
  }

  /**
   * Keeps gold's `span`, which the annotators it came from (`without`, all of them by default) have removed,
   * relabelled or resized since: a decision of its own, with no annotator holding it now (its origin's
   * annotators emptied, its kind and note kept; not an edit, which would settle the differences it overlaps),
   * so it is no longer marked gone. An agreement some of them still hold becomes the version of those: an
   * agreement still when A and B both hold it, else A's when A does, else B's, else the others'.
   */
  keepGone(span: Span, without: readonly string[] = span.origin?.annotators ?? []): Promise<void> {
    const document = this.#context.current();
    if (!document) return Promise.resolve();
    const context = this.#context.decisionContext(document);
    const before = span.origin ?? { kind: 'edited' as const, annotators: [] };
    const holding = before.annotators.filter((name) => !without.includes(name));
    const { a, b } = this.#context.pair();
    const [byA, byB] = [holding.includes(a), holding.includes(b)];
    // Still A's and B's both: an agreement still, which goes the moment either takes it out.
    const kind = holding.length === 0 ? before.kind : byA && byB ? 'agreed' : byA ? 'a' : byB ? 'b' : 'others';
    const origin: SpanOrigin = { ...before, kind, annotators: holding, by: context.reviewer, at: context.now };
    const place = { start: span.start, end: span.end, label: span.label };
    const decision: GoldDecision = { document, keep: [{ place, origin }], drop: [], reject: [], unreject: [] };
    const what = `${this.#context.quote(span)} ${span.label}`;
    const who =
      holding.length === 0
        ? 'no annotator holds'
        : `only ${andList(holding)} ${holding.length === 1 ? 'holds' : 'hold'}`;
    return this.#context
      .apply(document, decision, `keep ${what} in gold`, `Kept ${what} in gold, which ${who} now`)
      .then(() => undefined);
  }

  /**
   * Replaces the focused difference in gold by the span the reviewer selected in the text (snapped
   * as in labelling), labelled as its first version; says what to do when nothing is selected.
   */
  editFocused(snap: Snap): Promise<void> {
    const context = this.#context;
    const document = context.current();
    const focused = context.focused();
    const range = context.selection();
    if (!document || !focused || context.locked()) return Promise.resolve();
    const snapped = range ? snap(document.text, range.start, range.end) : null;
    if (!snapped)
      return Promise.resolve(
        context.notice(`Select the text gold should hold here, then press ${context.keyName('E')}.`),
      );
    const index = new CodePointIndex(document.text);
    const [start, end] = [index.toCodePoint(snapped.start), index.toCodePoint(snapped.end)];
    const label = labelForEdit(focused.difference, { start, end });
    if (label === null)
      return Promise.resolve(context.notice(editAside(context.quote(focused.difference), context.keyName)));
    const place = { start, end, label };
    context.clearSelection();
    // Exactly a version's span and label: decided as its key decides it, who marked it and what it passed over kept
    // (helper-209: it was "edited", with no one behind it). The others' version is A's key's on their row.
    const { a, b } = focused.difference;
    const keep = a && samePlace(a.span, place) ? 'a' : b && samePlace(b.span, place) ? 'b' : null;
    const same = keep ?? (focused.difference.others && samePlace(focused.difference.others.span, place) ? 'a' : null);
    const decided = context.decisionContext(document);
    const decision = same ? decide(focused.difference, same, decided) : edit(focused.difference, place, decided);
    // The note for the next decision goes on the span the edit puts in gold, as a decision's goes on the version kept.
    const note = context.takeNote();
    const noted = note.text ? withNoteOn(decision, note.text, [place]) : decision;
    const what = `edit gold to ${context.quote(place)}`;
    return context.apply(document, noted, what, editNews(place, context.quote), focused.position).then(note.giveBack);
  }

  /**
   * G: puts the span selected in the text (snapped as in labelling) into gold with {@link chosenLabel}, a
   * span no annotator marked (INCEpTION's curators annotate freely). Refused over a difference still to decide
   * (E decides it), or where gold holds that span already.
   */
  add(snap: Snap): Promise<void> {
    const context = this.#context;
    const document = context.current();
    const range = context.selection();
    const label = this.chosenLabel || null;
    if (!document || context.locked()) return Promise.resolve();
    const snapped = range ? snap(document.text, range.start, range.end) : null;
    if (!snapped || label === null)
      return Promise.resolve(
        context.notice(`Select the text to add to gold, then press ${context.keyName('G')} (or Add to gold).`),
      );
    const index = new CodePointIndex(document.text);
    const place = { start: index.toCodePoint(snapped.start), end: index.toCodePoint(snapped.end), label };
    const quoted = context.quote(place);
    const differences = context.open();
    if (differences === null)
      return Promise.resolve(context.notice('The layers are still being read: add it once they are shown.'));
    const open = differences.find((difference) => difference.start < place.end && difference.end > place.start);
    if (open)
      return Promise.resolve(
        context.notice(
          `Not added: ${quoted} overlaps a difference still to decide (${context.quote(open)}). Decide it, or focus it and press ${context.keyName('E')} to put this text in gold in its place.`,
        ),
      );
    const decisionContext = context.decisionContext(document);
    if (decisionContext.gold.some((span) => samePlace(span, place)))
      return Promise.resolve(context.notice(`Not added: gold holds ${quoted} as ${label} already.`));
    context.clearSelection();
    const note = context.takeNote();
    // The reviewer's own span (no annotator's), taken off the rejected layer if it was there. Not `edited`: an edit
    // decides the differences it overlaps (and the next decision there replaces it), where this one decides none.
    const origin: SpanOrigin = {
      kind: 'added',
      annotators: [],
      by: decisionContext.reviewer,
      at: decisionContext.now,
    };
    const decision: GoldDecision = { document, keep: [{ place, origin }], drop: [], reject: [], unreject: [place] };
    const noted = note.text ? withNoteOn(decision, note.text, [place]) : decision;
    return context
      .apply(document, noted, `add ${quoted} ${label} to gold`, `Added ${quoted} ${label} to gold`)
      .then(note.giveBack);
  }
}
