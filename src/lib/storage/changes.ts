/**
 * Which layers a committed write changed, as a log in the database itself: every transaction that
 * writes spans or summaries appends one row naming the layers it wrote, in the same transaction, so
 * the row commits with the change or not at all. A tab keeps its document list current by reading
 * the rows after the last one it saw (through the store's change feed, `changeFeed.ts`, which hears
 * every tab's writes), then re-reading only the summaries they name: a label in a 10,000-document
 * corpus reads one row, not 10,000. Team sync's mirror follows it through the change feed (`changeFeed.ts`).
 *
 * A row that names no layers (`layers: null`) means "anything may have changed" (a restore); a gap
 * in the sequence (rows pruned while a tab slept) means the same to the reader.
 */
import { layerKey } from '../model/layerKey';
import type { DocumentStatus } from '../model/types';
import { followFeed, withLastChange, type ChangeFeed } from './changeFeed';
import type { LayerChange, SpanwrightDatabase } from './database';

/** Rows kept when the log is pruned; a tab further behind than this reads everything again. */
const KEPT_CHANGES = 1000;
/** A write naming more layers than this is logged as "anything may have changed". */
const MAX_NAMED_LAYERS = 2000;

/** Appends a change naming `layers` ([annotator, documentId] pairs); call inside the write transaction. */
export async function logChange(
  database: SpanwrightDatabase,
  layers: Iterable<readonly [annotator: string, documentId: string]> | 'everything',
): Promise<void> {
  const named = layers === 'everything' ? null : [...layers].map(([annotator, documentId]) => [annotator, documentId]);
  const row: LayerChange = {
    layers: named !== null && named.length <= MAX_NAMED_LAYERS ? (named as [string, string][]) : null,
  };
  await database.changes.add(row);
}

/** Drops all but the last {@link KEPT_CHANGES} rows of the log. */
export async function pruneChanges(database: SpanwrightDatabase): Promise<void> {
  const last = await database.changes.orderBy('seq').last();
  if (last?.seq !== undefined && last.seq > KEPT_CHANGES)
    await database.changes
      .where('seq')
      .below(last.seq - KEPT_CHANGES)
      .delete();
}

/** What a summary watch reports: every summary of the annotator, or the ones a change named. */
export type SummaryUpdate =
  { kind: 'all'; rows: DocumentStatus[] } | { kind: 'some'; rows: Map<string, DocumentStatus | undefined> };

/**
 * Watches one annotator's summary rows (one per document): reports them all first, then after
 * every committed change (in any tab) the rows the change named, or all of them again when it
 * named none or the log has a gap. Updates come in order. Follows the store's one `ChangeFeed`
 * (changeFeed.ts), which reads the log and the named rows once for every watch. Returns the stop function.
 */
export function watchSummaries(
  feed: ChangeFeed,
  database: SpanwrightDatabase,
  annotator: string,
  onUpdate: (update: SummaryUpdate) => void,
  onError: (error: unknown) => void,
): () => void {
  return followFeed(
    feed,
    {
      readAll: async () => {
        const read = await withLastChange(database, [database.statuses], () =>
          database.statuses.where('annotator').equals(annotator).toArray(),
        );
        return { last: read.last, show: () => onUpdate({ kind: 'all', rows: read.value }) };
      },
      changed: (changes, rows) => {
        const documentIds = new Set(
          changes.flatMap((change) => (change.layers ?? []).filter(([name]) => name === annotator).map(([, id]) => id)),
        );
        if (documentIds.size > 0)
          onUpdate({
            kind: 'some',
            rows: new Map([...documentIds].map((id) => [id, rows.get(layerKey(id, annotator))])),
          });
        return undefined;
      },
      rereadUnlogged: false,
    },
    onError,
  );
}
