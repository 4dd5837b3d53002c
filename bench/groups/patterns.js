// Group "patterns": patterns_ms and patterns_longest_task_ms. A fixed set of 145 match patterns
// (bench/harness/patterns.ts) matched over the 10,000-document corpus in the app's Worker, in the
// harness page, with the page's long tasks counted meanwhile, as the near-duplicate search is.
import { DATA, RUNS, log, ms } from '../config.js';
import { newHarnessPage, prepareCorpus } from '../harnessPage.js';
import { median, round } from '../report.js';

export async function measurePatterns(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const runs = [];
    for (let run = -1; run < RUNS.export; run++) {
      const result = await page.evaluate(() => window.bench.patternsInWorker());
      log(
        `patterns ${run < 0 ? 'warm-up' : `${run + 1}/${RUNS.export}`}: ${ms(result.ms)} for ${result.patterns} patterns over ${result.documents} documents in a Worker, ${result.matches} matches; longest main-thread task ${ms(result.longestTaskMs)} (${result.longTasks} over 50 ms)`,
      );
      if (run >= 0) runs.push(result);
    }
    return {
      patterns_ms: round(median(runs.map((run) => run.ms)), 1),
      patterns_longest_task_ms: round(Math.max(...runs.map((run) => run.longestTaskMs)), 1),
      details: {
        patterns_ms: {
          summary: `${runs[0].patterns} match patterns (phrases, LOWER, IN, REGEX, IS_DIGIT, ? + * {0,3}) over ${runs[0].documents} documents in the app's Worker, from the call to the last matches (${runs[0].matches} matches)`,
          runs_ms: runs.map((run) => round(run.ms, 1)),
        },
        patterns_longest_task_ms: {
          summary: `the longest main-thread task while the Worker matched (${Math.max(...runs.map((run) => run.longTasks))} tasks over 50 ms at most in a run)`,
        },
      },
    };
  } finally {
    await context.close();
  }
}
