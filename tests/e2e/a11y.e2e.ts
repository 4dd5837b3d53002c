import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseURL,
  chooseAnnotator,
  dragSelect,
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  statusText,
} from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** True when the focused element lies inside the keyboard sheet. */
const focusInSheet = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[role=dialog][aria-label="Keyboard shortcuts"]') != null);

/**
 * Presses Tab from the top of the page until the focus comes back round (or leaves the page),
 * and returns every stop a user could not see: a file input, or an element with no size or
 * clipped away (visually hidden).
 */
async function invisibleTabStops(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const hidden: string[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < 400; step++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      // A name for the stop that tells repeats apart: its path of tags and indexes.
      const path: string[] = [];
      for (let node: Element | null = element; node && node !== document.body; node = node.parentElement)
        path.unshift(`${node.tagName}${node.parentElement ? [...node.parentElement.children].indexOf(node) : ''}`);
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      const invisible =
        (element instanceof HTMLInputElement && element.type === 'file') ||
        box.width <= 1 ||
        box.height <= 1 ||
        style.clipPath === 'inset(50%)' ||
        style.visibility === 'hidden' ||
        style.opacity === '0';
      const label = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
      return { path: path.join('/'), invisible, what: `${element.tagName.toLowerCase()} "${label}"` };
    });
    if (!stop || seen.has(stop.path)) break;
    seen.add(stop.path);
    if (stop.invisible) hidden.push(stop.what);
  }
  expect(seen.size).toBeGreaterThan(5);
  return hidden;
}

