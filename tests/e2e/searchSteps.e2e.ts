import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, listedSpans, openApp, openDocument } from './browser';
import { dropFiles } from './transfer';

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

/** The line (paragraph) at the top of the open text's pane, by its first words. */
const lineAtTop = (page: Page) =>
  page.locator('[data-testid=doc-text]').evaluate((text) => {
    let scroller = text.parentElement!;
    while (scroller.scrollHeight <= scroller.clientHeight && scroller.parentElement) scroller = scroller.parentElement;
    const top = scroller.getBoundingClientRect().top;
    const lines = [...text.children].flatMap((chunk) => [...chunk.children]);
    const first = lines.find((line) => line.getBoundingClientRect().bottom > top + 2);
    return first?.textContent?.slice(0, 14) ?? '';
  });

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
    await expect
      .poll(() => count.textContent())
      .toBe(` hit 1 of ${northKoreas.length} in the open text · Enter: next, Shift+Enter: back`);
    // Said with the list's count, for a screen reader, once the search settles.
    await expect
      .poll(() => page.getByTestId('list-count-said').textContent())
      .toContain(`; ${northKoreas.length} hits in the open text`);
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

  it('keeps the hit stepped to as the query is typed on, and Esc after the field was emptied puts the caret there (helper-214)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await page.keyboard.press('/');
    await page.keyboard.type('north kor');
    for (let step = 0; step < 3; step++) await page.keyboard.press('Enter');
    await expect.poll(() => currentHit(page)).toBe(3);
    await page.keyboard.type('ea');
    await expect.poll(() => page.getByTestId('hit-count').textContent()).toContain(`hit 4 of ${northKoreas.length}`);
    expect(await currentHit(page)).toBe(3);
    // Emptied key by key: the text stays at that hit, and Esc puts the caret there.
    for (let key = 0; key < 'north korea'.length; key++) await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('[data-testid=doc-text] [data-search-hit]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => textHasFocus(page)).toBe(true);
    for (let step = 0; step < 'North'.length; step++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect.poll(() => listedSpans(page)).toMatchObject([{ text: 'North', start: northKoreas[3] }]);
    await context.close();
  });

  it('gives a long text back at the line that was read, once its chunks above are laid out (helper-214)', async () => {
    const { context, page } = await openApp(browser);
    const paragraphs = Array.from(
      { length: 900 },
      (_, index) =>
        `Paragraph ${index}: the delegation met in ${index === 880 ? 'Zürich' : 'Geneva'} to talk about sanctions and visits, ${'and more talk '.repeat(8 + (index % 13))}.`,
    );
    await dropFiles(page, [{ name: 'long-talks.txt', content: paragraphs.join('\n') }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('[data-testid=doc-item][data-doc-id="long-talks"]').waitFor();
    await page.keyboard.press('Escape');
    await openDocument(page, 'long-talks');
    const text = page.locator('[data-testid=doc-text]');
    await text.hover();
    for (let turn = 0; turn < 12; turn++) await page.mouse.wheel(0, 4000);
    await expect.poll(() => scrolled(page)).toBeGreaterThan(20_000);
    await page.waitForTimeout(300);
    const reading = await lineAtTop(page);
    expect(reading).toMatch(/^Paragraph \d+:/u);
    // A search starts from where the text is read, as a browser's find does: the first hit below, not the first of all.
    await page.getByLabel('Search documents').click();
    await page.keyboard.type('geneva');
    const at = Number(/\d+/u.exec(reading)![0]);
    // Paragraph n holds hit n + 1; the paragraph cut by the pane's top edge, or the one after it.
    await expect
      .poll(async () =>
        Number(/hit (\d+) of 899/u.exec((await page.getByTestId('hit-count').textContent()) ?? '')?.[1]),
      )
      .toBeOneOf([at + 1, at + 2]);
    await page.keyboard.press('Escape');
    await expect.poll(() => lineAtTop(page)).toBe(reading);
    await page.getByLabel('Search documents').click();
    await page.keyboard.type('zurich');
    await expect
      .poll(() => page.locator('[data-testid=doc-text] [data-search-hit]').allTextContents())
      .toEqual(['Zürich']);
    await expect.poll(() => lineAtTop(page)).not.toBe(reading);
    await page.keyboard.press('Escape');
    await expect.poll(() => lineAtTop(page)).toBe(reading);
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
  it('takes the keys from the search field to the first document found with ↓, when the open one is not found', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await page.keyboard.press('/');
    await page.keyboard.type('scorched'); // in one other article only
    const hint = page.getByTestId('open-hidden');
    // N would type a letter here: the hint names the keys that work where the keys are.
    await expect
      .poll(() => hint.textContent())
      .toBe('· the open document is not among them: ↓ then Enter opens the first');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const other = '000_c25c54a9dd113007';
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe(other);
    await expect.poll(() => page.getByTestId('hit-count').textContent()).toContain('hit 1 of 1 in the open text');
    expect(await page.getByLabel('Search documents').inputValue()).toBe('scorched');
    await context.close();
  });
});
