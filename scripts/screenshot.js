// `npm run screenshot`: builds the app, labels a few spans the way a person would, and saves
// docs/screenshot.png (the README's picture) from real Chromium.
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';

const executablePath = ensureChromium();
if (!process.argv.includes('--no-build'))
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
const server = await preview({ preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
await page.goto(url);
await page.locator('[data-testid=doc-item]').nth(4).click();
await page.locator('[data-testid=doc-text] .line').first().waitFor();

/** Selects `target` with the mouse and presses `key`. */
async function label(target, key) {
  const box = await page.evaluate((target) => {
    for (const line of document.querySelectorAll('[data-testid=doc-text] .line')) {
      const at = line.textContent.indexOf(target);
      if (at < 0) continue;
      line.scrollIntoView({ block: 'center' });
      // Find the text node and offset holding a character offset of the line.
      const place = (offset) => {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (offset < node.data.length) return { node, offset };
          offset -= node.data.length;
        }
        throw new Error('offset past the line');
      };
      const rectOf = (offset) => {
        const { node, offset: within } = place(offset);
        const range = document.createRange();
        range.setStart(node, within);
        range.setEnd(node, within + 1);
        return range.getBoundingClientRect();
      };
      const first = rectOf(at);
      const last = rectOf(at + target.length - 1);
      return {
        x1: first.left + 1,
        y1: first.top + first.height / 2,
        x2: last.right - 1,
        y2: last.top + last.height / 2,
      };
    }
    throw new Error(`${target} not found`);
  }, target);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press(key);
  await page.waitForTimeout(150);
}

await label('The White House said on Wednesday', '1');
await label('Russia and North Korea are', '1');
await label('North Korea are “actively advancing”', '4');
await label('Sergei Shoigu’s trip to North Korea', '4');
await label('second delegation of Russian officials have visited Pyongyang', '4');
await label('remains concerned', '2');
await page.keyboard.press('Escape');
const spans = page.locator('[data-testid=span-item]');
if ((await spans.count()) > 2) await spans.nth(2).click();
await page.waitForTimeout(300);
// The one-time "ready to work offline" notice is not part of the workbench.
const offlineNotice = page.getByRole('button', { name: 'OK' });
if (await offlineNotice.isVisible()) await offlineNotice.click();
await page.screenshot({ path: 'docs/screenshot.png' });
await browser.close();
await server.close();
console.log('docs/screenshot.png written');
