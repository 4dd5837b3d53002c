// Who is online, with a full team: six other members online at once must not widen the page or push
// the work off screen. The lead is a page in Chromium; the six others are Yjs clients in this process
// (each its own socket, saying who it is and what it has open), one of them writing a layer and
// two opposite review decisions so the top bar's notices show too.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from '../support/syncServer';
import { chooseAnnotator, labelWithKey, launchBrowser, waitForText } from './browser';
import { lowContrast } from './contrast';
import { serveSyncApp } from './syncApp';

const PROJECT = 'demo';
const FIRST = '000_c25c54a9dd113007';
const XSS = '<img src=x onerror=alert(1)>';
const LEAD = { name: 'lead', token: 'lead-token-000001', role: 'reviewer' as const };
const PEERS = [
  { name: 'alice', token: 'alice-token-0001', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-token-00002', role: 'annotator' as const },
  { name: 'carol', token: 'carol-token-003', role: 'annotator' as const },
  { name: 'dora', token: 'dora-token-0004', role: 'annotator' as const },
  { name: 'Maximiliane Oberhuber-Schwarzenberg', token: 'maxi-token-0005', role: 'annotator' as const },
  { name: XSS, token: 'xss-token-00006', role: 'annotator' as const },
];

let folder: string;
let app: Awaited<ReturnType<typeof serveSyncApp>>;
let browser: Browser;
let server: RunningSyncServer;
let lead: Page;
const sockets: HocuspocusProviderWebsocket[] = [];
const providers: HocuspocusProvider[] = [];

/** Opens the shared document `name` as `token`'s member on a socket of its own; resolves once synced. */
function open(name: string, token: string, doc = new Y.Doc()): Promise<HocuspocusProvider> {
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      token,
      onAuthenticationFailed: () => reject(new Error(`the sync server refused ${token} for ${name}`)),
      onSynced: () => resolve(provider),
    });
    providers.push(provider);
    provider.attach();
  });
}

/** A span record of `annotator` over the first occurrence of `text` in the first document (code points). */
function spanRecord(annotator: string, text: string, updated: number, by: string) {
  const whole = readFileSync(join(import.meta.dirname, '../../public/corpus', `${FIRST}.txt`), 'utf8');
  const start = [...whole.slice(0, whole.indexOf(text))].length;
  const place = { start, end: start + [...text].length, label: 'claim' };
  const origin = { kind: annotator === 'gold' ? 'a' : 'neither', annotators: ['bob'], by, at: updated };
  return {
    id: `${annotator}:${place.start}-${place.end}:${place.label}:${FIRST}`,
    record: { documentId: FIRST, annotator, ...place, text, created: updated, updated, origin },
  };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'spanwright-presence-e2e-'));
  const members = writeMembers(folder, [LEAD, ...PEERS]);
  app = await serveSyncApp(folder);
  server = await startSyncServerProcess({ folder, members });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const socket of sockets) socket.destroy();
  await browser?.close();
  await server?.stop();
  await app?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Whether `locator` is shown whole between the window's left and right edges. */
const inWindow = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= window.innerWidth;
  });

