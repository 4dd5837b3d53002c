// Group "startup": startup_heap_seeded_mb and startup_seeded_ratio, issue 16's "startup_heap_mb with
// 100,000 documents of 3 KB". Importing that through the dialog takes hours here, so the harness
// page, served at the app's own origin, fills the app's database with the rows an import of the same
// native JSONL writes (bench/harness/seed.ts), in large transactions. Then the app starts as in the
// corpus group: the heap once quiet and collected, and the time until the open document's text shows.
//   --startup-documents=N   documents seeded (default 100,000; 2,000 with --quick)
//   --startup-length=L      UTF-16 length of each text (default 3,000)
//   --startup-snapshot      also writes a heap snapshot after the big start to bench/dist/startup.heapsnapshot
//                           and logs the constructors holding the most (self size)
//   --startup-cut=S         the first start's near-duplicate search cut off by a reload S seconds after the
//                           list shows (as a reload during the search after a big import does); the search
//                           of the start after it is the one timed to its end (default 0: not cut)
//   --startup-profile       also one start of each size under a V8 CPU profile, as a timeline of busy runs
//                           (bench/dist/startup-profile.json; source-mapped when the app was built with
//                           maps into bench/dist/app and run with --no-build)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, MiB, QUICK, log, ms } from '../config.js';
import { newAppPage } from '../appPage.js';
import { round } from '../report.js';
import { sourceMapper } from '../profile/cpu.js';
import { cpuTimeline } from '../profile/cpuTimeline.js';
import { APP_OUT } from '../config.js';
import { startupMeasured, startups } from './corpus.js';

const option = (name, fallback) => {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
};
const DOCUMENTS = option('startup-documents', QUICK ? 2_000 : 100_000);
const LENGTH = option('startup-length', 3_000);
const SPANS_PER_DOCUMENT = 3;
const BATCH = 1_000;
const SNAPSHOT = process.argv.includes('--startup-snapshot');
const PROFILE = process.argv.includes('--startup-profile');
const CUT_S = option('startup-cut', 0);
const profiles = {};

/** One start under a CPU profile: its busy runs until the text shows, with the functions taking the most. */
async function profiledStart(page, appUrl, what) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const shownMs = await startupMeasured(page);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const timeline = cpuTimeline(profile, await sourceMapper(appUrl, APP_OUT), 12);
  profiles[what] = { shown_ms: round(shownMs, 1), timeline };
  log(`startup profile ${what}: text shown ${ms(shownMs)}`);
  for (const run of timeline) log(`  at ${run.at_ms} ms, ${run.ms} ms: ${run.app.slice(0, 6).join(' | ')}`);
  writeFileSync(join(BENCH, 'dist', 'startup-profile.json'), JSON.stringify(profiles, null, 1));
}
const SEED_TIMEOUT_MS = 60 * 60_000;

/** Serves every request of `page`'s context from the harness server instead of the app's (same origin). */
async function harnessAtAppOrigin(context, appUrl, harnessUrl) {
  const handler = async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: new URL(url.pathname + url.search, harnessUrl).href });
    await route.fulfill({ response });
  };
  await context.route(`${new URL(appUrl).origin}/**`, handler);
  return () => context.unroute(`${new URL(appUrl).origin}/**`, handler);
}

/**
 * The floor under a start: a page at the app's origin that does nothing but open the app's IndexedDB
 * database, read the first stored document and show its text, measured as a start is (reload → text
 * shown). What the browser itself takes to open a database of that size, without any of the app.
 */
const FLOOR_PATH = '/__startup-floor.html';
const FLOOR_PAGE = `<!doctype html><meta charset="utf-8"><title>floor</title><div data-testid="doc-text"></div>
<script>
const request = indexedDB.open('spanwright');
request.onsuccess = () => {
  const cursor = request.result.transaction('documents').objectStore('documents').openCursor();
  cursor.onsuccess = () => {
    const text = cursor.result?.value?.text;
    document.querySelector('[data-testid=doc-text]').textContent = typeof text === 'string' ? text : 'a document';
  };
};
</script>`;

