import { samePlace, spanKey } from '../model/spanIdentity';
import { snapSelection } from '../model/spans';
import type { Document, Span, Status } from '../model/types';
import { deleteStep, labelStep, relabelCommand } from './labelsNow';
import { keySelection, onSelectedSpan } from './selectionOnSpan';
import { CaretAfterLabel } from './caretAfterLabel';
import { stepFeedback } from './feedbackSteps';
import { GONE, NOTHING, refusalNote, stepNote, stepOutcome } from './stepReasons';
import { statusSteps, type WriteStatus } from './statusSteps';
import type { Store } from '../storage/store';
import { History } from './history.svelte';
import { quoteText, truncate } from './truncate';
import { plainKeyName, type KeyName } from './keyNames';
import { refusesWrites, type LabellingContext } from './labellingContext';
import { createKept, deleteKept } from './labelJournal';
/**
 * The annotator's commands on the open layer: label a selection, relabel or delete the selected
 * span, write a note on it, set the document's status, and undo or redo any of them; and stepping
 * through the spans a reviewer's feedback marked. Every command is written to storage before it
 * shows; what is undone stays undone after a reload.
 */
export class Labelling {
  readonly history = new History();
  #key: KeyName = (key) => (this.#context.keyName ?? plainKeyName)(key);
  #precise = $state(false);
  /** The span whose note field is open, or null. */
  #noteFor = $state<string | null>(null);
  /** The span this session labelled last (what "label all occurrences" proposes when none is selected). */
  #lastLabelled = $state.raw<Span | null>(null);
  /** Spans being written right now, by `start:end:label` and by selection, so a double key press adds one span. */
  #inFlight = new Set<string>();
  readonly #context: LabellingContext;
  /** Where a caret key pressed while a span is written starts from (keyboard.ts). */
  readonly caretAfter = new CaretAfterLabel(() => this.#context.document.viewer);

  constructor(context: LabellingContext) {
    this.#context = context;
  }

  get lastLabelled(): Span | null {
    return this.#lastLabelled;
  }

  /** The span just labelled, for ; and E with none selected: until Esc, or another document (or this one again) opens. */
  #inHand: string | null = null;
  /** The span ; and E act on: the selected one, else the one just labelled (still in the open document's list). */
  get spanInHand(): string | null {
    const { document } = this.#context;
    const id = document.selectedSpanId ?? this.#inHand;
    return id !== null && document.spans.some((span) => span.id === id) ? id : null;
  }
  /** Esc, or a document opened: the span just labelled is no longer the one ; and E act on. */
  dropInHand(): void {
    this.#inHand = null;
  }

  /** Keep selections as made, without snapping to words. */
  get precise(): boolean {
    return this.#precise;
  }
  setPrecise(precise: boolean): void {
    this.#precise = precise;
  }

  /**
   * Applies `label`: to the fresh text selection if there is one (creating a span), else (or when it is the
   * word a double-click selected, the selected span's whole text) to the selected span (relabelling it).
   * `precise` keeps the selection unsnapped for this one span.
   */
  async applyLabel(label: string, precise = this.#precise): Promise<void> {
    const { document, session } = this.#context;
    const current = document.current;
    if (!current) return;
    // While a newly opened text waits for its layer, the view still shows the previous one (or,
    // after a switch of annotator, the previous layer): a selection there is not on this layer.
    if (!document.viewShowsCurrent)
      return session.hint(`“${truncate(current.title)}” is still loading: select the text again in a moment.`);
    // Caret keys pressed on the plain first text make the range: as they left it before this key.
    const { range, doubled } = await keySelection(
      () => document.viewer,
      (range) => snapSelection(current.text, range.start, range.end, precise)?.end,
    );
    // Another document (or annotator's layer) opened meanwhile: the view no longer holds what was selected.
    if (document.current !== current || !document.viewShowsCurrent)
      return session.notify(`Not labelled: the view moved on from “${truncate(current.title)}” first.`);
    if (range && !(doubled && onSelectedSpan(document, current.text, range, precise))) {
      await this.createFromRange(current, label, range.start, range.end, precise);
      return;
    }
    if (range) document.viewer?.clearSelection(); // a double-click's word, on the span it relabels
    if (document.selectedSpanId) await this.relabelSelected(label);
    // A key with nothing to act on says what it needs, rather than nothing at all.
    else
      session.hint(
        `Nothing is selected: drag over the words to label (or press ${this.#key('T')}, then Shift and the arrows), then press ${label}'s key.`,
      );
  }

  /** Creates a span over UTF-16 range [start, end) of the open document. */
  async createFromRange(
    current: Document,
    label: string,
    start: number,
    end: number,
    precise: boolean,
  ): Promise<Span | null> {
    const { document, session, store } = this.#context;
    if (this.#locked()) return null;
    const shown = session.notice; // what the status line said at the key: a note said since (D's) stays
    const snapped = snapSelection(current.text, start, end, precise);
    if (!snapped) {
      session.hint('The selection holds no word to label: select some text first.');
      return null;
    }
    const index = document.index;
    const codeStart = index.toCodePoint(snapped.start);
    const codeEnd = index.toCodePoint(snapped.end);
    const text = current.text.slice(index.toUtf16(codeStart), index.toUtf16(codeEnd));
    const place = { start: codeStart, end: codeEnd, label };
    const key = spanKey(place);
    // The selection itself, while a key's span from it is written: a second key pressed meanwhile adds no second span.
    const taken = `${current.id}:${start}-${end}`;
    if (this.#inFlight.has(taken)) {
      session.notify(
        `That selection is already being labelled. To give its span another label, select the span (${this.#key('[')} or a click), then the label's key.`,
      );
      return null;
    }
    const duplicate = document.spans.find((span) => samePlace(span, place));
    if (duplicate || this.#inFlight.has(key)) {
      if (duplicate) document.selectSpan(duplicate.id);
      this.caretAfter.clearIf(start, end, snapped.end);
      session.notify(`That text is already labelled ${label}.`);
      return null;
    }
    this.#inFlight.add(key).add(taken);
    const made = this.caretAfter.expect(start, end, snapped.end);
    // While it is written, ; and E find no span in hand (never the one labelled before it).
    this.#inHand = null;
    const settled = () => {
      made();
      for (const inFlight of [key, taken]) this.#inFlight.delete(inFlight);
    };
    const annotator = session.annotator;
    // Renamed from now on (Settings, another tab, the team), the span is undone and redone under its new name.
    const at = Date.now();
    let written: Awaited<ReturnType<Store['createSpan']>>;
    try {
      const input = { documentId: current.id, annotator, start: codeStart, end: codeEnd, label, text };
      written = await createKept(this.#context.journal, store, input, session.now());
    } catch (error) {
      settled();
      session.writeFailed(error);
      return null;
    }
    if ('refused' in written) {
      settled();
      if (written.refused === 'twin') document.selectSpan(written.twin.id);
      session.notify(refusalNote(written.refused, label));
      return null;
    }
    const { span } = written;
    // Committed: its highlight is drawn at once, alone, and the rest of the page (the list, the
    // announcement) follows once that frame is painted. Until then the span counts as in flight, so
    // a second press of the key adds nothing. The selection it was made from goes with the highlight's
    // transaction (unless the annotator has already selected the next phrase): left up, ProseMirror
    // writes it back into the redrawn line (Selection.collapse, then extend) before that frame.
    this.caretAfter.clearIf(start, end, snapped.end);
    const drawn = document.drawCreated(span, current.id, annotator, written.previous, written.revision);
    // Undone before it is listed (Ctrl+Z within that frame): it must not be listed after its deletion.
    let undone = false;
    this.history.record(
      labelStep(
        store,
        () => session.now(),
        span,
        at,
        this.#context.journal,
        (yes) => (undone = yes),
      ),
    );
    await drawn;
    settled();
    this.#lastLabelled = span;
    this.#inHand = span.id;
    this.#context.announcer.say(`Labelled ${quoteText(text)} ${label}, characters ${codeStart} to ${codeEnd}.`);
    // Listed now rather than when the watch comes round.
    if (!undone) document.showCreated(span, current.id, annotator);
    document.selectSpan(null);
    // A note about an earlier key press ("already labelled …") no longer applies.
    session.dismissInfo(shown);
    void session.persistOnce();
    return span;
  }

  async relabelSelected(label: string): Promise<void> {
    const { document, session, store } = this.#context;
    const id = document.selectedSpanId;
    if (!id) return;
    const at = Date.now(); // renames from now on are followed by its undo and redo
    const result = await this.#guard(() => store.relabelSpan(id, label, session.now()));
    if (!result) return;
    if (result.before.label === label) return session.notify(`${quoteText(result.before.text)} is ${label} already.`);
    if (result.after === result.before) return session.notify(refusalNote(result.twin ? 'twin' : 'label', label));
    this.history.record(relabelCommand(store, () => session.now(), id, result.before, label, at));
    session.notify(`Relabelled ${quoteText(result.before.text)} ${result.before.label} → ${label}.`);
  }

  /** Deletes the selected span (Delete, Backspace). */
  deleteSelected(): Promise<void> {
    return this.deleteSpan(this.#context.document.selectedSpanId);
  }

  #deleting = new Set<string>(); // spans being deleted: a press again on one (held, or fast) is not a second delete
  #lastDeleted: { id: string; listed: readonly Span[] } | null = null; // deleted last, in the list as it was then

  /**
   * Deletes span `id` (the selected one, or a focused span item's), as an undoable step. `goOn` (the span
   * list's Delete): a press on a span still being deleted deletes the next, where the list's focus goes.
   */
  async deleteSpan(id: string | null, goOn = false): Promise<void> {
    const { document, session, store } = this.#context;
    // The span deleted last counts as being deleted only until the list is read again (it may come back since).
    const last = this.#lastDeleted?.listed === document.spans ? this.#lastDeleted.id : null;
    const deleting = (span: string) => this.#deleting.has(span) || span === last;
    const target = id && goOn && deleting(id) ? document.spanAfter(id, deleting) : id;
    if (!target || deleting(target)) return;
    const at = Date.now(); // renames from now on are followed by its undo and redo
    const place = document.spanViews.find((view) => view.id === target)?.start16;
    this.#deleting.add(target);
    const [span, journal] = [document.spans.find((one) => one.id === target), this.#context.journal];
    const removed = await this.#guard(() => deleteKept(journal, store, span, target, session.now()));
    this.#deleting.delete(target);
    if (!removed) return;
    if (removed.length > 0) this.#lastDeleted = { id: target, listed: document.spans };
    document.deselectRemoved(target, place);
    if (removed.length === 0) return session.notify(`Nothing to delete: ${GONE}.`);
    const step = deleteStep(store, () => session.now(), removed, at, journal);
    this.history.record(step);
    session.notify(`Deleted: ${removed[0].label} ${quoteText(removed[0].text)} (Ctrl+Z brings it back)`);
  }

  /**
   * Sets the open document's status (and moves on, unless `advance` is false). Undo puts the
   * previous status back and reopens the document, as Prodigy's undo returns to the last answer.
   */
  async markCurrent(status: Status, advance = true): Promise<void> {
    const context = this.#context;
    const { session, store } = context;
    // The head while the text is read: the status is the document's, shown with its title already.
    const current = context.document.current ?? context.document.head;
    if (!current) return;
    const id = current.id;
    const annotator = session.annotator;
    const before = context.statusOf(id);
    const at = session.now();
    // `#guard` resolves null when the write failed (and says so).
    if ((await this.#guard(() => store.setStatus(id, annotator, status, at))) === null) return;
    if (before !== status) {
      const write: WriteStatus = (...change) => store.setStatus(id, annotator, ...change);
      this.history.record({
        description: `${status === 'todo' ? 'reopen' : `mark ${status}`} “${truncate(current.title)}”`,
        ...statusSteps(
          write,
          () => session.now(),
          { before, after: status, at },
          () => {
            if (session.annotator === annotator) context.open(id);
          },
        ),
      });
    }
    // Marked so already: said, as nothing changed (helper-207: "Marked done", then Ctrl+Z had nothing to undo).
    const verb = before === status ? `Already ${status === 'todo' ? 'to do' : status}:` : `Marked ${status}:`;
    const marked = `${status === 'todo' && before !== status ? 'Reopened' : verb} “${truncate(current.title)}”.`;
    session.notify(marked + (advance ? context.advance(status) : ''));
  }

  /** The span whose note is being written (its note field is open), or null. */
  get noteFor(): string | null {
    return this.#noteFor;
  }

  /** Opens the note field of span `id` (the note key: the selected span, else the one just labelled). */
  editNote(id: string | null = this.spanInHand): void {
    if (id === null) {
      this.#context.session.notify(
        `Select a span first (click it, or press ${this.#key(']')} ), or label one, then press ${this.#key(';')} to write its note.`,
      );
      return;
    }
    // The field is the selected span's: the span just labelled is selected to take its note.
    if (this.#context.document.selectedSpanId !== id) this.#context.document.selectSpan(id);
    this.#noteFor = id;
  }

  /** Closes the note field without saving. */
  closeNote(): void {
    this.#noteFor = null;
  }

  /** Sets span `id`'s note (empty: removes it), as an undoable step, and closes the field; with `from`, only while the note is `from`. */
  async setNote(id: string, note: string, from?: string): Promise<void> {
    const { session, store } = this.#context;
    this.#noteFor = null;
    const result = await this.#guard(() => store.setSpanNote(id, note, session.now(), from));
    if (!result || result.after === result.before) return;
    const { before, after } = result;
    this.history.record({
      description: after.note ? `note on ${quoteText(after.text)}` : `remove the note on ${quoteText(before.text)}`,
      documentId: after.documentId,
      // Only the note goes back and forth, and only while it is the one this step left (a newer note stays).
      undo: async () =>
        stepOutcome(await store.setSpanNote(before.id, before.note ?? '', session.now(), after.note ?? ''), true),
      redo: async () =>
        stepOutcome(await store.setSpanNote(after.id, after.note ?? '', session.now(), before.note ?? ''), true),
    });
    session.notify(
      after.note ? `Note saved on ${quoteText(after.text)}.` : `Note removed from ${quoteText(before.text)}.`,
    );
  }

  /** Marks span `id` (the selected span by default) as an example of its label, or unmarks it, as an undoable step. */
  async toggleExample(id: string | null = this.spanInHand): Promise<void> {
    const { document, session, store } = this.#context;
    const span = document.spans.find((candidate) => candidate.id === id);
    if (!span)
      return session.notify(
        `Select a span first (click it, or press ${this.#key(']')} ), or label one, then press ${this.#key('E')} to mark it as an example.`,
      );
    const result = await this.#guard(() => store.setSpanExample(span.id, !span.example, session.now()));
    if (!result) return;
    const { before, after } = result;
    const what = `${quoteText(after.text)} as an example of ${after.label}`;
    this.history.record({
      description: after.example ? `mark ${what}` : `unmark ${what}`,
      documentId: after.documentId,
      undo: async () => void (await store.setSpanExample(before.id, Boolean(before.example), session.now())),
      redo: async () => void (await store.setSpanExample(after.id, Boolean(after.example), session.now())),
    });
    session.notify(after.example ? `Marked ${what}: the guidelines quote it.` : `Unmarked ${what}.`);
  }

  /** Selects the next (+1) or previous (-1) span a reviewer's feedback marked ({@link stepFeedback}). */
  stepFeedback(direction: 1 | -1): Promise<void> {
    return stepFeedback(this.#context, direction);
  }

  undo(): Promise<void> {
    this.#lastDeleted = null;
    return this.history.inTurn(() => this.#step('undo'));
  }

  redo(): Promise<void> {
    return this.history.inTurn(() => this.#step('redo'));
  }

  /**
   * Undoes or redoes the last step (a press waits its turn behind one still being written). A step in
   * another document opens that document first, so the change is seen where it happens.
   */
  async #step(direction: 'undo' | 'redo'): Promise<void> {
    const { document, session } = this.#context;
    const next = this.history.peek(direction);
    if (!next) return session.notify(this.history.cleared(direction) ?? NOTHING[direction]);
    const target = next.documentId;
    const elsewhere = target !== undefined && target !== document.id;
    if (elsewhere) this.#context.open(target);
    const step = await this.#guard(() => (direction === 'undo' ? this.history.undo() : this.history.redo()));
    if (!step) return;
    const where = elsewhere && document.current ? ` in “${truncate(document.current.title)}”` : '';
    session.notify(stepNote(direction, step, where));
  }

  /** Says why, and answers true, when the open layer takes no writes now (team sync: another member's). */
  #locked = (): boolean => refusesWrites(this.#context.locked, this.#context.session);

  async #guard<T>(write: () => Promise<T>): Promise<T | null> {
    if (this.#locked()) return null;
    try {
      return await write();
    } catch (error) {
      this.#context.session.writeFailed(error);
      return null;
    }
  }
}
