import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { become, chooseAnnotator, labelWithKey, launchBrowser, openApp } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** A phone held upright, and 1280 × 720 and 1440 × 900 laptops zoomed to 200 %. */
const SMALL = [
  [320, 640],
  [640, 360],
  [720, 450],
] as const;

type Rgba = [number, number, number, number];

/** A computed colour (`rgb()`, `rgba()` or `color(srgb …)`) in 0–255 channels and alpha. */
function parse(colour: string): Rgba {
  const srgb = colour.match(/^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/u);
  if (srgb) return [...srgb.slice(1, 4).map((value) => Number(value) * 255), Number(srgb[4] ?? 1)] as Rgba;
  const rgb = colour.match(/^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/u);
  if (!rgb) throw new Error(`not a colour: ${colour}`);
  return [...rgb.slice(1, 4).map(Number), Number(rgb[4] ?? 1)] as Rgba;
}

/** `top` laid over the opaque `bottom`. */
const over = (top: Rgba, bottom: Rgba): Rgba =>
  [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1) as Rgba;

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(a: Rgba, b: Rgba): number {
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The element's own box lies inside the window, and a click at its centre lands on it. */
function inReach(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const inside = box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
    return inside && node.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  });
}

/** How far the page reaches past the window's right edge (0: no sideways scrolling). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Opens the app at 1280 × 720 with two annotators' layers of the first document: ann's two spans, bea's two. */
async function openWithTwoLayers(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const { page } = await openApp(browser, { context });
  await become(page, 'ann');
  await labelWithKey(page, 'Fox News Flash', '1');
  await labelWithKey(page, 'August 31', '4');
  await become(page, 'bea');
  await labelWithKey(page, 'Fox News Flash', '1');
  await labelWithKey(page, 'headlines', '2');
  await chooseAnnotator(page, 'ann');
  return page;
}

/** Goes to each page a user works on and calls `check` there, scrolled to the top. */
async function onEachPage(page: Page, check: (name: string) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.locator('[data-testid=span-item]').first().waitFor();
  await page.evaluate(() => scrollTo(0, 0));
  await check('Documents');
  await page.getByRole('link', { name: 'Review' }).click();
  await page.getByLabel('Annotator A').selectOption('ann');
  await page.getByLabel('Annotator B').selectOption('bea');
  await page.locator('[data-testid=differences] tr.difference').first().waitFor();
  await page.evaluate(() => scrollTo(0, 0));
  await check('Review');
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('chart-progress').locator('svg').waitFor();
  await page.evaluate(() => scrollTo(0, 0));
  await check('Overview');
}

