import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNewVersion } from './newVersion';
import {
  baseURL,
  holdTable,
  labelWithKey,
  launchBrowser,
  openApp,
  statusText,
  waitForServiceWorker,
  waitForText,
  withServiceWorker,
} from './browser';

// A note kept across an update of the app: openApp runs the service worker here.
withServiceWorker();

const NOTE = 'the leader, not the state';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const item = (page: Page, text: string) => page.locator('[data-testid=span-item]', { hasText: text });

/** The note shown on the span item of `text` ('' when it has none). */
const shownNote = async (page: Page, text: string): Promise<string> => {
  const note = item(page, text).getByTestId('span-note');
  return (await note.count()) === 0 ? '' : ((await note.textContent()) ?? '');
};

/** Two spans, "John Kirby" and "Kim Jong Un"; Kim Jong Un selected, `;` pressed, `typed` typed in its note field. */
async function writingANote(page: Page, typed = NOTE): Promise<void> {
  await labelWithKey(page, 'John Kirby', '1');
  await labelWithKey(page, 'Kim Jong Un', '1');
  await item(page, 'Kim Jong Un').click();
  await page.keyboard.press(';');
  const field = page.getByTestId('note-input');
  await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.type(typed);
}

/** The note drafts kept in IndexedDB (the mirror of localStorage's), their text only. */
const mirroredDrafts = () =>
  new Promise<string[]>((resolve, reject) => {
    const request = indexedDB.open('spanwright');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const all = request.result.transaction('drafts').objectStore('drafts').getAll();
      all.onsuccess = () => {
        const values = (all.result as { value: string }[]).map((row) => JSON.parse(row.value) as { draft?: string });
        resolve(values.flatMap((value) => (typeof value.draft === 'string' ? [value.draft] : [])));
        request.result.close();
      };
    };
  });

/** Reloads `page` and waits for its spans. */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await waitForText(page);
  await item(page, 'Kim Jong Un').waitFor();
}

