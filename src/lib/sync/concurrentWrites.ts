/**
 * Two writes to one shared span made at once, neither having seen the other (a note written offline
 * on bob's laptop while his desktop relabelled the span; two reviewers noting one gold decision):
 * Yjs keeps one of them by its writers' client ids, which say nothing of when each was made. The
 * rule here, the same on every copy: the later write (the span's `updated`) stands. The copy whose
 * later write lost keeps it and writes it again, after the one that won, so every copy ends with it.
 * A write that had seen the one it replaced stands whatever its time (a restore, an undo).
 */
import * as Y from 'yjs';
import type { Span } from '../model/types';
import { sameRecord, statusFromRecord } from './records';

/** What a span from the team replaced in the shared document: the record held before (if any), and whether the write had seen it. */
export interface Replaced {
  before: unknown;
  unseen: boolean;
}

/** Whether struct `item` holds `id` (consecutive items of one client may be merged into one). */
function holds(item: Y.AbstractStruct, id: Y.ID): boolean {
  return item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;
}

/** Origins followed at most: a span written this many times over is taken as seen (Yjs's pick stands). */
const MOST_STEPS = 10_000;

/** Whether `item` was written by a client that had seen `earlier` (its origins lead to it). */
function sawIt(doc: Y.Doc, item: Y.Item, earlier: Y.Item): boolean {
  let id = item.origin;
  for (let step = 0; step < MOST_STEPS; step++) {
    if (id === null) return false;
    if (holds(earlier, id)) return true;
    let origin: Y.AbstractStruct;
    try {
      origin = Y.getItem(doc.store, id);
    } catch {
      return true;
    }
    if (!(origin instanceof Y.Item)) return true;
    id = origin.origin;
  }
  return true;
}

/**
 * Whether the value key `key` of `map` held before the transaction of `event` (not this client's)
 * was replaced by a write that had not seen it: two writes at once, Yjs having picked the other.
 */
export function replacedUnseen(map: Y.Map<unknown>, event: Y.YMapEvent<unknown>, key: string): boolean {
  const current = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key);
  if (!current || current.deleted) return false;
  // The value before is the first item left of the current one that this transaction did not add (as YMapEvent finds it).
  let before = current.left;
  while (before !== null && event.adds(before)) before = before.left;
  if (before === null || !event.deletes(before)) return false;
  return !sawIt(map.doc!, current, before);
}

/** A layer's status as stored here or shared: what it is, when set, and when finished. */
interface StatusValue {
  status: string;
  updated: number;
  finished?: number;
}

/**
 * What stays here over the team's version, for the layers this copy writes (`SyncStore.applySharedChanges`'s
 * `keepLater`): a span or a document's status stored here stays when it is the later write (by
 * `updated`) and the team's was made without seeing it, because Yjs picked the team's over it
 * (`unseen`), or because it is a write of this copy not shared yet (the shared document held
 * another version before). A span the team removed stays when it was edited here and not shared.
 */
export function keepsLater(change: {
  replaced?: ReadonlyMap<string, Replaced>;
  replacedStatuses?: ReadonlyMap<string, Replaced>;
}) {
  return {
    span(stored: Span, incoming: Span): boolean {
      if (change.replaced === undefined || stored.updated <= incoming.updated) return false;
      // No entry: the shared document held nothing under this id before, so the span here was never shared.
      const entry = change.replaced.get(incoming.id);
      return entry === undefined || entry.unseen || !sameRecord(entry.before, stored);
    },
    /** A removal from the team: a span edited here since the version it removed, not shared yet, stays (as in Yjs, a write made at once wins over a removal). */
    removal(stored: Span): boolean {
      const entry = change.replaced?.get(stored.id);
      return entry !== undefined && entry.before !== undefined && !sameRecord(entry.before, stored);
    },
    status(stored: StatusValue, incoming: { documentId: string; status: StatusValue }): boolean {
      const entry = change.replacedStatuses?.get(incoming.documentId);
      if (entry === undefined || stored.updated <= incoming.status.updated || sameStatus(stored, incoming.status))
        return false;
      // A stored summary's time moves with every span written: only its status and finish say whether it
      // was shared (with none shared before, a status other than the first one, to do, was set here).
      const before = statusFromRecord(entry.before) ?? { status: 'todo', updated: 0 };
      return entry.unseen || !sameStatus(before, stored);
    },
  };
}

const sameStatus = (left: StatusValue, right: StatusValue) =>
  left.status === right.status && left.finished === right.finished;
