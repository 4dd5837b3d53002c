import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, openDocument } from './browser';
import { dropFiles } from './transfer';

/** Texts in other scripts, as an annotator of multilingual news has them. */
const ARABIC_LINE = 'وأضاف المتحدث باسم الأمم المتحدة (UN) أن الوضع صعب في عام 2024.';
const ENGLISH_LINE = 'The English summary stays left to right.';
const TEXT = `${ARABIC_LINE}\n${ENGLISH_LINE}\n`;
const cp = (text: string, needle: string) => [...text.slice(0, text.indexOf(needle))].length;
const UN = 'الأمم المتحدة (UN)';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

async function importRecord(page: Page, record: object, name: string) {
  await dropFiles(page, [{ name, content: JSON.stringify(record) }]);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect.poll(() => page.locator(`.file-card[data-file-name="${name}"]`).textContent()).toContain('Imported');
  await page.getByRole('button', { name: 'Close' }).click();
}

describe('right-to-left text', () => {
  it('lays an Arabic line out right to left, its span in one piece, beside a left-to-right line', async () => {
    const { context, page } = await openApp(browser);
    const start = cp(TEXT, UN);
    await importRecord(
      page,
      { id: 'ar', text: TEXT, spans: [{ start, end: start + [...UN].length, label: 'claim', text: UN }] },
      'ar.jsonl',
    );
    await openDocument(page, 'ar');
    // Highlights are drawn after the text's first paint: wait for the span before measuring it.
    const highlighted = () =>
      page
        .locator('[data-testid=doc-text] .line [data-label]')
        .allTextContents()
        .then((texts) => texts.join(''));
    await expect.poll(highlighted).toBe(UN);
    const layout = await page.evaluate(() => {
      const lines = [...document.querySelectorAll('[data-testid=doc-text] .line')] as HTMLElement[];
      const [arabic, english] = lines;
      const firstCharacter = (line: HTMLElement) => {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode()!;
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, 1);
        return range.getBoundingClientRect();
      };
      const box = (line: HTMLElement) => line.getBoundingClientRect();
      // The highlight's boxes, left to right: one piece has no gap between them.
      const pieces = [...arabic.querySelectorAll('[data-label]')]
        .flatMap((element) => [...element.getClientRects()])
        .sort((a, b) => a.left - b.left);
      const gaps = pieces.slice(1).map((rect, index) => rect.left - pieces[index].right);
      return {
        directions: [getComputedStyle(arabic).direction, getComputedStyle(english).direction],
        arabicStartsRight: box(arabic).right - firstCharacter(arabic).right,
        englishStartsLeft: firstCharacter(english).left - box(english).left,
        text: [...arabic.querySelectorAll('[data-label]')].map((element) => element.textContent).join(''),
        widestGap: Math.max(0, ...gaps),
      };
    });
    expect(layout.directions).toEqual(['rtl', 'ltr']);
    // Each line starts at its own edge: the Arabic one at the right, the English one at the left.
    expect(layout.arabicStartsRight).toBeLessThan(4);
    expect(layout.englishStartsLeft).toBeLessThan(4);
    expect(layout.text).toBe(UN);
    expect(layout.widestGap).toBeLessThan(2);
    await context.close();
  });
});