describe('a note being written survives what takes the page or the field away', () => {
  it('is saved on its span after a reload, and the status line says so', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    await reload(page);
    await expect.poll(() => shownNote(page, 'Kim Jong Un')).toBe(NOTE);
    await expect
      .poll(() => statusText(page))
      .toContain('A note you were writing before the page closed was saved on “Kim Jong Un”.');
    // It is stored: another reload shows it, and says nothing more.
    await reload(page);
    await expect.poll(() => shownNote(page, 'Kim Jong Un')).toBe(NOTE);
    expect(await statusText(page)).not.toContain('before the page closed');
    await context.close();
  });

  it('is saved on its span when its tab is closed and the app is opened again', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    await page.close();
    const next = await context.newPage();
    await next.goto(baseURL());
    await waitForText(next);
    await expect.poll(() => shownNote(next, 'Kim Jong Un')).toBe(NOTE);
    await expect
      .poll(() => statusText(next))
      .toContain('A note you were writing before the page closed was saved on “Kim Jong Un”.');
    await context.close();
  });

  it('is saved on its span when another span is clicked, and the status line says so', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    await item(page, 'John Kirby').click();
    await expect.poll(() => shownNote(page, 'Kim Jong Un')).toBe(NOTE);
    await expect.poll(() => statusText(page)).toContain('Note saved on “Kim Jong Un”.');
    expect(await shownNote(page, 'John Kirby')).toBe('');
    await reload(page);
    await expect.poll(() => shownNote(page, 'Kim Jong Un')).toBe(NOTE);
    await context.close();
  });

  it('is discarded by Esc: nothing is saved, now or after a reload', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('note-input').count()).toBe(0);
    expect(await shownNote(page, 'Kim Jong Un')).toBe('');
    await reload(page);
    // "Note", not "Edit note": under load the discarded draft came back from IndexedDB (the next test holds it so).
    const note = page.getByRole('button', { name: 'Note', exact: true });
    await expect
      .poll(async () => {
        if ((await note.count()) === 0) await item(page, 'Kim Jong Un').click();
        return note.count();
      })
      .toBe(1);
    expect(await shownNote(page, 'Kim Jong Un')).toBe('');
    expect(await statusText(page)).not.toContain('before the page closed');
    await context.close();
  });

  it('is discarded by Esc when the page reloads before the discarding is stored in IndexedDB', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    // The draft is kept in IndexedDB as typed; then its table is held busy, as a loaded machine may hold it.
    await expect.poll(() => page.evaluate(mirroredDrafts)).toEqual([NOTE]);
    await holdTable(page, 'drafts');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('note-input').count()).toBe(0);
    await reload(page);
    await item(page, 'Kim Jong Un').click();
    await expect.poll(() => page.getByRole('button', { name: 'Note', exact: true }).count()).toBe(1);
    expect(await shownNote(page, 'Kim Jong Un')).toBe('');
    expect(await statusText(page)).not.toContain('before the page closed');
    await context.close();
  });

  it('is left to the tab writing it when a second tab starts', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page, 'half a tho');
    const second = await context.newPage();
    await second.goto(baseURL());
    await waitForText(second);
    await item(second, 'Kim Jong Un').waitFor();
    // The first tab is still writing: its draft is its own, to finish or to drop.
    await page.keyboard.type('ught');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('note-input').count()).toBe(0);
    await reload(second);
    expect(await shownNote(second, 'Kim Jong Un')).toBe('');
    expect(await shownNote(page, 'Kim Jong Un')).toBe('');
    await context.close();
  });

  it('is saved at once by the next tab when the tab writing it crashes', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page);
    // The renderer dies (as an out-of-memory or a GPU fault kills it): no pagehide, no save.
    const devtools = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void devtools.send('Page.crash').catch(() => undefined);
    await crashed;
    const next = await context.newPage();
    await next.goto(baseURL());
    await waitForText(next);
    await item(next, 'Kim Jong Un').waitFor();
    // Its lock went with it: its draft is no one's, saved now (not once its beat is 150 s old).
    await expect.poll(() => shownNote(next, 'Kim Jong Un'), { timeout: 10_000 }).toBe(NOTE);
    expect(await statusText(next)).toContain(
      'A note you were writing before the page closed was saved on “Kim Jong Un”',
    );
    await context.close();
  });

  it('is saved on its span when "Reload to update" reloads the page into a new version', async () => {
    const { context, page } = await openApp(browser);
    await waitForServiceWorker(page);
    await writingANote(page);
    // A new version published (one test at a time: files run side by side).
    await withNewVersion(async () => {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.locator('[data-testid=update-prompt]').waitFor();
      expect(await page.getByTestId('note-input').inputValue()).toBe(NOTE);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload to update' }).click()]);
      await waitForText(page);
      await item(page, 'Kim Jong Un').waitFor();
      await expect.poll(() => shownNote(page, 'Kim Jong Un')).toBe(NOTE);
      await expect.poll(() => page.locator('[data-testid=update-prompt]').count()).toBe(0);
    });
    await context.close();
  });
});

describe('a long note', () => {
  it('shows whole in its field as it grows, and keeps its line breaks in the span list', async () => {
    const { context, page } = await openApp(browser);
    await writingANote(page, 'first line');
    for (const line of ['second line', 'third line', 'fourth line', 'fifth line']) {
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type(line);
    }
    // The field is as high as its five lines: nothing scrolled out of sight.
    const field = page.getByTestId('note-input');
    const [scrolled, shown] = await field.evaluate((area) => [area.scrollHeight, area.clientHeight]);
    expect(scrolled).toBeLessThanOrEqual(shown + 1);
    await page.keyboard.press('Enter');
    await expect.poll(() => shownNote(page, 'Kim Jong Un')).toContain('fifth line');
    // In the list, its line breaks show (three lines of it at most).
    const note = item(page, 'Kim Jong Un').getByTestId('span-note');
    expect(await note.evaluate((element) => (element as HTMLElement).innerText)).toMatch(/first line\nsecond line/u);
    const size = await note.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    const height = (await note.boundingBox())!.height;
    expect(height).toBeGreaterThan(2.5 * size); // three lines, not one
    expect(height).toBeLessThan(4 * 1.3 * size); // and not five
    await context.close();
  });
});
