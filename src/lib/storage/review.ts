/**
 * The review's storage: the layers it compares, read whole per annotator and kept live, and a
 * decision written into the gold layer in one transaction with the rejections it records.
 *
 * A "neither" decision rejects every version of a difference: the rejected spans are kept per
 * document as a setting `review-rejected:<document id>` holding `start:end:label` keys, so a
 * rejected difference counts as decided and survives a reload and a backup.
 */
import { liveQuery } from 'dexie';
import { CodePointIndex } from '../model/offsets';
import { samePlace, spanKey, type SpanPlace } from '../model/spanIdentity';
import { GOLD_ANNOTATOR, type Document, type DocumentStatus, type Span } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { putSpans, deleteSpans, layerSpans, writeTables } from './spans';

const REJECTED_PREFIX = 'review-rejected:';

/** The rejected span keys a stored setting holds (anything else in it is ignored). */
function rejectedKeys(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
}

/** Every span of `annotator`'s layer, live. */
export function watchAnnotatorSpans(database: SpanwrightDatabase, annotator: string) {
  return liveQuery(() => database.spans.where('annotator').equals(annotator).toArray());
}

/** Every summary row of `annotator`, live. */
export function watchAnnotatorSummaries(database: SpanwrightDatabase, annotator: string) {
  return liveQuery<DocumentStatus[]>(() => database.statuses.where('annotator').equals(annotator).toArray());
}

/** The rejected span keys of every document, live: document id → keys. */
export function watchRejections(database: SpanwrightDatabase) {
  return liveQuery(async () => {
    const rows = await database.settings.where('key').startsWith(REJECTED_PREFIX).toArray();
    return new Map(rows.map((row) => [row.key.slice(REJECTED_PREFIX.length), new Set(rejectedKeys(row.value))]));
  });
}

/** One version of a difference and whether the decision keeps it in gold. */
export interface DecidedVersion {
  span: SpanPlace;
  keep: boolean;
}

/**
 * Writes a decision on one difference into the gold layer of `document`, in one transaction: each
 * kept version is in gold afterwards (added once, quoting the document), each other version is
 * not; with `rejected` every version is recorded as rejected, else none is.
 */
export async function decideInGold(
  database: SpanwrightDatabase,
  document: Pick<Document, 'id' | 'text'>,
  versions: readonly DecidedVersion[],
  rejected: boolean,
  now = Date.now(),
): Promise<void> {
  const index = new CodePointIndex(document.text);
  await database.transaction('rw', [...writeTables(database), database.settings], async () => {
    const gold = await layerSpans(database, document.id, GOLD_ANNOTATOR);
    // A match has one span twice over: keeping either version keeps it.
    const wanted = new Set(versions.filter((version) => version.keep).map((version) => spanKey(version.span)));
    const add: Span[] = [];
    const remove: string[] = [];
    for (const key of new Set(versions.map((version) => spanKey(version.span)))) {
      const span = versions.find((version) => spanKey(version.span) === key)!.span;
      const stored = gold.filter((candidate) => samePlace(candidate, span));
      if (wanted.has(key) && stored.length === 0) {
        const text = document.text.slice(index.toUtf16(span.start), index.toUtf16(span.end));
        const { start, end, label } = span;
        add.push({
          id: globalThis.crypto.randomUUID(),
          documentId: document.id,
          annotator: GOLD_ANNOTATOR,
          start,
          end,
          label,
          text,
          created: now,
          updated: now,
        });
      } else if (!wanted.has(key)) remove.push(...stored.map((candidate) => candidate.id));
    }
    if (add.length > 0) await putSpans(database, add, now);
    if (remove.length > 0) await deleteSpans(database, remove, now);
    await recordRejection(
      database,
      document.id,
      versions.map((version) => spanKey(version.span)),
      rejected,
    );
  });
}

/** Adds `keys` to the document's rejected spans (a "neither" decision) or takes them out (any other). */
async function recordRejection(
  database: SpanwrightDatabase,
  documentId: string,
  keys: readonly string[],
  rejected: boolean,
): Promise<void> {
  const key = `${REJECTED_PREFIX}${documentId}`;
  const stored = await database.settings.get(key);
  const set = new Set(rejectedKeys(stored?.value));
  for (const item of keys) {
    if (rejected) set.add(item);
    else set.delete(item);
  }
  if (set.size > 0) await database.settings.put({ key, value: [...set].sort() });
  else if (stored) await database.settings.delete(key);
}
