import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelWithKey, launchBrowser, listedSpans, openApp, openDocument } from './browser';

const DOC = '004_5d84a4a5889c536e';
const FIRST = '000_c25c54a9dd113007';
const source = readFileSync(join(import.meta.dirname, '../../public/corpus', `${DOC}.txt`), 'utf8');

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

function currentDocument(page: Page): Promise<string | null> {
  return page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id');
}

/** The text of every search mark in the open document, in reading order. */
function marks(page: Page): Promise<string[]> {
  return page.locator('[data-testid=doc-text] [data-search-hit]').allTextContents();
}

/** True when `element` is inside its scroller's visible part. */
function isInView(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const frame = element.closest('.doc-host')!.getBoundingClientRect();
  return box.top >= frame.top && box.bottom <= frame.bottom;
}

describe('small frictions', () => {
  it('marks the search hits in the open text, whatever their case or accents, and clears them with the search', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    const search = page.getByLabel('Search documents');
    await search.fill('north KOREA');
    const occurrences = source.match(/north korea/giu)?.length ?? 0;
    expect(occurrences).toBeGreaterThan(5);
    await expect.poll(() => marks(page)).toEqual(Array.from({ length: occurrences }, () => 'North Korea'));
    // A hit inside a span is marked as well, and the span's highlight stays.
    await labelWithKey(page, 'North Korea are', '1');
    await expect.poll(async () => (await marks(page)).join('')).toBe('North Korea'.repeat(occurrences));
    expect(await page.locator('[data-testid=doc-text] [data-label=claim]').count()).toBeGreaterThan(0);
    // Accents are ignored, as the list's search ignores them.
    await search.fill('pyóngyang');
    await expect
      .poll(() => marks(page))
      .toEqual(Array.from({ length: source.match(/pyongyang/giu)?.length ?? 0 }, () => 'Pyongyang'));
    // A typed apostrophe finds the typeset one: every article writes Korea’s or Korea's, and the list shows all five.
    await search.fill("korea's");
    // (Pyongyang was in four of them: the list holds five only once the texts are searched for korea's.)
    await expect.poll(() => page.locator('.list-count').textContent()).toMatch(/^\s*5 of 5 documents(\s|$)/u);
    const possessives = source.match(/korea['’]s/giu) ?? [];
    expect(possessives.length).toBeGreaterThan(0);
    await expect.poll(() => marks(page)).toEqual(possessives);
    // A hit far down the text is scrolled into view.
    await search.fill('crimea');
    const crimea = page.locator('[data-testid=doc-text] [data-search-hit]');
    await expect.poll(() => crimea.allTextContents()).toEqual(['Crimea']);
    await expect.poll(() => crimea.evaluate(isInView)).toBe(true);
    await search.press('Escape');
    await expect.poll(() => marks(page)).toEqual([]);
    await context.close();
  });

  it('undoing a span after moving to the next document opens its document first', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await labelWithKey(page, 'The White House', '1');
    const other = page.locator('[data-testid=doc-item]').first();
    const otherId = await other.getAttribute('data-doc-id');
    await other.click();
    await expect.poll(() => currentDocument(page)).toBe(otherId);
    await expect.poll(async () => (await listedSpans(page)).length).toBe(0);

    await page.keyboard.press('Control+z');
    // Back in the labelled document, where the span is seen to go.
    await expect.poll(() => currentDocument(page)).toBe(DOC);
    await expect.poll(async () => (await listedSpans(page)).length).toBe(0);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Undone: label “The White House” claim in “Russia and North Korea in Talks to Supp…”');
    // Redo from elsewhere puts it back, in its document again.
    await other.click();
    await expect.poll(() => currentDocument(page)).toBe(otherId);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => currentDocument(page)).toBe(DOC);
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toEqual(['The White House']);
    await context.close();
  });

  it('sets a document marked done by mistake back to to do, and it stays so after a reload', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FIRST);
    const chip = () => page.getByTestId('doc-status').textContent();
    const reopen = page.getByRole('button', { name: 'Reopen' });
    expect(await reopen.count()).toBe(0);
    await page.keyboard.press('d');
    await expect.poll(() => currentDocument(page)).not.toBe(FIRST);
    await openDocument(page, FIRST);
    await expect.poll(chip).toBe('done');
    await reopen.click();
    await expect.poll(chip).toBe('todo');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Reopened “Fox News Flash');
    // It stays open here (nothing moves on), and the button goes with the status; the keyboard
    // focus goes to the text, not to the page, so the caret keys and Enter go on from there.
    expect(await currentDocument(page)).toBe(FIRST);
    await expect.poll(() => reopen.count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null))
      .toBe(true);
    await page.reload();
    await openDocument(page, FIRST);
    await expect.poll(chip).toBe('todo');
    await context.close();
  });
});
