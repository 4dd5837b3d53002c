import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { corpusAgreement } from '../../src/lib/model/agreement';
import { corpusReliability } from '../../src/lib/model/reliability';
import {
  become,
  chooseAnnotator,
  dragSelect,
  holdTable,
  importFile,
  labelWithKey,
  openDocument,
  launchBrowser,
  listedSpans,
  openApp,
  statusText,
} from './browser';
import { download, dropFiles, pressForDownload } from './transfer';
import { truncate } from '../../src/lib/state/truncate';

const DOC = '004_5d84a4a5889c536e';
const corpusText = (id: string) => readFileSync(join(import.meta.dirname, '../../public/corpus', `${id}.txt`), 'utf8');
const text = corpusText(DOC);

/** Whether the highlight (`selector`) holding `word` is wholly inside the text's scrolling pane. */
const highlightInPane = (page: Page, word: string, selector = '[data-label]') =>
  page.locator('[data-testid=doc-text]').evaluate(
    (root, [word, selector]) => {
      const mark = [...root.querySelectorAll(selector)].find((node) => node.textContent?.includes(word));
      let scroller = root.parentElement;
      while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
      if (!mark || !scroller) return false;
      const box = mark.getBoundingClientRect();
      const pane = scroller.getBoundingClientRect();
      return box.top >= pane.top && box.bottom <= pane.bottom;
    },
    [word, selector] as const,
  );

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('review of two layers', () => {
  it('lists a document one annotator worked on alone and marked done, and makes gold of their spans', async () => {
    const { context, page } = await openApp(browser);
    const item = page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`);
    await item.click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Pyongyang', '4');
    await page.keyboard.press('d');
    await expect.poll(() => item.getAttribute('data-status')).toBe('done');
    // bea worked on another document only.
    await become(page, 'bea');
    const other = '001_1588cc6f968110a1';
    await page.locator(`[data-testid=doc-item][data-doc-id="${other}"]`).click();
    await labelWithKey(page, 'Sergei Shoigu', '1');
    // A key's advice on the document left (no label has the key 8) is not left standing on the Review page.
    await page.keyboard.press(']');
    await page.keyboard.press('8');
    await expect.poll(() => statusText(page)).toContain('No label has the key');

    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    // At once, not once the status line's own timer (4 s or more) clears it.
    expect(await statusText(page)).not.toContain('No label has the key');
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const entry = page.locator(`[data-review-doc-id="${DOC}"]`);
    await expect.poll(() => entry.getByTestId('review-alone').textContent()).toBe('only ann worked on it');
    // bea's document, which ann never worked on (nor marked done), is not listed.
    expect(await page.locator(`[data-review-doc-id="${other}"]`).count()).toBe(0);
    await entry.click();
    await expect
      .poll(() => page.getByTestId('alone-here').textContent())
      .toMatch(/Only ann worked on this document, and marked it done; bea has not/u);
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect
      .poll(() => rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind'))))
      .toEqual(['onlyA', 'onlyA']);
    await rows.first().click();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    await expect.poll(() => entry.locator('.to-decide').textContent()).toBe('1 to decide');
    // The same key again on the same difference changes nothing, and says so.
    await rows.first().click();
    await page.keyboard.press('a');
    await expect.poll(() => statusText(page)).toContain('Decided so already');
    expect(await page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    expect(await entry.locator('.to-decide').textContent()).toBe('1 to decide');
    // It left no step of its own: Ctrl+Z takes back the decision itself.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('0');
    await expect.poll(() => entry.locator('.to-decide').textContent()).toBe('2 to decide');
    // M finds nothing to accept here (one annotator's spans are no agreement): said for this document only.
    await page.keyboard.press('m');
    await expect.poll(() => statusText(page)).toContain('Nothing to accept into gold here');
    await page.getByRole('link', { name: 'Documents' }).click();
    // The document list, not a text: the review's text is a doc-text too, there before the click lands.
    await page.getByTestId('doc-list').waitFor();
    expect(await statusText(page)).not.toContain('Nothing to accept');
    await context.close();
  });

  it('opens a document’s text at its first difference to decide, below the fold, and keeps the list’s order through a reload', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'more than 14,000 people', '1');
    await become(page, 'bea');
    await labelWithKey(page, 'John Kirby', '1');
    await become(page, 'cai');
    await labelWithKey(page, 'John Kirby', '2');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('more than 14,000 people');
    // The text shows it without a J or a scroll: its highlight is inside the text's pane.
    await expect.poll(() => highlightInPane(page, '14,000', '.hl, .hl-ref')).toBe(true);
    expect(await highlightInPane(page, 'John Kirby', '.hl, .hl-ref')).toBe(false);
    // cai into the compared set: the focus goes back to the first difference to decide, cai's John Kirby above,
    // and the text goes with it (it stayed at 14,000: helper-177).
    await page.getByRole('checkbox', { name: 'cai' }).check();
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('John Kirby');
    await expect.poll(() => highlightInPane(page, 'John Kirby', '.hl, .hl-ref')).toBe(true);
    await page.getByRole('checkbox', { name: 'cai' }).uncheck();
    // The list's order is kept through a reload, as the pair is (trial: it went back to the corpus's).
    await page.getByLabel('Order').selectOption('disagreement');
    await page.reload();
    await expect.poll(() => page.getByLabel('Order').inputValue()).toBe('disagreement');
    await context.close();
  });

  it('opens a short document’s difference in a phone’s window without moving the page', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize({ width: 390, height: 800 });
    const text = 'Alice met Bob in Paris on Monday.';
    const layer = (annotator: string, label: string) =>
      JSON.stringify({ id: 'short1', text, annotator, spans: [{ start: 17, end: 22, label }] });
    await dropFiles(page, [{ name: 'short.jsonl', content: `${layer('ann', 'visit')}\n${layer('bea', 'claim')}\n` }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card').first().textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await page.locator('[data-review-doc-id="short1"]').click();
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('Paris');
    await page.evaluate(() => scrollTo(0, 0));
    await page.reload();
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('Paris');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => [scrollY, document.querySelector('main')?.scrollTop ?? 0])).toEqual([0, 0]);
    await context.close();
  });

  it('keeps the difference in sight in a text of one long paragraph, and a span chosen from the list too', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    // A record's text with no line break: one paragraph, many screens long. Its middle is far from both
    // differences (the text used to scroll to the paragraph's middle, showing neither).
    const sentence = 'The talks in Vladivostok went on for hours, and the delegations said little afterwards. ';
    const long = sentence.repeat(90) + 'Seoul answered at last. ' + sentence.repeat(30);
    const at = (needle: string, from = 0) => long.indexOf(needle, from);
    const late = at('Seoul');
    const early = at('Vladivostok');
    const layer = (annotator: string, label: string) =>
      JSON.stringify({
        id: 'para1',
        text: long,
        annotator,
        spans: [
          { start: early, end: early + 'Vladivostok'.length, label: 'visit' },
          { start: late, end: late + 'Seoul'.length, label },
        ],
      });
    await dropFiles(page, [{ name: 'para.jsonl', content: `${layer('ann', 'claim')}\n${layer('bea', 'denial')}\n` }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card').first().textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    const inPane = (word: string) => highlightInPane(page, word);
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await page.locator('[data-review-doc-id="para1"]').click();
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('Seoul');
    await expect.poll(() => inPane('Seoul')).toBe(true);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain('Vladivostok');
    await expect.poll(() => inPane('Vladivostok')).toBe(true);
    await page.keyboard.press('j');
    await expect.poll(() => inPane('Seoul')).toBe(true);
    // A decided row says so in words under its tag, not by its ground alone; the row to decide does not.
    const marks = page.getByTestId('decided-mark');
    expect(await marks.count()).toBe(0);
    await page.keyboard.press('a');
    // The Seoul row, and their agreement on Vladivostok, which goes into gold with the first decision.
    await expect.poll(() => marks.count()).toBe(2);
    const seoul = page.locator('tr.difference', { hasText: 'Seoul' });
    expect(await seoul.getByTestId('decided-mark').textContent()).toBe('✓ decided');
    // The Documents page: a span chosen in the list is brought into the text's pane.
    await page.getByRole('link', { name: 'Documents' }).click();
    await become(page, 'ann');
    await page.locator('[data-testid=doc-item][data-doc-id="para1"]').click();
    await page.locator('[data-testid=span-item]', { hasText: 'Seoul' }).click();
    await expect.poll(() => inPane('Seoul')).toBe(true);
    await page.locator('[data-testid=span-item]', { hasText: 'Vladivostok' }).click();
    await expect.poll(() => inPane('Vladivostok')).toBe(true);
    // ] selects the next span and puts the caret at its start: the text follows it there too.
    await page.keyboard.press(']');
    await expect.poll(() => inPane('Seoul')).toBe(true);
    await context.close();
  });

  it('makes gold of the one annotator of a project: what they marked done is listed, their spans to decide', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Pyongyang', '4');
    await page.keyboard.press('d');
    await page.getByRole('link', { name: 'Review' }).click();
    await expect.poll(() => page.getByTestId('review-solo').textContent()).toMatch(/^\s*Only ann has a layer/u);
    // No B to choose: the menu says so, and is off.
    expect(await page.getByLabel('Annotator B').isDisabled()).toBe(true);
    expect(await page.getByLabel('Annotator B').inputValue()).toBe('');
    const entry = page.locator(`[data-review-doc-id="${DOC}"]`);
    await expect.poll(() => entry.getByTestId('review-alone').textContent()).toBe('only ann worked on it');
    await entry.click();
    await expect
      .poll(() => page.getByTestId('alone-here').textContent())
      .toMatch(/Only ann worked on this document, and marked it done: each of ann’s spans/u);
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.first().click();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    await expect.poll(() => entry.locator('.to-decide').textContent()).toBe('1 to decide');
    await page.keyboard.press('x');
    await expect.poll(() => entry.locator('.to-decide').textContent()).toBe('all decided');
    expect(await page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    await context.close();
  });

  it('hides a figure’s explanation on Escape, pointed at or focused, until the pointer or the focus leaves (WCAG 1.4.13)', async () => {
    const { context, page } = await openApp(browser);
    await annAndBeaOnReview(page);
    const about = page.getByRole('button', { name: 'About Token κ' });
    const explanation = page.locator('#figure-help-kappa');
    await about.hover();
    await expect.poll(() => explanation.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => explanation.isVisible()).toBe(false);
    await page.mouse.move(5, 5);
    await about.hover();
    await expect.poll(() => explanation.isVisible()).toBe(true);
    await page.mouse.move(5, 5);
    await about.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab'); // a keyboard's focus shows the explanation
    await expect.poll(() => explanation.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => explanation.isVisible()).toBe(false);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('About Token κ');
    await context.close();
  });

  it('shows corpus agreement for the chosen pair and adjudicates differences into a gold layer', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Kim Jong Un', '1');
    await labelWithKey(page, 'Pyongyang', '4');
    const annSpans = await listedSpans(page);
    await become(page, 'bea');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Kim Jong Un', '2');
    await labelWithKey(page, 'Vladimir Putin', '1');
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
    await expect
      .poll(() => page.locator('.gold-view [data-layers~=gold][data-label~=claim]').count())
      .toBeGreaterThan(0);
    const labelRow = rows.filter({ has: page.locator('.kind', { hasText: 'label differs' }) });
    await labelRow.click();
    await page.keyboard.press('b');
    await expect.poll(() => labelRow.locator('button[aria-pressed=true]').textContent()).toBe('B');
    // Keep the span only A has, with the mouse.
    await rows
      .filter({ has: page.locator('.kind', { hasText: 'only A' }) })
      .getByRole('button', { name: "A: keep A's version", exact: true })
      .click();
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('3');
    // ? shows the Review page's own keys first, then the other pages'.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const first = help.locator('section').first();
    await expect.poll(() => first.getAttribute('data-page')).toBe('review');
    expect(await first.textContent()).toContain('keep neither');
    expect(await first.textContent()).not.toContain('mark the document done');
    expect(await help.locator('section[data-page=documents]').textContent()).toContain('mark the document done');
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
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('3');

    // The gold layer is an annotator like any other: it exports, and from the Review page it is the one offered.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect.poll(() => dialog.getByLabel('Annotator', { exact: true }).inputValue()).toBe('gold');
    // Its current document is the one the Review page shows, named.
    const reviewed = (await page.locator('.review-main .doc-heading').textContent()) ?? '';
    expect(await dialog.locator('#export-scope option[value=current]').textContent()).toBe(
      `Current document: “${truncate(reviewed)}”`,
    );
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

/** A span over the `occurrence`-th `needle` of `text`, in code points. */
function spanAt(text: string, needle: string, label: string, occurrence = 0) {
  let at = -1;
  for (let seen = 0; seen <= occurrence; seen++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} is not in the text`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, label, text: needle };
}

const DOC0 = '000_c25c54a9dd113007';
const text0 = corpusText(DOC0);
type Mark = [needle: string, label: string];
const LAYERS: Record<string, Record<string, Mark[]>> = {
  ann: {
    [DOC]: [
      ['John Kirby', 'claim'],
      ['Kim Jong Un', 'claim'],
      ['Vladimir Putin', 'visit'],
      ['Sergei Shoigu', 'claim'],
    ],
    [DOC0]: [
      ['North Korea', 'claim'],
      ['Russia', 'visit'],
    ],
  },
  bea: {
    [DOC]: [
      ['John Kirby', 'claim'],
      ['Kim Jong Un', 'denial'],
      ['Pyongyang', 'visit'],
      ['Shoigu', 'claim'],
    ],
    [DOC0]: [
      ['North Korea', 'claim'],
      ['Russia', 'denial'],
    ],
  },
  cai: {
    [DOC]: [
      ['John Kirby', 'claim'],
      ['Kim Jong Un', 'denial'],
      ['Pyongyang', 'visit'],
      ['White House', 'claim'],
    ],
    [DOC0]: [['North Korea', 'claim']],
  },
};
const texts: Record<string, string> = { [DOC]: text, [DOC0]: text0 };
const spansOf = (annotator: string, id: string) =>
  LAYERS[annotator][id].map(([needle, label]) => spanAt(texts[id], needle, label));
const nativeFile = (annotator: string) =>
  Object.keys(LAYERS[annotator])
    .map((id) => JSON.stringify({ id, text: texts[id], spans: spansOf(annotator, id), annotator }))
    .join('\n') + '\n';

/**
 * ann and bea label DOC, and the Review compares them. In reading order: Pyongyang (labels differ), John Kirby
 * (agreed), Vladimir Putin (only ann), Kim Jong Un (labels differ).
 */
async function annAndBeaOnReview(page: Page): Promise<void> {
  await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
  await become(page, 'ann');
  for (const [needle, key] of [
    ['Pyongyang', '4'],
    ['John Kirby', '1'],
    ['Vladimir Putin', '1'],
    ['Kim Jong Un', '1'],
  ])
    await labelWithKey(page, needle, key);
  await become(page, 'bea');
  for (const [needle, key] of [
    ['Pyongyang', '1'],
    ['John Kirby', '1'],
    ['Kim Jong Un', '2'],
  ])
    await labelWithKey(page, needle, key);
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByLabel('Annotator A').selectOption('ann');
  await page.getByLabel('Annotator B').selectOption('bea');
}

/**
 * ann's John Kirby a claim, bea's labelled with `beaKey` and her Pyongyang a visit, on the Review as the reviewer rev
 * (ann as A, bea as B).
 */
async function kirbyOnReview(page: Page, beaKey: string): Promise<void> {
  await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
  await become(page, 'ann');
  await labelWithKey(page, 'John Kirby', '1');
  await become(page, 'bea');
  await labelWithKey(page, 'John Kirby', beaKey);
  await labelWithKey(page, 'Pyongyang', '4');
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByLabel('Annotator A').selectOption('ann');
  await page.getByLabel('Annotator B').selectOption('bea');
  await chooseAnnotator(page, 'rev');
}

/** ann's and bea's DOC on the Review, as the reviewer rev: every difference decided as A's, and gold marked done (green). */
async function goldDoneAsA(page: Page) {
  await annAndBeaOnReview(page);
  await chooseAnnotator(page, 'rev');
  const rows = page.locator('[data-testid=differences] tr.difference');
  await expect.poll(() => rows.count()).toBe(4);
  await rows.filter({ hasText: 'Pyongyang' }).click();
  for (const next of ['Vladimir Putin', 'Kim Jong Un', '']) {
    await page.keyboard.press('a');
    if (next) await expect.poll(() => page.locator('tr.difference.focused').textContent()).toContain(next);
  }
  await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('4');
  await page.keyboard.press('d');
  const item = page.locator(`[data-review-doc-id="${DOC}"]`);
  await expect.poll(() => item.locator('.status-done').textContent()).toBe('gold done');
  return { rows, item };
}

describe('review under an annotator’s name', () => {
  it('holds the decisions of a compared annotator once another name decided here, until “Decide as …”, after a reload too (helper-193)', async () => {
    const { context, page } = await openApp(browser);
    await annAndBeaOnReview(page);
    await chooseAnnotator(page, 'rev');
    const rows = page.locator('[data-testid=differences] tr.difference');
    const goldCount = () => page.getByTestId('gold-count').getAttribute('data-count');
    await expect.poll(() => rows.count()).toBe(4);
    await rows.filter({ hasText: 'Pyongyang' }).click();
    await page.keyboard.press('a');
    await expect.poll(goldCount).toBe('2');
    // The reviewer types ann to mend a span of hers (or a new tab starts as ann, the name chosen last), then decides.
    await chooseAnnotator(page, 'ann');
    await page.reload();
    await page.getByRole('link', { name: 'Review' }).click();
    const note = page.getByTestId('reviewer-in-set');
    await expect
      .poll(() => note.textContent())
      .toContain('You are ann, whose layer is compared here, and rev decided last');
    await expect.poll(() => rows.count()).toBe(4);
    await rows.filter({ hasText: 'Vladimir Putin' }).click();
    await page.keyboard.press('a');
    await expect.poll(() => statusText(page)).toContain('Not decided: you are “ann”, whose layer is compared here');
    expect(await goldCount()).toBe('2');
    // Chosen, the key decides, as ann, and the note says so.
    await note.getByRole('button', { name: 'Decide as ann' }).click();
    await expect.poll(() => note.textContent()).toContain('You decide as ann, whose layer is compared here');
    await rows.filter({ hasText: 'Vladimir Putin' }).click();
    await page.keyboard.press('a');
    await expect.poll(goldCount).toBe('3');
    await context.close();
  });
});

describe('review decisions made just before a reload', () => {
  it('are written at the next start, and the status line says so (helper-213: they were lost)', async () => {
    const { context, page } = await openApp(browser);
    await kirbyOnReview(page, '2');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.filter({ hasText: 'John Kirby' }).click();
    // Another write (an import, a team's changes) holds the spans table: the decision waits behind it.
    await holdTable(page, 'spans');
    await page.keyboard.press('a');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('gold-count').getAttribute('data-count')).toBe('0');
    await page.reload();
    await expect
      .poll(() => statusText(page))
      .toContain('A review decision you made just before the page closed was saved: keep A’s for “John Kirby”.');
    await page.getByRole('link', { name: 'Review' }).click();
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .to-decide`).textContent()).toBe('1 to decide');
    await context.close();
  });
});

describe('figures against a gold that keeps both versions', () => {
  it('scores each annotator who said one of the two labels gold kept on a stretch alike (helper-209)', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await become(page, 'ann');
    await labelWithKey(page, 'John Kirby', '1');
    await become(page, 'bea');
    await labelWithKey(page, 'John Kirby', '2');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await chooseAnnotator(page, 'rev');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    // 2: gold keeps ann's claim and bea's denial; D: gold done.
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('2');
    await page.keyboard.press('d');
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .status-done`).count()).toBe(1);
    await page.getByText('All figures').click();
    const kappa = page.getByTestId('against-gold').locator('tbody tr td:nth-child(3)');
    // Before, claim and denial on one stretch counted as gold's denial alone (the later name): ann scored 0.499.
    await expect.poll(() => kappa.allTextContents()).toEqual(['1.000', '1.000']);
    await context.close();
  });
});