describe('reflow in small windows (320 × 640, and 640 × 360 and 720 × 450: 200 % zoom)', () => {
  it('never scrolls a page sideways, and keeps Import…, Export… and ? in the window and clickable', async () => {
    const page = await openWithTwoLayers();
    for (const [width, height] of SMALL) {
      await page.setViewportSize({ width, height });
      await onEachPage(page, async (name) => {
        const where = `${name} at ${width} × ${height}`;
        expect(await sideways(page), where).toBeLessThanOrEqual(0);
        // The bar wraps onto lines of its own: the Annotator field keeps its visible label.
        const label = await page.locator('label[for=annotator-input]').evaluate((node) => node.getBoundingClientRect());
        expect(label.width, where).toBeGreaterThan(20);
        expect(label.right, where).toBeLessThanOrEqual(width);
        // The review's list (one document here) is no taller than its entries: the differences follow it.
        if (name === 'Review') {
          const gap = await page.locator('.review-body > .sidebar').evaluate((list) => {
            const entries = [...list.querySelectorAll('li')];
            return list.getBoundingClientRect().bottom - entries[entries.length - 1].getBoundingClientRect().bottom;
          });
          expect(gap, where).toBeLessThanOrEqual(16);
        }
        for (const button of ['Import…', 'Export…', 'Keyboard shortcuts'])
          expect(await inReach(page.getByRole('button', { name: button, exact: true })), `${where}: ${button}`).toBe(
            true,
          );
      });
    }
    await page.context().close();
  });

  it('keeps the footer\'s "? all keys" whole and in the window at 320 px, cutting the other hints first', async () => {
    const page = await openWithTwoLayers();
    await page.setViewportSize({ width: 320, height: 640 });
    // And with a long notice beside them, which leaves no room for any other hint (at 390 px too).
    const withNotice = async (name: string) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press(';');
      await expect.poll(() => page.locator('.statusline .notice').textContent()).toContain('Select a span first');
      await page.keyboard.press('Escape');
      await check(`${name}, with a notice`);
    };
    const check = async (name: string) => {
      // Hints are marked hidden a frame after the footer changes: measured once that is settled.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const help = await page.locator('.statusline .hint-help').evaluate((node) => {
        const box = node.getBoundingClientRect();
        return {
          text: node.textContent?.replace(/\s+/gu, ' ').trim(),
          right: box.right - innerWidth + 320,
          cut: node.scrollWidth > node.clientWidth,
          // Its "·" shows only after a hint in view, never alone at the start ("· ? all keys", a trial).
          dot: (node as HTMLElement).innerText.trim().startsWith('·'),
          hintShown: document.querySelector('.statusline .hints > .hint:not([aria-hidden])') !== null,
        };
      });
      expect(help.text, name).toMatch(/\? all keys$/u);
      expect(help.dot, name).toBe(help.hintShown);
      expect(help.right, name).toBeLessThanOrEqual(320);
      expect(help.cut, name).toBe(false);
    };
    await onEachPage(page, check);
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.locator('[data-testid=span-item]').first().waitFor();
    await withNotice('Documents');
    await page.setViewportSize({ width: 390, height: 844 });
    await withNotice('Documents at 390 px');
    await page.context().close();
  });

  it("shows the footer's hints whole or not at all at 640 and 420 px (none cut inside a word), and hides from screen readers those not shown", async () => {
    const page = await openWithTwoLayers();
    for (const width of [640, 420]) {
      await page.setViewportSize({ width, height: 640 });
      await onEachPage(page, async (name) => {
        // A notice (the last label's, a page's) takes the footer's room while it shows: measured once it has faded.
        await expect.poll(() => page.locator('.statusline .notice').textContent(), { timeout: 15_000 }).toBe('');
        const measure = () =>
          page.locator('.statusline .hints').evaluate((box) => {
            const frame = box.getBoundingClientRect();
            return [...box.querySelectorAll('.hint')].map((hint) => {
              const rect = hint.getBoundingClientRect();
              return {
                text: hint.textContent?.replace(/\s+/gu, ' ').trim() ?? '',
                whole: rect.left >= frame.left - 0.5 && rect.right <= frame.right + 0.5 && rect.top >= frame.top - 0.5,
                hidden: rect.top >= frame.bottom,
              };
            });
          });
        const where = `${name} at ${width} px`;
        // The hints are laid out again a frame after the notice went (under load, later): polled.
        if (name === 'Documents' && width === 640)
          await expect
            .poll(async () => (await measure()).filter((hint) => !hint.hidden).length, { message: where })
            .toBeGreaterThan(1);
        const hints = await measure();
        for (const hint of hints) expect(hint.whole || hint.hidden, `${where}: ${hint.text}`).toBe(true);
        // Those shown come first: a hint is dropped only with those after it.
        const shown = hints.map((hint) => !hint.hidden);
        expect(shown.indexOf(false) === -1 || !shown.slice(shown.indexOf(false)).includes(true), where).toBe(true);
        // A screen reader reads those shown, not those out of sight.
        await expect
          .poll(
            () =>
              page
                .locator('.statusline .hint')
                .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-hidden') === 'true')),
            { message: where },
          )
          .toEqual(hints.map((hint) => hint.hidden));
      });
    }
    await page.context().close();
  });

  it('draws every chart of the Overview inside a 320 px window, legends wrapped, however long the names', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page } = await openApp(browser, { context });
    for (const name of ['alexandra-from-the-first-team', 'beatrice-from-the-second-team']) {
      await become(page, name);
      await labelWithKey(page, 'Fox News Flash', '1');
    }
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('chart-progress').locator('svg').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    // A chart's drawing may reach past its box without widening the page: whatever lies past the
    // window's edge could only be seen by scrolling sideways, which the page does not offer.
    const outside = await page.locator('.charts').evaluate((charts) =>
      [...charts.querySelectorAll('svg text, svg rect')]
        .filter((mark) => {
          const box = mark.getBoundingClientRect();
          return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
        })
        .map((mark) => `${mark.closest('figure')?.dataset.testid}: ${mark.textContent || mark.tagName}`),
    );
    expect(outside).toEqual([]);
    await context.close();
  });

  it('keeps the label buttons in one place from document to document, short title or long, todo, done or skipped', async () => {
    const { context, page } = await openApp(browser);
    const ids = await page
      .locator('[data-testid=doc-item]')
      .evaluateAll((rows) => rows.map((row) => row.dataset.docId!));
    const open = async (id: string) => {
      await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
      await expect.poll(() => page.locator('.doc-heading').getAttribute('title')).toBe(await titleOf(id));
    };
    const titleOf = (id: string) => page.locator(`[data-doc-id="${id}"] .doc-title`).textContent();
    await open(ids[1]);
    await page.keyboard.press('d');
    await expect.poll(() => page.locator(`[data-doc-id="${ids[1]}"]`).getAttribute('data-status')).toBe('done');
    await open(ids[2]);
    await page.keyboard.press('s');
    await expect.poll(() => page.locator(`[data-doc-id="${ids[2]}"]`).getAttribute('data-status')).toBe('skipped');
    for (const width of [1024, 1280, 1440, 390]) {
      await page.setViewportSize({ width, height: 800 });
      const tops = new Set<number>();
      for (const id of ids) {
        await open(id);
        tops.add(await page.locator('.palette').evaluate((palette) => palette.getBoundingClientRect().top + scrollY));
      }
      expect([...tops], `at ${width} px`).toHaveLength(1);
    }
    await context.close();
  });

  it('shows several lines of the text at once, none under the status line', async () => {
    const page = await openWithTwoLayers();
    for (const [width, height] of SMALL) {
      await page.setViewportSize({ width, height });
      // The text's pane scrolled into the window, as a reader scrolls to it.
      const lines = await page.evaluate(async () => {
        const text = document.querySelector('.document-pane [data-testid=doc-text]')!;
        const host = text.parentElement!;
        host.scrollIntoView({ block: 'start' });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const view = host.getBoundingClientRect();
        const tops = new Set<number>();
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(walker.currentNode);
          for (const line of range.getClientRects()) {
            const middle = line.top + line.height / 2;
            if (line.top < view.top || line.bottom > view.bottom || line.bottom > innerHeight || line.top < 0) continue;
            // What is drawn there is the text, not the status line or anything else over it.
            if (text.contains(document.elementFromPoint(line.left + 2, middle))) tops.add(Math.round(line.top));
          }
        }
        return tops.size;
      });
      expect(lines, `${width} × ${height}`).toBeGreaterThanOrEqual(4);
    }
    await page.context().close();
  });

  it('brings the text into the window when T puts the focus there, from the documents list above it', async () => {
    // No span selected (a first visit): T leaves the caret where it was, at the text's start.
    const { page } = await openApp(browser);
    for (const [width, height] of [...SMALL, [683, 384]]) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => scrollTo(0, 0));
      await page.locator('[data-testid=doc-item]').first().focus();
      await page.keyboard.press('t');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('doc-text');
      // The caret stands in the window, clear of the status line at its foot.
      await page.locator('[data-testid=doc-text] .text-caret').waitFor();
      const place = await page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const caret = document.querySelector('[data-testid=doc-text] .text-caret')?.getBoundingClientRect();
        const status = document.querySelector('.app > .statusline')!.getBoundingClientRect();
        return caret ? { top: caret.top, bottom: caret.bottom, limit: Math.min(innerHeight, status.top) } : null;
      });
      expect(place, `${width} × ${height}`).not.toBeNull();
      expect(place!.top, `${width} × ${height}`).toBeGreaterThanOrEqual(0);
      expect(place!.bottom, `${width} × ${height}`).toBeLessThanOrEqual(place!.limit);
    }
    await page.context().close();
  });

  it('fits the key sheet and the Export dialog in the window, scrolling within, every button in reach, each choice wide', async () => {
    const page = await openWithTwoLayers();
    for (const [width, height] of SMALL) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => scrollTo(0, 0));
      const where = `${width} × ${height}`;
      for (const [opener, name, action] of [
        ['Keyboard shortcuts', 'Keyboard shortcuts', 'Close'],
        ['Export…', 'Export', 'Download'],
      ]) {
        await page.getByRole('button', { name: opener, exact: true }).click();
        const dialog = page.getByRole('dialog', { name, exact: true });
        await dialog.waitFor();
        const fit = await dialog.evaluate((node) => {
          const box = node.getBoundingClientRect();
          return {
            inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
            sideways: node.scrollWidth - node.clientWidth,
          };
        });
        expect(fit, `${name} at ${where}`).toEqual({ inside: true, sideways: 0 });
        // Each of the Export dialog's choices as wide as the dialog allows, its label above it (trial: cut off beside it).
        for (const width of await dialog
          .locator('select')
          .evaluateAll((selects) =>
            selects.map((select) => select.clientWidth / select.closest('dialog')!.clientWidth),
          ))
          expect(width, `${name}: a choice at ${where}`).toBeGreaterThan(0.8);
        const button = dialog.getByRole('button', { name: action, exact: true });
        // The key sheet's Close is in reach as it opens, without scrolling the sheet (a phone has no Esc; trial).
        if (name === 'Keyboard shortcuts') {
          expect(await inReach(button), `Close at ${where}`).toBe(true);
          // No key's words show beside Close (trial: "skip the document and go to" ran under it).
          const through = await dialog.evaluate((sheet) => {
            const foot = sheet.querySelector('button:last-of-type')!.getBoundingClientRect();
            const y = foot.top + foot.height / 2;
            return [...sheet.querySelectorAll('dt, dd')].flatMap((row) => {
              const box = row.getBoundingClientRect();
              if (box.top > y || box.bottom < y) return [];
              const hit = document.elementFromPoint(box.left + 2, y);
              return hit !== null && row.contains(hit) ? [row.textContent] : [];
            });
          });
          expect(through, `rows beside Close at ${where}`).toEqual([]);
        }
        // Scrolled to within the dialog (the Export dialog's summary arrives a moment after it opens).
        await expect
          .poll(
            async () => {
              await button.evaluate((node) => node.scrollIntoView({ block: 'nearest' }));
              return inReach(button);
            },
            { message: `${name}: ${action} at ${where}` },
          )
          .toBe(true);
        await dialog.getByRole('button', { name: 'Close', exact: true }).click();
        await expect.poll(() => dialog.count()).toBe(0);
      }
    }
    await page.context().close();
  });
});

