import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dragSelect,
  importFile,
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  statusText,
  textBox,
} from './browser';
import { nativeRecords } from './transfer';

const DOC = '004_5d84a4a5889c536e';
const source = readFileSync(join(import.meta.dirname, '../../public/corpus', `${DOC}.txt`), 'utf8');

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/**
 * Where the caret bar is drawn: the line it is on (counted from the text's first, as laid out on
 * screen, so a scroll does not change it), its left and middle on screen, and how many lines the
 * text shows, of what height.
 */
async function caretLine(
  page: Page,
): Promise<{ line: number; left: number; middle: number; lines: number; lineHeight: number }> {
  // Keys pressed on the first page's plain text are done once the editor has come (editor/plainText.ts).
  await page.locator('[data-testid=doc-text] .text-caret').waitFor({ state: 'attached' });
  return page.evaluate(() => {
    const text = document.querySelector('[data-testid=doc-text]')!;
    const bar = text.querySelector('.text-caret')!.getBoundingClientRect();
    const box = text.getBoundingClientRect();
    const lineHeight = Number.parseFloat(getComputedStyle(text).lineHeight);
    return {
      line: Math.floor(((bar.top + bar.bottom) / 2 - box.top) / lineHeight),
      left: Math.round(bar.left),
      middle: (bar.top + bar.bottom) / 2,
      lines: Math.round(box.height / lineHeight),
      lineHeight,
    };
  });
}

/** Presses `key` `times` times; answers the caret's line and left after each press. */
async function pressAndTrack(page: Page, key: string, times: number): Promise<{ lines: number[]; lefts: number[] }> {
  const lines: number[] = [];
  const lefts: number[] = [];
  for (let press = 0; press < times; press++) {
    await page.keyboard.press(key);
    const { line, left } = await caretLine(page);
    lines.push(line);
    lefts.push(left);
  }
  return { lines, lefts };
}

/** `count` numbers from `from`, one apart, up (`step` 1) or down (-1). */
const run = (from: number, count: number, step: 1 | -1) =>
  Array.from({ length: count }, (_, index) => from + step * index);

/** The text the keyboard caret spans, as the view draws it. */
function caretRangeText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=doc-text] [data-caret-range]')]
      .map((node) => node.textContent)
      .join(''),
  );
}

