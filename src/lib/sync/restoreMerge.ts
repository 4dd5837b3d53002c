/**
 * After a restore, the backup's spans that a shared document once held and has removed since leave
 * this copy: this member's own deletion made after the backup, the team's removal of a gold span.
 * The team saw them go; sharing the backup's copy again would bring them back on every copy. What
 * the team never received is not in the document at all, and is shared as usual.
 */
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR } from '../model/types';
import type { SharedLayers } from './sharedLayers';
import type { SyncStore } from './syncStore';

export async function removedSince(
  store: Pick<SyncStore, 'readLayers'>,
  layers: SharedLayers,
  member: string,
): Promise<{ id: string; documentId: string; annotator: string }[]> {
  const remove: { id: string; documentId: string; annotator: string }[] = [];
  for (const annotator of [member, GOLD_ANNOTATOR, REJECTED_ANNOTATOR].filter(layers.accepts)) {
    const { spans } = await store.readLayers(annotator);
    for (const span of spans)
      if (layers.removed(span.id)) remove.push({ id: span.id, documentId: span.documentId, annotator });
  }
  return remove;
}
