import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotedPlace } from '../../src/lib/model/feedback';
import { become, labelWithKey, launchBrowser, listedSpans, openApp } from './browser';
import { download, dropFiles, pressForDownload } from './transfer';

const DOC = '004_5d84a4a5889c536e';
const text = readFileSync(join(import.meta.dirname, '../../public/corpus', `${DOC}.txt`), 'utf8');
const NOTE = 'the leader — check the <b>wire</b> copy';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** A span of the document over the first `needle`, in code points. */
function place(needle: string, labelName: string): QuotedPlace {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return { start, end: start + [...needle].length, label: labelName, text: needle };
}

interface NativeRecord {
  id: string;
  annotator: string;
  spans: (QuotedPlace & { meta?: { note?: string } })[];
}

/** The feedback file for ann, downloaded from the Review page as a reviewer does. */
async function feedbackFile(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByLabel('Feedback for').selectOption('ann');
  const button = page.getByRole('button', { name: 'Download feedback' });
  const saved = await pressForDownload(page, button, page.getByTestId('feedback-export'));
  expect(saved.suggestedFilename()).toMatch(/^ann-feedback-\d{4}-\d{2}-\d{2}\.jsonl$/u);
  const path = await saved.path();
  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  return readFileSync(path, 'utf8');
}

describe('span notes and feedback to annotators', () => {
  it('notes a span, exports the note, and steps through a reviewer’s feedback imported as the annotator', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Kim Jong Un', '1');
    await labelWithKey(page, 'Pyongyang', '4');

    // A note on Kim Jong Un, by key: select the span, ;, type, Enter.
    const kim = page.locator('[data-testid=span-item]', { hasText: 'Kim Jong Un' });
    await kim.click();
    await page.keyboard.press(';');
    const field = page.getByTestId('note-input');
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type(NOTE);
    await page.keyboard.press('Enter');
    await expect.poll(() => kim.getByTestId('span-note').textContent()).toBe(NOTE);
    expect(await kim.locator('b').count()).toBe(0);
    // Hovering the highlight shows the note (its title, as text).
    const highlight = page.locator('[data-testid=doc-text] .hl', { hasText: 'Kim Jong Un' }).first();
    await highlight.hover();
    await expect.poll(() => highlight.getAttribute('title')).toBe(`claim: “Kim Jong Un” — ${NOTE}`);
    // Ctrl+Z takes the note back, Ctrl+Shift+Z puts it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => kim.getByTestId('span-note').count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => kim.getByTestId('span-note').count()).toBe(1);

    // Native JSONL carries the note as the span's meta.
    const exported = await download(page, { format: 'native', annotator: 'ann' });
    const ann = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as NativeRecord)
      .find((record) => record.id === DOC)!;
    expect(ann.spans.find((span) => span.text === 'Kim Jong Un')).toEqual({
      ...place('Kim Jong Un', 'claim'),
      meta: { note: NOTE },
    });
    expect(ann.spans.filter((span) => span.meta !== undefined)).toHaveLength(1);

    // The review's gold, imported as a native file of annotator "gold": John Kirby kept, Kim Jong Un
    // a denial, nothing over Pyongyang.
    const gold = [place('John Kirby', 'claim'), place('Kim Jong Un', 'denial')];
    await dropFiles(page, [
      {
        name: 'gold.jsonl',
        content: JSON.stringify({ id: DOC, text, spans: gold, annotator: 'gold', status: 'done' }),
      },
    ]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card').textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();

    const feedback = await feedbackFile(page);
    const [header, ...lines] = feedback
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header).toMatchObject({ spanwright_feedback: 1, annotator: 'ann' });
    expect(lines.map((line) => [line.text, line.verdict])).toEqual(
      [
        ['Kim Jong Un', 'changed'],
        ['John Kirby', 'kept'],
        ['Pyongyang', 'removed'],
      ].sort((a, b) => text.indexOf(a[0]) - text.indexOf(b[0])),
    );

    // The annotator drops it: the card says what will happen before Import.
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await dropFiles(page, [{ name: 'ann-feedback.jsonl', content: feedback }]);
    const card = page.locator('.file-card[data-file-name="ann-feedback.jsonl"]');
    await expect
      .poll(() => card.getByTestId('import-summary').textContent())
      .toContain("on ann's spans: 3 spans in 1 document — 1 kept, 1 changed, 1 removed; 3 found in ann's layer.");
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain("Feedback set on 3 spans of ann's layer");
    await page.getByRole('button', { name: 'Close' }).click();

    // F steps through the marked spans (changed, removed) in reading order, Shift+F back.
    const spans = await listedSpans(page);
    const idOf = (needle: string) => spans.find((span) => span.text === needle)!.id;
    const marked = ['Kim Jong Un', 'Pyongyang'].sort((a, b) => text.indexOf(a) - text.indexOf(b));
    const selected = page.locator('[data-testid=span-item].selected');
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await expect.poll(() => selected.getAttribute('data-span-id')).toBe(idOf(marked[0]));
    await page.keyboard.press('f');
    await expect.poll(() => selected.getAttribute('data-span-id')).toBe(idOf(marked[1]));
    await page.keyboard.press('Shift+F');
    await expect.poll(() => selected.getAttribute('data-span-id')).toBe(idOf(marked[0]));

    // The span list says each verdict, what it changed to, and the notes.
    const feedbackOf = (needle: string) =>
      page.locator('[data-testid=span-item]', { hasText: needle }).getByTestId('span-feedback').textContent();
    const denial = place('Kim Jong Un', 'denial');
    expect(await feedbackOf('Kim Jong Un')).toMatch(
      new RegExp(`^changed to denial ${denial.start}–${denial.end} “Kim Jong Un” \\(`, 'u'),
    );
    expect(await feedbackOf('John Kirby')).toMatch(/^kept \(/u);
    // Gold came in done with nothing over Pyongyang and no decision on it: removed, and its note says no one decided it.
    expect(await feedbackOf('Pyongyang')).toMatch(
      /^removed: “Not decided: left out of gold when the document’s gold was marked done\.” \(/u,
    );
    expect(await kim.getByTestId('span-note').textContent()).toBe(NOTE);
    await kim.click();
    await expect.poll(() => page.getByTestId('feedback-detail').textContent()).toContain('changed to denial');
    await context.close();
  });
});
