import { TEAM_SETTING_KEY } from '../storage/labelRenames';
import type { Store } from '../storage/store';

/** Settings → Team, as stored. An empty server is the solo app: nothing leaves the page. */
export interface TeamSettingsValue {
  server: string;
  project: string;
  token: string;
}

export const NO_TEAM: TeamSettingsValue = { server: '', project: '', token: '' };
/** The settings row Settings → Team is stored in (storage logs label renames under its project). */
export { TEAM_SETTING_KEY };

/**
 * The stored team settings (no server when none are stored). The workbench reads them at start-up
 * to learn whether team sync is on, before the team's code (team.svelte.ts and src/lib/sync) loads.
 */
export async function readTeamSettings(store: Store): Promise<TeamSettingsValue> {
  return { ...NO_TEAM, ...(await store.readSetting<TeamSettingsValue>(TEAM_SETTING_KEY, NO_TEAM)) };
}
