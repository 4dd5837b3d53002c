import type { TextSpan, TextViewer as Viewer } from '../editor/textViewer';
import { type Difference } from '../model/adjudication';
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Document, type Span } from '../model/types';
import type { GoldDecision } from '../storage/store';
import { describeWriteError } from '../storage/writeErrors';
import { History, type Command, type Recorded } from './history.svelte';
import { ReviewFigures } from './reviewFigures.svelte';
import { reviewTextSpans } from './reviewText';
import { ReviewLayers } from './reviewLayers.svelte';
import * as decisions from './reviewDecisions';
import { DifferenceCache } from './differenceCache';
import * as said from './reviewNews';
import { ReviewFocus } from './reviewFocus.svelte';
import { GoldEdits, takeNote, type Snap } from './goldEdits';
import { GoldDone } from './goldDone.svelte';
import { quoteText } from './truncate';
import { REVIEW_LOCKED, type DecidedFrom, type ReviewContext, type ReviewEntry, type ReviewOrder } from './reviewTypes';
import { storedReviewOrder } from './reviewOrder';
import { goldStep } from './goldSteps';
import { OwnLayerGuard } from './ownLayerGuard.svelte';
export type { Keep, DecisionState } from './reviewDecisions';
export type { PairAgreement } from './reviewFigures.svelte';
export { REVIEW_LOCKED, type ReviewContext, type ReviewEntry, type ReviewOrder } from './reviewTypes';

/**
 * The review: A's and B's layers compared within a set of annotators, agreement over the documents
 * both worked on, one document's differences, and adjudication into gold. The spans A and B agree on
 * go in with a document's first decision or "gold done" (unless turned off); "to decide" counts what
 * is the reviewer's to decide. Every decision is one transaction, undoable; the view is read from storage.
 */
