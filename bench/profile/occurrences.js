// `node bench/profile/occurrences.js [--no-build] [--runs=N]`: "label all occurrences" (O) and
// accept-all (Shift+A) on a long document, as an annotator does them, timed in Chromium. A
// generated 1.5 MB text holds "government" ~7,200 times; the first is labelled by a mouse drag and
// key 1, then O proposes every other occurrence, then Shift+A accepts them all, Ctrl+Z takes the
// accepted spans back and Ctrl+Shift+Z puts them back again. For each key: the
// time from the keydown to the status line's answer, and the page's long tasks (over 50 ms) from the
// keydown until the page is quiet (the text redrawn with thousands of suggestions or spans, the
// list updated). No target: these are the figures docs/performance.md quotes for the four keys.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { BENCH, ROOT, log, ms } from '../config.js';
import { dragOver, importThroughApp, newAppPage } from '../appPage.js';
import { buildApp, serve } from '../serve.js';
import { CHROMIUM_ARGS } from '../../scripts/chromium.js';
import { createRandom } from '../generate.js';
import { median } from '../report.js';

const OUT = join(BENCH, 'dist', 'app-occurrences');
/** `--cpu`: an unminified build, and a CPU profile of each key, its heaviest functions by self time printed. */
const CPU = process.argv.includes('--cpu');
const RUNS = Number(process.argv.find((argument) => argument.startsWith('--runs='))?.slice(7) ?? 3);
const WORD = 'government';
const FILLER = 'the of and to in a is that for it as was with be by on not he this are or his from at'.split(' ');

/** About 1.5 MB of lines of ~190 characters, `WORD` every ~40 words, seeded. */
function generate(seed) {
  const random = createRandom(seed);
  const lines = [];
  let length = 0;
  let count = 0;
  while (length < 1_500_000) {
    const words = [];
    while (words.join(' ').length < 190) {
      if (random() < 0.025) {
        words.push(random() < 0.5 ? WORD : 'Government');
        count++;
      } else words.push(FILLER[Math.floor(random() * FILLER.length)]);
    }
    const line = words.join(' ');
    lines.push(line);
    length += line.length + 1;
  }
  return { text: lines.join('\n'), count };
}

/** Presses `key` and waits for the status line to say `answer`; the keydown → answer time and the long tasks until quiet. */
async function timedKey(page, key, answer) {
  const cdp = CPU ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const armedAt = await page.evaluate(() => performance.now());
  const waited = page.waitForFunction(
    (pattern) => new RegExp(pattern, 'u').test(document.querySelector('footer.statusline')?.textContent ?? ''),
    answer,
    { timeout: 300_000, polling: 50 },
  );
  const pressed = await page.evaluate(() => performance.now());
  await page.keyboard.press(key);
  await waited;
  const answered = await page.evaluate(() => performance.now());
  await page.evaluate(() => window.__bench.quiet(1000, 60_000));
  const tasks = await page.evaluate(
    (since) => window.__occurrenceTasks.filter((task) => task.start >= since).map((task) => Math.round(task.duration)),
    armedAt,
  );
  if (cdp) printHeaviest(key, (await cdp.send('Profiler.stop')).profile);
  return { ms: answered - pressed, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks) };
}

/** The functions of `profile` with the most self time, and the heaviest stacks' callers. */
function printHeaviest(key, profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + interval);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  log(
    `${key}: heaviest by self time\n${top.map(([name, time]) => `  ${time.toFixed(1).padStart(8)} ms  ${name}`).join('\n')}`,
  );
}

async function main() {
  if (!process.argv.includes('--no-build')) buildApp({ outDir: OUT, minify: !CPU });
  const server = await serve({ root: ROOT, build: { outDir: OUT } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const results = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const { context, page } = await newAppPage(browser, server.url);
      await page.evaluate(() => {
        window.__occurrenceTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            window.__occurrenceTasks.push({ start: entry.startTime, duration: entry.duration });
        }).observe({ type: 'longtask' });
      });
      const { text, count } = generate(7 + run);
      const record = { id: `occurrences-${run}`, title: 'Occurrences', text, spans: [] };
      await importThroughApp(page, record);
      await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`).click();
      await page.waitForFunction(
        (length) => (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length >= length * 0.9,
        text.length,
      );
      await page.evaluate(() => window.__bench.quiet(500, 30_000));
      const firstLine = text.split('\n').findIndex((line) => line.includes(WORD));
      const from = text.split('\n')[firstLine].indexOf(WORD);
      await dragOver(page, { line: firstLine, from, to: from + WORD.length });
      await page.keyboard.press('1');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=doc-text] [data-label]').length > 0);
      await page.evaluate(() => window.__bench.quiet(500, 30_000));
      const propose = await timedKey(page, 'o', '^.*Proposed [\\d,]+ occurrences');
      const accept = await timedKey(page, 'Shift+A', 'Accepted');
      // Undo and redo of the accept-all write its thousands of spans back through putSpans (with its twin check).
      const undo = await timedKey(page, 'Control+z', '^.*Undone');
      const redo = await timedKey(page, 'Control+Shift+z', '^.*Redone');
      const said = (name, key) =>
        `${name} ${ms(key.ms)}, ${key.longTasks} long tasks, longest ${ms(key.longestTaskMs)}`;
      log(
        `run ${run + 1}/${RUNS}: ${count} occurrences; ${[said('O', propose), said('Shift+A', accept), said('Ctrl+Z', undo), said('Ctrl+Shift+Z', redo)].join('; ')}`,
      );
      results.push({ count, propose, accept, undo, redo });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const of = (pick) => Math.round(median(results.map(pick)));
  log(
    `medians of ${RUNS}: ${['propose', 'accept', 'undo', 'redo'].map((key) => `${key} ${of((r) => r[key].ms)} ms (longest task ${of((r) => r[key].longestTaskMs)} ms)`).join('; ')}`,
  );
}

await main();
