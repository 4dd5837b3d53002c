import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, listedSpans, openApp, openDocument } from './browser';
import { dropFiles } from './transfer';

// A long document (1.5 MB, thousands of lines) draws its off-screen chunks at an estimated height
// until they are scrolled to. Selecting a span far down must still bring that span on screen, or
// the next label key changes a span the annotator cannot see. Paragraphs of different lengths, some
// taller than the text's pane at 1024×640, make the drawn height differ from the estimate.

const DOC = 'long-report';
const PARAGRAPHS = 4500;
// Paragraphs 1025, 2049, 3009 and 4033 start a chunk of 64 lines: the chunk above them is drawn
// only once scrolled to, and grows from its estimate, pushing them down.
const MARKED = [1000, 1025, 2000, 2049, 3000, 3009, 4000, 4033];
const filler =
  'The committee heard evidence from the ministry, the regional offices and several independent observers, ' +
  'who described the supply routes, the delays at the border crossings and the state of the warehouses ' +
  'in detail; the minutes record each statement with its source and the date it was given to the clerk.';
const lines = Array.from(
  { length: PARAGRAPHS },
  (_, index) => `Paragraph ${index + 1}: ${(filler + ' ' + filler).slice(0, 40 + ((index * 7919) % 9) * 70)}`,
);
const text = lines.join('\n');
/** The code-point offset of the start of paragraph `n` (the text is ASCII, so UTF-16 offsets are code points too). */
const startOf = (n: number) => lines.slice(0, n - 1).reduce((sum, line) => sum + line.length + 1, 0);
const spans = MARKED.map((n) => ({ start: startOf(n), end: startOf(n) + `Paragraph ${n}`.length, label: 'claim' }));

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** Whether the selected span's highlight lies wholly inside the visible rect of the text's scroller. */
function selectedInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const highlight = document.querySelector('[data-testid=doc-text] .hl-selected');
    if (!highlight) return false;
    let scroller = highlight.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY))
      scroller = scroller.parentElement;
    const frame = (scroller ?? document.documentElement).getBoundingClientRect();
    const box = highlight.getBoundingClientRect();
    return box.height > 0 && box.top >= frame.top && box.bottom <= frame.bottom;
  });
}

describe('selecting a span far down a long document', () => {
  it('scrolls the selected span on screen, stepping with ] and clicking it in the span list', async () => {
    expect(text.length).toBeGreaterThan(1_400_000);
    const context = await browser.newContext({ viewport: { width: 1024, height: 640 } });
    const { page } = await openApp(browser, { context });
    await dropFiles(page, [{ name: 'long.jsonl', content: JSON.stringify({ id: DOC, text, spans }) }]);
    const card = page.locator('.file-card[data-file-name="long.jsonl"]');
    await expect.poll(() => card.textContent()).toContain('Will arrive: 1 document');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await openDocument(page, DOC);
    // As in a browser without scroll anchoring (Safari): Chromium's anchoring hides part of the error.
    await page.evaluate(() => {
      for (let node = document.querySelector<HTMLElement>('[data-testid=doc-text]'); node; node = node.parentElement)
        node.style.overflowAnchor = 'none';
    });
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.text))
      .toEqual(MARKED.map((n) => `Paragraph ${n}`));

    // ] steps through the spans in reading order: each selected one is on screen.
    const selected = page.locator('[data-testid=span-item].selected');
    const ids = (await listedSpans(page)).map((span) => span.id);
    await page.keyboard.press('Escape');
    for (const [index, id] of ids.entries()) {
      await page.keyboard.press(']');
      await expect.poll(() => selected.getAttribute('data-span-id')).toBe(id);
      await expect.poll(() => selectedInView(page), { message: `the span at paragraph ${MARKED[index]}` }).toBe(true);
    }

    // From paragraph 1000, a click on paragraph 3000's item in the span list brings it on screen.
    await page.locator('[data-testid=span-item]').first().click();
    await expect.poll(() => selectedInView(page)).toBe(true);
    await page.locator('[data-testid=span-item]', { hasText: 'Paragraph 3000' }).click();
    await expect.poll(() => selected.getAttribute('data-span-id')).toBe(ids[MARKED.indexOf(3000)]);
    await expect.poll(() => selectedInView(page), { message: 'the span at paragraph 3000' }).toBe(true);
    await context.close();
  });
});
