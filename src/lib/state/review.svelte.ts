import type { TextSpan, Viewer } from '../editor/viewer';
import { agreementFrom, corpusAgreement, documentCounts, type Agreement } from '../model/agreement';
import { diffLayers, type LayerDifference } from '../model/layerDiff';
import { CodePointIndex } from '../model/offsets';
import { samePlace, spanKey, type SpanPlace } from '../model/spanIdentity';
import { GOLD_ANNOTATOR, type Document, type Span } from '../model/types';
import type { Store, Watch } from '../storage/store';
import { describeWriteError } from '../storage/writeErrors';

export interface ReviewEntry {
  document: Document;
  agreement: Agreement;
  /** Differences that are not exact matches. */
  disagreements: number;
  /** Of those, the ones not decided yet: no version in gold, and not rejected. */
  toDecide: number;
  goldDone: boolean;
}

/** Which versions of a difference the gold layer holds, and whether the reviewer rejected them all. */
export interface Decision {
  a: boolean;
  b: boolean;
  /** Decided as "neither": every version of it is rejected, none is in gold. */
  neither: boolean;
}

export type Keep = 'a' | 'b' | 'both' | 'neither';

const versionsOf = (difference: LayerDifference): SpanPlace[] => [
  ...('a' in difference ? [difference.a] : []),
  ...('b' in difference ? [difference.b] : []),
];

function groupByDocument(spans: readonly Span[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const span of spans) {
    const group = groups.get(span.documentId);
    if (group) group.push(span);
    else groups.set(span.documentId, [span]);
  }
  return groups;
}

function decisionOf(
  difference: LayerDifference,
  gold: readonly Span[],
  rejected: ReadonlySet<string> | undefined,
): Decision {
  const inGold = (span: SpanPlace) => gold.some((other) => samePlace(span, other));
  const a = 'a' in difference && inGold(difference.a);
  const b = 'b' in difference && inGold(difference.b);
  const neither =
    !a && !b && rejected !== undefined && versionsOf(difference).every((span) => rejected.has(spanKey(span)));
  return { a, b, neither };
}

function isDecided(decision: Decision): boolean {
  return decision.a || decision.b || decision.neither;
}

/**
 * The review of two annotators' layers: agreement over the documents both have worked on, the
 * differences in one document, and adjudication into the gold layer. Every decision is stored at
 * once; the view is derived from what is stored.
 */
export class Review {
  readonly #store: Store;
  readonly #documents: () => readonly Document[];
  #subscriptions: { unsubscribe(): void }[] = [];
  #decisions: Promise<void> = Promise.resolve();
  #viewer: Viewer | null = null;

  #annotators = $state.raw<string[]>([]);
  #annotatorA = $state('');
  #annotatorB = $state('');
  #currentId = $state<string | null>(null);
  #focusIndex = $state(0);
  #notice = $state<string | null>(null);
  #spansA = $state.raw<Map<string, Span[]>>(new Map());
  #spansB = $state.raw<Map<string, Span[]>>(new Map());
  #gold = $state.raw<Map<string, Span[]>>(new Map());
  #touchedA = $state.raw<Set<string>>(new Set());
  #touchedB = $state.raw<Set<string>>(new Set());
  #goldDoneIds = $state.raw<Set<string>>(new Set());
  #rejected = $state.raw<Map<string, Set<string>>>(new Map());

  /** `documents` gives the corpus's documents in list order. */
  constructor(store: Store, documents: () => readonly Document[]) {
    this.#store = store;
    this.#documents = documents;
  }

  /** Annotators with a layer, gold left out. */
  get annotators(): readonly string[] {
    return this.#annotators;
  }

  get annotatorA(): string {
    return this.#annotatorA;
  }

  get annotatorB(): string {
    return this.#annotatorB;
  }

  /** The difference the keys act on, by its place in `differences`. */
  get focusIndex(): number {
    return this.#focusIndex;
  }

  /** Why the last decision was not saved, or null. */
  get notice(): string | null {
    return this.#notice;
  }

