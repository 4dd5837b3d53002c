// The profiler's harness part: CPU profiles of one import, the two storage-only imports and one
// export in the harness page (unminified, source-mapped), as in bench/profile.js step 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, PROFILE_HARNESS_OUT, PROFILE_OUT, log } from '../config.js';
import { sourceMapper, summarizeProfiles } from './cpu.js';

/** CPU profiles of one import and one export in the harness page (unminified, source-mapped). */
export async function profileHarness(browser, harnessUrl, corpus = DATA.corpus) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(new URL('harness.html', harnessUrl).href);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    const mapSource = await sourceMapper(harnessUrl, PROFILE_HARNESS_OUT);
    await page.evaluate((options) => window.bench.prepareCorpus(options), {
      ...corpus,
      documents: corpus.documents / 10,
      seed: corpus.seed + 100,
      keepRecords: true,
    });
    await page.evaluate(() => window.bench.importWithApp());
    await page.evaluate((options) => window.bench.prepareCorpus(options), { ...corpus, keepRecords: true });
    const profiled = async (name, run) => {
      await cdp.send('Profiler.start');
      const result = await run();
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(PROFILE_OUT, `${name}.cpuprofile`), JSON.stringify(profile));
      log(`profile: ${name} took ${Math.round(result.ms)} ms`);
      return { measured_ms: Math.round(result.ms), ...summarizeProfiles([profile], mapSource) };
    };
    const imported = await profiled('import', () => page.evaluate(() => window.bench.importWithApp()));
    // The two storage-only runs, to compare main-thread work with the importer's.
    const importBulkPut = await profiled('import-bulkput', () => page.evaluate(() => window.bench.importWithBulkPut()));
    const importBatched = await profiled('import-batched', () =>
      page.evaluate(() => window.bench.importWithBatchedBulkPut()),
    );
    await page.evaluate(() => window.bench.prepareExport());
    await page.evaluate(() => window.bench.exportWithApp());
    const exported = await profiled('export', () => page.evaluate(() => window.bench.exportWithApp()));
    return { imported, import_bulkput: importBulkPut, import_batched: importBatched, exported };
  } finally {
    await context.close();
  }
}
