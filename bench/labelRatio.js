// label_ratio's loop, shared by the open group and the sync group (sync on against sync off): each
// label (a drag, then key 1) is followed by its floor (a key → a bare IndexedDB put of one span row →
// a trivial DOM change → the first frame's end, labelFloor.js), so each pair is measured back to back.
import { RUNS, log, ms } from './config.js';
import { labelMeasured } from './appPage.js';
import { median, percentile, round } from './report.js';

/**
 * Labels `targets` (the first RUNS.labelWarmup are warm-up) with the floor interleaved, and returns
 * the labels, their floors and the ratio of their medians (and p95s). `group` names the log lines.
 */
export async function measureLabelRatio(page, targets, group = 'label') {
  const labels = [];
  const putFloors = [];
  await page.evaluate(() => window.__benchFloor.open());
  for (let index = 0; index < targets.length; index++) {
    const warmup = index < RUNS.labelWarmup;
    const result = await labelMeasured(page, targets[index]);
    await page.evaluate(() => window.__benchFloor.arm({ key: 'F8' }));
    await page.keyboard.press('F8');
    const floor = await page.evaluate(() => window.__benchResult);
    await page.evaluate(() => window.__bench.quiet(150));
    if (!warmup) {
      labels.push(result);
      putFloors.push(floor);
    }
    if (warmup || labels.length % 5 === 0) {
      log(
        `${group} ${warmup ? `warm-up ${index + 1}/${RUNS.labelWarmup}` : `${labels.length}/${targets.length - RUNS.labelWarmup}`}: ${ms(result.ms)} (committed at ${result.committedMs === null ? '?' : ms(result.committedMs)}, shown at ${ms(result.shownMs)})`,
      );
    }
  }
  await page.evaluate(() => window.__benchFloor.close());
  const labelNextPaint = labels.map((run) => run.nextPaintMs);
  const floorNextPaint = putFloors.map((run) => run.nextPaintMs);
  log(
    `${group} label_ratio: key → first frame's end ${ms(median(labelNextPaint))} ÷ key → bare put → DOM change → first frame's end ${ms(median(floorNextPaint))}`,
  );
  return {
    labels,
    putFloors,
    labelNextPaint,
    floorNextPaint,
    ratio: round(median(labelNextPaint) / median(floorNextPaint)),
    ratioP95: round(percentile(labelNextPaint, 95) / percentile(floorNextPaint, 95)),
  };
}
