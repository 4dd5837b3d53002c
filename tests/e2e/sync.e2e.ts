// Team sync end to end: the app built to reach ws://127.0.0.1:* (SPANWRIGHT_SYNC_ORIGINS), sync
// servers started here on 127.0.0.1, members in separate browser contexts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from '../support/syncServer';
import { chooseAnnotator, dragSelect, labelWithKey, launchBrowser, statusText, waitForText } from './browser';
import { serveSyncApp } from './syncApp';
import { dropFiles } from './transfer';

const MEMBERS = [
  { name: 'alice', token: 'alice-token-0001', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-token-00002', role: 'annotator' as const },
  { name: 'carol', token: 'carol-token-003', role: 'annotator' as const },
];
const FIRST = '000_c25c54a9dd113007';

let folder: string;
let membersFile: string;
let app: Awaited<ReturnType<typeof serveSyncApp>>;
let appURL: string;
let browser: Browser;
let server: RunningSyncServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'spanwright-sync-e2e-'));
  membersFile = writeMembers(folder, MEMBERS);
  app = await serveSyncApp(folder);
  appURL = app.url;
  server = await startSyncServerProcess({ folder, members: membersFile });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await app?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A TCP relay to the sync server that can drop every connection: a member going offline. */
async function relay(target: () => number): Promise<{ url: string; cut(): void; mend(): void; close(): void }> {
  const sockets = new Set<Socket>();
  let cut = false;
  const relayServer: Server = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = new Socket();
    upstream.connect(target(), '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    // Either end closing closes the other, as a proxy does (a client left open to a dead server waits for ever).
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relayServer.listen(0, '127.0.0.1', resolve));
  const { port } = relayServer.address() as AddressInfo;
  const cutAll = () => {
    cut = true;
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    cut: cutAll,
    mend() {
      cut = false;
    },
    close() {
      cutAll();
      relayServer.close();
    },
  };
}

/**
 * Opens the app in a fresh profile as `annotator`, joined to the team through `serverURL`; `first` is what the
 * member does there before connecting.
 */
