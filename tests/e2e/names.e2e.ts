import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { become, chooseAnnotator, labelWithKey, launchBrowser, openApp, openDocument } from './browser';
import { dropFiles } from './transfer';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** The names Chromium's accessibility tree gives the elements of `role` (what a screen reader says). */
async function spokenNames(page: Page, role: string): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as {
    nodes: { role?: { value?: string }; name?: { value?: string }; ignored?: boolean }[];
  };
  await session.detach();
  return nodes
    .filter((node) => !node.ignored && node.role?.value === role)
    .map((node) => String(node.name?.value ?? ''));
}

describe('names a screen reader says', () => {
  it('reads a labelled word in the text as a highlight with its label, not by its colour alone', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'Fox News Flash', '1');
    await labelWithKey(page, 'August 31', '4');
    const marks = async () => {
      const session = await page.context().newCDPSession(page);
      const { nodes } = (await session.send('Accessibility.getFullAXTree')) as {
        nodes: { role?: { value?: string }; description?: { value?: string }; ignored?: boolean }[];
      };
      await session.detach();
      return nodes
        .filter((node) => !node.ignored && node.role?.value === 'mark')
        .map((node) => node.description?.value);
    };
    // The first line's title repeats in the text below it: "Fox News Flash" is labelled where it was dragged.
    await expect.poll(marks).toEqual(['claim', 'visit']);
    await context.close();
  });

  it('titles the tab with the open document and the page', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, '001_1588cc6f968110a1');
    const listed = page.locator('[data-testid=doc-item][data-doc-id="001_1588cc6f968110a1"] .doc-title');
    const title = (await listed.textContent())?.trim();
    expect(title).toContain('North Korea');
    await expect.poll(() => page.title()).toBe(`${title} — Documents — Spanwright`);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.title()).toBe('Settings — Spanwright');
    await context.close();
  });

  it('marks the key sheet modal: it keeps the focus, so what is behind it is out of reach', async () => {
    const { context, page } = await openApp(browser);

    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    expect(await sheet.getAttribute('aria-modal')).toBe('true');
    await context.close();
  });

  it('speaks the Review text heading in words and titles the tab with the reviewed document', async () => {
    const { context, page } = await openApp(browser);
    await become(page, 'ann');
    await labelWithKey(page, 'Fox News Flash', '1');
    await become(page, 'bea');
    await labelWithKey(page, 'Fox News Flash', '2');
    await chooseAnnotator(page, 'ann');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByTestId('gold-count').waitFor();
    await expect
      .poll(() => spokenNames(page, 'heading'))
      .toContainEqual(expect.stringMatching(/^Text: A above, B below, gold filled; \d+ in gold$/u));
    await expect.poll(() => page.title()).toMatch(/^.+ — Review — Spanwright$/u);
    await context.close();
  });

  it('names each choice of the import preview by its field and its file', async () => {
    const { context, page } = await openApp(browser);
    const line = JSON.stringify({ id: 'named', text: 'Putin went to Pyongyang.', label: [[0, 5, 'claim']] });
    await dropFiles(page, [
      { name: 'ann.jsonl', content: line },
      // Text, but in no format Spanwright knows (a binary file is refused before any format is offered).
      { name: 'notes.bin', content: '~~ not a format ~~' },
    ]);
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByTestId('import-summary').first().waitFor();
    await expect
      .poll(async () => (await spokenNames(page, 'combobox')).sort())
      .toEqual(['Format for ann.jsonl', 'Format for notes.bin', 'Offsets for ann.jsonl']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await context.close();
  });
});
