import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, launchBrowser, openApp } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** True when the focused element lies inside the keyboard sheet. */
const focusInSheet = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[role=dialog][aria-label="Keyboard shortcuts"]') != null);

/**
 * Presses Tab from the top of the page until the focus comes back round (or leaves the page),
 * and returns every stop a user could not see: a file input, or an element with no size or
 * clipped away (visually hidden).
 */
async function invisibleTabStops(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const hidden: string[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < 400; step++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      // A name for the stop that tells repeats apart: its path of tags and indexes.
      const path: string[] = [];
      for (let node: Element | null = element; node && node !== document.body; node = node.parentElement)
        path.unshift(`${node.tagName}${node.parentElement ? [...node.parentElement.children].indexOf(node) : ''}`);
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      const invisible =
        (element instanceof HTMLInputElement && element.type === 'file') ||
        box.width <= 1 ||
        box.height <= 1 ||
        style.clipPath === 'inset(50%)' ||
        style.visibility === 'hidden' ||
        style.opacity === '0';
      const label = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
      return { path: path.join('/'), invisible, what: `${element.tagName.toLowerCase()} "${label}"` };
    });
    if (!stop || seen.has(stop.path)) break;
    seen.add(stop.path);
    if (stop.invisible) hidden.push(stop.what);
  }
  expect(seen.size).toBeGreaterThan(5);
  return hidden;
}

describe('keyboard access', () => {
  it('moves the focus into the keyboard sheet, keeps Tab in it, and gives the focus back on Escape and Close', async () => {
    const { context, page } = await openApp(browser);
    const text = page.locator('[data-testid=doc-text]');
    await text.focus();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    await expect.poll(() => focusInSheet(page)).toBe(true);
    // PageDown scrolls the sheet at once: the focus is in it, so the keys reach it.
    const before = await sheet.evaluate((node) => node.scrollTop);
    await page.keyboard.press('PageDown');
    await expect.poll(() => sheet.evaluate((node) => node.scrollTop)).toBeGreaterThan(before);
    // Tab and Shift+Tab stay in the sheet, however often pressed.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusInSheet(page), `after ${key}`).toBe(true);
    }
    // Escape closes it and the text has the focus again.
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => text.evaluate((node) => node === document.activeElement)).toBe(true);

    // Opened from its button and closed with Close: the focus goes back to the button.
    const helpButton = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await helpButton.click();
    await sheet.waitFor();
    await expect.poll(() => focusInSheet(page)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await page.keyboard.press('Enter');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => helpButton.evaluate((node) => node === document.activeElement)).toBe(true);
    // ? still toggles it: pressed again inside the sheet, it closes.
    await text.focus();
    await page.keyboard.press('?');
    await expect.poll(() => focusInSheet(page)).toBe(true);
    await page.keyboard.press('?');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => text.evaluate((node) => node === document.activeElement)).toBe(true);
    await context.close();
  });

  it('never tabs onto a hidden file input, on Documents or in Settings', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('button', { name: 'Load patterns…' }).waitFor();
    expect(await invisibleTabStops(page)).toEqual([]);
    await page.goto(new URL('#/settings', baseURL()).href);
    await page.getByRole('button', { name: 'Restore from backup…' }).waitFor();
    expect(await invisibleTabStops(page)).toEqual([]);
    // The buttons that open them stay reachable with Tab, and the inputs still take files.
    await page.getByRole('button', { name: 'Restore from backup…' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Restore from backup…');
    expect(await page.getByLabel('Backup file').count()).toBe(1);
    await context.close();
  });
});
