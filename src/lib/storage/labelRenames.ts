/**
 * The log of the label renames and removals made here (Settings → Labels), for team sync: a rename
 * is shared as a rename (every copy moves its spans to the new name) and a removal as a removal
 * (every copy deletes the label's spans) only when the log says the user made it. Inferred from the
 * set alone, a rename read with an edit, a removal beside a new label with the freed key, a label
 * an import took back, or one a join in another project dropped, would be taken for the other or
 * for a removal, and take spans from every copy. A team label missing here without a logged
 * removal comes back instead.
 *
 * Rows of `syncUpdates` under a name no shared document can have (theirs hold a `/`), like the
 * restore mark: that table is kept by a restore and left out of backups. The last few are kept.
 */
import type { SpanwrightDatabase } from './database';

export const LABEL_RENAMES_NAME = 'label-renames';
/** The settings row Settings → Team keeps (state/teamSettings.ts): its project is the one a rename belongs to. */
export const TEAM_SETTING_KEY = 'team';
const KEPT = 64;

/**
 * One rename (`to`: the new name) or removal (`to` null): `seq` orders them (the row's key, rising).
 * `project` is Settings → Team's project when it was made (empty: none): it is shared with that project only.
 */
export interface LabelRename {
  seq: number;
  from: string;
  to: string | null;
  project: string;
  /** `team`: the team's own change, taken in here (another tab whose copy of the team lags must not undo it). */
  by: 'here' | 'team';
  /** When it was made (ms); absent in entries of earlier builds. Orders a reviewer's renames among the team's. */
  at?: number;
}

/** Notes a rename or (`to` null) a removal, inside its transaction (which spans `syncUpdates` and `settings`). */
export async function logLabelRename(
  database: SpanwrightDatabase,
  from: string,
  to: string | null,
  by: LabelRename['by'] = 'here',
): Promise<number> {
  const team = (await database.settings.get(TEAM_SETTING_KEY))?.value as { project?: unknown } | undefined;
  const project = typeof team?.project === 'string' ? team.project : '';
  const logged = await database.syncUpdates.add({
    name: LABEL_RENAMES_NAME,
    update: new TextEncoder().encode(JSON.stringify({ from, to, project, by, at: Date.now() })),
  });
  const keys = (await database.syncUpdates.where('name').equals(LABEL_RENAMES_NAME).primaryKeys()).map(Number);
  if (keys.length > KEPT)
    await database.syncUpdates.bulkDelete(keys.sort((a, b) => a - b).slice(0, keys.length - KEPT));
  return Number(logged);
}

/**
 * What a span from the team is labelled here: a label the set no longer has, renamed since the span was last written
 * (the rename logged here later than its `updated`, in the team's project), goes by the new name, in turn. A member offline through a
 * rename shares their spans under the old name until their copy takes the rename in; every other copy shows them
 * under the new one meanwhile, as its own spans (helper-198: they showed a label that is gone, a disagreement none
 * made, and "add it to the team's labels").
 */
export async function renamedSince(
  database: SpanwrightDatabase,
): Promise<<T extends { label: string; updated: number }>(span: T) => T> {
  const team = (await database.settings.get(TEAM_SETTING_KEY))?.value as { project?: unknown } | undefined;
  const project = typeof team?.project === 'string' ? team.project : '';
  const renames = (await readLabelRenames(database)).filter(
    (entry) => entry.to !== null && entry.at !== undefined && entry.project === project,
  );
  // Only a label the set no longer has: a rename moves spans without writing them anew, so a span under a name
  // the set still holds may carry it already renamed (a swap of two names through a third).
  const names = new Set((await database.labels.toArray()).map((label) => label.name));
  return (span) => {
    if (names.has(span.label)) return span;
    let label = span.label;
    for (const entry of renames) if (entry.from === label && entry.at! > span.updated) label = entry.to!;
    return label === span.label ? span : { ...span, label };
  };
}

/** The renames logged, oldest first (inside a transaction over `syncUpdates`, or alone). */
export async function readLabelRenames(database: SpanwrightDatabase): Promise<LabelRename[]> {
  const rows = await database.syncUpdates.where('name').equals(LABEL_RENAMES_NAME).sortBy('seq');
  return rows.flatMap((row) => {
    try {
      const entry = JSON.parse(new TextDecoder().decode(row.update)) as {
        from?: unknown;
        to?: unknown;
        project?: unknown;
        by?: unknown;
        at?: unknown;
      };
      const { from, to, project } = entry;
      const by: LabelRename['by'] = entry.by === 'team' ? 'team' : 'here';
      const at = typeof entry.at === 'number' && Number.isFinite(entry.at) ? { at: entry.at } : {};
      const valid = typeof from === 'string' && (typeof to === 'string' || to === null) && typeof project === 'string';
      return valid && row.seq !== undefined ? [{ seq: row.seq, from, to, project, by, ...at }] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The names `labels` go by now, following the renames (and merges) logged since `since` (ms, as
 * `Date.now()`), the log read once; null for one a rename removed, or that the label set has no label
 * of (gone another way: a team label dropped unused). An undo of a step made before a rename finds its
 * span under the new name.
 */
export async function labelNamesNow(
  database: SpanwrightDatabase,
  labels: readonly string[],
  since: number,
): Promise<Map<string, string | null>> {
  return database.transaction('r', database.syncUpdates, database.labels, async () => {
    const renames = (await readLabelRenames(database)).filter((entry) => (entry.at ?? 0) >= since);
    const names = new Map<string, string | null>();
    for (const label of labels) {
      let name: string | null = label;
      for (const entry of renames) if (name !== null && entry.from === name) name = entry.to;
      names.set(label, name !== null && (await database.labels.get(name)) ? name : null);
    }
    return names;
  });
}
