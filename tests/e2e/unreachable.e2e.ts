// A team server the host's security policy does not let the page reach: the app is built to reach
// ws://127.0.0.1:* (SPANWRIGHT_SYNC_ORIGINS), but the host serves it with a stricter
// Content-Security-Policy header whose connect-src leaves the server out. Chromium then blocks every
// socket before it opens, firing only `error`: the page must say the server can not be reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from '../support/syncServer';
import { chooseAnnotator, launchBrowser, waitForText } from './browser';
import { serveSyncApp } from './syncApp';
import { lowContrast } from './contrast';

const MEMBERS = [{ name: 'bob', token: 'bob-token-00002', role: 'annotator' as const }];

let folder: string;
let app: Awaited<ReturnType<typeof serveSyncApp>>;
let browser: Browser;
let server: RunningSyncServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'spanwright-unreachable-e2e-'));
  app = await serveSyncApp(folder);
  server = await startSyncServerProcess({ folder, members: writeMembers(folder, MEMBERS) });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await app?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a team server the page may not reach', () => {
  it('is said to be unreachable, by its address, in the top bar and Settings → Team, not "Connecting" for ever', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    // The host adds a policy of its own: both apply, so sockets to the sync server are blocked.
    await context.route(
      (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'content-security-policy': "connect-src 'self'" },
        });
      },
    );
    const page = await context.newPage();
    await page.goto(app.url);
    await page.locator('[data-testid=doc-item]').first().waitFor();
    await waitForText(page);
    await chooseAnnotator(page, 'bob');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Server', { exact: true }).fill(server.url);
    await page.getByLabel('Project', { exact: true }).fill('demo');
    await page.getByLabel('Token', { exact: true }).fill(MEMBERS[0].token);
    await page.getByRole('button', { name: 'Save and connect' }).click();

    const presence = page.getByTestId('team-presence');
    await expect.poll(() => presence.getAttribute('data-unreachable'), { timeout: 30_000 }).toBe('');
    expect(await presence.getAttribute('data-status')).not.toBe('online');
    expect(await presence.locator('.state').textContent()).toBe(`Can't reach ${new URL(server.url).host}`);
    const status = page.getByTestId('team-status');
    expect(await status.textContent()).toContain("Can't reach the server.");
    expect(await page.getByTestId('team-unreachable').textContent()).toContain(
      `The sync server at ${server.url} could not be reached`,
    );
    expect(await status.textContent()).not.toContain('Connecting…');
    // Readable on the dark bar: the alarm in red, the rest of the bar's text too (WCAG AA).
    expect(await lowContrast(page)).toEqual([]);
    // In a laptop's window too the top bar keeps within it: the address wraps, the last button shows.
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 768 });
      const place = await page.evaluate(() => ({
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        lastButton: Math.round(document.querySelector('.topbar')!.lastElementChild!.getBoundingClientRect().right),
        state: document.querySelector('[data-testid=team-presence] .state')!.getBoundingClientRect().height,
        // "0 of 5 done" keeps to one line: the presence is what gives way.
        progressLines:
          document.querySelector('.progress > span')!.getBoundingClientRect().height /
          parseFloat(getComputedStyle(document.querySelector('.progress')!).fontSize),
      }));
      expect(place.progressLines).toBeLessThan(1.6);
      expect(place.sideways).toBe(0);
      expect(place.lastButton).toBeLessThanOrEqual(width);
      expect(place.state).toBeGreaterThan(0);
    }
    await context.close();
  });
});
