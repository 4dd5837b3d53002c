// `npm run bench`: builds the app and the bench harness, serves both on 127.0.0.1, drives Debian's
// Chromium with playwright-core over seeded generated data, and writes bench/results/latest.json,
// a table on stdout and the table in docs/performance.md. Every figure is a median after warm-up,
// and every ratio is against a baseline measured in the same run and page (ARCHITECTURE.md rule 11).
//
//   node bench/run.js                 all figures (about 5 minutes on 2 cores)
//   node bench/run.js --quick         fewer runs and a smaller memory file, for trying the bench itself
//   node bench/run.js --only=open,…   only these groups: open, import, export, memory, bundle
//   node bench/run.js --no-build      reuse the builds in bench/dist
//   node bench/run.js --profile       no figures: where the time goes (bench/profile.js)
// Quick, partial and profile runs write under bench/dist/ and never replace the published figures.
// See docs/performance.md for what each figure means and how it is measured.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.js';
import { createRandom, generateRecord, labelCandidates, nativeLine } from './generate.js';
import { installPageProbes } from './pageProbes.js';
import { median, percentile, printTable, round, updateDocs } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const APP_OUT = join(BENCH, 'dist', 'app');
const QUICK = process.argv.includes('--quick');
const PROFILE = process.argv.some((argument) => argument === '--profile' || argument.startsWith('--profile='));
/** `--only=open,import`: run only these groups (for working on the bench; figures not published). */
const ONLY =
  process.argv
    .find((argument) => argument.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',') ?? null;
// Quick and partial runs are for trying the bench itself: they never replace the published figures.
const RESULTS = QUICK || ONLY ? join(BENCH, 'dist', 'quick.json') : join(BENCH, 'results', 'latest.json');
const DOCS = join(ROOT, 'docs', 'performance.md');

/** Measured runs per figure (after the warm-up runs). */
const RUNS = {
  open: QUICK ? 2 : 5,
  openWarmup: 1,
  label: QUICK ? 6 : 30,
  labelWarmup: 3,
  import: QUICK ? 1 : 3,
  importWarmup: 1,
  export: QUICK ? 2 : 5,
  exportWarmup: 1,
};

/** The data: sizes from the brief, fixed seeds so every run measures the same bytes. */
const DATA = {
  open: { seed: 1, id: 'bench-1mb', length: 1_000_000, spans: 10_000 },
  labelSeed: 2,
  corpus: { seed: 3, documents: 10_000, length: 2_300, spansPerDocument: 10 },
  memoryBigMiB: QUICK ? 60 : 100,
};

const MiB = 1024 * 1024;
const started = performance.now();
const loadAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);

function log(message) {
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(
    `[bench ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${message}`,
  );
}

const ms = (value) => `${value.toFixed(1)} ms`;

// ---- build and serve ---------------------------------------------------------------------------

function buildApp({ outDir, minify, sourcemap = false }) {
  // Its own output folder: dist/ belongs to the e2e tests, which may be rebuilding it right now.
  const args = ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  if (!minify) args.push('--minify', 'false');
  if (sourcemap) args.push('--sourcemap');
  execFileSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
}

function buildHarness() {
  execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
}

async function serve(config) {
  const server = await preview({
    ...config,
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

// ---- the app page: open and label ---------------------------------------------------------------

async function newAppPage(browser, appUrl) {
  // Service workers blocked: the bench measures the app, not a cache in front of it.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  const scripts = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(new URL(response.url()).pathname);
  });
  await page.addInitScript(installPageProbes);
  await page.goto(appUrl);
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length > 0);
  return { context, page, scripts };
}

