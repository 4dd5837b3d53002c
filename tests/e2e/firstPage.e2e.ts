import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  statusText,
  textBox,
  waitForText,
  importFile,
} from './browser';

/** The editor's chunk (editor/viewer.ts: tiptap and ProseMirror), which the first page does without. */
const EDITOR_CHUNK = /\/assets\/viewer-[\w-]+\.js$/u;

/** Holds every request for the editor's chunk until `open()`, counting them. */
async function holdEditor(context: BrowserContext): Promise<{ requests: () => number; open: () => void }> {
  let requests = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  await context.route(EDITOR_CHUNK, async (route) => {
    requests++;
    await gate;
    await route.continue();
  });
  return { requests: () => requests, open };
}

const editorShown = (page: Page) => page.locator('[data-testid=doc-text].ProseMirror').count();
const pause = (page: Page, ms: number) =>
  page.evaluate((wait) => new Promise((resolve) => setTimeout(resolve, wait)), ms);

/** The scroll position of the text's scroller (its nearest scrolling ancestor). */
const textScroll = (page: Page) =>
  page.evaluate(() => {
    for (let node = document.querySelector('[data-testid=doc-text]')?.parentElement; node; node = node.parentElement)
      if (node.scrollHeight > node.clientHeight && getComputedStyle(node).overflowY !== 'visible')
        return node.scrollTop;
    return null;
  });

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('the first page', () => {
  it("shows the document with its highlights before the editor's code loads, and labels from it", async () => {
    // No service worker: it would serve the chunk from its cache, past the hold.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    const { page } = await openApp(browser, { context });
    await labelWithKey(page, 'North Korea and Russia', '1');
    await page.mouse.move(0, 0); // off the text: a pointer over it asks for the editor
    const editor = await holdEditor(context);
    await page.reload();
    await waitForText(page);
    await pause(page, 400);
    // Shown plain: the text and its highlight, and nothing asked of the editor's code yet.
    expect(editor.requests()).toBe(0);
    expect(await editorShown(page)).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid=doc-text] [data-label=claim]').allTextContents())
      .toEqual(['North Korea and Russia']);

    // A drag over the text asks for it; the label key labels the selection before it is here.
    await labelWithKey(page, 'NSC coordinator John Kirby', '2');
    expect(editor.requests()).toBeGreaterThan(0);
    expect(await editorShown(page)).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid=doc-text] [data-label=denial]').allTextContents())
      .toEqual(['NSC coordinator John Kirby']);

    // The editor takes over the same text and highlights.
    editor.open();
    await expect.poll(() => editorShown(page)).toBe(1);
    expect(await page.locator('[data-testid=doc-text] [data-label]').allTextContents()).toEqual([
      'North Korea and Russia',
      'NSC coordinator John Kirby',
    ]);
    // And labels on from there, in the same element (the plain text's, which the editor took).
    await labelWithKey(page, 'Kim Jong Un', '3');
    expect(await editorShown(page)).toBe(1);
    await page.reload();
    await waitForText(page);
    // The span list is read after the text shows: waited for.
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => [label, text]))
      .toEqual([
        ['claim', 'North Korea and Russia'],
        ['denial', 'NSC coordinator John Kirby'],
        ['sanction', 'Kim Jong Un'],
      ]);
    await context.close();
  });

  it('relabels a span whose word is double-clicked on the first text, the editor coming before the key or after it (helper-188)', async () => {
    // No service worker: it would serve the chunk from its cache, past the hold.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    const { page } = await openApp(browser, { context });
    await labelWithKey(page, 'Wednesday', '1');
    await labelWithKey(page, 'Kirby', '1');
    const spans = async () => (await listedSpans(page)).map(({ label, text }) => `${label}:${text}`).sort();
    await expect.poll(spans).toEqual(['claim:Kirby', 'claim:Wednesday']);
    /** Reloads with the editor's code held: the text is the plain first one. */
    const reloadPlain = async () => {
      await page.mouse.move(0, 0); // off the text: a pointer over it asks for the editor
      await context.unroute(EDITOR_CHUNK);
      const editor = await holdEditor(context);
      await page.reload();
      await waitForText(page);
      await expect.poll(spans).toHaveLength(2);
      expect(await editorShown(page)).toBe(0);
      return editor;
    };
    const doubleClick = async (word: string) => {
      const box = await textBox(page, word);
      await page.mouse.dblclick((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2);
      await expect.poll(() => page.evaluate(() => document.getSelection()?.toString().trim())).toBe(word);
    };
    // Double-clicked on the plain text, the editor taking over before the key: the key relabels, as in
    // the editor. Before, it added a second span on the same word.
    let editor = await reloadPlain();
    await doubleClick('Wednesday');
    editor.open();
    await expect.poll(() => editorShown(page)).toBe(1);
    await page.keyboard.press('2');
    await expect.poll(spans).toEqual(['claim:Kirby', 'denial:Wednesday']);
    expect(await statusText(page)).toContain('Relabelled “Wednesday” claim → denial.');
    // The key pressed on the plain text waits for the editor, then relabels.
    editor = await reloadPlain();
    await doubleClick('Kirby');
    await page.keyboard.press('3');
    editor.open();
    await expect.poll(spans).toEqual(['denial:Wednesday', 'sanction:Kirby']);
    expect(await statusText(page)).toContain('Relabelled “Kirby” claim → sanction.');
    await context.close();
  });

  it('keeps a drag under way when the editor arrives: its selection, the scroll, and the label after it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 560 }, serviceWorkers: 'block' });
    const editor = await holdEditor(context);
    const { page } = await openApp(browser, { context });
    const target = 'Russian President Vladimir Putin';
    const box = await textBox(page, target); // scrolls it to the middle of the text
    const scrolled = await textScroll(page);
    expect(scrolled).toBeGreaterThan(0);

    await page.mouse.move(box.x1, box.y1);
    await page.mouse.down();
    await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
    await expect.poll(() => editor.requests()).toBeGreaterThan(0);
    const loaded = page.waitForResponse(EDITOR_CHUNK);
    editor.open();
    await loaded;
    await pause(page, 300);
    // Loaded, but the button is still down: the plain text stays under the drag.
    expect(await editorShown(page)).toBe(0);
    await page.mouse.move(box.x2, box.y2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => editorShown(page)).toBe(1);
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(target);
    expect(await textScroll(page)).toBe(scrolled);

    await page.keyboard.press('3');
    await expect.poll(() => listedSpans(page)).toMatchObject([{ label: 'sanction', text: target }]);
    await context.close();
  });
  it('labels a range made with the caret keys before the editor came, once it has done them', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    const editor = await holdEditor(context);
    const { page } = await openApp(browser, { context });
    await page.keyboard.press('t');
    for (let press = 0; press < 3; press++) await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('1');
    await pause(page, 300);
    expect(await editorShown(page)).toBe(0);
    expect(await page.locator('[data-testid=span-item]').count()).toBe(0);
    editor.open();
    await expect.poll(() => listedSpans(page)).toMatchObject([{ label: 'claim', start: 0 }]);
    expect((await listedSpans(page))[0].text).toMatch(/^close\s+Fox News/u);
    expect(await page.getByRole('status').filter({ hasText: 'Nothing is selected' }).count()).toBe(0);
    await context.close();
  });
  it("says so when the editor's code cannot be fetched, and still labels from the plain text", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    let requests = 0;
    await context.route(EDITOR_CHUNK, (route) => (requests++, route.abort('internetdisconnected')));
    const { page } = await openApp(browser, { context });
    await page.hover('[data-testid=doc-text]');
    await expect.poll(() => statusText(page)).toMatch(/The text's editor could not be loaded .*need a reload\.$/u);
    await labelWithKey(page, 'North Korea and Russia', '1');
    await expect.poll(() => listedSpans(page)).toMatchObject([{ label: 'claim', text: 'North Korea and Russia' }]);
    // Asked for, and never got: the browser keeps a failed module's error until a reload.
    expect(requests).toBeGreaterThan(0);
    expect(await editorShown(page)).toBe(0);
    await context.close();
  });
  it('keeps the line a long text was scrolled to when the editor takes over', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const { page } = await openApp(browser, { context });
    // 600 short lines: chunks of 64 lines, those off screen sized by an estimate until shown.
    const lines = Array.from(
      { length: 600 },
      (_, index) => `Line ${index}: Shoigu met Kim in Pyongyang on day ${index}.`,
    );
    await importFile(page, { name: 'long.txt', mimeType: 'text/plain', text: lines.join('\n') });
    await openDocument(page, 'long');
    await page.mouse.move(0, 0);
    const editor = await holdEditor(context);
    await page.reload();
    await waitForText(page);
    expect(await editorShown(page)).toBe(0);
    // Scrolled, as a wheel does, to line 420 at the top, through the chunks above.
    const topLine = () =>
      page.evaluate(() => {
        const text = document.querySelector('[data-testid=doc-text]') as HTMLElement;
        let scroller = text.parentElement as HTMLElement;
        while (scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement as HTMLElement;
        const frame = scroller.getBoundingClientRect();
        const hit = document.elementFromPoint(frame.left + frame.width / 2, frame.top + 4)?.closest('.line');
        return hit?.textContent?.replace(/:.*/su, '') ?? null;
      });
    for (const line of [100, 200, 300, 420])
      await page.evaluate((index) => {
        document.querySelectorAll('[data-testid=doc-text] .line')[index].scrollIntoView({ block: 'start' });
        return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      }, line);
    const before = await topLine();
    expect(before).toBe('Line 420');
    await page.hover('[data-testid=doc-text]');
    editor.open();
    await expect.poll(() => editorShown(page)).toBe(1);
    await pause(page, 200);
    expect(await topLine()).toBe(before);
    await context.close();
  });
});
