import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, dragSelect, labelWithKey, launchBrowser, listedSpans, openApp, openDocument } from './browser';

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

  it('shows the spans at the caret below the text, over no line of it, wherever the text is scrolled', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, '004_5d84a4a5889c536e');
    // The whole text as one span: the bar at the caret shows it, as much of it as the bar holds.
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await page.getByTestId('caret-spans').waitFor();
    /** The text's lines the reader sees (inside its scroller) that lie under the bar, at a scroll place (0–1). */
    const hidden = (place: number) =>
      page.evaluate(async (place) => {
        const text = document.querySelector('[data-testid=doc-text]')!;
        const scroller = text.parentElement!;
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * place;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const view = scroller.getBoundingClientRect();
        const bar = document.querySelector('[data-testid=caret-spans]')!.getBoundingClientRect();
        const lines: DOMRect[] = [];
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(walker.currentNode);
          lines.push(...range.getClientRects());
        }
        return (
          lines
            .filter((line) => line.height > 0 && line.bottom > view.top && line.top < view.bottom)
            // The part of the line the scroller shows (it clips the rest) against the bar.
            .filter(
              (line) =>
                Math.min(line.bottom, view.bottom) > bar.top &&
                Math.max(line.top, view.top) < bar.bottom &&
                line.right > bar.left &&
                line.left < bar.right,
            )
            .map((line) => Math.round(line.top))
        );
      }, place);
    for (const place of [0, 0.5, 1]) expect(await hidden(place)).toEqual([]);
    // Scrolled to its end, the last line stands clear above the bar.
    const last = await page.evaluate(() => {
      const text = document.querySelector('[data-testid=doc-text]')!;
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      let lastNode: Text | null = null;
      while (walker.nextNode())
        if ((walker.currentNode.textContent ?? '').trim()) lastNode = walker.currentNode as Text;
      const range = document.createRange();
      range.selectNodeContents(lastNode!);
      const lines = range.getClientRects();
      return {
        line: lines[lines.length - 1].bottom,
        view: text.parentElement!.getBoundingClientRect().bottom,
        bar: document.querySelector('[data-testid=caret-spans]')!.getBoundingClientRect().top,
      };
    });
    expect(last.line).toBeLessThanOrEqual(Math.min(last.view, last.bar));
    await context.close();
  });

  it('opens Settings with its sections where they stay: Team, loaded with it, does not push them down', async () => {
    const { context, page } = await openApp(browser);
    // Every frame from the click on: where the Appearance section is, while it is shown.
    await page.evaluate(() => {
      const seen = new Set<number>();
      Object.assign(window, { appearanceAt: seen });
      const watch = () => {
        const section = document.querySelector('[data-testid=appearance]');
        if (section) seen.add(Math.round(section.getBoundingClientRect().top + scrollY));
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('#team-heading').waitFor();
    await page.waitForTimeout(300);
    const places = await page.evaluate(() => [...(window as unknown as { appearanceAt: Set<number> }).appearanceAt]);
    expect(places).toHaveLength(1);
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

  it('asks before deleting a label under its row: no column moves, nothing above it moves, nothing of the row is hidden', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Settings' }).click();
    const table = page.locator('.label-table');
    await table.locator('[data-label-row="visit"]').waitFor();
    /** Where every cell of the table is, rounded to the pixel, with the label of its row. */
    const cells = () =>
      table.evaluate((node) =>
        [...node.querySelectorAll('th, td')].map((cell) => {
          const box = cell.getBoundingClientRect();
          const [x, y, width, height] = [box.x, box.y, box.width, box.height].map(Math.round);
          return { row: cell.closest('tr')?.getAttribute('data-label-row') ?? '', x, y, width, height };
        }),
      );
    const before = await cells();
    const columns = (all: Awaited<ReturnType<typeof cells>>) =>
      all.filter((cell) => cell.row !== '').map(({ row, x, width }) => `${row}:${x},${width}`);
    for (const name of ['denial', 'visit']) {
      await page.getByRole('button', { name: `Delete ${name}` }).click();
      const question = page.getByRole('alert').filter({ hasText: `Delete “${name}”` });
      await question.waitFor();
      const asked = await cells();
      // No column moves or changes its width; the rows down to the label's own stay where they were.
      expect(columns(asked)).toEqual(columns(before));
      const through = before.findLastIndex((cell) => cell.row === name);
      expect(asked.slice(0, through + 1)).toEqual(before.slice(0, through + 1));
      // The question stands under the row, hiding nothing of it (its description first: helper-152).
      const row = await table.locator(`[data-label-row="${name}"]`).boundingBox();
      expect((await question.boundingBox())!.y).toBeGreaterThanOrEqual(row!.y + row!.height - 1);
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

  it('shows a span’s text beside a 64-character label, and a label name with no space inside the window', async () => {
    const { context, page } = await openApp(browser);
    const spaced = 'A rather long label with spaces in it, for the widest of columns';
    const unbroken = 'Official_statement_of_sanctions_policy_by_the_executive_branch_X';
    await page.goto(new URL('#/settings', baseURL()).href);
    for (const name of [spaced, unbroken]) {
      await page.getByLabel('New label name').fill(name);
      await page.getByRole('button', { name: 'Add label' }).click();
      await page.locator(`[data-label-row="${name}"]`).waitFor();
    }
    await page.goto(baseURL());
    await page.locator('[data-testid=doc-item]').first().waitFor();
    await dragSelect(page, 'arms deal');
    await page.locator(`[data-label-button="${spaced}"]`).click();
    const item = page.locator('[data-testid=span-item]');
    await expect.poll(() => item.count()).toBe(1);
    const widths = await item.evaluate((node) => ({
      item: node.getBoundingClientRect().width,
      panel: node.closest('.span-panel')!.getBoundingClientRect().width,
      text: node.querySelector('.span-text')!.getBoundingClientRect().width,
    }));
    expect(widths.item).toBeLessThanOrEqual(widths.panel);
    expect(widths.text).toBeGreaterThanOrEqual(widths.item * 0.3);
    // Nothing runs out of the window sideways: the palette's buttons, the guidelines' names.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => {
        const out = (selector: string, within: string) =>
          [...document.querySelectorAll(selector)].filter((node) => {
            const box = node.closest(within)!.getBoundingClientRect();
            return node.getBoundingClientRect().right > Math.min(box.right, innerWidth) + 0.5;
          }).length;
        return {
          page: document.documentElement.scrollWidth - innerWidth,
          buttons: out('.label-button', '.palette'),
          guidelines: out('.guideline dt, .guideline dd', '.guidelines'),
          counted: document.querySelectorAll('.label-button, .guideline dt').length,
        };
      });
      expect(overflow).toEqual({ page: 0, buttons: 0, guidelines: 0, counted: 12 });
    }
    await context.close();
  });

  it('shows a span’s label whole and its words unbroken in a 700 px window (helper-204)', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize({ width: 700, height: 900 });
    await labelWithKey(page, 'arms deal', '3');
    await labelWithKey(page, 'Vladimir Putin', '2');
    const items = await page.locator('[data-testid=span-item]').evaluateAll((nodes) =>
      nodes.map((node) => {
        const [label, text] = ['.span-label', '.span-text'].map((selector) => node.querySelector(selector)!);
        const words = document.createRange();
        words.selectNodeContents(text);
        // One line box per line the text takes: "Vladimir Putin" fits the pane's width on one.
        const lines = new Set([...words.getClientRects()].map((rect) => Math.round(rect.top))).size;
        return { label: label.scrollWidth <= label.clientWidth, lines };
      }),
    );
    expect(items).toEqual([
      { label: true, lines: 1 },
      { label: true, lines: 1 },
    ]);
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