async function member(
  annotator: string,
  serverURL: string,
  token: string,
  first?: (page: Page) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error (${annotator}): ${error.message}`));
  await page.goto(appURL);
  await page.locator('[data-testid=doc-item]').first().waitFor();
  await waitForText(page);
  await chooseAnnotator(page, annotator);
  await first?.(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Server', { exact: true }).fill(serverURL);
  await page.getByLabel('Project', { exact: true }).fill('demo');
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByRole('link', { name: 'Documents' }).click();
  await waitForText(page);
  return page;
}

const status = (page: Page) => page.getByTestId('team-presence').getAttribute('data-status');

/** The texts of `annotator`'s spans on the first document, as stored in the page's IndexedDB. */
async function stored(page: Page, annotator: string): Promise<string[]> {
  return page.evaluate(
    ({ annotator, documentId }) =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          const read = database.transaction('spans').objectStore('spans').getAll();
          read.onsuccess = () => {
            const spans = read.result as { annotator: string; documentId: string; text: string; label: string }[];
            resolve(
              spans
                .filter((span) => span.annotator === annotator && span.documentId === documentId)
                .map((span) => `${span.label}:${span.text}`)
                .sort(),
            );
            database.close();
          };
        };
      }),
    { annotator, documentId: FIRST },
  );
}

/** Every row of the IndexedDB store `table` in `page`'s database. */
function allRows<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (table) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open('spanwright');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const read = request.result.transaction(table).objectStore(table).getAll();
          read.onsuccess = () => {
            resolve(read.result as T[]);
            request.result.close();
          };
        };
      }),
    table,
  );
}

/** `member`'s page types bob's name and labels `words` with `key` there: refused, naming the member it is. */
async function labelInBobsLayer(page: Page, member: string, words: string, key: string): Promise<void> {
  await chooseAnnotator(page, 'bob');
  await dragSelect(page, words);
  await page.keyboard.press(key);
  await expect
    .poll(() => statusText(page))
    .toContain(`team sync is on as ${member}, whose token writes ${member}’s layer only`);
}

describe('team sync', () => {
  let alice: Page;
  let bob: Page;
  let bobsLine: Awaited<ReturnType<typeof relay>>;

  it('alice and bob see each other’s labels live, and who is online where', async () => {
    bobsLine = await relay(() => server.port);
    alice = await member('alice', server.url, MEMBERS[0].token);
    await expect.poll(() => status(alice)).toBe('online');
    // alice came first, to a project the server did not hold yet: she is told (a mistyped name would show).
    const aliceTitle = () => alice.getByTestId('team-presence').getAttribute('title');
    // (Said first as "holds nothing"; once her labels reach the server, as her copy having started it.)
    await expect
      .poll(aliceTitle)
      .toMatch(
        /^(Project “demo” holds nothing on this server yet: to join your team's, check the Project name|Your copy started project “demo” on this server)/u,
      );
    bob = await member('bob', bobsLine.url, MEMBERS[1].token);
    await expect.poll(() => status(bob)).toBe('online');
    // Once a teammate is online, the project is the team's: the note goes.
    await expect.poll(async () => (await aliceTitle()) ?? '').not.toMatch(/holds nothing|started project/u);
    // Presence: each sees the other, on the document they have open.
    await expect
      .poll(() => alice.locator('[data-testid=team-peer][data-name=bob]').getAttribute('data-doc-id'))
      .toBe(FIRST);
    await labelWithKey(alice, 'Kim', '1');
    await expect.poll(() => stored(bob, 'alice'), { timeout: 20_000 }).toEqual(['claim:Kim']);
    await labelWithKey(bob, 'Pyongyang', '4');
    await expect.poll(() => stored(alice, 'bob'), { timeout: 20_000 }).toEqual(['visit:Pyongyang']);
    // Bob's review page shows alice's span beside his own.
    await bob.getByRole('link', { name: 'Review' }).click();
    await bob.getByLabel('Annotator A').selectOption('alice');
    await bob.getByLabel('Annotator B').selectOption('bob');
    await expect.poll(() => bob.locator('[data-testid=differences]').textContent()).toContain('Kim');
    // Alice sees that he reviews it now, not that he labels the document last open on his Documents page.
    await expect
      .poll(() => alice.locator('[data-testid=team-peer][data-name=bob]').getAttribute('data-reviews'))
      .toBe(FIRST);
    // But he decides nothing: the server takes gold from reviewers only, and his page says so before a key does.
    await expect.poll(() => bob.getByTestId('review-locked').textContent()).toContain('Read-only: with team sync on');
    // His footer lists the keys that move, not those that decide.
    const hints = await bob.locator('footer.statusline .hints').textContent();
    expect(hints).toContain('move');
    expect(hints).not.toMatch(/keep A|gold done|accept agreements/u);
    await bob.locator('[data-testid=differences] tr.difference').first().click();
    await bob.keyboard.press('a');
    await expect.poll(() => statusText(bob)).toContain('Read-only: with team sync on');
    expect(await stored(bob, 'gold')).toEqual([]);
    await bob.getByRole('link', { name: 'Documents' }).click();
    await waitForText(bob);
  }, 120_000);

  it('bob’s import card names what the server will not take from him, before he imports', async () => {
    const doccano = JSON.stringify({ text: 'A new report from Seoul.', label: [[2, 5, 'claim']] });
    await dropFiles(bob, [{ name: 'ann.jsonl', content: doccano }]);
    const card = bob.locator('.file-card[data-file-name="ann.jsonl"]');
    await expect.poll(() => card.getByTestId('import-summary').textContent()).toContain('Will arrive: 1 document');
    // Into his own layer: the span is shared, the new document is not (an annotator's documents stay his).
    const note = () => card.getByTestId('import-stays-local').textContent();
    await expect
      .poll(note)
      .toBe(
        'With team sync on, this stays in this browser only: 1 new document (only a reviewer’s documents reach the ' +
          'team; your spans in them wait in colleagues’ copies until one does).',
      );
    // A colleague's export, into ann's layer: the server takes only bob's own layer from him.
    await card.getByLabel('Into another layer, named').fill('ann');
    await card.getByLabel('Into another layer, named').press('Enter');
    await expect.poll(() => card.textContent()).toContain('Into the layers of: ann');
    await expect
      .poll(note)
      .toContain('1 new span into the layer of “ann” (the server takes only your own layer, “bob”, from you)');
    // Alice, a reviewer, is told of neither for a file into her own layer.
    await bob.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dropFiles(alice, [{ name: 'ann.jsonl', content: doccano }]);
    const hers = alice.locator('.file-card[data-file-name="ann.jsonl"]');
    await expect.poll(() => hers.getByTestId('import-summary').textContent()).toContain('Will arrive: 1 document');
    expect(await hers.getByTestId('import-stays-local').count()).toBe(0);
    await alice.getByRole('button', { name: 'Cancel', exact: true }).click();
    // Nothing was imported: neither has the new document.
    expect(await bob.locator('[data-testid=doc-item]').count()).toBe(5);
    expect(await alice.locator('[data-testid=doc-item]').count()).toBe(5);
  }, 60_000);

  it('bob takes alice’s verdicts on his spans from the gold that reaches him, with no file', async () => {
    // alice, a reviewer, keeps neither for bob's Pyongyang: a rejection in gold, shared with the team.
    await alice.getByRole('link', { name: 'Review' }).click();
    await alice.getByLabel('Annotator A').selectOption('alice');
    await alice.getByLabel('Annotator B').selectOption('bob');
    await alice.locator('[data-testid=differences] tr.difference', { hasText: 'Pyongyang' }).click();
    await alice.keyboard.press('x');
    await expect.poll(() => stored(bob, 'gold:rejected'), { timeout: 20_000 }).toEqual(['visit:Pyongyang']);
    await alice.getByRole('link', { name: 'Documents' }).click();
    await waitForText(alice);
    // bob's Review page is read-only; from it he marks his spans with the verdicts his copy holds.
    await bob.getByRole('link', { name: 'Review' }).click();
    // Under another member's name the verdicts go into no layer (helper-198: they went into hers, here only).
    await chooseAnnotator(bob, 'carol');
    await bob.getByRole('button', { name: 'Mark my spans with the review’s verdicts' }).click();
    await expect
      .poll(() => bob.getByTestId('team-verdicts').textContent())
      .toContain('team sync is on as bob, whose token writes bob’s layer only');
    await chooseAnnotator(bob, 'bob');
    await bob.getByRole('button', { name: 'Mark my spans with the review’s verdicts' }).click();
    await expect
      .poll(() => bob.getByTestId('team-verdicts').textContent())
      .toContain("The team's gold gives 1 span of bob's in 1 document a verdict: 0 kept, 0 changed, 1 removed.");
    await bob.getByRole('link', { name: 'Documents' }).click();
    await waitForText(bob);
    await bob.keyboard.press('f');
    const pyongyang = bob.locator('[data-testid=span-item]', { hasText: 'Pyongyang' });
    await expect.poll(() => pyongyang.getByTestId('span-feedback').textContent()).toMatch(/^removed \(alice, /u);
  }, 60_000);

  it('bob works offline, reloads offline and keeps his work; on reconnecting both converge', async () => {
    bobsLine.cut();
    await expect.poll(() => status(bob)).not.toBe('online');
    await labelWithKey(bob, 'Kim', '2');
    await labelWithKey(alice, 'Pyongyang', '3');
    await bob.reload();
    await waitForText(bob);
    await expect.poll(() => bob.locator('[data-testid=span-item]').count()).toBe(2);
    expect(await stored(bob, 'bob')).toEqual(['denial:Kim', 'visit:Pyongyang']);
    // This browser reached the server before the reload: it does not answer now, no setting is wrong.
    await expect
      .poll(() => bob.getByTestId('team-presence').getAttribute('title'), { timeout: 30_000 })
      .toContain('does not answer now');
    // What he labelled before the reload still waits to be sent, and the top bar says so.
    expect(await bob.getByTestId('team-waiting').count()).toBe(1);
    bobsLine.mend();
    await expect.poll(() => status(bob), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => stored(alice, 'bob'), { timeout: 30_000 }).toEqual(['denial:Kim', 'visit:Pyongyang']);
    await expect.poll(() => stored(bob, 'alice'), { timeout: 30_000 }).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    await expect.poll(() => bob.getByTestId('team-waiting').count(), { timeout: 30_000 }).toBe(0);
  }, 120_000);

  it('the server restarts and loses nothing: a new member receives everything', async () => {
    const port = server.port;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stopped = server;
    await server.stop();
    // Its log says it stores what it holds and stops (helper-206: it ended unsaid).
    expect(stopped.output()).toMatch(/SIGTERM: storing every shared document, then stopping…\nStopped\.\n/u);
    server = await startSyncServerProcess({ folder, members: membersFile, port });
    const carol = await member('carol', server.url, MEMBERS[2].token);
    await expect.poll(() => stored(carol, 'alice'), { timeout: 30_000 }).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    await expect.poll(() => stored(carol, 'bob'), { timeout: 30_000 }).toEqual(['denial:Kim', 'visit:Pyongyang']);
    await expect.poll(() => status(alice), { timeout: 30_000 }).toBe('online');
  }, 120_000);

  it('alice adds, renames and removes labels in Settings: bob’s keys, highlights and spans follow, and he is told what went', async () => {
    await alice.getByRole('link', { name: 'Settings' }).click();
    await alice.getByLabel('New label name').fill('place');
    await alice.getByRole('button', { name: 'Add label' }).click();
    // The new label reaches bob's palette with its key; he labels with it.
    await expect
      .poll(() => bob.getByRole('button', { name: 'place', exact: true }).count(), { timeout: 30_000 })
      .toBe(1);
    await labelWithKey(bob, 'Kim', '5');
    await expect.poll(() => stored(alice, 'bob'), { timeout: 30_000 }).toContain('place:Kim');
    // A rename (the Name field, as a person types it) moves bob's span; his highlight carries the new name.
    const name = alice.getByLabel('Name of visit');
    await name.fill('trip');
    await name.press('Tab');
    await expect.poll(() => stored(bob, 'bob'), { timeout: 30_000 }).toContain('trip:Pyongyang');
    await expect.poll(() => bob.locator('[data-testid=doc-text] [data-label~=trip]').count()).toBeGreaterThan(0);
    expect(await bob.locator('[data-testid=doc-text] [data-label~=visit]').count()).toBe(0);
    await expect
      .poll(() => statusText(bob))
      .toContain('The team renamed the label visit to trip: its spans here carry the new name.');
    // A removal takes bob's span with it, and bob's status line says so.
    await alice.getByRole('button', { name: 'Delete place' }).click();
    await alice.getByRole('alert').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => stored(bob, 'bob'), { timeout: 30_000 }).toEqual(['denial:Kim', 'trip:Pyongyang']);
    await expect
      .poll(() =>
        bob
          .locator('[role=status]')
          .allTextContents()
          .then((texts) => texts.join(' ')),
      )
      .toContain('The team removed the label place: your 1 span with it was removed.');
    expect(await bob.getByRole('button', { name: 'place', exact: true }).count()).toBe(0);
    expect(await stored(alice, 'bob')).toEqual(['denial:Kim', 'trip:Pyongyang']);
    await alice.getByRole('link', { name: 'Documents' }).click();
    await waitForText(alice);
  }, 120_000);

  it('carol labels in a new browser with the old label set before it reaches the server: her span takes the new name', async () => {
    // A second device of carol's, fresh: the default labels, visit among them (renamed trip by alice above).
    const laptop = await member('carol', server.url, MEMBERS[2].token, async (page) => {
      await labelWithKey(page, 'Pyongyang', '4');
      // Everything the status line says from here on (a passing note may go before the test looks).
      await page.evaluate(() => {
        const said: string[] = [];
        (window as unknown as { said: string[] }).said = said;
        new MutationObserver(() =>
          said.push(
            [...document.querySelectorAll('.status-line, [role=status]')].map((node) => node.textContent).join(' '),
          ),
        ).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    });
    await expect.poll(() => stored(laptop, 'carol'), { timeout: 30_000 }).toEqual(['trip:Pyongyang']);
    await expect
      .poll(() => laptop.evaluate(() => (window as unknown as { said: string[] }).said.join('\n')), { timeout: 30_000 })
      .toContain('The team renamed the label visit to trip: its spans here carry the new name.');
    // Before, visit stayed in her label set beside trip, unkeyed and unsaid (helper-206).
    await expect.poll(() => laptop.getByRole('button', { name: 'trip', exact: true }).count()).toBe(1);
    expect(await laptop.getByRole('button', { name: 'visit', exact: true }).count()).toBe(0);
    await expect.poll(() => stored(alice, 'carol'), { timeout: 30_000 }).toEqual(['trip:Pyongyang']);
    // Taken back, as the tests after this one count carol's spans from none.
    await laptop.locator('[data-testid=span-item]').first().click();
    await laptop.keyboard.press('Delete');
    await expect.poll(() => stored(alice, 'carol'), { timeout: 30_000 }).toEqual([]);
    await laptop.context().close();
  }, 120_000);

  it('bob’s own label reaches alice with his span; her Settings names it and adds it to the team’s labels', async () => {
    // Bob adds a label of his own (an annotator's labels stay in his copy) and labels with its key.
    await bob.getByRole('link', { name: 'Settings' }).click();
    await bob.getByLabel('New label name').fill('threat');
    await bob.getByRole('button', { name: 'Add label' }).click();
    await bob.getByRole('link', { name: 'Documents' }).click();
    await waitForText(bob);
    await labelWithKey(bob, 'Moscow', '5');
    await expect.poll(() => stored(alice, 'bob'), { timeout: 30_000 }).toContain('threat:Moscow');
    // Alice's copy lacks the label: Settings names it, with whose spans carry it, and adds it in one press.
    await alice.getByRole('link', { name: 'Settings' }).click();
    const unlisted = alice.getByTestId('unlisted-labels');
    await expect.poll(() => unlisted.textContent(), { timeout: 30_000 }).toContain('threat: 1 span by bob');
    await alice.getByRole('button', { name: 'Add threat to the team’s labels' }).click();
    await expect.poll(() => unlisted.count()).toBe(0);
    expect(await alice.getByLabel('Name of threat').count()).toBe(1);
    // Now the team's: bob can no longer change it himself.
    await bob.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => bob.getByLabel('Name of threat').isDisabled(), { timeout: 30_000 }).toBe(true);
    for (const page of [alice, bob]) {
      await page.getByRole('link', { name: 'Documents' }).click();
      await waitForText(page);
    }
  }, 120_000);

  it('a wrong token is refused; a member writing another member’s layer is refused', async () => {
    const stranger = await member('dave', server.url, 'not-a-member-token');
    await expect.poll(() => status(stranger)).toBe('refused');
    // Nothing labelled yet, nothing waits (helper-206: the refused handshake was counted as a change waiting).
    await stranger.waitForTimeout(500);
    expect(await stranger.getByTestId('team-waiting').count()).toBe(0);
    expect(await stranger.getByTestId('team-presence').getAttribute('title')).toContain('check the Token');
    // What the refused member labels is kept in the browser, and the top bar says it waits to be sent.
    await labelWithKey(stranger, 'Kim', '1');
    await expect.poll(() => stranger.getByTestId('team-waiting').getAttribute('title')).toContain('accepts them');
    // Bob's token with the annotator name alice: the server lets it read alice's layer, not write it.
    const impostor = await member('alice', server.url, MEMBERS[1].token);
    await expect.poll(() => status(impostor)).toBe('refused');
    // It receives alice's layer (reading is allowed); a label key there is refused, and says why (a span
    // would stay in its own browser, and could reach gold credited to alice).
    await expect.poll(() => impostor.locator('[data-testid=span-item]').count(), { timeout: 30_000 }).toBe(2);
    await dragSelect(impostor, 'Kim');
    await impostor.keyboard.press('4');
    await expect.poll(() => statusText(impostor)).toContain('does not let your token write “alice”’s layer');
    expect(await stored(impostor, 'alice')).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    // alice, once the server let her write her layer, types bob's name: his layer is shown, not written.
    const bobsSpans = await stored(alice, 'bob');
    await labelInBobsLayer(alice, 'alice', 'Pyongyang', '3');
    // Nor does a status go into bob's layer: none is stored, even once alice is herself again.
    const statuses = async () =>
      (await allRows<{ annotator: string; documentId: string; status: string }>(alice, 'statuses'))
        .filter((row) => row.annotator === 'bob')
        .map((row) => `${row.documentId}:${row.status}`);
    const bobsStatuses = await statuses();
    await alice.keyboard.press('d');
    // Nor a note on one of bob's spans: refused with its text, and a draft left open is not written after a
    // reload either (helper-198: it was, into this browser only, and said "was saved").
    const notes = async () =>
      (await allRows<{ annotator: string; note?: string }>(alice, 'spans'))
        .filter((row) => row.annotator === 'bob' && row.note)
        .map((row) => row.note!);
    await alice.locator('[data-testid=doc-text]').focus();
    await alice.keyboard.press(']');
    await alice.keyboard.press(';');
    await alice.keyboard.type('nothing of mine');
    await alice.keyboard.press('Enter');
    await expect.poll(() => statusText(alice)).toContain('Your note: nothing of mine');
    await alice.keyboard.press(';');
    await alice.keyboard.type('kept over a reload');
    await alice.reload();
    await waitForText(alice);
    await expect
      .poll(() => statusText(alice), { timeout: 20_000 })
      .toContain('was not saved. Not saved: team sync is on as alice');
    expect(await notes()).toEqual([]);
    await chooseAnnotator(alice, 'alice');
    await expect.poll(() => status(alice)).toBe('online');
    expect(await statuses()).toEqual(bobsStatuses);
    expect(await stored(alice, 'bob')).toEqual(bobsSpans);
    const carol = await member('carol', server.url, MEMBERS[2].token);
    await expect.poll(() => stored(carol, 'alice'), { timeout: 30_000 }).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await stored(carol, 'alice')).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    expect(await stored(alice, 'alice')).toEqual(['claim:Kim', 'sanction:Pyongyang']);
    expect(server.output()).toContain('refused a connection');
    // The impostor names no one in who is online (its token is not alice's), so no presence of it is refused.
    expect(server.output()).not.toContain('refused presence');
    bobsLine.close();
  }, 120_000);

  it('a member who empties Server works alone: the token is forgotten, the project kept, nothing sent, after a reload too', async () => {
    const carol = await member('carol', server.url, MEMBERS[2].token);
    await expect.poll(() => status(carol), { timeout: 30_000 }).toBe('online');
    await carol.getByRole('link', { name: 'Settings' }).click();
    await carol.getByLabel('Server', { exact: true }).fill('');
    await carol.getByRole('button', { name: 'Save and work alone' }).click();
    await expect.poll(() => carol.getByTestId('team-status').getAttribute('data-status')).toBe('off');
    await carol.reload();
    await carol.getByRole('link', { name: 'Settings' }).click();
    expect(await carol.getByLabel('Token', { exact: true }).inputValue()).toBe('');
    expect(await carol.getByLabel('Project', { exact: true }).inputValue()).toBe('demo');
    expect(await carol.getByTestId('team-status').getAttribute('data-status')).toBe('off');
    // What she labels now stays in her browser: alice, online, never receives it.
    await carol.getByRole('link', { name: 'Documents' }).click();
    await waitForText(carol);
    await labelWithKey(carol, 'Pyongyang', '2');
    await expect.poll(() => stored(carol, 'carol')).toContain('denial:Pyongyang');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await stored(alice, 'carol')).not.toContain('denial:Pyongyang');
  }, 120_000);

  it('two server instances joined through Redis: a client on each sees the other’s edits', async () => {
    const found = spawnSync('redis-server', ['--version']);
    if (found.error)
      throw new Error('redis-server is missing: install it (apt-get install -y redis-server) or run .ci/run.');
    const redisPort = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    try {
      await waitForPort(redisPort);
      const redisURL = `redis://127.0.0.1:${redisPort}`;
      const east = await startSyncServerProcess({
        folder,
        members: membersFile,
        redis: redisURL,
        data: join(folder, 'east'),
      });
      const west = await startSyncServerProcess({
        folder,
        members: membersFile,
        redis: redisURL,
        data: join(folder, 'west'),
      });
      try {
        const onEast = await member('alice', east.url, MEMBERS[0].token);
        const onWest = await member('bob', west.url, MEMBERS[1].token);
        await expect.poll(() => status(onEast)).toBe('online');
        await expect.poll(() => status(onWest)).toBe('online');
        await labelWithKey(onEast, 'Kim', '1');
        await expect.poll(() => stored(onWest, 'alice'), { timeout: 30_000 }).toContain('claim:Kim');
        await labelWithKey(onWest, 'Kim', '3');
        await expect.poll(() => stored(onEast, 'bob'), { timeout: 30_000 }).toContain('sanction:Kim');
      } finally {
        await east.stop();
        await west.stop();
      }
    } finally {
      redis.kill('SIGTERM');
    }
  }, 180_000);
});

