import type { Browser, BrowserContext, Page, Request, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseURL,
  chooseAnnotator,
  dragSelect,
  launchBrowser,
  listedSpans,
  openApp,
  waitForServiceWorker,
  withServiceWorker,
} from './browser';

// Every request the app makes, the service worker's too: openApp runs it here.
withServiceWorker();

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** One request seen by the browser: from a page, or from the service worker. */
export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  fromServiceWorker: boolean;
}

/**
 * Records every request made in `context` from now on: the pages' (including those the service
 * worker answers) and the service worker's own (install, precache, update checks), plus any
 * WebSocket. `outsideOrigin(origin)` lists what went anywhere but `origin`.
 */
export function recordRequests(context: BrowserContext): {
  requests: RecordedRequest[];
  outsideOrigin(origin: string): string[];
  stop(): void;
} {
  const requests: RecordedRequest[] = [];
  const onRequest = (request: Request) =>
    requests.push({
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      fromServiceWorker: request.serviceWorker() !== null,
    });
  const onWebSocket = (socket: WebSocket) =>
    requests.push({ url: socket.url(), method: 'GET', resourceType: 'websocket', fromServiceWorker: false });
  const onPage = (page: Page) => page.on('websocket', onWebSocket);
  // The context's event covers every page and the service worker; pages add WebSockets.
  context.on('request', onRequest);
  context.on('page', onPage);
  for (const page of context.pages()) onPage(page);
  return {
    requests,
    outsideOrigin: (origin) => requests.map((request) => request.url).filter((url) => originOf(url) !== origin),
    stop() {
      context.off('request', onRequest);
      context.off('page', onPage);
      for (const page of context.pages()) page.off('websocket', onWebSocket);
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Collects CSP violations in every page of `context` into `window.__cspViolations`. */
async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ${event.sample}`.trim()),
    );
  });
}

const violationsIn = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

/** Parses a CSP into directive → sources. */
function parsePolicy(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/u))
      .filter((parts) => parts[0] !== '')
      .map(([directive, ...sources]) => [directive.toLowerCase(), sources]),
  );
}

/** What the built app's policy must say, in the meta tag and the header alike. */
const REQUIRED: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

function expectStrictPolicy(policy: string): Map<string, string[]> {
  const parsed = parsePolicy(policy);
  for (const [directive, sources] of Object.entries(REQUIRED))
    expect(parsed.get(directive), directive).toEqual(sources);
  // Nothing anywhere allows inline code, eval or another origin.
  for (const [directive, sources] of parsed)
    for (const source of sources)
      expect(["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:'], `${directive} ${source}`).not.toContain(
        source,
      );
  return parsed;
}

describe('network', () => {
  it('talks to no origin but its own while opening, labelling, importing, exporting and reloading', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await watchViolations(context);
    const recorder = recordRequests(context);
    const { page } = await openApp(browser, { context });
    await waitForServiceWorker(page);

    for (const id of ['001_1588cc6f968110a1', '003_6244afe28d155e96', '000_c25c54a9dd113007']) {
      await page.locator(`[data-testid=doc-item][data-doc-id="${id}"]`).click();
      await expect
        .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
        .toBe(id);
    }
    await dragSelect(page, 'potential arms deal');
    await page.keyboard.press('1');
    await page.locator('[data-testid=span-item]').first().waitFor();
    await dragSelect(page, 'North Korea', 1);
    await page.keyboard.press('4');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(2);
    await page.locator('[data-testid=span-item]').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(2);

    // Import a file whose text and metadata name other origins: they are data, never fetched.
    const lure = JSON.stringify({
      id: 'lure',
      text: 'See <img src="https://tracker.invalid/pixel.png"> and https://cdn.invalid/app.js here.',
      label: [[0, 3, 'claim']],
      image: 'https://images.invalid/photo.jpg',
      url: 'https://news.invalid/story',
    });
    await page
      .locator('[data-testid=import-input]')
      .setInputFiles({ name: 'lure.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(lure) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card').textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-testid=doc-item][data-doc-id="lure"]').click();
    await expect
      .poll(() => page.locator('[data-testid=doc-text]').textContent())
      .toContain('<img src="https://tracker.invalid/pixel.png">');

    // Export: the download is a blob: URL of this origin.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Annotator', { exact: true }).selectOption('all');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportDialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(originOf(download.url())).toBe(originOf(baseURL()));
    await exportDialog.getByRole('button', { name: 'Close' }).click();

    await page.goto(new URL('#/settings', baseURL()).href);
    await page.locator('#label-settings-heading').waitFor();
    // Highlights, label colours and the progress bar are styled without one CSP violation.
    expect(await violationsIn(page)).toEqual([]);

    await page.goto(baseURL());
    await page.reload();
    await page.locator('[data-testid=span-item]').first().waitFor();
    expect(await violationsIn(page)).toEqual([]);

    recorder.stop();
    const origin = originOf(baseURL());
    expect(recorder.requests.length).toBeGreaterThan(10);
    // The service worker's own fetches (install and precache) were seen too.
    expect(recorder.requests.some((request) => request.fromServiceWorker)).toBe(true);
    expect(recorder.outsideOrigin(origin)).toEqual([]);
    await context.close();
  });
});

describe('Content-Security-Policy', () => {
  it('is strict in the built page and in the preview server’s headers', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(baseURL());
    await page.locator('[data-testid=doc-item]').first().waitFor();

    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBeTruthy();
    const fromMeta = expectStrictPolicy(meta!);
    // frame-ancestors is ignored in a meta tag (CSP3 §6.1): only the header can carry it.
    expect(fromMeta.has('frame-ancestors')).toBe(false);
    // The meta tag comes before any script or stylesheet it governs.
    const order = await page.evaluate(
      () =>
        Array.from(document.head.children).findIndex((element) =>
          element.matches('meta[http-equiv="Content-Security-Policy"]'),
        ) < Array.from(document.head.children).findIndex((element) => element.matches('script, link[rel=stylesheet]')),
    );
    expect(order).toBe(true);

    const headers = response!.headers();
    const fromHeader = expectStrictPolicy(headers['content-security-policy']);
    expect(fromHeader.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [directive, sources] of fromMeta) expect(fromHeader.get(directive), directive).toEqual(sources);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    // Every file the static host serves carries the headers, the service worker script included.
    for (const path of ['sw.js', 'manifest.webmanifest', 'corpus/manifest.json', 'some/deep/route']) {
      const answer = await fetch(new URL(path, baseURL()));
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-security-policy'), path).toBe(headers['content-security-policy']);
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
    }

    // No inline script in the built page: every script has a same-origin src.
    const scripts = await page
      .locator('script')
      .evaluateAll((elements) =>
        elements.map((element) => ({ src: element.getAttribute('src'), text: element.textContent ?? '' })),
      );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script.src).toMatch(/^\/assets\//u);
      expect(script.text.trim()).toBe('');
    }
    await context.close();
  });

  it('blocks an injected inline script, inline event handler and inline style', async () => {
    const context = await browser.newContext();
    await watchViolations(context);
    const page = await context.newPage();
    await page.goto(baseURL());
    await page.locator('[data-testid=doc-text] .line').first().waitFor();

    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { --injected: 1; }';
      document.head.append(style);
    });
    const outcome = await page.evaluate(() => {
      // An inline event handler, as an injected attribute would carry it.
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__handlerRan = true');
      document.body.append(button);
      button.click();
      button.remove();
      const flags = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
      return {
        inlineRan: flags.__inlineRan,
        handlerRan: flags.__handlerRan,
        styled: getComputedStyle(document.body).getPropertyValue('--injected').trim(),
      };
    });
    expect(outcome).toEqual({ inlineRan: undefined, handlerRan: undefined, styled: '' });
    await expect
      .poll(() => violationsIn(page))
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^script-src-elem blocked inline/u),
          expect.stringMatching(/^script-src-attr blocked inline/u),
          expect.stringMatching(/^style-src-elem blocked inline/u),
        ]),
      );
    await context.close();
  });
});

/** A value of the app's settings store, read straight from IndexedDB. */
function storedSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise<unknown>((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          const read = database.transaction('settings').objectStore('settings').get(key);
          read.onsuccess = () => {
            database.close();
            resolve((read.result as { value?: unknown } | undefined)?.value);
          };
          read.onerror = () => reject(read.error);
        };
      }),
    key,
  );
}

const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
const IMAGE_PAYLOAD = '<img src=x onerror="window.__pwned=2">';
// No spaces: label names are listed space-separated in data-label.
const LABEL_PAYLOAD = '<img/src=x/onerror=window.__pwned=3>';
const ANNOTATOR_PAYLOAD = '<b>x</b>';

describe('untrusted text is shown as text', () => {
  it('renders a document, a label and an annotator made of HTML literally', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await watchViolations(context);
    const { page } = await openApp(browser, { context });

    const title = `Breaking ${SCRIPT_PAYLOAD} ${IMAGE_PAYLOAD}`;
    const text = `Intro line.\n${SCRIPT_PAYLOAD} and ${IMAGE_PAYLOAD} in the body.\nLast line with &amp; and &lt;b&gt;.`;
    // A title no import would make (imports derive or read titles, never HTML-escape them either):
    // the record goes straight into the app's IndexedDB, with its head as every document write stores one.
    await page.evaluate(
      ({ title, text }) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('spanwright');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const database = request.result;
            const transaction = database.transaction(['documents', 'heads'], 'readwrite');
            const record = { id: 'xss', title, source: 'test', order: 99, created: Date.now(), fingerprint: 'x' };
            transaction.objectStore('documents').put({ ...record, text, meta: {} });
            transaction.objectStore('heads').put({ ...record, length: text.length });
            transaction.oncomplete = () => {
              database.close();
              resolve();
            };
            transaction.onerror = () => reject(transaction.error);
          };
        }),
      { title, text },
    );
    await page.reload();
    const item = page.locator('[data-testid=doc-item][data-doc-id="xss"]');
    await item.waitFor();
    expect(await item.locator('.doc-title').textContent()).toBe(title);
    await item.click();
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('xss');
    const lines = await page
      .locator('[data-testid=doc-text] .line')
      .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    expect(lines.join('\n')).toBe(text);

    // A label named with HTML, used on the payload.
    await page.goto(new URL('#/settings', baseURL()).href);
    await page.getByLabel('New label name').fill(LABEL_PAYLOAD);
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.locator(`[data-label-row="${LABEL_PAYLOAD}"]`).waitFor();
    await page.goto(baseURL());
    await page.locator('[data-testid=doc-text] .line').first().waitFor();
    await expect
      .poll(() => page.locator('[data-testid=doc-item][aria-current=true]').getAttribute('data-doc-id'))
      .toBe('xss');
    const labelButton = page.locator(`[data-label-button="${LABEL_PAYLOAD}"]`);
    expect(await labelButton.locator('.label-name').textContent()).toBe(LABEL_PAYLOAD);
    await dragSelect(page, 'window.__pwned=1');
    await labelButton.click();
    await page.locator('[data-testid=span-item]').first().waitFor();
    const [span] = await listedSpans(page);
    expect(span.label).toBe(LABEL_PAYLOAD);
    expect(span.text).toContain('window.__pwned=1');
    expect(await page.locator('[data-testid=span-item] .span-label').first().textContent()).toBe(LABEL_PAYLOAD);

    // An annotator named with HTML.
    // It is shown in the prompt that asks before its empty layer opens, as text.
    const annotator = page.locator('#annotator-input');
    await chooseAnnotator(page, ANNOTATOR_PAYLOAD);
    // Reload only once the new name is stored.
    await expect.poll(() => storedSetting(page, 'annotator')).toBe(ANNOTATOR_PAYLOAD);
    await page.reload();
    await page.locator('[data-testid=doc-text] .line').first().waitFor();
    await expect.poll(() => annotator.inputValue()).toBe(ANNOTATOR_PAYLOAD);

    const after = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      // Not one element the payloads describe was created.
      images: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('b').length,
      bodyScripts: document.body.querySelectorAll('script').length,
    }));
    expect(after).toEqual({ pwned: undefined, images: 0, bold: 0, bodyScripts: 0 });
    expect(await page.locator('[data-testid=doc-item][data-doc-id="xss"] .doc-title').textContent()).toBe(title);
    expect(await page.locator('[data-testid=doc-text]').textContent()).toContain(SCRIPT_PAYLOAD);
    expect(await violationsIn(page)).toEqual([]);
    await context.close();
  });
});
