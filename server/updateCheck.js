// Reads a client's message before Hocuspocus applies it: an update that writes anything but the
// records a Spanwright document holds is refused, so a broken or malicious client can not store it.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { documentRules } from './sharedRecords.js';

/** Hocuspocus message types that carry a Yjs sync message (`Sync`, `SyncReply`). */
const SYNC_MESSAGES = new Set([0, 4]);
/** y-protocols sync message types that carry an update (`step 2`, `update`). */
const UPDATE_STEPS = new Set([1, 2]);

/**
 * The Yjs update a Hocuspocus message carries, or null when it carries none (awareness, auth, a
 * state vector). Throws on a message that can not be read.
 * @param {Uint8Array} message
 * @returns {Uint8Array | null}
 */
export function updateInMessage(message) {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (!SYNC_MESSAGES.has(type)) return null;
  const step = decoding.readVarUint(decoder);
  if (!UPDATE_STEPS.has(step)) return null;
  return decoding.readVarUint8Array(decoder);
}

/**
 * Why `update` may not be applied to a shared document of `kind` (owned by `owner`), or null when
 * it may: every value it writes must be a record that document holds, in one of its maps; no text,
 * array, nested type or binary content. Deletions are allowed (they are how a span is removed).
 * @param {Uint8Array} update
 * @param {string} kind
 * @param {string | null} owner
 * @returns {string | null}
 */
export function refusal(update, kind, owner) {
  const rules = documentRules(kind, owner);
  let decoded;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return `unreadable update (${error instanceof Error ? error.message : String(error)})`;
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === 'string' && !rules.roots.includes(struct.parent))
      return `writes "${struct.parent}", which a ${kind} document does not hold`;
    if (struct.parent !== null && typeof struct.parent !== 'string')
      return 'writes inside a nested type, which a Spanwright document does not hold';
    const content = struct.content;
    if (content instanceof Y.ContentDeleted) continue;
    if (!(content instanceof Y.ContentAny)) return `writes ${content.constructor.name}, not a record`;
    if (typeof struct.parent === 'string' && struct.parentSub === null)
      return `writes a list into "${struct.parent}", not a keyed record`;
    if (
      typeof struct.parent === 'string' &&
      struct.parentSub !== null &&
      rules.acceptsKey?.(struct.parent, struct.parentSub) === false
    )
      return `writes a record under the key ${JSON.stringify(struct.parentSub.slice(0, 80))}, which a ${kind} document does not hold`;
    for (const value of content.arr)
      if (!rules.accepts(value)) return `writes a value a ${kind} document does not hold`;
  }
  return null;
}

/** The Hocuspocus message type that carries an awareness update (presence). */
const AWARENESS_MESSAGE = 1;

/**
 * The presence an awareness message claims: for each client it names, its clock and the member name
 * its state gives (`user.name`; null for a client gone or a state naming no one). Null when the
 * message is not an awareness update. Throws on a message that can not be read.
 * @param {Uint8Array} message
 * @returns {{ clientID: number, clock: number, name: string | null }[] | null}
 */
export function presenceInMessage(message) {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  if (decoding.readVarUint(decoder) !== AWARENESS_MESSAGE) return null;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const claims = [];
  for (let count = decoding.readVarUint(update); count > 0; count--) {
    const clientID = decoding.readVarUint(update);
    const clock = decoding.readVarUint(update);
    const state = JSON.parse(decoding.readVarString(update));
    const name = state?.user?.name;
    claims.push({ clientID, clock, name: name === undefined || name === null ? null : String(name) });
  }
  return claims;
}

/**
 * Why presence `claims` from `member` may not be applied to `awareness` (the document's, on the
 * server), or null when they may: a client state it would take (newer than what it holds) names
 * another member, or replaces the state of a client that another member's state names (clearing or
 * renaming it would hide that member from who is online). A client passes on the states of others
 * it was sent (the provider echoes every change): those are not newer, and y-protocols ignores them.
 * Not refused: a state at the clock held, with no state (how every client tells of a member it timed
 * out, and y-protocols then removes it). A member's token can therefore still hide another member
 * until that member's tab renews its state (every 15 s), but no longer for good with a huge clock.
 * @param {{ clientID: number, clock: number, name: string | null }[]} claims
 * @param {{ meta: Map<number, { clock: number }>, getStates(): Map<number, unknown> }} awareness
 * @param {string} member
 * @returns {string | null}
 */
export function presenceRefusal(claims, awareness, member) {
  for (const { clientID, clock, name } of claims) {
    const held = awareness.meta.get(clientID);
    if (held !== undefined && clock <= held.clock) continue;
    if (name !== null && name !== member) return `claims to be "${name}" in who is online`;
    const holder = /** @type {{ user?: { name?: unknown } } | undefined} */ (awareness.getStates().get(clientID))?.user
      ?.name;
    if (typeof holder === 'string' && holder !== member) return `changes the presence of "${holder}" in who is online`;
  }
  return null;
}
