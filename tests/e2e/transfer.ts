import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Download, Locator, Page } from 'playwright-core';

const folder = mkdtempSync(join(tmpdir(), 'spanwright-downloads-'));

/** Drops files on the page the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; content: string | Uint8Array }[]): Promise<void> {
  // Bytes (a binary file) cross into the page as a list of numbers.
  const given = files.map(({ name, content }): { name: string; content?: string; bytes?: number[] } =>
    typeof content === 'string' ? { name, content } : { name, bytes: Array.from(content) },
  );
  const transfer = await page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const file of files)
      data.items.add(new File([file.bytes ? new Uint8Array(file.bytes) : (file.content ?? '')], file.name));
    return data;
  }, given);
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('main', type, { dataTransfer: transfer });
}

/**
 * Drops a folder of this machine on the page as a file manager does, through Chromium's own drag
 * and drop (DevTools' Input.dispatchDragEvent): the page gets a directory entry, as from a real drag.
 */
export async function dropFolder(page: Page, path: string): Promise<void> {
  const box = await page.locator('main').first().boundingBox();
  const [x, y] = box ? [box.x + box.width / 2, box.y + box.height / 2] : [400, 300];
  const devtools = await page.context().newCDPSession(page);
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
    await devtools.send('Input.dispatchDragEvent', { type, x, y, data });
  await devtools.detach();
}

export interface Downloaded {
  name: string;
  path: string;
  /** The file as UTF-8 text (meaningless for a .zip: see `files`). */
  text: string;
  /** For a .zip, its files by path. */
  files: Record<string, string>;
}

/**
 * Presses `button` and returns the download it starts. A file written after the press has expired (a
 * loaded machine) waits for a press on the Save file button that takes its place in `region`, and
 * gets it, as a person gives it.
 */
export async function pressForDownload(page: Page, button: Locator, region: Locator): Promise<Download> {
  const arrived = pressSaveFileWhenAsked(region);
  const [saved] = await Promise.all([page.waitForEvent('download', { timeout: 40_000 }), button.click()]);
  arrived();
  return saved;
}

/**
 * Presses Save file in `region` when it appears (a file written after its press expired), until the
 * returned function says the download has arrived: a later Save file is another download's to press.
 */
function pressSaveFileWhenAsked(region: Locator): () => void {
  const saveButton = region.getByRole('button', { name: 'Save file' });
  let arrived = false;
  void saveButton
    .waitFor({ timeout: 40_000 })
    .then(() => (arrived ? undefined : saveButton.click()))
    .catch(() => undefined);
  return () => (arrived = true);
}

/** Opens the export dialog, sets the choices, presses Download and returns the saved file. */
export async function download(
  page: Page,
  choices: {
    format?: string;
    unit?: string;
    tokens?: string;
    scope?: string;
    annotator?: string;
    unlabelled?: string;
  } = {},
): Promise<Downloaded> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  if (choices.format) await dialog.getByLabel('Format', { exact: true }).selectOption(choices.format);
  if (choices.unit) await dialog.getByLabel('Offsets', { exact: true }).selectOption(choices.unit);
  if (choices.tokens) await dialog.getByLabel('Tokens', { exact: true }).selectOption(choices.tokens);
  if (choices.scope) await dialog.getByLabel('Documents', { exact: true }).selectOption(choices.scope);
  if (choices.annotator) await dialog.getByLabel('Annotator', { exact: true }).selectOption(choices.annotator);
  if (choices.unlabelled) await dialog.getByLabel('Without spans', { exact: true }).selectOption(choices.unlabelled);
  // A failed export says so in the dialog: report that rather than waiting out the download.
  const failed = dialog
    .locator('p.error[role=status]')
    .waitFor({ timeout: 45_000 })
    .then(
      async () => {
        throw new Error(`the export failed: ${await dialog.locator('p.error[role=status]').textContent()}`);
      },
      () => new Promise<never>(() => undefined), // no error shown: the download's own wait reports
    );
  failed.catch(() => undefined);
  // A download that never comes names what the dialog showed instead (its progress line, or nothing).
  const downloaded = page.waitForEvent('download', { timeout: 40_000 }).catch(async (error: unknown) => {
    const shown = await dialog.textContent({ timeout: 1000 }).catch(() => 'no dialog');
    const workers = page.workers().map((worker) => worker.url().replace(/^.*\//u, ''));
    throw new Error(
      `no download came; the export dialog showed: ${shown?.replace(/\s+/gu, ' ')}; the page's Workers: ${workers.join(', ') || 'none'}`,
      { cause: error },
    );
  });
  // An export that outlasts the press on Download (a loaded machine) waits for a press on Save file, as a person gives it.
  const arrived = pressSaveFileWhenAsked(dialog);
  const [saved] = await Promise.all([
    Promise.race([downloaded, failed]),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  arrived();
  const path = join(folder, saved.suggestedFilename());
  await saved.saveAs(path);
  // The dialog's layout moves as the export ends (the progress line goes, the outcome comes): close it only
  // once it has settled, and make sure it is gone, or the next click lands on a dialog still open.
  await dialog.locator('p.success[role=status]').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Once under load (a CI run) the dialog stayed open after this click, for a cause not yet found: as a
  // person would, press Escape then, and say so in the test's output so it is not lost.
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 }).catch(async () => {
    console.warn('download(): the Export dialog stayed open after Close; closing it with Escape');
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
  const bytes = readFileSync(path);
  const decoder = new TextDecoder();
  const files = path.endsWith('.zip')
    ? Object.fromEntries(
        Object.entries(unzipSync(new Uint8Array(bytes))).map(([name, data]) => [name, decoder.decode(data)]),
      )
    : {};
  return { name: saved.suggestedFilename(), path, text: bytes.toString('utf8'), files };
}

/** A native JSONL record as the export writes it (the fields these tests read). */
export interface NativeExportRecord {
  id: string;
  text: string;
  spans: { start: number; end: number; label: string; text: string; meta?: { source?: string } }[];
}

/** The records of a native JSONL export, one per non-empty line. */
export function nativeRecords(text: string): NativeExportRecord[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as NativeExportRecord);
}
