// Helpers that drive the app page the way a person does (file input, clicks, mouse drags, keys)
// and read the probes bench/pageProbes.js installs in it. Used by the open-and-label and corpus
// groups and by the profiler.
import { createRandom, generateRecord, labelCandidates, nativeLine } from './generate.js';
import { DATA, log } from './config.js';
import { installLabelFloor } from './labelFloor.js';
import { installPageProbes } from './pageProbes.js';

export async function newAppPage(browser, appUrl) {
  // Service workers blocked: the bench measures the app, not a cache in front of it.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  const scripts = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(new URL(response.url()).pathname);
  });
  await page.addInitScript(installPageProbes);
  await page.addInitScript(installLabelFloor);
  await page.goto(appUrl);
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid=doc-text]')?.textContent ?? '').length > 0);
  return { context, page, scripts };
}

/**
 * Imports a native JSONL file through the app's own import path: the file input, the dialog,
 * Import, then Close. `timeout` bounds the analysis and the import each (`inputTimeout`, handing
 * the file to the page; Playwright's default when not given). Returns whether the
 * dialog detected the format, and how long the analysis (from handing the file over until Import
 * can be pressed) and the import (from the click until "Imported:") took, in ms.
 */
export async function importFileThroughApp(page, { name, buffer, timeout, inputTimeout }) {
  const handed = performance.now();
  await page
    .locator('[data-testid=import-input]')
    .setInputFiles({ name, mimeType: 'application/jsonl', buffer }, inputTimeout ? { timeout: inputTimeout } : {});
  const dialog = page.locator('dialog.import-dialog');
  const importButton = dialog.locator('.dialog-actions button.primary');
  const ready = () =>
    page.waitForFunction(
      () => {
        const button = document.querySelector('dialog.import-dialog .dialog-actions button.primary');
        if (document.querySelector('dialog.import-dialog select[aria-label^="Format of"]')) return 'ask';
        if (document.querySelector('dialog.import-dialog .file-card:is(.state-refused, .state-failed)'))
          return 'failed';
        return button instanceof HTMLButtonElement && !button.disabled ? 'ready' : false;
      },
      null,
      { timeout },
    );
  const failed = dialog.locator('.file-card.state-failed, .file-card.state-refused');
  const refused = async () => new Error(`the import dialog says: ${(await failed.first().innerText()).trim()}`);
  // Detection reads the first 64 KB; when the first record's text is longer, the dialog asks.
  let detected = true;
  let state = await (await ready()).jsonValue();
  if (state === 'ask') {
    detected = false;
    await dialog.locator('select[aria-label^="Format of"]').selectOption('native');
    state = await (await ready()).jsonValue();
  }
  if (state === 'failed') throw await refused();
  const clicked = performance.now();
  await importButton.click();
  // "Imported:", or the file's card saying why not (so a failed import fails now, not at the timeout).
  await dialog.getByText('Imported:').or(failed).first().waitFor({ timeout });
  const imported = performance.now();
  if ((await failed.count()) > 0) throw await refused();
  await dialog.locator('.dialog-actions button:not(.primary)').click();
  return { detected, analyseMs: clicked - handed, importMs: imported - clicked };
}