  /** Loads the annotator list and the last chosen pair, and starts watching both layers. */
  async start(): Promise<void> {
    this.#annotators = (await this.#store.listAnnotators()).filter((name) => name !== GOLD_ANNOTATOR);
    const saved = await this.#store.readSetting<[string, string] | null>('reviewPair', null);
    const [first, second] =
      saved && this.#annotators.includes(saved[0]) && this.#annotators.includes(saved[1])
        ? saved
        : [this.#annotators[0] ?? '', this.#annotators[1] ?? ''];
    this.#annotatorA = first;
    this.#annotatorB = second;
    this.#watch();
  }

  stop(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#subscriptions = [];
  }

  async choose(side: 'a' | 'b', annotator: string): Promise<void> {
    if (side === 'a') this.#annotatorA = annotator;
    else this.#annotatorB = annotator;
    await this.#store.writeSetting('reviewPair', [this.#annotatorA, this.#annotatorB]);
    this.#watch();
  }

  #watch(): void {
    this.stop();
    const store = this.#store;
    const follow = <T>(watch: Watch<T>, next: (value: T) => void) => watch.subscribe({ next });
    const layer = (annotator: string, assign: (spans: Map<string, Span[]>) => void) =>
      follow(store.watchAnnotatorSpans(annotator), (spans) => assign(groupByDocument(spans)));
    const touched = (annotator: string, assign: (ids: Set<string>) => void) =>
      follow(store.watchAnnotatorSummaries(annotator), (rows) => assign(new Set(rows.map((row) => row.documentId))));
    this.#subscriptions = [
      layer(this.#annotatorA, (spans) => (this.#spansA = spans)),
      layer(this.#annotatorB, (spans) => (this.#spansB = spans)),
      layer(GOLD_ANNOTATOR, (spans) => (this.#gold = spans)),
      touched(this.#annotatorA, (ids) => (this.#touchedA = ids)),
      touched(this.#annotatorB, (ids) => (this.#touchedB = ids)),
      follow(store.watchAnnotatorSummaries(GOLD_ANNOTATOR), (rows) => {
        this.#goldDoneIds = new Set(rows.filter((row) => row.status === 'done').map((row) => row.documentId));
      }),
      follow(store.watchRejections(), (rejected) => (this.#rejected = rejected)),
    ];
  }

  #pair(document: Document) {
    return {
      id: document.id,
      text: document.text,
      a: this.#spansA.get(document.id) ?? [],
      b: this.#spansB.get(document.id) ?? [],
    };
  }

  /** Documents both annotators have worked on (a span or a status in each layer). */
  #paired = $derived.by<Document[]>(() => {
    if (!this.#annotatorA || !this.#annotatorB || this.#annotatorA === this.#annotatorB) return [];
    return this.#documents().filter((document) => this.#touchedA.has(document.id) && this.#touchedB.has(document.id));
  });

  #agreement = $derived<Agreement>(corpusAgreement(this.#paired.map((document) => this.#pair(document))));

  #entries = $derived.by<ReviewEntry[]>(() =>
    this.#paired.map((document) => {
      const pair = this.#pair(document);
      const disagreements = diffLayers(pair.a, pair.b).filter((difference) => difference.kind !== 'match');
      const gold = this.#gold.get(document.id) ?? [];
      const rejected = this.#rejected.get(document.id);
      return {
        document,
        agreement: agreementFrom(documentCounts(pair)),
        disagreements: disagreements.length,
        toDecide: disagreements.filter((difference) => !isDecided(decisionOf(difference, gold, rejected))).length,
        goldDone: this.#goldDoneIds.has(document.id),
      };
    }),
  );

  #current = $derived<Document | null>(
    this.#paired.find((document) => document.id === this.#currentId) ?? this.#paired[0] ?? null,
  );

  #differences = $derived<LayerDifference[]>(
    this.#current ? diffLayers(this.#spansA.get(this.#current.id) ?? [], this.#spansB.get(this.#current.id) ?? []) : [],
  );

  #goldSpans = $derived<Span[]>(this.#current ? (this.#gold.get(this.#current.id) ?? []) : []);

