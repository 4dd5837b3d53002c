/**
 * The team server's address, checked before anything connects: a ws:// or wss:// URL, and one the
 * app's Content-Security-Policy lets it reach (`connect-src`, fixed when the app is built from
 * `SPANWRIGHT_SYNC_ORIGINS`; see vite.config.ts and docs/team.md). Pure: no socket, no Yjs.
 * @see https://www.w3.org/TR/CSP3/#match-url-to-source-expression
 */

/** Why `server` can not be used, or null when it can. */
export function serverProblem(server: string): string | null {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return 'The Server must be a ws:// or wss:// address, e.g. ws://127.0.0.1:1234.';
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return 'The Server must be a ws:// or wss:// address, e.g. wss://sync.example.org.';
  return null;
}

/**
 * True when a `connect-src` source expression (`ws://127.0.0.1:*`, `wss://sync.example.org`,
 * `wss://*.example.org:8443`) allows `server`. Only scheme, host and port are matched.
 */
export function sourceAllows(source: string, server: string): boolean {
  const match = /^(wss?):\/\/(\*\.)?([^:/]+)(?::(\*|\d+))?\/?$/iu.exec(source.trim());
  if (!match) return false;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return false;
  }
  const [, scheme, wildcard, host, port] = match;
  if (url.protocol !== `${scheme.toLowerCase()}:`) return false;
  const hostname = url.hostname.toLowerCase();
  const wanted = host.toLowerCase();
  if (wildcard ? !hostname.endsWith(`.${wanted}`) : hostname !== wanted) return false;
  const defaultPort = url.protocol === 'wss:' ? '443' : '80';
  const actual = url.port === '' ? defaultPort : url.port;
  if (port === '*') return true;
  return actual === (port ?? defaultPort);
}

/** True when any of the built app's allowed sources allows `server`. */
export function serverAllowed(sources: readonly string[], server: string): boolean {
  return sources.some((source) => sourceAllows(source, server));
}

/** True for a project name the server takes: letters, digits, `.`, `_`, `-`, up to 64. */
export function isProjectName(project: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u.test(project);
}
