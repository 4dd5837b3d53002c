// Group "sync" (`--only=sync`): label_ratio with team sync on beside the same figure with it off, on
// one page in one run (sync_label_ratio_off, sync_label_ratio_on), and sync_join_ms: a member with a
// fresh browser profile joins a project of 10,000 documents and 100,000 spans, from Save and connect
// until all of them are stored in their IndexedDB. The app is built to reach ws://127.0.0.1:*
// (SPANWRIGHT_SYNC_ORIGINS, as a team's host builds it) and the sync server (server/sync-server.js)
// runs as its own process on 127.0.0.1 with a temporary data folder. docs/performance.md says more.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BENCH, DATA, NO_BUILD, ROOT, RUNS, log, ms } from '../config.js';
import { importThroughApp, newAppPage, openData, openMeasured, openOther, pickTargets } from '../appPage.js';
import { BENCH_ANNOTATOR, BENCH_LABELS, createRandom, generateRecord, spanRow } from '../generate.js';
import { measureLabelRatio } from '../labelRatio.js';
import { median, percentile, round } from '../report.js';
import { buildApp, serve } from '../serve.js';

const SYNC_APP_OUT = join(BENCH, 'dist', 'app-sync');
const PROJECT = 'bench';
const MEMBERS = [
  // The member who labels in the label_ratio runs: the imported document's layer is theirs.
  { name: BENCH_ANNOTATOR, token: 'bench-annotator-token', role: 'annotator' },
  // Holds the project (documents, labels and the 100,000 spans): a reviewer writes the corpus.
  { name: 'seed', token: 'bench-seed-token-01', role: 'reviewer' },
  { name: 'joiner', token: 'bench-joiner-token-1', role: 'annotator' },
];
/** The join of the whole project, on a loaded 2-CPU machine: a bound, not a target. */
const JOIN_TIMEOUT_MS = 30 * 60_000;
const LABEL_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/** Starts server/sync-server.js as its own process; resolves with its URL and a stop function. */
export async function startServer(folder) {
  const members = join(folder, 'members.json');
  writeFileSync(members, JSON.stringify({ members: MEMBERS }));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'server', 'sync-server.js'),
      '--members',
      members,
      '--port',
      '0',
      '--data',
      join(folder, 'data.sqlite'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const read = (chunk) => {
      output += chunk.toString();
      const match = /listening on ws:\/\/127\.0\.0\.1:(\d+)/u.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the sync server exited (${code}):\n${output}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The project a new member joins, written to the server as the seeding member's client would: the
 * corpus group's 10,000 generated documents (same seed and sizes) with their labels, and their
 * 100,000 spans in the seeding member's layer.
 */
export async function seedProject(url, count = DATA.corpus.documents) {
  const random = createRandom(DATA.corpus.seed);
  const corpus = new Y.Doc();
  const layer = new Y.Doc();
  let spans = 0;
  const now = Date.now();
  corpus.transact(() => {
    const labels = corpus.getMap('labels');
    BENCH_LABELS.forEach((name, order) =>
      labels.set(name, { colour: LABEL_COLOURS[order], hotkey: String(order + 1), description: '', order }),
    );
  });
  const documents = corpus.getMap('documents');
  const layerSpans = layer.getMap('spans');
  for (let index = 0; index < count; index += 1000) {
    // A thousand documents a transaction, as a reviewer importing them shares them.
    corpus.transact(() =>
      layer.transact(() => {
        for (let offset = index; offset < Math.min(index + 1000, count); offset++) {
          const id = `doc-${String(offset).padStart(6, '0')}`;
          const { record } = generateRecord(random, {
            id,
            length: DATA.corpus.length,
            spans: DATA.corpus.spansPerDocument,
          });
          documents.set(id, {
            title: record.meta.title,
            text: record.text,
            source: 'spanwright-bench',
            meta: {},
            order: offset,
            created: now,
          });
          record.spans.forEach((span, number) => {
            layerSpans.set(`${id}-${number}`, spanRow(id, 'seed', span, now));
            spans++;
          });
        }
      }),
    );
  }
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const send = (name, document) =>
    new Promise((resolve, reject) => {
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document,
        token: MEMBERS[1].token,
        onAuthenticationFailed: () => reject(new Error(`the sync server refused the seeding member for ${name}`)),
      });
      const done = () => {
        if (provider.isSynced && provider.unsyncedChanges === 0) resolve(provider);
      };
      provider.on('synced', done);
      provider.on('unsyncedChanges', done);
      provider.attach();
    });
  const providers = [await send(`${PROJECT}/corpus`, corpus), await send(`${PROJECT}/layer/seed`, layer)];
  const bytes = Y.encodeStateAsUpdate(corpus).length + Y.encodeStateAsUpdate(layer).length;
  for (const provider of providers) provider.destroy();
  socket.destroy();
  return { documents: documents.size, spans, bytes };
}

