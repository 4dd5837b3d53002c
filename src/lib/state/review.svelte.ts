import { liveQuery, type Subscription } from 'dexie';
import {
  agreementFrom,
  corpusAgreement,
  diffLayers,
  documentCounts,
  type Agreement,
  type LayerDifference,
  type LayerSpan,
} from '../model/agreement';
import { CodePointIndex } from '../model/offsets';
import { samePlace, spanKey } from '../model/spanIdentity';
import { GOLD_ANNOTATOR, type Document, type Span } from '../model/types';
import type { SpanwrightDatabase } from '../storage/database';
import { listAnnotators } from '../storage/exporter';
import { readSetting, writeSetting } from '../storage/settings';
import { createSpan, deleteSpans, layerSpans, setStatus } from '../storage/spans';
import type { TextSpan } from '../editor/viewer';
import { describeWriteError } from './workbench.svelte';

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

/**
 * Spans the reviewer rejected ("keep neither"), per document, stored as a setting
 * `review-rejected:<document id>` holding `start:end:label` keys: so a rejected difference counts as
 * decided, shows as decided, and survives a reload and a backup.
 */
const REJECTED_PREFIX = 'review-rejected:';
/** The rejected span keys a stored setting holds (anything else in it is ignored). */
const rejectedKeys = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
const versionsOf = (difference: LayerDifference): LayerSpan[] => [
  ...('a' in difference ? [difference.a] : []),
  ...('b' in difference ? [difference.b] : []),
];

