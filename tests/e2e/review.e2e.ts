import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusAgreement } from '../../src/lib/model/agreement';
import { dragSelect, launchBrowser, listedSpans, openApp } from './browser';

const DOC = '004_5d84a4a5889c536e';
const text = readFileSync(join(import.meta.dirname, '../../public/corpus', `${DOC}.txt`), 'utf8');

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

async function become(page: Page, annotator: string) {
  await page.getByLabel('Annotator').fill(annotator);
  await page.getByLabel('Annotator').press('Enter');
  await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(0);
}

async function label(page: Page, target: string, key: string) {
  const before = await page.locator('[data-testid=span-item]').count();
  await dragSelect(page, target);
  await page.keyboard.press(key);
  await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(before + 1);
}

describe('review of two layers', () => {
  it('shows corpus agreement for the chosen pair and adjudicates differences into a gold layer', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await label(page, 'John Kirby', '1');
    await label(page, 'Kim Jong Un', '1');
    await label(page, 'Pyongyang', '4');
    const annSpans = await listedSpans(page);
    await become(page, 'bea');
    await label(page, 'John Kirby', '1');
    await label(page, 'Kim Jong Un', '2');
    await label(page, 'Vladimir Putin', '1');
    const beaSpans = await listedSpans(page);

    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const expected = corpusAgreement([{ id: DOC, text, a: annSpans, b: beaSpans }]);
    expect(expected.f1).toBeCloseTo(1 / 3, 6);
    await expect.poll(() => page.getByTestId('agreement-f1').textContent()).toBe(expected.f1!.toFixed(3));
    await expect.poll(() => page.getByTestId('agreement-kappa').textContent()).toBe(expected.kappa!.toFixed(3));
    expect(await page.getByTestId('agreement-kappa').textContent()).toMatch(/^-?\d\.\d{3}$/u);

    // Differences: one agreement, one label disagreement, one span only A has, one only B has.
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect
      .poll(async () =>
        (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')))).sort(),
      )
      .toEqual(['label', 'match', 'onlyA', 'onlyB']);

    // Adjudicate by keyboard: accept the agreements (M), then take B's label for Kim Jong Un.
    await page.keyboard.press('m');
    await expect.poll(() => page.locator('.gold-view [data-label=claim]').count()).toBeGreaterThan(0);
    const labelRow = rows.filter({ has: page.locator('.kind', { hasText: 'label differs' }) });
    await labelRow.click();
    await page.keyboard.press('b');
    await expect.poll(() => labelRow.locator('button[aria-pressed=true]').textContent()).toBe('B');
    // Keep the span only A has, with the mouse.
    await rows
      .filter({ has: page.locator('.kind', { hasText: 'only A' }) })
      .getByRole('button', { name: 'A', exact: true })
      .click();
    await expect.poll(() => page.locator('.gold-view .count').textContent()).toBe('3');
    // ? shows the Review page's own keys.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.textContent()).toContain('keep neither');
    expect(await help.textContent()).not.toContain('mark the document done');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    // Reject the span only B has with X: the row shows the decision, and nothing is left to decide.
    const entry = page.locator(`[data-review-doc-id="${DOC}"] .to-decide`);
    await expect.poll(() => entry.textContent()).toBe('1 to decide');
    const onlyB = rows.filter({ has: page.locator('.kind', { hasText: 'only B' }) });
    await onlyB.click();
    await page.keyboard.press('x');
    await expect.poll(() => onlyB.getByRole('button', { name: 'Neither' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => entry.textContent()).toBe('all decided');
    await page.reload();
    await page.getByRole('link', { name: 'Review' }).click();
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .to-decide`).textContent()).toBe('all decided');
    await expect.poll(() => page.locator('.gold-view .count').textContent()).toBe('3');

    // The gold layer is an annotator like any other: it exports.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('Annotator', { exact: true }).selectOption('gold');
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    const gold = JSON.parse(readFileSync(await saved.path(), 'utf8').trim());
    expect(gold.annotator).toBe('gold');
    expect(gold.spans.map((span: { label: string; text: string }) => `${span.label}:${span.text}`).sort()).toEqual([
      'claim:John Kirby',
      'denial:Kim Jong Un',
      'visit:Pyongyang',
    ]);
    for (const span of gold.spans) expect([...text].slice(span.start, span.end).join('')).toBe(span.text);
    await context.close();
  });
});
