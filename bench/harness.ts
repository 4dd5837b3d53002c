/**
 * The bench harness: the app's own storage and formats modules in a page without the UI, exposed
 * on `window.bench` for bench/run.js. Every measurement has a baseline measured here, in the
 * same page, on the same data (ARCHITECTURE.md rule 11). Data is generated in the page from a
 * seed, so no large file crosses the wire. The measurements live in bench/harness/: corpus.ts
 * (the data and fresh databases), import.ts, export.ts, agreement.ts, nearDuplicates.ts, patterns.ts and
 * seed.ts (the app's own database filled for the startup group).
 */
import { agreementWithApp, releaseAgreement, reviewFiguresWithApp } from './harness/agreement';
import { prepareCorpus, releaseCorpus, sinkValue } from './harness/corpus';
import {
  blobOfBaseline,
  exportMatchesBaseline,
  exportWithApp,
  backupWithApp,
  checkWithApp,
  exportWithSerializer,
  exportWithStringify,
  exportFloor,
  prepareExport,
  readDocuments,
  readEverything,
  readEverythingInPages,
  releaseExport,
} from './harness/export';
import { importWithApp, importWithBatchedBulkPut, importWithBulkPut } from './harness/import';
import {
  nearDuplicatesCache,
  nearDuplicatesInWorker,
  prepareNearDuplicates,
  releaseNearDuplicates,
} from './harness/nearDuplicates';
import {
  addPatternSuggestions,
  bundleFormsRead,
  clearTextCache,
  occurrencesInWorker,
  patternsInWorker,
  preparePatterns,
  readFloorInWorker,
  waitForTextCache,
} from './harness/patterns';
import { seedAppDatabase } from './harness/seed';

export type { CorpusOptions, CorpusSummary } from './harness/corpus';
export type { ExportTiming } from './harness/export';
export type { ImportTiming } from './harness/import';
export type { SeedOptions, SeedSummary } from './harness/seed';

/** Drops the kept records, rows and the export database (before the memory runs). */
async function release(): Promise<void> {
  releaseCorpus();
  releaseAgreement();
  await releaseExport();
}

const bench = {
  prepareCorpus,
  importWithApp,
  importWithBulkPut,
  importWithBatchedBulkPut,
  prepareExport,
  readEverything,
  readEverythingInPages,
  readDocuments,
  blobOfBaseline,
  exportWithApp,
  backupWithApp,
  checkWithApp,
  exportWithStringify,
  exportFloor,
  exportWithSerializer,
  exportMatchesBaseline,
  agreementWithApp,
  reviewFiguresWithApp,
  prepareNearDuplicates,
  nearDuplicatesInWorker,
  nearDuplicatesCache,
  releaseNearDuplicates,
  preparePatterns,
  patternsInWorker,
  addPatternSuggestions,
  occurrencesInWorker,
  readFloorInWorker,
  clearTextCache,
  waitForTextCache,
  bundleFormsRead,
  seedAppDatabase,
  release,
  sink: sinkValue,
};

export type BenchHarness = typeof bench;

declare global {
  interface Window {
    bench: BenchHarness;
  }
}

window.bench = bench;
const status = document.getElementById('status');
if (status) status.textContent = 'Bench harness ready.';
document.documentElement.dataset.benchReady = 'true';