  #goldTextSpans = $derived.by<TextSpan[]>(() => {
    const index = new CodePointIndex(this.#current?.text ?? '');
    return this.#goldSpans.map((span) => ({
      id: span.id,
      start16: index.toUtf16(span.start),
      end16: index.toUtf16(span.end),
      label: span.label,
    }));
  });

  /** Documents both annotators have worked on, in list order. */
  get paired(): readonly Document[] {
    return this.#paired;
  }

  /** Corpus agreement of the pair over the paired documents. */
  get agreement(): Agreement {
    return this.#agreement;
  }

  get entries(): readonly ReviewEntry[] {
    return this.#entries;
  }

  /** The document under review. */
  get current(): Document | null {
    return this.#current;
  }

  /** The differences of the current document, in reading order. */
  get differences(): readonly LayerDifference[] {
    return this.#differences;
  }

  get goldSpans(): readonly Span[] {
    return this.#goldSpans;
  }

  /** The gold layer of the open document, for the text view. */
  get goldTextSpans(): readonly TextSpan[] {
    return this.#goldTextSpans;
  }

  decision(difference: LayerDifference): Decision {
    return decisionOf(difference, this.#goldSpans, this.#current ? this.#rejected.get(this.#current.id) : undefined);
  }

  open(documentId: string): void {
    this.#currentId = documentId;
    this.#focusIndex = 0;
  }

  step(direction: 1 | -1): void {
    const list = this.#paired;
    const index = list.findIndex((document) => document.id === this.#current?.id);
    const next = list[index + direction];
    if (next) this.open(next.id);
  }

  /** Moves the focus to the next (+1) or previous (-1) difference. */
  focus(direction: 1 | -1): void {
    this.focusOn(this.#focusIndex + direction);
  }

  /** Focuses the difference at `position` (clamped to the list) and scrolls the text to it. */
  focusOn(position: number): void {
    this.#focusIndex = Math.max(0, Math.min(this.#differences.length - 1, position));
    const focused = this.focused;
    if (!focused || !this.#current) return;
    const span = 'a' in focused ? focused.a : focused.b;
    this.#viewer?.scrollToOffset(new CodePointIndex(this.#current.text).toUtf16(span.start));
  }

  /** The text view of the review page, to scroll to the focused difference. */
  attachViewer(viewer: Viewer | null): void {
    this.#viewer = viewer;
  }

  /** The focused difference, or null. */
  get focused(): LayerDifference | null {
    return this.#differences[this.#focusIndex] ?? null;
  }

  /** The text a span of the current document quotes. */
  quote(span: SpanPlace): string {
    const text = this.#current?.text ?? '';
    const index = new CodePointIndex(text);
    return text.slice(index.toUtf16(span.start), index.toUtf16(span.end));
  }

  /**
   * Decides a difference: keep A's version, B's, both, or neither in the gold layer, in one
   * transaction that writes only what changes.
   */
  decide(difference: LayerDifference, keep: Keep): Promise<void> {
    const document = this.#current;
    if (!document) return Promise.resolve();
    const versions = [
      ...('a' in difference ? [{ span: difference.a, keep: keep === 'a' || keep === 'both' }] : []),
      ...('b' in difference ? [{ span: difference.b, keep: keep === 'b' || keep === 'both' }] : []),
    ];
    // One decision at a time, each reading the gold layer from storage: the live query lags a
    // write, and a quick second key press must not add the same span twice.
    const run = this.#decisions.then(async () => {
      try {
        await this.#store.decideInGold(document, versions, keep === 'neither', Date.now());
        this.#notice = null;
      } catch (error) {
        this.#notice = `Not saved: ${describeWriteError(error)}`;
      }
    });
    this.#decisions = run;
    return run;
  }

  /** Copies every span both annotators agree on into the gold layer. */
  async acceptMatches(): Promise<number> {
    const matches = this.#differences.filter(
      (difference) => difference.kind === 'match' && !this.decision(difference).a,
    );
    for (const difference of matches) await this.decide(difference, 'a');
    return matches.length;
  }

  async markGoldDone(): Promise<void> {
    if (this.#current) await this.#store.setStatus(this.#current.id, GOLD_ANNOTATOR, 'done', Date.now());
  }
}
