/**
 * The data changes of schema upgrades that need more than an index (see database.ts), each run
 * inside its upgrade transaction.
 */
import type { Transaction } from 'dexie';
import { sliceCodePoints } from '../model/offsets';
import { REJECTED_ANNOTATOR, type Document, type DocumentHead, type DocumentStatus, type Span } from '../model/types';
import { headOf } from '../model/documentHead';

/** v3 and before kept "neither" decisions as settings `review-rejected:<document>` of `start:end:label` keys. */
const REJECTED_PREFIX = 'review-rejected:';

/**
 * v4: the rejected spans of every document move from settings into the rejected layer, as spans
 * (so a label rename, a backup and an undo treat them as spans), with their layer summaries.
 */
export async function moveRejectionsIntoLayer(transaction: Transaction, now = Date.now()): Promise<void> {
  const settings = transaction.table<{ key: string; value: unknown }, string>('settings');
  const rows = await settings.where('key').startsWith(REJECTED_PREFIX).toArray();
  for (const row of rows) {
    const documentId = row.key.slice(REJECTED_PREFIX.length);
    const document = await transaction.table<Document, string>('documents').get(documentId);
    const keys = Array.isArray(row.value) ? row.value.filter((key): key is string => typeof key === 'string') : [];
    const spans: Span[] = [];
    for (const key of keys) {
      const match = /^(\d+):(\d+):(.+)$/su.exec(key);
      if (!match || !document) continue;
      const [start, end, label] = [Number(match[1]), Number(match[2]), match[3]];
      spans.push({
        id: globalThis.crypto.randomUUID(),
        documentId,
        annotator: REJECTED_ANNOTATOR,
        start,
        end,
        label,
        text: sliceCodePoints(document.text, start, end),
        created: now,
        updated: now,
        origin: { kind: 'neither', annotators: [], by: '', at: now },
      });
    }
    if (spans.length > 0) {
      await transaction.table<Span, string>('spans').bulkAdd(spans);
      const summary: DocumentStatus = {
        annotator: REJECTED_ANNOTATOR,
        documentId,
        status: 'todo',
        spanCount: spans.length,
        labels: [...new Set(spans.map((span) => span.label))].sort(),
        updated: now,
      };
      await transaction.table<DocumentStatus, [string, string]>('statuses').put(summary);
    }
    await settings.delete(row.key);
  }
}

/** v5: each done status without `finished` takes its `updated` time (when it was last written). */
export async function fillFinished(transaction: Transaction): Promise<void> {
  await transaction
    .table<DocumentStatus, [string, string]>('statuses')
    .toCollection()
    .modify((row) => {
      if (row.status === 'done' && row.finished === undefined) row.finished = row.updated;
    });
}

/** v8: every document's head, read from the documents one at a time (a text is never held twice). */
export async function fillHeads(transaction: Transaction): Promise<void> {
  const heads: DocumentHead[] = [];
  await transaction
    .table<Document, string>('documents')
    .toCollection()
    .each((document) => heads.push(headOf(document)));
  await transaction.table<DocumentHead, string>('heads').bulkAdd(heads);
}
