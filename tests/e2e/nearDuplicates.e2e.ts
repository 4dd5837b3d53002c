import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './browser';
import { dropFiles } from './transfer';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('near-duplicate documents', () => {
  it('marks the Fox article scraped twice, found in a Worker, and a dropped copy of another article', async () => {
    const { context, page } = await openApp(browser);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const row = (id: string) => page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`);
    await expect
      .poll(() => row('000_c25c54a9dd113007').getAttribute('data-near-duplicates'))
      .toBe('001_1588cc6f968110a1');
    expect(await row('001_1588cc6f968110a1').getAttribute('data-near-duplicates')).toBe('000_c25c54a9dd113007');
    for (const id of ['002_fb83040547a0f67a', '003_6244afe28d155e96', '004_5d84a4a5889c536e'])
      expect(await row(id).getAttribute('data-near-duplicates')).toBeNull();
    const mark = row('001_1588cc6f968110a1').locator('.near-duplicate');
    expect(await mark.textContent()).toContain('near-duplicate');
    expect(await mark.getAttribute('title')).toMatch(/^Much of its text is also in “Fox News Flash top headlines/u);
    // A screen reader hears which document is the copy: it is in the row's accessible name (helper-197).
    expect(await row('001_1588cc6f968110a1').ariaSnapshot()).toMatch(
      /near-duplicate\s*: Much of its text is also in “Fox News Flash top headlines.*word runs shared\)/u,
    );

    // A copy of article 004 with a line of its own, dropped as a file: the search runs again, in a Worker.
    const text = await page.evaluate(async () => (await fetch('corpus/004_5d84a4a5889c536e.txt')).text());
    await dropFiles(page, [{ name: 'copy.txt', content: `Reprinted with permission.\n${text}` }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(() => row('copy').getAttribute('data-near-duplicates'), { timeout: 15_000 })
      .toBe('004_5d84a4a5889c536e');
    expect(await row('004_5d84a4a5889c536e').getAttribute('data-near-duplicates')).toBe('copy');
    // A copy with one line of its own is nearly the same text, and said so (the Fox pair shares less, said less).
    expect(await row('copy').locator('.near-duplicate').getAttribute('title')).toMatch(/^Nearly the same text as “/u);
    expect(workers.some((url) => /nearDuplicates\.worker/u.test(url))).toBe(true);
    await row('004_5d84a4a5889c536e').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/spanwright-near-duplicates.png' });
    await context.close();
  });

  it('keeps the pairs and every signature after a search: a reload marks them at once, with no search', async () => {
    const { context, page } = await openApp(browser);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const searches = () => workers.filter((url) => /nearDuplicates\.worker/u.test(url)).length;
    const row = (id: string) => page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`);
    const marked = () => row('000_c25c54a9dd113007').getAttribute('data-near-duplicates');
    await expect.poll(marked).toBe('001_1588cc6f968110a1');
    // The cache of signatures as stored, once its writer (which holds the caches' lock before answering) is done.
    const stored = () =>
      page.evaluate(async () => {
        await navigator.locks.request('spanwright-text-cache:spanwright', async () => undefined);
        const database = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('spanwright');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const rows = await new Promise<{ seq: number; ids: string[]; signatures: Uint32Array }[]>((resolve, reject) => {
          const request = database.transaction('signatureBundles').objectStore('signatureBundles').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        database.close();
        return rows.map(({ seq, ids, signatures }) => ({ seq, ids, length: signatures.length }));
      });
    const documents = await page.locator('[data-testid=doc-item]').count();
    await expect.poll(async () => (await stored()).flatMap((bundle) => bundle.ids).length).toBe(documents);
    const before = await stored();
    expect(before.every((bundle) => bundle.length === bundle.ids.length * 64)).toBe(true);

    // The first search may have started before the listener: count from here.
    const searched = searches();

    // A reload over the same documents: the pairs the search kept on this device, and no search at all,
    // not even once the list has settled (the search would start 1.5 s after it).
    await page.reload();
    await expect.poll(marked).toBe('001_1588cc6f968110a1');
    expect(await row('001_1588cc6f968110a1').getAttribute('data-near-duplicates')).toBe('000_c25c54a9dd113007');
    await page.waitForTimeout(3000);
    expect(searches()).toBe(searched);

    // With that record gone (another device's copy of the database, say): a new Worker finds the same
    // pairs from the stored signatures (none signed, so none written).
    await page.evaluate(() => localStorage.removeItem('spanwright.nearDuplicates.spanwright'));
    await page.reload();
    await expect.poll(searches).toBe(searched + 1);
    await expect.poll(marked).toBe('001_1588cc6f968110a1');
    expect(await row('001_1588cc6f968110a1').getAttribute('data-near-duplicates')).toBe('000_c25c54a9dd113007');
    expect(await stored()).toEqual(before);
    await context.close();
  });
});
