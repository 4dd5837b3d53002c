import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dragSelect,
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  suggestionTexts,
  statusText,
} from './browser';
import { download, dropFiles, nativeRecords } from './transfer';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const FOX = '000_c25c54a9dd113007';
const COPY = '001_1588cc6f968110a1';

const status = statusText;
const codePoints = (text: string) => [...text];

/**
 * In the Fox article: "Russia" selected with the mouse and labelled with 1, then O proposes its other
 * occurrences. Resolves with how many, as the status line says once the proposal is stored.
 */
async function proposeRussia(page: Page): Promise<number> {
  await openDocument(page, FOX);
  await dragSelect(page, 'Russia');
  await page.keyboard.press('1');
  await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
  await page.keyboard.press('o');
  await expect.poll(() => status(page)).toMatch(/Proposed \d+ occurrences of “Russia” as claim in this document/u);
  return Number((await status(page)).match(/Proposed (\d+) occurrences/u)?.[1]);
}

describe('suggestions', () => {
  it('proposes the occurrences of a span labelled by mouse and key, accepts some by key, rejects one, and exports only spans', async () => {
    const { context, page } = await openApp(browser);
    const proposed = await proposeRussia(page);
    expect(proposed).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed);
    await expect.poll(async () => (await suggestionTexts(page)).length).toBe(proposed);
    // Suggestions are drawn in the text, carry their label, and are not spans.
    for (const text of await suggestionTexts(page)) expect(text).toBe('Russia');
    for (const label of await page
      .locator('[data-testid=doc-text] [data-suggestion]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-label'))))
      expect(label).toBe('claim');
    expect(await listedSpans(page)).toHaveLength(1);
    // From a document without suggestions, J goes on to the one that has some, on its first.
    await openDocument(page, COPY);
    await page.keyboard.press('j');
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe(FOX);
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('Russia');
    // The keyboard focus left the clicked row for the open document's: no ring on a document not open.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.docId)).toBe(FOX);
    expect(await status(page)).toMatch(
      new RegExp(`^No suggestions in “.+”: opened “.+”, with ${proposed} suggestions\\.`, 'u'),
    );

    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('Russia');
    await page.screenshot({ path: '/tmp/spanwright-suggestions.png' });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(2);
    // Enter accepted the second and moved on to the third; J right after keeps it (J, Enter, J, Enter passes none over).
    await page.keyboard.press('j');
    await expect
      .poll(() => page.getByTestId('span-announcement').textContent())
      .toContain(`Suggestion 2 of ${proposed - 1}: claim “Russia”`);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(3);
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 3);
    const spans = await listedSpans(page);
    expect(spans).toHaveLength(3);
    expect(spans.every((span) => span.text === 'Russia' && span.label === 'claim')).toBe(true);
    // Undo brings the rejected one back; redo rejects it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 2);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 3);
    // Proposed again, the rejected one stays out, and the status line says so.
    await page.keyboard.press('o');
    await expect.poll(() => status(page)).toContain('1 rejected before, left out');
    expect(await status(page)).toMatch(/^Nothing proposed for “Russia” in this document: /u);
    expect(Number(await page.getByTestId('suggestion-count').textContent())).toBe(proposed - 3);

    const exported = await download(page, { format: 'native', annotator: 'all', scope: 'all' });
    const records = nativeRecords(exported.text);
    const all = records.flatMap((record) => record.spans.map((span) => ({ span, text: record.text })));
    expect(all).toHaveLength(3);
    for (const { span, text } of all) expect(codePoints(text).slice(span.start, span.end).join('')).toBe(span.text);
    expect(all.filter(({ span }) => span.meta?.source === 'propagated')).toHaveLength(2);
    await context.close();
  });

  it('acts on keys sent at once in their order: O after a label key proposes that span; J, Enter, J, Enter accepts two (helper-194)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    await dragSelect(page, 'North Korea');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await dragSelect(page, 'Russia');
    // Sent in one task, as key repeat or a macro sends them: no key waits for the page between them.
    const sendAtOnce = (keys: string[]) =>
      page.evaluate((sent) => {
        for (const key of sent) {
          const code = /^\d$/u.test(key) ? `Digit${key}` : key.length === 1 ? `Key${key.toUpperCase()}` : key;
          const target = document.activeElement ?? document.body;
          target.dispatchEvent(new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true }));
        }
      }, keys);
    await sendAtOnce(['1', 'o']);
    await expect.poll(() => status(page)).toMatch(/Proposed \d+ occurrences of “Russia” as claim in this document/u);
    const proposed = Number((await status(page)).match(/Proposed (\d+) occurrences/u)?.[1]);
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed);
    await sendAtOnce(['j', 'Enter', 'j', 'Enter']);
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 2);
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.text).sort())
      .toEqual(['North Korea', 'Russia', 'Russia', 'Russia']);
    await context.close();
  });

  it('takes a focused suggestion as another label with that label’s key, in one undoable step', async () => {
    const { context, page } = await openApp(browser);
    const proposed = await proposeRussia(page);
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('Russia');
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 1);
    // The suggestion leaves its list at once; the span list follows when the stored row is read back.
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.label).sort())
      .toEqual(['claim', 'denial']);
    expect(await status(page)).toBe('Accepted “Russia” as denial (suggested claim).');
    // The focus went on to the next suggestion, as Enter's does.
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('Russia');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed);
    await expect.poll(async () => (await listedSpans(page)).map((span) => span.label)).toEqual(['claim']);
    // A click on a label's button in the palette does what its key does.
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('Russia');
    await page.locator('[data-label-button="sanction"]').click();
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 1);
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => span.label).sort())
      .toEqual(['claim', 'sanction']);
    expect(await status(page)).toBe('Accepted “Russia” as sanction (suggested claim).');
    await context.close();
  });

  it('leaves Enter on a focused button to the button: Reject rejects, Accept all accepts them all', async () => {
    const { context, page } = await openApp(browser);
    const proposed = await proposeRussia(page);
    await page.keyboard.press('j');
    const focus = page.getByTestId('suggestion-focus');
    await expect.poll(() => focus.count()).toBe(1);
    // Tabbed to Reject (Shift+Tab from Accept all), Enter rejects the focused suggestion: it accepts nothing.
    await page.getByRole('button', { name: 'Accept all' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reject');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(proposed - 1);
    expect(await listedSpans(page)).toHaveLength(1);
    // Enter on Accept all accepts every one left, not the focused one alone.
    await page.getByRole('button', { name: 'Accept all' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('suggestion-count').textContent().then(Number)).toBe(0);
    await expect.poll(async () => (await listedSpans(page)).length).toBe(proposed);
    // The button went with the last suggestion: the keyboard focus is in the text, not lost to the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=doc-text]') !== null))
      .toBe(true);
    await context.close();
  });

  it('proposes North Korea in North Korea’s, whose ’s is a word of its own as a drag takes it, and not in North Korean', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    await dragSelect(page, 'North Korea');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await page.keyboard.press('o');
    // Seven times in the text, in any case: the one labelled, five on their own, and one in "North Korea’s";
    // never in "North Korean".
    await expect.poll(() => status(page)).toMatch(/Proposed 6 occurrences of “North Korea” as claim in this document/u);
    const following = await page.locator('[data-testid=doc-text] [data-suggestion]').evaluateAll((elements) =>
      elements.map((element) => {
        const range = document.createRange();
        range.setStartAfter(element);
        range.setEnd(
          element.closest('.line') ?? element.parentNode!,
          (element.closest('.line') ?? element.parentNode!).childNodes.length,
        );
        return range.toString().slice(0, 2);
      }),
    );
    expect(following).toHaveLength(6);
    expect(following.filter((next) => next === '’s')).toHaveLength(1);
    for (const next of following) expect(next).not.toMatch(/^\p{L}/u);
    await context.close();
  });

  it('in a long document, draws every occurrence O proposes and Shift+A accepts: those on screen first, the rest after', async () => {
    const { context, page } = await openApp(browser);
    // 1,200 lines with "ministry" on each: far more occurrences than the view patches one by one.
    const lines = Array.from({ length: 1200 }, (_, index) => `Line ${index + 1}: the ministry said it would reply.`);
    const name = 'long.jsonl';
    await dropFiles(page, [{ name, content: JSON.stringify({ id: 'long', text: lines.join('\n') }) }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator(`.file-card[data-file-name="${name}"]`).textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await openDocument(page, 'long');
    await dragSelect(page, 'ministry');
    await page.keyboard.press('1');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await page.keyboard.press('o');
    await expect.poll(() => status(page)).toMatch(/Proposed 1,?199 occurrences/u);
    // On screen, and at the far end of the text once it is scrolled there.
    const lastLine = page.locator('[data-testid=doc-text] .line').last();
    await expect
      .poll(() => page.locator('[data-testid=doc-text] .line').first().locator('[data-label]').count())
      .toBe(1);
    await expect.poll(() => suggestionTexts(page).then((texts) => texts.length)).toBe(1199);
    await lastLine.scrollIntoViewIfNeeded();
    await expect.poll(() => lastLine.locator('[data-suggestion]').textContent()).toBe('ministry');

    await page.keyboard.press('Shift+A');
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/^Accepted/u);
    await expect.poll(() => suggestionTexts(page).then((texts) => texts.length), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => lastLine.locator('[data-label="claim"]').textContent()).toBe('ministry');
    await expect.poll(() => page.locator('[data-testid=doc-text] .hl[data-label="claim"]').count()).toBe(1200);
    await context.close();
  });

  it('projects the spans of the Fox article (000) onto its second scrape (001), on the same words', async () => {
    const { context, page } = await openApp(browser);
    await expect
      .poll(() => page.locator(`[data-testid=doc-item][data-doc-id="${FOX}"]`).getAttribute('data-near-duplicates'))
      .toBe(COPY);
    await openDocument(page, FOX);
    const phrases = ['John Kirby', 'Kim Jong Un', 'Vladimir Putin'];
    // Each label seen in the list before the next drag, as a person sees the highlight (labelWithKey).
    for (const phrase of phrases) await labelWithKey(page, phrase, '4');
    const sourceSpans = await listedSpans(page);

    await openDocument(page, COPY);
    await page.getByRole('button', { name: 'Propose spans from the near-duplicate copy' }).waitFor();
    await page.keyboard.press('c');
    await expect.poll(async () => (await suggestionTexts(page)).sort()).toEqual([...phrases].sort());
    expect(await status(page)).toContain('Proposed 3 spans from the copy');
    await page.keyboard.press('Shift+A');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(3);
    const [source, target] = await page.evaluate(
      async (ids) => Promise.all(ids.map(async (id) => (await fetch(`corpus/${id}.txt`)).text())),
      [FOX, COPY],
    );
    // Same words: the same text, and the same twelve characters before it, in both copies.
    const before = (text: string, start: number) =>
      codePoints(text)
        .slice(start - 12, start)
        .join('');
    for (const span of await listedSpans(page)) {
      const from = sourceSpans.find((candidate) => candidate.text === span.text)!;
      expect(codePoints(target).slice(span.start, span.end).join('')).toBe(span.text);
      expect(before(target, span.start)).toBe(before(source, from.start));
    }
    await context.close();
  });
});
