import {
  GOLD_ANNOTATOR,
  isReviewLayer,
  REJECTED_ANNOTATOR,
  type Document,
  type DocumentStatus,
  type Span,
  type SpanOrigin,
} from '../model/types';
import { goneFromLayers } from '../model/goldSources';
import { sortSpans } from '../model/spanOrder';
import type { Store, Watch } from '../storage/store';
import { workedOn } from '../model/reliability';

/** The review's choices, kept as one setting so a reload and a restore bring them back. */
interface ReviewChoice {
  a: string;
  b: string;
  /** The compared set: A, B and any others. */
  set: string[];
  /** Agreements go into gold with the first decision on a document. */
  autoAgreements: boolean;
}

const CHOICE_KEY = 'review';
const EMPTY: ReadonlyMap<string, Span[]> = new Map();

/** `spans` by document; each document's in reading order when `sorted` (storage hands them over in id order). */
function groupByDocument(spans: readonly Span[], sorted = false): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const span of spans) {
    const group = groups.get(span.documentId);
    if (group) group.push(span);
    else groups.set(span.documentId, [span]);
  }
  if (sorted) for (const [id, group] of groups) groups.set(id, sortSpans(group));
  return groups;
}

/**
 * What the review reads, live: who can be compared, the chosen pair and set (a setting, followed
 * live, so another tab's or a restore's choice shows), each compared annotator's spans and which
 * documents they worked on, the gold and rejected layers, and which documents' gold is done.
 */