/** How much wider than the window the page is (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('who is online, with six others online', () => {
  it('the lead joins, and six members come online, one writing a layer and opposite decisions', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    lead = await context.newPage();
    lead.on('pageerror', (error) => console.error(`page error (lead): ${error.message}`));
    lead.on('dialog', (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
    await lead.goto(app.url);
    await waitForText(lead);
    await chooseAnnotator(lead, LEAD.name);
    await labelWithKey(lead, 'Kim', '1');
    await lead.getByRole('link', { name: 'Settings' }).click();
    await lead.getByLabel('Server', { exact: true }).fill(server.url);
    await lead.getByLabel('Project', { exact: true }).fill(PROJECT);
    await lead.getByLabel('Token', { exact: true }).fill(LEAD.token);
    await lead.getByRole('button', { name: 'Save and connect' }).click();
    await lead.getByRole('link', { name: 'Documents' }).click();
    await waitForText(lead);
    await expect.poll(() => lead.getByTestId('team-presence').getAttribute('data-status')).toBe('online');

    for (const [index, peer] of PEERS.entries()) {
      const corpus = await open(`${PROJECT}/corpus`, peer.token);
      corpus.setAwarenessField('user', { name: peer.name, documentId: index % 2 === 0 ? FIRST : null });
    }
    // Bob's layer: a span the lead can review, and one on a document the lead's copy does not have (held).
    const bobs = new Y.Doc();
    const kim = spanRecord('bob', 'Kim', Date.now(), 'bob');
    bobs.getMap('spans').set(kim.id, kim.record);
    bobs.getMap('spans').set(`bob:0-3:claim:nowhere`, { ...kim.record, documentId: 'nowhere' });
    await open(`${PROJECT}/layer/bob`, PEERS[1].token, bobs);
    // Alice keeps and rejects the same span at once, as two reviewers would: the lead is told which stands.
    const gold = new Y.Doc();
    const now = Date.now();
    for (const [annotator, updated] of [
      ['gold', now],
      ['gold:rejected', now + 1],
    ] as const) {
      const decision = spanRecord(annotator, 'Kim', updated, 'alice');
      gold.getMap('spans').set(decision.id, decision.record);
    }
    await open(`${PROJECT}/gold`, PEERS[0].token, gold);

    await expect.poll(() => lead.getByTestId('team-peer').count()).toBe(PEERS.length);
    await expect.poll(() => lead.getByTestId('team-conflicts').count()).toBe(1);
    await expect.poll(() => lead.getByTestId('team-held').count()).toBe(1);
  }, 180_000);

  for (const width of [1440, 1024]) {
    it(`at ${width} px the page is no wider than the window, and the work and the notices stay in it`, async () => {
      await lead.setViewportSize({ width, height: 900 });
      await lead.getByRole('link', { name: 'Documents' }).click();
      await waitForText(lead);
      expect(await overflow(lead)).toBe(0);
      for (const control of [
        lead.getByTestId('span-list'),
        lead.getByRole('button', { name: 'Import…' }),
        lead.getByRole('button', { name: 'Export…' }),
        lead.getByRole('button', { name: 'Done ✓' }),
        lead.getByRole('button', { name: 'Next →' }),
        lead.getByTestId('team-conflicts'),
        lead.getByTestId('team-held'),
        lead.getByRole('button', { name: 'Keyboard shortcuts' }),
      ])
        expect(await inWindow(control), String(control)).toBe(true);

      await lead.getByRole('link', { name: 'Review' }).click();
      await lead.getByLabel('Annotator A').selectOption('bob');
      await lead.getByLabel('Annotator B').selectOption('lead');
      await expect.poll(() => lead.locator('.gold-view .doc-host').textContent()).toContain('Kim');
      expect(await overflow(lead)).toBe(0);
      for (const control of [
        lead.locator('.gold-view .doc-host'),
        lead.getByTestId('gold-list'),
        lead.getByTestId('gold-count'),
        lead.getByTestId('team-conflicts'),
      ])
        expect(await inWindow(control), String(control)).toBe(true);
    }, 60_000);
  }

  it('shows the team on the bar, and the held spans and opposite decisions it lists, readably (WCAG AA)', async () => {
    await lead.setViewportSize({ width: 1440, height: 900 });
    await lead.getByRole('link', { name: 'Documents' }).click();
    await waitForText(lead);
    expect(await lowContrast(lead)).toEqual([]);
    // The six faces in the list stand 40° apart on the colour wheel (helper-206: alice and bob were both red).
    await lead.locator('.faces').click();
    const hues = await lead
      .locator('.face:not(.more)')
      .evaluateAll((faces) => [
        ...new Set(faces.map((face) => Number((face as HTMLElement).style.getPropertyValue('--hue')))),
      ]);
    await lead.locator('.faces').click();
    expect(hues.length).toBeGreaterThanOrEqual(6);
    for (const [index, hue] of hues.entries())
      for (const other of hues.slice(index + 1))
        expect(Math.min(Math.abs(hue - other), 360 - Math.abs(hue - other))).toBeGreaterThanOrEqual(40);
    for (const [button, list] of [
      ['team-held', 'team-held-list'],
      ['team-conflicts', 'team-conflict-list'],
    ]) {
      await lead.getByTestId(button).click();
      await lead.getByTestId(list).waitFor();
      expect(await lowContrast(lead), list).toEqual([]);
      await lead.getByTestId(button).click();
    }
  });

  it("keeps bob's span when carol's layer shares a record under its id, and the server refuses gold's keys in a layer (helper-198)", async () => {
    await lead.getByRole('link', { name: 'Documents' }).click();
    await waitForText(lead);
    const kim = spanRecord('bob', 'Kim', Date.now(), 'bob');
    // Carol's own layer, with a record of hers under bob's span's id: a copy that stored it took bob's span away.
    const carols = new Y.Doc();
    carols.getMap('spans').set(kim.id, { ...kim.record, annotator: 'carol', label: 'denial', updated: Date.now() });
    await open(`${PROJECT}/layer/carol`, PEERS[2].token, carols);
    await expect
      .poll(() => lead.locator('.statusline').textContent(), { timeout: 15_000 })
      .toContain("1 span shared in “carol”'s layer was not stored: its id is a span of “bob”'s here, which stays");
    await lead.getByRole('link', { name: 'Review' }).click();
    await lead.getByLabel('Annotator A').selectOption('bob');
    await lead.getByLabel('Annotator B').selectOption('lead');
    await expect.poll(() => lead.locator('[data-testid=differences]').textContent()).toContain('Kim');
    // A record of carol's under a review decision's key never reaches the server's copy: it closes her connection.
    const decision = spanRecord('gold', 'Kim', Date.now(), 'alice');
    const closed = new Promise<string>((resolve) => {
      const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
      sockets.push(socket);
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: `${PROJECT}/layer/carol`,
        document: doc,
        token: PEERS[2].token,
        onSynced: () => doc.getMap('spans').set(decision.id, { ...decision.record, annotator: 'carol' }),
        onClose: ({ event }) => resolve(String(event.reason ?? event.code)),
      });
      providers.push(provider);
      provider.attach();
    });
    expect(await closed).toBe('refused update');
    await expect
      .poll(() => server.output())
      .toContain(
        `refused an update to ${PROJECT}/layer/carol from carol: writes a record under the key "${decision.id}"`,
      );
    const reread = await open(`${PROJECT}/layer/carol`, PEERS[2].token);
    expect(reread.document.getMap('spans').has(decision.id)).toBe(false);
    // Her record under bob's id, a key of no review decision, went through: refused by each copy, not the server.
    expect(reread.document.getMap('spans').has(kim.id)).toBe(true);
  }, 60_000);
});
