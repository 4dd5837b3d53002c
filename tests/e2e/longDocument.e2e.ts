import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, waitForText } from './browser';
import { dropFiles } from './transfer';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/**
 * A long record: 1,200 paragraphs of some 450 characters each (each several lines on screen, where an
 * unshown chunk of the text is first laid out at a guessed height), a rare word in the last, and a span
 * on the first word and on the last.
 */
function longRecord(): string {
  const paragraphs = Array.from(
    { length: 1200 },
    (_, index) =>
      `Paragraph ${index}: ` +
      'the ministry said the delegation would visit the port before the talks resumed, and officials denied any deal. '.repeat(
        4,
      ),
  );
  paragraphs.push('The last paragraph holds the Quokkaphrase and ends with the finale');
  const text = paragraphs.join('\n');
  const end = [...text].length;
  const spans = [
    { start: 0, end: 9, label: 'claim' },
    { start: end - 6, end, label: 'visit' },
  ];
  return JSON.stringify({ id: 'long-one', text, spans });
}

/** Whether `target` is shown within the text's scroller, whole. */
const inView = (target: Locator) =>
  target.evaluate((element) => {
    let scroller = element.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY))
      scroller = scroller.parentElement;
    const frame = (scroller ?? document.documentElement).getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= frame.top && box.bottom <= Math.min(frame.bottom, innerHeight);
  });

/** Imports the record `content` (JSON, id `id`), opens it, and reloads: a fresh start on it. */
async function openLong(page: Page, content = longRecord(), id = 'long-one') {
  await dropFiles(page, [{ name: 'long.jsonl', content }]);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect.poll(() => page.locator('.file-card').textContent(), { timeout: 30_000 }).toContain('Imported');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
  await waitForText(page);
  // A fresh start on it: nothing of the text below the first screen has been shown yet.
  await page.reload();
  await waitForText(page);
}

