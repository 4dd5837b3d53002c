import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** A laptop's browser window: a 768-pixel screen less the browser's own bars, or shorter still. */
describe('a short window', () => {
  it('keeps Close and Download in view in an Export dialog taller than the window, and Download downloads', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 560 }, acceptDownloads: true });
    const { page } = await openApp(browser, { context });
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Format').selectOption({ label: 'Label Studio (JSON)' });
    await dialog
      .getByTestId('export-check')
      .getByText(/carries all of it|leaves out/u)
      .waitFor();
    const seen = await dialog.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const inside = (name: string) => {
        const button = [...element.querySelectorAll('button')].find((each) => each.textContent?.trim() === name)!;
        const place = button.getBoundingClientRect();
        return place.top >= box.top && place.bottom <= box.bottom && place.bottom <= innerHeight;
      };
      return {
        scrolls: element.scrollHeight > element.clientHeight,
        close: inside('Close'),
        download: inside('Download'),
      };
    });
    // The dialog is taller than the window here: the buttons stay at its foot over what scrolls.
    expect(seen).toEqual({ scrolls: true, close: true, download: true });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/labelstudio/u);
    await context.close();
  });
});