describe('keyboard access', () => {
  it('moves the focus into the keyboard sheet, keeps Tab in it, and gives the focus back on Escape and Close', async () => {
    const { context, page } = await openApp(browser);
    const text = page.locator('[data-testid=doc-text]');
    await text.focus();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    await expect.poll(() => focusInSheet(page)).toBe(true);
    // A row of two chords reads as written, though its line may break between them (never inside one).
    expect(await sheet.locator('dt').allTextContents()).toContain('Ctrl + Shift + Z, Ctrl + Y');
    // Each label by its own key, as the palette shows them.
    const labelRows = await sheet
      .locator('[data-page=documents] dt')
      .evaluateAll((terms) => terms.map((term) => `${term.textContent} ${term.nextElementSibling?.textContent}`));
    expect(labelRows.filter((row) => /^\S+ apply \S+$/u.test(row))).toEqual([
      '1 apply claim',
      '2 apply denial',
      '3 apply sanction',
      '4 apply visit',
    ]);
    const redo = sheet.locator('dt', { hasText: 'Ctrl + Shift + Z, Ctrl + Y' }).first().locator('.chord');
    expect(await redo.evaluateAll((chords) => chords.map((chord) => getComputedStyle(chord).whiteSpace))).toEqual([
      'nowrap',
      'nowrap',
    ]);
    // PageDown scrolls the sheet at once: the focus is in it, so the keys reach it.
    const before = await sheet.evaluate((node) => node.scrollTop);
    await page.keyboard.press('PageDown');
    await expect.poll(() => sheet.evaluate((node) => node.scrollTop)).toBeGreaterThan(before);
    // Tab and Shift+Tab stay in the sheet, however often pressed.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusInSheet(page), `after ${key}`).toBe(true);
    }
    // Escape closes it and the text has the focus again.
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => text.evaluate((node) => node === document.activeElement)).toBe(true);

    // Opened from its button and closed with Close: the focus goes back to the button.
    const helpButton = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await helpButton.click();
    await sheet.waitFor();
    await expect.poll(() => focusInSheet(page)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await page.keyboard.press('Enter');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => helpButton.evaluate((node) => node === document.activeElement)).toBe(true);
    // ? still toggles it: pressed again inside the sheet, it closes.
    await text.focus();
    await page.keyboard.press('?');
    await expect.poll(() => focusInSheet(page)).toBe(true);
    await page.keyboard.press('?');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => text.evaluate((node) => node === document.activeElement)).toBe(true);
    await context.close();
  });

  it('labels, deletes and moves nothing behind the open keyboard sheet; after Escape the selection labels', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'John Kirby', '1');
    const current = () => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id');
    const opened = await current();
    await dragSelect(page, 'Kim Jong Un');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    // The sheet is modal: a label key, the next document, done and a key no label has all do nothing.
    for (const key of ['3', 'n', 'd', '7', 'Delete', 'Control+z']) await page.keyboard.press(key);
    await page.waitForTimeout(300);
    expect((await listedSpans(page)).map((span) => `${span.label} ${span.text}`)).toEqual(['claim John Kirby']);
    expect(await current()).toBe(opened);
    expect(await page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-status')).not.toBe(
      'done',
    );
    expect(await statusText(page)).not.toContain('No label has the key');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    // Closed, the words selected before it opened are still selected, and a label key labels them.
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Kim Jong Un');
    await page.keyboard.press('3');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label} ${span.text}`).sort())
      .toEqual(['claim John Kirby', 'sanction Kim Jong Un']);
    await context.close();
  });

  it('gives every page one top-level heading, for a screen reader’s list of headings (trial: Settings had none)', async () => {
    const { context, page } = await openApp(browser);
    const headings = () => page.getByRole('heading', { level: 1 }).allTextContents();
    await expect.poll(headings).toHaveLength(1);
    for (const [link, heading] of [
      ['Settings', 'Settings'],
      ['Overview', 'Overview'],
    ]) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await expect.poll(headings).toEqual([heading]);
    }
    await context.close();
  });

  it('starts the focus at the heading of the page a link in the page opened, not on the page itself', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const focused = () =>
      page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`);
    await page.getByRole('link', { name: 'Guidelines (printable)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('H1 Annotation guidelines');
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('BUTTON Print…');
    await page.getByRole('link', { name: 'Back to the overview' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('H1 Overview');
    await context.close();
  });

  it('starts the focus at the heading of Overview and Settings opened from the top bar, so Page Down scrolls them (helper-197)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    const focused = () =>
      page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`);
    /** How far the page's scrolled part has moved: the window's, or the element the heading scrolls within. */
    const scrolled = () =>
      page.evaluate(() => {
        let node = document.activeElement?.parentElement ?? null;
        while (node && node.scrollHeight <= node.clientHeight) node = node.parentElement;
        return Math.max(node?.scrollTop ?? 0, window.scrollY);
      });
    for (const [link, heading] of [
      ['Settings', 'H1 Settings'],
      ['Overview', 'H1 Overview'],
    ]) {
      await page.getByRole('link', { name: link, exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(focused).toBe(heading);
      // Pressed again while the page is still laid out (Overview's charts come in after its heading): under load
      // a first press found nothing to scroll yet.
      await expect
        .poll(async () => {
          await page.keyboard.press('PageDown');
          return scrolled();
        })
        .toBeGreaterThan(100);
    }
    await context.close();
  });

  it('never tabs onto a hidden file input, on Documents or in Settings', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('button', { name: 'Load patterns…' }).waitFor();
    expect(await invisibleTabStops(page)).toEqual([]);
    await page.goto(new URL('#/settings', baseURL()).href);
    await page.getByRole('button', { name: 'Restore from backup…' }).waitFor();
    expect(await invisibleTabStops(page)).toEqual([]);
    // The buttons that open them stay reachable with Tab, and the inputs still take files.
    await page.getByRole('button', { name: 'Restore from backup…' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Restore from backup…');
    expect(await page.getByLabel('Backup file').count()).toBe(1);
    // Nor does a screen reader list them beside the buttons that open them (as "Backup file", a second button).
    const session = await page.context().newCDPSession(page);
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as {
      nodes: { name?: { value?: string }; ignored?: boolean }[];
    };
    await session.detach();
    const spoken = nodes.filter((node) => !node.ignored).map((node) => node.name?.value);
    expect(spoken).toContain('Restore from backup…');
    expect(spoken.filter((name) => ['Backup file', 'Import files', 'Load patterns'].includes(name ?? ''))).toEqual([]);
    await context.close();
  });
});

/** What has the keyboard focus: `body` when nothing does, else the element's tag, test id and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const id = element.getAttribute('data-testid') ?? element.id;
    return `${element.tagName.toLowerCase()}${id ? `#${id}` : ''} ${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 30)}`;
  });

/** True when the element `selector` finds (the first) has the keyboard focus. */
const hasFocus = (page: Page, selector: string) =>
  page.evaluate((selector) => document.activeElement === document.querySelector(selector), selector);

/** What the workbench's aria-live line says now (spans made, selected; documents opened). */
const announced = (page: Page) =>
  page
    .getByTestId('span-announcement')
    .textContent()
    .then((text) => (text ?? '').trim());

/** The app with three spans labelled by drag and key in the first document, and the span list's view of them. */
async function openWithThreeSpans() {
  const { context, page } = await openApp(browser);
  await labelWithKey(page, 'John Kirby', '1');
  await labelWithKey(page, 'Kim Jong Un', '3');
  await labelWithKey(page, 'Russian military', '2');
  return { context, page, spans: await listedSpans(page) };
}

/** Waits two frames: whatever the browser does to the focus after a change (a disabled button's) has happened. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/**
 * Marks every live region inside `root` (a status, an alert, an aria-live element) as it is now, so
 * {@link liveRegionSaid} can tell what one of them said later: a region put in already filled is not
 * reliably read out.
 */
const markLiveRegions = (page: Page, root: string) =>
  page.evaluate((root) => {
    const regions = [...document.querySelectorAll(`${root} [role=status], ${root} [role=alert], ${root} [aria-live]`)];
    (window as unknown as { liveRegions: Element[] }).liveRegions = regions;
  }, root);

/** The texts the regions marked by {@link markLiveRegions} say now (those still on the page). */
const liveRegionSaid = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { liveRegions: Element[] }).liveRegions
      .filter((region) => region.isConnected)
      .map((region) => region.textContent?.trim() ?? '')
      .join(' | '),
  );

describe('focus after actions, and what a screen reader is told', () => {
  it('takes the first Tab of a first visit to the start of the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    await settle(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a Spanwright');
    await context.close();
  });

  it('says which span ] and [ select, and marks it current in the span list', async () => {
    const { context, page, spans } = await openWithThreeSpans();
    const items = page.locator('[data-testid=span-item]');
    const current = () =>
      items.evaluateAll((elements) =>
        elements
          .filter((element) => element.getAttribute('aria-current') === 'true')
          .map((element) => element.textContent),
      );
    // None selected, the caret after the last label ("Russian military", the first span in the text):
    // [ selects the span before the caret, the one just labelled; ] goes on to the next.
    expect(spans[0].text).toBe('Russian military');
    await page.keyboard.press('[');
    await expect.poll(() => announced(page)).toBe(`Selected 1 of 3: ${spans[0].label} “${spans[0].text}”.`);
    await page.keyboard.press(']');
    await expect.poll(() => announced(page)).toBe(`Selected 2 of 3: ${spans[1].label} “${spans[1].text}”.`);
    await expect.poll(current).toHaveLength(1);
    expect((await current())[0]).toContain(spans[1].text);
    // The caret went with it: the strip shows the span, and the caret keys move on from its start.
    await expect.poll(() => page.getByTestId('caret-spans').textContent()).toContain(spans[1].text);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => page.getByTestId('caret-spans').textContent()).toContain(spans[1].text);
    await page.keyboard.press('[');
    await expect.poll(() => announced(page)).toBe(`Selected 1 of 3: ${spans[0].label} “${spans[0].text}”.`);
    expect(await focused(page)).toMatch(/^div#doc-text/u);
    // [ on the first span says so, rather than "Selected 1 of 3" again (helper-197).
    await page.keyboard.press('[');
    await expect.poll(() => statusText(page)).toContain("This is the document's first span: ] goes back.");
    await context.close();
  });

  it('reads the spans the caret comes to once, and a label or a ] only as the workbench says it (helper-197)', async () => {
    const { context, page, spans } = await openWithThreeSpans();
    const caretSaid = () => page.getByTestId('caret-said').textContent();
    // The strip shows the spans at the caret but is no live region of its own: it read each label a second time.
    expect(await page.locator('.caret-strip').getAttribute('aria-live')).toBeNull();
    await expect.poll(() => page.getByTestId('caret-spans').textContent()).toContain(spans[0].text);
    await expect.poll(() => announced(page)).toContain(`Labelled “${spans[0].text}”`);
    await page.waitForTimeout(600); // longer than the strip's rest before it speaks
    expect(await caretSaid()).toBe('');
    await page.keyboard.press('[');
    await expect.poll(() => announced(page)).toBe(`Selected 1 of 3: ${spans[0].label} “${spans[0].text}”.`);
    await page.waitForTimeout(600);
    expect(await caretSaid()).toBe('');
    // The caret keys out of the span and back into it: the line says what is at the caret, once.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('caret-spans').count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(caretSaid).toBe(`At the caret: ${spans[0].label} “${spans[0].text}”.`);
    // Relabelled at the caret, the line says the new label; deleted, and deleted again by Ctrl+Y after Ctrl+Z, the
    // span is no longer named (it stayed, helper-217).
    expect(spans[0].label).not.toBe('claim');
    await page.keyboard.press('[');
    await page.waitForTimeout(600); // "Selected …" said: the line after it is not held back as said already
    await page.keyboard.press('1');
    await expect.poll(caretSaid).toBe(`At the caret: claim “${spans[0].text}”.`);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('caret-spans').count()).toBe(0);
    await expect.poll(caretSaid).toBe('');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('caret-spans').count()).toBe(1);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('caret-spans').count()).toBe(0);
    await page.waitForTimeout(600);
    expect(await caretSaid()).toBe('');
    await context.close();
  });

  it('removes the span of a focused span item with Delete or Backspace, item after item, selected or not', async () => {
    const { context, page, spans } = await openWithThreeSpans();
    const items = page.locator('[data-testid=span-item]');
    // The first item has the focus, the last is selected: Delete removes the focused one.
    for (const key of [']', ']', ']']) await page.keyboard.press(key);
    await expect.poll(() => items.last().getAttribute('aria-current')).toBe('true');
    await items.first().focus();
    await page.keyboard.press('Delete');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.text))
      .toEqual([spans[1].text, spans[2].text]);
    await expect.poll(() => statusText(page)).toContain(`Deleted: ${spans[0].label} “${spans[0].text}”`);
    // The focus went on to the next item, not selected either: Backspace there removes that one too.
    await expect.poll(() => hasFocus(page, `[data-span-id="${spans[1].id}"]`)).toBe(true);
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toEqual([spans[2].text]);
    await expect.poll(() => hasFocus(page, `[data-span-id="${spans[2].id}"]`)).toBe(true);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.text))
      .toEqual([spans[1].text, spans[2].text]);
    await context.close();
  });

  it('removes one span a press when Delete comes fast on the span list, and ] goes on from the last removed (helper-168)', async () => {
    const { context, page, spans } = await openWithThreeSpans();
    const items = page.locator('[data-testid=span-item]');
    await items.first().focus();
    // Two presses with no wait between: the second comes while the first is still being written.
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toEqual([spans[2].text]);
    expect(await statusText(page)).not.toContain('Nothing to delete');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(3);
    // In the text, the caret at its start: ] selects the second span, Delete removes it, and ] selects the third, not the first.
    const removeTheSecond = async () => {
      await page.locator('[data-testid=doc-text]').click({ position: { x: 1, y: 1 } });
      await page.keyboard.press('Escape');
      await page.keyboard.press(']');
      await page.keyboard.press(']');
      await expect.poll(() => items.nth(1).getAttribute('aria-current')).toBe('true');
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    };
    await removeTheSecond();
    await page.keyboard.press(']');
    await expect.poll(() => items.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await items.nth(1).getAttribute('data-span-id')).toBe(spans[2].id);
    // The second removed again, then the caret moved to the text's end: [ starts from the caret (the third, the last
    // before it), not from the removed span's place (the first; helper-199: however far the caret had gone).
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(3);
    await removeTheSecond();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('[');
    await expect.poll(() => items.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await items.nth(1).getAttribute('data-span-id')).toBe(spans[2].id);
    await context.close();
  });

  it('gives the focus back to the text or the span item when a note is saved or left', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'John Kirby', '1');
    const [span] = await listedSpans(page);
    const text = '[data-testid=doc-text]';
    const item = `[data-testid=span-item][data-span-id="${span.id}"]`;
    await page.keyboard.press(']');
    await page.keyboard.press(';');
    await expect.poll(() => hasFocus(page, '[data-testid=note-input]')).toBe(true);
    await page.keyboard.type('the coordinator');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('span-note').textContent()).toBe('the coordinator');
    await expect.poll(() => statusText(page)).toContain('Note saved on “John Kirby”.');
    await settle(page);
    expect(await hasFocus(page, text)).toBe(true);
    await page.keyboard.press(';');
    await expect.poll(() => hasFocus(page, '[data-testid=note-input]')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('note-input').count()).toBe(0);
    await settle(page);
    expect(await hasFocus(page, text)).toBe(true);

    // From the span item: the note key there, then Esc, and the Note button, then Enter.
    await page.locator(item).focus();
    await page.keyboard.press(';');
    await expect.poll(() => hasFocus(page, '[data-testid=note-input]')).toBe(true);
    await page.keyboard.press('Escape');
    await settle(page);
    expect(await hasFocus(page, item)).toBe(true);
    await page.getByRole('button', { name: 'Edit note' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(page, '[data-testid=note-input]')).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.type(' of the NSC');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('span-note').textContent()).toBe('the coordinator of the NSC');
    await settle(page);
    expect(await hasFocus(page, item)).toBe(true);
    await context.close();
  });

  it('gives the keys back to the text when Esc clears the search', async () => {
    const { context, page } = await openApp(browser);
    const search = page.getByLabel('Search documents');
    await search.focus();
    await page.keyboard.type('kirby');
    await page.keyboard.press('Escape');
    expect(await search.inputValue()).toBe('');
    await settle(page);
    expect(await hasFocus(page, '[data-testid=doc-text]')).toBe(true);
    await context.close();
  });

  it('reads out the search’s count once it settles, not at every keystroke and progress step (helper-197)', async () => {
    const { context, page } = await openApp(browser);
    const said = page.getByTestId('list-count-said');
    await expect.poll(() => said.textContent()).toBe('5 of 5 documents');
    // Every text the live region holds from now on, as a screen reader would be given it.
    await said.evaluate((region) => {
      const texts: string[] = [];
      (window as unknown as { said: string[] }).said = texts;
      new MutationObserver(() => texts.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.getByLabel('Search documents').pressSequentially('foxnews', { delay: 60 });
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(1);
    await expect.poll(() => said.textContent()).toMatch(/^1 of 5 documents/u);
    await settle(page);
    const texts = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    expect(texts.filter((text) => text !== '')).toEqual([await said.textContent()]);
    // The visible count still follows each keystroke.
    expect(await page.locator('.list-count').textContent()).toContain('1 of 5 documents');
    await context.close();
  });

  it('hands the keys back to the text after Start in the new-annotator prompt, keeps Tab in it, and on Esc in the annotator field', async () => {
    const { context, page } = await openApp(browser);
    const field = page.getByLabel('Annotator', { exact: true });
    const text = '[data-testid=doc-text]';
    await field.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('bob');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('button Start “bob”');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('form.annotator').getAttribute('data-annotator')).toBe('bob');
    // The new layer is open and the keys act on it: the text has the focus, not the field.
    await expect.poll(() => hasFocus(page, text)).toBe(true);
    await page.keyboard.press('t');
    expect(await field.inputValue()).toBe('bob');
    // Esc in the prompt keeps the annotator, and the focus in the field, where the name is being chosen.
    await field.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('carol');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('button Start “carol”');
    // While the question waits, the field names the layer still open, and the question says labels wait.
    expect(await field.inputValue()).toBe('bob');
    expect(await page.getByText('Labels wait for your choice (you are still “bob”).', { exact: false }).count()).toBe(
      1,
    );
    // Tab goes round the question's buttons (helper-165: it went on to Import… with the question open).
    for (const [key, button] of [
      ['Tab', 'button Keep bob'],
      ['Tab', 'button Start “carol”'],
      ['Shift+Tab', 'button Keep bob'],
    ]) {
      await page.keyboard.press(key);
      await expect.poll(() => focused(page)).toBe(button);
    }
    await page.keyboard.press('Escape');
    await settle(page);
    expect(await hasFocus(page, '#annotator-input')).toBe(true);
    expect(await field.inputValue()).toBe('bob');
    // Esc in the field leaves it, a half-typed name put back, and hands the keys back to the text.
    await page.keyboard.type('x');
    await page.keyboard.press('Escape');
    await expect.poll(() => hasFocus(page, text)).toBe(true);
    expect(await field.inputValue()).toBe('bob');
    await page.keyboard.press('1');
    expect(await field.inputValue()).toBe('bob');
    await expect.poll(() => page.locator('form.annotator').getAttribute('data-annotator')).toBe('bob');
    await context.close();
  });

  it('keeps the focus where the keyboard goes on after Add label and after Save and work alone in Settings', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('New label name').fill('meeting');
    await page.getByRole('button', { name: 'Add label' }).click();
    await expect.poll(() => page.getByLabel('Name of meeting').count()).toBe(1);
    // Add label is disabled once its field is empty: the field has the focus, for the next label.
    await expect.poll(() => focused(page)).toBe('input New label name');
    await page.getByRole('button', { name: 'Save and work alone' }).click();
    await expect.poll(() => page.getByTestId('team-status').getAttribute('data-status')).toBe('off');
    await expect.poll(() => focused(page)).toBe('button Save and work alone');
    await context.close();
  });

  it('says which document opened, and where it is in the list, whatever opened it', async () => {
    const { context, page } = await openApp(browser);
    const titles = await page
      .locator('[data-testid=doc-item] .doc-title')
      .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    expect(titles).toHaveLength(5);
    const opened = (index: number) => `Opened ${index + 1} of 5: ${titles[index]}.`;
    await page.locator('[data-testid=doc-text]').focus();
    await page.keyboard.press('n');
    await expect.poll(() => announced(page)).toBe(opened(1));
    await page.keyboard.press('p');
    await expect.poll(() => announced(page)).toBe(opened(0));
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => announced(page)).toBe(opened(1));
    await page.keyboard.press('d');
    await expect.poll(() => announced(page)).toBe(opened(2));
    await page.keyboard.press('s');
    await expect.poll(() => announced(page)).toBe(opened(3));
    await page.getByRole('button', { name: 'Next →' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toBe(opened(4));
    // N on the last says so in the status line, until P opens another (helper-200: it stood on).
    await page.locator('[data-testid=doc-text]').focus();
    await page.keyboard.press('n');
    await expect.poll(() => statusText(page)).toContain('This is the last document of the list.');
    await page.keyboard.press('p');
    await expect.poll(() => announced(page)).toBe(opened(3));
    await expect.poll(() => statusText(page)).not.toContain('This is the last document of the list.');
    await page.locator('[data-testid=doc-item]').nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toBe(opened(1));
    // A title that ends its own sentence gets no second full stop (trial: "…sanctions..").
    await page.getByTestId('import-input').setInputFiles({
      name: 'zz-denial.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Kim denied the sanctions.\nMore text.'),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-testid=doc-item][data-doc-id="zz-denial"]').click();
    await expect.poll(() => announced(page)).toBe('Opened 6 of 6: Kim denied the sanctions.');
    // Another annotator: the line says whose layer is shown now, not what the last one did (trial).
    await labelWithKey(page, 'Kim', '1');
    await expect.poll(() => announced(page)).toMatch(/^Labelled “Kim” claim/u);
    await chooseAnnotator(page, 'bea');
    await expect
      .poll(() => announced(page))
      .toBe('Working as bea: their layer of each document is shown, and what they label goes into it.');
    // A search that leaves the list empty: N says why it opens nothing (helper-197: it was silent).
    await page.getByLabel('Search documents').fill('zzzzqq');
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(0);
    await page.locator('[data-testid=doc-text]').focus();
    await page.keyboard.press('n');
    await expect
      .poll(() => statusText(page))
      .toContain('The list shows none of the 6 documents: clear its search or filters to step through them.');
    await context.close();
  });

  it('makes the span list one Tab stop too, whose arrows, Home and End move between spans and select each (helper-155)', async () => {
    const { context, page, spans } = await openWithThreeSpans();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.spanId ?? null);
    const selected = () => page.locator('[data-testid=span-item][aria-current=true]').getAttribute('data-span-id');
    // In reading order: "Russian military" comes first in the text, then "John Kirby", "Kim Jong Un".
    const ids = spans.map((span) => span.id);
    await page.locator('[data-testid=span-item]').first().focus();
    await page.keyboard.press('Tab');
    expect(ids).not.toContain(await focused()); // one Tab past the list, not two more items
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe(ids[1]);
    expect(await selected()).toBe(ids[1]);
    await page.keyboard.press('End');
    await expect.poll(focused).toBe(ids[2]);
    await page.keyboard.press('ArrowDown'); // the last stays
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe(ids[0]);
    expect(await selected()).toBe(ids[0]);
    // Leaving the list and coming back lands on the selected span's item.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe(ids[1]);
    await context.close();
  });

  it('makes the document list one Tab stop, whose arrows, Home and End move between rows and Enter opens', async () => {
    const { context, page } = await openApp(browser);
    const focused = () =>
      page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.dataset.docId ?? document.activeElement?.tagName,
      );
    const ids = await page
      .locator('[data-testid=doc-item]')
      .evaluateAll((rows) => rows.map((row) => row.dataset.docId));
    await page.getByLabel('Filter by label').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(ids[0]); // the open document's row
    await page.keyboard.press('Tab');
    expect(ids).not.toContain(await focused()); // one Tab past the list, not four more rows
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids[2]);
    await page.keyboard.press('End');
    expect(await focused()).toBe(ids[4]);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toMatch(/^Opened 2 of 5/u);
    // Leaving the list and coming back lands on the row last focused.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(ids[1]);
    // A long list shows only the rows in view: End brings the last one into view and focuses it.
    const lines = Array.from({ length: 400 }, (_, index) =>
      JSON.stringify({ id: `row-${String(index).padStart(3, '0')}`, text: `Memo ${index}.`, spans: [] }),
    );
    await page.getByTestId('import-input').setInputFiles({
      name: 'rows.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-testid=doc-item]').first().focus();
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('row-399');
    expect(await page.locator('[data-doc-id="row-399"]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=doc-item][tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('row-398');
    await context.close();
  });

  it('keeps the focus in the import dialog and reads out what was imported', async () => {
    const { context, page } = await openApp(browser);
    const records = ['alpha', 'beta', 'gamma'].map((word, index) => ({
      id: `focus-${index}`,
      text: `The ${word} memo names Kim Jong Un.`,
      label: [[4, 4 + word.length, 'claim']],
    }));
    await page.locator('[data-testid=import-input]').setInputFiles({
      name: 'memos.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(records.map((record) => JSON.stringify(record)).join('\n')),
    });
    const card = page.locator('.file-card[data-file-name="memos.jsonl"]');
    await expect.poll(() => card.textContent()).toContain('Will arrive: 3 documents (3 new');
    await markLiveRegions(page, 'dialog[open]');
    await page.getByRole('button', { name: 'Import', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card.textContent()).toContain('Imported: 3 new documents, 3 spans.');
    await expect.poll(() => liveRegionSaid(page)).toContain('Imported: 3 new documents, 3 spans.');
    // A line of its own a file, in a log: each change is read alone, not all the news again (helper-197).
    expect(await page.getByTestId('import-news').getAttribute('role')).toBe('log');
    expect(await page.getByTestId('import-news').locator('p').allTextContents()).toEqual([
      'memos.jsonl: Imported: 3 new documents, 3 spans.',
    ]);
    await settle(page);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog[open]') != null)).toBe(true);
    expect(await hasFocus(page, '.file-card[data-file-name="memos.jsonl"]')).toBe(true);
    await context.close();
  });

  it('reads out what the export saved from a status line that was there before', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    await dialog.getByLabel('Without spans').selectOption('all'); // the texts: a file to download
    await expect.poll(() => dialog.getByRole('button', { name: 'Download' }).isEnabled()).toBe(true);
    await markLiveRegions(page, 'dialog[open]');
    await dialog.getByRole('button', { name: 'Download' }).focus();
    await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await expect.poll(() => liveRegionSaid(page)).toMatch(/Saved \d+ records? with/u);
    await settle(page);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog[open]') != null)).toBe(true);
    await context.close();
  });

  it('keeps the focus on a label’s arrow in Settings as Enter moves the label, row after row, to the end', async () => {
    const { context, page } = await openApp(browser);
    await page.getByRole('link', { name: 'Settings' }).click();
    const order = () =>
      page.locator('tr[data-label-row]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-label-row')));
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    await page.getByRole('button', { name: 'Move claim down' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['denial', 'claim', 'sanction', 'visit']);
    await expect.poll(focused).toBe('Move claim down');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['denial', 'sanction', 'visit', 'claim']);
    // At the end its ↓ is off: the focus goes to its ↑, and Enter moves it back up.
    await expect.poll(focused).toBe('Move claim up');
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['denial', 'sanction', 'claim', 'visit']);
    await expect.poll(focused).toBe('Move claim up');
    await context.close();
  });
});
