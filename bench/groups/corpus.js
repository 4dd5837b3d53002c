// Group "corpus": corpus_label_long_tasks_ms and corpus_label_ms_median. The 10,000-document,
// 100,000-span native JSONL corpus the harness groups use is imported through the app's import
// dialog, one of its documents is opened from the document list, and words on screen are labelled
// as in the open group (a drag, then a key). Labelling in a big corpus must leave no long task:
// the figure is the worst label's sum of long tasks from the key until the page is quiet.
import { DATA, MiB, RUNS, log, ms } from '../config.js';
import { importFileThroughApp, labelMeasured, newAppPage, pickTargets, spanCount } from '../appPage.js';
import { createRandom, generateRecord, labelCandidates, nativeLine } from '../generate.js';
import { median, round } from '../report.js';

/** The import of 31.6 MB through the app's UI: IndexedDB on these machines is slow. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;
/** Handing the file to the page (base64 over the DevTools protocol). */
const INPUT_TIMEOUT_MS = 5 * 60_000;
/** Opening one document of the stored corpus, its layer read included. */
const SHOW_TIMEOUT_MS = 5 * 60_000;

/**
 * The corpus as one native JSONL file, generated exactly as the harness page generates it
 * (bench/harness/corpus.ts: the same seed, ids, sizes and order), and the first document with the
 * word table a labeller's targets come from.
 */
function corpusFile() {
  const random = createRandom(DATA.corpus.seed);
  const lines = [];
  let spans = 0;
  let first = null;
  for (let index = 0; index < DATA.corpus.documents; index++) {
    const generated = generateRecord(random, {
      id: `doc-${String(index).padStart(6, '0')}`,
      length: DATA.corpus.length,
      spans: DATA.corpus.spansPerDocument,
    });
    first ??= generated;
    spans += generated.record.spans.length;
    lines.push(nativeLine(generated.record), '\n');
  }
  return { buffer: Buffer.from(lines.join(''), 'utf8'), documents: DATA.corpus.documents, spans, first };
}

/** Runs of the switch and the startup figures (after one warm-up each). */
const SWITCHES = 10;
const STARTUPS = 3;

/**
 * N pressed in the document list's order: from the key down to the first frame that shows the next document's text
 * with its highlights (the next row current, its text drawn, a highlight in it), in the page's clock.
 */
async function switchMeasured(page) {
  const before = await page.evaluate(() => {
    const current = document.querySelector('[data-testid=doc-item][aria-current=true]')?.getAttribute('data-doc-id');
    addEventListener('keydown', () => (window.__switchKey = performance.now()), { capture: true, once: true });
    return current;
  });
  await page.keyboard.press('n');
  const shown = await page.waitForFunction(
    (previous) => {
      const current = document.querySelector('[data-testid=doc-item][aria-current=true]')?.getAttribute('data-doc-id');
      const text = document.querySelector('[data-testid=doc-text]');
      return current && current !== previous && text?.querySelector('.hl') ? performance.now() : false;
    },
    before,
    { polling: 'raf', timeout: SHOW_TIMEOUT_MS },
  );
  return (await shown.jsonValue()) - (await page.evaluate(() => window.__switchKey));
}

/** A reload of `page`: from navigation start until the open document's text is on screen, in the page's clock. */
export async function startupMeasured(page) {
  await page.reload();
  const shown = await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length > 0 ? performance.now() : false,
    null,
    { polling: 'raf', timeout: SHOW_TIMEOUT_MS },
  );
  return shown.jsonValue();
}

/** The page's JS heap after a full garbage collection, in MB (over CDP). */
export async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / MiB;
  } finally {
    await cdp.detach();
  }
}

/**
 * Startup `STARTUPS` times after a warm-up: the median, every run, and the heap after each start
 * once `settled` resolves (by default, once the page is quiet: the near-duplicate search's reading
 * included) and collected.
 */
