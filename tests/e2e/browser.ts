import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium.js';

export const baseURL = (): string => inject('baseURL');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the end-to-end tests with `npm run test:e2e`.');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Opens the app in a fresh profile and waits until the default corpus is listed. */
/**
 * Whether openApp's contexts run the app's service worker. Off unless a file asks (`withServiceWorker`): each new
 * context would install it and precache the whole app beside the test, about a tenth of the run's time
 * (labeling.e2e: 173 s with it, 153 s without, two runs each), and only the files about offline use, updates and
 * restarts look at it. Each test file has its own copy of this module, so the choice is the file's.
 */
let serviceWorkers: 'allow' | 'block' = 'block';
export const withServiceWorker = (): void => void (serviceWorkers = 'allow');

export async function openApp(
  browser: Browser,
  options: { context?: BrowserContext } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context =
    options.context ??
    (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, serviceWorkers }));
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  reportOnFailure(page);
  // A Worker that stopped answering (outgoingClient.ts, incomingClient.ts): the run goes on, and says so here.
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('Worker said nothing')) console.warn(message.text());
  });
  await page.goto(baseURL());
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await waitForText(page);
  return { context, page };
}

/**
 * When the running test fails (a timeout too, which names no step), says what `page` showed then: its open dialog
 * and status line, or that its main thread did not answer (busy or hung). Once in CI a test timed out where it
 * passes in 2.6 s, with nothing to tell where it waited. Outside a test (a `beforeAll`), nothing.
 */
function reportOnFailure(page: Page): void {
  try {
    onTestFailed(async () => {
      if (page.isClosed()) return;
      const shown = page.evaluate(() => ({
        dialog: document.querySelector('dialog[open]')?.textContent?.replace(/\s+/gu, ' ').slice(0, 600) ?? null,
        status: [...document.querySelectorAll('.status-line, [role=status]')].map((one) => one.textContent).join(' '),
        focus: document.activeElement?.outerHTML.slice(0, 200) ?? null,
      }));
      const quiet = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
      const answer = await Promise.race([shown.catch((error: Error) => `unreadable: ${error.message}`), quiet]);
      const said = answer === null ? 'its main thread did not answer within 3 s' : JSON.stringify(answer);
      console.error(`When the test failed, the page at ${page.url()} showed: ${said}`);
    });
  } catch {
    // Not inside a test.
  }
}

/** Waits until the open document's text is rendered (not the empty view shown before it loads). */
export async function waitForText(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length > 0);
}

/**
 * Waits until the service worker is activated and controls `page` (a first visit is not
 * controlled until a reload), so the next reload can be served offline.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker) throw new Error('the service worker registration has no active worker');
    if (worker.state !== 'activated')
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
  });
  if (await page.evaluate(() => navigator.serviceWorker.controller === null)) {
    await page.reload();
    await waitForText(page);
  }
  if ((await page.evaluate(() => navigator.serviceWorker.controller?.state)) !== 'activated')
    throw new Error('the page is not controlled by an activated service worker');
}

/**
 * Selects `target` inside the document text with a real mouse drag, from the left edge of its
 * first character to the right edge of its last. `occurrence` picks among repeats.
 */
export async function dragSelect(page: Page, target: string, occurrence = 0, again = true): Promise<void> {
  // A person drags in the tab in front. In a tab behind another of its window, Chromium answers each mouse event
  // about a second late (labeling.e2e's two-tab counts took 19 s for three drags, 4 s with this).
  await page.bringToFront();
  const box = await textBox(page, target, occurrence);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
  // A drag that lost its anchor (a redraw under it) is named here, not by a later assertion on a span.
  const selected = await page.evaluate(() => document.getSelection()?.toString() ?? '');
  const words = (text: string) => text.replace(/\s+/gu, '');
  if (words(selected) === words(target)) return;
  // Twice in CI a drag selected nothing. One cause was found since (a drag begun where the caret bar stood,
  // editor/caret.ts; labeling.e2e tests it without this retry); for any other, a person drags again, and so
  // does this, once, saying so in the log; a second miss fails.
  if (!again) throw new Error(`dragSelect over "${target}" selected "${selected}"`);
  console.warn(`dragSelect over "${target}" selected "${selected}": dragging again`);
  await page.waitForTimeout(600); // past the double-click interval: the second drag is not a second click
  await dragSelect(page, target, occurrence, false);
}

