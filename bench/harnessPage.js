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

/**
 * Collects the harness page's garbage (two full collections over CDP, V8's and Blink's heaps both),
 * then lets the page idle `settleMs` so the collectors' sweeping is done: what the harness built and
 * dropped before a measurement is not then counted as the measured work's long tasks.
 */
export async function settleHeap(page, settleMs = 1000) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  } finally {
    await cdp.detach();
  }
  await page.waitForTimeout(settleMs);
}
