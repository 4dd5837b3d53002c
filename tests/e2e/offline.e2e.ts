import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseURL,
  dragSelect,
  launchBrowser,
  listedSpans,
  openApp,
  waitForServiceWorker,
  waitForText,
  withServiceWorker,
} from './browser';
import { withNewVersion } from './newVersion';
import { download, dropFiles } from './transfer';

// This file is about the service worker: openApp runs it here.
withServiceWorker();

const root = join(import.meta.dirname, '../..');
const firstDocument = readFileSync(join(root, 'public/corpus/000_c25c54a9dd113007.txt'), 'utf8');

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** Waits for the app's documents and the open document's text. */
async function waitForApp(page: Page): Promise<void> {
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await waitForText(page);
}

/** Code-point offsets of `target` in `text` (the span list's units). */
function codePointRange(text: string, target: string): { start: number; end: number } {
  const at = text.indexOf(target);
  if (at < 0) throw new Error(`"${target}" is not in the text`);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(target).length };
}

describe('offline', () => {
  it('reloads, labels and keeps a span with the network off', async () => {
    const { context, page } = await openApp(browser);
    // The first install says so, once.
    await page.locator('[data-testid=offline-ready]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid=offline-ready]').textContent())
      .toContain('Ready to work offline');
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(5);
    const shown = await page.locator('[data-testid=doc-text]').innerText();
    expect(shown).toContain('North Korea and Russia are moving toward a potential arms deal');

    // A real drag and a key press, offline.
    await dragSelect(page, 'potential arms deal');
    await page.keyboard.press('1');
    await page.locator('[data-testid=span-item]').first().waitFor();
    const expected = codePointRange(firstDocument, 'potential arms deal');
    const [span] = await listedSpans(page);
    expect(span).toMatchObject({
      label: 'claim',
      start: expected.start,
      end: expected.end,
      text: 'potential arms deal',
    });

    await page.reload();
    await waitForApp(page);
    await page.locator('[data-testid=span-item]').first().waitFor();
    expect(await listedSpans(page)).toEqual([span]);
    await expect.poll(() => page.locator('[data-testid=doc-text] [data-label~=claim]').count()).toBeGreaterThan(0);

    // Deep routes load from the cache too.
    await page.goto(new URL('#/settings', baseURL()).href);
    await expect.poll(() => page.locator('.settings').count()).toBe(1);
    await page.locator('#label-settings-heading').waitFor();
    await page.goto(new URL('some/path', baseURL()).href);
    await waitForApp(page);
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(5);
    // Still offline: a request for anything the cache does not hold fails. (Chromium 150 reports
    // navigator.onLine as true again after a reload under emulated offline, so that is no proof.)
    expect(
      await page.evaluate(() =>
        fetch(`/not-cached-${Date.now()}`).then(
          () => 'reached',
          () => 'refused',
        ),
      ),
    ).toBe('refused');
    await context.close();
  });

  it('says it is ready to work offline over none of the page: every line of the text stays in view', async () => {
    const { context, page } = await openApp(browser);
    const news = page.locator('[data-testid=offline-ready]');
    await news.waitFor();
    // Measured at once, while the news shows: it shares no pixel with the page (it is in the status
    // line), and each line of the text in the window is on top at both its ends and its middle.
    const place = await page.evaluate(() => {
      const notice = document.querySelector('[data-testid=offline-ready]')!;
      const page = document.querySelector('.app > main')!.getBoundingClientRect();
      const drawn = [notice, ...notice.querySelectorAll('*')].map((node) => node.getBoundingClientRect());
      const overPage = drawn.some(
        (box) =>
          box.width > 0 &&
          box.height > 0 &&
          box.left < page.right &&
          box.right > page.left &&
          box.top < page.bottom &&
          box.bottom > page.top,
      );
      const text = document.querySelector('[data-testid=doc-text]')!;
      // The lines in view: inside the text's scroller as well as the page (below it, lines are scrolled out).
      let scroller: Element = text;
      while (scroller.parentElement && !/auto|scroll/u.test(getComputedStyle(scroller).overflowY))
        scroller = scroller.parentElement;
      const view = scroller.getBoundingClientRect();
      const [top, bottom] = [Math.max(page.top, view.top), Math.min(page.bottom, view.bottom)];
      const range = document.createRange();
      range.selectNodeContents(text);
      const covered: string[] = [];
      let lines = 0;
      for (const line of range.getClientRects()) {
        if (line.width < 4 || line.top < top || line.bottom > bottom) continue;
        lines++;
        const y = line.top + line.height / 2;
        for (const x of [line.left + 2, line.left + line.width / 2, line.right - 2]) {
          const top = document.elementFromPoint(x, y);
          if (!top || !text.contains(top)) covered.push(`${Math.round(x)},${Math.round(y)}: ${top?.className}`);
        }
      }
      return { text: notice.textContent ?? '', overPage, lines, covered };
    });
    expect(place.text).toContain('Ready to work offline');
    expect(place.lines).toBeGreaterThan(10);
    expect(place.covered).toEqual([]);
    expect(place.overPage).toBe(false);
    await context.close();
  });

  it('imports a dropped file and exports it with the network off (the file code and its Workers come from the cache)', async () => {
    const { context, page } = await openApp(browser);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);

    const text = 'Shoigu 🇷🇺 visited Pyongyang; Seoul denied it.';
    const line = JSON.stringify({ id: 'wire-1', text, label: [[0, 9, 'visit']] });
    await dropFiles(page, [{ name: 'wire.jsonl', content: line }]);
    const card = page.locator('.file-card[data-file-name="wire.jsonl"]');
    await expect.poll(() => card.textContent()).toContain('Will arrive: 1 document (1 new');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported: 1 new document, 1 span');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('progress').textContent()).toContain('of 6 done');

    const exported = await download(page, { format: 'native', scope: 'all' });
    const records = exported.text
      .trim()
      .split('\n')
      .map((row) => JSON.parse(row) as { id: string; text: string; spans: { start: number; end: number }[] });
    const wire = records.find((record) => record.id === 'wire-1');
    expect(wire?.spans.map((span) => Array.from(wire.text).slice(span.start, span.end).join(''))).toEqual([
      'Shoigu 🇷🇺',
    ]);
    await context.close();
  });

  it('seeds the default corpus from the cache on a first start offline', async () => {
    const { context, page } = await openApp(browser);
    await waitForServiceWorker(page);
    await context.setOffline(true);

    // The corpus is precached: every file answers offline.
    const statuses = await page.evaluate(async () => {
      const manifest = (await (await fetch('/corpus/manifest.json')).json()) as { files: string[] };
      return Promise.all(manifest.files.map(async (file) => (await fetch(`/corpus/${file}`)).status));
    });
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    // IndexedDB deleted while offline (the app already installed): it reseeds from the precache.
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('spanwright');
          request.onsuccess = () => resolve('deleted');
          request.onerror = () => resolve(`error: ${String(request.error)}`);
          // "blocked" while a connection finishes a transaction under way (its close pending): deleted after it,
          // unless a connection stays open for good.
          request.onblocked = () => setTimeout(() => resolve('blocked for 10 s'), 10_000);
        }),
    );
    expect(outcome).toBe('deleted');
    await page.reload();
    await waitForApp(page);
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(5);
    expect(await page.locator('[data-testid=doc-text]').innerText()).toContain('potential arms deal');
    // IndexedDB alone was deleted (localStorage kept its mark): the start says the storage is gone.
    expect(await page.getByTestId('storage-gone').count()).toBe(1);
    await context.close();
  });

  it('works offline in the tab of the first visit itself, without a reload: Export, Settings, Review (helper-159)', async () => {
    const { context, page } = await openApp(browser);
    await page.locator('[data-testid=offline-ready]').waitFor();
    // The first install takes this tab at once: what it loads later comes from the cache.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Export' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Appearance' }).waitFor();
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    await context.close();
  });

  it('says Settings could not be loaded when the network went off before the first visit kept it, and what to do', async () => {
    // No service worker: what the page has not loaded yet can come only from the network.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const { page } = await openApp(browser, { context });
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Settings' }).click();
    // Not "Loading Settings…" for good: Settings' style sheet failed to load, and that is said.
    await expect
      .poll(() => page.locator('main.settings-page [role=alert]').textContent(), { timeout: 10_000 })
      .toMatch(
        /Import, export and Settings could not be loaded: .*The network is off.*reload the page once it is back\./,
      );
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('heading', { name: 'Appearance' }).waitFor();
    expect(await page.locator('[role=alert]').count()).toBe(0);
    await context.close();
  });

  it('reloads the tab of the first visit into a new version when asked there (helper-159)', async () => {
    const { context, page } = await openApp(browser);
    await page.locator('[data-testid=offline-ready]').waitFor();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
    await dragSelect(page, 'potential arms deal');
    await page.keyboard.press('1');
    await page.locator('[data-testid=span-item]').first().waitFor();
    // A new version published (one test at a time: files run side by side).
    await withNewVersion(async () => {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.locator('[data-testid=update-prompt]').waitFor();
      await page.evaluate(() => ((window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true));
      // Before, it stayed at "Updating…" for good: no version had controlled it when it opened, so it heard nothing.
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload to update' }).click()]);
      await waitForApp(page);
      expect(
        await page.evaluate(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate),
      ).toBeUndefined();
      expect(
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null),
      ).toBeNull();
      await page.locator('[data-testid=span-item]').first().waitFor();
      expect((await listedSpans(page)).map((span) => span.text)).toEqual(['potential arms deal']);
    });
    await context.close();
  });

  it('reloads a tab opened with Shift+Reload (no version controls it) when another tab takes the update (helper-162)', async () => {
    const { context, page } = await openApp(browser);
    await waitForServiceWorker(page);
    const forced = await context.newPage();
    await forced.goto(baseURL());
    await waitForApp(forced);
    // Shift+Reload: the page loads past the service worker, which then controls none of it.
    await (await context.newCDPSession(forced)).send('Page.reload', { ignoreCache: true });
    await forced.waitForEvent('load');
    await waitForApp(forced);
    expect(await forced.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await forced.evaluate(() => ((window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true));
    await withNewVersion(async () => {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.locator('[data-testid=update-prompt]').waitFor();
      // Before, it stayed on the old version's code, controlled by the new one, and its pages failed to load.
      await Promise.all([
        forced.waitForEvent('load'),
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Reload to update' }).click(),
      ]);
      await waitForApp(forced);
      expect(
        await forced.evaluate(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate),
      ).toBeUndefined();
    });
    await context.close();
  });

  it('offers a new version and reloads into it when asked', async () => {
    const { context, page } = await openApp(browser);
    await waitForServiceWorker(page);
    await dragSelect(page, 'potential arms deal');
    await page.keyboard.press('1');
    await page.locator('[data-testid=span-item]').first().waitFor();
    const spans = await listedSpans(page);

    // A new version published (one test at a time: files run side by side).
    await withNewVersion(async () => {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const prompt = page.locator('[data-testid=update-prompt]');
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain('A new version of Spanwright is available.');
      await page.screenshot({ path: '/tmp/update-prompt.png' });
      // It takes a row of its own below the status line: the page's foot and its text stay uncovered.
      const [bar, foot, main] = await Promise.all(
        [prompt, page.locator('.app > .statusline'), page.locator('.app > main')].map((part) => part.boundingBox()),
      );
      const height = page.viewportSize()?.height ?? 0;
      expect(bar!.y).toBeGreaterThanOrEqual(foot!.y + foot!.height - 0.5);
      expect(foot!.y).toBeGreaterThanOrEqual(main!.y + main!.height - 0.5);
      expect(bar!.y + bar!.height).toBeLessThanOrEqual(height + 0.5);

      // "Later" keeps the page as it is; the new version waits.
      await page.getByRole('button', { name: 'Later' }).click();
      await expect.poll(() => prompt.count()).toBe(0);
      await page.evaluate(() => ((window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true));

      // While this tab stays open, another tab opened later is offered the waiting version too.
      const second = await context.newPage();
      await second.goto(baseURL());
      await waitForApp(second);
      await second.locator('[data-testid=update-prompt]').waitFor();
      await second.evaluate(() => ((window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true));
      // Reloading activates it, and every open tab reloads into it.
      await Promise.all([
        second.waitForEvent('load'),
        page.waitForEvent('load'),
        second.getByRole('button', { name: 'Reload to update' }).click(),
      ]);
      for (const tab of [page, second]) {
        await waitForApp(tab);
        expect(
          await tab.evaluate(() => (window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate),
        ).toBeUndefined();
        expect(await tab.locator('[data-testid=update-prompt]').count()).toBe(0);
        await tab.locator('[data-testid=span-item]').first().waitFor();
        expect(await listedSpans(tab)).toEqual(spans);
      }
      // The new version is the active one and nothing waits any more.
      const registration = await second.evaluate(async () => {
        const current = await navigator.serviceWorker.getRegistration();
        return { waiting: current?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(registration).toEqual({ waiting: null, controlled: true });
    });
    await context.close();
  });
});
