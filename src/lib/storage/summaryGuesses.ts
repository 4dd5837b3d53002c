/**
 * The layer summaries this tab last read or wrote, by database and layer: a guess of what is
 * stored, never the truth. A label predicts its layer's new summary from the guess and puts it in
 * the same round trip as the span, rather than reading the stored summary first and putting the
 * new one after it (spans.ts `createSpanInLayer`). The stored row is still read in that round trip,
 * before the put, and compared with the guess: when another tab, an import or a restore changed it
 * meanwhile, the summary is computed from the stored row and put again in the same transaction.
 * So a wrong guess costs a round trip, never a wrong summary.
 */
import { layerKey } from '../model/layerKey';
import type { DocumentStatus } from '../model/types';
import type { SpanwrightDatabase } from './database';

/** Layers remembered per database; the oldest is forgotten first (a tab labels in a few at a time). */
const REMEMBERED_LAYERS = 32;

const guesses = new WeakMap<SpanwrightDatabase, Map<string, DocumentStatus>>();

/** Remembers `summary` as the stored summary of its layer (after this code read or put it). */
export function rememberSummary(database: SpanwrightDatabase, summary: DocumentStatus): void {
  let layers = guesses.get(database);
  if (!layers) guesses.set(database, (layers = new Map()));
  const key = layerKey(summary.documentId, summary.annotator);
  layers.delete(key);
  layers.set(key, summary);
  if (layers.size > REMEMBERED_LAYERS) layers.delete(layers.keys().next().value!);
}

/** The summary of a layer as this tab last read or wrote it, if it remembers one. */
export function rememberedSummary(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
): DocumentStatus | undefined {
  return guesses.get(database)?.get(layerKey(documentId, annotator));
}

/** True when two summary rows hold the same fields with the same values (revision and times included). */
export function sameSummaryRow(left: DocumentStatus, right: DocumentStatus): boolean {
  const leftKeys = Object.keys(left) as (keyof DocumentStatus)[];
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => {
    if (!(key in right)) return false;
    const [a, b] = [left[key], right[key]];
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
    return a === b;
  });
}
