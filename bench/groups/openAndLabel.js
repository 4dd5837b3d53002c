// Group "open" (`--only=open`): open_ratio, label_ratio, label_ms_median and label_ms_p95. A 1 MB document with
// 10,000 spans is imported through the app's import dialog, opened against a plain <pre> of the
// same text, then labelled word by word with the mouse and a key (docs/performance.md).
import { MiB, RUNS, log, ms } from '../config.js';
import {
  importThroughApp,
  linesInView,
  newAppPage,
  openData,
  openMeasured,
  openOther,
  pickTargets,
  spanCount,
} from '../appPage.js';
import { measureLabelRatio } from '../labelRatio.js';
import { median, percentile, round } from '../report.js';

export async function measureOpenAndLabel(browser, appUrl) {
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
    // Measured: until the lines on screen (at the top) are drawn with all their highlights.
    const { viewLines, highlightsInView } = await linesInView(page);
    log(`open: ${viewLines} lines on screen at the top, with ${highlightsInView} highlight elements`);
    for (let run = 1; run < RUNS.openWarmup; run++) {
      await openOther(page, otherId);
      await openMeasured(page, record, lines, highlightsInView, undefined, viewLines);
    }
    const app = [];
    const plain = [];
    for (let run = 0; run < RUNS.open; run++) {
      await openOther(page, otherId);
      const opened = await openMeasured(page, record, lines, highlightsInView, undefined, viewLines);
      // Every highlight is drawn soon after (the probe's count is of the lines on screen).
      await page.waitForFunction(
        (count) => document.querySelectorAll('[data-testid=doc-text] .hl').length >= count,
        highlights,
      );
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

    // The JS heap (after two collections) with a small document open, then with the 1 MB one.
    const cdp = await context.newCDPSession(page);
    const heapMb = async () => {
      await page.evaluate(() => window.__bench.quiet(300));
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'JSHeapUsedSize').value / MiB;
    };
    await cdp.send('Performance.enable');
    await openOther(page, otherId);
    const smallHeapMb = await heapMb();
    await openMeasured(page, record, lines, highlights);
    const openHeapMb = await heapMb();
    await cdp.detach();
    log(
      `open heap: ${openHeapMb.toFixed(1)} MB with the 1 MB document open, ${smallHeapMb.toFixed(1)} MB with a small one`,
    );

    // Labelling, on the same document, still open (at its top).
    if ((await spanCount(page)) !== record.spans.length)
      throw new Error(`the span list shows ${await spanCount(page)} spans, expected ${record.spans.length}`);
    const targets = await pickTargets(page, candidates, RUNS.labelWarmup + RUNS.label);
    const { labels, putFloors, labelNextPaint, floorNextPaint, ratio, ratioP95 } = await measureLabelRatio(
      page,
      targets,
    );
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
    // Label i over floor i: each pair measured back to back, under the same load.
    const ratios = labels.map((run, index) => run.nextPaintMs / putFloors[index].nextPaintMs);
    return {
      label_ratio: ratio,
      label_ratio_p95: ratioP95,
      open_ratio: round(openMs / preMs),
      open_heap_mb: round(openHeapMb, 1),
      label_ms_median: round(median(totals), 1),
      label_ms_p95: round(percentile(totals, 95), 1),
      firstLoadScripts,
      details: {
        open_heap_mb: {
          summary: `JS heap after two collections with the 1 MB, ${record.spans.length.toLocaleString('en')}-span document open (${openHeapMb.toFixed(1)} MB) and with a small one (${smallHeapMb.toFixed(1)} MB); the page also holds the bench's copy of the text (about ${((record.text.length * 2) / MiB).toFixed(1)} MB)`,
          small_document_mb: round(smallHeapMb, 1),
        },
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
        label_ratio: {
          summary: `key → the first frame showing the highlight ${ms(median(labelNextPaint))} ÷ key → a bare IndexedDB put of one span row → a 1-pixel element → the first frame's end ${ms(median(floorNextPaint))} (medians of ${labels.length}, interleaved)`,
          label_next_paint_ms: round(median(labelNextPaint), 1),
          floor_next_paint_ms: round(median(floorNextPaint), 1),
          label_next_paint_p95_ms: round(percentile(labelNextPaint, 95), 1),
          floor_next_paint_p95_ms: round(percentile(floorNextPaint, 95), 1),
          median_of_pair_ratios: round(median(ratios)),
          floor_double_raf_ms: round(median(putFloors.map((run) => run.ms)), 1),
        },
        label_ms_p95: { summary: `p95 of ${labels.length} labels (max ${ms(Math.max(...totals))})` },
      },
    };
  } finally {
    await context.close();
  }
}