const sameSpan = (span: LayerSpan) => (other: Span) => samePlace(span, other);

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
  const a = 'a' in difference && gold.some(sameSpan(difference.a));
  const b = 'b' in difference && gold.some(sameSpan(difference.b));
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
  private readonly database: SpanwrightDatabase;
  private readonly getDocuments: () => readonly Document[];
  private subscriptions: Subscription[] = [];

  annotators = $state.raw<string[]>([]);
  annotatorA = $state('');
  annotatorB = $state('');
  currentId = $state<string | null>(null);
  focusIndex = $state(0);
  notice = $state<string | null>(null);

  private spansA = $state.raw<Map<string, Span[]>>(new Map());
  private spansB = $state.raw<Map<string, Span[]>>(new Map());
  private gold = $state.raw<Map<string, Span[]>>(new Map());
  private touchedA = $state.raw<Set<string>>(new Set());
  private touchedB = $state.raw<Set<string>>(new Set());
  private goldDoneIds = $state.raw<Set<string>>(new Set());
  private rejected = $state.raw<Map<string, Set<string>>>(new Map());

  constructor(database: SpanwrightDatabase, documents: () => readonly Document[]) {
    this.database = database;
    this.getDocuments = documents;
  }

  /** Loads the annotator list and the last chosen pair, and starts watching both layers. */
  async start(): Promise<void> {
    this.annotators = (await listAnnotators(this.database)).filter((name) => name !== GOLD_ANNOTATOR);
    const saved = await readSetting<[string, string] | null>(this.database, 'reviewPair', null);
    const [first, second] =
      saved && this.annotators.includes(saved[0]) && this.annotators.includes(saved[1])
        ? saved
        : [this.annotators[0] ?? '', this.annotators[1] ?? ''];
    this.annotatorA = first;
    this.annotatorB = second;
    this.watch();
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  async choose(side: 'a' | 'b', annotator: string): Promise<void> {
    if (side === 'a') this.annotatorA = annotator;
    else this.annotatorB = annotator;
    await writeSetting(this.database, 'reviewPair', [this.annotatorA, this.annotatorB]);
    this.watch();
  }

  private watch(): void {
    this.stop();
    const a = this.annotatorA;
    const b = this.annotatorB;
    const layer = (annotator: string, assign: (spans: Map<string, Span[]>) => void) =>
      liveQuery(() => this.database.spans.where('annotator').equals(annotator).toArray()).subscribe({
        next: (spans) => assign(groupByDocument(spans)),
      });
    const touched = (annotator: string, assign: (ids: Set<string>) => void) =>
      liveQuery(() => this.database.statuses.where('annotator').equals(annotator).toArray()).subscribe({
        next: (rows) => assign(new Set(rows.map((row) => row.documentId))),
      });
    this.subscriptions = [
      layer(a, (spans) => (this.spansA = spans)),
      layer(b, (spans) => (this.spansB = spans)),
      layer(GOLD_ANNOTATOR, (spans) => (this.gold = spans)),
      touched(a, (ids) => (this.touchedA = ids)),
      touched(b, (ids) => (this.touchedB = ids)),
      liveQuery(() => this.database.statuses.where('annotator').equals(GOLD_ANNOTATOR).toArray()).subscribe({
        next: (rows) =>
          (this.goldDoneIds = new Set(rows.filter((row) => row.status === 'done').map((row) => row.documentId))),
      }),
      liveQuery(() => this.database.settings.where('key').startsWith(REJECTED_PREFIX).toArray()).subscribe({
        next: (rows) =>
          (this.rejected = new Map(
            rows.map((row) => [row.key.slice(REJECTED_PREFIX.length), new Set(rejectedKeys(row.value))]),
          )),
      }),
    ];
  }

  private pair(document: Document) {
    return {
      id: document.id,
      text: document.text,
      a: this.spansA.get(document.id) ?? [],
      b: this.spansB.get(document.id) ?? [],
    };
  }

  /** Documents both annotators have worked on (a span or a status in each layer). */
  paired = $derived.by<Document[]>(() => {
    if (!this.annotatorA || !this.annotatorB || this.annotatorA === this.annotatorB) return [];
    return this.getDocuments().filter((document) => this.touchedA.has(document.id) && this.touchedB.has(document.id));
  });

  agreement = $derived<Agreement>(corpusAgreement(this.paired.map((document) => this.pair(document))));

  entries = $derived.by<ReviewEntry[]>(() =>
    this.paired.map((document) => {
      const pair = this.pair(document);
      const disagreements = diffLayers(pair.a, pair.b).filter((difference) => difference.kind !== 'match');
      const gold = this.gold.get(document.id) ?? [];
      const rejected = this.rejected.get(document.id);
      return {
        document,
        agreement: agreementFrom(documentCounts(pair)),
        disagreements: disagreements.length,
        toDecide: disagreements.filter((difference) => !isDecided(decisionOf(difference, gold, rejected))).length,
        goldDone: this.goldDoneIds.has(document.id),
      };
    }),
  );

  current = $derived<Document | null>(
    this.paired.find((document) => document.id === this.currentId) ?? this.paired[0] ?? null,
  );

  differences = $derived<LayerDifference[]>(
    this.current ? diffLayers(this.spansA.get(this.current.id) ?? [], this.spansB.get(this.current.id) ?? []) : [],
  );

  goldSpans = $derived<Span[]>(this.current ? (this.gold.get(this.current.id) ?? []) : []);

  /** The gold layer of the open document, for the text view. */
  goldTextSpans = $derived.by<TextSpan[]>(() => {
    const text = this.current?.text ?? '';
    const index = new CodePointIndex(text);
    return this.goldSpans.map((span) => ({
      id: span.id,
      start16: index.toUtf16(span.start),
      end16: index.toUtf16(span.end),
      label: span.label,
    }));
  });

  decision(difference: LayerDifference): Decision {
    return decisionOf(difference, this.goldSpans, this.current ? this.rejected.get(this.current.id) : undefined);
  }

  open(documentId: string): void {
    this.currentId = documentId;
    this.focusIndex = 0;
  }

  step(direction: 1 | -1): void {
    const list = this.paired;
    const index = list.findIndex((document) => document.id === this.current?.id);
    const next = list[index + direction];
    if (next) this.open(next.id);
  }

  focus(direction: 1 | -1): void {
    this.focusIndex = Math.max(0, Math.min(this.differences.length - 1, this.focusIndex + direction));
  }

  /**
   * Decides a difference: keep A's version, B's, both, or neither in the gold layer. Writes only
   * what changes.
   */
  decide(difference: LayerDifference, keep: 'a' | 'b' | 'both' | 'neither'): Promise<void> {
    const document = this.current;
    if (!document) return Promise.resolve();
    // One decision at a time, each reading the gold layer from storage: the live query lags a
    // write, and a quick second key press must not add the same span twice.
    const run = this.decisions.then(() => this.applyDecision(document, difference, keep));
    this.decisions = run.catch(() => undefined);
    return run;
  }

  private decisions: Promise<void> = Promise.resolve();

  private async applyDecision(
    document: Document,
    difference: LayerDifference,
    keep: 'a' | 'b' | 'both' | 'neither',
  ): Promise<void> {
    const versions: { span: LayerSpan; wanted: boolean }[] = [];
    if ('a' in difference) versions.push({ span: difference.a, wanted: keep === 'a' || keep === 'both' });
    if ('b' in difference) versions.push({ span: difference.b, wanted: keep === 'b' || keep === 'both' });
    // A match has one span twice over: keeping either version keeps it.
    const wanted = new Set(versions.filter((version) => version.wanted).map((version) => spanKey(version.span)));
    const index = new CodePointIndex(document.text);
    try {
      const gold = await layerSpans(this.database, document.id, GOLD_ANNOTATOR);
      const remove: string[] = [];
      for (const key of new Set(versions.map((version) => spanKey(version.span)))) {
        const span = versions.find((version) => spanKey(version.span) === key)!.span;
        const stored = gold.filter(sameSpan(span));
        if (wanted.has(key) && stored.length === 0) {
          const text = document.text.slice(index.toUtf16(span.start), index.toUtf16(span.end));
          await createSpan(this.database, {
            documentId: document.id,
            annotator: GOLD_ANNOTATOR,
            start: span.start,
            end: span.end,
            label: span.label,
            text,
          });
        } else if (!wanted.has(key)) {
          remove.push(...stored.map((candidate) => candidate.id));
        }
      }
      if (remove.length > 0) await deleteSpans(this.database, remove);
      await this.recordRejection(
        document.id,
        versions.map((version) => spanKey(version.span)),
        keep === 'neither',
      );
    } catch (error) {
      this.notice = `Not saved: ${describeWriteError(error)}`;
    }
  }

  /** Adds `keys` to the document's rejected spans (a "neither" decision) or takes them out (any other). */
  private async recordRejection(documentId: string, keys: readonly string[], rejected: boolean): Promise<void> {
    const key = `${REJECTED_PREFIX}${documentId}`;
    await this.database.transaction('rw', this.database.settings, async () => {
      const stored = await this.database.settings.get(key);
      const set = new Set(rejectedKeys(stored?.value));
      for (const item of keys) {
        if (rejected) set.add(item);
        else set.delete(item);
      }
      if (set.size > 0) await this.database.settings.put({ key, value: [...set].sort() });
      else if (stored) await this.database.settings.delete(key);
    });
  }

  /** Copies every span both annotators agree on into the gold layer. */
  async acceptMatches(): Promise<number> {
    const matches = this.differences.filter(
      (difference) => difference.kind === 'match' && !this.decision(difference).a,
    );
    for (const difference of matches) await this.decide(difference, 'a');
    return matches.length;
  }

  async markGoldDone(): Promise<void> {
    if (this.current) await setStatus(this.database, this.current.id, GOLD_ANNOTATOR, 'done');
  }
}
