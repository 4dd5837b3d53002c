import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAnnotator, labelWithKey, launchBrowser, listedSpans, openApp, waitForText } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('a browser that refuses localStorage to the site', () => {
  it('still starts, labels, and keeps the theme and key choices for the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // As Chromium does when the site's storage is blocked: reading `localStorage` throws.
    await context.addInitScript(() =>
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      }),
    );
    const errors: string[] = [];
    context.on('weberror', (error) => errors.push(error.error().message));
    const { page } = await openApp(browser, { context });
    await chooseAnnotator(page, 'ann');
    await labelWithKey(page, 'arms deal', '1');
    expect((await listedSpans(page)).map((span) => `${span.label}:${span.text}`)).toEqual(['claim:arms deal']);
    // Settings opens, and a choice holds for the page.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Off: hold Alt with the key' }).check();
    expect(await page.getByRole('radio', { name: 'Off: hold Alt with the key' }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a browser that deletes the storage under the page', () => {
  it('says at once that nothing can be saved, and at the next start that the storage is gone, not a silent fresh start', async () => {
    const { context, page } = await openApp(browser);
    await chooseAnnotator(page, 'ann');
    await labelWithKey(page, 'arms deal', '1');
    // As Chromium does when a write fails on a full disk: the origin's IndexedDB deleted, its connections closed.
    const session = await context.newCDPSession(page);
    await session.send('Storage.clearDataForOrigin', {
      origin: new URL(page.url()).origin,
      storageTypes: 'indexeddb',
    });
    const banner = page.locator('.banner.error');
    await expect.poll(() => banner.textContent()).toContain('The browser closed Spanwright’s storage');
    expect(await banner.getAttribute('role')).toBe('alert');
    // Started again, it finds the sample corpus only, and says the storage this browser held was deleted.
    await page.reload();
    await waitForText(page);
    const gone = page.getByTestId('storage-gone');
    await expect.poll(() => gone.textContent()).toContain('The storage Spanwright had in this browser is gone');
    expect(await listedSpans(page)).toEqual([]);
    // It stays while the user works, until dismissed.
    await labelWithKey(page, 'arms deal', '2');
    expect(await gone.isVisible()).toBe(true);
    await gone.getByRole('button', { name: 'Dismiss' }).click();
    expect(await gone.count()).toBe(0);
    await context.close();
  });
});
