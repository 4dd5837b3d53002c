/** The label set a copy and its team last agreed on, as team sync stores it (corpusSync.ts merges against it). */
import type { Label } from '../model/types';
import type { SyncStore } from './syncStore';

/**
 * The label set this copy and the team last agreed on, as stored (a `syncUpdates` row under
 * `baseMark`): the labels, the names the team removed or renamed away since this copy knew them,
 * and the last rename logged here (storage/labelRenames.ts) that was taken into account.
 */
export interface LabelBase {
  labels: Map<string, Label>;
  removed: Set<string>;
  renameSeq: number;
}

export const encodeBase = (base: LabelBase) =>
  JSON.stringify({ labels: [...base.labels.values()], removed: [...base.removed].sort(), renameSeq: base.renameSeq });

export function decodeBase(bytes: Uint8Array): LabelBase | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as {
      labels?: unknown;
      removed?: unknown;
      renameSeq?: unknown;
    };
    if (!Array.isArray(value.labels) || !Array.isArray(value.removed) || typeof value.renameSeq !== 'number')
      return null;
    const labels = (value.labels as Label[]).filter((label) => typeof label?.name === 'string');
    return {
      labels: new Map(labels.map((label) => [label.name, label])),
      removed: new Set((value.removed as unknown[]).filter((name): name is string => typeof name === 'string')),
      renameSeq: value.renameSeq,
    };
  } catch {
    return null;
  }
}

/** The base as stored under `mark` (empty for a copy that never merged). */
export async function readBase(store: Pick<SyncStore, 'readSyncUpdates'>, mark: string): Promise<LabelBase> {
  const stored = (await store.readSyncUpdates(mark)).at(-1);
  return (stored && decodeBase(stored)) ?? { labels: new Map(), removed: new Set(), renameSeq: 0 };
}
