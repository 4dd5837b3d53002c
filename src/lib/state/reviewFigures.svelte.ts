import {
  corpusReliability,
  labelFigures,
  type AnnotatedDocument,
  type CorpusReliability,
  type LabelFigures,
  type PairCounts,
  type PairFigures,
} from '../model/reliability';
import { rankDocuments } from '../model/reliabilityFigures';
import { GOLD_ANNOTATOR, type Document } from '../model/types';
import type { ReviewLayers } from './reviewLayers.svelte';

/** The A/B pair's corpus figures (B judged against A). */
export interface PairAgreement {
  kappa: number | null;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  spansA: number;
  spansB: number;
}

const NO_AGREEMENT: PairAgreement = { kappa: null, f1: null, precision: null, recall: null, spansA: 0, spansB: 0 };

/**
 * The review's figures, live: the compared set's reliability over every document two of them or
 * more worked on (alpha, Fleiss' kappa, every pair, every document's disagreement score), and the
 * A/B pair's row of it. It reads the set's layers only, so a decision (a gold write) leaves it be.
 */
export class ReviewFigures {
  readonly #layers: ReviewLayers;
  readonly #documents: () => readonly Document[];

  constructor(layers: ReviewLayers, documents: () => readonly Document[]) {
    this.#layers = layers;
    this.#documents = documents;
  }

  #reliability = $derived.by<CorpusReliability | null>(() => {
    const set = this.#layers.set;
    if (set.length < 2) return null;
    const documents: AnnotatedDocument[] = [];
    for (const document of this.#documents()) {
      const present = set.filter((name) => this.#layers.touched(name).has(document.id));
      if (present.length < 2) continue;
      const layers = new Map(present.map((name) => [name, this.#layers.spans(name).get(document.id) ?? []]));
      documents.push({ id: document.id, text: document.text, present, layers });
    }
    return corpusReliability(documents, set);
  });

  /**
   * Each compared annotator against gold (gold the reference: precision is the share of their spans
   * gold holds, recall the share of gold's spans they marked), over the documents whose gold is done
   * and that they worked on, overall and per label; none for an annotator with no such document.
   */
  #gold = $derived.by<{ pairs: PairFigures[]; labels: LabelFigures[] }>(() => {
    const done = this.#layers.goldDone;
    const gold = this.#layers.spans(GOLD_ANNOTATOR);
    const finished = this.#documents().filter((document) => done.has(document.id));
    const pairs: PairFigures[] = [];
    const labels: LabelFigures[] = [];
    for (const name of this.#layers.set) {
      const touched = this.#layers.touched(name);
      const spans = this.#layers.spans(name);
      const documents: AnnotatedDocument[] = finished
        .filter((document) => touched.has(document.id))
        .map(({ id, text }) => ({
          id,
          text,
          present: [GOLD_ANNOTATOR, name],
          layers: new Map([
            [GOLD_ANNOTATOR, gold.get(id) ?? []],
            [name, spans.get(id) ?? []],
          ]),
        }));
      if (documents.length === 0) continue;
      const { counts, reliability } = corpusReliability(documents, [GOLD_ANNOTATOR, name]);
      pairs.push(...reliability.pairs);
      for (const pair of counts.pairs) labels.push(...labelFigures(pair));
    }
    return { pairs, labels };
  });

  #isPair(pair: { a: string; b: string }): boolean {
    const { a, b } = this.#layers;
    return (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a);
  }

  #pairCounts = $derived<PairCounts | null>(this.#reliability?.counts.pairs.find((pair) => this.#isPair(pair)) ?? null);
  #pairFigures = $derived<PairFigures | null>(
    this.#reliability?.reliability.pairs.find((pair) => this.#isPair(pair)) ?? null,
  );
  /** Each document's disagreement score and its place worst first (`rankDocuments`). */
  #byDocument = $derived(
    new Map(
      rankDocuments(this.#reliability?.documents ?? []).map((figures, rank) => [
        figures.id,
        { disagreement: figures.disagreement, rank },
      ]),
    ),
  );

  #paired = $derived.by(() => this.#layers.paired(this.#documents()));
  /** The documents both A and B worked on (the review also lists those one of them did alone). */
  get paired(): readonly Document[] {
    return this.#paired;
  }
  /** The set's figures, or null with fewer than two annotators. */
  get reliability(): CorpusReliability | null {
    return this.#reliability;
  }
  /** The A/B pair's row of the pairwise table (A and B in the set's order). */
  get pairFigures(): PairFigures | null {
    return this.#pairFigures;
  }
  /** The A/B pair's counts: its confusion matrix and span counts. */
  get pairCounts(): PairCounts | null {
    return this.#pairCounts;
  }
  /** The A/B pair's exact and overlap span figures per label. */
  get labelFigures(): LabelFigures[] {
    return this.#pairCounts ? labelFigures(this.#pairCounts) : [];
  }
  /** Every pair of the set's per-label figures (the CSV holds them all; the table shows the A/B pair's). */
  get everyPairLabelFigures(): LabelFigures[] {
    return this.#reliability?.counts.pairs.flatMap((pair) => labelFigures(pair)) ?? [];
  }
  /** Each compared annotator against gold (a row each: `a` is gold, `b` the annotator), where gold is done. */
  get againstGold(): readonly PairFigures[] {
    return this.#gold.pairs;
  }
  /** Each compared annotator against gold, per label (`a` is gold, `b` the annotator), where gold is done. */
  get labelsAgainstGold(): readonly LabelFigures[] {
    return this.#gold.labels;
  }
  /** A document's disagreement score (share of its tokens the set disputes), or null. */
  disagreement(documentId: string): number | null {
    return this.#byDocument.get(documentId)?.disagreement ?? null;
  }
  /** A document's place worst first (`rankDocuments`: score, then disputed tokens, then id); after all, without figures. */
  rank(documentId: string): number {
    return this.#byDocument.get(documentId)?.rank ?? Infinity;
  }

  /** The A/B pair's figures with A as the reference, whatever the set's order. */
  get agreement(): PairAgreement {
    const pair = this.#pairFigures;
    if (!pair) return NO_AGREEMENT;
    const flipped = pair.a !== this.#layers.a;
    return {
      kappa: pair.kappa,
      f1: pair.exact.f1,
      precision: flipped ? pair.exact.recall : pair.exact.precision,
      recall: flipped ? pair.exact.precision : pair.exact.recall,
      spansA: flipped ? pair.spansB : pair.spansA,
      spansB: flipped ? pair.spansA : pair.spansB,
    };
  }
}
