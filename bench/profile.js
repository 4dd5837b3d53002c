// `node bench/run.js --profile`: where the time of opening and labelling goes. Builds the app
// unminified with source maps, then (1) takes CPU profiles with console.profile from the click or
// key press to the painted frame and attributes samples to functions and source files, and (2)
// records a Chromium trace over the same windows and sums main-thread time by event (script,
// style, layout, paint). Writes bench/dist/profile/summary.json and the raw .cpuprofile/.json
// files (open them in Chrome DevTools); prints the top entries. The parts: profile/cpu.js,
// profile/trace.js, profile/experiments.js (what-if CSS rules) and profile/harness.js (import, export).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';
import { labelMeasured, newAppPage, openData, openMeasured, openOther, pickTargets } from './appPage.js';
import { APP_OUT, PROFILE_APP_OUT, PROFILE_HARNESS_OUT, PROFILE_OUT, ROOT, log } from './config.js';
import { sourceMapper, summarizeProfiles } from './profile/cpu.js';
import { openBigDocument, runExperiments } from './profile/experiments.js';
import { profileHarness } from './profile/harness.js';
import { summarizeTrace } from './profile/trace.js';
import { buildApp, serve } from './serve.js';

/** `--profile=app`: skip the import and export profiles. */
const ONLY_APP = process.argv.includes('--profile=app');
const PROFILED_OPENS = 2;
const PROFILED_LABELS = 10;
const TRACED_LABELS = 5;

function print(title, rows) {
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${String(row.ms).padStart(8)} ms  ${row.name}`);
}

export async function runProfile({ executablePath, skipBuild }) {
  if (!skipBuild) {
    log(
      'profile: building the app minified (bench/dist/app) and unminified with source maps (bench/dist/app-profile)…',
    );
    buildApp({ outDir: APP_OUT, minify: true });
    buildApp({ outDir: PROFILE_APP_OUT, minify: false, sourcemap: true });
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
        PROFILE_HARNESS_OUT,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
  }
  const harness = await serve({
    configFile: join(ROOT, 'bench', 'vite.config.ts'),
    build: { outDir: PROFILE_HARNESS_OUT },
  });
  const app = await serve({ root: ROOT, build: { outDir: PROFILE_APP_OUT } });
  const minified = await serve({ root: ROOT, build: { outDir: APP_OUT } });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(PROFILE_OUT, { recursive: true });
  const summary = {};
  try {
    if (!ONLY_APP) Object.assign(summary, await profileHarness(browser, harness.url));
    summary.experiments = await runExperiments(browser, minified.url);
    const { context, page } = await newAppPage(browser, app.url);
    const { record, candidates, lines } = openData();
    const { otherId, highlights } = await openBigDocument(page, record, lines);
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
      writeFileSync(join(PROFILE_OUT, `open-${index}.cpuprofile`), JSON.stringify(profile)),
    );
    labelProfiles.forEach((profile, index) =>
      writeFileSync(join(PROFILE_OUT, `label-${index}.cpuprofile`), JSON.stringify(profile)),
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
    writeFileSync(join(PROFILE_OUT, 'trace.json'), buffer);
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
  writeFileSync(join(PROFILE_OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
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
