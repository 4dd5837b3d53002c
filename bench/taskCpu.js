// `node bench/taskCpu.js [--fraction=0.3] [--no-build] [--skip-import] [--attribute]`: the longest main-thread tasks of the full-size
// import and export by wall time AND by the main thread's CPU time, from a Chromium trace. The
// figures import_longest_task_ms and export_longest_task_ms (groups import, export) are wall times,
// as the browser's long-task entries report them; on a loaded machine a 20 ms slice can take 400 ms
// of wall time while the OS gives the thread no core. The CPU time of a task is what the page's own
// code and the browser's work in that task cost; a task over 50 ms of CPU is the code's long task.
// `--attribute` builds the harness unminified and traces devtools.timeline too: the longest tasks by
// CPU then list what ran inside them (functions called, events dispatched, GC) by time.
// Writes bench/results/task-cpu-<date>.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';
import { BENCH, DATA, PROFILE_HARNESS_OUT, ROOT, log, ms } from './config.js';
import { newHarnessPage, prepareCorpus, settleHeap } from './harnessPage.js';
import { round } from './report.js';
import { buildHarness, serve } from './serve.js';

const fraction = Number(process.argv.find((argument) => argument.startsWith('--fraction='))?.slice(11) ?? 1);
const SKIP_IMPORT = process.argv.includes('--skip-import');
/** `--search`: instead of import and export, the pattern search over the stored corpus (cold, warm cache, kept Worker). */
const SEARCH = process.argv.includes('--search');
const ATTRIBUTE = process.argv.includes('--attribute');
/** `--repeat=N` (with `--search`): N rounds of the three searches, each traced; the long tasks of all of them tallied. */
const REPEAT = Number(process.argv.find((argument) => argument.startsWith('--repeat='))?.slice(9) ?? 1);
/**
 * `--add` (with `--search`): then the last search's first 20,000 matches stored as suggestions and
 * taken back (the patterns group's add run), traced as one (`--repeat=0 --add`: the add alone, after
 * one untraced search).
 */
const ADD = process.argv.includes('--add');
const CATEGORIES = [
  'toplevel',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
  ...(ATTRIBUTE
    ? [
        'devtools.timeline',
        'v8',
        'disabled-by-default-devtools.timeline',
        // Blink's garbage collector (Oilpan, cppgc): what its sweep and marking tasks do.
        'cppgc',
        'disabled-by-default-cppgc',
        'blink_gc',
      ]
    : []),
];

/**
 * The page's main-thread tasks between the harness's marks (the import or export, not the bench
 * building its file), and the V8 collections in them. The marks are on the main thread, as
 * profile/trace.js finds it too.
 */
function mainThreadTasks(trace) {
  const events = trace.traceEvents;
  const mark = (name) => events.find((event) => event.name === name);
  // The pattern search marks where its long-task observer stopped too (`bench:watched`): its window.
  const [start, end] = [mark('bench:start'), mark('bench:watched') ?? mark('bench:end')];
  if (start === undefined || end === undefined) throw new Error('the trace holds no bench:start/bench:end marks');
  const onMain = events.filter(
    (event) =>
      event.pid === start.pid &&
      event.tid === start.tid &&
      event.ph === 'X' &&
      // Tasks that end inside the window too (the one that set the start mark began before it).
      event.ts + (event.dur ?? 0) >= start.ts &&
      event.ts <= end.ts,
  );
  return {
    start,
    onMain,
    tasks: onMain.filter((event) => event.name === 'ThreadControllerImpl::RunTask'),
    gcs: onMain.filter((event) => /^V8\.GC_(MARK_COMPACTOR|SCAVENGER)$/u.test(event.name)),
  };
}

