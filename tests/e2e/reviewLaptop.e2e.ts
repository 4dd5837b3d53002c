import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const CORPUS = join(import.meta.dirname, '../../public/corpus');
const RUSSIA = '004_5d84a4a5889c536e';
const LABELS = ['claim', 'denial', 'sanction', 'visit'];

/**
 * Two annotators' layers of the default corpus in Spanwright JSONL, thirty names of one or two words a
 * document: bea gives every other name the next label and leaves out every fifth, ann every seventh, so
 * each document has some thirty differences of every kind (a reviewer's day, not a toy).
 */
function twoLayers(): string {
  const lines: string[] = [];
  for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.txt'))) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const names = [...text.matchAll(/\b[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?\b/gu)].slice(0, 30).map((match) => {
      const start = [...text.slice(0, match.index)].length;
      return { start, end: start + [...match[0]].length, text: match[0] };
    });
    for (const annotator of ['ann', 'bea']) {
      const spans = names
        .map((name, index) => ({
          ...name,
          label: LABELS[(index + (annotator === 'bea' && index % 2 === 0 ? 1 : 0)) % LABELS.length],
        }))
        .filter((_, index) => (annotator === 'bea' ? index % 5 !== 4 : index % 7 !== 6));
      lines.push(JSON.stringify({ id: file.replace(/\.txt$/u, ''), text, spans, annotator, status: 'done', meta: {} }));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Opens the review of ann and bea on the Russia article in a window of `width` × `height` (`layers`: their file). */
async function openReview(width: number, height: number, layers = twoLayers()) {
  const context = await browser.newContext({ viewport: { width, height } });
  const { page } = await openApp(browser, { context });
  await page
    .locator('[data-testid=import-input]')
    .setInputFiles({ name: 'layers.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(layers) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByLabel('Annotator A').selectOption('ann');
  await page.getByLabel('Annotator B').selectOption('bea');
  await page.locator(`[data-review-doc-id="${RUSSIA}"]`).click();
  await expect.poll(() => page.locator('[data-testid=differences] tr.difference').count()).toBeGreaterThan(20);
  return { context, page };
}

/**
 * The difference rows seen whole, in the table's own box above the status line, with the window
 * itself unscrolled (a row under the sticky header does not count); and the marked row's place.
 */
const rowsInView = (page: Page) =>
  page.evaluate(() => {
    const scroller = document.querySelector('.differences-scroll')!;
    const view = scroller.getBoundingClientRect();
    const head = scroller.querySelector('thead')!.getBoundingClientRect().bottom;
    const foot = Math.min(view.bottom, document.querySelector('.statusline')!.getBoundingClientRect().top, innerHeight);
    const whole = (row: Element) => {
      const box = row.getBoundingClientRect();
      return box.top >= head - 0.5 && box.bottom <= foot + 0.5;
    };
    const rows = [...scroller.querySelectorAll('tr.difference')];
    const marked = scroller.querySelector('tr.difference.focused');
    return {
      whole: rows.filter(whole).length,
      markedInView: !!marked && whole(marked),
      windowScrolled: document.scrollingElement!.scrollTop,
    };
  });

describe('the review on a laptop screen', () => {
  it('shows at least 12 difference rows at 1366 × 768 (8 with All figures open), and J keeps the marked row in view', async () => {
    const { context, page } = await openReview(1366, 768);
    const closed = await rowsInView(page);
    expect(closed.whole, JSON.stringify(closed)).toBeGreaterThanOrEqual(12);
    expect(closed.windowScrolled).toBe(0);

    await page.getByText('All figures', { exact: false }).click();
    await page.getByTestId('pairwise').waitFor();
    const open = await rowsInView(page);
    expect(open.whole, JSON.stringify(open)).toBeGreaterThanOrEqual(8);

    // Keyboard first: J walks down the differences; the table scrolls within, the marked row stays whole in view.
    await page.locator('[data-testid=differences] tr.difference').first().click();
    for (let step = 0; step < 20; step++) await page.keyboard.press('j');
    await expect.poll(() => page.locator('tr.difference.focused').getAttribute('data-position')).toBe('20');
    const walked = await rowsInView(page);
    expect(walked.markedInView, JSON.stringify(walked)).toBe(true);
    expect(walked.windowScrolled).toBe(0);
    await context.close();
  });

  it('shows at least 3 gold items whole beside the text at 1280 × 800, and 8 lines of the text above them', async () => {
    const { context, page } = await openReview(1280, 800);
    await page.locator('[data-testid=differences] tr.difference').first().click();
    await page.keyboard.press('m'); // the agreements go into gold: a dozen items
    await expect.poll(() => page.locator('[data-testid=gold-list] li').count()).toBeGreaterThan(8);
    const seen = await page.evaluate(() => {
      const list = document.querySelector('[data-testid=gold-list]')!.getBoundingClientRect();
      const foot = Math.min(list.bottom, document.querySelector('.statusline')!.getBoundingClientRect().top);
      const items = [...document.querySelectorAll('[data-testid=gold-list] li')].filter((item) => {
        const box = item.getBoundingClientRect();
        return box.top >= list.top - 0.5 && box.bottom <= foot + 0.5;
      });
      const text = document.querySelector('.gold-view > .doc-host')!.getBoundingClientRect();
      const line = parseFloat(
        getComputedStyle(document.querySelector('.gold-view [data-testid=doc-text]')!).lineHeight,
      );
      return { items: items.length, lines: Math.floor(text.height / line) };
    });
    expect(seen.items, JSON.stringify(seen)).toBeGreaterThanOrEqual(3);
    expect(seen.lines, JSON.stringify(seen)).toBeGreaterThanOrEqual(8);
    await context.close();
  });

  it('shows a short span of one or two words on one line in the differences at 1024 × 768', async () => {
    const { context, page } = await openReview(1024, 768);
    const measured = await page.evaluate(() => {
      const scroller = document.querySelector('.differences-scroll')!;
      const lines: Record<string, number> = {};
      for (const version of scroller.querySelectorAll('.version')) {
        const walker = document.createTreeWalker(version, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
          for (const match of node.data.matchAll(/North Korea|White House|Supply Weapons|Ukraine War/gu)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
            lines[match[0]] = Math.max(lines[match[0]] ?? 0, tops.size);
          }
      }
      return { lines, sideways: scroller.scrollWidth - scroller.clientWidth };
    });
    expect(measured).toEqual({
      lines: { 'North Korea': 1, 'White House': 1, 'Supply Weapons': 1, 'Ukraine War': 1 },
      sideways: 0,
    });
    await context.close();
  });

  it('keeps the Order choice, the gold count and each gold item’s controls whole at 1024 × 768', async () => {
    const { context, page } = await openReview(1024, 768);
    await page.locator('[data-testid=differences] tr.difference').first().click();
    await page.keyboard.press('m');
    await expect.poll(() => page.locator('[data-testid=gold-list] li').count()).toBeGreaterThan(3);
    const measured = await page.evaluate(() => {
      // The chosen order's words fit the select beside its arrow (they ran under it).
      const select = document.querySelector<HTMLSelectElement>('label.order select')!;
      const style = getComputedStyle(select);
      const context2d = document.createElement('canvas').getContext('2d')!;
      context2d.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const words = context2d.measureText(select.selectedOptions[0].text).width;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
      // "9 in gold" on one line, never "9" on one and "in gold" on the next.
      const count = document.querySelector('[data-testid=gold-count]')!.getClientRects().length;
      // A gold item's label and Remove side by side.
      const splitItems = [...document.querySelectorAll('[data-testid=gold-list] li')].filter((item) => {
        const label = item.querySelector('.gold-label')?.getBoundingClientRect();
        const remove = item.querySelector('[data-testid=gold-remove]')?.getBoundingClientRect();
        return label && remove && Math.abs(label.top + label.height / 2 - (remove.top + remove.height / 2)) > 2;
      }).length;
      return { fits: words <= room, count, splitItems };
    });
    expect(measured).toEqual({ fits: true, count: 1, splitItems: 0 });
    await context.close();
  });

  it('keeps a long label name’s menus and every gold control in a 1280 × 720 window, and the text most of the pane while gold is short (helper-197)', async () => {
    // A label name of 58 characters (64 is the longest allowed): its menus were as wide as it, and pushed
    // Add to gold and Remove out of the window, the whole page sideways.
    const long = 'newlabel_with_a_rather_long_name_to_test_wrapping_in_cards';
    const { context, page } = await openReview(
      1280,
      720,
      twoLayers().replaceAll('"label":"visit"', `"label":"${long}"`),
    );
    // One decision, the agreements left out of gold: one gold item.
    await page.getByLabel('Agreements go into gold').uncheck();
    await page.locator('[data-testid=differences] tr.difference').first().click();
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('[data-testid=gold-list] li[data-origin]').count()).toBe(1);
    const measured = await page.evaluate(() => {
      const right = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().right;
      const text = document.querySelector('.gold-view > .doc-host')!.getBoundingClientRect();
      const pane = document.querySelector('.gold-view')!.getBoundingClientRect();
      return {
        sideways: document.documentElement.scrollWidth > innerWidth,
        addInWindow: right('[data-testid=gold-add] button') <= innerWidth,
        removeInWindow: right('[data-testid=gold-remove]') <= innerWidth,
        labelMenusInWindow: [...document.querySelectorAll('.gold-add select, .gold-label')].every(
          (menu) => menu.getBoundingClientRect().right <= innerWidth,
        ),
        // One gold item: the text takes more than half the pane (it was held to half, 215 px here).
        textShare: text.height / pane.height,
      };
    });
    expect(measured, JSON.stringify(measured)).toMatchObject({
      sideways: false,
      addInWindow: true,
      removeInWindow: true,
      labelMenusInWindow: true,
    });
    expect(measured.textShare, JSON.stringify(measured)).toBeGreaterThan(0.55);
    // Tab to Add to gold moves no part of the page sideways.
    await page.locator('[data-testid=gold-add] button').focus();
    expect(await page.evaluate(() => document.scrollingElement!.scrollLeft)).toBe(0);
    await context.close();
  });
});
