import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, launchBrowser, openApp, openDocument, waitForText } from './browser';

const corpusFolder = join(import.meta.dirname, '../../public/corpus');
const files = readdirSync(corpusFolder)
  .filter((name) => name.endsWith('.txt'))
  .sort();

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
    await expect
      .poll(() => items.first().locator('.doc-title').textContent())
      .toBe('Fox News Flash top headlines for August 31');

    for (const file of files) {
      const id = file.replace(/\.txt$/u, '');
      const source = readFileSync(join(corpusFolder, file), 'utf8');
      await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
      await expect
        .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
        .toBe(id);
      const lines = await page
        .locator('[data-testid=doc-text] .line')
        .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
      // Every line, blank ones included, is rendered in order: joined, they are the file.
      expect(lines.join('\n')).toBe(source.replace(/\r\n|\r/gu, '\n'));
      const visible = await page.locator('[data-testid=doc-text]').innerText();
      for (const line of source.split('\n').filter((line) => line.trim() !== ''))
        expect(visible).toContain(line.trim());
    }
    await context.close();
  });

  it('reopens each tab on its own document after a reload, not the one another tab opened last (helper-159)', async () => {
    const { context, page } = await openApp(browser);
    const [first, third] = [files[0], files[2]].map((name) => name.replace(/\.txt$/u, ''));
    await openDocument(page, first);
    const other = await context.newPage();
    await other.goto(baseURL());
    await waitForText(other);
    await openDocument(other, third);
    await page.reload();
    await waitForText(page);
    await expect.poll(() => page.locator('[data-testid=doc-text]').innerText()).toContain('potential arms deal');
    await context.close();
  });

  it('keeps the list still while a search is typed: no document found in the texts drops out between keys (helper-207)', async () => {
    const { context, page } = await openApp(browser);
    const items = page.locator('[data-testid=doc-item]');
    await expect.poll(() => items.count()).toBe(5);
    // Counted every frame from the first key until the search has settled.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      const count = () => {
        seen.push(document.querySelectorAll('[data-testid=doc-item]').length);
        if (seen.length < 180) requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
    });
    await page.getByLabel('Search documents').pressSequentially('pyong', { delay: 60 });
    const found = files.filter((name) =>
      readFileSync(join(corpusFolder, name), 'utf8').toLowerCase().includes('pyong'),
    );
    await expect.poll(() => items.count()).toBe(found.length);
    await page.waitForFunction(() => (window as unknown as { seen: number[] }).seen.length >= 180);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    // Before, the list showed the titles that held each prefix only ("p": none), until the typing paused.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(found.length);
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

  it('lists a corpus of 2,000 documents by rendering the rows in view, scrolls to the last with the wheel and opens it', async () => {
    const { context, page } = await openApp(browser);
    const lines = Array.from({ length: 2000 }, (_, index) =>
      JSON.stringify({
        id: `wire-${String(index).padStart(4, '0')}`,
        title: `Wire report ${index}`,
        text: `Wire report ${index}: envoys met in Vienna.`,
        spans: [],
      }),
    );
    await page
      .locator('[data-testid=import-input]')
      .setInputFiles({ name: 'wires.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(lines.join('\n')) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card').textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('.list-count').textContent()).toContain('2,005 of 2,005 documents');
    const items = page.locator('[data-testid=doc-item]');
    expect(await items.count()).toBeLessThan(80);

    // Scroll to the end with the mouse wheel, as a person would, then click the last report.
    const list = page.locator('[data-testid=doc-list]');
    await list.hover();
    for (let turn = 0; turn < 40 && !(await items.last().getAttribute('data-doc-id'))?.endsWith('1999'); turn++)
      await page.mouse.wheel(0, 4000);
    const last = page.locator('[data-testid=doc-item][data-doc-id="wire-1999"]');
    await last.click();
    await expect
      .poll(() => page.locator('[data-testid=doc-text]').textContent())
      .toBe('Wire report 1999: envoys met in Vienna.');
    expect(await items.count()).toBeLessThan(80);
    // Scrolled to the end, the list still fits its column (the page itself does not grow).
    expect(await list.evaluate((element) => element.clientHeight)).toBeLessThan(page.viewportSize()!.height);

    // Scrolled back to the top, the open row is gone from the DOM; P opens the one before it, and
    // the list brings that row back into view.
    for (let turn = 0; turn < 40 && (await items.first().getAttribute('data-doc-id'))?.startsWith('wire-'); turn++)
      await page.mouse.wheel(0, -4000);
    expect(await page.locator('[data-testid=doc-item][aria-current=true]').count()).toBe(0);
    await page.keyboard.press('p');
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('wire-1998');
    const box = await page.locator('[data-testid=doc-item][aria-current=true]').boundingBox();
    const frame = await list.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(frame!.y - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);
    await context.close();
  });
});