/**
 * The marks an element draws around its text that stand 3:1 or more against the colour behind it:
 * each border side and outline (style, width) and text decoration, as "kind style width".
 */
async function marksOf(locator: Locator): Promise<string[]> {
  const found = await locator.evaluate((node) => {
    const style = getComputedStyle(node);
    let behind: Element | null = node.parentElement;
    while (behind && getComputedStyle(behind).backgroundColor.endsWith(', 0)')) behind = behind.parentElement;
    const lines: { kind: string; style: string; width: number; colour: string }[] = [];
    for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const)
      lines.push({
        kind: `border-${side.toLowerCase()}`,
        style: style.getPropertyValue(`border-${side.toLowerCase()}-style`),
        width: parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)),
        colour: style.getPropertyValue(`border-${side.toLowerCase()}-color`),
      });
    lines.push({
      kind: 'outline',
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      colour: style.outlineColor,
    });
    for (const line of style.textDecorationLine.split(' ').filter((kind) => kind !== 'none'))
      lines.push({ kind: line, style: style.textDecorationStyle, width: 1, colour: style.textDecorationColor });
    return {
      lines: lines.filter((line) => line.width > 0 && !['none', 'hidden'].includes(line.style)),
      background: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
  });
  const background = parse(found.background);
  return found.lines
    .filter((line) => contrast(over(parse(line.colour), background), background) >= 3)
    .map((line) => `${line.kind} ${line.style} ${line.width}`);
}

