import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, launchBrowser, listedSpans, openApp, openDocument } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** Where the page ends and the status line begins and ends, and the window's height. */
function footerPlace(page: Page): Promise<{ pageBottom: number; top: number; bottom: number; height: number }> {
  return page.evaluate(() => {
    const footer = document.querySelector('.statusline')!.getBoundingClientRect();
    return {
      pageBottom: Math.round(document.querySelector('.app > main')!.getBoundingClientRect().bottom),
      top: Math.round(footer.top),
      bottom: Math.round(footer.bottom),
      height: window.innerHeight,
    };
  });
}

/** The page reaches down to a one-line status line at the foot of the window. */
async function expectFilled(page: Page): Promise<void> {
  const { pageBottom, top, bottom, height } = await footerPlace(page);
  expect(bottom).toBe(height);
  expect(pageBottom).toBe(top);
  expect(bottom - top).toBeLessThan(40);
}

describe('layout', () => {
  it('fills the window with a short document open, and on the Guidelines page: the status line at its foot', async () => {
    const { context, page } = await openApp(browser);
    await page.locator('[data-testid=import-input]').setInputFiles({
      name: 'short.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('A short note.\nKim met Putin.\n'),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await openDocument(page, 'short');
    await expectFilled(page);
    await page.goto(`${page.url().split('#')[0]}#/guidelines`);
    await page.getByRole('heading', { name: 'Annotation guidelines' }).waitFor();
    await expectFilled(page);
    await context.close();
  });

  it('lets the last line of the text scroll clear of the bar of spans at the caret', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, '004_5d84a4a5889c536e');
    // The whole text as one span: the bar at the caret shows it, as tall as the bar may grow.
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    const bar = page.getByTestId('caret-spans');
    await bar.waitFor();
    const place = await page.evaluate(async () => {
      const text = document.querySelector('[data-testid=doc-text]')!;
      const scroller = text.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      while (walker.nextNode()) if ((walker.currentNode.textContent ?? '').trim()) last = walker.currentNode as Text;
      const range = document.createRange();
      range.selectNodeContents(last!);
      const lines = range.getClientRects();
      return {
        lastLineBottom: lines[lines.length - 1].bottom,
        barTop: document.querySelector('[data-testid=caret-spans]')!.getBoundingClientRect().top,
        barHeight: document.querySelector('[data-testid=caret-spans]')!.getBoundingClientRect().height,
      };
    });
    // The bar is taller than the text's usual foot room (4rem), and the last line stands above it.
    expect(place.barHeight).toBeGreaterThan(60);
    expect(place.lastLineBottom).toBeLessThanOrEqual(place.barTop);
    await context.close();
  });

  it('shows the label descriptions in Settings in whole lines', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Settings' }).click();
    const fields = page.locator('textarea[aria-label^="Description of"]');
    await fields.first().waitFor();
    const sizes = await fields.evaluateAll((nodes) =>
      nodes.map((node) => {
        const style = getComputedStyle(node);
        const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
        const lines = (node.clientHeight - padding) / parseFloat(style.lineHeight);
        return {
          overflows: node.scrollHeight > node.clientHeight,
          wholeLines: Math.abs(lines - Math.round(lines)) < 0.05,
        };
      }),
    );
    expect(sizes).toEqual(sizes.map(() => ({ overflows: false, wholeLines: true })));
    await context.close();
  });

  it('asks before deleting a label without moving anything in the label table', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Settings' }).click();
    const table = page.locator('.label-table');
    await table.locator('[data-label-row="visit"]').waitFor();
    /** Where every cell of the table is, rounded to the pixel. */
    const cells = () =>
      table.evaluate((node) =>
        [node, ...node.querySelectorAll('th, td')].map((cell) => {
          const box = cell.getBoundingClientRect();
          return [box.x, box.y, box.width, box.height].map(Math.round).join(',');
        }),
      );
    const before = await cells();
    for (const name of ['denial', 'visit']) {
      await page.getByRole('button', { name: `Delete ${name}` }).click();
      const question = page.getByRole('alert').filter({ hasText: `Delete “${name}”` });
      await question.waitFor();
      expect(await cells()).toEqual(before);
      // Both answers show whole and on top, inside the window.
      for (const answer of ['Delete', 'Cancel']) {
        const button = question.getByRole('button', { name: answer, exact: true });
        const reachable = await button.evaluate((node) => {
          const box = node.getBoundingClientRect();
          const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
          return inside && node.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
        });
        expect(reachable).toBe(true);
      }
    }
    await page.getByRole('alert').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await cells()).toEqual(before);
    await context.close();
  });

  it('keeps the list’s filters inside their column when a label has a long name', async () => {
    const { context, page } = await openApp(browser);
    const long = 'statement attributed to an unnamed senior government official';
    await page.goto(new URL('#/settings', baseURL()).href);
    await page.getByLabel('New label name').fill(long);
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.locator(`[data-label-row="${long}"]`).waitFor();
    await page.goto(baseURL());
    await page.locator('[data-testid=doc-item]').first().waitFor();
    const place = await page.evaluate(() => {
      const column = document.querySelector('.filters')!.getBoundingClientRect();
      const filters = [...document.querySelectorAll('.filter-row select')].map((select) =>
        Math.round(select.getBoundingClientRect().right),
      );
      return { right: Math.round(column.right), filters };
    });
    expect(place.filters).toHaveLength(2);
    for (const right of place.filters) expect(right).toBeLessThanOrEqual(place.right);
    await context.close();
  });
});