export class ReviewLayers {
  readonly #store: Store;
  #annotators = $state.raw<string[]>([]);
  #choice = $state.raw<ReviewChoice>({ a: '', b: '', set: [], autoAgreements: true });
  /** The compared set's spans; gold's and the rejected layer's apart, so a decision leaves the set's figures as they are. */
  #spans = $state.raw<ReadonlyMap<string, Map<string, Span[]>>>(new Map());
  #gold = $state.raw<ReadonlyMap<string, Span[]>>(new Map());
  #rejected = $state.raw<ReadonlyMap<string, Span[]>>(new Map());
  #touched = $state.raw<ReadonlyMap<string, Set<string>>>(new Map());
  /** The documents each compared annotator marked done. */
  #done = $state.raw<ReadonlyMap<string, Set<string>>>(new Map());
  #goldDone = $state.raw<ReadonlySet<string>>(new Set());
  #layerSubscriptions: { unsubscribe(): void }[] = [];
  #choiceSubscription: { unsubscribe(): void } | null = null;
  #annotatorSubscription: { unsubscribe(): void } | null = null;
  /** The choice as last stored, checked again when the annotators change. */
  #saved: ReviewChoice | undefined = undefined;
  #onError: (error: unknown) => void = () => undefined;
  #saving = 0;
  /** How many of the followed layers have not given their first value yet; which following they belong to. */
  #waiting = $state(0);
  #following = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  get annotators(): readonly string[] {
    return this.#annotators;
  }
  get a(): string {
    return this.#choice.a;
  }
  get b(): string {
    return this.#choice.b;
  }
  get set(): readonly string[] {
    return this.#choice.set;
  }
  get autoAgreements(): boolean {
    return this.#choice.autoAgreements;
  }
  get goldDone(): ReadonlySet<string> {
    return this.#goldDone;
  }
  /** True once every layer of the chosen set, gold and the rejected layer have been read. */
  get loaded(): boolean {
    return this.#waiting === 0;
  }

  /** `annotator`'s spans by document (gold's and the rejected layer's too). */
  spans(annotator: string): ReadonlyMap<string, Span[]> {
    if (annotator === GOLD_ANNOTATOR) return this.#gold;
    if (annotator === REJECTED_ANNOTATOR) return this.#rejected;
    return this.#spans.get(annotator) ?? EMPTY;
  }

  /** Gold's spans on `documentId` that the compared annotators they came from hold no more (`goneFromLayers`). */
  goneFromGold(documentId: string): Map<string, string[]> {
    const { set } = this.#choice;
    // A layer of the set not read yet answers nothing: none of its spans is taken for gone.
    const layerOf = (name: string) => {
      const layer = set.includes(name) ? this.#spans.get(name) : undefined;
      return layer && (layer.get(documentId) ?? []);
    };
    return goneFromLayers(this.#gold.get(documentId) ?? [], layerOf);
  }

  /**
   * The compared set on document `documentId`: A, B and those of the others who worked on it. One
   * who did not (no span, no status) is not counted as marking nothing: their absence is no vote.
   * That holds for A or B too, on a document the other worked on alone (`alone`).
   */
  setOf(documentId: string, one = this.alone(documentId)): readonly string[] {
    const { a, b, set } = this.#choice;
    const away = one === null ? null : one === a ? b : a;
    const counted = (name: string) => name !== away && (name === a || name === b || this.touched(name).has(documentId));
    return set.every(counted) ? set : set.filter(counted);
  }

  /**
   * Who of the compared set worked on document `documentId`: `alone` there, the others of the set
   * who worked on it beside the one alone (helper-171), and the set its figures compare (`setOf`).
   */
  whoWorkedOn(documentId: string): {
    alone: string | null;
    aloneDone: boolean;
    alongside: readonly string[];
    compared: readonly string[];
  } {
    const alone = this.alone(documentId);
    const { a, b } = this.#choice;
    const compared = this.setOf(documentId, alone);
    const alongside = alone === null ? [] : compared.filter((name) => name !== a && name !== b);
    return { alone, aloneDone: alone !== null && this.markedDone(alone, documentId), alongside, compared };
  }

  /** Of `documents`, those both A and B have worked on (a span or a status in each layer), in that order. */
  paired(documents: readonly Document[]): Document[] {
    return documents.filter((document) => this.#both(document.id));
  }

  /**
   * Of `documents`, those the review lists, in that order: those both A and B worked on, and those
   * one of them marked done (or gold decided on) that the other has not worked on (no span, no status),
   * so that gold can be made of one annotator's work too (each of their spans a difference of its own).
   */
  listed(documents: readonly Document[]): Document[] {
    return documents.filter((document) => this.#both(document.id) || this.alone(document.id) !== null);
  }

  #both(documentId: string): boolean {
    const { a, b } = this;
    return a !== '' && b !== '' && a !== b && this.touched(a).has(documentId) && this.touched(b).has(documentId);
  }

  /**
   * The one of A and B who marked document `documentId` done while the other has not worked on it; else
   * null. With one annotator in the project (no B to choose), A on each document A marked done. Where gold
   * or the rejected layer holds a decision on the other's work, the one who worked on it at all, done or
   * not: the other took their last span out since, and the review keeps those decisions in reach (helper-206).
   */
  alone(documentId: string): string | null {
    const { a, b } = this;
    if (a && !b && this.#annotators.length === 1) return this.#done.get(a)?.has(documentId) ? a : null;
    if (!a || !b || a === b) return null;
    const alone = (one: string, other: string) =>
      !this.touched(other).has(documentId) &&
      (this.markedDone(one, documentId) || (this.touched(one).has(documentId) && this.#decidedOn(other, documentId)));
    return alone(a, b) ? a : alone(b, a) ? b : null;
  }

  /**
   * Whether gold or the rejected layer holds a decision on a version `annotator` had on document `documentId`; or
   * gold a span kept when no annotator held it any more (Keep empties who it came from: helper-212).
   */
  #decidedOn(annotator: string, documentId: string): boolean {
    const kept = (origin: SpanOrigin) => origin.annotators.length === 0 && !['edited', 'added'].includes(origin.kind);
    const theirs = (span: Span) =>
      span.origin !== undefined && (span.origin.annotators.includes(annotator) || kept(span.origin));
    return (
      (this.#gold.get(documentId)?.some(theirs) ?? false) || (this.#rejected.get(documentId)?.some(theirs) ?? false)
    );
  }

  /** Whether `annotator` marked document `documentId` done. */
  markedDone(annotator: string, documentId: string): boolean {
    return this.#done.get(annotator)?.has(documentId) === true;
  }

  /** The documents `annotator` has worked on (a span or a status), but those they skipped (`workedOn`). */
  touched(annotator: string): ReadonlySet<string> {
    return this.#touched.get(annotator) ?? new Set();
  }

  /**
   * Follows who can be compared (live: a layer imported meanwhile appears in the choices) and the last choice, and
   * the layers the choice names.
   */
  async start(onError: (error: unknown) => void): Promise<void> {
    this.#onError = onError;
    this.#annotatorSubscription?.unsubscribe();
    let first: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => (first = resolve));
    this.#annotatorSubscription = this.#store.watchAnnotators().subscribe({
      next: (names) => {
        const annotators = names.filter((name) => !isReviewLayer(name));
        const changed =
          annotators.length !== this.#annotators.length ||
          annotators.some((name, index) => name !== this.#annotators[index]);
        if (changed) {
          this.#annotators = annotators;
          // A choice that named no one yet (or someone gone) is made again from who is there now.
          if (this.#choiceSubscription && this.#saving === 0) this.#show(this.#saved);
        }
        first();
      },
      error: (error: unknown) => {
        first();
        onError(error);
      },
    });
    await listed;
    this.#choiceSubscription?.unsubscribe();
    this.#choiceSubscription = this.#store.watchSetting<ReviewChoice>(CHOICE_KEY).subscribe({
      // While a choice of this tab is being saved, an emission may still carry the one before it:
      // skip it; the emission after the last save carries the latest.
      next: (saved) => {
        this.#saved = saved;
        if (this.#saving === 0) this.#show(saved);
      },
      error: onError,
    });
  }

  stop(): void {
    this.#annotatorSubscription?.unsubscribe();
    this.#annotatorSubscription = null;
    this.#choiceSubscription?.unsubscribe();
    this.#choiceSubscription = null;
    for (const subscription of this.#layerSubscriptions) subscription.unsubscribe();
    this.#layerSubscriptions = [];
  }

  /**
   * A stored choice checked against who exists now; when there is none, `pair` (the two who worked on the most
   * documents in common), else the first two annotators.
   */
  #valid(saved: ReviewChoice | undefined, pair: readonly [string, string] | null = null): ReviewChoice {
    const names = this.#annotators;
    const usable = saved && names.includes(saved.a) && names.includes(saved.b);
    const a = usable ? saved.a : (pair?.[0] ?? names[0] ?? '');
    const b = usable ? saved.b : (pair?.[1] ?? names[1] ?? '');
    const others = usable && Array.isArray(saved.set) ? saved.set.filter((name) => names.includes(name)) : [];
    return {
      a,
      b,
      set: [...new Set([a, b, ...others])].filter(Boolean),
      autoAgreements: saved?.autoAgreements !== false,
    };
  }

  /**
   * Shows the stored choice, checked against who exists now. A pair made for want of one (none stored,
   * or one named someone gone) is stored as the choice: a layer imported later, whose name sorts
   * first, does not change the pair under the reviewer's hands.
   */
  #show(saved: ReviewChoice | undefined): void {
    const choice = this.#valid(saved);
    const made = choice.b !== '' && (saved?.a !== choice.a || saved?.b !== choice.b);
    if (!made) return this.#follow(choice);
    // helper-185: the first two by name may share no document (every figure "—"); the pair that worked together most.
    // A choice stored meanwhile (this tab's or another's), other annotators, or a review stopped make their own.
    const [names, watching] = [this.#annotators, this.#choiceSubscription];
    const still = () =>
      this.#choiceSubscription === watching &&
      this.#saved === saved &&
      this.#annotators === names &&
      this.#saving === 0;
    void this.#store
      .busiestPair(names)
      .then(async (pair) => {
        // Another tab's choice may be stored and not heard yet (helper-186): read again just before the write.
        const stored = still() && (await this.#store.readSetting<ReviewChoice | null>(CHOICE_KEY, null));
        if (stored !== false && still() && JSON.stringify(stored ?? undefined) === JSON.stringify(saved))
          return this.#save(this.#valid(saved, pair));
      })
      .catch((error: unknown) => this.#onError(error));
  }

  /** Shows `choice` and watches the layers it names (again only when they change). */
  #follow(choice: ReviewChoice): void {
    const before = this.#choice;
    this.#choice = choice;
    const same =
      before.set.length === choice.set.length && before.set.every((name, index) => name === choice.set[index]);
    if (same && this.#layerSubscriptions.length > 0) return;
    for (const subscription of this.#layerSubscriptions) subscription.unsubscribe();
    // Layers still in the set stay shown until their new reading: a change of set does not blank the review.
    const kept = <T>(map: ReadonlyMap<string, T>) => new Map([...map].filter(([name]) => choice.set.includes(name)));
    this.#spans = kept(this.#spans);
    this.#touched = kept(this.#touched);
    this.#done = kept(this.#done);
    const following = ++this.#following;
    const follow = <T>(watch: Watch<T>, next: (value: T) => void) => {
      let first = true;
      return watch.subscribe({
        next: (value) => {
          next(value);
          if (first && following === this.#following) this.#waiting--;
          first = false;
        },
        error: this.#onError,
      });
    };
    const store = this.#store;
    const setSpans = (annotator: string, spans: Span[]) =>
      (this.#spans = new Map(this.#spans).set(annotator, groupByDocument(spans)));
    const setTouched = (annotator: string, rows: DocumentStatus[]) => {
      this.#touched = new Map(this.#touched).set(
        annotator,
        new Set(rows.filter(workedOn).map((row) => row.documentId)),
      );
      const done = rows.filter((row) => row.status === 'done').map((row) => row.documentId);
      this.#done = new Map(this.#done).set(annotator, new Set(done));
    };
    this.#waiting = choice.set.length * 2 + 3;
    this.#layerSubscriptions = [
      ...choice.set.flatMap((annotator) => [
        follow(store.watchAnnotatorSpans(annotator), (spans) => setSpans(annotator, spans)),
        follow(store.watchAnnotatorSummaries(annotator), (rows) => setTouched(annotator, rows)),
      ]),
      follow(store.watchAnnotatorSpans(GOLD_ANNOTATOR), (spans) => (this.#gold = groupByDocument(spans, true))),
      follow(store.watchAnnotatorSpans(REJECTED_ANNOTATOR), (spans) => (this.#rejected = groupByDocument(spans))),
      follow(store.watchAnnotatorSummaries(GOLD_ANNOTATOR), (rows) => {
        this.#goldDone = new Set(rows.filter((row) => row.status === 'done').map((row) => row.documentId));
      }),
    ];
  }

  async #save(choice: ReviewChoice): Promise<void> {
    this.#follow(choice);
    this.#saving++;
    try {
      await this.#store.writeSetting(CHOICE_KEY, choice);
    } finally {
      this.#saving--;
    }
  }

  /**
   * Makes `annotator` A or B (and so one of the compared set); choosing the other side's annotator swaps
   * the two. In a set of three or more the one replaced stays compared; a pair alone becomes the new pair.
   */
  choose(side: 'a' | 'b', annotator: string): Promise<void> {
    const other = side === 'a' ? 'b' : 'a';
    const choice = { ...this.#choice, [side]: annotator };
    if (this.#choice[other] === annotator) choice[other] = this.#choice[side];
    // helper-171: choosing B in a set of three dropped the old B from α's set unsaid.
    const wide = this.#choice.set.length > 2;
    const others = this.#choice.set.filter((name) => wide || (name !== this.#choice.a && name !== this.#choice.b));
    return this.#save({ ...choice, set: [...new Set([choice.a, choice.b, ...others])] });
  }

  toggleInSet(annotator: string): Promise<void> {
    const { a, b, set } = this.#choice;
    if (annotator === a || annotator === b) return Promise.resolve();
    const next = set.includes(annotator) ? set.filter((name) => name !== annotator) : [...set, annotator];
    return this.#save({ ...this.#choice, set: this.#annotators.filter((name) => next.includes(name)) });
  }

  setAutoAgreements(on: boolean): Promise<void> {
    return this.#save({ ...this.#choice, autoAgreements: on });
  }
}