/** Imports `record` through the app's own import path: the file input, the dialog, Import. */
async function importThroughApp(page, record) {
  const buffer = Buffer.from(`${nativeLine(record)}\n`, 'utf8');
  await page
    .locator('[data-testid=import-input]')
    .setInputFiles({ name: `${record.id}.jsonl`, mimeType: 'application/jsonl', buffer });
  const dialog = page.locator('dialog.import-dialog');
  const importButton = dialog.locator('.dialog-actions button.primary');
  const ready = () =>
    page.waitForFunction(
      () => {
        const button = document.querySelector('dialog.import-dialog .dialog-actions button.primary');
        if (document.querySelector('dialog.import-dialog select[aria-label^="Format of"]')) return 'ask';
        return button instanceof HTMLButtonElement && !button.disabled ? 'ready' : false;
      },
      null,
      { timeout: 120_000 },
    );
  // Detection reads the first 64 KB; when the first record's text is longer, the dialog asks.
  let detected = true;
  if ((await (await ready()).jsonValue()) === 'ask') {
    detected = false;
    await dialog.locator('select[aria-label^="Format of"]').selectOption('native');
    await ready();
  }
  await importButton.click();
  await dialog.getByText('Imported:').waitFor({ timeout: 120_000 });
  await dialog.locator('.dialog-actions button:not(.primary)').click();
  await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`).waitFor();
  return { bytes: buffer.length, detected };
}

async function openOther(page, otherId) {
  await page.locator(`[data-testid=doc-item][data-doc-id="${otherId}"]`).click();
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=doc-text]')?.getElementsByClassName('line').length ?? 0) < 1000,
  );
  await page.evaluate(() => window.__bench.quiet(300));
}

async function openMeasured(page, record, lines, highlights, profile) {
  await page.evaluate((options) => window.__bench.armOpen(options), {
    documentId: record.id,
    lines,
    highlights,
    profile,
  });
  await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`).click();
  const result = await page.evaluate(() => window.__benchResult);
  await page.evaluate(() => window.__bench.quiet(300));
  return result;
}

/** Drags over `target` with the mouse, as a person would, from its first to its last character. */
async function dragOver(page, target) {
  const box = await page.evaluate((word) => window.__bench.locateWord(word), target);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

async function labelMeasured(page, target, profile, profileAfter) {
  await dragOver(page, target);
  // A person's key press comes a reaction time after the mouse button is released (well over
  // 100 ms); let what the mouseup scheduled (ProseMirror syncs the selection in a timeout) run
  // first, so the figure is the label's own work and not the tail of the drag.
  await page.evaluate(
    () => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 0)), 50)),
  );
  await page.evaluate((options) => window.__bench.armLabel(options), { target, key: '1', profile, profileAfter });
  await page.keyboard.press('1');
  const result = await page.evaluate(() => window.__benchResult);
  // Profiling only: what runs after the paint (the live query coming round), until the page is quiet.
  if (profileAfter)
    await page
      .evaluate((name) => window.__bench.quiet(400).then(() => console.profileEnd(name)), profileAfter)
      .catch(() => undefined);
  // Let the live query come round and the span list settle before the next label; count the
  // long tasks meanwhile (what a fast labeller's next key press would wait for).
  await page.evaluate(() => window.__bench.quiet(400));
  result.busyAfterMs = await page.evaluate(
    (since) => (performance.mark('bench-after-end'), window.__bench.busySince(since)),
    result.paintedAt,
  );
  return result;
}

function spanCount(page) {
  return page.evaluate(() => Number(document.querySelector('.span-panel .count')?.textContent ?? NaN));
}

/** Generates the 1 MB document with 10,000 spans, and the words a labeller will drag over. */
function openData() {
  const { record, generated } = generateRecord(createRandom(DATA.open.seed), DATA.open);
  record.id = DATA.open.id;
  // Label targets come from the top of the document: what is in view when it opens.
  const candidates = labelCandidates(generated, record.spans, 80);
  return { record, candidates, lines: record.text.split('\n').length };
}

/**
 * `count` of the candidate words that the open document shows on screen right now, spread over
 * the screen in a seeded order (labels are made where the annotator is looking: no scrolling).
 */
