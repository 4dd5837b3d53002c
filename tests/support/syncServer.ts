// Starts `server/sync-server.js` as its own process on 127.0.0.1 (as `npm run sync-server` does),
// for the sync tests; resolves once it listens, with its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestMember {
  name: string;
  token: string;
  role: 'annotator' | 'reviewer';
}

export interface RunningSyncServer {
  port: number;
  url: string;
  /** Everything the server printed (refusals included). */
  output(): string;
  /** Stops it as Ctrl+C does: it stores every document first. `lose: true` kills it at once (SIGKILL). */
  stop(options?: { lose?: boolean }): Promise<void>;
}

const SERVER = join(import.meta.dirname, '../../server/sync-server.js');

/** Writes the members file into `folder` and returns its path. */
export function writeMembers(folder: string, members: readonly TestMember[]): string {
  const path = join(folder, 'members.json');
  writeFileSync(path, JSON.stringify({ members }, null, 2));
  return path;
}

export async function startSyncServerProcess(options: {
  folder: string;
  members: string;
  port?: number;
  redis?: string;
  data?: string;
}): Promise<RunningSyncServer> {
  const args = [SERVER, '--members', options.members, '--port', String(options.port ?? 0)];
  args.push('--data', options.data ?? join(options.folder, 'data'));
  if (options.redis) args.push('--redis', options.redis);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sync server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on ws:\/\/127\.0\.0\.1:(\d+)/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sync server exited (${code}):\n${output}`));
    });
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    output: () => output,
    stop: (stopOptions = {}) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(stopOptions.lose ? 'SIGKILL' : 'SIGTERM');
      }),
  };
}
