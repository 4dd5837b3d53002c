// What every part of the bench shares: paths, the command line, how many runs, the data's sizes
// and seeds, and the log. Imported by bench/run.js, the groups and the profiler.
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCH = join(ROOT, 'bench');
export const APP_OUT = join(BENCH, 'dist', 'app');
/** The profiler's builds (unminified, with source maps) and its output (bench/profile.js). */
export const PROFILE_APP_OUT = join(BENCH, 'dist', 'app-profile');
export const PROFILE_HARNESS_OUT = join(BENCH, 'dist', 'harness-profile');
export const PROFILE_OUT = join(BENCH, 'dist', 'profile');
export const QUICK = process.argv.includes('--quick');
export const PROFILE = process.argv.some((argument) => argument === '--profile' || argument.startsWith('--profile='));
export const NO_BUILD = process.argv.includes('--no-build');
/** `--only=open,import`: run only these groups (for working on the bench; figures not published). */
export const ONLY =
  process.argv
    .find((argument) => argument.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',') ?? null;
// Quick and partial runs are for trying the bench itself: they never replace the published figures.
export const RESULTS = QUICK || ONLY ? join(BENCH, 'dist', 'quick.json') : join(BENCH, 'results', 'latest.json');
export const DOCS = join(ROOT, 'docs', 'performance.md');

/** Measured runs per figure (after the warm-up runs). */
export const RUNS = {
  open: QUICK ? 2 : 5,
  openWarmup: 1,
  label: QUICK ? 6 : 30,
  labelWarmup: 3,
  import: QUICK ? 1 : 3,
  importWarmup: 1,
  export: QUICK ? 2 : 5,
  exportWarmup: 1,
  corpusLabel: QUICK ? 5 : 20,
  corpusLabelWarmup: 2,
};

/** The data: sizes from the brief, fixed seeds so every run measures the same bytes. */
export const DATA = {
  open: { seed: 1, id: 'bench-1mb', length: 1_000_000, spans: 10_000 },
  labelSeed: 2,
  corpus: { seed: 3, documents: 10_000, length: 2_300, spansPerDocument: 10 },
  memoryBigMiB: QUICK ? 60 : 100,
};

export const MiB = 1024 * 1024;
export const started = performance.now();
export const loadAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);

export function log(message) {
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(
    `[bench ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${message}`,
  );
}

export const ms = (value) => `${value.toFixed(1)} ms`;
