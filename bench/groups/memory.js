// Group "memory": import_peak_mb and import_peak_mb_30. The JS heap polled over CDP while the
// harness page imports a 31.6 MB and a larger native JSONL file.
import { DATA, MiB, log, ms } from '../config.js';
import { newHarnessPage, prepareCorpus } from '../harnessPage.js';
import { round } from '../report.js';

/** Imports the prepared file while polling the JS heap over CDP every 50 ms. */
async function heapDuringImport(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;
  const idle = await heap();
  let peak = idle;
  let samples = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      peak = Math.max(peak, await heap());
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await page.evaluate(() => window.bench.importWithApp());
  polling = false;
  await poller;
  peak = Math.max(peak, await heap());
  return { idle, peak, samples, ms: result.ms, documents: result.documents };
}

export async function measureMemory(browser, harnessUrl, corpusBytes) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const small = await prepareCorpus(page, { ...DATA.corpus, keepRecords: false });
    const at30 = await heapDuringImport(page, cdp);
    log(
      `memory: importing ${(small.bytes / MiB).toFixed(1)} MB peaked at ${((at30.peak - at30.idle) / MiB).toFixed(1)} MB over idle (${at30.samples} samples, ${ms(at30.ms)})`,
    );
    // Same documents, more of them: about DATA.memoryBigMiB of JSONL.
    const documents = Math.round((DATA.corpus.documents * DATA.memoryBigMiB * MiB) / (corpusBytes ?? small.bytes));
    await page.evaluate(() => window.bench.release());
    const big = await prepareCorpus(page, {
      ...DATA.corpus,
      seed: DATA.corpus.seed + 1,
      documents,
      keepRecords: false,
    });
    const at100 = await heapDuringImport(page, cdp);
    log(
      `memory: importing ${(big.bytes / MiB).toFixed(1)} MB peaked at ${((at100.peak - at100.idle) / MiB).toFixed(1)} MB over idle (${at100.samples} samples, ${ms(at100.ms)})`,
    );
    const mb = (bytes) => round(bytes / MiB, 1);
    return {
      import_peak_mb: mb(at100.peak - at100.idle),
      import_peak_mb_30: mb(at30.peak - at30.idle),
      details: {
        import_peak_mb: {
          summary: `${(big.bytes / MiB).toFixed(1)} MB file, ${big.documents} documents; heap ${mb(at100.idle)} → ${mb(at100.peak)} MB`,
          file_bytes: big.bytes,
          documents: big.documents,
          spans: big.spans,
          idle_heap_mb: mb(at100.idle),
          peak_heap_mb: mb(at100.peak),
          samples: at100.samples,
          import_ms: round(at100.ms, 1),
        },
        import_peak_mb_30: {
          summary: `${(small.bytes / MiB).toFixed(1)} MB file (parsed records kept ≤ 48 MB); heap ${mb(at30.idle)} → ${mb(at30.peak)} MB`,
          file_bytes: small.bytes,
          documents: small.documents,
          spans: small.spans,
          idle_heap_mb: mb(at30.idle),
          peak_heap_mb: mb(at30.peak),
          samples: at30.samples,
          import_ms: round(at30.ms, 1),
        },
      },
    };
  } finally {
    await context.close();
  }
}
