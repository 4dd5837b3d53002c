// `node bench/run.js --profile`: where the time of opening and labelling goes. Builds the app
// unminified with source maps, then (1) takes CPU profiles with console.profile from the click or
// key press to the painted frame and attributes samples to functions and source files, and (2)
// records a Chromium trace over the same windows and sums main-thread time by event (script,
// style, layout, paint). Writes bench/dist/profile/summary.json and the raw .cpuprofile/.json
// files (open them in Chrome DevTools); prints the top entries.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'bench', 'dist', 'app-profile');
const HARNESS_OUT_DIR = join(ROOT, 'bench', 'dist', 'harness-profile');
const PROFILE_DIR = join(ROOT, 'bench', 'dist', 'profile');
/** `--profile=app`: skip the import and export profiles. */
const ONLY_APP = process.argv.includes('--profile=app');
const PROFILED_OPENS = 2;
const PROFILED_LABELS = 10;
const TRACED_LABELS = 5;
const EXPERIMENT_OPENS = 3;
const EXPERIMENT_LABELS = 6;

/**
 * What-if experiments on the minified app, by adding CSS rules from the outside: how much of the
 * open and label times is the span list's layout, and how much is laying out off-screen lines.
 */
const LINES_SKIPPED = '.doc-text .line { content-visibility: auto; contain-intrinsic-size: auto 1.85em; }';
const EXPERIMENTS = [
  { name: 'as built', rules: [] },
  { name: 'span list not rendered (display: none)', rules: ['.span-list { display: none !important; }'] },
  { name: 'highlights without box-shadow bands', rules: ['.hl { box-shadow: none !important; }'] },
  { name: 'document lines content-visibility: auto', rules: [LINES_SKIPPED] },
  {
    name: 'span list not rendered + lines content-visibility',
    rules: ['.span-list { display: none !important; }', LINES_SKIPPED],
  },
];

/** Maps generated positions of the built chunks back to source files, when a source map reader is at hand. */
async function sourceMapper(appUrl, outDir = OUT_DIR) {
  let TraceMap;
  let originalPositionFor;
  try {
    // A dependency of the build tools, not of Spanwright: used when present, never required.
    ({ TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping'));
  } catch {
    return () => null;
  }
  const maps = new Map();
  return (url, line, column) => {
    if (!url.startsWith(appUrl) || !url.endsWith('.js')) return null;
    const file = join(outDir, new URL(url).pathname);
    if (!maps.has(file))
      maps.set(file, existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null);
    const map = maps.get(file);
    if (!map) return null;
    const position = originalPositionFor(map, { line: line + 1, column });
    return position.source ? { source: position.source.replace(/^(\.\.\/)+/u, ''), line: position.line } : null;
  };
}

/** `node_modules/prosemirror-view/dist/index.js` → `prosemirror-view`; `src/lib/x.ts` stays. */
function moduleOf(source) {
  if (!source) return '(unmapped)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(source);
  return match ? match[1] : source;
}

/** Self and total (inclusive) time per function and self time per module, in ms per profile. */
function summarizeProfiles(profiles, mapSource) {
  const self = new Map();
  const total = new Map();
  const modules = new Map();
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
  let wall = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const describe = new Map();
    const keyOf = (node) => {
      if (describe.has(node.id)) return describe.get(node.id);
      const frame = node.callFrame;
      const mapped = frame.url ? mapSource(frame.url, frame.lineNumber, frame.columnNumber) : null;
      const where = mapped
        ? `${mapped.source}:${mapped.line}`
        : frame.url
          ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
          : '';
      const value = {
        key: `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`,
        module: frame.url ? moduleOf(mapped?.source) : '(native)',
      };
      describe.set(node.id, value);
      return value;
    };
    wall += (profile.endTime - profile.startTime) / 1000;
    profile.samples.forEach((id, index) => {
      const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
      const leaf = keyOf(nodes.get(id));
      add(self, leaf.key, delta);
      add(modules, leaf.module, delta);
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { key } = keyOf(nodes.get(at));
        if (!seen.has(key)) {
          seen.add(key);
          add(total, key, delta);
        }
      }
    });
  }
  const count = profiles.length || 1;
  const top = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, value]) => ({ name, ms: Math.round((value / count) * 10) / 10 }));
  return {
    profiles: profiles.length,
    wall_ms_per_profile: Math.round((wall / count) * 10) / 10,
    self: top(self, 30),
    total: top(new Map([...total].filter(([key]) => !key.startsWith('(root)'))), 40),
    modules: top(modules, 15),
  };
}

