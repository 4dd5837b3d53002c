// Finds Debian's Chromium for the end-to-end tests and the bench; installs it with apt when we
// are root, else stops with one line saying what to do. Never downloads a browser build.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

export function findChromium() {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment) {
    if (existsSync(fromEnvironment)) return fromEnvironment;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnvironment}, but there is no file there.`);
  }
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      'No Chromium found: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH, then run npm test again.',
    );
    process.exit(1);
  }
  console.log("No Chromium found: installing Debian's chromium package with apt-get…");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findChromium();
  if (!installed) {
    console.error('apt-get finished but no Chromium binary was found at /usr/bin/chromium; set CHROMIUM_PATH.');
    process.exit(1);
  }
  return installed;
}

/** Flags that keep Chromium quiet and sandbox-free on these machines. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