export class Review {
  readonly history = new History();
  readonly #context: ReviewContext;
  readonly #layers: ReviewLayers;
  /** The agreement figures of the set and of the A/B pair. */
  readonly figures: ReviewFigures;
  #viewer: Viewer | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #currentId = $state<string | null>(null);
  #notice = $state<string | null>(null);
  /** What the review refuses: said above the differences and in the status line, where a key's outcome is looked for. */
  #refuse = (text: string): void => void ((this.#notice = text), this.#context.notify?.(text));
  /** True, and says why, when no decision may be written (`ReviewContext.locked`, `OwnLayerGuard`); undoing, the lock only. */
  #locked = (undoing = false): boolean => {
    const why = this.locked ?? (undoing ? null : this.ownLayer.refusal());
    return why !== null && (this.#refuse(why), true);
  };
  readonly ownLayer = new OwnLayerGuard(this); // decideAsOwn: decides so anyway, and the refusal no longer stands
  readonly decideAsOwn = (): void => void (this.ownLayer.agree(), (this.#notice = null));
  /** Why decisions are not written on this page (shown above it), or null. */
  get locked(): string | null {
    return this.#context.locked?.() ? REVIEW_LOCKED : null;
  }
  /** The list's order: as the documents list has them, or most disagreement first. */
  order = $state<ReviewOrder>(storedReviewOrder());
  /** A note the reviewer wrote for the next decision: it goes with it into gold (and the feedback file). */
  note = $state('');
  /** The edits of gold's spans (remove, relabel from the gold list; E, G from the text). */
  readonly goldEdits = new GoldEdits({
    current: () => this.#current,
    decisionContext: (document) => this.#decisionContext(document),
    quote: (place) => this.#said(place),
    apply: (document, decision, description, news, position) =>
      this.#apply(document, decision, description, news, position ?? null),
    takeNote: () => takeNote(this),
    notice: (text) => this.#refuse(text),
    focused: () => (this.focused ? { difference: this.focused, position: this.focusIndex } : null),
    selection: () => this.#viewer?.selection() ?? null,
    clearSelection: () => this.#viewer?.clearSelection(),
    keyName: (key) => this.#context.keyName?.(key) ?? key,
    locked: () => this.#locked(),
    open: () => (this.loaded ? this.#stillToDecide : null),
    pair: () => ({ a: this.annotatorA, b: this.annotatorB }),
  });

  constructor(context: ReviewContext) {
    this.#context = context;
    this.#layers = new ReviewLayers(context.store);
    this.figures = new ReviewFigures(this.#layers, context.documents);
  }

  get annotators(): readonly string[] {
    return this.#layers.annotators;
  }
  get set(): readonly string[] {
    return this.#layers.set;
  }
  /** The compared set on the current document: the set but those of its others who have not worked on it. */
  get setHere(): readonly string[] {
    return this.#current ? this.#layers.setOf(this.#current.id) : this.#layers.set;
  }
  get annotatorA(): string {
    return this.#layers.a;
  }
  get annotatorB(): string {
    return this.#layers.b;
  }
  /** Who decides: the name every decision and feedback file records (the session's annotator). */
  get reviewer(): string {
    return this.#context.reviewer();
  }
  /** Agreements go into gold with the first decision on a document. */
  get autoAgreements(): boolean {
    return this.#layers.autoAgreements;
  }
  /** False while the layers of a new choice are being read (those kept from before stay shown). */
  get loaded(): boolean {
    return this.#layers.loaded;
  }
  get focusIndex(): number {
    return this.#focus.index;
  }
  /** Why the last decision was not saved, or null. */
  get notice(): string | null {
    return this.#notice;
  }

  readonly start = async (): Promise<void> => {
    void this.ownLayer.load(this.#context.store);
    await this.#layers.start((error) => (this.#notice = `Reading storage failed: ${String(error)}`));
  };
  readonly stop = (): void => this.#layers.stop();
  choose(side: 'a' | 'b', annotator: string): Promise<void> {
    this.#focus.reset();
    return this.#layers.choose(side, annotator);
  }

  /** Adds `annotator` to the compared set, or takes them out (A and B always stay in). */
  toggleInSet(annotator: string): Promise<void> {
    this.#focus.reset();
    return this.#layers.toggleInSet(annotator);
  }

  readonly setAutoAgreements = (on: boolean): Promise<void> => this.#layers.setAutoAgreements(on);
  readonly #now = (): number => (this.#context.now ?? Date.now)();

  #spansOf(annotator: string, documentId: string): readonly Span[] {
    return this.#layers.spans(annotator).get(documentId) ?? [];
  }

  readonly #differenceCache = new DifferenceCache();
  #differencesOf(document: Document): Difference[] {
    return this.#differenceCache.of(document, this.#layers, (name) => this.#spansOf(name, document.id));
  }

  #listed = $derived.by<Document[]>(() => this.#layers.listed(this.#context.documents()));
  #toDecide(document: Document, spansOf = (name: string) => this.#spansOf(name, document.id)): number {
    const [gold, rejected] = [GOLD_ANNOTATOR, REJECTED_ANNOTATOR].map(spansOf);
    return decisions.toDecide(this.#differencesOf(document), gold, rejected, this.#layers.autoAgreements).length;
  }

  readonly entries: readonly ReviewEntry[] = $derived.by<ReviewEntry[]>(() => {
    const entries = this.#listed.map((document) => {
      const differences = this.#differencesOf(document);
      return {
        document,
        disagreements: differences.filter((difference) => difference.kind !== 'match').length,
        toDecide: this.#toDecide(document),
        goldDone: this.#layers.goldDone.has(document.id),
        goneFromGold: this.#layers.goneFromGold(document.id).size,
        disagreement: this.figures.disagreement(document.id),
        ...this.#layers.whoWorkedOn(document.id),
      };
    });
    if (this.order === 'disagreement')
      entries.sort((left, right) => this.figures.rank(left.document.id) - this.figures.rank(right.document.id) || 0);
    return entries;
  });

  #current = $derived<Document | null>(
    this.#listed.find((document) => document.id === this.#currentId) ??
      (this.entries.find((entry) => !entry.goldDone) ?? this.entries[0])?.document ??
      null,
  );
  readonly differences = $derived<readonly Difference[]>(this.#current ? this.#differencesOf(this.#current) : []);
  #firstToDecide = $derived.by<number>(() => {
    const [first] = this.#stillToDecide;
    return Math.max(0, first ? this.differences.indexOf(first) : 0);
  });
  readonly goldSpans = $derived<readonly Span[]>(this.#current ? this.#spansOf(GOLD_ANNOTATOR, this.#current.id) : []);
  readonly rejectedSpans = $derived(this.#current ? this.#spansOf(REJECTED_ANNOTATOR, this.#current.id) : []);
  #stillToDecide = $derived(
    decisions.toDecide(this.differences, this.goldSpans, this.rejectedSpans, this.autoAgreements),
  );
  readonly #focus = new ReviewFocus(
    () => this.differences,
    () => this.#firstToDecide,
    () => this.#layers.loaded,
  );

  /** The current document's spans for the text view (`reviewText.ts`). */
  readonly textSpans: readonly TextSpan[] = $derived.by<TextSpan[]>(() => {
    const current = this.#current;
    if (!current) return [];
    return reviewTextSpans(current.text, {
      gold: this.goldSpans,
      a: this.#spansOf(this.#layers.a, current.id),
      b: this.#spansOf(this.#layers.b, current.id),
      focused: this.differences[this.focusIndex] ?? null,
    });
  });

  get current(): Document | null {
    return this.#current;
  }
  /** Of those, the ones their annotators hold no more (removed, relabelled or resized since), each with those annotators. */
  get goneFromGold(): ReadonlyMap<string, string[]> {
    return this.#current ? this.#layers.goneFromGold(this.#current.id) : new Map();
  }
  get focused(): Difference | null {
    return this.differences[this.focusIndex] ?? null;
  }

  /** How `difference` of the current document is decided. */
  readonly decision = (difference: Difference): decisions.DecisionState =>
    decisions.decisionOf(difference, this.goldSpans, this.rejectedSpans);

  /** Opens a document on its first difference to decide; a refusal about the last one no longer stands. */
  readonly open = (documentId: string): void =>
    void ((this.#currentId = documentId), this.#focus.reset(), (this.#notice = null));

  /** Opens the next (+1) or previous (-1) document in the list's order, and says which (as the Documents page does). */
  step(direction: 1 | -1): void {
    const list = this.entries;
    const at = list.findIndex((entry) => entry.document.id === this.#current?.id) + direction;
    if (list[at]) this.open(list[at].document.id);
    if (list.length > 0) this.#context.notify?.(said.steppedLine(at, list.length, list[at]?.document.title, direction));
  }

  /** Moves the focus to the next (+1) or previous (-1) difference. */
  readonly focus = (direction: 1 | -1): void => this.focusOn(this.focusIndex + direction);

  /** Focuses the difference at `position` (clamped) and scrolls the text, and only the text, to it. */
  focusOn(position: number): void {
    const focused = this.differences[Math.max(0, Math.min(this.differences.length - 1, position))];
    if (!focused) return;
    this.#focus.set(focused);
    this.#viewer?.scrollToOffset(this.focusedAt() ?? 0);
  }
  /** T: the keyboard focus and the caret into the text, at the focused difference (the caret keys select there for E). */
  readonly focusText = (): void => this.#viewer?.focus(this.focusedAt());
  /** Where the focused difference starts in the text view (UTF-16). */
  readonly focusedAt = (): number | undefined =>
    this.focused && this.#current ? new CodePointIndex(this.#current.text).toUtf16(this.focused.start) : undefined;
  get viewer(): Viewer | null {
    return this.#viewer;
  }
  /** The text view of the review page, to scroll to the focused difference and read a selection from. */
  readonly attachViewer = (viewer: Viewer | null): void => void (this.#viewer = viewer);

  /** The text the current document holds at [start, end) (code points). */
  quote(span: { start: number; end: number }): string {
    return sliceCodePoints(this.#current?.text ?? '', span.start, span.end);
  }
  /** That text as a message quotes it (up to 40 characters), so a long span leaves the status line its keys. */
  readonly #said = (span: { start: number; end: number }): string => quoteText(this.quote(span));

  #decisionContext(document: Document): decisions.DecisionContext {
    const gold = this.#spansOf(GOLD_ANNOTATOR, document.id);
    const rejected = this.#spansOf(REJECTED_ANNOTATOR, document.id);
    const differences = this.#differencesOf(document);
    const agreements = this.#layers.autoAgreements ? decisions.openAgreements(differences, gold, rejected) : [];
    const held = decisions.heldBy(differences);
    return { document, gold, rejected, reviewer: this.#context.reviewer(), now: this.#now(), agreements, held };
  }

  /** Review spans this tab has shown or written (`reviewNews.seenKey`), to tell a decision made elsewhere. */
  readonly #written = new Set<string>();
  /** Where each decision was taken: undo and redo open its document (nothing changes out of sight), and focus its row. */
  readonly #rows = new WeakMap<Command, { documentId: string; position: number | null; decision?: GoldDecision }>();

  /** Writes a decision (one transaction) described as `what`, records its undo (telling `recorded`), says `news`; from
   * position `at` (`rows`, M's: from a row it decided), moves on to the next undecided. Resolves false if none written. */
  #apply(doc: Document, decision: GoldDecision, what: string, news: string, at: DecidedFrom, recorded?: Recorded) {
    if (this.#locked()) return Promise.resolve(false);
    const kept = this.#context.journal?.keepDecision(decision, what); // until written: a reload takes it not
    this.#currentId ??= doc.id; // the document decided on stays open, whatever is marked done meanwhile
    const store = this.#context.store;
    const seen = this.#written; // and what the page shows as the reviewer decides
    for (const name of [GOLD_ANNOTATOR, REJECTED_ANNOTATOR])
      for (const span of this.#spansOf(name, doc.id)) seen.add(said.seenKey(span));
    const row = typeof at === 'number' ? at : null;
    const told = { labels: this.#context.labels?.(), done: this.#layers.goldDone.has(doc.id), own: row !== null };
    const run = this.#queue.then(async () => {
      try {
        const decidedAt = this.#now();
        const change = await store.decideInGold(decision, decidedAt).finally(kept);
        this.#notice = null;
        this.ownLayer.decided();
        // Gold held this decision already (the same key again): said, with no step for Ctrl+Z to take back nothing.
        if (change.added.length + change.removed.length === 0)
          this.#context.notify?.(`Decided so already: ${what}. Nothing changed.`);
        else {
          news += said.newsAfter(change, seen, this.#said, told);
          const step = (undo: boolean) => () => goldStep(store, change, undo, decidedAt, this.#now());
          const command: Command = { description: what, undo: step(true), redo: step(false) };
          this.history.record(command);
          this.#rows.set(command, { documentId: doc.id, position: row, decision });
          recorded?.(command);
          this.#context.notify?.(news);
        }
        if (this.#current?.id === doc.id && at !== null) this.#advance(decision, at === 'rows');
        return true;
      } catch (error) {
        this.#notice = `Not saved: ${describeWriteError(error)}`;
        return false;
      }
    });
    this.#queue = run;
    return run;
  }

  /** Focuses the next difference not decided once `written` is (the focused one stays when none is, or `stayIfOpen`). */
  #advance(written: GoldDecision, stayIfOpen = false): void {
    const layers = { gold: this.goldSpans, rejected: this.rejectedSpans };
    const next = decisions.nextUndecided(this.differences, this.focusIndex, written, layers, stayIfOpen);
    if (next >= 0) this.focusOn(next);
  }

  /** Decides `difference` of the current document: keep A's version, B's, both, neither, or the majority's. */
  decide(difference: Difference, keep: decisions.Keep, note?: string): Promise<void> {
    const document = this.#current;
    if (!document) return Promise.resolve();
    const position = this.differences.indexOf(difference);
    if (position >= 0) this.#focus.set(difference);
    const missing = decisions.missingVersion(difference, keep, this.#said(difference), this.#context.keyName);
    if (missing) return Promise.resolve(this.#refuse(missing));
    let decision = decisions.decide(difference, keep, this.#decisionContext(document));
    const taken = takeNote(this, note);
    if (taken.text) decision = decisions.withNote(decision, taken.text, difference);
    const news = said.decisionNews(difference, keep, this.#said);
    const what = `${decisions.KEEP_WORDS[keep]} for ${this.#said(difference)}`;
    return this.#apply(document, decision, what, news, this.focusIndex).then(taken.giveBack);
  }

  /** Decides the focused difference. */
  decideFocused(keep: decisions.Keep): Promise<void> {
    const focused = this.focused;
    if (!focused && this.#current) this.#context.notify?.(said.NOTHING_TO_DECIDE, true);
    return focused ? this.decide(focused, keep) : Promise.resolve();
  }

  /** E: the selected span in gold in place of the focused difference (`GoldEdits.editFocused`). */
  readonly editFocused = (snap: Snap): Promise<void> => this.goldEdits.editFocused(snap);

  /** Puts every agreement of the current document into gold and, for a set of three or more, the majority's
   * versions; false when nothing could be written (locked, or the write failed). */
  acceptAgreements(recorded?: Recorded): Promise<boolean> {
    const document = this.#current;
    if (!document || this.#locked()) return Promise.resolve(false);
    const context = this.#decisionContext(document);
    const agreements = this.differences.filter((difference) => difference.kind === 'match');
    const undecided = this.differences.filter((difference) => !decisions.isDecided(this.decision(difference)));
    const open = agreements.filter((difference) => undecided.includes(difference));
    const decision = decisions.acceptProposals(undecided, { ...context, agreements: open }); // empty: nothing to accept
    if (decision.keep.length === 0)
      return Promise.resolve(!this.#context.notify?.(said.nothingToAccept(open, this.#context.keyName, context), true));
    const news = `Accepted into gold: ${decision.keep.length === 1 ? '1 span' : `${decision.keep.length} spans`}`;
    return this.#apply(document, decision, 'accept the agreements', news, 'rows', recorded);
  }

  readonly undo = () => (this.#locked(true) ? Promise.resolve() : this.#guard(() => this.#step('undo')));
  readonly redo = () => (this.#locked(true) ? Promise.resolve() : this.#guard(() => this.#step('redo')));

  /** Undoes or redoes the last decision, and says which; a redo moves on from its row as the decision did. */
  async #step(direction: 'undo' | 'redo'): Promise<void> {
    const step = await this.goldDone.settled.then(() => this.history[direction]());
    const row = step && this.#rows.get(step.command);
    // Its document opens, if the list holds it (another pair or set compared may leave it out).
    const listed = row && this.entries.some((entry) => entry.document.id === row.documentId);
    if (row && listed && row.documentId !== this.#current?.id) this.open(row.documentId);
    if (row && listed && row.position !== null) this.focusOn(row.position);
    if (direction === 'redo' && !step?.gone && row?.decision && listed && row.position !== null)
      this.#advance(row.decision);
    this.#context.notify?.(said.stepNews(direction, step, Boolean(row && !listed)));
  }

  async #guard(step: () => Promise<unknown>): Promise<void> {
    await step().catch((error: unknown) => void (this.#notice = `Not saved: ${describeWriteError(error)}`));
  }

  /** "Gold done" (the button, `D`): the current document's gold marked done, then the next one not done. */
  readonly goldDone = new GoldDone({
    current: () => this.#current,
    toDecide: (document, spansOf) => this.#toDecide(document, spansOf),
    acceptAgreements: (document, recorded) =>
      this.#decisionContext(document).agreements.length > 0 ? this.acceptAgreements(recorded) : Promise.resolve(true),
    history: this.history,
    store: () => this.#context.store,
    now: () => this.#now(),
    writeFailed: (error) => void (this.#notice = `Not saved: ${describeWriteError(error)}`),
    record: (command, documentId, after) =>
      void this.#rows.set(this.history.record(command, after), { documentId, position: null }),
    locked: () => this.#locked(),
    entries: () => this.entries,
    open: (documentId) => this.open(documentId),
    notify: (text) => this.#context.notify?.(text),
  });
}