async function pickTargets(page, candidates, count) {
  const visible = await page.evaluate((words) => window.__bench.visibleWords(words), candidates);
  if (visible.length < count) throw new Error(`only ${visible.length} unlabelled words on screen for ${count} labels`);
  log(`label: ${visible.length} unlabelled words on screen; labelling ${count} of them`);
  const random = createRandom(DATA.labelSeed);
  const order = [...visible];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order.slice(0, count).map((index) => candidates[index]);
}

async function measureOpenAndLabel(browser, appUrl) {
  const { record, candidates, lines } = openData();
  const { context, page, scripts } = await newAppPage(browser, appUrl);
  const firstLoadScripts = [...new Set(scripts)];
  try {
    const otherId = await page.locator('[data-testid=doc-item]').first().getAttribute('data-doc-id');
    log(
      `open: importing a ${(Buffer.byteLength(record.text) / MiB).toFixed(2)} MB document with ${record.spans.length} spans through the import dialog…`,
    );
    const { bytes, detected } = await importThroughApp(page, record);
    if (!detected)
      log(
        'open: the import dialog did not detect the format (first record longer than its 64 KB head); chose "native" by hand',
      );
    await page.evaluate((text) => (window.__benchText = text), record.text);

    // Warm-up: open once, and count the highlight elements the view settles on.
    await openOther(page, otherId);
    await openMeasured(page, record, lines, 1);
    await page.evaluate(() => window.__bench.quiet(500));
    const highlights = await page.evaluate(() => document.querySelectorAll('[data-testid=doc-text] .hl').length);
    if (highlights < record.spans.length)
      throw new Error(`only ${highlights} highlight elements for ${record.spans.length} spans`);
    for (let run = 1; run < RUNS.openWarmup; run++) {
      await openOther(page, otherId);
      await openMeasured(page, record, lines, highlights);
    }
    const app = [];
    const plain = [];
    for (let run = 0; run < RUNS.open; run++) {
      await openOther(page, otherId);
      const opened = await openMeasured(page, record, lines, highlights);
      const shown = await page.evaluate(() => window.__bench.showPlainText(window.__benchText));
      await page.evaluate(() => window.__bench.quiet(300));
      app.push(opened);
      plain.push(shown.ms);
      log(
        `open ${run + 1}/${RUNS.open}: app ${ms(opened.ms)} (text ${ms(opened.textMs)}, highlights ${ms(opened.highlightsMs)}), <pre> ${ms(shown.ms)}`,
      );
    }
    const openMs = median(app.map((run) => run.ms));
    const preMs = median(plain);

    // Labelling, on the same document, still open (at its top).
    if ((await spanCount(page)) !== record.spans.length)
      throw new Error(`the span list shows ${await spanCount(page)} spans, expected ${record.spans.length}`);
    const targets = await pickTargets(page, candidates, RUNS.labelWarmup + RUNS.label);
    const labels = [];
    for (let index = 0; index < targets.length; index++) {
      const warmup = index < RUNS.labelWarmup;
      const result = await labelMeasured(page, targets[index]);
      if (!warmup) labels.push(result);
      if (warmup || labels.length % 5 === 0) {
        log(
          `label ${warmup ? `warm-up ${index + 1}/${RUNS.labelWarmup}` : `${labels.length}/${RUNS.label}`}: ${ms(result.ms)} (committed at ${result.committedMs === null ? '?' : ms(result.committedMs)}, shown at ${ms(result.shownMs)})`,
        );
      }
    }
    const stored = await spanCount(page);
    if (stored !== record.spans.length + targets.length)
      throw new Error(
        `after labelling the span list shows ${stored} spans, expected ${record.spans.length + targets.length}`,
      );
    // The same paint stamps after a trivial DOM change, on the same page, left quiet as between labels.
    const floors = [];
    for (let run = 0; run < RUNS.label; run++) {
      await page.evaluate(() => window.__bench.quiet(150));
      floors.push(await page.evaluate(() => window.__bench.paintFloor()));
    }
    const floorMs = median(floors.map((run) => run.ms));
    log(
      `paint floor (a 1-pixel element appended → double rAF): ${ms(floorMs)}, → frame done ${ms(median(floors.map((run) => run.nextPaintMs)))}`,
    );
    const totals = labels.map((run) => run.ms);
    const committed = labels.filter((run) => run.committedMs !== null);
    return {
      open_ratio: round(openMs / preMs),
      label_ms_median: round(median(totals), 1),
      label_ms_p95: round(percentile(totals, 95), 1),
      firstLoadScripts,
      details: {
        open_ratio: {
          summary: `app ${ms(openMs)} ÷ <pre> ${ms(preMs)}`,
          app_ms: round(openMs, 1),
          pre_ms: round(preMs, 1),
          text_shown_ms: round(median(app.map((run) => run.textMs)), 1),
          highlights_shown_ms: round(median(app.map((run) => run.highlightsMs)), 1),
          next_paint_ms: round(median(app.map((run) => run.nextPaintMs)), 1),
          highlight_elements: highlights,
          document: {
            utf16_length: record.text.length,
            lines,
            spans: record.spans.length,
            file_bytes: bytes,
            format_detected: detected,
          },
          runs_app_ms: app.map((run) => round(run.ms, 1)),
          runs_pre_ms: plain.map((value) => round(value, 1)),
        },
        label_ms_median: {
          summary: `key → committed ${ms(median(committed.map((run) => run.committedMs)))}, → in DOM ${ms(median(labels.map((run) => run.shownMs)))}, → frame done ${ms(median(labels.map((run) => run.nextPaintMs)))}, → double rAF ${ms(median(totals))}; a trivial DOM change → double rAF: ${ms(floorMs)}`,
          committed_ms: round(median(committed.map((run) => run.committedMs)), 1),
          write_started_ms: round(median(committed.map((run) => run.writeStartMs)), 1),
          shown_ms: round(median(labels.map((run) => run.shownMs)), 1),
          painted_ms: round(median(totals), 1),
          // The same labels stamped right after the frame's rendering task instead of at the next
          // vsync (see docs/performance.md): the double rAF adds about one frame interval.
          next_paint_ms: round(median(labels.map((run) => run.nextPaintMs)), 1),
          next_paint_p95_ms: round(
            percentile(
              labels.map((run) => run.nextPaintMs),
              95,
            ),
            1,
          ),
          busy_after_paint_ms: round(median(labels.map((run) => run.busyAfterMs)), 1),
          // What "painted" costs with no work at all: a 1-pixel element appended to the body, then
          // the same stamps. The label figure cannot go below it.
          double_raf_floor_ms: round(floorMs, 1),
          double_raf_floor_p95_ms: round(
            percentile(
              floors.map((run) => run.ms),
              95,
            ),
            1,
          ),
          next_paint_floor_ms: round(median(floors.map((run) => run.nextPaintMs)), 1),
          runs_ms: totals.map((value) => round(value, 1)),
        },
        label_ms_p95: { summary: `p95 of ${labels.length} labels (max ${ms(Math.max(...totals))})` },
      },
    };
  } finally {
    await context.close();
  }
}

