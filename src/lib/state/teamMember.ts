/**
 * The member a team token writes as: the Annotator whose layer the server last let it write. Kept in
 * localStorage (one mark per database), so every tab of the browser knows it (a tab that waits for the
 * one running team sync too), and a start offline does. It counts only for the server, project and
 * token it was learnt with (a fingerprint of the three, never the token itself).
 */
import { textFingerprint } from '../model/fingerprint';
import { localStore, type LocalStore } from '../storage/localStore';
import type { Store } from '../storage/store';
import { readTeamSettings, type TeamSettingsValue } from './teamSettings';

const markKey = (database: string) => `spanwright-team-member:${database}`;
const learntWith = ({ server, project, token }: TeamSettingsValue) =>
  textFingerprint(`${server}\n${project}\n${token}`);

/** The member `settings`' token writes as, as last learnt in this browser; null when not known. */
export function readMember(
  database: string,
  settings: TeamSettingsValue,
  storage: LocalStore | undefined = localStore(),
): string | null {
  try {
    const mark: unknown = JSON.parse(storage?.getItem(markKey(database)) ?? 'null');
    if (typeof mark !== 'object' || mark === null || !('of' in mark) || !('member' in mark)) return null;
    return mark.of === learntWith(settings) && typeof mark.member === 'string' ? mark.member : null;
  } catch {
    return null; // unreadable, or storage refused: not known
  }
}

/** Remembers that the server let `settings`' token write `member`'s layer. */
export function writeMember(
  database: string,
  settings: TeamSettingsValue,
  member: string,
  storage: LocalStore | undefined = localStore(),
): void {
  try {
    if (readMember(database, settings, storage) !== member)
      storage?.setItem(markKey(database), JSON.stringify({ of: learntWith(settings), member }));
  } catch {
    // Storage full or refused: the member is learnt again at the next connection.
  }
}

/** Forgets the member learnt for `settings` when it is `member`: the server refused that name's layer since
 * (the members list renamed them, say), so refusals no longer name it. */
export function forgetMember(
  database: string,
  settings: TeamSettingsValue,
  member: string,
  storage: LocalStore | undefined = localStore(),
): void {
  try {
    if (readMember(database, settings, storage) === member) storage?.removeItem(markKey(database));
  } catch {
    // Storage refused: nothing was kept either.
  }
}

/** Why `member`'s token does not write `annotator`'s layer: a write would stay in this browser. */
export const otherLayerRefusal = (member: string, annotator: string): string =>
  `Not saved: team sync is on as ${member}, whose token writes ${member}’s layer only, not “${annotator}”’s (it would stay in this browser). Type ${member} in the Annotator field to label.`;

/**
 * Why a write into `annotator`'s layer that does not wait for team sync to start (a note kept from before
 * a reload) is refused: team sync is set, and its token writes another member's layer; null otherwise.
 */
export async function storedTeamRefusal(store: Store, annotator: string): Promise<string | null> {
  const settings = await readTeamSettings(store);
  const member = settings.server === '' ? null : readMember(store.databaseName, settings);
  return member !== null && member !== annotator ? otherLayerRefusal(member, annotator) : null;
}
