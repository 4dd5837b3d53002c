// `node bench/profile/labelFrame.js [--no-build] [--labels=8] [--unminified]`: a Chromium trace of
// label_ratio's frames, broken down. In the app page, with the open group's 1 MB, 10,000-span
// document open: real labels (drag, key 1 → the end of the first frame showing the highlight) with
// the floor after each (F8 → a bare IndexedDB put → a 1-pixel element → the frame's end), then the
// same kind of word wrapped in a highlight by hand (F9, no app code) and a 1-pixel element alone
// (F10). Then the same probes in a plain page holding a copy of the app's document DOM and the
// app's stylesheet, in a scroller of the same size, with no script. Writes
// bench/dist/profile/label-frame.json (every window) and label-frame-trace.json (the raw trace),
// and prints each kind's medians. Wrap runs as `flock /tmp/spanwright-bench.lock node …`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.js';
import { labelMeasured, newAppPage, openData, pickTargets } from '../appPage.js';
import { APP_OUT, PROFILE_APP_OUT, PROFILE_OUT, ROOT, log } from '../config.js';
import { installPageProbes } from '../pageProbes.js';
import { median } from '../report.js';
import { buildApp, serve } from '../serve.js';
import { openBigDocument } from './experiments.js';
import { sourceMapper } from './cpu.js';
import { cpuTimeline } from './cpuTimeline.js';
import { breakDown, byCategory, marksNamed, threadsOf } from './frameTrace.js';
import { installHandProbes } from './handProbes.js';

const LABELS = Number(process.argv.find((argument) => argument.startsWith('--labels='))?.slice(9) ?? 8);
/** `--cpu`: no trace; V8 CPU profiles of the labels (unminified build, source-mapped) as timelines. */
const CPU = process.argv.includes('--cpu');
const UNMINIFIED = CPU || process.argv.includes('--unminified');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'blink.user_timing',
  'cc',
  'toplevel',
  'v8.execute',
  'IndexedDB',
  'benchmark',
  'disabled-by-default-devtools.timeline.stack',
];

async function startTracing(cdp) {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { recordMode: 'recordUntilFull', includedCategories: CATEGORIES },
  });
}

async function stopTracing(cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  return JSON.parse(text);
}

/** One probe: `key` pressed, then the result the probe armed by `arm` resolves with. */
async function pressProbe(page, arm, key, argument) {
  await page.evaluate(arm, argument);
  await page.keyboard.press(key);
  const result = await page.evaluate(() => window.__benchResult);
  await page.evaluate(() => window.__bench.quiet(150));
  return result;
}

/** The app's document DOM, its stylesheet and its scroller's box, for the plain page. */
function plainPageHtml(page) {
  return page.evaluate(() => {
    const text = document.querySelector('[data-testid=doc-text]');
    const host = text.parentElement;
    const box = host.getBoundingClientRect();
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => link.href);
    const clone = text.cloneNode(true);
    clone.removeAttribute('contenteditable');
    clone.removeAttribute('tabindex');
    const styleOf = getComputedStyle(document.documentElement);
    const theme = ['--hl-1', '--hl-2', '--hl-3', '--text-ink', '--ink', '--panel', '--accent', '--focus']
      .map((name) => `${name}: ${styleOf.getPropertyValue(name)}`)
      .join('; ');
    return (
      `<!doctype html><html><head>${sheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('')}</head>` +
      `<body style="margin: 0; ${theme}"><div class="doc-host" style="position: fixed; left: ${box.left}px; top: ${box.top}px; width: ${box.width}px; height: ${box.height}px; box-sizing: border-box;">` +
      `${clone.outerHTML}</div></body></html>`
    );
  });
}

function summarize(kind, results, windows) {
  const numbers = (pick) => median(windows.map(pick).filter((value) => typeof value === 'number'));
  const categories = {};
  for (const window of windows)
    for (const [name, ms] of Object.entries(byCategory(window))) (categories[name] ??= []).push(ms);
  const round = (value) => Math.round(value * 10) / 10;
  return {
    kind,
    runs: windows.length,
    frame_end_ms: round(median(results.map((result) => result.nextPaintMs))),
    main_busy_ms: round(numbers((window) => window.main_busy_ms)),
    main_idle_ms: round(numbers((window) => window.main_idle_ms)),
    // Categories summed over the runs that had them, divided by all runs.
    by_category_ms: Object.fromEntries(
      Object.entries(categories)
        .map(([name, values]) => [name, round(values.reduce((a, b) => a + b, 0) / windows.length)])
        .sort((a, b) => b[1] - a[1]),
    ),
  };
}

