// Group "import": import_ratio and import_doccano_ratio. The 10,000-document native JSONL file imported with the app's
// import (FileStore.importFile: in a Worker, as the Import dialog runs it) in the harness page, against a bare Dexie
// bulkPut of the same rows.
import { DATA, MiB, RUNS, log, ms } from '../config.js';
import { newHarnessPage, prepareCorpus, settleHeap } from '../harnessPage.js';
import { median, round } from '../report.js';

export async function measureImport(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  /**
   * Each run starts from a collected heap: the import works in a Worker, and what the harness built
   * before it (the generated corpus, the last run's baseline rows) is not then counted as its long tasks.
   */
  const settled = async (run) => {
    await settleHeap(page);
    return page.evaluate(run);
  };
  try {
    // Warm-up on a tenth of the corpus (another seed): JIT and IndexedDB warm, half a minute saved.
    await prepareCorpus(page, {
      ...DATA.corpus,
      seed: DATA.corpus.seed + 100,
      documents: DATA.corpus.documents / 10,
      keepRecords: true,
    });
    for (let run = 0; run < RUNS.importWarmup; run++) {
      const viaApp = await settled(() => window.bench.importWithApp());
      const viaBulkPut = await settled(() => window.bench.importWithBulkPut());
      log(`import warm-up (a tenth of the corpus): FileImport ${ms(viaApp.ms)}, bulkPut ${ms(viaBulkPut.ms)}`);
    }
    const corpus = await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const app = [];
    const bare = [];
    for (let run = 0; run < RUNS.import; run++) {
      const viaApp = await settled(() => window.bench.importWithApp());
      const viaBulkPut = await settled(() => window.bench.importWithBulkPut());
      if (viaApp.documents !== corpus.documents || viaApp.spans !== corpus.spans)
        throw new Error(`import stored ${viaApp.documents} documents and ${viaApp.spans} spans`);
      log(
        `import ${run + 1}/${RUNS.import}: FileImport ${ms(viaApp.ms)} (analyse ${ms(viaApp.analyseMs)}, commit ${ms(viaApp.commitMs)}), bulkPut ${ms(viaBulkPut.ms)}`,
      );
      app.push(viaApp);
      bare.push(viaBulkPut.ms);
    }
    // The same corpus as doccano JSONL through the same path: every peer's file must import
    // about as fast as Spanwright's own (target ≤ 1.5×).
    const doccano = [];
    const nativeAgain = [];
    for (let run = 0; run < RUNS.import; run++) {
      const viaDoccano = await settled(() => window.bench.importWithApp('doccano'));
      const viaNative = await settled(() => window.bench.importWithApp('native'));
      if (viaDoccano.documents !== corpus.documents || viaDoccano.spans !== corpus.spans)
        throw new Error(`the doccano import stored ${viaDoccano.documents} documents and ${viaDoccano.spans} spans`);
      log(`import doccano ${run + 1}/${RUNS.import}: FileImport ${ms(viaDoccano.ms)}, native ${ms(viaNative.ms)}`);
      doccano.push(viaDoccano.ms);
      nativeAgain.push(viaNative.ms);
    }
    // The same corpus as one minified Label Studio JSON array: the longest task while it is read element by element.
    const labelStudio = await settled(() => window.bench.importWithApp('labelstudio'));
    if (labelStudio.documents !== corpus.documents || labelStudio.spans !== corpus.spans)
      throw new Error(
        `the Label Studio import stored ${labelStudio.documents} documents and ${labelStudio.spans} spans`,
      );
    log(
      `import Label Studio JSON (one array on one line): FileImport ${ms(labelStudio.ms)}, longest task ${ms(labelStudio.longestTaskMs)}`,
    );
    // One run of the app's storage shape without the importer's code, to split the gap.
    const batched = await settled(() => window.bench.importWithBatchedBulkPut());
    log(
      `import breakdown: the app's rows (documents, spans, summaries) in 1,000-record transactions with bulkPut: ${ms(batched.ms)}`,
    );
    const appMs = median(app.map((run) => run.ms));
    const bareMs = median(bare);
    return {
      import_ratio: round(appMs / bareMs),
      import_doccano_ratio: round(median(doccano) / median(nativeAgain)),
      import_longest_task_ms: round(Math.max(...app.map((run) => run.longestTaskMs)), 1),
      import_labelstudio_longest_task_ms: round(labelStudio.longestTaskMs, 1),
      corpusBytes: corpus.bytes,
      details: {
        import_ratio: {
          summary: `FileImport ${ms(appMs)} ÷ bulkPut ${ms(bareMs)} (${(corpus.bytes / MiB).toFixed(1)} MB)`,
          app_ms: round(appMs, 1),
          analyse_ms: round(median(app.map((run) => run.analyseMs)), 1),
          commit_ms: round(median(app.map((run) => run.commitMs)), 1),
          bulkput_ms: round(bareMs, 1),
          batched_rows_with_summaries_ms: round(batched.ms, 1),
          file: { bytes: corpus.bytes, documents: corpus.documents, spans: corpus.spans },
          runs_app_ms: app.map((run) => round(run.ms, 1)),
          runs_bulkput_ms: bare.map((value) => round(value, 1)),
        },
        import_longest_task_ms: {
          summary: `the longest main-thread task while FileImport read and stored the ${(corpus.bytes / MiB).toFixed(1)} MB file, the worst of ${app.length} runs`,
          runs_longest_task_ms: app.map((run) => round(run.longestTaskMs, 1)),
          runs_long_tasks: app.map((run) => run.longTasks),
        },
        import_labelstudio_longest_task_ms: {
          summary: `the longest main-thread task while FileImport read and stored the same corpus as one minified Label Studio JSON array (${ms(labelStudio.ms)} in all)`,
          ms: round(labelStudio.ms, 1),
          long_tasks: labelStudio.longTasks,
        },
        import_doccano_ratio: {
          summary: `doccano JSONL ${ms(median(doccano))} ÷ native JSONL ${ms(median(nativeAgain))}, the same corpus through FileImport`,
          doccano_ms: round(median(doccano), 1),
          native_ms: round(median(nativeAgain), 1),
          runs_doccano_ms: doccano.map((value) => round(value, 1)),
          runs_native_ms: nativeAgain.map((value) => round(value, 1)),
        },
      },
    };
  } finally {
    await context.close();
  }
}