/** `startups` of the floor page (FLOOR_PAGE) in `page`'s context, then back to the app. */
async function floorStartups(page, appUrl, what) {
  const url = new URL(FLOOR_PATH, appUrl).href;
  const serve = (route) => route.fulfill({ contentType: 'text/html', body: FLOOR_PAGE });
  await page.context().route(url, serve);
  let floor;
  try {
    await page.goto(url);
    floor = await startups(page, `floor (the database opened, one document shown) ${what}`, async () => {});
  } finally {
    await page.context().unroute(url, serve);
  }
  // Back to the app, started and quiet, as the steps after a start expect it. This start follows a
  // page that left nothing running in the database: it tells the app's own start from what an app
  // page before it leaves behind (the floor's warm-up follows an app page).
  await page.goto(appUrl);
  const afterFloor = await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length > 0 ? performance.now() : false,
    null,
    { polling: 'raf', timeout: SEED_TIMEOUT_MS },
  );
  floor.appAfterFloorMs = await afterFloor.jsonValue();
  log(`startup ${what} right after a floor page: text shown ${ms(floor.appAfterFloorMs)} after the navigation`);
  await page.evaluate(() => window.__bench.quiet(1000));
  return floor;
}

/** A heap snapshot of `page` written to `path`, and its self sizes summed by constructor (the top 25). */
async function snapshotSummary(page, path) {
  const cdp = await page.context().newCDPSession(page);
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const text = chunks.join('');
  writeFileSync(path, text);
  const snapshot = JSON.parse(text);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const byName = new Map();
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt]];
    const name = type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[index + nameAt]] : type;
    const key = `${type}:${name}`;
    const entry = byName.get(key) ?? { key, count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[index + sizeAt];
    byName.set(key, entry);
  }
  return [...byName.values()].sort((a, b) => b.bytes - a.bytes).slice(0, 25);
}

/**
 * Waits until the list counts `documents` and a row shows a seeded document's spans (the heads and the
 * summaries all read: the open text is read first, so a start shows it before the list), then until quiet.
 */
async function listLoaded(page, documents, spans) {
  await page.waitForFunction(
    ({ count, spanText }) =>
      (document.querySelector('.list-count')?.textContent ?? '').includes(`of ${count} documents`) &&
      (spanText === null ||
        [...document.querySelectorAll('[data-testid=doc-item]')].some((row) => row.textContent.includes(spanText))),
    { count: documents, spanText: spans > 0 ? `${spans} spans` : null },
    { timeout: SEED_TIMEOUT_MS, polling: 100 },
  );
  await page.evaluate(() => window.__bench.quiet(1000));
}

/**
 * Waits until the app has finished its near-duplicate search over `documents` documents and kept it
 * on the device (storage/nearDuplicateMemory.ts), as it does in the background after an import; the
 * starts after it search nothing. Returns how long that took.
 */
async function searchKept(page, documents) {
  const started = performance.now();
  await page.waitForFunction(
    (count) =>
      Object.keys(localStorage).some((key) => {
        if (!key.startsWith('spanwright.nearDuplicates.')) return false;
        try {
          return JSON.parse(localStorage.getItem(key)).documents === count;
        } catch {
          return false;
        }
      }),
    documents,
    { timeout: SEED_TIMEOUT_MS, polling: 500 },
  );
  return performance.now() - started;
}

/** How many signatures the near-duplicate search's cache holds (workers/signatureCache.ts), read in the page. */
function signaturesStored(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          const rows = database.transaction('signatureBundles').objectStore('signatureBundles').getAll();
          rows.onerror = () => reject(rows.error);
          rows.onsuccess = () => {
            database.close();
            resolve(rows.result.reduce((count, row) => count + (row.ids?.length ?? 0), 0));
          };
        };
      }),
  );
}