/** Sets the annotator field to `name` as a person does (confirming a new annotator). */
async function becomeAnnotator(page, name) {
  const field = page.getByLabel('Annotator', { exact: true });
  await field.fill(name);
  await field.press('Enter');
  const prompt = page.getByRole('alertdialog', { name: 'New annotator' });
  await page.waitForFunction(
    (wanted) =>
      document.querySelector('[role=alertdialog]') !== null ||
      document.querySelector('form.annotator')?.getAttribute('data-annotator') === wanted,
    name,
  );
  if (await prompt.isVisible()) await prompt.getByRole('button', { name: `Start “${name}”` }).click();
  await page.waitForFunction(
    (wanted) => document.querySelector('form.annotator')?.getAttribute('data-annotator') === wanted,
    name,
  );
}

/** Fills Settings → Team and presses Save and connect, then goes back to the documents. */
async function joinTeam(page, url, token, { back = true } = {}) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Server', { exact: true }).fill(url);
  await page.getByLabel('Project', { exact: true }).fill(PROJECT);
  await page.getByLabel('Token', { exact: true }).fill(token);
  const pressed = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Save and connect' }).click();
  if (back) await page.getByRole('link', { name: 'Documents' }).click();
  return pressed;
}

/** Waits until the team connection is online and the server has confirmed every change sent. */
async function waitSynced(page, timeout) {
  await page.waitForFunction(
    () => {
      const presence = document.querySelector('[data-testid=team-presence]');
      return presence?.getAttribute('data-status') === 'online' && presence.getAttribute('data-unsynced') === '0';
    },
    null,
    { timeout, polling: 250 },
  );
}