export async function startups(page, what, settled = () => page.evaluate(() => window.__bench.quiet(1000))) {
  const runs = [];
  const heaps = [];
  let warmUpMs = 0;
  for (let run = -1; run < STARTUPS; run++) {
    const shownMs = await startupMeasured(page);
    await settled();
    const heapMb = await heapAfterGc(page);
    if (run >= 0) {
      runs.push(shownMs);
      heaps.push(heapMb);
    } else warmUpMs = shownMs;
    log(
      `startup ${what} ${run < 0 ? 'warm-up' : `${run + 1}/${STARTUPS}`}: text shown ${ms(shownMs)} after the reload; heap ${heapMb.toFixed(1)} MB once quiet`,
    );
  }
  return { median: median(runs), runs, heapMb: median(heaps), heaps, warmUpMs };
}

/**
 * Makes sure the page's long-task observer sees long tasks: a 120 ms busy task must show up in
 * `busySince`. Without it, a figure of 0 ms could mean "not measured".
 */
async function checkLongTaskProbe(page) {
  const seen = await page.evaluate(async () => {
    const started = await new Promise((resolve) =>
      setTimeout(() => {
        const at = performance.now();
        while (performance.now() - at < 120);
        resolve(at);
      }, 0),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    return window.__bench.busySince(started - 5);
  });
  if (!(seen >= 100))
    throw new Error(`the long-task probe saw ${seen} ms of a 120 ms task: long tasks are not observed`);
}

export async function measureCorpus(browser, appUrl) {
  const generatedAt = performance.now();
  const { buffer, documents, spans, first } = corpusFile();
  const { record, generated } = first;
  const lines = record.text.split('\n').length;
  log(
    `corpus: generated ${documents} documents, ${spans} spans, ${(buffer.length / MiB).toFixed(1)} MB of native JSONL in Node (${ms(performance.now() - generatedAt)})`,
  );
  const { context, page } = await newAppPage(browser, appUrl);
  try {
    // Startup with the five default documents, the baseline of startup_ratio, in this page before the import.
    const small = await startups(page, 'with the 5 default documents');
    log('corpus: importing it through the import dialog (minutes: IndexedDB is slow here)…');
    const imported = await importFileThroughApp(page, {
      name: 'bench-corpus.jsonl',
      buffer,
      timeout: IMPORT_TIMEOUT_MS,
      inputTimeout: INPUT_TIMEOUT_MS,
    });
    log(
      `corpus: file handed over and checked in ${(imported.analyseMs / 1000).toFixed(1)} s, imported in ${(imported.importMs / 1000).toFixed(1)} s${imported.detected ? '' : ' (format chosen by hand)'}`,
    );
    const row = page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`);
    await row.waitFor();
    await page.evaluate(() => window.__bench.quiet(1000));
    const clicked = performance.now();
    await row.click();
    // A short text is drawn at once and its layer read after; on a loaded machine with 10,000
    // documents stored, that read can take longer than any quiet period: wait for the spans.
    await page.waitForFunction(
      ({ id, lineCount, spanTotal }) =>
        document
          .querySelector(`[data-testid=doc-item][data-doc-id="${CSS.escape(id)}"]`)
          ?.getAttribute('aria-current') === 'true' &&
        document.querySelector('[data-testid=doc-text]')?.getElementsByClassName('line').length === lineCount &&
        Number(document.querySelector('.span-panel .count')?.textContent) === spanTotal &&
        document.querySelectorAll('[data-testid=doc-text] .hl').length >= spanTotal,
      { id: record.id, lineCount: lines, spanTotal: record.spans.length },
      { timeout: SHOW_TIMEOUT_MS },
    );
    const shownMs = performance.now() - clicked;
    await page.evaluate(() => window.__bench.quiet(500));
    log(
      `corpus: opened ${record.id} from the document list; its ${record.spans.length} spans shown after ${ms(shownMs)}`,
    );
    await checkLongTaskProbe(page);

    const candidates = labelCandidates(generated, record.spans, lines);
    const targets = await pickTargets(page, candidates, RUNS.corpusLabelWarmup + RUNS.corpusLabel, 'corpus');
    const labels = [];
    for (let index = 0; index < targets.length; index++) {
      const warmup = index < RUNS.corpusLabelWarmup;
      const result = await labelMeasured(page, targets[index]);
      if (!warmup) labels.push(result);
      log(
        `corpus label ${warmup ? `warm-up ${index + 1}/${RUNS.corpusLabelWarmup}` : `${labels.length}/${RUNS.corpusLabel}`}: ${ms(result.ms)}, long tasks from the key until quiet ${ms(result.busyFromKeyMs)}`,
      );
    }
    const stored = await spanCount(page);
    if (stored !== record.spans.length + targets.length)
      throw new Error(
        `after labelling the span list shows ${stored} spans, expected ${record.spans.length + targets.length}`,
      );
    // Switching: N to the next document of the list, in the 10,000-document corpus.
    const switches = [];
    for (let run = -1; run < SWITCHES; run++) {
      const switchMs = await switchMeasured(page);
      if (run >= 0) switches.push(switchMs);
      log(`switch ${run < 0 ? 'warm-up' : `${run + 1}/${SWITCHES}`}: N → next document shown ${ms(switchMs)}`);
      await page.evaluate(() => window.__bench.quiet(300));
    }
    // Startup with the whole corpus stored, against the five documents before the import.
    const big = await startups(page, `with ${documents} documents`);
    const busy = labels.map((run) => run.busyFromKeyMs);
    const totals = labels.map((run) => run.ms);
    const worst = Math.max(...busy);
    const importSeconds = round(imported.importMs / 1000, 1);
    const corpus = {
      documents,
      spans,
      file_bytes: buffer.length,
      format_detected: imported.detected,
      analyse_s: round(imported.analyseMs / 1000, 1),
      import_s: importSeconds,
      document: {
        id: record.id,
        utf16_length: record.text.length,
        lines,
        spans: record.spans.length,
        shown_ms: round(shownMs, 1),
      },
    };
    return {
      startup_ratio: round(big.median / small.median),
      startup_heap_mb: round(big.heapMb, 1),
      switch_ms_median: round(median(switches), 1),
      corpus_label_long_tasks_ms: round(worst, 1),
      corpus_label_ms_median: round(median(totals), 1),
      details: {
        startup_ratio: {
          summary: `reload → the open document's text shown: ${ms(big.median)} with ${documents} documents and ${spans} spans stored ÷ ${ms(small.median)} with the 5 default documents (medians of ${STARTUPS})`,
          big_ms: round(big.median, 1),
          small_ms: round(small.median, 1),
          runs_big_ms: big.runs.map((value) => round(value, 1)),
          runs_small_ms: small.runs.map((value) => round(value, 1)),
        },
        startup_heap_mb: {
          summary: `the JS heap after a start with ${documents} documents and ${spans} spans stored, once quiet and collected (median of ${STARTUPS}); ${round(small.heapMb, 1)} MB with the 5 default documents`,
          runs_mb: big.heaps.map((value) => round(value, 1)),
          small_mb: round(small.heapMb, 1),
        },
        switch_ms_median: {
          summary: `N → the next document's text and highlights shown (first frame, rAF polling), median of ${SWITCHES} in the ${documents}-document corpus of ${DATA.corpus.length}-character documents`,
          runs_ms: switches.map((value) => round(value, 1)),
        },
        corpus_label_long_tasks_ms: {
          summary: `worst of ${labels.length} labels, long tasks from the key until 400 ms quiet; ${documents} documents, ${spans} spans (import ${importSeconds} s)`,
          labels_with_long_tasks: busy.filter((value) => value > 0).length,
          runs: labels.length,
          warmup: RUNS.corpusLabelWarmup,
          ...corpus,
          runs_long_tasks_ms: busy.map((value) => round(value, 1)),
        },
        corpus_label_ms_median: {
          summary: `key → double rAF, median of ${labels.length} labels in a ${documents}-document corpus (max ${ms(Math.max(...totals))})`,
          runs: labels.length,
          documents,
          spans,
          import_s: importSeconds,
          shown_ms: round(median(labels.map((run) => run.shownMs)), 1),
          committed_ms: round(
            median(labels.filter((run) => run.committedMs !== null).map((run) => run.committedMs)),
            1,
          ),
          runs_ms: totals.map((value) => round(value, 1)),
        },
      },
    };
  } finally {
    await context.close();
  }
}