// ---- the harness page: import, export, memory ----------------------------------------------------

async function newHarnessPage(browser, harnessUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`harness error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.error(`harness console: ${message.text()}`));
  await page.goto(new URL('harness.html', harnessUrl).href);
  await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true');
  return { context, page };
}

async function prepareCorpus(page, options) {
  const summary = await page.evaluate((corpus) => window.bench.prepareCorpus(corpus), options);
  log(
    `generated ${summary.documents} documents, ${summary.spans} spans, ${(summary.bytes / MiB).toFixed(1)} MB of native JSONL in the page (${ms(summary.generateMs)})`,
  );
  return summary;
}

async function measureImport(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    // Warm-up on a tenth of the corpus (another seed): JIT and IndexedDB warm, half a minute saved.
    await prepareCorpus(page, {
      ...DATA.corpus,
      seed: DATA.corpus.seed + 100,
      documents: DATA.corpus.documents / 10,
      keepRecords: true,
    });
    for (let run = 0; run < RUNS.importWarmup; run++) {
      const viaApp = await page.evaluate(() => window.bench.importWithApp());
      const viaBulkPut = await page.evaluate(() => window.bench.importWithBulkPut());
      log(`import warm-up (a tenth of the corpus): FileImport ${ms(viaApp.ms)}, bulkPut ${ms(viaBulkPut.ms)}`);
    }
    const corpus = await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const app = [];
    const bare = [];
    for (let run = 0; run < RUNS.import; run++) {
      const viaApp = await page.evaluate(() => window.bench.importWithApp());
      const viaBulkPut = await page.evaluate(() => window.bench.importWithBulkPut());
      if (viaApp.documents !== corpus.documents || viaApp.spans !== corpus.spans)
        throw new Error(`import stored ${viaApp.documents} documents and ${viaApp.spans} spans`);
      log(
        `import ${run + 1}/${RUNS.import}: FileImport ${ms(viaApp.ms)} (analyse ${ms(viaApp.analyseMs)}, commit ${ms(viaApp.commitMs)}), bulkPut ${ms(viaBulkPut.ms)}`,
      );
      app.push(viaApp);
      bare.push(viaBulkPut.ms);
    }
    // One run of the app's storage shape without the importer's code, to split the gap.
    const batched = await page.evaluate(() => window.bench.importWithBatchedBulkPut());
    log(
      `import breakdown: the app's rows (documents, spans, summaries) in 1,000-record transactions with bulkPut: ${ms(batched.ms)}`,
    );
    const appMs = median(app.map((run) => run.ms));
    const bareMs = median(bare);
    return {
      import_ratio: round(appMs / bareMs),
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
      },
    };
  } finally {
    await context.close();
  }
}

