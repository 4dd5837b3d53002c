import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAnnotator, launchBrowser, openApp, openDocument } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const CORPUS = join(import.meta.dirname, '../../public/corpus');
const RUSSIA = '004_5d84a4a5889c536e';
const LABELS = ['claim', 'denial', 'sanction', 'visit'];

/**
 * Two annotators' layers of the default corpus in Spanwright JSONL: the first nine capitalised
 * words of each document, labelled in turn; bea gives every third word the next label and leaves
 * out the fifth, ann the seventh, so the review has agreements, label differences and spans only
 * one has. Offsets in code points.
 */
function twoLayers(): string {
  const lines: string[] = [];
  for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.txt'))) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const words = [...text.matchAll(/\b[A-Z][a-z]{3,}\b/gu)].slice(0, 9).map((match) => {
      const start = [...text.slice(0, match.index)].length;
      return { start, end: start + [...match[0]].length, text: match[0] };
    });
    for (const annotator of ['ann', 'bea']) {
      const spans = words
        .map((word, index) => ({
          ...word,
          label: LABELS[(index + (annotator === 'bea' && index % 3 === 0 ? 1 : 0)) % LABELS.length],
        }))
        .filter((_, index) => index !== (annotator === 'bea' ? 4 : 6))
        .map(({ start, end, label, text: quoted }) => ({ start, end, label, text: quoted }));
      lines.push(JSON.stringify({ id: file.replace(/\.txt$/u, ''), text, spans, annotator, status: 'done', meta: {} }));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The two layers, bea's second span two words longer (boundaries differ), and a third annotator,
 * cy, who marks what ann marks but the third word, and the document's first line whole, a long span
 * no one else has: the review of three has the widest rows the differences table shows.
 */
function threeLayers(): string {
  const cut = (text: string, start: number, end: number) => [...text].slice(start, end).join('');
  const records = twoLayers()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; text: string; annotator: string; spans: TextSpan[] });
  const cy = records
    .filter((record) => record.annotator === 'ann')
    .map((record) => {
      const end = [...record.text.split('\n')[0]].length;
      const spans = record.spans.filter((_, index) => index !== 2);
      return {
        ...record,
        annotator: 'cy',
        spans: [{ start: 0, end, label: 'claim', text: cut(record.text, 0, end) }, ...spans],
      };
    });
  for (const record of records.filter((one) => one.annotator === 'bea')) {
    const span = record.spans[1];
    const after = [...record.text].slice(span.end).join('');
    span.end += [...(after.match(/^\s*\S+\s+\S+/u)?.[0] ?? '')].length;
    span.text = cut(record.text, span.start, span.end);
  }
  return `${[...records, ...cy].map((record) => JSON.stringify(record)).join('\n')}\n`;
}
type TextSpan = { start: number; end: number; label: string; text: string };