/** How many documents, and spans of `annotator`, the page's IndexedDB holds (read on a second connection). */
function storedCounts(page, annotator) {
  return page.evaluate(
    (who) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          const transaction = database.transaction(['documents', 'spans']);
          const documents = transaction.objectStore('documents').count();
          const spans = transaction.objectStore('spans').index('annotator').count(who);
          transaction.oncomplete = () => {
            database.close();
            resolve({ documents: documents.result, spans: spans.result });
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    annotator,
  );
}

async function labelRatios(browser, appUrl, serverUrl) {
  const { record, candidates, lines } = openData();
  const { context, page } = await newAppPage(browser, appUrl);
  try {
    const otherId = await page.locator('[data-testid=doc-item]').first().getAttribute('data-doc-id');
    log(`sync: importing the open group's 1 MB document with ${record.spans.length} spans…`);
    await importThroughApp(page, record);
    await openOther(page, otherId);
    await openMeasured(page, record, lines, 1);
    await page.evaluate(() => window.__bench.quiet(500));
    const highlights = await page.evaluate(() => document.querySelectorAll('[data-testid=doc-text] .hl').length);
    await openOther(page, otherId);
    await openMeasured(page, record, lines, highlights);
    const perRun = RUNS.labelWarmup + RUNS.label;
    const targets = await pickTargets(page, candidates, 2 * perRun, 'sync');
    const off = await measureLabelRatio(page, targets.slice(0, perRun), 'sync off');
    log('sync: joining the team as the imported layer’s annotator (its 10,000 spans are shared first)…');
    const joined = performance.now();
    await joinTeam(page, serverUrl, MEMBERS[0].token, { back: false });
    await waitSynced(page, 10 * 60_000);
    const shareMs = performance.now() - joined;
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"][aria-current=true]`).waitFor();
    await page.evaluate(() => window.__bench.quiet(500));
    const on = await measureLabelRatio(page, targets.slice(perRun), 'sync on');
    await waitSynced(page, 60_000);
    return { off, on, shareMs };
  } finally {
    await context.close();
  }
}

export async function joinProject(browser, appUrl, serverUrl, project) {
  const { context, page } = await newAppPage(browser, appUrl);
  try {
    if (process.env.SYNC_DEBUG)
      page.on('console', (message) => message.text().startsWith('DBG') && console.log(message.text()));
    await becomeAnnotator(page, 'joiner');
    const before = await storedCounts(page, 'seed');
    await page.evaluate(() => {
      window.__joinLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__joinLongTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    const pressed = await joinTeam(page, serverUrl, MEMBERS[2].token);
    const started = performance.now();
    let counts = before;
    let lastLog = started;
    while (counts.documents < before.documents + project.documents || counts.spans < project.spans) {
      if (performance.now() - started > JOIN_TIMEOUT_MS)
        throw new Error(
          `the join stored ${counts.documents - before.documents} documents and ${counts.spans} spans in ${JOIN_TIMEOUT_MS / 60_000} minutes`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
      counts = await storedCounts(page, 'seed');
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(
          `sync join: ${counts.documents - before.documents} documents, ${counts.spans} spans after ${ms(lastLog - started)}`,
        );
      }
    }
    const done = await page.evaluate(() => performance.now());
    const longTasks = await page.evaluate(() => window.__joinLongTasks);
    return {
      ms: done - pressed,
      longestTaskMs: longTasks.length === 0 ? 0 : Math.max(...longTasks),
      longTasksMs: longTasks.reduce((sum, duration) => sum + duration, 0),
    };
  } finally {
    await context.close();
  }
}

export async function measureSync(browser) {
  // The policy's list goes into the build's meta tag and into the header `vite preview` sends, both
  // read from the environment when the config loads.
  process.env.SPANWRIGHT_SYNC_ORIGINS = 'ws://127.0.0.1:*';
  let app;
  try {
    if (!NO_BUILD) {
      log('sync: building the app to reach ws://127.0.0.1:* (bench/dist/app-sync)…');
      buildApp({ outDir: SYNC_APP_OUT, minify: true });
    }
    app = await serve({ root: ROOT, build: { outDir: SYNC_APP_OUT } });
  } finally {
    delete process.env.SPANWRIGHT_SYNC_ORIGINS;
  }
  const folder = mkdtempSync(join(tmpdir(), 'spanwright-bench-sync-'));
  const server = await startServer(folder);
  try {
    const ratios = await labelRatios(browser, app.url, server.url);
    log(`sync: seeding the project (${DATA.corpus.documents} documents, their spans) on the server…`);
    const seeded = performance.now();
    const project = await seedProject(server.url);
    log(
      `sync: seeded ${project.documents} documents and ${project.spans} spans (${(project.bytes / 1024 / 1024).toFixed(1)} MB of Yjs updates) in ${ms(performance.now() - seeded)}`,
    );
    const joined = await joinProject(browser, app.url, server.url, project);
    log(
      `sync_join_ms: ${ms(joined.ms)} (longest task ${ms(joined.longestTaskMs)}, long tasks ${ms(joined.longTasksMs)} in all)`,
    );
    const { off, on } = ratios;
    const offFloor = median(off.floorNextPaint);
    const busy = (labels) => median(labels.map((run) => run.busyAfterMs));
    return {
      sync_label_ratio_off: off.ratio,
      // Over the floor measured with sync off: with sync on, the floor that follows each label waits
      // for the label's mirroring into the shared document (its own figure below), which would make
      // the ratio look better, not worse.
      sync_label_ratio_on: round(median(on.labelNextPaint) / offFloor),
      sync_join_ms: round(joined.ms, 0),
      details: {
        sync_label_ratio_on: {
          summary: `the same page and document, ${off.labels.length} labels each: key → first frame with the highlight ${ms(median(off.labelNextPaint))} with sync off, ${ms(median(on.labelNextPaint))} with sync on, over the floor with sync off ${ms(offFloor)}; the floor right after a label with sync on ${ms(median(on.floorNextPaint))} (the label's mirroring)`,
          off_label_next_paint_ms: round(median(off.labelNextPaint), 1),
          off_floor_next_paint_ms: round(offFloor, 1),
          on_label_next_paint_ms: round(median(on.labelNextPaint), 1),
          on_floor_next_paint_ms: round(median(on.floorNextPaint), 1),
          on_ratio_over_own_floor: on.ratio,
          off_p95: off.ratioP95,
          on_p95_over_off_floor: round(percentile(on.labelNextPaint, 95) / percentile(off.floorNextPaint, 95)),
          off_busy_after_paint_ms: round(busy(off.labels), 1),
          on_busy_after_paint_ms: round(busy(on.labels), 1),
          share_existing_layer_ms: round(ratios.shareMs, 0),
        },
        sync_join_ms: {
          summary: `Save and connect → ${project.documents.toLocaleString('en')} documents and ${project.spans.toLocaleString('en')} spans stored in IndexedDB; longest task ${ms(joined.longestTaskMs)}, ${ms(joined.longTasksMs)} of long tasks in all`,
          documents: project.documents,
          spans: project.spans,
          shared_update_mb: round(project.bytes / 1024 / 1024, 1),
          longest_task_ms: round(joined.longestTaskMs, 0),
          long_tasks_ms: round(joined.longTasksMs, 0),
        },
      },
    };
  } finally {
    await server.stop();
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
