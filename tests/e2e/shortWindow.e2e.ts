import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelWithKey, launchBrowser, listedSpans, openApp } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** A laptop's browser window: a 768-pixel screen less the browser's own bars, or shorter still. */
describe('a short window', () => {
  it('keeps Close and Download in view in an Export dialog taller than the window, and Download downloads', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 520 }, acceptDownloads: true });
    const { page } = await openApp(browser, { context });
    // A span of a layer still to do, by an annotator with no e-mail address: Label Studio names both losses at length.
    await labelWithKey(page, 'North Korea', '1');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Format').selectOption({ label: 'Label Studio (JSON)' });
    await dialog
      .getByTestId('export-check')
      .getByText(/carries all of it|does not carry all of it/u)
      .waitFor();
    const seen = await dialog.evaluate((element) => {
      element.scrollTop = 0; // as it opens: Format at the top
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

  it('scrolls each field Tab reaches clear of the buttons at the foot of Export and Import, at 200 % zoom (helper-197)', async () => {
    // 1280 × 720 at 200 %: 640 × 360 CSS pixels, two device pixels to each.
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
    const { page } = await openApp(browser, { context });
    /** Tab after Tab from the dialog's first field: each field's bottom and the top of the buttons' band. */
    const tabThrough = (dialogClass: string, stops: number) =>
      page.evaluate(
        async ({ dialogClass, stops }) => {
          const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const dialog = document.querySelector(`dialog.${dialogClass}`)!;
          const bar = dialog.querySelector('.dialog-actions')!;
          const hidden: string[] = [];
          const fields = [...dialog.querySelectorAll<HTMLElement>('select, input:not([type=file]), textarea')].filter(
            (field) => !bar.contains(field) && field.offsetParent !== null,
          );
          for (const field of fields.slice(0, stops)) {
            field.focus();
            await frame();
            if (field.getBoundingClientRect().bottom > bar.getBoundingClientRect().top + 0.5)
              hidden.push(field.id || field.getAttribute('aria-label') || field.tagName);
          }
          return { fields: fields.length, hidden };
        },
        { dialogClass, stops },
      );
    await page.getByRole('button', { name: 'Export…' }).click();
    await page
      .locator('dialog.export-dialog [data-testid=export-check]')
      .getByText(/record/u)
      .waitFor();
    const exported = await tabThrough('export-dialog', 8);
    expect(exported.fields).toBeGreaterThanOrEqual(4);
    expect(exported.hidden).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('import-input').setInputFiles([
      { name: 'a.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"text":"Kim met Shoigu."}\n') },
      { name: 'b.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"text":"Putin met Kim."}\n') },
    ]);
    // Both files read: their cards have their full height (a card still reading grows after the focus came).
    await expect.poll(() => page.locator('dialog.import-dialog [data-testid=import-summary]').count()).toBe(2);
    const imported = await tabThrough('import-dialog', 8);
    expect(imported.fields).toBeGreaterThanOrEqual(2);
    expect(imported.hidden).toEqual([]);
    await context.close();
  });

  it('brings the spans at the caret above the status line at 200 % zoom, as the caret keys label and move (helper-197)', async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
    const { page } = await openApp(browser, { context });
    await page.keyboard.press('t');
    // The second word labelled claim, then it and the word before it labelled sanction: two spans at the caret.
    for (const key of ['Control+ArrowRight', 'Control+ArrowRight', 'Control+Shift+ArrowLeft'])
      await page.keyboard.press(key);
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    for (const key of ['Control+Shift+ArrowLeft', 'Control+Shift+ArrowLeft']) await page.keyboard.press(key);
    await page.keyboard.press('3');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('caret-spans').locator('p').count()).toBe(2);
    const place = () =>
      page.evaluate(() => ({
        strip: document.querySelector('[data-testid=caret-spans]')!.getBoundingClientRect().bottom,
        foot: document.querySelector('.statusline')!.getBoundingClientRect().top,
        caret: document.querySelector('.text-caret')?.getBoundingClientRect().top ?? -1,
      }));
    await expect.poll(async () => (await place()).strip <= (await place()).foot).toBe(true);
    // The caret's line stays in sight too.
    expect((await place()).caret).toBeGreaterThanOrEqual(0);
    await context.close();
  });

  it('keeps the Export dialog’s choices where they are as the formats are stepped through with the arrow keys', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 657 } });
    const { page } = await openApp(browser, { context });
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.locator('dialog[open]');
    const format = dialog.getByLabel('Format');
    const tops = new Set<number>();
    const heights = new Set<number>();
    for (let step = 0; step < 7; step++) {
      // The check is done (nothing is labelled yet: some formats write no record, and say why).
      await dialog
        .getByTestId('export-check')
        .getByText(/records? with [\d,]+ spans?\./u)
        .waitFor();
      tops.add(Math.round((await format.boundingBox())!.y));
      heights.add(Math.round((await dialog.boundingBox())!.height));
      await format.focus();
      await page.keyboard.press('ArrowDown');
    }
    expect(heights.size, 'the formats make the dialog taller and shorter').toBeGreaterThan(1);
    expect([...tops]).toHaveLength(1);
    await context.close();
  });
});