/** Each label under the CPU profiler (key → its frame's end), printed as a timeline of busy runs. */
async function profileLabels(cdp, page, targets, mapSource) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const finished = [];
  cdp.on('Profiler.consoleProfileFinished', (event) => finished.push(event));
  const timelines = [];
  for (let run = 0; run < targets.length; run++) {
    const result = await labelMeasured(page, targets[run], `label-${run}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const profile = finished.find((event) => event.title === `label-${run}`)?.profile;
    if (!profile) continue;
    const timeline = cpuTimeline(profile, mapSource);
    timelines.push({
      next_paint_ms: result.nextPaintMs,
      shown_ms: result.shownMs,
      committed_ms: result.committedMs,
      timeline,
    });
    console.log(
      `\nlabel ${run}: in DOM ${result.shownMs.toFixed(1)} ms, frame end ${result.nextPaintMs.toFixed(1)} ms, committed ${result.committedMs?.toFixed(1)} ms`,
    );
    for (const entry of timeline) {
      console.log(`  at ${entry.at_ms} ms, ${entry.ms} ms busy`);
      console.log(`    self: ${entry.self.join(' | ')}`);
      if (entry.app.length > 0) console.log(`    app:  ${entry.app.join(' | ')}`);
    }
  }
  writeFileSync(join(PROFILE_OUT, 'label-cpu.json'), JSON.stringify(timelines, null, 1));
}

async function main() {
  const executablePath = ensureChromium();
  const outDir = UNMINIFIED ? PROFILE_APP_OUT : APP_OUT;
  if (!process.argv.includes('--no-build')) buildApp({ outDir, minify: !UNMINIFIED, sourcemap: UNMINIFIED });
  const app = await serve({ root: ROOT, build: { outDir } });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(PROFILE_OUT, { recursive: true });
  const windows = { label: [], floor: [], 'app-wrap': [], 'app-pixel': [], 'plain-wrap': [], 'plain-pixel': [] };
  const results = { label: [], floor: [], 'app-wrap': [], 'app-pixel': [], 'plain-wrap': [], 'plain-pixel': [] };
  try {
    const { context, page } = await newAppPage(browser, app.url);
    await page.addInitScript(installHandProbes);
    await page.evaluate(installHandProbes);
    const { record, candidates, lines } = openData();
    await openBigDocument(page, record, lines);
    const targets = await pickTargets(page, candidates, 3 + 3 * LABELS);
    for (let index = 0; index < 3; index++) await labelMeasured(page, targets[index]);
    await page.evaluate(() => window.__benchFloor.open());
    const cdp = await context.newCDPSession(page);
    if (CPU) {
      await profileLabels(cdp, page, targets.slice(3, 3 + LABELS), await sourceMapper(app.url));
      await context.close();
      return;
    }
    await startTracing(cdp);
    for (let run = 0; run < LABELS; run++) {
      results.label.push(await labelMeasured(page, targets[3 + run]));
      results.floor.push(await pressProbe(page, () => window.__benchFloor.arm({ key: 'F8' }), 'F8'));
      results['app-pixel'].push(await pressProbe(page, () => window.__hand.arm('pixel'), 'F10'));
    }
    // Last: ProseMirror does not expect its DOM changed under it (a later label could go wrong).
    for (let run = 0; run < LABELS; run++) {
      const word = targets[3 + LABELS + run];
      results['app-wrap'].push(await pressProbe(page, (target) => window.__hand.arm('wrap', target), 'F9', word));
    }
    const appTrace = await stopTracing(cdp);
    await page.evaluate(() => window.__benchFloor.close());
    const html = await plainPageHtml(page);

    const plainContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const plain = await plainContext.newPage();
    await plain.addInitScript(installPageProbes);
    await plain.addInitScript(installHandProbes);
    await plain.route('http://bench.invalid/', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await plain.goto('http://bench.invalid/');
    await plain.evaluate(() => window.__bench.quiet(500));
    const plainCdp = await plainContext.newCDPSession(plain);
    await startTracing(plainCdp);
    for (let run = 0; run < LABELS; run++) {
      const word = targets[3 + 2 * LABELS + run];
      results['plain-wrap'].push(await pressProbe(plain, (target) => window.__hand.arm('wrap', target), 'F9', word));
      results['plain-pixel'].push(await pressProbe(plain, () => window.__hand.arm('pixel'), 'F10'));
    }
    const plainTrace = await stopTracing(plainCdp);
    writeFileSync(join(PROFILE_OUT, 'label-frame-trace.json'), JSON.stringify(appTrace));
    writeFileSync(join(PROFILE_OUT, 'plain-frame-trace.json'), JSON.stringify(plainTrace));

    const mapSource = UNMINIFIED ? await sourceMapper(app.url) : undefined;
    const cut = (trace, kind, mark) => {
      const threads = threadsOf(trace);
      const starts = marksNamed(threads, mark);
      results[kind].forEach((result, index) => {
        const start = starts[index];
        if (!start) return;
        windows[kind].push(breakDown(threads, start.key, start.ts, start.ts + result.nextPaintMs * 1000, mapSource));
      });
    };
    cut(appTrace, 'label', 'bench-label-start');
    cut(appTrace, 'floor', 'hand-F8');
    cut(appTrace, 'app-wrap', 'hand-F9');
    cut(appTrace, 'app-pixel', 'hand-F10');
    cut(plainTrace, 'plain-wrap', 'hand-F9');
    cut(plainTrace, 'plain-pixel', 'hand-F10');
    const summary = Object.keys(windows).map((kind) => summarize(kind, results[kind], windows[kind]));
    writeFileSync(join(PROFILE_OUT, 'label-frame.json'), JSON.stringify({ summary, windows }, null, 1));
    for (const row of summary) console.log(JSON.stringify(row));
    await plainContext.close();
    await context.close();
  } finally {
    await browser.close();
    await app.close();
  }
  log('label frame: wrote bench/dist/profile/label-frame.json');
}

await main();
