import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  statusText,
  suggestionTexts,
} from './browser';
import { download, dropFiles, nativeRecords } from './transfer';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const FOX = '000_c25c54a9dd113007';
const PATTERNS = [
  { label: 'visit', pattern: 'Kim Jong Un' },
  { label: 'claim', pattern: [{ LOWER: 'north' }, { LOWER: 'korea' }] },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

/** Records every text the patterns progress shows, from now on (the search may finish within a frame or two). */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { patternProgress: string[] }).patternProgress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=patterns-progress] p')?.textContent?.replace(/\s+/gu, ' ');
      if (text && seen[seen.length - 1] !== text) seen.push(text.trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { patternProgress: string[] }).patternProgress);
}

/** What holds the focus: 'body' when nothing does, else the element's text (a button's name). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active === null || active === document.body ? 'body' : (active.textContent ?? '').trim();
  });

/** The counts table: label → [new matches, documents]. */
const counts = (page: Page) =>
  page
    .locator('[data-testid=patterns-counts] tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.getAttribute('data-label') ?? '',
          [...row.querySelectorAll('td')].map((cell) => Number((cell.textContent ?? '').replaceAll(',', ''))),
        ]),
      ),
    );

describe('patterns', () => {
  it('loads a patterns file from the suggestions panel, matches it in a Worker, and accepted matches are exported with their source', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    const progress = await watchProgress(page);
    await page.getByRole('button', { name: 'Load patterns…' }).waitFor();
    await page
      .getByTestId('patterns-input')
      .setInputFiles({ name: 'people.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(PATTERNS) });
    await page.getByTestId('patterns-found').waitFor();
    expect(await page.getByTestId('patterns-progress').count()).toBe(0);
    expect(await progress()).toContain('Matching people.jsonl: 5 of 5 documents');
    const found = await counts(page);
    expect(Object.keys(found).sort()).toEqual(['claim', 'visit']);
    expect(found.visit[1]).toBe(5);
    // Every place in the corpus, "Kim Jong Un’s" and "North Korea’s" among them: "’s" is a token of its own.
    const corpus = join(import.meta.dirname, '../../public/corpus');
    const texts = readdirSync(corpus)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => readFileSync(join(corpus, name), 'utf8'));
    const places = (pattern: RegExp) => texts.reduce((sum, text) => sum + (text.match(pattern)?.length ?? 0), 0);
    expect(places(/Kim Jong Un’s/gu)).toBeGreaterThan(0);
    expect(found.visit[0]).toBe(places(/Kim Jong Un(?!\p{L})/gu));
    expect(found.claim[0]).toBe(places(/north korea(?!\p{L})/giu));
    // Nothing is drawn before the user adds the matches.
    expect(await suggestionTexts(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add as suggestions' }).click();
    await expect.poll(async () => (await suggestionTexts(page)).length).toBeGreaterThan(3);
    const suggested = await page.getByTestId('suggestion-count').textContent().then(Number);
    // The token pattern reads LOWER: it finds "North Korea" in any case; the phrase only verbatim.
    expect(new Set((await suggestionTexts(page)).map((text) => text.toLowerCase()))).toEqual(
      new Set(['kim jong un', 'north korea']),
    );
    expect(await listedSpans(page)).toHaveLength(0);

    // J focuses the first suggestion, Enter accepts it, Shift+A accepts the rest of the document.
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('suggestion-focus').textContent()).toContain('people.jsonl');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(1);
    await page.keyboard.press('Shift+A');
    await expect.poll(async () => (await listedSpans(page)).length).toBe(suggested);
    expect(await suggestionTexts(page)).toEqual([]);
    const spans = await listedSpans(page);
    expect(spans.filter((span) => span.label === 'visit').every((span) => span.text === 'Kim Jong Un')).toBe(true);

    // Only accepted spans leave: the other documents' suggestions are nobody's labels.
    const exported = await download(page, { format: 'native', annotator: 'all', scope: 'all' });
    const records = nativeRecords(exported.text);
    const all = records.flatMap((record) => record.spans.map((span) => ({ span, record })));
    expect(all).toHaveLength(suggested);
    for (const { span, record } of all) {
      expect(record.id).toBe(FOX);
      expect([...record.text].slice(span.start, span.end).join('')).toBe(span.text);
      expect(span.meta?.source).toBe('pattern:people.jsonl');
    }
    await context.close();
  });

  it('matches a spaCy token text that is several tokens here as those tokens, and says so before Add (helper-179)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    await page.getByRole('button', { name: 'Load patterns…' }).waitFor();
    const file = JSON.stringify({ label: 'sanction', pattern: [{ LOWER: 'u.s.' }] });
    await page
      .getByTestId('patterns-input')
      .setInputFiles({ name: 'spacy.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(file) });
    await page.getByTestId('patterns-found').waitFor();
    expect(await page.getByTestId('patterns-note').textContent()).toBe(
      'A token text is several tokens here, as Spanwright’s exports write them, so each matches as those tokens in a row: "u.s." (u . s .) on line 1.',
    );
    await page.getByRole('button', { name: 'Add as suggestions' }).click();
    await expect.poll(async () => new Set(await suggestionTexts(page))).toEqual(new Set(['U.S.']));
    await context.close();
  });

  it('undoes the suggestions of a patterns file with the label it brought, and redoes both', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    await page.getByTestId('patterns-input').setInputFiles({
      name: 'person.jsonl',
      mimeType: 'application/jsonl',
      buffer: Buffer.from('{"label": "person", "pattern": "Putin"}\n'),
    });
    await page.getByTestId('patterns-found').waitFor();
    await page.getByRole('button', { name: 'Add as suggestions' }).click();
    const person = page.getByRole('button', { name: 'person', exact: true });
    await expect.poll(() => person.count()).toBe(1);
    await expect.poll(async () => (await suggestionTexts(page)).length).toBeGreaterThan(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => person.count()).toBe(0);
    expect(await suggestionTexts(page)).toEqual([]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => person.count()).toBe(1);
    await expect.poll(async () => (await suggestionTexts(page)).length).toBeGreaterThan(0);
    await context.close();
  });

  it('a patterns file dropped on the page is not imported as data: the dialog hands it to the suggestions panel', async () => {
    const { context, page } = await openApp(browser);
    await dropFiles(page, [{ name: 'rules.jsonl', content: PATTERNS }]);
    const dialog = page.getByRole('dialog');
    const card = dialog.getByTestId('import-patterns');
    await card.waitFor();
    expect(await card.textContent()).toContain('rules.jsonl holds match patterns (spaCy / Prodigy), not documents');
    expect(await dialog.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Match these patterns in the corpus' }).click();
    await page.getByTestId('patterns-found').waitFor();
    // The dialog closed with the card: the focus is not dropped on the page, but on the panel's Add.
    await expect.poll(() => focused(page)).toBe('Add as suggestions');
    expect(Object.keys(await counts(page)).sort()).toEqual(['claim', 'visit']);
    // A broken patterns file is refused with its name and line; nothing is added.
    await page
      .getByTestId('patterns-input')
      .setInputFiles({ name: 'broken.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"label": "x"}\n') });
    const refused = page.getByTestId('patterns-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('broken.jsonl, line 1: "pattern" must be a phrase');
    expect(await page.locator('[data-testid=doc-text] [data-suggestion]').count()).toBe(0);
    await context.close();
  });

  /** Picks a patterns file in the suggestions panel. */
  const load = (page: Page, name: string, text: string) =>
    page
      .getByTestId('patterns-input')
      .setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(text) });

  it('counts in its preview what Add will add: spans and suggestions the annotator has are left out', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    // A span the file matches: left out of what the preview counts, as Add leaves it out.
    await labelWithKey(page, 'Kim Jong Un', '4');
    await load(page, 'people.jsonl', PATTERNS);
    const found = page.getByTestId('patterns-found');
    await found.waitFor();
    const said =
      /matches (\d+) times: (\d+) new suggestions \(1 is a span or suggestion you already have, left out\):/u.exec(
        (await found.textContent()) ?? '',
      );
    expect(said).not.toBeNull();
    const [matches, fresh] = [Number(said![1]), Number(said![2])];
    expect(fresh).toBe(matches - 1);
    const table = await counts(page);
    expect(table.visit[0] + table.claim[0]).toBe(fresh);
    await page.getByRole('button', { name: 'Add as suggestions' }).click();
    await expect
      .poll(() => statusText(page))
      .toContain(`Added ${fresh} suggestions from people.jsonl in 5 documents (1 already labelled or suggested).`);

    // The same file again: every match is a span or a suggestion already; nothing to add, and Close.
    await page.getByRole('button', { name: 'Load patterns…' }).waitFor();
    await load(page, 'people.jsonl', PATTERNS);
    await expect
      .poll(() => found.textContent())
      .toContain(`matches ${matches} times, all spans or suggestions you already have: nothing to add.`);
    expect(await page.getByRole('button', { name: 'Add as suggestions' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => focused(page)).toBe('Load patterns…');
    await context.close();
  });

  it('keeps the focus in the panel after Add and Discard, on Load patterns…, not on the page', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, FOX);
    await load(page, 'people.jsonl', PATTERNS);
    await page.getByRole('button', { name: 'Add as suggestions' }).click();
    await expect.poll(() => statusText(page)).toMatch(/Added \d+ suggestions from people\.jsonl/u);
    await expect.poll(() => focused(page)).toBe('Load patterns…');
    await load(page, 'person.jsonl', '{"label": "person", "pattern": "Putin"}\n');
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => focused(page)).toBe('Load patterns…');
    await context.close();
  });
});
