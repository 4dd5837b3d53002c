import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium.js';
import { baseURL, dragSelect, listedSpans, waitForText } from './browser';

const profile = mkdtempSync(join(tmpdir(), 'spanwright-crash-'));
afterAll(() => rmSync(profile, { recursive: true, force: true, maxRetries: 5 }));

async function launch() {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(baseURL());
  await waitForText(page);
  return { context, page };
}

describe('a crash right after labeling', () => {
  it('loses nothing that was shown as highlighted', async () => {
    const first = await launch();
    await dragSelect(first.page, 'arms deal');
    await first.page.keyboard.press('1');
    // The highlight is painted only after the span is committed…
    await first.page.locator('[data-testid=doc-text] [data-label=claim]').first().waitFor();
    // …so killing every Chromium process of this profile at once, with no chance to flush, keeps it.
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
    await first.context.close().catch(() => undefined);

    const second = await launch();
    await second.page.locator('[data-testid=span-item]').first().waitFor();
    expect((await listedSpans(second.page)).map((span) => `${span.label}:${span.text}`)).toEqual(['claim:arms deal']);
    await second.context.close();
  });
});
