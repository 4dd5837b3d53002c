#!/usr/bin/env node
// `npm run sync-server -- --members members.json [--port 1234] [--data sync-data/documents] [--redis redis://127.0.0.1:6379]`
// Each option may come from the environment instead: SPANWRIGHT_SYNC_MEMBERS, SPANWRIGHT_SYNC_PORT,
// SPANWRIGHT_SYNC_DATA, SPANWRIGHT_SYNC_REDIS. docs/team.md says more.
// `npm run sync-server -- --data <folder> --from-sqlite <file>` carries an earlier version's SQLite file over, once.
import { parseArgs } from 'node:util';
import { carryOverSqlite } from './folderStore.js';
import { readMembers, startSyncServer } from './syncServer.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: process.env.SPANWRIGHT_SYNC_MEMBERS },
    port: { type: 'string', default: process.env.SPANWRIGHT_SYNC_PORT ?? '1234' },
    data: { type: 'string', default: process.env.SPANWRIGHT_SYNC_DATA ?? 'sync-data/documents' },
    'from-sqlite': { type: 'string' },
    redis: { type: 'string', default: process.env.SPANWRIGHT_SYNC_REDIS },
    name: { type: 'string', default: process.env.SPANWRIGHT_SYNC_NAME },
  },
});

const from = values['from-sqlite'];
if (from) {
  try {
    const carried = await carryOverSqlite(from, values.data);
    console.log(
      carried === 0
        ? `${from} holds no shared document: nothing to carry over. Move it away, then start the server.`
        : `Carried ${carried} shared document${carried === 1 ? '' : 's'} from ${from} into ${values.data}. Start the server with --data ${values.data}; keep ${from} as a backup.`,
    );
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

if (!values.members) {
  console.error('Give the members file: npm run sync-server -- --members members.json (see docs/team.md).');
  process.exit(2);
}

try {
  const members = readMembers(values.members);
  const running = await startSyncServer({
    port: Number(values.port),
    data: values.data,
    members,
    redis: values.redis,
    name: values.name,
  });
  // Said in the log: an operator who stops it sees it store what it holds, and end (helper-206: it ended unsaid).
  const stop = async (signal) => {
    console.log(`${signal}: storing every shared document, then stopping…`);
    await running.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