async function measureExport(browser, harnessUrl) {
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
    for (let run = -RUNS.exportWarmup; run < RUNS.export; run++) {
      const viaApp = await page.evaluate(() => window.bench.exportWithApp());
      const viaStringify = await page.evaluate(() => window.bench.exportWithStringify());
      const viaSerializer = await page.evaluate(() => window.bench.exportWithSerializer());
      const read = await page.evaluate(() => window.bench.readEverything());
      const documentRead = await page.evaluate(() => window.bench.readDocuments());
      const blob = await page.evaluate(() => window.bench.blobOfBaseline());
      const label = run < 0 ? 'warm-up' : `${run + 1}/${RUNS.export}`;
      log(
        `export ${label}: exportRecords ${ms(viaApp.ms)}, serializeRecords ${ms(viaSerializer.ms)}, JSON.stringify ${ms(viaStringify.ms)}; reading every row ${ms(read.ms)}, the documents alone ${ms(documentRead.ms)}; a Blob of the text ${ms(blob.ms)}`,
      );
      if (run >= 0) {
        app.push(viaApp);
        plain.push(viaStringify.ms);
        serializer.push(viaSerializer.ms);
        reads.push(read.ms);
        documentReads.push(documentRead.ms);
        blobs.push(blob.ms);
      }
    }
    const appMs = median(app.map((run) => run.ms));
    const plainMs = median(plain);
    const serializeMs = median(serializer);
    return {
      export_ratio: round(appMs / plainMs),
      export_serialize_ratio: round(serializeMs / plainMs),
      details: {
        export_ratio: {
          summary: `exportRecords ${ms(appMs)} ÷ JSON.stringify ${ms(plainMs)} (${(app[0].bytes / MiB).toFixed(1)} MB out)`,
          app_ms: round(appMs, 1),
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

async function measureMemory(browser, harnessUrl, corpusBytes) {
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

// ---- bundle ----------------------------------------------------------------------------------------

/**
 * Every JavaScript file the first page loads: the module scripts and modulepreloads of index.html
 * and, transitively, the chunks they import statically (dynamic `import()` is not followed).
 */
function firstLoadJavaScript(outDir) {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/gu),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gu),
  ].map((match) => match[1]);
  const seen = new Set();
  const queue = entries.map((path) => join(outDir, path.replace(/^\//u, '')));
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports and re-exports: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`.
    for (const match of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["']([^"']+\.js)["']/gu)) {
      if (match[1].startsWith('.') || match[1].startsWith('/')) queue.push(join(dirname(file), match[1]));
    }
  }
  return [...seen];
}

function measureBundle(outDir, loadedInBrowser) {
  // The static walk, plus what the browser fetched on the first load (chunks imported dynamically
  // at start-up, such as the service worker glue, count too: the first page loads them).
  const fetched = loadedInBrowser
    .map((path) => join(outDir, path.replace(/^\//u, '')))
    .filter((file) => existsSync(file));
  const files = [...new Set([...firstLoadJavaScript(outDir), ...fetched])];
  const sizes = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(outDir, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const gzip = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
  const raw = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
  const statically = new Set(firstLoadJavaScript(outDir).map((file) => `/${relative(outDir, file)}`));
  const worker = join(outDir, 'sw.js');
  const workerGzip = existsSync(worker) ? gzipSync(readFileSync(worker), { level: 9 }).length : null;
  return {
    bundle_gzip_kb: round(gzip / 1024, 1),
    details: {
      bundle_gzip_kb: {
        summary: `${sizes.length} file(s), ${(raw / 1024).toFixed(1)} KB raw`,
        files: sizes,
        // What the browser actually fetched on the first load, as a cross-check of the static walk.
        loaded_in_browser: loadedInBrowser,
        loaded_in_browser_not_in_static_walk: loadedInBrowser.filter((path) => !statically.has(path)),
        // The service worker script is fetched by the browser for registration, not by the page: not counted.
        service_worker_gzip_kb: workerGzip === null ? null : round(workerGzip / 1024, 1),
      },
    },
  };
}

// ---- agreement -------------------------------------------------------------------------------------

/**
 * Time to compute corpus agreement (token Cohen's kappa and exact-match span F1) for two layers of
 * the 10,000-document corpus with `corpusAgreement` from src/lib/model/agreement.ts. An absolute
 * figure (target ≤ 1,000 ms), as the issue asks: there is no same-page baseline for it.
 */
async function measureAgreement(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const runs = [];
    for (let run = -1; run < RUNS.export; run++) {
      const result = await page.evaluate(() => window.bench.agreementWithApp());
      log(
        `agreement ${run < 0 ? 'warm-up' : `${run + 1}/${RUNS.export}`}: ${ms(result.ms)} for ${result.documents} documents (kappa ${result.kappa?.toFixed(3)}, F1 ${result.f1?.toFixed(3)})`,
      );
      if (run >= 0) runs.push(result);
    }
    const median_ms = median(runs.map((run) => run.ms));
    return {
      agreement_ms: round(median_ms, 1),
      details: {
        agreement_ms: {
          summary: `corpusAgreement over ${runs[0].documents} document pairs (~${DATA.corpus.spansPerDocument} spans each per layer)`,
          documents: runs[0].documents,
          kappa: runs[0].kappa,
          f1: runs[0].f1,
          runs_ms: runs.map((run) => round(run.ms, 1)),
        },
      },
    };
  } finally {
    await context.close();
  }
}

// ---- main ---------------------------------------------------------------------------------------------

/** `af1c359` or `af1c359+changes` when the working tree differs from it; null outside git. */
function gitDescribe() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const changed = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts', 'package.json'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    return changed ? `${commit}+changes` : commit;
  } catch {
    return null;
  }
}

async function main() {
  const executablePath = ensureChromium();
  const chromiumVersion = execFileSync(executablePath, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  log(
    `${chromiumVersion}; ${os.cpus().length} CPUs; load average ${loadAtStart.join(' ')}; ${QUICK ? 'quick run' : 'full run'}`,
  );
  if (PROFILE) {
    const { runProfile } = await import('./profile.js');
    return runProfile({
      executablePath,
      buildApp,
      serve,
      newAppPage,
      importThroughApp,
      openData,
      pickTargets,
      openOther,
      openMeasured,
      labelMeasured,
      log,
      appOutDir: APP_OUT,
      skipBuild: process.argv.includes('--no-build'),
      corpus: DATA.corpus,
    });
  }

  if (process.argv.includes('--no-build')) log('using the existing builds in bench/dist (--no-build)');
  else {
    log('building the app (vite build → bench/dist/app) and the harness (bench/dist/harness)…');
    buildApp({ outDir: APP_OUT, minify: true });
    buildHarness();
  }
  const app = await serve({ root: ROOT, build: { outDir: APP_OUT } });
  const harness = await serve({ configFile: join(BENCH, 'vite.config.ts') });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  log(`serving the app at ${app.url} and the harness at ${harness.url}`);

  const results = {};
  const details = {};
  const failures = [];
  const take = (part) => {
    if (!part) return;
    const { details: partDetails, ...figures } = part;
    Object.assign(results, figures);
    Object.assign(details, partDetails);
  };
  const group = async (name, measure) => {
    if (ONLY && !ONLY.includes(name.split(' ')[0])) return null;
    try {
      return await measure();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`bench: ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return null;
    }
  };

  try {
    const openAndLabel = await group('open and label', () => measureOpenAndLabel(browser, app.url));
    const firstLoadScripts = openAndLabel?.firstLoadScripts ?? [];
    if (openAndLabel) delete openAndLabel.firstLoadScripts;
    take(openAndLabel);
    const imported = await group('import', () => measureImport(browser, harness.url));
    const corpusBytes = imported?.corpusBytes;
    if (imported) delete imported.corpusBytes;
    take(imported);
    take(await group('export', () => measureExport(browser, harness.url)));
    take(await group('agreement', () => measureAgreement(browser, harness.url)));
    take(await group('memory', () => measureMemory(browser, harness.url, corpusBytes)));
    take(await group('bundle', async () => measureBundle(APP_OUT, firstLoadScripts)));
  } finally {
    await browser.close();
    await app.close();
    await harness.close();
  }

  const keys = [
    'open_ratio',
    'label_ms_median',
    'label_ms_p95',
    'import_ratio',
    'export_ratio',
    'export_serialize_ratio',
    'agreement_ms',
    'bundle_gzip_kb',
    'import_peak_mb',
    'import_peak_mb_30',
  ];
  const output = {
    meta: {
      date: new Date().toISOString(),
      chromium: chromiumVersion,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model?.trim() ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      // Which code was measured: src/ changes under the bench, so every result names its commit.
      commit: gitDescribe(),
      runs: { open: RUNS.open, label: RUNS.label, import: RUNS.import, export: RUNS.export, memory: 1 },
      warmup: { open: RUNS.openWarmup, label: RUNS.labelWarmup, import: RUNS.importWarmup, export: RUNS.exportWarmup },
      quick: QUICK,
      // Other work on the machine skews timings: the load averages say how busy it was.
      load_average_start: loadAtStart,
      load_average_end: os.loadavg().map((value) => round(value)),
      seconds: round((performance.now() - started) / 1000, 1),
      failures,
    },
    ...Object.fromEntries(keys.map((key) => [key, results[key] ?? null])),
    details,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(output, null, 2)}\n`);
  printTable(output);
  const docs = QUICK || ONLY ? 'not touched (quick or partial run)' : updateDocs(DOCS, output);
  console.log(`\nwrote ${relative(ROOT, RESULTS)}; docs/performance.md ${docs}; ${output.meta.seconds} s in all`);
  if (failures.length > 0) {
    console.error(`bench: ${failures.length} group(s) failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