describe('forced colours (Windows High Contrast)', () => {
  it('marks labelled words, nested spans apart, and the keyboard caret range', async () => {
    const { context, page } = await openApp(browser);
    await page.emulateMedia({ forcedColors: 'active' });
    await labelWithKey(page, 'headlines for August 31', '3');
    await labelWithKey(page, 'August', '4');
    const text = page.getByTestId('doc-text');
    const plain = await marksOf(text.locator('.line').first());
    const single = await marksOf(text.locator('[data-label="sanction"]').first());
    const nested = await marksOf(text.locator('[data-label~="visit"]').first());
    expect(plain).toEqual([]);
    expect(single.length).toBeGreaterThan(0);
    expect(nested.length).toBeGreaterThan(0);
    expect(nested).not.toEqual(single);

    // The caret range (T, then Shift+Ctrl+→ from the text's start) shows in the system's colours.
    await page.keyboard.press('t');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+Control+ArrowRight');
    const range = text.locator('.caret-range').first();
    await range.waitFor();
    const colours = await range.evaluate((node) => ({
      range: getComputedStyle(node).backgroundColor,
      ink: getComputedStyle(node).color,
      page: getComputedStyle(node.closest('.doc-host')!).backgroundColor,
    }));
    const pageColour = over(parse(colours.page), [255, 255, 255, 1]);
    const rangeColour = over(parse(colours.range), pageColour);
    expect(contrast(rangeColour, pageColour)).toBeGreaterThanOrEqual(3);
    expect(contrast(over(parse(colours.ink), rangeColour), rangeColour)).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });

  it('marks the current document in the list, and A above and B below in the review’s text', async () => {
    const page = await openWithTwoLayers();
    await page.emulateMedia({ forcedColors: 'active' });
    // The current document's row has a line thicker than any other row's.
    const list = page.getByTestId('doc-list');
    const thickest = (marks: string[]) => Math.max(0, ...marks.map((mark) => Number(mark.split(' ')[2])));
    const current = await marksOf(list.locator('.doc-item.current'));
    const other = await marksOf(list.locator('.doc-item:not(.current)').first());
    expect(thickest(current)).toBeGreaterThan(thickest(other));

    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann');
    await page.getByLabel('Annotator B').selectOption('bea');
    const text = page.locator('.gold-view [data-testid=doc-text]');
    const onlyA = text.locator('[data-layers~="a"]:not([data-layers~="b"])').first();
    const onlyB = text.locator('[data-layers~="b"]:not([data-layers~="a"])').first();
    await onlyA.waitFor();
    const above = (marks: string[]) => marks.some((mark) => /^(overline|border-top) /u.test(mark));
    const below = (marks: string[]) => marks.some((mark) => /^(underline|border-bottom) /u.test(mark));
    const a = await marksOf(onlyA);
    const b = await marksOf(onlyB);
    expect({ aAbove: above(a), aBelow: below(a), bAbove: above(b), bBelow: below(b) }).toEqual({
      aAbove: true,
      aBelow: false,
      bAbove: false,
      bBelow: true,
    });
    await page.context().close();
  });
});

