/** Corpus agreement in the harness page: corpusAgreement over two layers of the kept corpus. */
import { DEFAULT_LABELS } from '../../src/lib/model/labels';
import { corpusAgreement, type DocumentPair, type LayerSpan } from '../../src/lib/model/agreement';
import { createRandom } from '../generate.js';
import { corpus, keep } from './corpus';

let agreementPairs: DocumentPair[] | null = null;

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

export function releaseAgreement(): void {
  agreementPairs = null;
}