/** A trace stack frame (1-based line and column) as `function source:line`, through the source map. */
function describeCaller(frame, mapSource) {
  const mapped = mapSource(String(frame.url), frame.lineNumber - 1, frame.columnNumber - 1);
  const where = mapped
    ? `${mapped.source}:${mapped.line}`
    : `${String(frame.url).split('/').pop()}:${frame.lineNumber}`;
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

const CATEGORIES = [
  [
    'script',
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|MajorGC|MinorGC|BlinkGC|GCEvent|ThreadState|HandlePostMessage|XHR|ParseHTML|CppGC)/u,
  ],
  [
    'style',
    /^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet|InvalidateLayout|StyleInvalidator)/u,
  ],
  ['layout', /^(Layout|UpdateLayout|LocalFrameView::layout|IntersectionObserver|ResizeObserver|HitTest)/u],
  [
    'paint',
    /^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|Commit|PaintImage|Decode|RasterTask|UpdateLayerTree|PaintArtifactCompositor)/u,
  ],
];

function categoryOf(name) {
  return CATEGORIES.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
}

/**
 * Main-thread self time by trace event between each pair of `${prefix}-start` / `${prefix}-end`
 * marks, averaged over the pairs.
 */
function summarizeTrace(trace, prefix, mapSource) {
  const events = trace.traceEvents ?? trace;
  const marks = events
    .filter((event) => event.name === `${prefix}-start` || event.name === `${prefix}-end`)
    .sort((a, b) => a.ts - b.ts);
  if (marks.length === 0) return null;
  const { pid, tid } = marks[0];
  const windows = [];
  for (let index = 0; index + 1 < marks.length; index++) {
    if (marks[index].name.endsWith('-start') && marks[index + 1].name.endsWith('-end'))
      windows.push([marks[index].ts, marks[index + 1].ts]);
  }
  // Complete events on the page's main thread (B/E pairs folded into X).
  const complete = [];
  const open = [];
  for (const event of events) {
    if (event.pid !== pid || event.tid !== tid) continue;
    if (event.ph === 'X' && typeof event.dur === 'number')
      complete.push({ name: event.name, ts: event.ts, end: event.ts + event.dur, args: event.args });
    else if (event.ph === 'B') open.push(event);
    else if (event.ph === 'E') {
      const begin = open.pop();
      if (begin) complete.push({ name: begin.name, ts: begin.ts, end: event.ts });
    }
  }
  complete.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const byName = new Map();
  const byCategory = new Map();
  const layouts = [];
  for (const [from, to] of windows) {
    const stack = [];
    const inWindow = complete.filter((event) => event.end > from && event.ts < to);
    for (const event of inWindow) {
      const clipped = { name: event.name, ts: Math.max(event.ts, from), end: Math.min(event.end, to), children: 0 };
      while (stack.length > 0 && stack[stack.length - 1].end <= clipped.ts) stack.pop();
      if (stack.length > 0) stack[stack.length - 1].children += clipped.end - clipped.ts;
      // Style and layout inside a script call are forced (synchronous): script asked for geometry.
      if ((event.name === 'Layout' || event.name === 'UpdateLayoutTree') && event.end - event.ts >= 1000) {
        const caller = event.args?.beginData?.stackTrace?.[0];
        layouts.push({
          event: event.name,
          ms: Math.round((event.end - event.ts) / 100) / 10,
          forced: stack.some(
            (outer) =>
              outer.name === 'FunctionCall' || outer.name === 'v8.callFunction' || outer.name === 'RunMicrotasks',
          ),
          objects:
            event.args?.beginData?.dirtyObjects !== undefined
              ? `${event.args.beginData.dirtyObjects} dirty of ${event.args.beginData.totalObjects}`
              : undefined,
          elements: event.args?.elementCount,
          caller: caller ? describeCaller(caller, mapSource) : undefined,
        });
      }
      stack.push(clipped);
      event.clipped = clipped;
    }
    for (const event of inWindow) {
      const selfTime = Math.max(0, event.clipped.end - event.clipped.ts - event.clipped.children) / 1000;
      byName.set(event.name, (byName.get(event.name) ?? 0) + selfTime);
      byCategory.set(categoryOf(event.name), (byCategory.get(categoryOf(event.name)) ?? 0) + selfTime);
    }
  }
  const count = windows.length || 1;
  const per = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, value]) => ({ name, ms: Math.round((value / count) * 10) / 10 }));
  const wall = windows.reduce((sum, [from, to]) => sum + (to - from), 0) / 1000 / count;
  return {
    windows: windows.length,
    wall_ms: Math.round(wall * 10) / 10,
    by_category: per(byCategory, 10),
    by_event: per(byName, 25),
    layouts,
  };
}