export async function measureStartup(browser, appUrl, harnessUrl) {
  const { context, page } = await newAppPage(browser, appUrl);
  try {
    await searchKept(page, 5);
    const small = await startups(page, 'with the 5 default documents', () => listLoaded(page, 5, 0));
    if (PROFILE) await profiledStart(page, appUrl, 'small');
    if (SNAPSHOT) {
      for (const entry of await snapshotSummary(page, join(BENCH, 'dist', 'startup-small.heapsnapshot')))
        log(`  small: ${entry.key} ×${entry.count}: ${(entry.bytes / MiB).toFixed(2)} MB`);
    }
    const smallFloor = await floorStartups(page, appUrl, 'with the 5 default documents');
    const restore = await harnessAtAppOrigin(context, appUrl, harnessUrl);
    await page.goto(new URL('harness.html', appUrl).href);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true');
    log(`startup: seeding ${DOCUMENTS} documents of ${LENGTH} characters, ${SPANS_PER_DOCUMENT} spans each…`);
    const seeded = await page.evaluate(
      (options) => window.bench.seedAppDatabase(options),
      {
        seed: 16,
        documents: DOCUMENTS,
        length: LENGTH,
        spansPerDocument: SPANS_PER_DOCUMENT,
        batch: BATCH,
        fileName: 'seed.jsonl',
      },
      { timeout: SEED_TIMEOUT_MS },
    );
    log(
      `startup: seeded ${seeded.documents} documents (${(seeded.textUnits / 1e6).toFixed(1)} M UTF-16 units of text), ${seeded.spans} spans in ${ms(seeded.ms)}`,
    );
    await restore();
    await page.goto(appUrl);
    await page.locator('[data-testid=doc-item]').first().waitFor({ timeout: SEED_TIMEOUT_MS });
    const documents = seeded.before + seeded.documents;
    if (CUT_S > 0) {
      await page.waitForTimeout(CUT_S * 1000);
      const stored = await signaturesStored(page);
      await page.reload();
      await page.locator('[data-testid=doc-item]').first().waitFor({ timeout: SEED_TIMEOUT_MS });
      log(
        `startup: the first start's near-duplicate search cut off by a reload ${CUT_S} s after the list showed, with ${stored} signatures stored`,
      );
    }
    const searchMs = await searchKept(page, documents);
    log(
      `startup: ${CUT_S > 0 ? 'after the reload, the' : "the first start's"} near-duplicate search over ${documents} documents ended and was kept in ${ms(searchMs)}`,
    );
    const big = await startups(page, `with ${documents} documents`, () =>
      listLoaded(page, documents, SPANS_PER_DOCUMENT),
    );
    if (PROFILE) await profiledStart(page, appUrl, 'big');
    const top = SNAPSHOT ? await snapshotSummary(page, join(BENCH, 'dist', 'startup.heapsnapshot')) : [];
    const bigFloor = await floorStartups(page, appUrl, `with ${documents} documents`);
    for (const entry of top) log(`  big: ${entry.key} ×${entry.count}: ${(entry.bytes / MiB).toFixed(2)} MB`);
    return {
      startup_heap_seeded_mb: round(big.heapMb, 1),
      startup_seeded_ratio: round(big.median / small.median),
      details: {
        startup_heap_seeded_mb: {
          summary: `the JS heap after a start with ${documents} documents of ${LENGTH} characters (${seeded.spans} spans) seeded as an import writes them, once quiet and collected (median of ${big.heaps.length}); ${round(small.heapMb, 1)} MB with the 5 default documents`,
          documents,
          text_length: LENGTH,
          spans: seeded.spans,
          seed_s: round(seeded.ms / 1000, 1),
          runs_mb: big.heaps.map((value) => round(value, 1)),
          small_mb: round(small.heapMb, 1),
          small_runs_mb: small.heaps.map((value) => round(value, 1)),
          ...(SNAPSHOT ? { snapshot_top: top.map((entry) => ({ ...entry, mb: round(entry.bytes / MiB, 2) })) } : {}),
        },
        startup_seeded_ratio: {
          summary: `reload → the open document's text shown: ${ms(big.median)} with ${documents} documents ÷ ${ms(small.median)} with the 5 default documents (medians of ${big.runs.length})`,
          big_ms: round(big.median, 1),
          small_ms: round(small.median, 1),
          runs_big_ms: big.runs.map((value) => round(value, 1)),
          runs_small_ms: small.runs.map((value) => round(value, 1)),
          near_duplicate_search: `timed starts follow the app's first near-duplicate search over the seeded documents, ended and kept on the device as after an import (${ms(searchMs)}); they search nothing`,
          near_duplicate_search_s: round(searchMs / 1000, 1),
          ...(CUT_S > 0 ? { near_duplicate_search_cut_after_s: CUT_S } : {}),
          floor: `the same start of a page that only opens the app's database and shows one stored document's text (no app): ${ms(bigFloor.median)} with ${documents} documents ÷ ${ms(smallFloor.median)} with the 5 default documents = ${round(bigFloor.median / smallFloor.median)}×; the app's start over it: ${round(big.median / bigFloor.median)}× and ${round(small.median / smallFloor.median)}×`,
          floor_big_ms: round(bigFloor.median, 1),
          floor_small_ms: round(smallFloor.median, 1),
          floor_runs_big_ms: bigFloor.runs.map((value) => round(value, 1)),
          floor_runs_small_ms: smallFloor.runs.map((value) => round(value, 1)),
          floor_ratio: round(bigFloor.median / smallFloor.median),
          floor_warm_up_big_ms: round(bigFloor.warmUpMs, 1),
          app_after_floor_big_ms: round(bigFloor.appAfterFloorMs, 1),
          app_after_floor_small_ms: round(smallFloor.appAfterFloorMs, 1),
          over_floor_big_ms: round(big.median - bigFloor.median, 1),
          over_floor_small_ms: round(small.median - smallFloor.median, 1),
        },
      },
    };
  } finally {
    await context.close();
  }
}
