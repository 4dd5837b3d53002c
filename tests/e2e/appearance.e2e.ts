import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, become, chooseAnnotator, labelWithKey, launchBrowser, openApp } from './browser';
import { lowContrast } from './contrast';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** The page's background lightness: the relative luminance of the root element's background, 0 (black) to 1. */
function pageLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.documentElement).backgroundColor.match(/[\d.]+/gu) ?? []).map(Number);
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  });
}

/** What {@link auditPages} finds when every text of every page it visits is readable: nothing. */
const ALL_READABLE = { Documents: [], Keys: [], Export: [], Overview: [], Guidelines: [], Review: [], Settings: [] };

/** Visits each page as a user does and returns, per page, the text that is too faint to read. */
async function auditPages(page: Page): Promise<Record<string, string[]>> {
  const faint: Record<string, string[]> = {};
  const record = async (name: string) => {
    await page.waitForTimeout(300); // let transitions of hover and focus colours finish
    faint[name] = (await lowContrast(page)).map((item) => `${item.where} "${item.text}" ${item.ratio}<${item.needed}`);
  };
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.locator('[data-testid=span-item]').first().waitFor();
  await record('Documents');
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await record('Keys');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-check').getByText('record').waitFor();
  await record('Export');
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('chart-progress').locator('svg').waitFor();
  await record('Overview');
  await page.getByRole('link', { name: 'Guidelines (printable)' }).click();
  await page.getByTestId('guidelines').waitFor();
  await record('Guidelines');
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('agreement-kappa').waitFor();
  await expect.poll(() => page.getByTestId('agreement-kappa').textContent()).toMatch(/\d/u);
  // A decided row, not focused: it steps back, and stays readable.
  const decided = page.locator('.difference.decided:not(.focused)');
  if ((await decided.count()) === 0) {
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await expect.poll(() => decided.count()).toBeGreaterThan(0);
  }
  await record('Review');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Appearance' }).waitFor();
  await record('Settings');
  return faint;
}

describe('appearance', () => {
  it('follows a dark system, keeps all text readable in dark and light, and remembers a chosen theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const { page } = await openApp(browser, { context });
    // Two annotators' layers, so the Overview and Review pages have figures to draw.
    await become(page, 'ann');
    await labelWithKey(page, 'Fox News Flash', '1');
    await labelWithKey(page, 'August 31', '4');
    await become(page, 'bea');
    await labelWithKey(page, 'Fox News Flash', '1');
    await labelWithKey(page, 'North Korea', '3');
    await chooseAnnotator(page, 'ann');
    // A document skipped, so the Overview's progress bars show a skipped count (on amber) too, which the audit reads.
    await page.locator('[data-testid=doc-item]').nth(1).click();
    await page.getByRole('button', { name: 'Skip', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid=doc-item]').nth(1).textContent()).toContain('skipped');
    await page.locator('[data-testid=doc-item]').first().click();
    await page.locator('[data-testid=span-item]').first().waitFor();

    // The system is dark, and so is the app, with every text readable (WCAG AA contrast).
    expect(await pageLuminance(page)).toBeLessThan(0.05);
    expect(await auditPages(page)).toEqual(ALL_READABLE);

    // The annotator prefers light: chosen in Settings, it applies at once and after a reload.
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expect.poll(() => pageLuminance(page)).toBeGreaterThan(0.8);
    await page.goto(`${baseURL()}#/settings`);
    await page.getByRole('heading', { name: 'Appearance' }).waitFor();
    expect(await pageLuminance(page)).toBeGreaterThan(0.8);
    expect(await page.getByLabel('Theme').inputValue()).toBe('light');
    expect(await auditPages(page)).toEqual(ALL_READABLE);

    // Back to the system's choice: dark again.
    await page.getByLabel('Theme').selectOption({ label: 'As the system' });
    await expect.poll(() => pageLuminance(page)).toBeLessThan(0.05);
    await context.close();
  });
});
