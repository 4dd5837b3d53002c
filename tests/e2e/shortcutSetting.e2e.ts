import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { become, dragSelect, launchBrowser, listedSpans, openApp, waitForText } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('single-key shortcuts setting (WCAG 2.1.4)', () => {
  it('turned off, a label key alone labels nothing and Alt with it labels; the choice survives a reload', async () => {
    const { context, page } = await openApp(browser);
    await become(page, 'keys');
    await page.getByRole('link', { name: 'Settings' }).click();
    const off = page.getByRole('radio', { name: 'Off: hold Alt with the key' });
    await off.check();

    await page.reload();
    await off.waitFor();
    expect(await off.isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Documents' }).click();
    await waitForText(page);

    // `1` alone on a mouse selection labels nothing; Alt + 4 on the next selection labels it `visit`.
    await dragSelect(page, 'Fox News Flash');
    await page.keyboard.press('1');
    await dragSelect(page, 'August 31');
    await page.keyboard.press('Alt+4');
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toContain('August 31');
    expect((await listedSpans(page)).map(({ label, text }) => ({ label, text }))).toEqual([
      { label: 'visit', text: 'August 31' },
    ]);

    // The help sheet writes the keys as they now work (opened with Alt + ?).
    await page.keyboard.press('Alt+Shift+Slash');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    await expect.poll(() => sheet.locator('dt').allTextContents()).toContain('Alt + D');
    await page.keyboard.press('Escape');
    // So do the palette, the guidelines beside the text, the span panel's hint and the buttons' tooltips.
    expect(await page.locator('.palette kbd').allTextContents()).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4']);
    expect(await page.locator('.guidelines kbd').first().textContent()).toBe('Alt+1');
    expect(await page.getByRole('button', { name: 'Done ✓' }).getAttribute('title')).toBe(
      'Mark done and go to the next (Alt+D)',
    );
    await page.locator('[data-testid=span-item]').click();
    await expect
      .poll(() => page.locator('.key-hint').textContent())
      .toBe('Alt+; writes a note, Alt+E marks an example');
    await context.close();
  });
});