describe('labelling with the keyboard alone', () => {
  it('tabs into the text, selects words with Shift and the arrows, labels them, and exports them', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    // Tab from the last control before the text reaches the text itself, which says what it is.
    await page.getByLabel('label tags').focus();
    await page.keyboard.press('Tab');
    const text = page.locator('[data-testid=doc-text]');
    await expect.poll(() => text.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await text.getAttribute('aria-label')).toBe('Document text');
    // A visible caret stands at the start of the text.
    await expect.poll(() => page.locator('[data-testid=doc-text] .text-caret').isVisible()).toBe(true);
    // Drawn by the stylesheet alone: neither the bar nor its box carries a style of its own.
    expect(
      await text.evaluate((node) => {
        const bar = node.querySelector('.text-caret')!;
        return { bar: bar.getAttribute('style'), box: bar.parentElement!.getAttribute('style') };
      }),
    ).toEqual({ bar: null, box: null });

    // Ctrl+→ goes to the end of "Russia", Ctrl+← back to its start; Shift+Ctrl+→ four times spans four words.
    await page.keyboard.press('Control+ArrowRight');
    await page.keyboard.press('Control+ArrowLeft');
    for (let press = 0; press < 4; press++) await page.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe('Russia and North Korea');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    // The span is announced to screen readers, and the range is gone (the caret stays at its end).
    await expect
      .poll(() => page.getByTestId('span-announcement').textContent())
      .toBe('Labelled “Russia and North Korea” claim, characters 0 to 22.');
    expect(await caretRangeText(page)).toBe('');
    // The caret stands at the span's end: the span is shown whole, with its label, while the text has the focus.
    await expect
      .poll(() => page.getByTestId('caret-spans').locator('p').allTextContents())
      .toEqual(['claim Russia and North Korea']);

    // →, then Shift+→ over one letter: the label snaps it to the whole word, as a mouse selection would.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe('i');
    await page.keyboard.press('2');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    // The caret waits at the end of the word as snapped, not inside it: the keys go on with the next word.
    await page.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe(' Talks');
    await page.keyboard.press('ArrowLeft');

    // ↓ over the two empty lines to the paragraph, Home, then Shift+Ctrl+→ over its first three words.
    for (let press = 0; press < 3; press++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    for (let press = 0; press < 3; press++) await page.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe('The White House');
    await page.keyboard.press('3');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(3);

    const house = source.indexOf('The White House');
    const spans = await listedSpans(page);
    expect(spans.map(({ label, start, end, text }) => ({ label, start, end, text }))).toEqual([
      { label: 'claim', start: 0, end: 22, text: 'Russia and North Korea' },
      { label: 'denial', start: 23, end: 25, text: 'in' },
      { label: 'sanction', start: house, end: house + 15, text: 'The White House' },
    ]);

    // What was made by keys exports like any span: code point offsets that slice the text.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('Format', { exact: true }).selectOption('native');
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    const records = nativeRecords(readFileSync(await saved.path(), 'utf8'));
    const record = records.find((candidate) => candidate.id === DOC);
    expect(record?.spans.map(({ start, end, label, text }) => ({ start, end, label, text }))).toEqual([
      { start: 0, end: 22, label: 'claim', text: 'Russia and North Korea' },
      { start: 23, end: 25, label: 'denial', text: 'in' },
      { start: house, end: house + 15, label: 'sanction', text: 'The White House' },
    ]);
    for (const span of record?.spans ?? []) expect([...source].slice(span.start, span.end).join('')).toBe(span.text);
    await context.close();
  });

  it('goes on from a mouse selection: Shift and the arrows extend it, and the caret waits at the end of a span so made', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await dragSelect(page, 'The White');
    // Shift+Ctrl+→ takes the mouse selection over and extends it by a word.
    await page.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe('The White House');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toEqual(['The White House']);
    // A span made with the mouse leaves the caret at its end too: the keys go on from there.
    await dragSelect(page, 'said on');
    await page.keyboard.press('2');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    await page.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => caretRangeText(page)).toBe(' Wednesday');
    await page.keyboard.press('3');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label}:${span.text}`))
      .toEqual(['claim:The White House', 'denial:said on', 'sanction:Wednesday']);
    await context.close();
  });

  it('labels word after word typed with no pause, as the editor loads and after (helper-155: a label dropped, "already being labelled")', async () => {
    const { context, page } = await openApp(browser);
    // T at once on a first visit: the plain first text stands until the editor's code has come; then the editor.
    await page.keyboard.press('t');
    for (let round = 0; round < 6; round++) {
      if (round === 3) await expect.poll(async () => (await listedSpans(page)).length).toBe(3);
      // Ctrl+→ to a word's end, Shift+Ctrl+← over it, its label key: no pause between keys.
      await page.keyboard.press('Control+ArrowRight');
      await page.keyboard.press('Control+Shift+ArrowLeft');
      await page.keyboard.press('1');
    }
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.text))
      .toEqual(['close', 'Fox', 'News', 'Flash', 'top', 'headlines']);
    // ] at once after a label key selects the first span (helper-155: it did nothing; the label's end undid it).
    await page.keyboard.press('Control+ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('2');
    await page.keyboard.press(']');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(7);
    await expect
      .poll(() => page.locator('[data-testid=span-item][aria-current=true] .span-text').allTextContents())
      .toEqual(['close']);
    await context.close();
  });

  it('acts on the span item the focus is on: a label key relabels it, ; writes its note; Tab alone selects nothing (trial)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await labelWithKey(page, 'The White', '1');
    await labelWithKey(page, 'said on', '2');
    const focusedText = () => page.evaluate(() => document.activeElement?.querySelector('.span-text')?.textContent);
    // The list is one Tab stop: out of it and back, the focus is on its first item.
    await page.locator('[data-testid=span-item]').first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focusedText).toBe('The White');
    // Passing by with Tab selects nothing (the span detail keeps the span chosen before).
    expect(await page.locator('[data-testid=span-item][aria-current=true]').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).toBe('said on');
    // No Enter first: the item the focus is on is the one the keys act on.
    await page.keyboard.press('3');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label}:${span.text}`))
      .toEqual(['claim:The White', 'sanction:said on']);
    await page.keyboard.press(';');
    const note = page.getByTestId('note-input');
    await expect.poll(() => note.evaluate((field) => field === document.activeElement)).toBe(true);
    // The note's letters are typed into it, not taken as shortcuts (S skips the document, D marks it done).
    await page.keyboard.type('check this: does it say so');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('span-note').allTextContents()).toEqual(['check this: does it say so']);
    const current = page.locator('[data-testid=doc-item][aria-current=true]');
    expect(await current.getAttribute('data-doc-id')).toBe(DOC);
    expect(await current.getAttribute('data-status')).not.toMatch(/done|skipped/u);
    await context.close();
  });

  it('writes the note of the span just labelled on ;, and E marks it, with no span selected (trial)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await labelWithKey(page, 'John Kirby', '1');
    expect(await page.locator('[data-testid=span-item].selected').count()).toBe(0);
    await page.keyboard.press(';');
    const note = page.getByTestId('note-input');
    await expect.poll(() => note.evaluate((field) => field === document.activeElement)).toBe(true);
    await page.keyboard.type('first note');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('span-note').allTextContents()).toEqual(['first note']);
    await page.keyboard.press('e');
    await expect.poll(() => statusText(page)).toContain('Marked “John Kirby” as an example of claim');
    await context.close();
  });

  it('takes a note typed after ; with no span selected for no commands: no document is marked or left (trial)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await page.locator('[data-testid=doc-text]').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press(';');
    await expect.poll(() => statusText(page)).toContain('Select a span first');
    // Typed on as if the field were open: D, S, N, E and the digits would mark, skip, move and label.
    await page.keyboard.type('Needs a second look: done 2 days ago?', { delay: 40 });
    await expect.poll(() => statusText(page)).toContain('No note field is open');
    const current = page.locator('[data-testid=doc-item][aria-current=true]');
    expect(await current.getAttribute('data-doc-id')).toBe(DOC);
    expect(
      await page.locator('[data-testid=doc-item]').evaluateAll((items) => items.map((item) => item.dataset.status)),
    ).toEqual(['todo', 'todo', 'todo', 'todo', 'todo']);
    expect(await listedSpans(page)).toEqual([]);
    // Words selected first, then ; (no span yet): the note typed on is held too, brackets and a label key in it.
    await page.keyboard.press('Escape');
    await dragSelect(page, 'John Kirby');
    await page.keyboard.press(';');
    await page.keyboard.type('see 2 [sic], done', { delay: 40 });
    await expect.poll(() => statusText(page)).toContain('No note field is open');
    expect(await listedSpans(page)).toEqual([]);
    expect(await current.getAttribute('data-doc-id')).toBe(DOC);
    expect(await current.getAttribute('data-status')).toBe('todo');
    // Esc ends it: D marks the document done again.
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await expect
      .poll(() => page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).getAttribute('data-status'))
      .toBe('done');
    await context.close();
  });

  it('marks one document done per D typed at once, and one for a D held down (helper-211)', async () => {
    const { context, page } = await openApp(browser);
    const items = page.locator('[data-testid=doc-item]');
    const statuses = () => items.evaluateAll((all) => all.map((item) => item.getAttribute('data-status')));
    const current = () => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id');
    const ids = await items.evaluateAll((all) => all.map((item) => item.getAttribute('data-doc-id')));
    await expect.poll(current).toBe(ids[0]);
    await page.locator('[data-testid=doc-text]').focus();
    // Three presses with no pause: three documents done, the fourth open (the third stayed to do).
    for (let press = 0; press < 3; press++) await page.keyboard.press('d');
    await expect.poll(current).toBe(ids[3]);
    await expect.poll(statuses).toEqual(['done', 'done', 'done', 'todo', 'todo']);
    // Held down (the key's auto-repeat): the fourth alone.
    for (let press = 0; press < 4; press++) await page.keyboard.down('d');
    await page.keyboard.up('d');
    await expect.poll(current).toBe(ids[4]);
    await page.waitForTimeout(300);
    expect(await statuses()).toEqual(['done', 'done', 'done', 'done', 'todo']);
    await context.close();
  });

  it('hands the keys to the text after Done ✓ is clicked (a stray Space marks nothing more) and after Esc on a filter; / searches (helper-211)', async () => {
    const { context, page } = await openApp(browser);
    const items = page.locator('[data-testid=doc-item]');
    const statuses = () => items.evaluateAll((all) => all.map((item) => item.getAttribute('data-status')));
    const ids = await items.evaluateAll((all) => all.map((item) => item.getAttribute('data-doc-id')));
    await page.getByRole('button', { name: 'Done ✓' }).click();
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe(ids[1]);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null))
      .toBe(true);
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    expect(await statuses()).toEqual(['done', 'todo', 'todo', 'todo', 'todo']);
    // Esc on a filter menu hands the keys back to the text too, the filter kept: D then marks the document.
    await page.getByLabel('Filter by status').focus();
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null))
      .toBe(true);
    expect(await page.getByLabel('Filter by status').inputValue()).toBe('all');
    await page.keyboard.press('d');
    await expect.poll(statuses).toEqual(['done', 'done', 'todo', 'todo', 'todo']);
    // / puts the keys in the search field; Esc there gives them back to the text.
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search documents');
    await page.keyboard.type('korea');
    expect(await page.getByLabel('Search documents').inputValue()).toBe('korea');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null))
      .toBe(true);
    await context.close();
  });

  it('keeps the focus in the span list when a span is removed from it: next item, else the previous, else the text', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await labelWithKey(page, 'The White', '1');
    await labelWithKey(page, 'said on', '2');
    await labelWithKey(page, 'Wednesday', '3');
    /** What holds the focus: a span item's text, the document text, or another element's tag. */
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (active?.matches('[data-testid=span-item]')) return active.querySelector('.span-text')?.textContent;
        return active?.matches('[data-testid=doc-text]') ? 'text' : active?.tagName;
      });
    // Enter on a focused item selects its span, Delete removes it.
    await page.locator('[data-testid=span-item]').nth(1).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    await expect.poll(focused).toBe('Wednesday');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await expect.poll(focused).toBe('The White');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(0);
    await expect.poll(focused).toBe('text');
    await context.close();
  });
});

