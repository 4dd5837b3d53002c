import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, listedSpans, openApp, openDocument } from './browser';

const DOC = '004_5d84a4a5889c536e';
const source = readFileSync(join(import.meta.dirname, '../../public/corpus', `${DOC}.txt`), 'utf8');
/** Where each "North Korea" of the text starts, in code points (the span list's offsets). */
const northKoreas = [...source.matchAll(/north korea/giu)].map((found) => [...source.slice(0, found.index)].length);

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** How far the open text is scrolled. */
const scrolled = (page: Page) =>
  page.locator('[data-testid=doc-text]').evaluate((text) => {
    for (let node = text.parentElement; node; node = node.parentElement)
      if (node.scrollHeight > node.clientHeight && getComputedStyle(node).overflowY !== 'visible')
        return node.scrollTop;
    return 0;
  });

/** Which hit is marked current (its index among the marks), -1 for none. */
const currentHit = (page: Page) =>
  page
    .locator('[data-testid=doc-text] [data-search-hit]')
    .evaluateAll((marks) => marks.findIndex((mark) => mark.getAttribute('data-search-hit') === 'current'));

const textHasFocus = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null);

describe('the document search in the open text', () => {
  it('steps through the hits with Enter and Shift+Enter, and Esc leaves the caret at the hit gone to', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    expect(northKoreas.length).toBeGreaterThan(5);
    await page.keyboard.press('/');
    await page.keyboard.type('north korea');
    const count = page.getByTestId('hit-count');
    await expect.poll(() => count.textContent()).toBe(` · hit 1 of ${northKoreas.length} in this text (Enter: next)`);
    await expect.poll(() => currentHit(page)).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => currentHit(page)).toBe(2);
    expect(await count.textContent()).toContain(`hit 3 of ${northKoreas.length}`);
    // Back past the first: round to the last, scrolled into view.
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    const last = northKoreas.length - 1;
    await expect.poll(() => currentHit(page)).toBe(last);
    const current = page.locator('[data-testid=doc-text] [data-search-hit=current]');
    await expect
      .poll(() =>
        current.evaluate((mark) => {
          const [box, frame] = [mark.getBoundingClientRect(), mark.closest('.doc-host')!.getBoundingClientRect()];
          return box.top >= frame.top && box.bottom <= frame.bottom;
        }),
      )
      .toBe(true);
    await expect.poll(() => page.getByTestId('span-announcement').textContent()).toContain(`Hit ${last + 1} of`);
    // Esc: the keys go to the text with the caret at that hit; Shift+→ selects from there, and a label key labels it.
    await page.keyboard.press('Escape');
    await expect.poll(() => textHasFocus(page)).toBe(true);
    expect(await page.locator('[data-testid=doc-text] [data-search-hit]').count()).toBe(0);
    for (let step = 0; step < 'North'.length; step++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect
      .poll(() => listedSpans(page))
      .toMatchObject([{ label: 'claim', text: 'North', start: northKoreas[last], end: northKoreas[last] + 5 }]);
    await context.close();
  });

  it('gives the text back where it was read when Esc ends a search that only looked', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    const text = page.locator('[data-testid=doc-text]');
    await text.hover();
    await page.mouse.wheel(0, 300);
    await expect.poll(() => scrolled(page)).toBeGreaterThan(100);
    const reading = await scrolled(page);
    await page.getByLabel('Search documents').click();
    await page.keyboard.type('crimea');
    await expect
      .poll(() => page.locator('[data-testid=doc-text] [data-search-hit]').allTextContents())
      .toEqual(['Crimea']);
    await expect.poll(async () => Math.abs((await scrolled(page)) - reading)).toBeGreaterThan(100);
    await page.keyboard.press('Escape');
    await expect.poll(() => scrolled(page)).toBe(reading);
    await expect.poll(() => textHasFocus(page)).toBe(true);
    // A search the reader scrolled on from stays where they went.
    await page.getByLabel('Search documents').click();
    await page.keyboard.type('crimea');
    await expect.poll(async () => Math.abs((await scrolled(page)) - reading)).toBeGreaterThan(100);
    await text.hover();
    await page.mouse.wheel(0, -40);
    await page.waitForTimeout(200);
    const moved = await scrolled(page);
    await page.getByLabel('Search documents').press('Escape');
    await page.waitForTimeout(300);
    expect(await scrolled(page)).toBe(moved);
    await context.close();
  });
});
