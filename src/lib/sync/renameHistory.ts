/**
 * The team's label renames in the order reviewers made them, so a copy that was closed meanwhile
 * replays them in turn. A label's own `renamed` field (records.ts) says only where its name went
 * last: after a rename A → T and then B → A (or a swap of two names through a third), the new A
 * wipes that field, and a copy that still held the old A would keep its spans on A, now a different
 * label. Each rename a reviewer shares is therefore also a key of its own in `labelFields`,
 * `[from, "renamed", at, seq]` (when it was made, and its place in that reviewer's log), holding
 * `{ renamed: to }` as the label field does, which servers and copies of earlier builds accept and
 * pass over. A copy takes each key in once: the keys taken are stored (`takenMark`), written in the
 * same transaction as the rename they moved spans for, so a crash never replays one.
 */
import { counted } from '../model/counted';
import { twinMarks } from '../model/labels';
import type { Label } from '../model/types';
import type { SyncStore } from './syncStore';

/** A rename as the team's history holds it. */
export interface TeamRename {
  key: string;
  from: string;
  to: string;
  at: number;
  seq: number;
}

/** The history key of a rename logged here (storage/labelRenames.ts): the same key however often it is shared. */
export const historyKey = (from: string, at: number, seq: number) => JSON.stringify([from, 'renamed', at, seq]);

/** A history key's rename, without its new name (null: not a history key). */
function parseHistoryKey(key: string): { from: string; at: number; seq: number } | null {
  try {
    const parsed: unknown = JSON.parse(key);
    if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[1] !== 'renamed') return null;
    const [from, , at, seq] = parsed as unknown[];
    return typeof from === 'string' && typeof at === 'number' && typeof seq === 'number' ? { from, at, seq } : null;
  } catch {
    return null;
  }
}

export const isHistoryKey = (key: string) => parseHistoryKey(key) !== null;

/** The renames a `labelFields` map holds, in the order made (their time, then the maker's log). */
export function renameHistory(entries: Iterable<[string, unknown]>): TeamRename[] {
  const history: TeamRename[] = [];
  for (const [key, value] of entries) {
    const parsed = parseHistoryKey(key);
    const to = (value as { renamed?: unknown } | null)?.renamed;
    if (!parsed || typeof to !== 'string' || parsed.from === to || to.trim() === '') continue;
    history.push({ key, to, ...parsed });
  }
  return history.sort((a, b) => a.at - b.at || a.seq - b.seq || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The history writes of the renames logged here since the base (`logged`, oldest first), up to
 * `upTo` (a later one waits for a limit of the server): those of a label the team knew (`known`,
 * the base), or one a rename before it made. A label made and renamed here alone is shared as new.
 */
export function ownRenames(
  logged: readonly { seq: number; from: string; to: string | null; at?: number }[],
  known: ReadonlyMap<string, Label>,
  upTo: number,
): [string, { renamed: string }][] {
  const names = new Set(known.keys());
  const writes: [string, { renamed: string }][] = [];
  for (const entry of logged) {
    if (entry.seq > upTo) break;
    const shared = names.delete(entry.from);
    if (entry.to === null || !shared) continue;
    names.add(entry.to);
    // Entries of earlier builds carry no time: their renames go by the label's field alone, as they did.
    if (entry.at !== undefined) writes.push([historyKey(entry.from, entry.at, entry.seq), { renamed: entry.to }]);
  }
  return writes;
}

const encodeKeys = (keys: readonly string[]) => new TextEncoder().encode(JSON.stringify(keys));

/** The history keys this copy has taken in (its rows under `mark`). */
export async function readTaken(store: Pick<SyncStore, 'readSyncUpdates'>, mark: string): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const row of await store.readSyncUpdates(mark))
    try {
      const keys: unknown = JSON.parse(new TextDecoder().decode(row));
      if (Array.isArray(keys)) for (const key of keys) if (typeof key === 'string') taken.add(key);
    } catch {
      // A damaged row: its renames are read as not taken.
    }
  return taken;
}

/**
 * Notes the history keys of `keys` as taken in, without moving anything (this copy made them, or must
 * not replay them); other keys are passed over.
 */
export async function markTaken(store: Pick<SyncStore, 'appendSyncUpdate'>, mark: string, keys: readonly string[]) {
  const history = keys.filter(isHistoryKey);
  if (history.length > 0) await store.appendSyncUpdate(mark, encodeKeys(history));
}

/** What taking in a rename into a label this copy holds did with the spans at a place both held (SyncStore.renameLabelInto). */
export interface RenameTwins {
  dropped: number;
  carried: number;
}

/** Tells the member of each rename from the team taken in here (`listener.notice`). */
export const renameTeller =
  (listener: { notice?(text: string, kind?: 'news'): void }) => (from: string, to: string, twins: RenameTwins) =>
    listener.notice?.(renameNews(from, to, twins), 'news');

