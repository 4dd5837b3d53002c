// @vitest-environment node
// The team's label set between databases (fake-indexeddb) through a real sync server on 127.0.0.1:
// a fresh member's seeded defaults, edits of different fields at once, removals and renames.
import { afterEach, describe, expect, it } from 'vitest';
import type { Label } from '../../../src/lib/model/types';
import { Store } from '../../../src/lib/storage/store';
import type { TeamSync } from '../../../src/lib/sync/teamSync';
import { startSyncServerProcess } from '../../support/syncServer';
import {
  startMember,
  seededStore as seeded,
  useSyncServer,
  FIRST_DOCUMENT,
  labelSpan as label,
  spansOf,
  until,
} from '../../support/syncFixture';

const MEMBERS = [
  { name: 'lead', token: 'lead-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  { name: 'rev2', token: 'rev2-secret-3', role: 'reviewer' as const },
];
const TOKENS = Object.fromEntries(MEMBERS.map((entry) => [entry.name, entry.token]));
const DOCUMENT = FIRST_DOCUMENT;

const running: { sync: TeamSync; store: Store }[] = [];

const team = useSyncServer(MEMBERS, 'spanwright-labels-');

afterEach(async () => {
  // Every sync stops before any database goes (a member started again runs over the same store).
  const entries = running.splice(0);
  for (const { sync } of entries) await sync.stop();
  for (const store of new Set(entries.map((entry) => entry.store))) await store.destroy();
});

/** A fresh browser: the default corpus and label set seeded, as on a first start. */
async function freshStore(): Promise<Store> {
  const store = await seeded('labels');
  return store;
}

async function member(name: string, store?: Store) {
  const database = store ?? (await freshStore());
  return startMember(team.server, { name, token: TOKENS[name] }, database, {
    push: (sync) => running.push({ sync, store: database }),
  });
}

/** Stops a member's sync (their database stays), as closing the tab does. */
async function leave(entry: { sync: TeamSync }) {
  await entry.sync.stop();
  running.splice(
    running.findIndex((candidate) => candidate.sync === entry.sync),
    1,
  );
}

async function labelsOf(store: Store): Promise<Label[]> {
  return new Promise((resolve) => {
    const subscription = store.watchLabels().subscribe({
      next: (labels) => {
        resolve(labels);
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
}

/** Whether the member's copy has joined the team (taken the team's label set once). */
const joined = async (store: Store) => (await store.readSyncUpdates('demo/corpus#joined')).length > 0;

/** The label set as `name|colour|key`, in order. */
const setOf = async (store: Store) =>
  (await labelsOf(store)).map((label) => `${label.name}|${label.colour.toLowerCase()}|${label.hotkey}`).join(', ');

const TEAM_SET = 'claim|#0072b2|1, denial|#ff0000|2, visit|#cc79a7|4';

describe('the team’s label set', { timeout: 120_000 }, () => {
  it('a member joining from a fresh browser takes the team’s set: no removed label comes back, no edit is undone', async () => {
    const lead = await member('lead');
    await lead.store.updateLabel('denial', { colour: '#ff0000' });
    await lead.store.deleteLabel('sanction', 2);
    await until(async () => (await setOf(lead.store)) === TEAM_SET);
    const bob = await member('bob');
    await until(async () => (await setOf(bob.store)) === TEAM_SET);
    const rev2 = await member('rev2');
    await until(async () => (await setOf(rev2.store)) === TEAM_SET);
    // A label rev2 adds reaches the lead after anything rev2's copy shared when it joined.
    await rev2.sync.settled();
    await rev2.store.addLabel('probe');
    await until(async () => (await setOf(lead.store)).includes('probe'));
    await until(async () => (await setOf(bob.store)).includes('probe'));
    expect(await setOf(lead.store)).toBe(`${TEAM_SET}, probe|#d55e00|3`);
    expect(await setOf(bob.store)).toBe(await setOf(lead.store));
    expect(await setOf(rev2.store)).toBe(await setOf(lead.store));
    // And after a reload (the sync started again over the same database), bob still lacks sanction.
    await leave(bob);
    const again = await member('bob', bob.store);
    await again.sync.settled();
    expect(await setOf(again.store)).toBe(await setOf(lead.store));
  });

  it('a member who joins before any reviewer shared the labels takes the team’s set when it comes', async () => {
    // Bob joins a project that holds nothing yet, and his copy is level with the server.
    const bob = await member('bob');
    await until(() => bob.statuses.some((message) => message?.includes('holds nothing on this server yet')));
    await bob.sync.settled();
    // The lead's copy, edited before it ever joined, then starts the project with that set.
    const leadStore = await freshStore();
    await leadStore.updateLabel('denial', { colour: '#ff0000' });
    await leadStore.deleteLabel('sanction', 2);
    const lead = await member('lead', leadStore);
    await until(async () => (await setOf(bob.store)) === TEAM_SET, 20_000);
    expect(await setOf(lead.store)).toBe(TEAM_SET);
    // Joined now (his copy says so), and a reload keeps the team's set.
    await until(() => joined(bob.store), 20_000);
    await leave(bob);
    const again = await member('bob', bob.store);
    await again.sync.settled();
    expect(await setOf(again.store)).toBe(TEAM_SET);
  });

  it('two reviewers changing different fields of one label while apart: both changes stand everywhere', async () => {
    const lead = await member('lead');
    const rev2 = await member('rev2');
    await lead.store.addLabel('probe');
    await until(async () => (await setOf(rev2.store)).includes('probe'));
    const port = team.server.port;
    await team.server.stop();
    await rev2.store.updateLabel('denial', { description: 'Rejecting an accusation.' });
    await lead.store.updateLabel('denial', { colour: '#ff0000' });
    team.server = await startSyncServerProcess({ folder: team.folder, members: team.membersFile, port });
    const denial = async (store: Store) => {
      const found = (await labelsOf(store)).find((entry) => entry.name === 'denial');
      return `${found?.colour}|${found?.description}`;
    };
    await until(async () => (await denial(lead.store)) === '#ff0000|Rejecting an accusation.');
    await until(async () => (await denial(rev2.store)) === '#ff0000|Rejecting an accusation.');
  });

  it('two reviewers adding different labels while apart, with the same free key: one keeps it, the other moves, everywhere', async () => {
    const lead = await member('lead');
    const rev2 = await member('rev2');
    const bob = await member('bob');
    await until(async () => (await joined(bob.store)) && (await joined(rev2.store)));
    const port = team.server.port;
    await team.server.stop();
    await lead.store.addLabel('rumor');
    await rev2.store.addLabel('leak');
    const added = async (store: Store) =>
      (await labelsOf(store))
        .filter((one) => one.name === 'leak' || one.name === 'rumor')
        .map((one) => `${one.name}|${one.colour.toLowerCase()}|${one.hotkey}`)
        .join(', ');
    // Each took the first free key and colour of the same set.
    const [leak, rumor] = [await added(rev2.store), await added(lead.store)];
    expect(leak.split('|').slice(1)).toEqual(rumor.split('|').slice(1));
    team.server = await startSyncServerProcess({ folder: team.folder, members: team.membersFile, port });
    // "leak" comes first: it keeps the key; "rumor" takes the next free key and another colour, in every copy.
    await until(async () => {
      const sets = await Promise.all([lead, rev2, bob].map(async ({ store }) => added(store)));
      return sets.every((set) => set === sets[0] && set.split(', ').length === 2);
    });
    const [kept, moved] = (await added(bob.store)).split(', ').map((one) => one.split('|'));
    expect(`${kept[0]}|${kept[1]}|${kept[2]}`).toBe(leak);
    expect(moved[0]).toBe('rumor');
    expect(moved[2]).not.toBe('');
    expect(moved[2]).not.toBe(kept[2]);
    expect(moved[1]).not.toBe(kept[1]);
    const keys = (await labelsOf(bob.store)).map((one) => one.hotkey).filter((key) => key !== '');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a label a reviewer removes tells each member how many of their spans went with it', async () => {
    const lead = await member('lead');
    const bob = await member('bob');
    await label(bob.store, 'bob', 0, 5, 'visit');
    await label(bob.store, 'bob', 6, 10, 'visit');
    await label(lead.store, 'lead', 11, 15, 'visit');
    await until(async () => (await spansOf(lead.store, 'bob')).length === 2);
    await until(async () => (await spansOf(bob.store, 'lead')).length === 1);
    // Bob's copy has joined the team (taken its set, visit in it): a copy that joins after the removal
    // keeps a label its own spans carry, as any member's first sync does.
    await until(() => joined(bob.store));
    await lead.store.deleteLabel('visit', 3);
    await until(async () => bob.notices.length > 0);
    expect(bob.notices).toEqual(['The team removed the label visit: your 2 spans with it were removed.']);
    expect(await spansOf(bob.store, 'bob')).toEqual([]);
    expect(lead.notices).toEqual([]);
  });

  it('a reviewer’s rename reaches every copy as a rename: every layer’s spans and gold move to the new name', async () => {
    const lead = await member('lead');
    const bob = await member('bob');
    const rev2 = await member('rev2');
    await label(bob.store, 'bob', 0, 5, 'claim');
    await label(lead.store, 'gold', 0, 5, 'claim');
    await until(async () => (await spansOf(rev2.store, 'bob')).length === 1);
    await until(async () => (await spansOf(rev2.store, 'gold')).length === 1);
    expect(await lead.store.renameLabel('claim', 'assertion', 3)).toBeNull();
    const renamed = 'assertion|#0072b2|1, denial|#d55e00|2, sanction|#009e73|3, visit|#cc79a7|4';
    for (const store of [bob.store, rev2.store]) {
      await until(async () => (await setOf(store)) === renamed);
      await until(async () => (await spansOf(store, 'bob')).join() === (await spansOf(lead.store, 'bob')).join());
      await until(async () => (await spansOf(store, 'gold')).join() === (await spansOf(lead.store, 'gold')).join());
    }
    // Every copy under the new name. Equal to the lead's copy is not enough: once, in a loaded local CI, rev2's and the
    // lead's copies of bob's layer were equal and both still 'claim:close' (not reproduced since, cause not found). This
    // waits for the new name, and fails if it never comes.
    for (const store of [lead.store, bob.store, rev2.store])
      for (const layer of ['bob', 'gold'])
        await until(async () => /^assertion:/u.test((await spansOf(store, layer))[0] ?? ''));
    // Told as passing news, not as a notice that stays (as the removal of a member's spans does).
    await until(async () => bob.news.length > 0);
    expect(bob.news).toEqual(['The team renamed the label claim to assertion: its spans here carry the new name.']);
    expect(bob.notices).toEqual([]);
    // The lead's reload keeps the rename: claim does not come back.
    await leave(lead);
    const again = await member('lead', lead.store);
    await again.sync.settled();
    expect(await setOf(again.store)).toBe(renamed);
    expect((await spansOf(again.store, 'bob'))[0]).toMatch(/^assertion:/u);
  });
});

describe('a new browser that labelled before it first reached the server', { timeout: 120_000 }, () => {
  it('moves what it labelled with a label the team renamed since: the old name comes back into no set (helper-206)', async () => {
    const lead = await member('lead');
    await until(() => joined(lead.store), 20_000);
    expect(await lead.store.renameLabel('claim', 'assertion', 3)).toBeNull();
    const renamed = 'assertion|#0072b2|1, denial|#d55e00|2, sanction|#009e73|3, visit|#cc79a7|4';
    await lead.sync.settled();
    // A reviewer and an annotator each label in a new browser (the default labels, claim among them), offline.
    const [rev2Store, bobStore] = [await freshStore(), await freshStore()];
    await label(rev2Store, 'rev2', 0, 5, 'claim');
    await label(bobStore, 'bob', 0, 5, 'claim');
    const rev2 = await member('rev2', rev2Store);
    const bob = await member('bob', bobStore);
    for (const [store, layer] of [
      [rev2.store, 'rev2'],
      [bob.store, 'bob'],
    ] as const) {
      await until(() => joined(store), 20_000);
      await until(async () => (await setOf(store)) === renamed);
      await until(async () => /^assertion:/u.test((await spansOf(store, layer))[0] ?? ''));
    }
    await until(async () => /^assertion:/u.test((await spansOf(lead.store, 'bob'))[0] ?? ''));
    await until(async () => /^assertion:/u.test((await spansOf(lead.store, 'rev2'))[0] ?? ''));
    await rev2.sync.settled();
    await lead.sync.settled();
    // Before, claim came back into every set as a label of its own, with no key, unsaid.
    expect(await setOf(lead.store)).toBe(renamed);
    expect(bob.news).toContain('The team renamed the label claim to assertion: its spans here carry the new name.');
  });
});

describe('what the sync server would refuse', { timeout: 120_000 }, () => {
  it('a note or a guideline past the server’s limits stays in this browser, is named, and stops nothing else', async () => {
    const lead = await member('lead');
    const bob = await member('bob');
    const { span: first } = await label(bob.store, 'bob', 0, 5, 'claim');
    await label(bob.store, 'bob', 6, 10, 'claim');
    await until(async () => (await spansOf(lead.store, 'bob')).length === 2);
    // A note of 100,001 characters: the server takes at most 100,000.
    await bob.store.setSpanNote(first.id, 'n'.repeat(100_001), 2);
    await label(bob.store, 'bob', 11, 15, 'visit');
    await until(async () => (await spansOf(lead.store, 'bob')).length === 3);
    expect(
      (await lead.store.readLayer(DOCUMENT, 'bob')).spans.find((span) => span.id === first.id)?.note,
    ).toBeUndefined();
    expect(bob.notices).toEqual([
      `Not shared with the team, as the sync server refuses it: a span in “${DOCUMENT}” (its note is over 100,000 characters). It stays in this browser.`,
    ]);
    // A guideline as long: the label's other fields and later labels still reach the team.
    await lead.store.updateLabel('claim', { description: 'g'.repeat(100_001), colour: '#ff0000' });
    await lead.store.addLabel('probe');
    await until(async () => (await setOf(bob.store)).includes('probe'));
    const claim = (await labelsOf(bob.store)).find((entry) => entry.name === 'claim')!;
    expect(claim.colour).toBe('#ff0000');
    expect(claim.description.length).toBeLessThan(1000);
    expect(lead.notices).toEqual([
      'Not shared with the team, as the sync server refuses it: the label “claim” (its guideline is over 100,000 characters). It stays in this browser.',
    ]);
  });
});
