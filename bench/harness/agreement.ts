/** Corpus agreement in the harness page: corpusAgreement over two layers of the kept corpus. */
import { DEFAULT_LABELS } from '../../src/lib/model/labels';
import { corpusAgreement, type DocumentPair, type LayerSpan } from '../../src/lib/model/agreement';
import { adjudicate } from '../../src/lib/model/adjudication';
import { corpusReliability } from '../../src/lib/model/reliability';
import { createRandom } from '../generate.js';
import { corpus, keep } from './corpus';

let agreementPairs: DocumentPair[] | null = null;
let thirdLayers: LayerSpan[][] | null = null;

/**
 * Two layers of the kept corpus: A is the generated spans; B is A with a seeded tenth of its
 * spans dropped, a tenth relabelled and a tenth moved by one character, and a few spans only B has.
 */
function agreementInput(): DocumentPair[] {
  if (agreementPairs) return agreementPairs;
  const random = createRandom(11);
  const labels = DEFAULT_LABELS.map((label) => label.name);
  agreementPairs = corpus.records.map((record) => {
    const a: LayerSpan[] = record.spans.map(({ start, end, label }) => ({ start, end, label }));
    const b: LayerSpan[] = [];
    for (const span of a) {
      const roll = random();
      if (roll < 0.1) continue;
      if (roll < 0.2) b.push({ ...span, label: labels[(labels.indexOf(span.label) + 1) % labels.length] });
      else if (roll < 0.3) b.push({ ...span, end: Math.max(span.start + 1, span.end - 1) });
      else b.push(span);
      if (random() < 0.05) b.push({ start: span.end, end: span.end + 3, label: span.label });
    }
    return { id: record.id, text: record.text, a, b };
  });
  return agreementPairs;
}

/** Corpus agreement (token kappa, span F1) for the two layers, timed. */
export function agreementWithApp(): { ms: number; documents: number; kappa: number | null; f1: number | null } {
  const pairs = agreementInput();
  const started = performance.now();
  const result = corpusAgreement(pairs);
  const ms = performance.now() - started;
  keep(result.tokens);
  return { ms, documents: pairs.length, kappa: result.kappa, f1: result.f1 };
}

/** A third annotator: A with another seeded tenth dropped, a tenth relabelled, a tenth moved. */
function thirdLayer(): LayerSpan[][] {
  if (thirdLayers) return thirdLayers;
  const random = createRandom(23);
  const labels = DEFAULT_LABELS.map((label) => label.name);
  thirdLayers = agreementInput().map(({ a }) =>
    a.flatMap((span) => {
      const roll = random();
      if (roll < 0.1) return [];
      if (roll < 0.2) return [{ ...span, label: labels[(labels.indexOf(span.label) + 2) % labels.length] }];
      if (roll < 0.3) return [{ ...span, start: Math.min(span.end - 1, span.start + 1) }];
      return [span];
    }),
  );
  return thirdLayers;
}

/**
 * What the Review page computes for three annotators over the whole corpus, timed: the set's
 * reliability (alpha, Fleiss' kappa, every pair with its kappa and F1, every document's score) and
 * every document's differences (which its "to decide" counts).
 */
export function reviewFiguresWithApp(): {
  ms: number;
  reliabilityMs: number;
  differencesMs: number;
  documents: number;
  alpha: number | null;
  differences: number;
} {
  const pairs = agreementInput();
  const third = thirdLayer();
  const set = ['a', 'b', 'c'];
  const started = performance.now();
  const documents = pairs.map((pair, index) => ({
    id: pair.id,
    text: pair.text,
    present: set,
    layers: new Map([
      ['a', pair.a],
      ['b', pair.b],
      ['c', third[index]],
    ]),
  }));
  const reliability = corpusReliability(documents, set);
  const reliabilityDone = performance.now();
  let differences = 0;
  for (const document of documents) differences += adjudicate(document.layers, 'a', 'b', set).length;
  const done = performance.now();
  keep(reliability.documents.length);
  return {
    ms: done - started,
    reliabilityMs: reliabilityDone - started,
    differencesMs: done - reliabilityDone,
    documents: documents.length,
    alpha: reliability.reliability.alpha,
    differences,
  };
}

export function releaseAgreement(): void {
  agreementPairs = null;
  thirdLayers = null;
}
