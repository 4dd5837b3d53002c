import type { Store } from '../storage/store';

/** Settings → Team, as stored. An empty server is the solo app: nothing leaves the page. */
export interface TeamSettingsValue {
  server: string;
  project: string;
  token: string;
}

export const NO_TEAM: TeamSettingsValue = { server: '', project: '', token: '' };
export const TEAM_SETTING_KEY = 'team';

/**
 * The stored team settings (no server when none are stored). The workbench reads them at start-up
 * to learn whether team sync is on, before the team's code (team.svelte.ts and src/lib/sync) loads.
 */
export async function readTeamSettings(store: Store): Promise<TeamSettingsValue> {
  return { ...NO_TEAM, ...(await store.readSetting<TeamSettingsValue>(TEAM_SETTING_KEY, NO_TEAM)) };
}