const renameNews = (from: string, to: string, { dropped, carried }: RenameTwins) =>
  `The team renamed the label ${from} to ${to}: its spans here carry the new name` +
  (dropped > 0 ? `; ${counted(dropped, 'span')} at a place “${to}” held already went` : '') +
  (carried > 0 ? ` (${twinMarks(carried, dropped, to)})` : '') +
  '.';

/**
 * Replays the team's renames this copy has not taken in, in order: each moves the spans of a label
 * this copy holds under its old name to the new one. `local` (this database's labels) and `known`
 * (the base's) follow the renames, so the field merge after compares like with like. With `replay`
 * false (a copy just restored, whose set the team's replaces whole) every rename is only noted as taken; with
 * `carried` (a fresh copy's first sync) those of a label a span here carries are replayed: a member who labelled in
 * a new browser before it first reached the server did so with the default labels, which the team may have
 * renamed since (helper-206: the old names came back into every member's set, unsaid). The names renamed away
 * join `removed` (the base's, as labelBase.ts has it); `told` hears each rename replayed here.
 */
export async function replayRenames(
  store: Pick<SyncStore, 'readSyncUpdates' | 'appendSyncUpdate' | 'renameLabelInto' | 'countSpansByAnnotator'>,
  mark: string,
  history: readonly TeamRename[],
  labels: { local: Map<string, Label>; known: Map<string, Label>; removed: Set<string> },
  replay: boolean | 'carried',
  { now, told }: { now: number; told?: (from: string, to: string, twins: RenameTwins) => void },
): Promise<void> {
  const taken = await readTaken(store, mark);
  const fresh = history.filter((rename) => !taken.has(rename.key));
  const passed: string[] = [];
  for (const rename of fresh) {
    const label = labels.local.get(rename.from);
    if (!label || !(replay === 'carried' ? await carried(store, rename.from) : replay)) {
      passed.push(rename.key);
      continue;
    }
    const twins = await store.renameLabelInto(rename.from, rename.to, now, {
      name: mark,
      update: encodeKeys([rename.key]),
    });
    labels.local.delete(rename.from);
    if (!labels.local.has(rename.to)) labels.local.set(rename.to, { ...label, name: rename.to });
    const before = labels.known.get(rename.from);
    labels.known.delete(rename.from);
    if (before && !labels.known.has(rename.to)) labels.known.set(rename.to, { ...before, name: rename.to });
    labels.removed.add(rename.from);
    told?.(rename.from, rename.to, twins);
  }
  await markTaken(store, mark, passed);
}

/** Whether a span of any layer here carries label `name`. */
const carried = async (store: Pick<SyncStore, 'countSpansByAnnotator'>, name: string) =>
  [...(await store.countSpansByAnnotator(name)).values()].some((count) => count > 0);

/** Where a label the team renamed went (following renames in turn), or null when it is not in the set: removed. */
export function renamedTo(
  name: string,
  renamed: ReadonlyMap<string, string>,
  team: ReadonlyMap<string, Label>,
): string | null {
  let to = renamed.get(name);
  for (let step = 0; to !== undefined && !team.has(to) && step < 64; step++) to = renamed.get(to);
  return to !== undefined && team.has(to) ? to : null;
}

/**
 * Says when the history renamed one label to two names both still in the set (`team`): renames made
 * at once, offline, each taking the label its own way (or a label of that name made again and
 * renamed). Each copy keeps its spans under the name it had, so the label is split in two; the
 * member is told once (the splits told are stored under `<renamesMark>/splits`, so a team that keeps
 * both labels is not told again at each sync), and a reviewer how to join them.
 */
export async function tellSplits(
  store: Pick<SyncStore, 'readSyncUpdates' | 'appendSyncUpdate'>,
  { renamesMark, listener }: { renamesMark: string; listener: { notice?: (text: string) => void } },
  history: readonly TeamRename[],
  team: ReadonlyMap<string, Label>,
  told: Set<string>,
  reviewer: boolean,
): Promise<void> {
  const targets = new Map<string, string[]>();
  for (const { from, to } of history) if (team.has(to)) targets.set(from, [...(targets.get(from) ?? []), to]);
  const splits = [...targets]
    .map(([from, names]) => ({ from, split: [...new Set(names)].sort() }))
    .filter(({ from, split }) => split.length > 1 && !team.has(from));
  if (splits.length === 0) return;
  const mark = `${renamesMark}/splits`;
  const stored = await readTaken(store, mark);
  for (const { from, split } of splits) {
    const key = JSON.stringify(['split', from, split]);
    if (told.has(key) || stored.has(key)) continue;
    told.add(key);
    const how = reviewer
      ? 'rename one to the other in Settings → Labels to merge them'
      : 'a reviewer can merge them (Settings → Labels)';
    listener.notice?.(
      `Renames of the label “${from}” went to ${split.map((name) => `“${name}”`).join(' and ')}, and each is a label now: the spans carry one or the other. If they are one label, ${how}.`,
    );
    // Told first: a failed write only means it is told again at the next sync.
    await store.appendSyncUpdate(mark, encodeKeys([key])).catch(() => undefined);
  }
}