describe('review of three annotators', () => {
  it('opens on the two who worked on the same documents, whose names sort after one who did not, and offers A’s feedback (helper-185)', async () => {
    const { context, page } = await openApp(browser);
    // A Label Studio user id, "7", labelled a document neither ann nor bea opened; ann and bea share two.
    const seven = JSON.stringify({
      id: 'other',
      text: 'Seoul said nothing.',
      spans: [spanAt('Seoul said nothing.', 'Seoul', 'claim')],
      annotator: '7',
    });
    for (const [name, text] of [
      ['seven.jsonl', `${seven}\n`],
      ['ann.jsonl', nativeFile('ann')],
      ['bea.jsonl', nativeFile('bea')],
    ])
      await importFile(page, { name, mimeType: 'application/jsonl', text });
    await page.getByRole('link', { name: 'Review' }).click();
    await expect.poll(() => page.getByLabel('Annotator B').inputValue()).toBe('bea');
    expect(await page.getByLabel('Annotator A').inputValue()).toBe('ann');
    expect(await page.getByLabel('Feedback for').inputValue()).toBe('ann');
    // Another A: the feedback follows, until one is chosen there.
    await page.getByLabel('Annotator A').selectOption('7');
    await expect.poll(() => page.getByLabel('Feedback for').inputValue()).toBe('7');
    await page.getByLabel('Feedback for').selectOption('bea');
    await page.getByLabel('Annotator A').selectOption('ann');
    await expect.poll(() => page.getByLabel('Annotator A').inputValue()).toBe('ann');
    expect(await page.getByLabel('Feedback for').inputValue()).toBe('bea');
    await context.close();
  });

  it('moves on by keyboard to the next difference to decide, never to an agreement just put in gold, and refuses a missing version', async () => {
    const { context, page } = await openApp(browser);
    await annAndBeaOnReview(page);
    const rows = page.locator('[data-testid=differences] tr.difference');
    const row = (needle: string) => rows.filter({ hasText: needle });
    const focused = () => page.locator('tr.difference.focused').textContent();
    const inRow = (needle: string) => () =>
      page.evaluate((text) => document.activeElement?.closest('tr.difference')?.textContent?.includes(text), needle);
    await expect.poll(() => rows.count()).toBe(4);
    // The reviewer types their own name here; once it opens, the keys act on the differences, not in the field.
    await chooseAnnotator(page, 'rev');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('tr.difference.focused') != null))
      .toBe(true);
    await row('Pyongyang').click();
    // A keeps ann's label; the agreement on John Kirby goes into gold with it, so the focus skips it.
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('2');
    await expect.poll(focused).toContain('Vladimir Putin');
    // The status line says what the key did, as it says what an undo did.
    await expect.poll(() => statusText(page)).toContain('Kept A’s “Pyongyang” visit in gold');
    // B on a span only ann marked: refused, said, and nothing in gold changes.
    await page.keyboard.press('b');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain('Not decided on “Vladimir Putin”: B marked no span here; keep A’s (A) or neither (X).');
    expect(await page.getByTestId('gold-count').getAttribute('data-count')).toBe('2');
    expect(await focused()).toContain('Vladimir Putin');
    await page.keyboard.press('x');
    await expect.poll(focused).toContain('Kim Jong Un');
    expect(await row('John Kirby').getByRole('button', { name: 'Neither' }).getAttribute('aria-pressed')).toBe('false');
    // Undo says what it took back, in the status line.
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusText(page)).toContain('Undone: keep neither for “Vladimir Putin”');
    // …and focuses the row it took back, to decide it again.
    await expect.poll(focused).toContain('Vladimir Putin');
    // A click on a row's ✕ decides it; the keyboard focus moves on with the marked row, so Enter decides that one.
    await row('Vladimir Putin').getByRole('button', { name: 'Neither' }).click();
    await expect.poll(focused).toContain('Kim Jong Un');
    await expect.poll(inRow('Kim Jong Un')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toContain('Neither: “Kim Jong Un” left out of gold');
    expect(await row('Vladimir Putin').getByRole('button', { name: 'Neither' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    for (const undone of ['Kim Jong Un', 'Vladimir Putin']) {
      await page.keyboard.press('Control+z');
      await expect.poll(() => statusText(page)).toContain(`Undone: keep neither for “${undone}”`);
    }
    await expect.poll(focused).toContain('Vladimir Putin');
    // D with differences left asks, its safe answer holding the focus: Esc keeps reviewing, back on the row.
    const activeText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const inFocusedRow = () => page.evaluate(() => document.activeElement?.closest('tr.difference.focused') != null);
    const splitTop = () => page.locator('.review-split').evaluate((split) => split.getBoundingClientRect().top);
    const before = await splitTop();
    await page.keyboard.press('d');
    await expect.poll(() => page.getByTestId('gold-done-confirm').textContent()).toContain('2 differences are');
    await expect.poll(activeText).toBe('Keep reviewing');
    // The question takes the note's row: the differences and the text below stay where they were.
    expect(await splitTop()).toBe(before);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('gold-done-confirm').count()).toBe(0);
    await expect.poll(inFocusedRow).toBe(true);
    // D twice marks it done anyway, and says what was left undecided.
    await page.keyboard.press('d');
    await expect.poll(activeText).toBe('Keep reviewing');
    await page.keyboard.press('d');
    await expect.poll(() => statusText(page)).toContain('marked done, 2 differences left out undecided');
    // Its row says gold is done but open (not the green "gold done"), and why on hover.
    const open = page.getByTestId('review-done-open');
    await expect.poll(() => open.textContent()).toBe('gold done, open');
    expect(await open.getAttribute('title')).toContain('2 differences are still to decide');
    // The question's buttons went with it: the focus is back on the differences, not on the page (helper-160).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=differences]') != null))
      .toBe(true);
    await context.close();
  });

  it('adds to gold a span no annotator marked, by G and by its button, never over a difference to decide (helper-177)', async () => {
    const { context, page } = await openApp(browser);
    await annAndBeaOnReview(page);
    await chooseAnnotator(page, 'rev');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBe(4);
    const gold = page.getByTestId('gold-list');
    const count = () => page.getByTestId('gold-count').getAttribute('data-count');
    // No one marked the White House: the reviewer picks its label beside Add to gold, selects it in the text, presses G.
    await page.getByLabel('Label of a span added to gold').selectOption('sanction');
    await dragSelect(page, 'White House');
    await page.keyboard.press('g');
    await expect.poll(count).toBe('1');
    const added = gold.locator('li', { hasText: 'White House' });
    expect(await added.locator('.version b').textContent()).toBe('sanction');
    expect(await added.locator('.provenance').textContent()).toMatch(/^added by the reviewer, by rev, /u);
    await expect.poll(() => statusText(page)).toContain('Added “White House” sanction to gold');
    // Where a difference is still to decide, it is refused (E decides it): with the mouse on Add, and with G.
    await dragSelect(page, 'Pyongyang');
    await page.getByRole('button', { name: 'Add to gold' }).click();
    await expect.poll(() => statusText(page)).toContain('overlaps a difference still to decide');
    expect(await count()).toBe('1');
    expect(await rows.getByTestId('decided-mark').count()).toBe(0);
    // The button adds what is selected, as G does; Ctrl+Z takes it back.
    await page.getByLabel('Label of a span added to gold').selectOption('claim');
    await dragSelect(page, 'more than 14,000 people');
    await page.getByRole('button', { name: 'Add to gold' }).click();
    await expect.poll(count).toBe('2');
    await page.keyboard.press('Control+z');
    await expect.poll(count).toBe('1');
    // What was added is gold like any decision: it survives a reload.
    await page.reload();
    await expect.poll(() => gold.locator('li', { hasText: 'White House' }).count()).toBe(1);
    // Over a decided row it is added, and deciding that row again leaves it (it went with the decision: helper-178).
    const pyongyang = rows.filter({ hasText: 'Pyongyang' });
    await pyongyang.click();
    await page.keyboard.press('a');
    await expect.poll(() => pyongyang.getByTestId('decided-mark').count()).toBe(1);
    await dragSelect(page, 'visited Pyongyang');
    await page.keyboard.press('g');
    const visited = gold.locator('li', { hasText: 'visited Pyongyang' });
    await expect.poll(() => visited.count()).toBe(1);
    expect(await visited.locator('.provenance').textContent()).toMatch(/^added by the reviewer, by rev, /u);
    await pyongyang.click();
    await page.keyboard.press('b');
    await expect.poll(() => statusText(page)).toContain('Kept B’s “Pyongyang”');
    expect(await visited.count()).toBe(1);
    await context.close();
  });

  it('keeps a document listed, its gold in reach, once A took her only span there out (helper-206)', async () => {
    const { context, page } = await openApp(browser);
    await kirbyOnReview(page, '2');
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.filter({ hasText: 'John Kirby' }).click();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    // ann takes her only span on it out, on the Documents page: she has no work there now.
    await page.getByRole('link', { name: 'Documents' }).click();
    await chooseAnnotator(page, 'ann');
    await page.locator('[data-testid=span-item]', { hasText: 'John Kirby' }).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(0);
    // Back on the Review, the document is still listed (it left the list before), and gold's span is in reach.
    await page.getByRole('link', { name: 'Review' }).click();
    await chooseAnnotator(page, 'rev');
    const item = page.locator(`[data-review-doc-id="${DOC}"]`);
    await expect.poll(() => item.getByTestId('review-gold-gone').textContent()).toBe('1 in gold gone from its layer');
    expect(await item.getByTestId('review-alone').textContent()).toBe('only bea has work in it');
    await item.click();
    await expect
      .poll(() => page.getByTestId('alone-here').textContent())
      .toBe(
        'Only bea has work in this document; ann has none now (no span, no status), but the review decided on ' +
          'ann’s work here: each of bea’s spans is a difference of its own, for gold.',
      );
    await expect.poll(() => page.getByTestId('gold-gone').count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(2);
    // Kept in gold: the document stays listed (Keep empties who the span came from: helper-212).
    await page.getByRole('button', { name: 'Keep claim “John Kirby” in gold' }).click();
    await expect.poll(() => page.getByTestId('gold-gone').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId('review-alone').textContent()).toBe('only bea has work in it');
    await context.close();
  });

  it('marks an agreement in gold once one of the two took it out, and keeps it as the other’s version (helper-209)', async () => {
    const { context, page } = await openApp(browser);
    await kirbyOnReview(page, '1');
    // One decision: the agreement on John Kirby goes into gold along.
    const rows = page.locator('[data-testid=differences] tr.difference');
    await rows.filter({ hasText: 'Pyongyang' }).click();
    await page.keyboard.press('x');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    // bea takes her John Kirby out: gold's agreement no longer holds.
    await page.getByRole('link', { name: 'Documents' }).click();
    await chooseAnnotator(page, 'bea');
    await page.locator('[data-testid=span-item]', { hasText: 'John Kirby' }).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid=span-item]', { hasText: 'John Kirby' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Review' }).click();
    await chooseAnnotator(page, 'rev');
    const gone = page.getByTestId('gold-gone');
    await expect.poll(() => gone.textContent()).toContain('No longer in bea’s layer');
    await page.getByRole('button', { name: 'Keep claim “John Kirby” in gold' }).click();
    await expect.poll(() => statusText(page)).toContain('Kept “John Kirby” claim in gold, which only ann holds now');
    await expect.poll(() => gone.count()).toBe(0);
    expect(await page.getByTestId('gold-list').locator('.provenance').first().textContent()).toMatch(
      /^A's version \(ann\), by rev, /u,
    );
    await context.close();
  });

  it('marks gold an annotator has since taken out of their layer, and keeps it on demand (helper-149)', async () => {
    const { context, page } = await openApp(browser);
    const { item } = await goldDoneAsA(page);
    // ann takes her Vladimir Putin out, on the Documents page.
    await page.getByRole('link', { name: 'Documents' }).click();
    await openDocument(page, DOC);
    await chooseAnnotator(page, 'ann');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(4);
    await page.locator('[data-testid=span-item]', { hasText: 'Vladimir Putin' }).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid=span-item]', { hasText: 'Vladimir Putin' }).count()).toBe(0);
    await expect.poll(() => statusText(page)).toContain('(Ctrl+Z brings it back)');
    // Back on the Review: no difference row is left for it, but the list and gold say so.
    await page.getByRole('link', { name: 'Review' }).click();
    // The Documents page's note went with its page: Ctrl+Z here takes back a decision, not that deletion.
    await page.getByLabel('Annotator A').waitFor();
    expect(await statusText(page)).not.toContain('Ctrl+Z brings it back');
    await chooseAnnotator(page, 'rev');
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    await expect.poll(() => item.getByTestId('review-gold-gone').textContent()).toBe('1 in gold gone from its layer');
    expect(await item.getByTestId('review-done-open').getAttribute('title')).toContain(
      '1 gold span is no longer in the layer it came from',
    );
    const gone = page.getByTestId('gold-gone');
    await expect.poll(() => gone.count()).toBe(1);
    expect(await gone.locator('xpath=..').textContent()).toContain('Vladimir Putin');
    // Exporting gold now says this done document is open again, before the file is written (helper-209).
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect.poll(() => dialog.getByLabel('Annotator', { exact: true }).inputValue()).toBe('gold');
    await expect
      .poll(async () => (await dialog.getByTestId('export-open-gold').textContent())?.replace(/\s+/gu, ' ').trim())
      .toMatch(/^1 document marked gold done is open again on the Review page .*: “.+”\. Decide them there first/u);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await gone.textContent()).toContain('No longer in ann’s layer');
    await page.getByRole('button', { name: 'Keep claim “Vladimir Putin” in gold' }).click();
    await expect
      .poll(() => statusText(page))
      .toContain('Kept “Vladimir Putin” claim in gold, which no annotator holds now');
    // The Keep button went with the mark: the focus is on the same item's Remove, not lost.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Remove claim “Vladimir Putin” from gold');
    await expect.poll(() => gone.count()).toBe(0);
    await expect.poll(() => item.locator('.status-done').textContent()).toBe('gold done');
    expect(await item.getByTestId('review-gold-gone').count()).toBe(0);
    await context.close();
  });

  it('opens a decided difference again when a version comes after its decision, and lists who alone marked a span (helper-160)', async () => {
    const { context, page } = await openApp(browser);
    const { rows, item } = await goldDoneAsA(page);
    // bea labels Vladimir Putin after the decision kept ann's: the reviewer has not seen it.
    await page.getByRole('link', { name: 'Documents' }).click();
    await openDocument(page, DOC);
    await chooseAnnotator(page, 'bea');
    // bea's three spans shown first: counted while the reviewer's empty layer still showed, the new one was a fourth.
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(3);
    await labelWithKey(page, 'Vladimir Putin', '2');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    await chooseAnnotator(page, 'rev');
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    const putin = rows.filter({ hasText: 'Vladimir Putin' });
    await expect.poll(() => putin.getByTestId('news').count()).toBe(1);
    expect(await putin.getByTestId('decided-mark').count()).toBe(0);
    await expect.poll(() => item.getByTestId('review-done-open').count()).toBe(1);
    // Decided again, the same way: settled, and the document's gold is done again.
    await putin.click();
    await page.keyboard.press('a');
    await expect.poll(() => putin.getByTestId('decided-mark').count()).toBe(1);
    expect(await putin.getByTestId('news').count()).toBe(0);
    await expect.poll(() => item.locator('.status-done').textContent()).toBe('gold done');
    // A third annotator's span alone: named in its row, before the version.
    await page.getByRole('link', { name: 'Documents' }).click();
    await become(page, 'cai');
    await labelWithKey(page, 'White House', '1');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    await page.getByRole('checkbox', { name: 'cai' }).check();
    const house = rows.filter({ hasText: 'White House' });
    await expect.poll(() => house.getByTestId('version-owners').textContent()).toBe('cai:');
    // The list's share of disagreeing tokens is the set's, said so, and who they are on hover.
    const differ = item.getByTestId('review-differ');
    await expect.poll(() => differ.textContent()).toMatch(/% of words differ among 3$/u);
    expect(await differ.getAttribute('title')).toBe(
      'Share of word tokens ann, bea and cai disagree on (the compared set on this document)',
    );
    // B from bea to cai: bea stays compared, the set of three as ticked (it dropped out unsaid: helper-171).
    await expect.poll(() => page.locator('dl.figures').textContent()).toContain('α (3)');
    await page.getByLabel('Annotator B').selectOption('cai');
    await expect.poll(() => page.getByRole('checkbox', { name: 'bea' }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('dl.figures').textContent()).toContain('α (3)');
    await context.close();
  });

  it('counts versions passed over with one pair as decided with another pair (helper-160)', async () => {
    const { context, page } = await openApp(browser);
    // Gold keeps ann's version of every difference with bea, and is done.
    const { rows, item } = await goldDoneAsA(page);
    await page.getByRole('link', { name: 'Documents' }).click();
    await become(page, 'cai');
    await labelWithKey(page, 'White House', '1');
    // cai calls John Kirby a denial, where ann and bea agreed on a claim that went into gold with their decisions.
    await labelWithKey(page, 'John Kirby', '2');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    await chooseAnnotator(page, 'rev');
    // bea with cai: bea's Pyongyang and Kim Jong Un were passed over for ann's; cai's White House and John Kirby are new.
    await page.getByLabel('Annotator A').selectOption('bea');
    await page.getByLabel('Annotator B').selectOption('cai');
    await expect.poll(() => rows.count()).toBe(4);
    for (const needle of ['Pyongyang', 'Kim Jong Un']) {
      const row = rows.filter({ hasText: needle });
      await expect.poll(() => row.getByTestId('passed').textContent()).toBe('passed over');
      expect(await row.getByTestId('decided-mark').count()).toBe(1);
      expect(await row.getByRole('button', { name: 'Neither' }).getAttribute('aria-pressed')).toBe('false');
    }
    // Gold holds bea's claim on John Kirby only as ann's and bea's agreement: cai's denial was never weighed against
    // it, so the row is open with this pair as with ann and bea (it read decided here: helper-177).
    const kirby = rows.filter({ hasText: 'John Kirby' });
    await expect.poll(() => kirby.getByTestId('unweighed').textContent()).toBe('not weighed');
    expect(await kirby.getByTestId('unweighed').getAttribute('title')).toContain('cai’s version was never weighed');
    // The version gold holds is outlined, not filled as a decision is (helper-201: it read as decided).
    const held = kirby.locator('.decide button[aria-pressed=true]');
    expect(await held.evaluate((button) => getComputedStyle(button).borderStyle)).toBe('dashed');
    const open = rows.filter({ hasNot: page.getByTestId('decided-mark') });
    expect((await open.allTextContents()).sort()).toEqual([
      expect.stringContaining('John Kirby'),
      expect.stringContaining('White House'),
    ]);
    await expect.poll(() => item.getByTestId('review-done-open').count()).toBe(1);
    await page.getByLabel('Annotator A').selectOption('ann');
    await expect.poll(() => kirby.getByTestId('unweighed').count()).toBe(1);
    expect(await kirby.getByTestId('decided-mark').count()).toBe(0);
    // Keeping ann's claim over cai's denial, and cai's White House, settles the document again.
    await kirby.click();
    await page.keyboard.press('a');
    await expect.poll(() => kirby.getByTestId('decided-mark').count()).toBe(1);
    const house = rows.filter({ hasText: 'White House' });
    await house.click();
    await page.keyboard.press('b');
    await expect.poll(() => item.locator('.status-done').textContent()).toBe('gold done');
    await context.close();
  });

  it('opens, and never slips into gold, a version passed over for other boundaries that a third annotator marked too (helper-201)', async () => {
    const { context, page } = await openApp(browser);
    await openDocument(page, DOC);
    await become(page, 'ann');
    await labelWithKey(page, 'Vladimir Putin', '1');
    await labelWithKey(page, 'John Kirby', '1');
    await become(page, 'bea');
    await labelWithKey(page, 'Putin', '1');
    await labelWithKey(page, 'John Kirby', '1');
    await labelWithKey(page, 'Pyongyang', '4');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await chooseAnnotator(page, 'rev');
    const rows = page.locator('[data-testid=differences] tr.difference');
    const gold = page.getByTestId('gold-count');
    // ann's "Vladimir Putin" kept over bea's "Putin"; their agreement on John Kirby goes in along with it.
    await expect.poll(() => rows.count()).toBe(3);
    await rows.filter({ hasText: 'Vladimir Putin' }).click();
    await page.keyboard.press('a');
    await expect.poll(() => gold.getAttribute('data-count')).toBe('2');
    // cai marks bea's "Putin".
    await page.getByRole('link', { name: 'Documents' }).click();
    await become(page, 'cai');
    await labelWithKey(page, 'Putin', '1');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').waitFor();
    await chooseAnnotator(page, 'rev');
    await page.getByLabel('Annotator A').selectOption('bea');
    await page.getByLabel('Annotator B').selectOption('cai');
    // bea and cai agree on the "Putin" gold passed over: open for the reviewer, not decided and not gone in.
    const agreement = rows.filter({ hasText: 'Putin' }).filter({ hasNotText: 'Vladimir' });
    await expect.poll(() => agreement.count()).toBe(1);
    expect(await agreement.getByTestId('decided-mark').count()).toBe(0);
    await expect.poll(() => agreement.getByTestId('held-back').textContent()).toBe('passed over before');
    // B on its row (which offers A and X) decides nothing, and says so (helper-204: it kept the agreement).
    await agreement.click();
    await page.keyboard.press('b');
    await expect.poll(() => statusText(page)).toContain('A and B marked the same span here');
    expect(await gold.getAttribute('data-count')).toBe('2');
    // Deciding another row (bea's Pyongyang, left out) puts no second Putin into gold beside ann's.
    await rows.filter({ hasText: 'Pyongyang' }).click();
    await page.keyboard.press('x');
    await expect.poll(() => rows.filter({ hasText: 'Pyongyang' }).getByTestId('decided-mark').count()).toBe(1);
    expect(await gold.getAttribute('data-count')).toBe('2');
    expect(await agreement.getByTestId('decided-mark').count()).toBe(0);
    // M (accept the agreements) leaves it too, and says why (helper-203: it said "another label").
    await page.keyboard.press('m');
    await expect.poll(() => statusText(page)).toContain('a version passed over before for other boundaries gold keeps');
    expect(await gold.getAttribute('data-count')).toBe('2');
    // Kept on its own row, it goes in: the reviewer's choice.
    await agreement.click();
    await page.keyboard.press('a');
    await expect.poll(() => gold.getAttribute('data-count')).toBe('3');
    await context.close();
  });

  it('decides one row per key when the keys come back to back, each on the row the one before moved to', async () => {
    const { context, page } = await openApp(browser);
    await annAndBeaOnReview(page);
    const rows = page.locator('[data-testid=differences] tr.difference');
    const pressed = (needle: string, button: string) =>
      rows
        .filter({ hasText: needle })
        .getByRole('button', { name: new RegExp(`^${button}\\b`, 'u') })
        .getAttribute('aria-pressed');
    await expect.poll(() => rows.count()).toBe(4);
    await chooseAnnotator(page, 'rev');
    await rows.filter({ hasText: 'Pyongyang' }).click();
    // A, X and B as fast as keys come: A on Pyongyang (John Kirby's agreement with it), X on Putin, B on Kim Jong Un.
    await page.keyboard.type('axb');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('3');
    await expect.poll(() => pressed('Kim Jong Un', 'B')).toBe('true');
    expect(await pressed('Pyongyang', 'A')).toBe('true');
    expect(await pressed('Pyongyang', 'Neither')).toBe('false');
    expect(await pressed('Vladimir Putin', 'Neither')).toBe('true');
    expect(await pressed('Kim Jong Un', 'A')).toBe('false');
    // Tab from the note lands on the marked row's buttons (Kim Jong Un's), not the first row's A.
    await page.getByLabel('Note for the next decision').focus();
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('tr.difference.focused')?.textContent ?? ''))
      .toContain('Kim Jong Un');
    // N on the list's only document says so, rather than leave the last decision's words standing.
    await page.keyboard.press('n');
    await expect.poll(() => statusText(page)).toContain('This is the last document of the list.');
    // A key typed into a focused menu picks a name there (the browser's way): the status line says what it did.
    await page.getByLabel('Annotator B').focus();
    await page.keyboard.press('a');
    await expect.poll(() => statusText(page)).toContain('Comparing bea (A) with ann (B): A and B swapped.');
    // A name chosen with the pointer gives the keys back to the differences.
    await page.getByLabel('Annotator A').click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await expect.poll(() => statusText(page)).toContain('Comparing ann (A) with bea (B): A and B swapped.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('tr.difference.focused') != null))
      .toBe(true);
    await context.close();
  });

  it('gives the keys back to the differences once a pair chosen with the mouse is read, a layer not compared before too', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    for (const [annotator, key] of [
      ['ann', '1'],
      ['bea', '2'],
      ['cy', '4'],
    ]) {
      await become(page, annotator);
      await labelWithKey(page, 'Kim Jong Un', key);
    }
    await page.getByRole('link', { name: 'Review' }).click();
    await chooseAnnotator(page, 'rev');
    const inMarkedRow = () => page.evaluate(() => document.activeElement?.closest('tr.difference.focused') != null);
    const choose = async (menu: string, name: string) => {
      await page.getByLabel(menu).click();
      await page.getByLabel(menu).selectOption(name);
      await expect.poll(() => statusText(page)).toContain(`${name} (${menu.slice(-1)})`);
      await expect.poll(inMarkedRow).toBe(true);
    };
    await choose('Annotator A', 'ann');
    await choose('Annotator B', 'bea');
    // cy not compared: its layer is read only once chosen, and the focus waits for it.
    const cy = page.getByTestId('review-set').getByLabel('cy');
    if (await cy.isChecked()) await cy.uncheck();
    await expect.poll(() => cy.isChecked()).toBe(false);
    await choose('Annotator B', 'cy');
    expect(await statusText(page)).toContain('Comparing ann (A) with cy (B).');
    // So the next key decides: A keeps ann's claim.
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe('1');
    await context.close();
  });

  it('shows every figure, adjudicates by keyboard alone into gold with provenance, undoes, and exports gold', async () => {
    const { context, page } = await openApp(browser);
    await dropFiles(
      page,
      ['ann', 'bea', 'cai'].map((name) => ({ name: `${name}.jsonl`, content: nativeFile(name) })),
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(3);
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    await page.getByTestId('review-set').getByLabel('cai').check();
    // The status line says the set, as it says a pair chosen (helper-193: it kept the pair's line).
    await expect.poll(() => statusText(page)).toContain('Comparing ann (A) with bea (B) and cai.');

    // The figures are the model's, over the same spans: the pair's, and the set's.
    const documents = [DOC0, DOC];
    const pair = corpusAgreement(
      documents.map((id) => ({ id, text: texts[id], a: spansOf('ann', id), b: spansOf('bea', id) })),
    );
    const set = corpusReliability(
      documents.map((id) => ({
        id,
        text: texts[id],
        present: ['ann', 'bea', 'cai'],
        layers: new Map(['ann', 'bea', 'cai'].map((name) => [name, spansOf(name, id)])),
      })),
      ['ann', 'bea', 'cai'],
    ).reliability;
    const shown = (id: string) => page.getByTestId(id).textContent();
    await expect.poll(() => shown('agreement-alpha')).toBe(set.alpha!.toFixed(3));
    expect(await shown('agreement-kappa')).toBe(pair.kappa!.toFixed(3));
    expect(await shown('agreement-f1')).toBe(pair.f1!.toFixed(3));
    expect(await shown('agreement-f1-overlap')).toBe(set.pairs[0].overlap.f1!.toFixed(3));
    expect(set.pairs[0].overlap.f1).toBeGreaterThan(pair.f1!); // Shoigu overlaps but is not exact
    // Every pair, per label and the confusion matrix, and the pairs as CSV.
    await page.getByText('All figures').click();
    await expect.poll(() => page.locator('[data-testid=pairwise] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid=confusion] tbody tr').count()).toBeGreaterThan(2);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'Every pair' }).getByRole('button', { name: 'CSV' }).click(),
    ]);
    const rows = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split(/\r?\n/u);
    expect(rows).toHaveLength(4);
    await page.getByText('All figures').click();
    await page.screenshot({ path: '/tmp/spanwright-review.png' });

    // Documents ordered by disagreement; open the article the three disagree on most.
    await page.getByLabel('Order').selectOption('disagreement');
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    const rowsOf = page.locator('[data-testid=differences] tr.difference');
    const row = (needle: string) => rowsOf.filter({ hasText: needle });
    await expect.poll(() => rowsOf.count()).toBe(6);
    // N and P say which document they open, as on the Documents page (helper-197: the review's were silent).
    const reviewList = await page
      .locator('[data-review-doc-id]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-review-doc-id')));
    const here = reviewList.indexOf(DOC);
    await rowsOf.first().click();
    const [key, back] = here === 0 ? ['n', 'p'] : ['p', 'n'];
    await page.keyboard.press(key);
    await expect
      .poll(() => statusText(page))
      .toMatch(new RegExp(`Opened ${here === 0 ? 2 : here} of ${reviewList.length}: \\S`, 'u'));
    await page.keyboard.press(back);
    await expect
      .poll(() => statusText(page))
      .toMatch(new RegExp(`Opened ${here + 1} of ${reviewList.length}: \\S`, 'u'));
    await expect.poll(() => rowsOf.count()).toBe(6);
    // The text pane's header is opaque, in the pane's colour: text scrolled up goes under it, not through it.
    const colours = await page.evaluate(() => {
      const header = document.querySelector('.gold-view h2');
      return [
        header && getComputedStyle(header).backgroundColor,
        getComputedStyle(document.documentElement).backgroundColor,
      ];
    });
    expect(colours[0]).toBe(colours[1]);
    expect(await row('Sergei Shoigu').getAttribute('data-kind')).toBe('boundary');
    // The White House only cai (compared, neither A nor B) marked is a difference too, saying who marked it.
    expect(await row('White House').getAttribute('data-kind')).toBe('others');
    expect(await row('White House').locator('.kind').textContent()).toBe('only cai');
    const goldList = page.getByTestId('gold-list');
    const gold = async () =>
      (
        await goldList
          .locator('li[data-origin]')
          .evaluateAll((items) =>
            items.map(
              (item) => `${item.getAttribute('data-origin')} ${item.querySelector('.version')?.textContent?.trim()}`,
            ),
          )
      )
        .map((line) => line.replace(/\s+/gu, ' ').replace(/ \d+–\d+$/u, ''))
        .sort();

    // M: the agreement and the majority's versions (Kim Jong Un as denial, Pyongyang) go into gold; not cai's alone.
    await row('Pyongyang').click();
    await page.keyboard.press('m');
    await expect
      .poll(gold)
      .toEqual(['agreed claim John Kirby', 'majority denial Kim Jong Un', 'majority visit Pyongyang']);
    // The focus leaves Pyongyang, which M decided, for a row still to decide: a next key does not redecide it.
    await expect.poll(() => page.locator('tr.difference.focused').getByTestId('decided-mark').count()).toBe(0);
    expect(await page.locator('tr.difference.focused').textContent()).not.toContain('Pyongyang');
    // Undo and redo, as in labelling.
    await page.keyboard.press('Control+z');
    await expect.poll(gold).toEqual([]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(gold).toHaveLength(3);
    // Any gold span can be taken out with its Remove button, and put back with Ctrl+Z.
    await goldList.getByRole('button', { name: 'Remove visit “Pyongyang” from gold' }).click();
    await expect.poll(gold).toEqual(['agreed claim John Kirby', 'majority denial Kim Jong Un']);
    await expect.poll(() => statusText(page)).toContain('Removed “Pyongyang” visit from gold');
    // The focus goes on to the item that took its place, not to the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('gold-remove');
    await page.keyboard.press('Control+z');
    await expect.poll(gold).toHaveLength(3);
    // A gold span's label can be changed from the list (the reviewer's edit), and changed back with Ctrl+Z.
    const pyongyang = goldList.getByRole('combobox', { name: 'Label of “Pyongyang” in gold' });
    // By keys: ↑ opens the menu (a closed menu's ↑ would relabel at once, one step per press); ↑ ↑ ↑ Enter picks claim.
    await pyongyang.focus();
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'Enter']) await page.keyboard.press(key);
    await expect
      .poll(gold)
      .toEqual(['agreed claim John Kirby', 'edited claim Pyongyang', 'majority denial Kim Jong Un']);
    await expect.poll(() => statusText(page)).toContain('Relabelled in gold: “Pyongyang” visit → claim');
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('gold-label');
    // Ctrl+Z works on the menu too, and takes the relabel back in one step.
    await page.keyboard.press('Control+z');
    await expect
      .poll(gold)
      .toEqual(['agreed claim John Kirby', 'majority denial Kim Jong Un', 'majority visit Pyongyang']);
    await expect.poll(() => statusText(page)).toContain('Undone: relabel');
    // Home (or a letter's type-ahead) opens the menu too, rather than relabel visit at once; Esc closes it.
    for (const key of ['Home', 'd']) {
      await pyongyang.focus();
      await page.keyboard.press(key);
      await page.keyboard.press('Escape');
    }
    expect(await gold()).toEqual([
      'agreed claim John Kirby',
      'majority denial Kim Jong Un',
      'majority visit Pyongyang',
    ]);
    // Esc gives the review's keys back: the focus is on the reviewed row again.
    await page.locator('.gold-label').first().focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr.difference') !== null)).toBe(true);

    // Stepping with J moves the focus row by row and never scrolls the page or its figures away.
    const figuresTop = async () => (await page.locator('.figures').boundingBox())!.y;
    const top = await figuresTop();
    await row('John Kirby').click();
    for (let step = 0; step < 4; step++) await page.keyboard.press('j');
    await expect.poll(() => page.locator('tr.difference.focused').getAttribute('data-position')).toBe('5');
    // Each step is said (in the status line, a live region), as the row's look alone tells a screen reader nothing.
    const total = await page.locator('tr.difference').count();
    await expect
      .poll(() => statusText(page))
      .toMatch(new RegExp(`Difference 6 of ${total}( \\(decided\\))?, [^:]+: .+\\.`, 'u'));
    expect(await figuresTop()).toBe(top);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // A (keep A's label), X (neither), 2 (both); each moves the focus on.
    await row('Kim Jong Un').click();
    await page.keyboard.press('a');
    await expect
      .poll(() =>
        row('Kim Jong Un')
          .getByRole('button', { name: "A: keep A's version", exact: true })
          .getAttribute('aria-pressed'),
      )
      .toBe('true');
    await page.getByLabel('Note for the next decision').fill('Putin is the host here, not a visitor');
    await row('Vladimir Putin').click();
    await page.keyboard.press('x');
    await expect
      .poll(() => row('Vladimir Putin').getByRole('button', { name: 'Neither' }).getAttribute('aria-pressed'))
      .toBe('true');
    await row('Sergei Shoigu').click();
    await page.keyboard.press('2');
    await expect.poll(gold).toContain('both claim Sergei Shoigu');
    expect(await gold()).toContain('both claim Shoigu');
    // E over text that shares nothing with the focused difference is refused, and gold stays as it was.
    await row('Sergei Shoigu').click();
    const before = await gold();
    await dragSelect(page, 'White House');
    await page.keyboard.press('e');
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join())
      .toMatch(/^Not edited: the selection shares no text with the focused difference \(“Sergei Shoigu”\)/u);
    expect(await statusText(page)).toMatch(/^Not edited: the selection shares no text/u);
    expect(await gold()).toEqual(before);
    // E: gold takes the boundary the reviewer selects in the text, snapped to words as in labelling (the "’s"
    // after the name is a word of its own, left out).
    await row('Sergei Shoigu').click();
    // The note for the next decision goes onto the span E puts in gold (not onto the decision after it).
    await page.getByLabel('Note for the next decision').fill('Title and name together');
    await dragSelect(page, 'Minister Sergei Shoigu');
    await page.keyboard.press('e');
    await expect.poll(gold).toContain('edited claim Minister Sergei Shoigu');
    expect((await gold()).filter((line) => line.includes('Shoigu'))).toHaveLength(1);
    const edited = page.getByTestId('gold-list').locator('li', { hasText: 'Minister Sergei Shoigu' });
    expect(await edited.locator('.note').textContent()).toBe('“Title and name together”');
    expect(await page.getByLabel('Note for the next decision').inputValue()).toBe('');
    // The same without the mouse (trial): T puts the caret at the focused difference, the caret keys select, E.
    await page.keyboard.press('Control+z');
    await expect.poll(gold).not.toContain('edited claim Minister Sergei Shoigu');
    await row('Sergei Shoigu').click();
    await page.keyboard.press('t');
    await page.keyboard.press('Control+ArrowLeft');
    for (let word = 0; word < 3; word++) await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('e');
    await expect.poll(gold).toContain('edited claim Minister Sergei Shoigu');
    expect((await gold()).filter((line) => line.includes('Shoigu'))).toHaveLength(1);
    // The White House (cai alone) is still to decide: the list and "Gold done" both count it.
    const toDecide = page.locator(`[data-review-doc-id="${DOC}"] .to-decide`);
    await expect.poll(() => toDecide.textContent()).toBe('1 to decide');
    await page.getByRole('button', { name: 'Gold done ✓' }).click();
    await expect
      .poll(() => page.getByTestId('gold-done-confirm').textContent())
      .toContain('1 difference is still to decide');
    await page.getByRole('button', { name: 'Keep reviewing' }).click();
    await row('White House').getByRole('button', { name: 'Neither' }).click();
    await expect.poll(() => toDecide.textContent()).toBe('all decided');
    // D (as on the Documents page): gold done, and the next document whose gold is not done opens.
    const goldOfDoc = await page.getByTestId('gold-count').getAttribute('data-count');
    await page.keyboard.press('d');
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .status-done`).count()).toBe(1);
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC0}"]`).getAttribute('aria-current')).toBe('true');
    await expect
      .poll(() => statusText(page))
      .toMatch(/Gold of “Russia and North Korea.+” marked done; next: “Fox News Flash.+”/);
    // On this page the top bar counts the list's documents whose gold is done, not the reviewer's own "done".
    const listed = await page.locator('[data-review-doc-id]').count();
    const topBar = async () => (await page.getByTestId('progress').textContent())?.trim();
    await expect.poll(topBar).toBe(`1 of ${listed} gold done`);
    // Ctrl+Z takes back the "done" alone (gold stays as decided), and opens its document again; Ctrl+Shift+Z redoes it.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .status-done`).count()).toBe(0);
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"]`).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => statusText(page)).toMatch(/Undone: mark gold of “Russia and North Korea.+” done/u);
    await expect.poll(topBar).toBe(`0 of ${listed} gold done`);
    await expect.poll(() => page.getByTestId('gold-count').getAttribute('data-count')).toBe(goldOfDoc);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator(`[data-review-doc-id="${DOC}"] .status-done`).count()).toBe(1);
    await expect.poll(topBar).toBe(`1 of ${listed} gold done`);
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await expect.poll(topBar).toBe('0 of 5 done');
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    // With a document's gold done, All figures scores each compared annotator against it (on that document).
    await page.getByText('All figures').click();
    const againstGold = page.getByTestId('against-gold');
    await expect
      .poll(() =>
        againstGold.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-annotator'))),
      )
      .toEqual(['ann', 'bea', 'cai']);
    // The rows stand while the figures are read again on coming back (each cell "…" until then).
    await expect.poll(() => againstGold.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['1', '1', '1']);
    // And per label: each annotator's rows under their name, each summing to the same gold spans.
    const perLabel = page.getByTestId('against-gold-labels');
    const labelRows = await perLabel.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        annotator: row.getAttribute('data-annotator')!,
        cells: [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim()),
      })),
    );
    expect(labelRows.map((row) => row.cells[0]).filter(Boolean)).toEqual(['ann', 'bea', 'cai']);
    const goldOf = (name: string) =>
      labelRows.filter((row) => row.annotator === name).reduce((sum, row) => sum + Number(row.cells[2]), 0);
    expect(goldOf('ann')).toBeGreaterThan(0);
    expect([goldOf('bea'), goldOf('cai')]).toEqual([goldOf('ann'), goldOf('ann')]);
    const [labelCsv] = await Promise.all([
      page.waitForEvent('download'),
      perLabel.locator('xpath=preceding-sibling::h3[1]').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(labelCsv.suggestedFilename()).toMatch(/^agreement-labels-against-gold-\d{4}-\d\d-\d\d\.csv$/u);
    const csvLines = readFileSync(await labelCsv.path(), 'utf8')
      .trim()
      .split(/\r?\n/u);
    expect(csvLines).toHaveLength(labelRows.length + 1);
    expect(csvLines[1].startsWith('gold,ann,')).toBe(true);
    // The whole-layer table downloads too: a line per annotator.
    const [goldCsv] = await Promise.all([
      page.waitForEvent('download'),
      againstGold.locator('xpath=preceding-sibling::h3[1]').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(goldCsv.suggestedFilename()).toMatch(/^agreement-against-gold-\d{4}-\d\d-\d\d\.csv$/u);
    const goldLines = readFileSync(await goldCsv.path(), 'utf8')
      .trim()
      .split(/\r?\n/u);
    expect(goldLines.slice(1).map((line) => line.split(',').slice(0, 2).join())).toEqual([
      'gold,ann',
      'gold,bea',
      'gold,cai',
    ]);
    await page.screenshot({ path: '/tmp/spanwright-against-gold.png', fullPage: false });
    await page.getByText('All figures').click();

    // Ctrl+Z and Ctrl+Shift+Z on the other article act where the decision was taken: that article opens.
    const opened = (id: string) => page.locator(`[data-review-doc-id="${id}"]`).getAttribute('aria-current');
    await page.locator(`[data-review-doc-id="${DOC0}"]`).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => opened(DOC)).toBe('true');
    await expect.poll(() => statusText(page)).toContain('Undone:');
    await page.locator(`[data-review-doc-id="${DOC0}"]`).click();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => opened(DOC)).toBe('true');
    await expect.poll(() => statusText(page)).toContain('Redone:');

    // The other article: "Gold done" with differences left asks first, naming the count the list shows
    // (the agreement on North Korea goes into gold by itself: not the reviewer's to decide).
    await page.locator(`[data-review-doc-id="${DOC0}"]`).click();
    expect(await page.locator(`[data-review-doc-id="${DOC0}"] .to-decide`).textContent()).toBe('1 to decide');
    await page.getByRole('button', { name: 'Gold done ✓' }).click();
    await expect
      .poll(() => page.getByTestId('gold-done-confirm').textContent())
      .toContain('1 difference is still to decide');
    await page.getByRole('button', { name: 'Keep reviewing' }).click();
    expect(await page.locator(`[data-review-doc-id="${DOC0}"] .status-done`).count()).toBe(0);

    // A reload keeps every decision, its provenance and the compared set; and this tab's place: the
    // article open, and a note typed for the next decision.
    // (The article whose gold is done: a review opening afresh opens the first one not done.)
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    const noteField = page.getByLabel('Note for the next decision');
    await noteField.fill('Half a thought');
    await page.reload();
    await page.getByRole('link', { name: 'Review' }).click();
    await expect.poll(() => opened(DOC)).toBe('true');
    await expect.poll(() => noteField.inputValue()).toBe('Half a thought');
    await noteField.fill('');
    await page.locator(`[data-review-doc-id="${DOC}"]`).click();
    await expect
      .poll(gold)
      .toEqual([
        'a claim Kim Jong Un',
        'agreed claim John Kirby',
        'edited claim Minister Sergei Shoigu',
        'majority visit Pyongyang',
      ]);
    expect(await page.getByTestId('review-set').getByLabel('cai').isChecked()).toBe(true);

    // Each annotator's feedback: what became of every span of theirs, with the reviewer's note.
    await page.getByLabel('Feedback for').selectOption('ann');
    const feedback = await pressForDownload(
      page,
      page.getByRole('button', { name: 'Download feedback' }),
      page.getByTestId('feedback-export'),
    );
    expect(feedback.suggestedFilename()).toMatch(/^ann-feedback-\d{4}-\d{2}-\d{2}\.jsonl$/u);
    const [header, ...entries] = readFileSync(await feedback.path(), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(header).toMatchObject({ spanwright_feedback: 1, annotator: 'ann' });
    const verdict = (needle: string) => entries.find((entry) => entry.text === needle);
    expect(verdict('Vladimir Putin')).toMatchObject({
      verdict: 'removed',
      note: 'Putin is the host here, not a visitor',
    });
    expect(verdict('Kim Jong Un')).toMatchObject({ verdict: 'kept' });
    expect(verdict('Sergei Shoigu')).toMatchObject({ verdict: 'changed' });
    expect(JSON.stringify(verdict('Sergei Shoigu').to)).toContain('"Minister Sergei Shoigu"');

    // Every annotator's at once: one .zip holding each one's own file.
    await page.getByLabel('Feedback for').selectOption({ label: 'every annotator (one .zip)' });
    const every = await pressForDownload(
      page,
      page.getByRole('button', { name: 'Download feedback' }),
      page.getByTestId('feedback-export'),
    );
    expect(every.suggestedFilename()).toMatch(/^feedback-\d{4}-\d{2}-\d{2}\.zip$/u);
    const zipped = unzipSync(readFileSync(await every.path()));
    const day = feedback.suggestedFilename().slice('ann-feedback-'.length, -'.jsonl'.length);
    expect(Object.keys(zipped)).toEqual(['ann', 'bea', 'cai'].map((name) => `${name}-feedback-${day}.jsonl`));
    // The same lines as the file just downloaded, but for the header's time of writing.
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(strFromU8(zipped[`ann-feedback-${day}.jsonl`]))).toBe(
      body(readFileSync(await feedback.path(), 'utf8')),
    );
    expect(JSON.parse(strFromU8(zipped[`cai-feedback-${day}.jsonl`]).split('\n')[0])).toMatchObject({
      spanwright_feedback: 1,
      annotator: 'cai',
    });
    await expect
      .poll(() => page.getByTestId('feedback-export').getByRole('status').textContent())
      .toMatch(/^feedback-\d{4}-\d{2}-\d{2}\.zip: 3 files, ann's \d+ spans? in \d+ documents?, bea's/u);

    // Gold exports like any layer; Python slices every span to its own text.
    const exported = await download(page, { format: 'native', annotator: 'gold', scope: 'all' });
    const check = `import json,sys\nn=0\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    for s in r['spans']:\n        assert r['text'][s['start']:s['end']]==s['text'],s\n        n+=1\nprint(n)`;
    const script = join(tmpdir(), `gold-${Date.now()}.py`);
    writeFileSync(script, check);
    expect(execFileSync('python3', [script, exported.path], { encoding: 'utf8' }).trim()).toBe('4');

    // The Overview shows how far the review is.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect
      .poll(() => page.getByTestId('overview-review').textContent())
      .toMatch(/Gold done in 1 of \d+ documents? worked on.*· \d+ gold spans/su);
    await context.close();
  });
});