describe('↑ and ↓ with the caret in a text whose lines wrap (1280 × 720)', () => {
  const FOX = '000_c25c54a9dd113007';

  it('goes one line as laid out per press from the start of a line, down to the last line and back up, keeping its column', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    for (const id of [FOX, '001_1588cc6f968110a1']) {
      await openDocument(page, id);
      await page.keyboard.press('t');
      await page.keyboard.press('Control+Home');
      const start = await caretLine(page);
      expect(start.line).toBe(0);
      // The text wraps: it shows more lines than it has.
      const lines = await page.locator('[data-testid=doc-text] .line').count();
      expect(start.lines).toBeGreaterThan(lines + 10);

      // Every ↓ goes to the next line as shown (wrapped parts too), at the lines' start, down to the last.
      const down = await pressAndTrack(page, 'ArrowDown', start.lines - 1);
      expect(down.lines).toEqual(run(1, start.lines - 1, 1));
      expect(down.lefts).toEqual(down.lefts.map(() => start.left));
      // ↓ on the last line goes to the text's end, on that line.
      expect((await pressAndTrack(page, 'ArrowDown', 1)).lines).toEqual([start.lines - 1]);
      // Every ↑ goes to the line above, at the column the run began at, up to the first.
      const up = await pressAndTrack(page, 'ArrowUp', start.lines - 1);
      expect(up.lines).toEqual(run(start.lines - 2, start.lines - 1, -1));
      expect(up.lefts).toEqual(up.lefts.map(() => start.left));
    }
    await context.close();
  });

  it('goes one line per press from the end of a wrapped line’s first part, and Shift+↓ extends the range a line a press', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, FOX);
    // A click past the end of "… clicking on", where the line wraps, puts the caret there (not on the next line).
    const end = await textBox(page, 'clicking on');
    await page.mouse.click(end.x2 + 30, end.y2);
    const start = await caretLine(page);
    const { line } = start;
    expect(start.left).toBeGreaterThanOrEqual(Math.round(end.x2));
    expect(Math.abs(start.middle - end.y2)).toBeLessThan(start.lineHeight / 2);

    const down = await pressAndTrack(page, 'ArrowDown', 4);
    expect(down.lines).toEqual(run(line + 1, 4, 1));
    // Shift+↓ keeps going a line a press, and the range it spans grows with it.
    const spanned: string[] = [];
    const extended: number[] = [];
    for (let press = 0; press < 3; press++) {
      await page.keyboard.press('Shift+ArrowDown');
      extended.push((await caretLine(page)).line);
      spanned.push(await caretRangeText(page));
    }
    expect(extended).toEqual(run(line + 5, 3, 1));
    expect(spanned[0].length).toBeGreaterThan(0);
    for (let press = 1; press < spanned.length; press++) {
      expect(spanned[press].startsWith(spanned[press - 1])).toBe(true);
      expect(spanned[press].length).toBeGreaterThan(spanned[press - 1].length);
    }
    // ↑ back over the same lines to the wrapped line's first part, and on to the first line.
    const up = await pressAndTrack(page, 'ArrowUp', line + 7);
    expect(up.lines).toEqual(run(line + 6, line + 7, -1));
    expect(up.lefts[6]).toBeGreaterThanOrEqual(Math.round(end.x2));
    await context.close();
  });

  it('keeps the text still on T, the caret on the first line shown whole, inside a long paragraph too (helper-207)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, DOC);
    /** The text's scroller: scrolled to `top` when given; its scroll, and where the caret bar stands below its top. */
    const scroller = (top?: number) =>
      page.evaluate((top) => {
        let node: HTMLElement | null = document.querySelector('[data-testid=doc-text]');
        while (node && !(node.scrollHeight > node.clientHeight && getComputedStyle(node).overflowY !== 'visible'))
          node = node.parentElement;
        if (top !== undefined) node!.scrollTop = top;
        const bar = document.querySelector('[data-testid=doc-text] .text-caret')?.getBoundingClientRect();
        return { top: node!.scrollTop, caret: bar ? bar.top - node!.getBoundingClientRect().top : null };
      }, top);
    // Scrolled as a reader scrolls, to places inside paragraphs wrapped over several lines; the focus out of the text.
    for (const top of [300, 475, 770]) {
      const before = (await scroller(top)).top;
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('t');
      const { lineHeight } = await caretLine(page);
      const after = await scroller();
      // Before, the caret went to its paragraph's start, and the text scrolled back 100 to 190 px to show it.
      expect(Math.abs(after.top - before), `scrolled to ${top}`).toBeLessThanOrEqual(2);
      expect(after.caret).toBeGreaterThanOrEqual(-1);
      expect(after.caret).toBeLessThan(lineHeight * 2);
      // Shift+→ along that line keeps it still too (helper-211: the first one scrolled 15 to 50 px).
      await page.keyboard.press('Shift+ArrowRight');
      expect(Math.abs((await scroller()).top - before), `extended at ${top}`).toBeLessThanOrEqual(2);
    }
    await context.close();
  });

  it('keeps the text still with the caret in a word at the start of a wrapped line’s next part, and goes on from there', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, FOX);
    const word = await textBox(page, 'Foxnews.com.');
    // The caret after "Fo" of "Fox News Flash…", on the line above "Foxnews.com." (its line's next part).
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    await pressAndTrack(page, 'ArrowDown', 2);
    const { lines, lefts } = await pressAndTrack(page, 'ArrowRight', 2);
    const caret = await caretLine(page);
    expect(Math.round((word.y1 - caret.middle) / caret.lineHeight)).toBe(1);
    // ↓ goes into "Foxnews", after its "Fo": the caret does not wrap the word there, nor does the word move.
    const down = await pressAndTrack(page, 'ArrowDown', 2);
    expect(down.lines).toEqual(run(lines[1] + 1, 2, 1));
    expect(Math.abs(down.lefts[0] - lefts[1])).toBeLessThanOrEqual(1);
    expect(await textBox(page, 'Foxnews.com.')).toEqual(word);
    const up = await pressAndTrack(page, 'ArrowUp', 2);
    expect(up.lines).toEqual(run(lines[1] + 1, 2, -1));
    await context.close();
  });

  it('goes to the start and end of the line on screen with Home and End: a wrapped line’s parts are lines, as for ↑ and ↓', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, FOX);
    const word = await textBox(page, 'Foxnews.com.');
    // ↓ to the part "Foxnews.com." starts (the second part of a wrapped line), into it, then Home.
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    await pressAndTrack(page, 'ArrowDown', 3);
    await pressAndTrack(page, 'ArrowRight', 2);
    const inside = await caretLine(page);
    expect(Math.abs(inside.middle - (word.y1 + word.y2) / 2)).toBeLessThan(inside.lineHeight / 2);
    await page.keyboard.press('Home');
    const home = await caretLine(page);
    expect(home.line).toBe(inside.line);
    expect(Math.abs(home.left - word.x1)).toBeLessThanOrEqual(2);
    // Shift+Ctrl+→ from there and a label key label the part's first word, not the line's.
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('2');
    await expect
      .poll(async () => (await listedSpans(page)).map(({ text }) => text.split(' ')[0]))
      .toEqual([expect.stringMatching(/^Foxnews/u)]);
    // End on the part above stays on it, at its right, rather than going to the end of the whole line.
    await page.keyboard.press('ArrowUp');
    const above = await caretLine(page);
    await page.keyboard.press('End');
    const end = await caretLine(page);
    expect(end.line).toBe(above.line);
    expect(end.left).toBeGreaterThan(above.left);
    await page.keyboard.press('Home');
    expect((await caretLine(page)).line).toBe(above.line);
    await context.close();
  });

  it('goes with End after the last character of a line on screen that wraps without a space (CJK)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    const text = '金正恩総書記とプーチン大統領は平壌で会談し包括的戦略的パートナーシップ条約に署名した。'.repeat(8);
    await importFile(page, { name: 'cjk.txt', mimeType: 'text/plain', text });
    await openDocument(page, 'cjk');
    // Where the browser wraps the line: the first character drawn below the first one.
    const firstRow = await page.evaluate(() => {
      const node = document.querySelector('[data-testid=doc-text] .line')!.firstChild!;
      const range = document.createRange();
      const topOf = (offset: number) => (
        range.setStart(node, offset),
        range.setEnd(node, offset + 1),
        range.getBoundingClientRect().top
      );
      const top = topOf(0);
      let offset = 1;
      while (topOf(offset) === top) offset++;
      return offset;
    });
    expect(firstRow).toBeGreaterThan(10);
    expect(firstRow).toBeLessThan(text.length);
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    const start = await caretLine(page);
    await page.keyboard.press('Shift+End');
    // The whole row, its last character too; the caret at that row's end, not the next row's start.
    expect(await caretRangeText(page)).toBe(text.slice(0, firstRow));
    expect((await caretLine(page)).line).toBe(start.line);
    // End again stays; Home goes back to the row's start.
    await page.keyboard.press('End');
    expect((await caretLine(page)).line).toBe(start.line);
    await page.keyboard.press('Shift+Home');
    expect(await caretRangeText(page)).toBe(text.slice(0, firstRow));
    await context.close();
  });

  it('selects to the end of a row that exactly fills the width, its last word whole (helper-182)', async () => {
    // At this width the Fox article's fourth line fills its first row up to "U.S." exactly.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const { page } = await openApp(browser, { context });
    await openDocument(page, FOX);
    // The first row of that line, as the browser lays it out before any key is pressed.
    const row = await page.evaluate(() => {
      const line = document.querySelectorAll('[data-testid=doc-text] .line')[3];
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let text = '';
      let top: number | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        for (let offset = 0; offset < (node.textContent ?? '').length; offset++) {
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const box = range.getBoundingClientRect();
          top ??= box.top;
          if (box.top > top + 2) return text.trimEnd();
          text += (node.textContent ?? '')[offset];
        }
      return text;
    });
    expect(row).toMatch(/^North Korea and Russia/u);
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    for (let line = 0; line < 3; line++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => caretRangeText(page)).toBe(row);
    await context.close();
  });
});
