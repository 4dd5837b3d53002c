// `npm run bench`: builds the app and the bench harness, serves both on 127.0.0.1, drives Debian's
// Chromium with playwright-core over seeded generated data, and writes bench/results/latest.json,
// a table on stdout and the table in docs/performance.md. Every figure is a median after warm-up,
// and every ratio is against a baseline measured in the same run and page (ARCHITECTURE.md rule 11).
//
//   node bench/run.js                 all figures (135 minutes at the last full run on 2 cores: see docs/performance.md)
//   node bench/run.js --quick         fewer runs and a smaller memory file, for trying the bench itself
//   node bench/run.js --only=open,…   only these groups: open, import, export, agreement, patterns, review, memory, corpus, startup, sync, bundle
//   node bench/run.js --no-build      reuse the builds in bench/dist
//   node bench/run.js --profile       no figures: where the time goes (bench/profile.js)
// Quick, partial and profile runs write under bench/dist/ and never replace the published figures.
// See docs/performance.md for what each figure means and how it is measured. The pieces:
// config.js (paths, flags, runs, data), serve.js (builds, preview servers), appPage.js and
// harnessPage.js (driving the two pages), groups/*.js (one module per group), report.js (tables).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.js';
import {
  APP_OUT,
  BENCH,
  DOCS,
  NO_BUILD,
  ONLY,
  PROFILE,
  QUICK,
  RESULTS,
  ROOT,
  RUNS,
  loadAtStart,
  log,
  started,
} from './config.js';
import { measureAgreement } from './groups/agreement.js';
import { measureReview } from './groups/review.js';
import { measureBundle } from './groups/bundle.js';
import { measureCorpus } from './groups/corpus.js';
import { measureExport } from './groups/export.js';
import { measureImport } from './groups/import.js';
import { measureMemory } from './groups/memory.js';
import { measureOpenAndLabel } from './groups/openAndLabel.js';
import { measurePatterns } from './groups/patterns.js';
import { measureStartup } from './groups/startup.js';
import { measureSync } from './groups/sync.js';
import { printTable, round, updateDocs } from './report.js';
import { buildApp, buildHarness, serve } from './serve.js';

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
    return runProfile({ executablePath, skipBuild: NO_BUILD });
  }

  if (NO_BUILD) log('using the existing builds in bench/dist (--no-build)');
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
    take(await group('patterns', () => measurePatterns(browser, harness.url)));
    take(await group('review', () => measureReview(browser, app.url)));
    take(await group('memory', () => measureMemory(browser, harness.url, corpusBytes)));
    take(await group('corpus', () => measureCorpus(browser, app.url)));
    take(await group('startup', () => measureStartup(browser, app.url, harness.url)));
    take(await group('sync', () => measureSync(browser)));
    take(await group('bundle', async () => measureBundle(APP_OUT, firstLoadScripts)));
  } finally {
    await browser.close();
    await app.close();
    await harness.close();
  }

  const keys = [
    'open_ratio',
    'open_heap_mb',
    'label_ratio',
    'label_ratio_p95',
    'label_ms_median',
    'label_ms_p95',
    'corpus_label_long_tasks_ms',
    'corpus_label_ms_median',
    'startup_ratio',
    'startup_heap_mb',
    'startup_heap_seeded_mb',
    'startup_seeded_ratio',
    'switch_ms_median',
    'import_ratio',
    'import_doccano_ratio',
    'import_longest_task_ms',
    'import_labelstudio_longest_task_ms',
    'export_ratio',
    'export_serialize_ratio',
    'export_longest_task_ms',
    'export_zip_longest_task_ms',
    'export_check_ms',
    'agreement_ms',
    'review3_ms',
    'near_duplicates_ms',
    'near_duplicates_longest_task_ms',
    'patterns_ms',
    'patterns_cold_ms',
    'patterns_longest_task_ms',
    'patterns_add_ms',
    'patterns_add_longest_task_ms',
    'occurrences_corpus_ms',
    'occurrences_corpus_longest_task_ms',
    'review_step_ms',
    'sync_label_ratio_off',
    'sync_label_ratio_on',
    'sync_join_ms',
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
      runs: {
        open: RUNS.open,
        label: RUNS.label,
        import: RUNS.import,
        export: RUNS.export,
        memory: 1,
        corpus_label: RUNS.corpusLabel,
      },
      warmup: {
        open: RUNS.openWarmup,
        label: RUNS.labelWarmup,
        import: RUNS.importWarmup,
        export: RUNS.exportWarmup,
        corpus_label: RUNS.corpusLabelWarmup,
      },
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
