// Where the team server keeps what it receives: each shared document's Yjs state in a file of its own,
// in one folder. Plain files need nothing built on install (the SQLite store before this compiled
// SQLite from source on every `npm install`: 72 s of it here, and a C++ toolchain needed).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Database } from '@hocuspocus/extension-database';
import * as Y from 'yjs';

/**
 * The file holding a document: the SHA-256 of its name, so that no name (a project's, a member's) can
 * reach outside the folder, and names differing only in case stay apart on a case-insensitive disk.
 * @param {string} folder
 * @param {string} documentName
 */
export const documentFile = (folder, documentName) =>
  join(folder, `${createHash('sha256').update(documentName, 'utf8').digest('hex')}.yjs`);

const SQLITE_HEADER = 'SQLite format 3\0';

/** @param {string} path */
function isSqlite(path) {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  return header.toString('latin1') === SQLITE_HEADER;
}

/** The file where an earlier version kept a server's data by default (`--data sync-data/spanwright.sqlite`). */
export const OLD_DEFAULT = 'spanwright.sqlite';

/** @param {string} from @param {string} folder */
const carryOverHint = (from, folder) =>
  `Carry it over once with: npm run sync-server -- --data ${folder} --from-sqlite ${from} (docs/team.md).`;

/**
 * Makes sure `folder` can hold the server's documents, creating it if need be. Throws with a sentence when
 * the data would not be found there: a path that is a file (the SQLite file of an earlier version is named as
 * such), or a new folder beside that version's default file, which was never carried over.
 * @param {string} folder
 */
export function prepareFolder(folder) {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    if (isSqlite(folder))
      throw new Error(
        `--data ${folder} is the SQLite file of an earlier Spanwright server; this one keeps its data in a folder. ${carryOverHint(folder, 'sync-data/documents')}`,
      );
    throw new Error(`--data ${folder} is a file; give a folder for the server's data`);
  }
  mkdirSync(folder, { recursive: true });
  const old = join(dirname(folder), OLD_DEFAULT);
  const holdsDocuments = readdirSync(folder).some((name) => name.endsWith('.yjs'));
  if (!holdsDocuments && existsSync(old) && isSqlite(old))
    throw new Error(`${old} holds the data of an earlier Spanwright server. ${carryOverHint(old, folder)}`);
}

/**
 * Carries the shared documents of an earlier version's SQLite file into `folder` (merged with any the folder
 * holds: Yjs merges two states of a document without loss). Reads it with the sqlite3 command-line tool.
 * Returns how many documents it carried.
 * @param {string} sqlitePath
 * @param {string} folder
 */
export async function carryOverSqlite(sqlitePath, folder) {
  if (!existsSync(sqlitePath) || !isSqlite(sqlitePath)) throw new Error(`${sqlitePath} is not a SQLite file`);
  let listed;
  try {
    const query = 'SELECT hex(name), hex(data) FROM documents ORDER BY rowid';
    listed = execFileSync('sqlite3', ['-readonly', '-batch', sqlitePath, query], {
      encoding: 'utf8',
      maxBuffer: 2 ** 31 - 1,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = /** @type {NodeJS.ErrnoException & { stderr?: string }} */ (error);
    if (failed.code === 'ENOENT')
      throw new Error('--from-sqlite needs the sqlite3 command-line tool (Debian: apt-get install sqlite3)', {
        cause: error,
      });
    throw new Error(`${sqlitePath} could not be read: ${String(failed.stderr ?? failed.message).trim()}`, {
      cause: error,
    });
  }
  mkdirSync(folder, { recursive: true });
  let carried = 0;
  for (const line of listed.split('\n')) {
    if (line === '') continue;
    const [name, data] = line.split('|').map((hex) => Buffer.from(hex, 'hex'));
    const path = documentFile(folder, name.toString('utf8'));
    const held = existsSync(path) ? [new Uint8Array(await readFile(path))] : [];
    await writeWhole(path, Y.mergeUpdates([...held, new Uint8Array(data)]));
    carried++;
  }
  return carried;
}

/**
 * Writes `data` to `path` whole or not at all: into a file beside it, flushed to disk, then renamed over it.
 * @param {string} path
 * @param {Uint8Array} data
 */
export async function writeWhole(path, data) {
  const partial = `${path}.${process.pid}.partial`;
  const handle = await open(partial, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, path);
}

/**
 * Hocuspocus's Database extension over a folder. Stores of one document run one after another, so an older
 * state never lands after a newer one; `idle()` resolves once every store begun has ended.
 */
export class FolderStore extends Database {
  /** @type {Map<string, Promise<void>>} */
  #queues = new Map();

  /** @param {string} folder */
  constructor(folder) {
    super({
      fetch: async ({ documentName }) => {
        try {
          return new Uint8Array(await readFile(documentFile(folder, documentName)));
        } catch (error) {
          if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return null;
          throw error;
        }
      },
      store: ({ documentName, state }) => {
        const path = documentFile(folder, documentName);
        const before = this.#queues.get(path) ?? Promise.resolve();
        const written = before.then(() => writeWhole(path, state));
        const queued = written.catch(() => rm(`${path}.${process.pid}.partial`, { force: true }));
        this.#queues.set(path, queued);
        void queued.then(() => this.#queues.get(path) === queued && this.#queues.delete(path));
        return written;
      },
    });
  }

  /** Resolves once every store begun has ended. */
  async idle() {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }
}
