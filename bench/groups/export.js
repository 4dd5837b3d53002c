// Group "export": export_ratio and export_serialize_ratio. The stored 10,000 documents exported
// with the app's exportRecords in the harness page, against the floor of any export: reading the
// same rows, JSON.stringify of the same records and the Blob (issue 16's definition).
import { DATA, MiB, RUNS, log, ms } from '../config.js';
import { newHarnessPage, prepareCorpus, settleHeap } from '../harnessPage.js';
import { median, round } from '../report.js';

export async function measureExport(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const stored = await page.evaluate(() => window.bench.prepareExport());
    log(`export: stored ${stored.documents} documents and ${stored.spans} spans with bulkPut (${ms(stored.ms)})`);
    const identical = await page.evaluate(() => window.bench.exportMatchesBaseline());
    if (!identical)
      throw new Error(
        'the exported file differs from the JSON.stringify baseline: the two do not measure the same output',
      );
    const app = [];
    const plain = [];
    const serializer = [];
    const reads = [];
    const documentReads = [];
    const blobs = [];
    const floors = [];
    for (let run = -RUNS.exportWarmup; run < RUNS.export; run++) {
      // The export works in a Worker: the baselines' garbage of the run before is collected first, not counted as its long tasks.
      await settleHeap(page);
      const viaApp = await page.evaluate(() => window.bench.exportWithApp());
      const viaStringify = await page.evaluate(() => window.bench.exportWithStringify());
      const viaSerializer = await page.evaluate(() => window.bench.exportWithSerializer());
      const read = await page.evaluate(() => window.bench.readEverything());
      const documentRead = await page.evaluate(() => window.bench.readDocuments());
      const blob = await page.evaluate(() => window.bench.blobOfBaseline());
      const floor = await page.evaluate(() => window.bench.exportFloor());
      const label = run < 0 ? 'warm-up' : `${run + 1}/${RUNS.export}`;
      log(
        `export ${label}: exportRecords ${ms(viaApp.ms)}, serializeRecords ${ms(viaSerializer.ms)}, JSON.stringify ${ms(viaStringify.ms)}; reading every row ${ms(read.ms)}, the documents alone ${ms(documentRead.ms)}; a Blob of the text ${ms(blob.ms)}; the floor (read + stringify + Blob) ${ms(floor.ms)}`,
      );
      if (run >= 0) {
        app.push(viaApp);
        plain.push(viaStringify.ms);
        serializer.push(viaSerializer.ms);
        reads.push(read.ms);
        documentReads.push(documentRead.ms);
        blobs.push(blob.ms);
        floors.push(floor.ms);
      }
    }
    // The Export dialog's check of the same choices: Download waits for it (the losses are named first).
    const checks = [];
    for (let run = 0; run < RUNS.export; run++) checks.push(await page.evaluate(() => window.bench.checkWithApp()));
    const checkMs = median(checks.map((run) => run.ms));
    log(
      `export check: ${checks.map((run) => ms(run.ms)).join(', ')} (${checks[0].records} records, ${checks[0].spans} spans)`,
    );
    // A .zip export (brat: a .txt and an .ann per document): the longest task while it is deflated in pieces.
    await settleHeap(page);
    const zipped = await page.evaluate(() => window.bench.exportWithApp('brat'));
    log(
      `export brat .zip: exportRecords ${ms(zipped.ms)} (${(zipped.bytes / MiB).toFixed(1)} MB), longest task ${ms(zipped.longestTaskMs)}`,
    );
    const appMs = median(app.map((run) => run.ms));
    const plainMs = median(plain);
    const serializeMs = median(serializer);
    const floorMs = median(floors);
    return {
      export_ratio: round(appMs / floorMs),
      export_serialize_ratio: round(serializeMs / plainMs),
      export_longest_task_ms: round(Math.max(...app.map((run) => run.longestTaskMs)), 1),
      export_zip_longest_task_ms: round(zipped.longestTaskMs, 1),
      export_check_ms: round(checkMs, 1),
      details: {
        export_check_ms: {
          summary: `the Export dialog's check of the same choices (what the file holds and leaves out), which Download waits for; median of ${checks.length}`,
          runs_ms: checks.map((run) => round(run.ms, 1)),
          app_export_ms: round(appMs, 1),
        },
        export_longest_task_ms: {
          summary: `the longest main-thread task while exportRecords wrote ${app[0].records.toLocaleString('en')} records with ${app[0].spans.toLocaleString('en')} spans, the worst of ${app.length} runs`,
          runs_longest_task_ms: app.map((run) => round(run.longestTaskMs, 1)),
          runs_long_tasks: app.map((run) => run.longTasks),
        },
        export_zip_longest_task_ms: {
          summary: `the longest main-thread task while exportRecords wrote the same layer as brat files in a .zip (${ms(zipped.ms)}, ${(zipped.bytes / MiB).toFixed(1)} MB)`,
          ms: round(zipped.ms, 1),
          long_tasks: zipped.longTasks,
        },
        export_ratio: {
          summary: `exportRecords ${ms(appMs)} ÷ the floor ${ms(floorMs)}: reading the rows, JSON.stringify of the records, the Blob (${(app[0].bytes / MiB).toFixed(1)} MB out)`,
          app_ms: round(appMs, 1),
          floor_ms: round(floorMs, 1),
          // The earlier definition (issue 16 replaced it): the export over JSON.stringify alone.
          over_stringify_alone: round(appMs / plainMs),
          runs_floor_ms: floors.map((value) => round(value, 1)),
          stringify_ms: round(plainMs, 1),
          read_every_row_ms: round(median(reads), 1),
          read_documents_ms: round(median(documentReads), 1),
          blob_of_text_ms: round(median(blobs), 1),
          output_bytes: app[0].bytes,
          records: app[0].records,
          spans: app[0].spans,
          output_identical_to_baseline: identical,
          runs_app_ms: app.map((run) => round(run.ms, 1)),
          runs_stringify_ms: plain.map((value) => round(value, 1)),
        },
        export_serialize_ratio: {
          summary: `serializeRecords ${ms(serializeMs)} ÷ JSON.stringify ${ms(plainMs)}`,
          serialize_ms: round(serializeMs, 1),
          runs_serialize_ms: serializer.map((value) => round(value, 1)),
        },
      },
    };
  } finally {
    await context.close();
  }
}