/** Opens the app in a window of `width` × `height` and imports the two layers (or `layers`). */
async function openWithLayers(width: number, height: number, layers = twoLayers()) {
  const context = await browser.newContext({ viewport: { width, height } });
  const { page } = await openApp(browser, { context });
  await page
    .locator('[data-testid=import-input]')
    .setInputFiles({ name: 'layers.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(layers) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  return { context, page };
}

/** The window itself does not scroll: top bar at the top, status line at the foot, nothing below. */
async function expectShellInPlace(page: Page): Promise<void> {
  const place = await page.evaluate(() => ({
    overflow: document.scrollingElement!.scrollHeight - document.scrollingElement!.clientHeight,
    scrolled: document.scrollingElement!.scrollTop,
    topBar: Math.round(document.querySelector('.topbar')!.getBoundingClientRect().top),
    footBelowWindow: Math.round(document.querySelector('.statusline')!.getBoundingClientRect().bottom - innerHeight),
  }));
  expect(place).toEqual({ overflow: 0, scrolled: 0, topBar: 0, footBelowWindow: 0 });
}

/** Turns the wheel over the page until its own scroller is at its end, then some more. */
async function wheelToTheEnd(page: Page): Promise<void> {
  await page.mouse.move(640, 400);
  const atEnd = () =>
    page.evaluate(() => {
      const main = document.querySelector('.app > main')!;
      return main.scrollTop > 0 && main.scrollTop + main.clientHeight >= main.scrollHeight - 1;
    });
  await expect
    .poll(async () => {
      await page.mouse.wheel(0, 600);
      return atEnd();
    })
    .toBe(true);
  for (let turn = 0; turn < 5; turn++) await page.mouse.wheel(0, 600);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** How many of the span list's rows show whole in its scroller, and how many there are. */
const spanRows = (page: Page) =>
  page.evaluate(() => {
    const view = document.querySelector('.span-scroll')!.getBoundingClientRect();
    const items = [...document.querySelectorAll('[data-testid=span-item]')].map((item) => item.getBoundingClientRect());
    return {
      whole: items.filter((box) => box.top >= view.top - 0.5 && box.bottom <= view.bottom + 0.5).length,
      all: items.length,
    };
  });

const PATTERNS = [
  { label: 'visit', pattern: 'Kim Jong Un' },
  { label: 'claim', pattern: [{ LOWER: 'north' }, { LOWER: 'korea' }] },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

describe('layout in laptop windows', () => {
  it('keeps the top bar and status line in place on Overview however far the wheel turns', async () => {
    const { context, page } = await openWithLayers(1280, 800);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('chart-agreement').waitFor();
    await wheelToTheEnd(page);
    await expectShellInPlace(page);
    await context.close();
  });

  it('scrolls Settings within the page, not the window, when the window is shorter than it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 600 } });
    const { page } = await openApp(browser, { context });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('textarea[aria-label^="Description of"]').first().waitFor();
    await wheelToTheEnd(page);
    await expectShellInPlace(page);
    await context.close();
  });

  it('shows each label’s description whole in Settings at 1024 × 768, growing with a longer one up to ten lines (helper-197)', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page } = await openApp(browser, { context });
    await page.getByRole('link', { name: 'Settings' }).click();
    const fields = page.locator('textarea[aria-label^="Description of"]');
    await fields.first().waitFor();
    const cut = () =>
      fields.evaluateAll((areas) =>
        areas
          .filter((area) => area.scrollHeight > area.clientHeight + 1)
          .map((area) => area.getAttribute('aria-label')),
      );
    expect(await cut()).toEqual([]);
    // Six lines typed: the field grows to show them (a fourth line was cut in half before).
    const claim = page.getByLabel('Description of claim');
    await claim.fill(['One.', 'Two.', 'Three.', 'Four.', 'Five.', 'Six.'].join('\n'));
    expect(await cut()).toEqual([]);
    await context.close();
  });

  it('shows the open document’s title at 1024 × 768, whole on hover, with the actions in the pane', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, RUSSIA);
    const title = readFileSync(join(CORPUS, `${RUSSIA}.txt`), 'utf8').split('\n')[0];
    const heading = page.locator('h1.doc-heading');
    expect(await heading.textContent()).toBe(title);
    const place = await page.evaluate(() => {
      const pane = document.querySelector('.document-pane')!.getBoundingClientRect();
      const box = (node: Element) => node.getBoundingClientRect();
      return {
        heading: box(document.querySelector('h1.doc-heading')!).width,
        actions: [...document.querySelectorAll('.doc-actions button')].map(
          (button) => box(button).left >= pane.left && box(button).right <= pane.right,
        ),
      };
    });
    expect(place.heading).toBeGreaterThan(200);
    expect(place.actions).toEqual([true, true, true, true]);
    // Two lines of it at most, then an ellipsis: the whole title shows on hover.
    expect(await heading.getAttribute('title')).toBe(title);
    // The status line stays one line high: its keys give way to a notice, cut at the end.
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('.statusline .notice').textContent()).toMatch(/^Nothing is selected/u);
    const lines = await page.evaluate(() => {
      const footer = document.querySelector('.statusline')!;
      return footer.getBoundingClientRect().height / parseFloat(getComputedStyle(footer).fontSize);
    });
    expect(lines).toBeLessThan(2.6);
    await context.close();
  });

  it('gives the text most of a 1280 × 720 window: the actions beside the title, a two-line caret strip (helper-207)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    const place = await page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      let scroller: HTMLElement | null = document.querySelector('[data-testid=doc-text]');
      while (scroller && getComputedStyle(scroller).overflowY === 'visible') scroller = scroller.parentElement;
      return {
        title: box('.doc-heading').top,
        done: box('.doc-actions .primary').top,
        text: scroller!.getBoundingClientRect().height,
      };
    });
    // Done on the title's row (it went below it, a row of the text's room), and the text 465 px high, not 413.
    expect(place.done - place.title).toBeLessThan(10);
    expect(place.text).toBeGreaterThanOrEqual(450);
    await context.close();
  });

  it('gives the text more of the width as the window widens, never less (helper-185: 394 px at 1024, 495 at 1000)', async () => {
    const context = await browser.newContext({ viewport: { width: 960, height: 768 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, RUSSIA);
    const columns = () =>
      page.evaluate(() => [...document.querySelector('.workspace')!.children].map((pane) => pane.clientWidth));
    let before = 0;
    for (const width of [960, 1000, 1023, 1024, 1100, 1280, 1440]) {
      await page.setViewportSize({ width, height: 768 });
      await expect.poll(async () => (await columns()).reduce((sum, one) => sum + one, 0)).toBeGreaterThan(width - 8);
      const [list, text, side] = await columns();
      expect(text, `the text at ${width} px`).toBeGreaterThanOrEqual(before);
      expect(text, `the text at ${width} px`).toBeGreaterThan(list + side - 40);
      // The list's filters stay whole in its narrower column.
      for (const filter of await page.locator('.filter-row select').all())
        expect(await filter.evaluate((select) => select.scrollWidth <= select.clientWidth + 1)).toBe(true);
      before = text;
    }
    await context.close();
  });

  it('keeps every choice of the Export dialog inside it, arrow and focus ring too, at 1280 and 1024 px', async () => {
    for (const width of [1280, 1024]) {
      const context = await browser.newContext({ viewport: { width, height: 768 } });
      const { page } = await openApp(browser, { context });
      await page.getByRole('button', { name: 'Export…' }).click();
      await page
        .getByLabel('Annotator')
        .locator('option', { hasText: 'All annotators' })
        .waitFor({ state: 'attached' });
      const outside = await page.evaluate(() => {
        const dialog = document.querySelector('dialog[open]')!;
        const box = dialog.getBoundingClientRect();
        const right = box.right - parseFloat(getComputedStyle(dialog).paddingRight) + 1;
        return [...dialog.querySelectorAll('select')]
          .filter((select) => select.getBoundingClientRect().right > right)
          .map((select) => select.id);
      });
      expect(outside, `${width} px`).toEqual([]);
      await context.close();
    }
  });

  it('keeps the Export dialog’s buttons where they were once an export has ended', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 768 }, acceptDownloads: true });
    const { page } = await openApp(browser, { context });
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Without spans').selectOption('all'); // the texts: a file to download
    await dialog
      .getByTestId('export-check')
      .getByText(/carries all of it|does not carry all of it/u)
      .waitFor();
    const place = async (name: string) => {
      const box = (await dialog.getByRole('button', { name, exact: true }).boundingBox())!;
      return { x: Math.round(box.x), y: Math.round(box.y) };
    };
    const before = { close: await place('Close'), download: await place('Download') };
    await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    await dialog.locator('p.success[role=status]').waitFor();
    // A click aimed at Close as the export ends lands on Close: nothing above the buttons grew.
    expect({ close: await place('Close'), download: await place('Download') }).toEqual(before);
    await context.close();
  });

  it('lines up an import card’s Format and Offsets selects, as wide, inside the card, and keeps Import in view under four cards, at 1280 and 1024 px', async () => {
    for (const width of [1280, 1024]) {
      const context = await browser.newContext({ viewport: { width, height: 768 } });
      const { page } = await openApp(browser, { context });
      // Four files: more cards than the dialog shows at once.
      await page.locator('[data-testid=import-input]').setInputFiles(
        [1, 2, 3, 4].map((copy) => ({
          name: `a-long-name-for-a-doccano-export-of-two-documents-${copy}.jsonl`,
          mimeType: 'application/jsonl',
          buffer: Buffer.from(twoLayers()),
        })),
      );
      await page
        .getByRole('combobox', { name: /^Offsets for / })
        .first()
        .waitFor();
      const edges = await page.evaluate(() => {
        const card = document.querySelector('.file-card')!.getBoundingClientRect();
        const box = (name: string) =>
          document.querySelector(`select[aria-label^="${name} for "]`)!.getBoundingClientRect();
        const [format, offsets] = [box('Format'), box('Offsets')];
        return {
          sameLeft: Math.round(format.left) === Math.round(offsets.left),
          sameRight: Math.round(format.right) === Math.round(offsets.right),
          inCard: [format, offsets].every((select) => select.right <= card.right && select.left >= card.left),
          formatAbove: format.bottom <= offsets.top,
        };
      });
      expect(edges, `${width} px`).toEqual({ sameLeft: true, sameRight: true, inCard: true, formatAbove: true });
      // Cancel and Import stay at the dialog's foot, in the window, however many cards scroll above them.
      await expect.poll(() => page.getByTestId('import-count').textContent()).toBe('4 files ready');
      const importBox = (await page.getByRole('button', { name: 'Import', exact: true }).boundingBox())!;
      expect(importBox.y + importBox.height, `${width} px`).toBeLessThanOrEqual(768);
      await context.close();
    }
  });

  it('keeps the two label toggles (exact characters, label tags) on one line together at 1280 and 1024 px', async () => {
    for (const width of [1280, 1024]) {
      const context = await browser.newContext({ viewport: { width, height: 768 } });
      const { page } = await openApp(browser, { context });
      const top = async (name: string) => Math.round((await page.getByLabel(name).boundingBox())!.y);
      expect(await top('label tags'), `${width} px`).toBe(await top('exact characters'));
      await context.close();
    }
  });

  it('shows every Gold choice of the review whole at 1024 × 768, and ✕ keeps neither with the mouse', async () => {
    const { context, page } = await openWithLayers(1024, 768);
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.locator('.kind', { hasText: 'label differs' }).count()).toBeGreaterThan(0);
    // Every choice lies inside the list's visible width and the window, and is what the mouse hits there.
    // Polled: the review may still be reading the layers of the choice just made.
    const outside = () =>
      page.evaluate(() => {
        const list = document.querySelector('.differences-scroll');
        if (!list) return ['no list of differences'];
        const view = list.getBoundingClientRect();
        return [...list.querySelectorAll('tr.difference')].flatMap((row) =>
          [...row.querySelectorAll('.decide button')].flatMap((button) => {
            const box = button.getBoundingClientRect();
            const inside = box.left >= view.left && box.right <= Math.min(view.right, innerWidth);
            const hit =
              box.bottom > view.bottom ||
              button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
            return inside && hit ? [] : [`${row.getAttribute('data-kind')}: ${button.textContent}`];
          }),
        );
      });
    await expect.poll(outside).toEqual([]);
    const labelRow = rows.filter({ has: page.locator('.kind', { hasText: 'label differs' }) }).first();
    const neither = labelRow.getByRole('button', { name: 'Neither' });
    const box = (await neither.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => neither.getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
  ])
    it(`fits the differences of three annotators in their pane at ${width} × ${height}, and the text in view with All figures open`, async () => {
      const { context, page } = await openWithLayers(width, height, threeLayers());
      await page.getByRole('link', { name: 'Review' }).click();
      await page.getByLabel('Annotator A').selectOption('ann');
      await page.getByLabel('Annotator B').selectOption('bea');
      await page.getByTestId('review-set').getByLabel('cy').check();
      const rows = page.locator('[data-testid=differences] tr.difference');
      const documents = page.locator('[data-review-doc-id]');
      await expect.poll(() => documents.count()).toBe(5);
      for (let index = 0; index < 5; index++) {
        await documents.nth(index).click();
        await expect.poll(() => rows.locator('.kind', { hasText: 'only cy' }).count()).toBeGreaterThan(0);
        await expect.poll(() => rows.locator('.kind', { hasText: 'boundaries differ' }).count()).toBeGreaterThan(0);
        // No sideways scrolling, and every choice of every row lies whole within the pane's visible width.
        const fit = await page.evaluate(() => {
          const list = document.querySelector('.differences-scroll')!;
          const left = list.getBoundingClientRect().left;
          const right = Math.min(left + list.clientWidth, innerWidth);
          const outside = [...list.querySelectorAll('tr.difference')].flatMap((row) =>
            [...row.querySelectorAll('.decide button')].flatMap((button) => {
              const box = button.getBoundingClientRect();
              return box.left >= left && box.right <= right ? [] : [`${row.textContent}: ${button.textContent}`];
            }),
          );
          return { sideways: list.scrollWidth - list.clientWidth, outside };
        });
        expect(fit).toEqual({ sideways: 0, outside: [] });
      }
      // All figures open: the document's first line and the first difference are still in view, not under the fold.
      await page.getByText('All figures', { exact: false }).click();
      await page.getByTestId('pairwise').waitFor();
      const hidden = await page.evaluate(() => {
        const foot = document.querySelector('.statusline')!.getBoundingClientRect().top;
        const shown = (node: Element | null | undefined) => {
          if (!node) return false;
          const box = node.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + 8, box.top + Math.min(box.height, 20) / 2);
          return box.top >= 0 && box.top + Math.min(box.height, 20) <= foot && !!hit && node.contains(hit);
        };
        const text = document.querySelector('.gold-view [data-testid=doc-text]');
        return [
          ...(shown(text?.firstElementChild) ? [] : ['the text']),
          ...(shown(document.querySelector('tr.difference')) ? [] : ['the first difference']),
        ];
      });
      expect(hidden).toEqual([]);
      await context.close();
    });

  for (const [width, height] of [
    [1280, 800],
    [1024, 768],
  ])
    it(`keeps the span list whole beside a patterns summary and suggestions at ${width} × ${height}`, async () => {
      const { context, page } = await openWithLayers(width, height);
      await chooseAnnotator(page, 'ann');
      await openDocument(page, RUSSIA);
      await expect.poll(async () => (await spanRows(page)).all).toBe(8);
      await page.locator('[data-testid=span-item]').first().click();
      expect(await spanRows(page)).toEqual({ whole: 8, all: 8 });

      await page
        .getByTestId('patterns-input')
        .setInputFiles({ name: 'people.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(PATTERNS) });
      await page.getByTestId('patterns-found').waitFor();
      expect(await spanRows(page)).toEqual({ whole: 8, all: 8 });
      // The summary's own button is still reachable (its panel scrolls within when short of room).
      await page.getByRole('button', { name: 'Add as suggestions' }).click();
      await expect.poll(() => page.locator('[data-testid=doc-text] [data-suggestion]').count()).toBeGreaterThan(0);
      await page.keyboard.press('j');
      await page.getByTestId('suggestion-focus').waitFor();
      expect(await spanRows(page)).toEqual({ whole: 8, all: 8 });
      await context.close();
    });
});