function print(title, rows) {
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${String(row.ms).padStart(8)} ms  ${row.name}`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs the experiments in one page of the minified app (rules added and removed in turn). */
/**
 * Imports the big document through the app, opens it once (warm) after another document, lets the
 * page go quiet, and returns the other document's id and how many highlight elements it shows.
 */
async function openBigDocument(helpers, page, record, lines) {
  const otherId = await page.locator('[data-testid=doc-item]').first().getAttribute('data-doc-id');
  await helpers.importThroughApp(page, record);
  await helpers.openOther(page, otherId);
  await helpers.openMeasured(page, record, lines, 1);
  await page.evaluate(() => window.__bench.quiet(500));
  const highlights = await page.evaluate(() => document.querySelectorAll('[data-testid=doc-text] .hl').length);
  return { otherId, highlights };
}

async function runExperiments(helpers, browser, appUrl) {
  const { newAppPage, openData, pickTargets, openOther, openMeasured, labelMeasured, log } = helpers;
  const { context, page } = await newAppPage(browser, appUrl);
  const { record, candidates, lines } = openData();
  const results = [];
  try {
    const { otherId, highlights } = await openBigDocument(helpers, page, record, lines);
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
        busy_after_label_ms: Math.round(median(labels.map((run) => run.busyAfterMs))),
      };
      results.push(row);
      log(
        `experiment "${row.experiment}": open ${row.open_ms} ms, label ${row.label_ms} ms (in DOM at ${row.label_shown_ms} ms), busy after label ${row.busy_after_label_ms} ms`,
      );
    }
  } finally {
    await context.close();
  }
  return results;
}

/** CPU profiles of one import and one export in the harness page (unminified, source-mapped). */
async function profileHarness(helpers, browser, harnessUrl, corpus) {
  const { log } = helpers;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(new URL('harness.html', harnessUrl).href);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    const mapSource = await sourceMapper(harnessUrl, HARNESS_OUT_DIR);
    await page.evaluate((options) => window.bench.prepareCorpus(options), {
      ...corpus,
      documents: corpus.documents / 10,
      seed: corpus.seed + 100,
      keepRecords: true,
    });
    await page.evaluate(() => window.bench.importWithApp());
    await page.evaluate((options) => window.bench.prepareCorpus(options), { ...corpus, keepRecords: true });
    const profiled = async (name, run) => {
      await cdp.send('Profiler.start');
      const result = await run();
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
      log(`profile: ${name} took ${Math.round(result.ms)} ms`);
      return { measured_ms: Math.round(result.ms), ...summarizeProfiles([profile], mapSource) };
    };
    const imported = await profiled('import', () => page.evaluate(() => window.bench.importWithApp()));
    // The two storage-only runs, to compare main-thread work with the importer's.
    const importBulkPut = await profiled('import-bulkput', () => page.evaluate(() => window.bench.importWithBulkPut()));
    const importBatched = await profiled('import-batched', () =>
      page.evaluate(() => window.bench.importWithBatchedBulkPut()),
    );
    await page.evaluate(() => window.bench.prepareExport());
    await page.evaluate(() => window.bench.exportWithApp());
    const exported = await profiled('export', () => page.evaluate(() => window.bench.exportWithApp()));
    return { imported, import_bulkput: importBulkPut, import_batched: importBatched, exported };
  } finally {
    await context.close();
  }
}

export async function runProfile(helpers) {
  const {
    executablePath,
    buildApp,
    serve,
    newAppPage,
    openData,
    pickTargets,
    openOther,
    openMeasured,
    labelMeasured,
    log,
    appOutDir,
    skipBuild,
  } = helpers;
  if (!skipBuild) {
    log(
      'profile: building the app minified (bench/dist/app) and unminified with source maps (bench/dist/app-profile)…',
    );
    buildApp({ outDir: appOutDir, minify: true });
    buildApp({ outDir: OUT_DIR, minify: false, sourcemap: true });
    execFileSync(
      'npx',
      [
        'vite',
        'build',
        '--config',
        'bench/vite.config.ts',
        '--minify',
        'false',
        '--sourcemap',
        '--outDir',
        HARNESS_OUT_DIR,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
  }
  const harness = await serve({
    configFile: join(ROOT, 'bench', 'vite.config.ts'),
    build: { outDir: HARNESS_OUT_DIR },
  });
  const app = await serve({ root: ROOT, build: { outDir: OUT_DIR } });
  const minified = await serve({ root: ROOT, build: { outDir: appOutDir } });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(PROFILE_DIR, { recursive: true });
  const summary = {};
  try {
    if (!ONLY_APP) Object.assign(summary, await profileHarness(helpers, browser, harness.url, helpers.corpus));
    summary.experiments = await runExperiments(helpers, browser, minified.url);
    const { context, page } = await newAppPage(browser, app.url);
    const { record, candidates, lines } = openData();
    const { otherId, highlights } = await openBigDocument(helpers, page, record, lines);
    const targets = await pickTargets(page, candidates, 3 + PROFILED_LABELS + TRACED_LABELS);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const finished = [];
    cdp.on('Profiler.consoleProfileFinished', (event) => finished.push(event));
    const mapSource = await sourceMapper(app.url);

    const openTimes = [];
    for (let run = 0; run < PROFILED_OPENS; run++) {
      await openOther(page, otherId);
      openTimes.push(await openMeasured(page, record, lines, highlights, `open-${run}`));
    }
    let target = 0;
    for (; target < 3; target++) await labelMeasured(page, targets[target]);
    const labelTimes = [];
    for (let run = 0; run < PROFILED_LABELS; run++) {
      labelTimes.push(await labelMeasured(page, targets[target++], `label-${run}`, `after-${run}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const openProfiles = finished.filter((event) => event.title?.startsWith('open-')).map((event) => event.profile);
    const labelProfiles = finished.filter((event) => event.title?.startsWith('label-')).map((event) => event.profile);
    const afterProfiles = finished.filter((event) => event.title?.startsWith('after-')).map((event) => event.profile);
    summary.after_label_cpu = { ...summarizeProfiles(afterProfiles, mapSource) };
    openProfiles.forEach((profile, index) =>
      writeFileSync(join(PROFILE_DIR, `open-${index}.cpuprofile`), JSON.stringify(profile)),
    );
    labelProfiles.forEach((profile, index) =>
      writeFileSync(join(PROFILE_DIR, `label-${index}.cpuprofile`), JSON.stringify(profile)),
    );
    summary.open_cpu = {
      measured_ms: openTimes.map((run) => Math.round(run.ms)),
      ...summarizeProfiles(openProfiles, mapSource),
    };
    summary.label_cpu = {
      measured_ms: labelTimes.map((run) => Math.round(run.ms)),
      ...summarizeProfiles(labelProfiles, mapSource),
    };
    await cdp.send('Profiler.disable');
    log(`profile: ${openProfiles.length} open and ${labelProfiles.length} label CPU profiles taken`);

    // A trace over one open and a few labels, for style, layout and paint (not in CPU profiles).
    await openOther(page, otherId);
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-devtools.timeline.stack',
        'blink.user_timing',
        'v8',
        'toplevel',
      ],
    });
    const tracedOpen = await openMeasured(page, record, lines, highlights);
    const tracedLabels = [];
    for (let run = 0; run < TRACED_LABELS; run++) tracedLabels.push(await labelMeasured(page, targets[target++]));
    const buffer = await browser.stopTracing();
    writeFileSync(join(PROFILE_DIR, 'trace.json'), buffer);
    const trace = JSON.parse(buffer.toString('utf8'));
    summary.open_trace = { measured_ms: Math.round(tracedOpen.ms), ...summarizeTrace(trace, 'bench-open', mapSource) };
    summary.label_trace = {
      measured_ms: tracedLabels.map((run) => Math.round(run.ms)),
      ...summarizeTrace(trace, 'bench-label', mapSource),
    };
    summary.after_label_trace = {
      measured_ms: tracedLabels.map((run) => Math.round(run.busyAfterMs)),
      ...summarizeTrace(trace, 'bench-after', mapSource),
    };
    log('profile: trace taken');
    await context.close();
  } finally {
    await browser.close();
    await app.close();
    await minified.close();
    await harness.close();
  }
  writeFileSync(join(PROFILE_DIR, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log('\n=== experiments (minified app, medians)');
  console.table(summary.experiments);
  for (const [name, part] of Object.entries(summary)) {
    if (!part || name === 'experiments') continue;
    console.log(
      `\n=== ${name} (measured ${JSON.stringify(part.measured_ms)} ms${part.wall_ms_per_profile ? `, profile ${part.wall_ms_per_profile} ms each` : ''}${part.wall_ms ? `, window ${part.wall_ms} ms` : ''})`,
    );
    if (part.modules) print('self time by module', part.modules);
    if (part.self) print('self time by function', part.self.slice(0, 20));
    if (part.total) print('total time by function', part.total.slice(0, 30));
    if (part.by_category) print('main thread by category', part.by_category);
    if (part.by_event) print('main thread by trace event (self)', part.by_event.slice(0, 15));
    if (part.layouts) {
      console.log('\nstyle and layout passes ≥ 1 ms (all windows)');
      for (const pass of part.layouts)
        console.log(
          `  ${String(pass.ms).padStart(8)} ms  ${pass.event}${pass.forced ? ' (forced by script)' : ''}${pass.objects ? `, ${pass.objects}` : ''}${pass.elements ? `, ${pass.elements} elements` : ''}${pass.caller ? `, from ${pass.caller}` : ''}`,
        );
    }
  }
  console.log(`\nwrote bench/dist/profile/summary.json and the raw profiles next to it`);
}
