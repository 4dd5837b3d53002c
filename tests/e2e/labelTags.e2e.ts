import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, launchBrowser, listedSpans, openApp } from './browser';

const DOC = '004_5d84a4a5889c536e';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

async function label(page: Page, target: string, occurrence: number, key: string) {
  const before = (await listedSpans(page)).length;
  await dragSelect(page, target, occurrence);
  await page.keyboard.press(key);
  await expect.poll(async () => (await listedSpans(page)).length).toBe(before + 1);
}

/** The tags drawn in the text, in reading order: each one's label. */
function tags(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=doc-text] .hl-tag')
    .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.tag ?? ''));
}

describe('labels on the text', () => {
  it('shows each of four overlapping spans with its label as a tag, remembers the toggle, and keeps the text as it is', async () => {
    const { context, page } = await openApp(browser);
    await page.locator(`[data-testid=doc-item][data-doc-id="${DOC}"]`).click();
    await expect.poll(() => page.locator('[data-testid=doc-text]').textContent()).toContain('The White House');
    const textBefore = await page.locator('[data-testid=doc-text]').textContent();

    // Four spans overlapping on "Korea": claim holds denial and visit; sanction runs on past claim.
    await label(page, 'new information that Russia and North Korea are “actively advancing”', 0, '1');
    await label(page, 'Russia and North Korea', 1, '2');
    await label(page, 'North Korea are “actively advancing” their negotiations', 0, '3');
    await label(page, 'Korea', 1, '4');
    expect(await tags(page)).toEqual([]);

    const toggle = page.getByLabel('label tags');
    await toggle.check();
    // One tag after each span's last character; where two end together, the shorter one's first.
    await expect.poll(() => tags(page)).toEqual(['visit', 'denial', 'claim', 'sanction']);
    // The tags are drawn, not written: the text (and so every offset) is unchanged.
    expect(await page.locator('[data-testid=doc-text]').textContent()).toBe(textBefore);
    // A tag's hover text names its label and quotes its whole span.
    expect(await page.locator('[data-testid=doc-text] .hl-tag[data-tag=sanction]').getAttribute('title')).toBe(
      'sanction: ‘North Korea are “actively advancing” their negotiations’',
    );
    // The highlight's hover text lists every span covering it, each with its whole text.
    const korea = page.locator('[data-testid=doc-text] .hl[data-label="claim denial sanction visit"]');
    expect((await korea.getAttribute('title'))?.split('\n')).toEqual([
      // A text with double quotation marks of its own in single ones (never ““…” or …””).
      'claim: ‘new information that Russia and North Korea are “actively advancing”’',
      'denial: “Russia and North Korea”',
      'sanction: ‘North Korea are “actively advancing” their negotiations’',
      'visit: “Korea”',
    ]);
    // Every tag is legible: none overlaps another or the text's edge.
    const boxes = await page
      .locator('[data-testid=doc-text] .hl-tag')
      .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as DOMRect));
    for (const [index, box] of boxes.entries()) {
      expect(box.width).toBeGreaterThan(12);
      for (const other of boxes.slice(index + 1))
        expect(
          box.right <= other.left || other.right <= box.left || box.bottom <= other.top || other.bottom <= box.top,
        ).toBe(true);
    }
    await page.screenshot({ path: '/tmp/spanwright-label-tags.png' });

    // The span list shows a long span's whole text, wrapped.
    const long = page.locator('[data-testid=span-item][data-label=claim] .span-text');
    expect(
      await long.evaluate(
        (node) => node.scrollWidth <= node.clientWidth + 1 && node.scrollHeight <= node.clientHeight + 1,
      ),
    ).toBe(true);
    expect(await long.textContent()).toBe('new information that Russia and North Korea are “actively advancing”');

    // The choice is remembered.
    await page.reload();
    await expect.poll(() => tags(page)).toEqual(['visit', 'denial', 'claim', 'sanction']);
    expect(await page.getByLabel('label tags').isChecked()).toBe(true);
    await page.getByLabel('label tags').uncheck();
    await expect.poll(() => tags(page)).toEqual([]);
    await context.close();
  });

  it('keeps a tag on the line of its span’s last word, at any window width (trial)', async () => {
    const { context, page } = await openApp(browser);
    await page.locator('[data-testid=doc-item][data-doc-id="000_c25c54a9dd113007"]').click();
    await label(page, 'The National Security Council (NSC) announced Wednesday', 0, '1');
    await page.getByLabel('label tags').check();
    await expect.poll(() => tags(page)).toEqual(['claim']);
    /** How far (px) the tag's middle is from the middle of the character before it: 0 on one line. */
    const apart = () =>
      page.locator('[data-testid=doc-text] .hl-tag').evaluate((tag) => {
        let node: Node | null = tag.previousSibling;
        while (node && !(node.textContent ?? '').trim()) node = node.previousSibling;
        const walker = document.createTreeWalker(node!, NodeFilter.SHOW_TEXT);
        let last: Text | null = node instanceof Text ? node : null;
        for (let text = walker.nextNode(); text; text = walker.nextNode()) last = text as Text;
        const range = document.createRange();
        range.setStart(last!, last!.length - 1);
        range.setEnd(last!, last!.length);
        const [character, box] = [range.getBoundingClientRect(), tag.getBoundingClientRect()];
        return Math.abs((character.top + character.bottom) / 2 - (box.top + box.bottom) / 2);
      });
    // Somewhere in these widths "Wednesday" ends a line; its tag stays with it, not at the next line's start.
    for (let width = 1180; width <= 1380; width += 8) {
      await page.setViewportSize({ width, height: 800 });
      expect(await apart(), `at ${width} px`).toBeLessThan(8);
    }
    await context.close();
  });
});
