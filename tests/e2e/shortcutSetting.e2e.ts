import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  become,
  dragSelect,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  statusText,
  waitForText,
} from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('single-key shortcuts setting (WCAG 2.1.4)', () => {
  it('turned off, a label key alone labels nothing and Alt with it labels; the choice survives a reload', async () => {
    const { context, page } = await openApp(browser);
    await become(page, 'keys');
    await page.getByRole('link', { name: 'Settings' }).click();
    const off = page.getByRole('radio', { name: 'Off: hold Alt with the key' });
    await off.check();

    await page.reload();
    await off.waitFor();
    expect(await off.isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Documents' }).click();
    await waitForText(page);

    // `1` alone on a mouse selection labels nothing; Alt + 4 on the next selection labels it `visit`.
    await dragSelect(page, 'Fox News Flash');
    await page.keyboard.press('1');
    await dragSelect(page, 'August 31');
    await page.keyboard.press('Alt+4');
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.text)).toContain('August 31');
    expect((await listedSpans(page)).map(({ label, text }) => ({ label, text }))).toEqual([
      { label: 'visit', text: 'August 31' },
    ]);

    // The help sheet writes the keys as they now work (opened with Alt + ?).
    await page.keyboard.press('Alt+Shift+Slash');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    await expect.poll(() => sheet.locator('dt').allTextContents()).toContain('Alt + D');
    expect(
      await sheet
        .locator('dt', { hasText: /^Alt \+ 4$/u })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).toBe('apply visit');
    await page.keyboard.press('Escape');
    // So do the palette, the guidelines beside the text, the span panel's hint and the buttons' tooltips.
    expect(await page.locator('.palette kbd').allTextContents()).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4']);
    expect(await page.locator('.guidelines kbd').first().textContent()).toBe('Alt+1');
    expect(await page.getByRole('button', { name: 'Done ✓' }).getAttribute('title')).toBe(
      'Mark done and go to the next (Alt+D)',
    );
    await page.locator('[data-testid=span-item]').click();
    await expect
      .poll(() => page.locator('.key-hint').textContent())
      .toBe('Alt+; writes a note, Alt+E marks an example');
    await context.close();
  });

  /** Opens the app as `annotator` with single-key shortcuts turned off, on the Fox article. */
  async function withAltKeys(annotator: string) {
    const opened = await openApp(browser);
    await become(opened.page, annotator);
    await opened.page.getByRole('link', { name: 'Settings' }).click();
    await opened.page.getByRole('radio', { name: 'Off: hold Alt with the key' }).check();
    await opened.page.getByRole('link', { name: 'Documents' }).click();
    await openDocument(opened.page, '000_c25c54a9dd113007');
    return opened;
  }

  it('turned off, the suggestions panel, its tooltips and the status line name the keys with Alt', async () => {
    const { context, page } = await withAltKeys('alt-suggestions');
    await dragSelect(page, 'Russia');
    await page.keyboard.press('Alt+1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);

    const panel = page.getByTestId('suggestion-panel');
    expect(await panel.getByRole('button', { name: 'Occurrences here' }).getAttribute('title')).toMatch(/\(Alt\+O\)$/u);
    expect(await panel.getByRole('button', { name: 'In the corpus' }).getAttribute('title')).toMatch(
      /\(Alt\+Shift\+O\)$/u,
    );
    await page.keyboard.press('Alt+o');
    await expect
      .poll(() => statusText(page))
      .toMatch(
        /Proposed \d+ occurrences of “Russia” as claim in this document\. Alt\+J and Alt\+K step through them, Enter accepts, Backspace rejects\./u,
      );
    await expect
      .poll(() => panel.textContent())
      .toContain('Dashed underlines are suggestions. Alt+J focuses the first; Alt+Shift+A accepts them all.');
    await page.keyboard.press('Alt+j');
    await expect
      .poll(() => page.getByTestId('suggestion-focus').textContent())
      .toContain('Enter accepts, Backspace rejects, Alt+J / Alt+K move');
    await context.close();
  });

  it('turned off, a label key alone over a selection labels nothing and the status line says labels need Alt', async () => {
    const { context, page } = await withAltKeys('alt-label-hint');
    await dragSelect(page, 'Russia');
    await page.keyboard.press('1');
    await expect
      .poll(() => statusText(page))
      .toContain('Single-key shortcuts are off (Settings → Keyboard): press Alt+1 to label the selection claim.');
    expect(await listedSpans(page)).toHaveLength(0);
    await page.keyboard.press('Alt+1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await context.close();
  });
});