/** What ran inside `task`: its nested events by name (and function or event type), longest first. */
function inside(task, onMain) {
  const totals = new Map();
  for (const event of onMain) {
    if (event === task || event.ts < task.ts || event.ts + event.dur > task.ts + task.dur) continue;
    const data = event.args?.data ?? {};
    const what = data.functionName
      ? `${data.functionName} ${String(data.url ?? '').replace(/^.*\//u, '')}:${data.lineNumber ?? ''}`
      : (data.type ?? data.url ?? '');
    const key = `${event.name}${what ? ` ${what}` : ''}`;
    const entry = totals.get(key) ?? { what: key, wall_ms: 0, cpu_ms: 0, count: 0 };
    entry.wall_ms += event.dur / 1000;
    entry.cpu_ms += (event.tdur ?? 0) / 1000;
    entry.count += 1;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .sort((left, right) => right.wall_ms - left.wall_ms)
    .slice(0, 15)
    .map((entry) => ({ ...entry, wall_ms: round(entry.wall_ms, 1), cpu_ms: round(entry.cpu_ms, 1) }));
}

/** `cppgc::internal::Sweeper::SweeperImpl::IncrementalSweepTask::Post(…)` → `IncrementalSweepTask::Post` (sweeper.cc). */
function postedBy(task) {
  const { src_func: where = '', src_file: file = '' } = task.args ?? {};
  const name = where.replace(/\(.*$/u, '').replace(/^.*\s/u, '').split('::').slice(-2).join('::');
  return name ? `${name} (${file.replace(/^.*\//u, '')})` : null;
}

function summarize(trace) {
  const { start, onMain, tasks, gcs } = mainThreadTasks(trace);
  const wall = (task) => task.dur / 1000;
  const cpu = (task) => (task.tdur ?? 0) / 1000;
  const gcIn = (task) =>
    gcs
      .filter((gc) => gc.ts >= task.ts && gc.ts + gc.dur <= task.ts + task.dur)
      .reduce((sum, gc) => sum + gc.dur / 1000, 0);
  const row = (task) => ({
    // Its start after the bench:start mark, to pair it with the page's own long-task entries.
    at_ms: round((task.ts - start.ts) / 1000, 1),
    wall_ms: round(wall(task), 1),
    cpu_ms: round(cpu(task), 1),
    gc_wall_ms: round(gcIn(task), 1),
    // Where the task was posted from (a timer, an IndexedDB reply, Blink's garbage collector…).
    posted_by: postedBy(task),
  });
  const byWall = [...tasks].sort((a, b) => wall(b) - wall(a));
  const byCpu = [...tasks].sort((a, b) => cpu(b) - cpu(a));
  return {
    tasks: tasks.length,
    over_50_ms_wall: tasks.filter((task) => wall(task) > 50).length,
    over_50_ms_cpu: tasks.filter((task) => cpu(task) > 50).length,
    longest_wall: row(byWall[0]),
    longest_cpu: row(byCpu[0]),
    top_wall: byWall.slice(0, 8).map(row),
    top_cpu: byCpu.slice(0, 8).map(row),
    // Every task over 50 ms of wall or CPU time, in order, with what ran inside it when attributed.
    long: tasks
      .filter((task) => wall(task) > 50 || cpu(task) > 50)
      .map((task) => ({ ...row(task), ...(ATTRIBUTE ? { inside: inside(task, onMain) } : {}) })),
    ...(ATTRIBUTE
      ? { inside_longest_cpu: byCpu.slice(0, 3).map((task) => ({ ...row(task), inside: inside(task, onMain) })) }
      : {}),
  };
}

/** The long tasks of repeated searches: how many searches had one, and where each was posted from. */
function searchRounds(rounds) {
  const searches = rounds.flatMap((entry) => ['cold', 'warm', 'kept'].map((kind) => ({ kind, ...entry[kind] })));
  const tally = (tasks) => {
    const by = {};
    for (const task of tasks) by[task.posted_by ?? 'unknown'] = (by[task.posted_by ?? 'unknown'] ?? 0) + 1;
    return by;
  };
  const long = searches.flatMap((search) => search.long.map((task) => ({ kind: search.kind, ...task })));
  return {
    searches: searches.length,
    with_page_long_task: searches.filter((search) => search.long_tasks_reported_by_page > 0).length,
    with_trace_task_over_50_wall: searches.filter((search) => search.over_50_ms_wall > 0).length,
    with_trace_task_over_50_cpu: searches.filter((search) => search.over_50_ms_cpu > 0).length,
    over_50_wall_posted_by: tally(long.filter((task) => task.wall_ms > 50)),
    over_50_cpu_posted_by: tally(long.filter((task) => task.cpu_ms > 50)),
    long_tasks: long,
    page_long_tasks: searches.flatMap((search) =>
      search.long_task_entries_of_page.map((entry) => ({ kind: search.kind, ...entry })),
    ),
    rounds,
  };
}

let traceCount = 0;

async function traced(browser, page, run) {
  await browser.startTracing(page, { categories: CATEGORIES });
  const result = await run();
  const raw = (await browser.stopTracing()).toString('utf8');
  const tasks = summarize(JSON.parse(raw));
  // Repeated, only the traces with a long task (by wall or CPU, or as the page saw it) are kept.
  const kept = REPEAT === 1 || tasks.long.length > 0 || (result.longTasks ?? 0) > 0;
  if (ATTRIBUTE && kept) writeFileSync(join(BENCH, 'dist', `trace-${(traceCount += 1)}.json`), raw);
  return { result, tasks };
}

function report(name, { result, tasks }) {
  log(
    `${name}: ${ms(result.ms)}; ${tasks.tasks} main-thread tasks, ${tasks.over_50_ms_wall} over 50 ms of wall time, ${tasks.over_50_ms_cpu} over 50 ms of CPU time; longest by wall ${ms(tasks.longest_wall.wall_ms)} (CPU ${ms(tasks.longest_wall.cpu_ms)}), longest by CPU ${ms(tasks.longest_cpu.cpu_ms)} (wall ${ms(tasks.longest_cpu.wall_ms)})`,
  );
  return {
    ms: round(result.ms, 0),
    long_tasks_reported_by_page: result.longTasks,
    long_task_entries_of_page: (result.longTaskEntries ?? []).map(({ atMs, ms: duration }) => ({
      at_ms: round(atMs, 1),
      ms: round(duration, 1),
    })),
    ...tasks,
  };
}

async function main() {
  const loadAtStart = os.loadavg().map((value) => round(value, 2));
  if (!process.argv.includes('--no-build'))
    if (ATTRIBUTE)
      execFileSync(
        'npx',
        ['vite', 'build', '--config', 'bench/vite.config.ts', '--minify', 'false', '--outDir', PROFILE_HARNESS_OUT],
        {
          cwd: ROOT,
          stdio: 'inherit',
        },
      );
    else buildHarness();
  const harness = await serve({
    configFile: join(BENCH, 'vite.config.ts'),
    ...(ATTRIBUTE ? { build: { outDir: PROFILE_HARNESS_OUT } } : {}),
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  const corpus = { ...DATA.corpus, documents: Math.round(DATA.corpus.documents * fraction) };
  const results = {};
  try {
    if (SEARCH) {
      const { context, page } = await newHarnessPage(browser, harness.url);
      await prepareCorpus(page, { ...corpus, keepRecords: true });
      await page.evaluate(() => window.bench.preparePatterns());
      await settleHeap(page);
      // A first search, untraced (the harness's page has just built and stored the corpus).
      await page.evaluate(() => window.bench.patternsInWorker(false));
      await page.evaluate(() => window.bench.clearTextCache());
      const search = (kept) => page.evaluate((keep) => window.bench.patternsInWorker(keep), kept);
      const rounds = [];
      for (let pass = 0; pass < REPEAT; pass++) {
        if (pass > 0) await page.evaluate(() => window.bench.clearTextCache());
        const label = REPEAT === 1 ? '' : ` (${pass + 1}/${REPEAT})`;
        const cold = report(
          `patterns, new Worker, cache emptied${label}`,
          await traced(browser, page, () => search(false)),
        );
        await page.evaluate(() => window.bench.waitForTextCache());
        const warm = report(
          `patterns, new Worker, cache written${label}`,
          await traced(browser, page, () => search(false)),
        );
        const kept = report(`patterns, kept Worker${label}`, await traced(browser, page, () => search(true)));
        rounds.push({ cold, warm, kept, load: os.loadavg().map((value) => round(value, 2)) });
      }
      if (ADD)
        results.patterns_add = report(
          'add as suggestions, then undo',
          await traced(browser, page, () => page.evaluate(() => window.bench.addPatternSuggestions())),
        );
      if (REPEAT === 1)
        Object.assign(results, {
          patterns_cold: rounds[0].cold,
          patterns_warm: rounds[0].warm,
          patterns_kept: rounds[0].kept,
        });
      else results.patterns_rounds = searchRounds(rounds);
      await context.close();
    }
    // The import in a page that holds only the file, as the app's page does.
    if (!SKIP_IMPORT && !SEARCH) {
      const { context, page } = await newHarnessPage(browser, harness.url);
      await prepareCorpus(page, { ...corpus, keepRecords: false });
      // The import works in a Worker: the generated corpus is the harness's garbage, collected before.
      await settleHeap(page);
      const native = await traced(browser, page, () => page.evaluate(() => window.bench.importWithApp('native')));
      results.import_native = report('import, native JSONL', native);
      await context.close();
    }
    // The export (its rows stored from the records the page keeps), and the Label Studio array built from them.
    if (!SEARCH) {
      const { context, page } = await newHarnessPage(browser, harness.url);
      await prepareCorpus(page, { ...corpus, keepRecords: true });
      await page.evaluate(() => window.bench.prepareExport());
      await settleHeap(page);
      const exported = await traced(browser, page, () => page.evaluate(() => window.bench.exportWithApp()));
      results.export_native = report('export, native JSONL', exported);
      const backup = await traced(browser, page, () => page.evaluate(() => window.bench.backupWithApp()));
      results.backup = report('backup of everything', backup);
      if (ATTRIBUTE) {
        // Reading the rows alone, in the export's pages, traced the same way: what any paged export costs the page.
        const read = await traced(browser, page, () => page.evaluate(() => window.bench.readEverythingInPages()));
        results.read_in_pages = report('every row read in pages, nothing made of them', read);
      }
      if (!SKIP_IMPORT) {
        await settleHeap(page);
        const labelStudio = await traced(browser, page, () =>
          page.evaluate(() => window.bench.importWithApp('labelstudio')),
        );
        results.import_labelstudio = report('import, Label Studio JSON on one line', labelStudio);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  const output = {
    meta: {
      date: new Date().toISOString(),
      documents: corpus.documents,
      spans_per_document: corpus.spansPerDocument,
      cpus: os.cpus().length,
      load_average_start: loadAtStart,
      load_average_end: os.loadavg().map((value) => round(value, 2)),
      trace_categories: CATEGORIES,
      note: 'wall_ms: the task as the browser times it (long-task entries); cpu_ms: the main thread’s CPU time in it (trace tdur); gc_wall_ms: V8 mark-compact and scavenger time inside it',
    },
    ...results,
  };
  const suffix = `${fraction === 1 ? '' : `-${fraction}`}${SEARCH ? '-search' : SKIP_IMPORT ? '-export' : ''}${ADD ? '-add' : ''}${ATTRIBUTE ? '-attributed' : ''}`;
  // The date and time (UTC), so that a later run never replaces the file of an earlier one.
  const stamp = output.meta.date.slice(0, 16).replace(':', '');
  const file = join(BENCH, 'results', `task-cpu-${stamp}${suffix}.json`);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  log(`wrote ${file}`);
}

await main();
