import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './browser';

const corpusFolder = join(import.meta.dirname, '../../public/corpus');
const files = readdirSync(corpusFolder).filter((name) => name.endsWith('.txt')).sort();

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('first start on the default corpus', () => {
  it('lists all five documents with headline titles and shows each text whole', async () => {
    const { context, page } = await openApp(browser);
    const items = page.locator('[data-testid=doc-item]');
    await expect.poll(() => items.count()).toBe(5);
    const ids = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-doc-id')));
    expect(ids).toEqual(files.map((name) => name.replace(/\.txt$/u, '')));
    // The scraper's lone "close" is not a title; the headline after it is.
    await expect.poll(() => items.first().locator('.doc-title').textContent()).toBe('Fox News Flash top headlines for August 31');

    for (const file of files) {
      const id = file.replace(/\.txt$/u, '');
      const source = readFileSync(join(corpusFolder, file), 'utf8');
      await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
      await expect.poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id')).toBe(id);
      const lines = await page.locator('[data-testid=doc-text] .line').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
      // Every line, blank ones included, is rendered in order: joined, they are the file.
      expect(lines.join('\n')).toBe(source.replace(/\r\n|\r/gu, '\n'));
      const visible = await page.locator('[data-testid=doc-text]').innerText();
      for (const line of source.split('\n').filter((line) => line.trim() !== '')) expect(visible).toContain(line.trim());
    }
    await context.close();
  });

  it('moves between documents with N and P', async () => {
    const { context, page } = await openApp(browser);
    const current = () => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id');
    await expect.poll(current).toBe('000_c25c54a9dd113007');
    await page.keyboard.press('n');
    await expect.poll(current).toBe('001_1588cc6f968110a1');
    await page.keyboard.press('n');
    await page.keyboard.press('p');
    await expect.poll(current).toBe('001_1588cc6f968110a1');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toBe('002_fb83040547a0f67a');
    await context.close();
  });
});
