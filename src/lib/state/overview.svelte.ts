import {
  labelCountsOf,
  labelsInOrder,
  overviewAnnotators,
  paceOf,
  progressOf,
  reviewProgressOf,
  spanExtremesOf,
  spanLengthsOf,
  localDay,
  type SpanExtremes,
  type LabelCount,
  type LengthSummary,
  type PaceDay,
  type Progress,
  type ReviewProgress,
} from '../model/overview';
import { corpusReliability, labelFigures, workedOn, type AnnotatedDocument } from '../model/reliability';
import { isReviewLayer, type Document, type DocumentStatus, type Label, type Span } from '../model/types';
import type { Store } from '../storage/store';

/** One label's span agreement for one pair of annotators (`reliability.ts`'s per-label figures). */
export interface LabelAgreementRow {
  label: string;
  /** The pair, `a – b`. */
  pair: string;
  spansA: number;
  spansB: number;
  /** Exact-match span F1; null when neither has a span of the label. */
  exact: number | null;
  /** Overlap span F1. */
  overlap: number | null;
}

/** A span marked as an example, with the text around it for the guidelines. */
export interface Example {
  span: Span;
  /** The words before the span on its line, and after; `cut` says the line goes on beyond them. */
  before: string;
  after: string;
  cut: { before: boolean; after: boolean };
}

export interface OverviewContext {
  store: Store;
  documents(): readonly Document[];
  labels(): readonly Label[];
  annotator(): string;
  /** True for a team's reviewer: their own layer is listed only once it holds a span or a status. */
  reviewer?(): boolean;
  /** A time's day (`YYYY-MM-DD`); the local calendar by default. */
  dayOf?(time: number): string;
  onError(error: unknown): void;
}

/** Characters of context shown on each side of an example. */
const CONTEXT = 80;

/**
 * The Overview's figures and the guidelines' examples, live: every span and summary row is read
 * while the page is open (`start`) and again after any write, in this tab or another, and the
 * figures are derived from them and the corpus's documents and labels.
 */
export class Overview {
  #spans = $state.raw<Span[]>([]);
  #statuses = $state.raw<DocumentStatus[]>([]);
  #loaded = $state(false);
  readonly #context: OverviewContext;
  #subscription: { unsubscribe(): void } | null = null;

  constructor(context: OverviewContext) {
    this.#context = context;
  }

  /** Follows storage until `stop`. */
  start(): void {
    if (this.#subscription) return;
    this.#subscription = this.#context.store.watchEverything().subscribe({
      next: ({ spans, statuses }) => {
        this.#spans = spans;
        this.#statuses = statuses;
        this.#loaded = true;
      },
      error: (error) => this.#context.onError(error),
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  /** True once the first read came in. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** The spans of annotators' own layers (not gold or rejected). */
  #own = $derived(this.#spans.filter((span) => !isReviewLayer(span.annotator)));
  /** The current annotator unless a reviewer: a team's, or one who has decided in gold here (a layer of theirs still shows them). */
  #annotators = $derived.by(() => {
    const current = this.#context.annotator();
    const decided = this.#spans.some((span) => isReviewLayer(span.annotator) && span.origin?.by === current);
    return overviewAnnotators(this.#own, this.#statuses, this.#context.reviewer?.() || decided ? null : current);
  });
  #labels = $derived.by(() =>
    labelsInOrder(
      this.#context.labels().map((label) => label.name),
      this.#own,
    ),
  );

