// The bench harness page (bench/harness.html) from the Node side: a fresh page, and the seeded
// corpus generated in it. Used by the import, export, agreement and memory groups.
import { MiB, log, ms } from './config.js';

export async function newHarnessPage(browser, harnessUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`harness error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.error(`harness console: ${message.text()}`));
  await page.goto(new URL('harness.html', harnessUrl).href);
  await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true');
  return { context, page };
}

export async function prepareCorpus(page, options) {
  const summary = await page.evaluate((corpus) => window.bench.prepareCorpus(corpus), options);
  log(
    `generated ${summary.documents} documents, ${summary.spans} spans, ${(summary.bytes / MiB).toFixed(1)} MB of native JSONL in the page (${ms(summary.generateMs)})`,
  );
  return summary;
}