describe('focus rings on the top bar', () => {
  it('stand 3:1 against the bar, its current item and its controls, in the light and the dark appearance', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme });
      const { page } = await openApp(browser, { context });
      // From the brand, Tab through the bar as a keyboard user does, to its last control.
      await page.locator('.topbar .brand').focus();
      const rings: string[] = [];
      for (let step = 0; step < 12; step++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const node = document.activeElement!;
          if (!node.closest('.topbar')) return null;
          const style = getComputedStyle(node);
          return {
            what:
              node.getAttribute('aria-label') || node.textContent?.trim() || node.getAttribute('title') || node.tagName,
            visible:
              node.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            ring: style.outlineColor,
            own: style.backgroundColor,
            bar: getComputedStyle(document.querySelector('.topbar')!).backgroundColor,
          };
        });
        if (!focused) break;
        const bar = parse(focused.bar);
        const ring = over(parse(focused.ring), bar);
        // Against the bar around the ring, and the control's own fill inside it (the current item's).
        const own = over(parse(focused.own), bar);
        const ratio = Math.min(contrast(ring, bar), contrast(ring, own));
        rings.push(`${focused.what}: ${focused.visible ? '' : 'no ring '}${ratio >= 3 ? 'ok' : ratio.toFixed(2)}`);
      }
      expect(rings, colorScheme).toContain('Documents: ok');
      expect(
        rings.filter((ring) => !ring.endsWith(': ok')),
        colorScheme,
      ).toEqual([]);
      await context.close();
    }
  });
});