describe('a long document opened fresh', () => {
  it('scrolls a search hit near its end into view, and the span [ selects, however the text grows as it is shown (helper-168)', async () => {
    const { context, page } = await openApp(browser);
    await openLong(page);
    await page.getByLabel('Search documents').fill('Quokkaphrase');
    const hit = page.locator('[data-testid=doc-text] .search-hit').first();
    await hit.waitFor();
    await expect.poll(() => inView(hit)).toBe(true);
    // After a reload, [ selects the last span, at the text's end, and shows it.
    await page.getByLabel('Search documents').fill('');
    await page.reload();
    await waitForText(page);
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(2);
    await page.keyboard.press('[');
    await expect
      .poll(() => page.locator('[data-testid=span-item][aria-current=true]').textContent())
      .toContain('finale');
    const last = page.locator('[data-testid=doc-text] [data-label="visit"]').last();
    await expect.poll(() => inView(last)).toBe(true);
    await context.close();
  }, 120_000);

  it('is as long before it is scrolled through as it turns out to be: the scroll bar tells where a place is (helper-168)', async () => {
    const { context, page } = await openApp(browser);
    await openLong(page);
    const host = page.locator('.doc-host').filter({ has: page.locator('[data-testid=doc-text]') });
    const height = () =>
      host.evaluate(
        (element) =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(element.scrollHeight))),
          ),
      );
    const estimated = await height();
    // Every chunk laid out: the text's real height.
    await page.evaluate(() =>
      document
        .querySelectorAll<HTMLElement>('.doc-text .chunk')
        .forEach((chunk) => (chunk.style.contentVisibility = 'visible')),
    );
    const real = await height();
    console.log(`estimated ${estimated} px, real ${real} px`);
    expect(real).toBeGreaterThan(100_000);
    expect(estimated / real).toBeGreaterThan(0.85);
    expect(estimated / real).toBeLessThan(1.15);
    await context.close();
  }, 120_000);

  it('holds still where a drag of the scroll bar leaves it, in a text of uneven paragraphs, and keeps the place on a resize (helper-174)', async () => {
    const { context, page } = await openApp(browser);
    // 1,200 sections: a heading, a blank line, a paragraph of 1 to 7 sentences, a blank line.
    const sentence = 'The ministry said the delegation would visit the port before the talks resumed. ';
    const sections = Array.from(
      { length: 1200 },
      (_, index) => `Section ${index}\n\n${sentence.repeat(1 + ((index * 5) % 7))}\n`,
    );
    await openLong(page, JSON.stringify({ id: 'uneven', text: sections.join('\n'), spans: [] }), 'uneven');
    const host = page.locator('.doc-host').filter({ has: page.locator('[data-testid=doc-text]') });
    /** The scroll height and the first section in view, frame after frame. */
    const frames = (count: number) =>
      host.evaluate(
        (element, count) =>
          new Promise<{ height: number; section: string }[]>((resolve) => {
            const seen: { height: number; section: string }[] = [];
            const frame = element.getBoundingClientRect();
            const step = () => {
              const line = [...element.querySelectorAll('.line')].find(
                (one) => one.getBoundingClientRect().bottom > frame.top && /^Section \d+$/u.test(one.textContent ?? ''),
              );
              seen.push({ height: element.scrollHeight, section: line?.textContent ?? '' });
              if (seen.length === count) resolve(seen);
              else requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          }),
        count,
      );
    // A drag of the scroll bar to 60 %: after a few frames of chunks shown at their real heights, nothing moves.
    await host.evaluate((element) => (element.scrollTop = element.scrollHeight * 0.6));
    const seen = (await frames(40)).slice(20);
    expect(new Set(seen.map((one) => one.height)).size).toBe(1);
    expect(new Set(seen.map((one) => one.section)).size).toBe(1);
    expect(seen[0].section).toMatch(/^Section \d+$/u);
    // A narrower window keeps the place, give or take the sections the reflow moves (helper-174 saw 155 lost).
    const before = seen[0].section;
    await page.setViewportSize({ width: 1100, height: 900 });
    const after = (await frames(20)).at(-1)!;
    expect(Math.abs(Number(after.section.slice(8)) - Number(before.slice(8)))).toBeLessThanOrEqual(10);
    await context.close();
  }, 120_000);

  it('puts the caret on T where the reader has scrolled to, not back at a caret far above (helper-168)', async () => {
    const { context, page } = await openApp(browser);
    await openLong(page);
    const text = page.locator('[data-testid=doc-text]');
    await page.keyboard.press('t');
    const caret = text.locator('.text-caret');
    await caret.waitFor();
    // The caret at the text's start; the wheel takes the text far down.
    const box = (await text.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    const scrolled = () => text.evaluate((element) => element.closest('.doc-host')!.scrollTop);
    for (let turn = 0; turn < 20 && (await scrolled()) < 40_000; turn++) await page.mouse.wheel(0, 5_000);
    expect(await scrolled()).toBeGreaterThanOrEqual(40_000);
    expect(await inView(caret)).toBe(false);
    const there = await scrolled();
    await page.keyboard.press('t');
    await expect.poll(() => inView(caret)).toBe(true);
    // The view stays where the reader is.
    expect(Math.abs((await scrolled()) - there)).toBeLessThan(2_000);
    // The caret keys go on from there: Shift+→ and a label key label the words in sight.
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(3);
    expect(Math.abs((await scrolled()) - there)).toBeLessThan(2_000);
    await context.close();
  }, 120_000);

  it('opens a long text where it was read, after a reload and a switch to another document and back (helper-200)', async () => {
    const { context, page } = await openApp(browser);
    await openLong(page);
    const text = page.locator('[data-testid=doc-text]');
    const box = (await text.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    const scrolled = () => text.evaluate((element) => element.closest('.doc-host')!.scrollTop);
    for (let turn = 0; turn < 20 && (await scrolled()) < 40_000; turn++) await page.mouse.wheel(0, 5_000);
    expect(await scrolled()).toBeGreaterThanOrEqual(40_000);
    /** The paragraph at the middle of the pane ("Paragraph 512: …"), by its number. */
    const middle = () =>
      text.evaluate((element) => {
        const host = element.closest('.doc-host')!.getBoundingClientRect();
        const hit = document.elementFromPoint(host.left + host.width / 2, host.top + host.height / 2);
        const words = (hit?.closest('.chunk > *')?.textContent ?? '').match(/^Paragraph (\d+)/u);
        return words ? Number(words[1]) : -1;
      });
    // Kept once the scroll has stopped a moment (the chunks scrolled to are drawn a frame or two after: polled).
    await expect.poll(middle).toBeGreaterThan(100);
    const reading = await middle();
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('spanwright.readingPlaces') ?? ''))
      .toContain('long-one');
    const near = async () => Math.abs((await middle()) - reading) <= 1;
    await page.reload();
    await waitForText(page);
    await expect.poll(near).toBe(true);
    // Scrolled on, and another document opened at once (before the scroll's place would settle): that place is
    // kept too (helper-204).
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    await page.mouse.wheel(0, -6_000);
    await expect.poll(async () => Math.abs((await middle()) - reading) > 5).toBe(true);
    const later = await middle();
    await page.locator('[data-testid=doc-item][data-doc-id="000_c25c54a9dd113007"]').click();
    await page.locator('[data-testid=doc-item][data-doc-id="long-one"]').click();
    await expect.poll(async () => Math.abs((await middle()) - later) <= 1).toBe(true);
    // Another document, at its top; back, where it was.
    await page.locator('[data-testid=doc-item][data-doc-id="000_c25c54a9dd113007"]').click();
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('000_c25c54a9dd113007');
    expect(await scrolled()).toBe(0);
    await page.locator('[data-testid=doc-item][data-doc-id="long-one"]').click();
    await expect.poll(async () => Math.abs((await middle()) - later) <= 1).toBe(true);
    await context.close();
  }, 120_000);
});