describe('team sync in two tabs of one browser', () => {
  it('runs in one tab; the other says so, its labels reach the team through it, and it takes over once that tab closes', async () => {
    const watcher = await member('alice', server.url, MEMBERS[0].token);
    const first = await member('carol', server.url, MEMBERS[2].token);
    await expect.poll(() => status(first)).toBe('online');
    const second = await first.context().newPage();
    await second.goto(appURL);
    await waitForText(second);
    const presence = second.getByTestId('team-presence');
    await expect.poll(() => presence.textContent()).toContain('Team: in another tab');
    expect(await presence.getAttribute('title')).toMatch(/^Team sync runs in another tab of this browser/u);
    // A label in the second tab is stored, and the first tab's sync shares it.
    await labelWithKey(second, 'Putin', '2');
    // (The texts only: the team's earlier tests renamed labels, so a key's label is theirs.)
    const texts = async () => (await stored(watcher, 'carol')).map((span) => span.slice(span.indexOf(':') + 1)).sort();
    await expect.poll(texts, { timeout: 20_000 }).toEqual(['Putin']);
    // The second tab types bob's name: the first tab's sync learnt that carol's token writes carol's
    // layer, so bob's is shown here, not written (a span there would never reach the team).
    await labelInBobsLayer(second, 'carol', 'Kim', '1');
    expect(await stored(second, 'bob')).toEqual(await stored(watcher, 'bob'));
    await chooseAnnotator(second, 'carol');
    // The first tab closes: the second runs the sync itself, and shares what is labelled there next.
    await first.close();
    await expect.poll(() => status(second), { timeout: 20_000 }).toBe('online');
    expect(await presence.textContent()).not.toContain('in another tab');
    await labelWithKey(second, 'Pyongyang', '4');
    await expect.poll(texts, { timeout: 20_000 }).toEqual(['Putin', 'Pyongyang']);
  }, 120_000);
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}
