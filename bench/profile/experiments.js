// The profiler's what-if experiments on the minified app: CSS rules added from the outside, with
// the open and label medians of each (how much of the times is the span list's layout, and how
// much is laying out off-screen lines). Also opens the big document for the profiled runs.
import {
  importThroughApp,
  labelMeasured,
  newAppPage,
  openData,
  openMeasured,
  openOther,
  pickTargets,
} from '../appPage.js';
import { log } from '../config.js';
import { median } from '../report.js';

const EXPERIMENT_OPENS = 2;
const EXPERIMENT_LABELS = 12;

const LINES_SKIPPED = '.doc-text .line { content-visibility: auto; contain-intrinsic-size: auto 1.85em; }';
const EXPERIMENTS = [
  { name: 'as built', rules: [] },
  { name: 'span list not rendered (display: none)', rules: ['.span-list { display: none !important; }'] },
  {
    name: 'highlights: plain fill (no color-mix, radius, padding or cloned box decoration)',
    rules: [
      '.hl, .hl[data-depth] { background-color: #fde68a !important; border-radius: 0 !important; padding-bottom: 0 !important; box-decoration-break: slice !important; -webkit-box-decoration-break: slice !important; }',
    ],
  },
  {
    name: 'document text in a layer of its own (will-change: transform)',
    rules: ['.doc-text { will-change: transform; }'],
  },
  { name: 'document lines content-visibility: auto', rules: [LINES_SKIPPED] },
  {
    name: 'span list not rendered + plain fill + text in its own layer',
    rules: [
      '.span-list { display: none !important; }',
      '.hl, .hl[data-depth] { background-color: #fde68a !important; border-radius: 0 !important; padding-bottom: 0 !important; box-decoration-break: slice !important; -webkit-box-decoration-break: slice !important; }',
      '.doc-text { will-change: transform; }',
    ],
  },
];

/**
 * Imports the big document through the app, opens it once (warm) after another document, lets the
 * page go quiet, and returns the other document's id and how many highlight elements it shows.
 */
export async function openBigDocument(page, record, lines) {
  const otherId = await page.locator('[data-testid=doc-item]').first().getAttribute('data-doc-id');
  await importThroughApp(page, record);
  await openOther(page, otherId);
  await openMeasured(page, record, lines, 1);
  await page.evaluate(() => window.__bench.quiet(500));
  const highlights = await page.evaluate(() => document.querySelectorAll('[data-testid=doc-text] .hl').length);
  return { otherId, highlights };
}

/** Runs the experiments in one page of the minified app (rules added and removed in turn). */
export async function runExperiments(browser, appUrl) {
  const { context, page } = await newAppPage(browser, appUrl);
  const { record, candidates, lines } = openData();
  const results = [];
  try {
    const { otherId, highlights } = await openBigDocument(page, record, lines);
    const targets = await pickTargets(page, candidates, 3 + EXPERIMENTS.length * EXPERIMENT_LABELS);
    let target = 0;
    for (; target < 3; target++) await labelMeasured(page, targets[target]);
    for (const experiment of EXPERIMENTS) {
      const added = await page.evaluate((rules) => window.__bench.addRules(rules), experiment.rules);
      const opens = [];
      for (let run = 0; run < EXPERIMENT_OPENS; run++) {
        await openOther(page, otherId);
        opens.push(await openMeasured(page, record, lines, highlights));
      }
      const labels = [];
      for (let run = 0; run < EXPERIMENT_LABELS; run++) labels.push(await labelMeasured(page, targets[target++]));
      await page.evaluate((count) => window.__bench.removeRules(count), added);
      const row = {
        experiment: experiment.name,
        open_ms: Math.round(median(opens.map((run) => run.ms))),
        label_ms: Math.round(median(labels.map((run) => run.ms)) * 10) / 10,
        label_shown_ms: Math.round(median(labels.map((run) => run.shownMs)) * 10) / 10,
        // The end of the first frame showing the highlight: label_ratio's numerator.
        label_next_paint_ms: Math.round(median(labels.map((run) => run.nextPaintMs)) * 10) / 10,
        busy_after_label_ms: Math.round(median(labels.map((run) => run.busyAfterMs))),
      };
      results.push(row);
      log(
        `experiment "${row.experiment}": open ${row.open_ms} ms, label ${row.label_ms} ms (in DOM at ${row.label_shown_ms} ms, first frame done at ${row.label_next_paint_ms} ms), busy after label ${row.busy_after_label_ms} ms`,
      );
    }
  } finally {
    await context.close();
  }
  return results;
}
