import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { become, labelWithKey, launchBrowser, openApp } from './browser';

const DOC = '004_5d84a4a5889c536e';
const WHITE_HOUSE =
  'The White House said on Wednesday that it has new information that Russia and North Korea are “actively advancing” their negotiations';
const BIDEN =
  'The Biden administration said it remains concerned that the two pariah states are in the middle of arms negotiations';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('the differences table at 1280 × 800', () => {
  it('gives A and B the width, wraps versions between words, and keeps its header opaque over decided rows', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, WHITE_HOUSE, '2');
    await labelWithKey(page, BIDEN, '3');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Vladimir Putin', '1');
    await labelWithKey(page, 'Kim Jong Un', '1');
    await labelWithKey(page, 'Russian military plans to use in Ukraine', '2');
    await become(page, 'bea');
    await labelWithKey(page, `${WHITE_HOUSE} over a potential arms deal`, '2');
    await labelWithKey(page, BIDEN, '1');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Vladimir Putin', '3');
    await labelWithKey(page, 'Kim Jong Un', '2');
    await labelWithKey(page, 'Russian military plans', '3');
    await labelWithKey(page, 'Kirby said', '1');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.locator('.kind', { hasText: 'label and boundaries differ' }).count()).toBe(1);

    // The Difference column fits its tag; A and B share the rest evenly.
    const widths = await page
      .locator('[data-testid=differences] thead th')
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    const [kind, a, b] = widths;
    expect(Math.abs(a - b), `${widths}`).toBeLessThanOrEqual(1);
    expect(kind, `${widths}`).toBeLessThan(0.9 * a);

    // No word of a version is cut across two lines.
    /** The words of the elements `selector` finds that are cut across two lines. */
    const cutWords = (selector: string) =>
      page.evaluate(
        (selector) =>
          [...document.querySelectorAll(selector)].flatMap((version) => {
            const walker = document.createTreeWalker(version, NodeFilter.SHOW_TEXT);
            const words: string[] = [];
            for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
              for (const match of node.data.matchAll(/\S+/gu)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
                if (tops.size > 1) words.push(match[0]);
              }
            return words;
          }),
        selector,
      );
    expect(await cutWords('[data-testid=differences] .version')).toEqual([]);

    // Decided rows are dimmed (a layer each); scrolled under the sticky header, none shows through it.
    for (let index = 0; index < 3; index++) await rows.nth(index).locator('.decide button').first().click();
    const through = await page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('.differences-scroll')!;
      const head = scroller.querySelector('thead')!;
      const seen: string[] = [];
      for (const th of head.querySelectorAll('th')) {
        const alpha = getComputedStyle(th).backgroundColor.match(/rgba\(.*,\s*([\d.]+)\)/u)?.[1];
        if (getComputedStyle(th).backgroundColor === 'transparent' || (alpha !== undefined && Number(alpha) < 1))
          seen.push(`${th.textContent} is see-through`);
      }
      for (const row of [...scroller.querySelectorAll<HTMLElement>('tr.difference')].slice(0, 3)) {
        scroller.scrollTop = row.offsetTop - head.offsetHeight + row.offsetHeight / 2;
        for (const th of head.querySelectorAll('th')) {
          const box = th.getBoundingClientRect();
          for (let x = box.left + 2; x < box.right - 2; x += 5)
            for (let y = box.top + 2; y < box.bottom - 2; y += 4) {
              const hit = document.elementFromPoint(x, y);
              if (hit && !head.contains(hit)) seen.push(`${th.textContent}: ${hit.textContent?.slice(0, 30)}`);
            }
        }
      }
      return [...new Set(seen)];
    });
    expect(through).toEqual([]);
    // In narrower windows the tag wraps between its words, never inside one ("boundarie / s differ").
    for (const width of [1024, 390]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await cutWords('[data-testid=differences] .kind'), `at ${width} px`).toEqual([]);
    }
    await context.close();
  });
});

describe('the differences table at 200 % zoom (640 × 800 CSS pixels, scale 2)', () => {
  it('keeps the row J and K focus in the window, above the status line, and leaves the page where it was on opening', async () => {
    // Labelled in a wide window (a drag in a 640-pixel one would land elsewhere), reviewed in the narrow one.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    const { page } = await openApp(browser, { context });
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    for (const words of ['John Kirby', 'Vladimir Putin', 'Kim Jong Un', 'Russian military', 'North Korea'])
      await labelWithKey(page, words, '1');
    await become(page, 'bea');
    for (const words of ['John Kirby', 'Vladimir Putin', 'Kim Jong Un', 'Russian military', 'North Korea'])
      await labelWithKey(page, words, '2');
    await page.setViewportSize({ width: 640, height: 800 });
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    // The panes are stacked: the page scrolls, not the list. Opening it scrolls nothing.
    expect(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight)).toBe(true);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const count = await rows.count();
    for (let step = 1; step < count; step++) {
      await page.keyboard.press('j');
      const seen = await page.evaluate(() => {
        const row = document.querySelector('tr.difference.focused')!.getBoundingClientRect();
        const foot = document.querySelector('.app > .statusline')!.getBoundingClientRect().top;
        return {
          top: Math.round(row.top),
          bottom: Math.round(row.bottom),
          foot: Math.round(Math.min(innerHeight, foot)),
        };
      });
      expect(seen.top, `row ${step + 1} of ${count}`).toBeGreaterThanOrEqual(0);
      expect(seen.bottom, `row ${step + 1} of ${count}`).toBeLessThanOrEqual(seen.foot);
    }
    // And back up with K.
    for (let step = 1; step < count; step++) await page.keyboard.press('k');
    const first = await rows.first().boundingBox();
    expect(first!.y).toBeGreaterThanOrEqual(0);
    await context.close();
  });
});