/** Imports `record` through the app's own import path: the file input, the dialog, Import. */
export async function importThroughApp(page, record) {
  const buffer = Buffer.from(`${nativeLine(record)}\n`, 'utf8');
  const { detected } = await importFileThroughApp(page, { name: `${record.id}.jsonl`, buffer, timeout: 120_000 });
  await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`).waitFor();
  return { bytes: buffer.length, detected };
}

export async function openOther(page, otherId) {
  await page.locator(`[data-testid=doc-item][data-doc-id="${otherId}"]`).click();
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=doc-text]')?.getElementsByClassName('line').length ?? 0) < 1000,
  );
  await page.evaluate(() => window.__bench.quiet(300));
}

/**
 * Opens `record` with a click and measures until its `lines` lines are drawn with `highlights`
 * highlight elements: in the whole text, or with `viewLines` in its first `viewLines` lines (what is
 * on screen at the top; see `linesInView`).
 */
export async function openMeasured(page, record, lines, highlights, profile, viewLines) {
  await page.evaluate((options) => window.__bench.armOpen(options), {
    documentId: record.id,
    lines,
    highlights,
    viewLines,
    profile,
  });
  await page.locator(`[data-testid=doc-item][data-doc-id="${record.id}"]`).click();
  const result = await page.evaluate(() => window.__benchResult);
  await page.evaluate(() => window.__bench.quiet(300));
  return result;
}

/** Drags over `target` with the mouse, as a person would, from its first to its last character. */
export async function dragOver(page, target) {
  const box = await page.evaluate((word) => window.__bench.locateWord(word), target);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/**
 * Labels `target` (drag, a reaction time, key 1) and returns the probe's result, with
 * `busyAfterMs`, the long tasks from the paint until the page is quiet, and `busyFromKeyMs`, the
 * long tasks from just before the key press (when the probe was armed) until the page is quiet.
 */
export async function labelMeasured(page, target, profile, profileAfter) {
  await dragOver(page, target);
  // A person's key press comes a reaction time after the mouse button is released (well over
  // 100 ms); let what the mouseup scheduled (ProseMirror syncs the selection in a timeout) run
  // first, so the figure is the label's own work and not the tail of the drag.
  await page.evaluate(
    () => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 0)), 50)),
  );
  const armedAt = await page.evaluate((options) => (window.__bench.armLabel(options), performance.now()), {
    target,
    key: '1',
    profile,
    profileAfter,
  });
  await page.keyboard.press('1');
  const result = await page.evaluate(() => window.__benchResult);
  // Profiling only: what runs after the paint (the live query coming round), until the page is quiet.
  if (profileAfter)
    await page
      .evaluate((name) => window.__bench.quiet(400).then(() => console.profileEnd(name)), profileAfter)
      .catch(() => undefined);
  // Let the live query come round and the span list settle before the next label; count the
  // long tasks meanwhile (what a fast labeller's next key press would wait for).
  await page.evaluate(() => window.__bench.quiet(400));
  const busy = await page.evaluate(
    ({ paintedAt, armed }) => (
      performance.mark('bench-after-end'),
      { after: window.__bench.busySince(paintedAt), fromKey: window.__bench.busySince(armed) }
    ),
    { paintedAt: result.paintedAt, armed: armedAt },
  );
  result.busyAfterMs = busy.after;
  result.busyFromKeyMs = busy.fromKey;
  return result;
}

export function spanCount(page) {
  return page.evaluate(() => Number(document.querySelector('.span-panel .count')?.textContent ?? NaN));
}

/** Generates the 1 MB document with 10,000 spans, and the words a labeller will drag over. */
export function openData() {
  const { record, generated } = generateRecord(createRandom(DATA.open.seed), DATA.open);
  record.id = DATA.open.id;
  // Label targets come from the top of the document: what is in view when it opens.
  const candidates = labelCandidates(generated, record.spans, 80);
  return { record, candidates, lines: record.text.split('\n').length };
}

/**
 * `count` of the candidate words that the open document shows on screen right now, spread over
 * the screen in a seeded order (labels are made where the annotator is looking: no scrolling).
 * `group` names the group in the log line.
 */
export async function pickTargets(page, candidates, count, group = 'label') {
  const visible = await page.evaluate((words) => window.__bench.visibleWords(words), candidates);
  if (visible.length < count) throw new Error(`only ${visible.length} unlabelled words on screen for ${count} labels`);
  log(`${group}: ${visible.length} unlabelled words on screen; labelling ${count} of them`);
  const random = createRandom(DATA.labelSeed);
  const order = [...visible];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order.slice(0, count).map((index) => candidates[index]);
}

/** How many of the open text's first lines are on screen, and how many highlight elements they hold. */
export function linesInView(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid=doc-text]');
    const frame = root.parentElement.getBoundingClientRect();
    const lines = root.getElementsByClassName('line');
    let count = 0;
    let highlights = 0;
    while (count < lines.length && lines[count].getBoundingClientRect().top < frame.bottom)
      highlights += lines[count++].getElementsByClassName('hl').length;
    return { viewLines: count, highlightsInView: highlights };
  });
}