/**
 * Scrolls `target` into view and returns where its first character starts (x1, y1) and its last
 * ends (x2, y2), once the layout has settled: chunks of long documents are laid out only once in
 * view, one frame after the scroll, so positions measured at once could be stale.
 */
export async function textBox(page: Page, target: string, occurrence = 0) {
  // A document just opened may still be drawing its text (under load, after its list item shows it current).
  await page.waitForFunction(
    (line) => (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').includes(line),
    target.split('\n')[0], // the text's lines are elements, not joined by line breaks
  );
  // The app may still be scrolling the text to a place (editor/scroller.ts's scrollToText, after a Review decision
  // or a row's click): it holds that place until 5 frames pass still, and a scroll set from here does not stop it as
  // a person's wheel or press does. Measured meanwhile, the text was put back under the pointer before the drag,
  // a whole scroll off (helper-216: "visited Pyongyang" selected "ussian President V" in 15 of 15 runs).
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const scroller = document.querySelector('[data-testid=doc-text]')?.parentElement;
        let [last, still, frames] = [scroller?.scrollTop, 0, 0];
        const frame = () => {
          const now = scroller?.scrollTop;
          still = now === last ? still + 1 : 0;
          last = now;
          if (still >= 6 || ++frames >= 120) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  let box = await locate(page, target, occurrence);
  for (let attempt = 0; attempt < 5 && Math.abs(box.scrolled) > 1; attempt++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    box = await locate(page, target, occurrence);
  }
  return box;
}

/** Scrolls `target` to the middle of the view and returns where its first and last characters are. */
async function locate(page: Page, target: string, occurrence: number) {
  return page.evaluate(
    ({ target, occurrence }) => {
      const root = document.querySelector('[data-testid=doc-text]');
      if (!root) throw new Error('no doc-text');
      // Map the rendered text (lines joined by \n) back to DOM text positions.
      const pieces: { node: Text; start: number }[] = [];
      let flat = '';
      root.querySelectorAll('.line').forEach((line, index) => {
        if (index > 0) flat += '\n';
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          pieces.push({ node, start: flat.length });
          flat += node.data;
        }
      });
      let at = -1;
      for (let seen = 0; seen <= occurrence; seen++) {
        at = flat.indexOf(target, at + 1);
        if (at < 0) throw new Error(`"${target}" not found in the document text`);
      }
      const locate = (offset: number) => {
        const piece = [...pieces]
          .reverse()
          .find((candidate) => candidate.start <= offset && offset - candidate.start < candidate.node.data.length);
        if (!piece) throw new Error(`offset ${offset} is not in a text node`);
        return { node: piece.node, offset: offset - piece.start };
      };
      const first = locate(at);
      const last = locate(at + target.length - 1);
      const rect = (where: { node: Text; offset: number }, length: number) => {
        const range = document.createRange();
        range.setStart(where.node, where.offset);
        range.setEnd(where.node, where.offset + length);
        return range.getBoundingClientRect();
      };
      // Scroll once so the whole target is in view, then measure both ends.
      const whole = document.createRange();
      whole.setStart(first.node, first.offset);
      whole.setEnd(last.node, last.offset + 1);
      const scroller = root.parentElement!;
      const bounds = whole.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      const before = scroller.scrollTop;
      scroller.scrollTop += bounds.top - view.top - Math.max(20, (view.height - bounds.height) / 2);
      const scrolled = scroller.scrollTop - before;
      const startRect = rect(first, 1);
      const lastLength = last.node.data.codePointAt(last.offset)! > 0xffff ? 2 : 1;
      const endRect = rect(last, lastLength);
      return {
        x1: startRect.left + 1,
        y1: startRect.top + startRect.height / 2,
        x2: endRect.right - 1,
        y2: endRect.top + endRect.height / 2,
        scrolled,
      };
    },
    { target, occurrence },
  );
}

/** The spans listed in the span list, as the UI contract exposes them. */
export async function listedSpans(
  page: Page,
): Promise<{ id: string; label: string; start: number; end: number; text: string }[]> {
  return page.locator('[data-testid=span-item]').evaluateAll((items) =>
    items.map((item) => ({
      id: item.getAttribute('data-span-id') ?? '',
      label: item.getAttribute('data-label') ?? '',
      start: Number(item.getAttribute('data-start')),
      end: Number(item.getAttribute('data-end')),
      text: item.querySelector('.span-text')?.textContent ?? '',
    })),
  );
}

/**
 * Types `annotator` in the annotator field and presses Enter, as a person does; a name without a layer yet is
 * confirmed in the prompt that asks (Enter on its focused button). Waits until the app works as `annotator`.
 */
export async function chooseAnnotator(page: Page, annotator: string): Promise<void> {
  // A page link clicked just before: the app is on that page first (a name typed as it changes is not started).
  await expect
    .poll(() =>
      page.evaluate(() => {
        const current = document.querySelector('nav[aria-label=Views] a[aria-current=page]')?.getAttribute('href');
        const hash = location.hash === '#/guidelines' ? '#/overview' : location.hash;
        return (
          current === (hash === '' ? '#/' : hash) || !['', '#/', '#/review', '#/overview', '#/settings'].includes(hash)
        );
      }),
    )
    .toBe(true);
  const field = page.getByLabel('Annotator', { exact: true });
  await field.fill(annotator);
  await field.press('Enter');
  const prompt = page.getByRole('alertdialog', { name: 'New annotator' });
  const current = () => page.locator('form.annotator').getAttribute('data-annotator');
  await expect.poll(async () => (await prompt.isVisible()) || (await current()) === annotator).toBe(true);
  if (await prompt.isVisible()) {
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe(`Start “${annotator}”`);
    await page.keyboard.press('Enter');
  }
  await expect.poll(current).toBe(annotator);
}

/** Switches the annotator field to `annotator`, whose layer of the open document is empty. */
export async function become(page: Page, annotator: string): Promise<void> {
  await chooseAnnotator(page, annotator);
  await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(0);
}

/** Drags over `target` and presses a label's `key`, as a person does; waits for the new span in the list. */
export async function labelWithKey(page: Page, target: string, key: string): Promise<void> {
  const before = await page.locator('[data-testid=span-item]').count();
  await dragSelect(page, target);
  await page.keyboard.press(key);
  await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(before + 1);
}

/** Opens document `id` from the list, as a click does, and waits until it is current and its text is drawn. */
export async function openDocument(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
  await expect
    .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
    .toBe(id);
  await waitForText(page);
}

/** The texts of the suggestions drawn in the open document, in reading order. */
export function suggestionTexts(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=doc-text] [data-suggestion]')
    .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
}

/** What the status line (and any other live status region) says now, as one string. */
export const statusText = (page: Page): Promise<string> =>
  page
    .locator('.status-line, [role=status]')
    .allTextContents()
    .then((texts) => texts.join(' '));

/**
 * Imports `file` through the Import… dialog's file input, as a person picks it, and closes the
 * dialog once it says Imported.
 */
export async function importFile(page: Page, file: { name: string; mimeType: string; text: string }): Promise<void> {
  await page
    .locator('[data-testid=import-input]')
    .setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect.poll(() => page.locator('.file-card').textContent()).toContain('Imported');
  await page.getByRole('button', { name: 'Close' }).click();
}

/**
 * Holds IndexedDB's `table` in a write transaction for 20 s, as another write (an import, a team's changes) may: a
 * write of the page to it waits behind, and a reload or a closed tab meanwhile takes that write away.
 */
export const holdTable = (page: Page, table: 'spans' | 'drafts'): Promise<void> =>
  page.evaluate(
    (table) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const store = request.result.transaction(table, 'readwrite').objectStore(table);
          const busyUntil = Date.now() + 20_000;
          const again = () => void (Date.now() < busyUntil && (store.get('none').onsuccess = again));
          again();
          resolve();
        };
      }),
    table,
  );
