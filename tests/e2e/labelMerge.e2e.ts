import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelWithKey, launchBrowser, listedSpans, openApp, statusText, waitForText } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('merging two labels', () => {
  it('asks before a rename onto another label’s name, merges on the keyboard, and the spans keep the name after a reload', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'arms deal', '1');
    await labelWithKey(page, 'North Korean officials', '2');
    expect((await listedSpans(page)).map(({ label, text }) => `${label}:${text}`).sort()).toEqual([
      'claim:arms deal',
      'denial:North Korean officials',
    ]);
    await page.getByRole('link', { name: 'Settings' }).click();
    const denial = page.getByLabel('Name of denial');
    await denial.fill('claim');
    await denial.press('Enter');
    // Asked first, the focus on Keep both: Enter there would keep both.
    const question = page.getByRole('alert').filter({ hasText: 'Merge “denial” into it?' });
    await expect.poll(() => question.textContent()).toContain('“claim” is a label already. Merge “denial” into it?');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep both');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Merge into “claim”');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('label-merged').textContent())
      .toContain('Merged “denial” into “claim”: 1 span now carries “claim”.');
    await expect.poll(() => page.getByLabel('Name of denial').count()).toBe(0);
    // Undo takes the focus, described by what it undoes: a screen reader hears both (helper-197).
    const description = await page.evaluate(() => {
      const focused = document.activeElement;
      const id = focused?.getAttribute('aria-describedby');
      return `${focused?.textContent} / ${id ? document.getElementById(id)?.textContent : ''}`;
    });
    expect(description).toBe('Undo / Merged “denial” into “claim”: 1 span now carries “claim”.');
    await page.reload();
    await page.getByRole('link', { name: 'Documents' }).click();
    await waitForText(page);
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => `${label}:${text}`).sort())
      .toEqual(['claim:North Korean officials', 'claim:arms deal']);
    // The label palette no longer offers denial.
    await expect
      .poll(() =>
        page
          .locator('[data-label-button]')
          .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-label-button'))),
      )
      .toEqual(['claim', 'sanction', 'visit']);
    await context.close();
  });

  it('takes a merge back with Undo, on the keyboard: the label, its key and its spans return, and stay after a reload', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'arms deal', '1');
    await labelWithKey(page, 'North Korean officials', '2');
    await page.getByRole('link', { name: 'Settings' }).click();
    const denial = page.getByLabel('Name of denial');
    await denial.fill('claim');
    await denial.press('Enter');
    await page.getByRole('button', { name: 'Merge into “claim”' }).click();
    await expect.poll(() => page.getByLabel('Name of denial').count()).toBe(0);
    // The focus is on the notice's Undo: Enter takes the merge back.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toContain('Put back “denial”: 1 span carries it again.');
    await expect.poll(() => page.getByLabel('Hotkey of denial').inputValue()).toBe('2');
    await expect.poll(() => page.getByTestId('label-merged').count()).toBe(0);
    await page.reload();
    await page.getByRole('link', { name: 'Documents' }).click();
    await waitForText(page);
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => `${label}:${text}`).sort())
      .toEqual(['claim:arms deal', 'denial:North Korean officials']);
    // Its key labels again.
    await labelWithKey(page, 'Kim Jong Un', '2');
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => `${label}:${text}`).sort())
      .toEqual(['claim:arms deal', 'denial:Kim Jong Un', 'denial:North Korean officials']);
    await context.close();
  });

  it('keeps the note of a span that goes as a twin: the span at its place takes it, and the notice says so', async () => {
    const { context, page } = await openApp(browser);
    // "arms deal" twice at one place: claim, and denial with a note.
    await labelWithKey(page, 'arms deal', '1');
    await labelWithKey(page, 'arms deal', '2');
    const items = page.locator('[data-testid=span-item]');
    await items.filter({ hasText: 'denial' }).click();
    await page.keyboard.press(';');
    const field = page.getByTestId('note-input');
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('the ministry denies it');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toContain('Note saved on “arms deal”.');
    await page.getByRole('link', { name: 'Settings' }).click();
    const denial = page.getByLabel('Name of denial');
    await denial.fill('claim');
    await denial.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('that one goes, its note and example mark kept on the “claim” span.');
    await page.getByRole('button', { name: 'Merge into “claim”' }).click();
    await expect
      .poll(() => page.getByTestId('label-merged').textContent())
      .toContain(
        'Merged “denial” into “claim”; 1 span at a place “claim” held already went (its note or example mark now on the “claim” span there).',
      );
    await page.getByRole('link', { name: 'Documents' }).click();
    await waitForText(page);
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => `${label}:${text}`))
      .toEqual(['claim:arms deal']);
    await expect.poll(() => items.getByTestId('span-note').textContent()).toBe('the ministry denies it');
    await context.close();
  });
});
