import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium.js';
import { baseURL, dragSelect, launchBrowser, listedSpans, statusText } from './browser';

/** Launches Chromium on the profile in `userDataDir`, as a person reopening their browser. */
async function launchProfile(userDataDir: string, options: { offline?: boolean } = {}): Promise<BrowserContext> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the end-to-end tests with `npm run test:e2e`.');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1440, height: 900 },
    offline: options.offline ?? false,
  });
}

async function waitForApp(page: Page): Promise<void> {
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await page.locator('[data-testid=doc-text] .line').first().waitFor();
}

describe('a browser restart', () => {
  let userDataDir: string;
  beforeAll(() => (userDataDir = mkdtempSync(join(tmpdir(), 'spanwright-profile-'))));
  afterAll(() => rmSync(userDataDir, { recursive: true, force: true }));

  it('keeps a labelled span, online and offline', async () => {
    let context = await launchProfile(userDataDir);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL());
    await waitForApp(page);
    await page.locator('[data-testid=doc-item][data-doc-id="002_fb83040547a0f67a"]').click();
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('002_fb83040547a0f67a');
    await dragSelect(page, 'North Korea');
    await page.keyboard.press('4');
    await page.locator('[data-testid=span-item]').first().waitFor();
    const spans = await listedSpans(page);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ label: 'visit', text: 'North Korea' });
    // Let the service worker finish installing so the offline restart below has it.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await context.close();

    context = await launchProfile(userDataDir);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL());
    await waitForApp(page);
    // The last open document comes back, with its span.
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('002_fb83040547a0f67a');
    await page.locator('[data-testid=span-item]').first().waitFor();
    expect(await listedSpans(page)).toEqual(spans);
    // The undo history does not outlive the page: Ctrl+Z says so, and the span stays.
    await page.locator('[data-testid=doc-text]').focus();
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => statusText(page))
      .toContain('Nothing to undo in this tab (its history starts when the page opens).');
    expect(await listedSpans(page)).toEqual(spans);
    await context.close();

    context = await launchProfile(userDataDir, { offline: true });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL());
    await waitForApp(page);
    await page.locator('[data-testid=span-item]').first().waitFor();
    expect(await listedSpans(page)).toEqual(spans);
    await context.close();
  });
});

// Needs StorageInfo mounted in the settings route of App.svelte.
describe('persistent storage', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  it('shows in settings whether storage is persistent and how much is used', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(baseURL());
    await waitForApp(page);
    await page.goto(new URL('#/settings', baseURL()).href);
    const panel = page.locator('[data-testid=storage-info]');
    await panel.waitFor({ timeout: 10_000 });
    // A fresh profile with no engagement: Chromium does not persist, and refuses when asked.
    await expect
      .poll(() => panel.locator('[data-testid=storage-persisted]').getAttribute('data-persisted'))
      .toBe('false');
    expect(await panel.locator('[data-testid=storage-usage]').textContent()).toMatch(
      /\d+(\.\d)? (bytes|KB|MB) of \d+(\.\d)? (MB|GB|TB)/u,
    );
    await panel.getByRole('button', { name: 'Keep data persistent' }).click();
    await panel.getByText(/The browser declined/u).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/storage-info.png' });
    await context.close();
  });

  it('shows the grant when the browser keeps the data', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(new URL('#/settings', baseURL()).href);
    const panel = page.locator('[data-testid=storage-info]');
    const persisted = panel.locator('[data-testid=storage-persisted]');
    await panel.waitFor({ timeout: 10_000 });
    await expect.poll(() => persisted.getAttribute('data-persisted')).toBe('false');
    await allowPersistentStorage(browser, page);
    await panel.getByRole('button', { name: 'Keep data persistent' }).click();
    // Under load Chromium can take seconds to answer persist() even when granted.
    await expect.poll(() => persisted.getAttribute('data-persisted'), { timeout: 20_000 }).toBe('true');
    expect(await persisted.textContent()).toContain('Persistent');
    expect(await panel.getByRole('button', { name: 'Keep data persistent' }).count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/storage-info-persistent.png' });
    await context.close();
  });
});

/** Lets the browser grant persistent storage to the app in `page`'s context (as it would to an installed app). */
async function allowPersistentStorage(browser: Browser, page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  const browserSession = await browser.newBrowserCDPSession();
  // The override lasts as long as this session: it is left attached.
  await browserSession.send('Browser.setPermission', {
    permission: { name: 'persistent-storage' },
    setting: 'granted',
    origin: new URL(baseURL()).origin,
    browserContextId: targetInfo.browserContextId,
  });
}

describe('persistence requested by the app', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  it('asks the browser to keep the data at the first span, once', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() => {
      const original = StorageManager.prototype.persist;
      (window as unknown as { __persistCalls: number }).__persistCalls = 0;
      StorageManager.prototype.persist = function persist(this: StorageManager) {
        (window as unknown as { __persistCalls: number }).__persistCalls += 1;
        return original.call(this);
      };
    });
    const page = await context.newPage();
    await page.goto(baseURL());
    await waitForApp(page);
    const calls = () => page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);
    expect(await calls()).toBe(0);
    await dragSelect(page, 'potential arms deal');
    await page.keyboard.press('1');
    await page.locator('[data-testid=span-item]').first().waitFor();
    await expect.poll(calls).toBe(1);
    await dragSelect(page, 'arms negotiations');
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(2);
    expect(await calls()).toBe(1);
    await context.close();
  });
});

describe('storage that cannot be opened', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  it('says so in a banner when the browser offers no IndexedDB', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }),
    );
    const page = await context.newPage();
    await page.goto(baseURL());
    const banner = page.getByRole('alert').filter({ hasText: 'IndexedDB' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/cannot store your work/u);
    // The shell is there around it, not a blank page.
    expect(await page.locator('.topbar').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=doc-item]').count()).toBe(0);
    await context.close();
  });

  it('tells the user when another tab holding an older version blocks the upgrade, and recovers', async () => {
    const context = await browser.newContext();
    // "Another tab": a same-origin page that holds version 1 open and ignores requests to close.
    const holder = await context.newPage();
    await holder.goto(new URL('robots.txt', baseURL()).href);
    await holder.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('spanwright', 1);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            (window as unknown as { __held: IDBDatabase }).__held = request.result;
            resolve();
          };
        }),
    );

    const page = await context.newPage();
    await page.goto(baseURL());
    const banner = page.getByRole('alert').filter({ hasText: /close other Spanwright tabs/iu });
    await banner.waitFor({ timeout: 10_000 });

    // Once the other tab lets go, the upgrade proceeds and the app starts without a reload.
    await holder.evaluate(() => (window as unknown as { __held: IDBDatabase }).__held.close());
    await waitForApp(page);
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(5);
    await expect.poll(() => banner.count()).toBe(0);
    await context.close();
  });
});