  #progress = $derived.by(() =>
    progressOf(
      this.#context.documents().map((document) => document.id),
      this.#statuses,
      this.#annotators,
    ),
  );
  #review = $derived.by(() =>
    reviewProgressOf(
      this.#context.documents().map((document) => document.id),
      this.#statuses,
      this.#spans,
    ),
  );
  #labelCounts = $derived(labelCountsOf(this.#own, this.#labels, this.#annotators));
  #lengths = $derived.by(() => spanLengthsOf(this.#context.documents(), this.#own, this.#labels));
  #pace = $derived.by(() => paceOf(this.#own, this.#statuses, this.#annotators, this.#context.dayOf ?? localDay));
  #extremes = $derived.by(() => spanExtremesOf(this.#context.documents(), this.#own));

  /** The annotators shown: everyone with a span or a status, and the current one (unless a team's reviewer). */
  get annotators(): readonly string[] {
    return this.#annotators;
  }
  /** The labels shown: the label set's, then others spans carry. */
  get labels(): readonly string[] {
    return this.#labels;
  }
  get progress(): readonly Progress[] {
    return this.#progress;
  }
  /** The review's progress (gold done, under review, gold spans, rejections). */
  get review(): ReviewProgress {
    return this.#review;
  }
  get labelCounts(): readonly LabelCount[] {
    return this.#labelCounts;
  }
  get lengths(): readonly LengthSummary[] {
    return this.#lengths;
  }
  get pace(): readonly PaceDay[] {
    return this.#pace;
  }
  get extremes(): SpanExtremes {
    return this.#extremes;
  }

  /** The annotators with at least one span: agreement needs two of them. */
  #layered = $derived(this.#annotators.filter((name) => this.#own.some((span) => span.annotator === name)));

  #agreement = $derived.by<LabelAgreementRow[]>(() => {
    const set = this.#layered;
    if (set.length < 2) return [];
    const present = new Map<string, string[]>();
    for (const row of this.#statuses)
      if (set.includes(row.annotator) && workedOn(row))
        present.set(row.documentId, [...(present.get(row.documentId) ?? []), row.annotator]);
    const layers = new Map<string, Map<string, Span[]>>();
    for (const span of this.#own) {
      let byAnnotator = layers.get(span.documentId);
      if (!byAnnotator) layers.set(span.documentId, (byAnnotator = new Map()));
      byAnnotator.set(span.annotator, [...(byAnnotator.get(span.annotator) ?? []), span]);
    }
    const documents: AnnotatedDocument[] = this.#context.documents().flatMap((document) => {
      const names = present.get(document.id) ?? [];
      return names.length < 2
        ? []
        : [{ id: document.id, text: document.text, present: names, layers: layers.get(document.id) ?? new Map() }];
    });
    const order = new Map(this.#labels.map((label, index) => [label, index]));
    return corpusReliability(documents, set)
      .counts.pairs.flatMap((pair) =>
        labelFigures(pair).map((figures) => ({
          label: figures.label,
          pair: `${pair.a} – ${pair.b}`,
          spansA: figures.spansA,
          spansB: figures.spansB,
          exact: figures.exact.f1,
          overlap: figures.overlap.f1,
        })),
      )
      .sort((left, right) => (order.get(left.label) ?? 0) - (order.get(right.label) ?? 0));
  });

  /** Per label and pair of annotators, exact and overlap span F1; empty with fewer than two annotators' layers. */
  get agreement(): readonly LabelAgreementRow[] {
    return this.#agreement;
  }

  #examples = $derived.by<ReadonlyMap<string, Example[]>>(() => {
    const texts = new Map(this.#context.documents().map((document) => [document.id, document]));
    const byLabel = new Map<string, Example[]>();
    const marked = this.#spans
      .filter((span) => span.example && texts.has(span.documentId))
      .sort((left, right) => left.created - right.created);
    for (const span of marked) {
      const chars = [...texts.get(span.documentId)!.text];
      byLabel.set(span.label, [
        ...(byLabel.get(span.label) ?? []),
        { span, ...contextOf(chars, span.start, span.end) },
      ]);
    }
    return byLabel;
  });

  /** The spans marked as examples, by label, oldest first, each with the words around it on its line. */
  get examples(): ReadonlyMap<string, readonly Example[]> {
    return this.#examples;
  }
}

/**
 * The words around [start, end) of `chars` (code points) on the same line, up to {@link CONTEXT}
 * characters each side, cut at a space so no word is shown in part.
 */
function contextOf(chars: readonly string[], start: number, end: number): Omit<Example, 'span'> {
  let from = start;
  while (from > 0 && chars[from - 1] !== '\n' && start - from < CONTEXT) from--;
  let to = end;
  while (to < chars.length && chars[to] !== '\n' && to - end < CONTEXT) to++;
  const cutBefore = from > 0 && chars[from - 1] !== '\n';
  const cutAfter = to < chars.length && chars[to] !== '\n';
  let before = chars.slice(from, start).join('');
  let after = chars.slice(end, to).join('');
  if (cutBefore) before = before.replace(/^\S*\s/u, '');
  if (cutAfter) after = after.replace(/\s\S*$/u, '');
  return { before, after, cut: { before: cutBefore, after: cutAfter } };
}
