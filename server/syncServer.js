// The team server: Hocuspocus keeping each shared document in a file (folderStore.js), a token per
// member, and each member's right to write checked here, not trusted to the client. docs/team.md
// explains how to run it.
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import { FolderStore, prepareFolder } from './folderStore.js';
import { parseDocumentName } from './sharedRecords.js';
import { presenceInMessage, presenceRefusal, refusal, updateInMessage } from './updateCheck.js';

/**
 * @typedef {{ name: string, token: string, role: 'annotator' | 'reviewer' }} Member
 * @typedef {{ port: number, data: string, members: Member[], redis?: string, name?: string, log?: (line: string) => void }} SyncServerOptions
 */

/**
 * Reads the members file: `{ "members": [{ "name": "alice", "token": "…", "role": "annotator" }, …] }`.
 * Throws with a sentence naming what is wrong.
 * @param {string} path
 * @returns {Member[]}
 */
export function readMembers(path) {
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  const members = parsed?.members;
  if (!Array.isArray(members) || members.length === 0) throw new Error(`${path}: "members" must be a non-empty list`);
  const names = new Set();
  return members.map((member, index) => {
    const where = `${path}: member ${index + 1}`;
    if (typeof member?.name !== 'string' || member.name.trim() === '') throw new Error(`${where} has no name`);
    if (member.name === 'gold' || member.name === 'gold:rejected')
      throw new Error(`${where}: "${member.name}" is the review's layer, not a member`);
    if (typeof member.token !== 'string' || member.token.length < 8)
      throw new Error(`${where} (${member.name}) needs a token of at least 8 characters`);
    if (member.role !== undefined && member.role !== 'annotator' && member.role !== 'reviewer')
      throw new Error(`${where} (${member.name}): role must be "annotator" or "reviewer"`);
    if (names.has(member.name)) throw new Error(`${where}: "${member.name}" is listed twice`);
    names.add(member.name);
    return { name: member.name, token: member.token, role: member.role ?? 'annotator' };
  });
}

/**
 * The member holding `token`, compared in constant time, or undefined.
 * @param {Member[]} members
 * @param {string} token
 */
function memberWithToken(members, token) {
  const given = Buffer.from(String(token ?? ''));
  return members.find((member) => {
    const expected = Buffer.from(member.token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/**
 * May `member` write the shared document `parsed` names?
 * @param {Member} member
 * @param {{ kind: string, owner: string | null }} parsed
 */
export function mayWrite(member, parsed) {
  if (parsed.kind === 'layer') return parsed.owner === member.name;
  if (parsed.kind === 'gold' || parsed.kind === 'corpus') return member.role === 'reviewer';
  return false;
}

/**
 * Starts a team server; resolves once it listens. `stop()` closes it after storing every document.
 * @param {SyncServerOptions} options
 */
export async function startSyncServer(options) {
  const log = options.log ?? ((line) => console.log(line));
  const members = options.members;
  prepareFolder(options.data);
  const store = new FolderStore(options.data);
  /** @type {import('@hocuspocus/server').Extension[]} */
  const extensions = [store];
  if (options.redis) {
    const url = new URL(options.redis);
    extensions.push(new Redis({ host: url.hostname, port: Number(url.port || 6379) }));
  }
  const server = new Server({
    name: options.name ?? null,
    port: options.port,
    address: '127.0.0.1',
    quiet: true,
    // sync-server.js stops it on a signal (after every document is stored); tests stop it themselves.
    stopOnSignals: false,
    extensions,
    // A token names the member; the document's name says whose it is and so whether they may write.
    async onAuthenticate({ token, documentName, connectionConfig }) {
      const parsed = parseDocumentName(documentName);
      if (!parsed) throw new Error(`no such shared document: ${documentName}`);
      const member = memberWithToken(members, token);
      if (!member) {
        log(`refused a connection to ${documentName}: unknown token`);
        throw new Error('unknown token');
      }
      connectionConfig.readOnly = !mayWrite(member, parsed);
      return { member: member.name, role: member.role, kind: parsed.kind, owner: parsed.owner };
    },
    // The members list is the server's to write: it holds each member's name and role (never a token).
    async afterLoadDocument({ document, documentName }) {
      const parsed = parseDocumentName(documentName);
      if (parsed?.kind !== 'members') return;
      const shared = document.getMap('members');
      document.transact(() => {
        for (const name of shared.keys()) if (!members.some((member) => member.name === name)) shared.delete(name);
        for (const member of members)
          if (shared.get(member.name)?.role !== member.role) shared.set(member.name, { role: member.role });
      });
    },
    // An update is read before it is applied: anything but the records the document holds is refused
    // and the connection closed, so nothing of it reaches the stored document.
    async beforeHandleMessage({ update, connection, document, documentName, context }) {
      // Who is online shows the member a token belongs to: presence naming another is refused.
      const claims = presenceInMessage(update);
      if (claims !== null) {
        const why = presenceRefusal(claims, document.awareness, context.member);
        if (why === null) return;
        log(`refused presence on ${documentName} from ${context.member}: ${why}`);
        throw Object.assign(new Error(why), { code: 4403, reason: 'refused presence' });
      }
      if (connection?.readOnly) return;
      const carried = updateInMessage(update);
      if (carried === null) return;
      const why = refusal(carried, context.kind, context.owner);
      if (why === null) return;
      log(`refused an update to ${documentName} from ${context.member}: ${why}`);
      throw Object.assign(new Error(why), { code: 4403, reason: 'refused update' });
    },
  });
  // Hocuspocus hands its `address` to Node's listen() as `address`, which Node ignores (it reads
  // `host`): the server then listened on every interface. Loopback only, as docs/team.md says.
  const listen = server.httpServer.listen.bind(server.httpServer);
  server.httpServer.listen = (settings, callback) => listen({ ...settings, host: '127.0.0.1' }, callback);
  await server.listen();
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log(`Spanwright sync server listening on ws://127.0.0.1:${port} (data: ${options.data})`);
  return {
    port,
    server,
    async stop() {
      await server.destroy();
      await store.idle();
    },
  };
}
