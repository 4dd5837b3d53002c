// @vitest-environment node
// The label merge of one copy (CorpusSync) against a team's shared document, step by step: the
// sync queue is run by the test, so a change from the team can arrive while this copy's own
// change waits in it, the order in which sharing used to go wrong.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Store } from '../../../src/lib/storage/store';
import { CorpusSync } from '../../../src/lib/sync/corpusSync';
import { labelFieldKey, labelsFromFields, LABEL_FIELDS } from '../../../src/lib/sync/records';
import { labelSpan, seededStore, spansOf } from '../../support/syncFixture';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.destroy();
});

/** A corpus sync of `store` over `doc` in project demo, its steps queued in `steps` for the test to run. */
function corpusSyncOf(
  store: Store,
  doc: Y.Doc,
  steps: (() => Promise<void>)[],
  copy: { annotator: string; reviewer: () => boolean; restored: boolean; notice?: (text: string) => void },
): CorpusSync {
  return new CorpusSync(
    store,
    doc,
    copy.reviewer,
    (step) => steps.push(step),
    (error) => {
      throw error;
    },
    () => true,
    () => 1,
    {
      annotator: copy.annotator,
      joinedMark: 'demo/corpus#joined',
      baseMark: 'demo/corpus#labels',
      renamesMark: 'demo/corpus#renames',
      project: 'demo',
      restored: copy.restored,
      listener: copy.notice ? { notice: copy.notice } : {},
    },
  );
}

/** Runs the queue until nothing more comes (a live query's answer queues a step a moment later). */
async function runQueue(steps: (() => Promise<void>)[]): Promise<void> {
  for (let idle = 0; idle < 5; idle++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (steps.length > 0) idle = 0;
    while (steps.length > 0) await steps.shift()!();
  }
}

/** A reviewer's copy that has synced once, its queue run by hand, and the team's document beside it. */
async function reviewerCopy() {
  const store = await seededStore('corpus-labels');
  stores.push(store);
  const doc = new Y.Doc();
  const team = new Y.Doc();
  const steps: (() => Promise<void>)[] = [];
  const notices: string[] = [];
  const role = { reviewer: true };
  /** A sync of this copy (again after a restore: `restored`), over `doc`; returns its stop function too. */
  const open = (over: Y.Doc, restored: boolean) =>
    corpusSyncOf(store, over, steps, {
      annotator: 'lead',
      reviewer: () => role.reviewer,
      restored,
      notice: (text) => notices.push(text),
    });
  const sync = open(doc, false);
  const settle = () => runQueue(steps);
  /** What this copy shared reaches the team's document; what the team wrote reaches this copy's. */
  const exchange = (from: Y.Doc, to: Y.Doc) =>
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'server');
  const stop = sync.start();
  sync.synced();
  await settle();
  exchange(doc, team);
  const teamSet = () => labelsFromFields(team.getMap('labelFields').entries());
  const names = async () => (await store.readLabelsToShare()).labels.map((label) => label.name);
  /** Another reviewer removes a label from the team's set (every field of it). */
  const teamRemoves = (name: string) =>
    team.transact(() => {
      for (const field of LABEL_FIELDS) team.getMap('labelFields').delete(labelFieldKey(name, field));
    });
  return { store, doc, team, steps, settle, exchange, teamSet, names, notices, role, sync, open, stop, teamRemoves };
}

describe('the label merge of one reviewer’s copy', () => {
  it('a label the team removed while this copy’s own edit waited in the queue is removed here, and not shared back', async () => {
    const copy = await reviewerCopy();
    expect([...copy.teamSet().labels.keys()].sort()).toEqual(['claim', 'denial', 'sanction', 'visit']);
    // An edit here is read and queued; then the team's removal of sanction arrives.
    await copy.store.updateLabel('denial', { colour: '#ff0000' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    copy.teamRemoves('sanction');
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(await copy.names()).toEqual(['claim', 'denial', 'visit']);
    expect([...copy.teamSet().labels.keys()].sort()).toEqual(['claim', 'denial', 'visit']);
    expect(copy.teamSet().labels.get('denial')?.colour).toBe('#ff0000');
    // Later edits here do not bring it back either.
    await copy.store.updateLabel('visit', { description: 'A trip abroad.' });
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(false);
    expect(copy.teamSet().labels.get('visit')?.description).toBe('A trip abroad.');
  });

  it('a rename read together with an edit of the same label is shared as a rename', async () => {
    const copy = await reviewerCopy();
    await copy.store.updateLabel('claim', { colour: '#ff0000' });
    expect(await copy.store.renameLabel('claim', 'assertion', 2)).toBeNull();
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const { labels, renamed } = copy.teamSet();
    expect(renamed.get('claim')).toBe('assertion');
    expect(labels.has('claim')).toBe(false);
    expect(labels.get('assertion')?.colour).toBe('#ff0000');
  });

  it('a label removed and a new one made at once is a removal, even with the freed key, colour and place', async () => {
    const copy = await reviewerCopy();
    await copy.store.updateLabel('visit', { description: '' });
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const visit = copy.teamSet().labels.get('visit')!;
    await copy.store.deleteLabel('visit', 2);
    expect(await copy.store.addLabel('trip')).toBeNull();
    const trip = (await copy.store.readLabelsToShare()).labels.find((label) => label.name === 'trip')!;
    // The new label takes what visit left free: told apart by its fields, it would read as visit renamed.
    expect([trip.colour, trip.hotkey, trip.description, trip.order]).toEqual([
      visit.colour,
      visit.hotkey,
      visit.description,
      visit.order,
    ]);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const { labels, renamed } = copy.teamSet();
    expect(renamed.has('visit')).toBe(false);
    expect(labels.has('visit')).toBe(false);
    expect(labels.has('trip')).toBe(true);
  });

  it('a key repair another copy shares after an edit here (every reviewer’s copy makes the same) does not revert it', async () => {
    const copy = await reviewerCopy();
    const visit = copy.teamSet().labels.get('visit')!;
    // Another reviewer adds zeal on visit's key and colour: this copy moves zeal (after visit by name) to a free key
    // and colour, and shares that repair, as every reviewer's copy does.
    const fields = copy.team.getMap('labelFields');
    copy.team.transact(() => {
      for (const [field, value] of Object.entries({
        colour: visit.colour,
        hotkey: visit.hotkey,
        description: '',
        order: 9,
      }))
        fields.set(labelFieldKey('zeal', field as (typeof LABEL_FIELDS)[number]), { [field]: value });
    });
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const repaired = copy.teamSet().labels.get('zeal')!;
    expect(repaired.hotkey).not.toBe(visit.hotkey);
    expect(repaired.colour).not.toBe(visit.colour);
    // Here, the reviewer then gives zeal a key and colour of their own; shared.
    await copy.store.updateLabel('zeal', { hotkey: '8', colour: '#123456' });
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    // A second reviewer's copy made the same repair before it saw that edit; its write comes last.
    copy.team.transact(() => {
      fields.set(labelFieldKey('zeal', 'hotkey'), { hotkey: repaired.hotkey });
      fields.set(labelFieldKey('zeal', 'colour'), { colour: repaired.colour });
    });
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const local = (await copy.store.readLabelsToShare()).labels.find((label) => label.name === 'zeal')!;
    expect([local.hotkey, local.colour]).toEqual(['8', '#123456']);
    const shared = copy.teamSet().labels.get('zeal')!;
    expect([shared.hotkey, shared.colour]).toEqual(['8', '#123456']);
    // Another reviewer's own change, then their undo back to the repair's key: both are the team's, taken here.
    for (const hotkey of ['9', repaired.hotkey]) {
      fields.set(labelFieldKey('zeal', 'hotkey'), { hotkey });
      copy.exchange(copy.team, copy.doc);
      await copy.settle();
      copy.exchange(copy.doc, copy.team);
      const now = (await copy.store.readLabelsToShare()).labels.find((label) => label.name === 'zeal')!;
      expect([now.hotkey, copy.teamSet().labels.get('zeal')?.hotkey]).toEqual([hotkey, hotkey]);
    }
  });

  it('takes the team’s change to a field and shares its own change to another of the same label', async () => {
    const copy = await reviewerCopy();
    copy.team.getMap('labelFields').set(labelFieldKey('claim', 'colour'), { colour: '#00ff00' });
    copy.exchange(copy.team, copy.doc);
    await copy.store.updateLabel('claim', { description: 'Said to be true.' });
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const local = (await copy.store.readLabelsToShare()).labels.find((label) => label.name === 'claim')!;
    expect([local.colour, local.description]).toEqual(['#00ff00', 'Said to be true.']);
    const shared = copy.teamSet().labels.get('claim')!;
    expect([shared.colour, shared.description]).toEqual(['#00ff00', 'Said to be true.']);
  });

  it('a merge shares the rename, not the kept label’s fields: a colour the team gave it meanwhile stays', async () => {
    const copy = await reviewerCopy();
    // Another reviewer recolours claim; it reaches this copy's document while the merge is made here.
    copy.team.getMap('labelFields').set(labelFieldKey('claim', 'colour'), { colour: '#00ff00' });
    copy.exchange(copy.team, copy.doc);
    expect(await copy.store.mergeLabel('visit', 'claim', 2)).not.toBeTypeOf('string');
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const { labels, renamed } = copy.teamSet();
    expect([renamed.get('visit'), labels.has('visit'), labels.get('claim')?.colour]).toEqual([
      'claim',
      false,
      '#00ff00',
    ]);
    const local = (await copy.store.readLabelsToShare()).labels.map((label) => [label.name, label.colour]);
    expect(local.filter(([name]) => name === 'claim' || name === 'visit')).toEqual([['claim', '#00ff00']]);
  });

  it('a rename to a new name and a merge into it, made before one sync: both shared, neither label comes back', async () => {
    const copy = await reviewerCopy();
    expect(await copy.store.renameLabel('visit', 'trip', 2)).toBeNull();
    expect(await copy.store.mergeLabel('sanction', 'trip', 3)).not.toBeTypeOf('string');
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const { labels, renamed } = copy.teamSet();
    expect([renamed.get('visit'), renamed.get('sanction')]).toEqual(['trip', 'trip']);
    expect([labels.has('visit'), labels.has('sanction'), labels.has('trip')]).toEqual([false, false, true]);
    expect(await copy.names()).not.toContain('sanction');
  });

  it('a team label missing here with no removal logged (an import taken back, say) comes back, and stays the team’s', async () => {
    const copy = await reviewerCopy();
    expect(await copy.store.deleteLabelIfUnused('sanction')).toBe(true);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(true);
    expect(await copy.names()).toContain('sanction');
  });

  it('a label deleted and another renamed to its name is shared as a rename, never as a removal of the renamed one', async () => {
    const copy = await reviewerCopy();
    await copy.store.deleteLabel('denial', 2);
    expect(await copy.store.renameLabel('claim', 'denial', 3)).toBeNull();
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    const { labels, renamed } = copy.teamSet();
    expect(renamed.get('claim')).toBe('denial');
    expect(labels.has('claim')).toBe(false);
    expect(labels.get('denial')?.hotkey).toBe('1');
  });

  it('an annotator’s removal of a team label is not shared, not even once they become a reviewer: the label comes back', async () => {
    const copy = await reviewerCopy();
    copy.role.reviewer = false;
    await copy.store.deleteLabel('visit', 2);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('visit')).toBe(true);
    expect(await copy.names()).toContain('visit');
    copy.role.reviewer = true;
    copy.sync.share();
    await copy.store.updateLabel('claim', { description: 'Said to be true.' });
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('visit')).toBe(true);
    expect(copy.teamSet().labels.get('claim')?.description).toBe('Said to be true.');
  });

  it('a removal made while Settings → Team named another project is not shared into this one: the label comes back', async () => {
    const copy = await reviewerCopy();
    await copy.store.writeSetting('team', { server: '', project: 'other', token: '' });
    await copy.store.deleteLabel('visit', 2);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('visit')).toBe(true);
    expect(await copy.names()).toContain('visit');
  });

  it('after a restore, a label the team removed long ago stays while this member’s own spans carry it', async () => {
    const copy = await reviewerCopy();
    copy.teamRemoves('sanction');
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    expect(await copy.names()).not.toContain('sanction');
    // Later the member makes a label of that name (an import of their own, say) and labels with it.
    copy.stop();
    expect(await copy.store.addLabel('sanction')).toBeNull();
    const text = (await copy.store.readDocuments())[0].text;
    const documentId = (await copy.store.readDocuments())[0].id;
    await copy.store.createSpan(
      { documentId, annotator: 'lead', start: 0, end: 3, label: 'sanction', text: text.slice(0, 3) },
      2,
    );
    // A restore brings it back in a new start: the member's span keeps its label.
    const again = copy.open(copy.doc, true);
    again.start();
    await copy.settle();
    expect(await copy.names()).toContain('sanction');
    expect((await copy.store.readLayer(documentId, 'lead')).spans.map((span) => span.label)).toEqual(['sanction']);
  });

  it('a second tab whose copy of the team lags does not bring back a label the first tab took the team’s removal of', async () => {
    const copy = await reviewerCopy();
    const lagging = new Y.Doc();
    copy.exchange(copy.doc, lagging);
    copy.open(lagging, false).start();
    await copy.settle();
    copy.teamRemoves('sanction');
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    expect(await copy.names()).not.toContain('sanction');
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(false);
    // The second tab's copy catches up: nothing comes back.
    copy.exchange(copy.team, lagging);
    await copy.settle();
    copy.exchange(copy.doc, copy.team);
    copy.exchange(lagging, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(false);
    expect(await copy.names()).not.toContain('sanction');
  });

  it('a second tab started while the first took in a label the team added removes neither it nor its spans', async () => {
    const copy = await reviewerCopy();
    // The second tab's copy of the team, as stored before the team's new label came.
    const lagging = new Y.Doc();
    copy.exchange(copy.doc, lagging);
    copy.team.transact(() => {
      const fields = copy.team.getMap('labelFields');
      fields.set(labelFieldKey('weapon', 'colour'), { colour: '#0072B2' });
      fields.set(labelFieldKey('weapon', 'hotkey'), { hotkey: '5' });
      fields.set(labelFieldKey('weapon', 'description'), { description: 'A weapon named.' });
      fields.set(labelFieldKey('weapon', 'order'), { order: 4 });
    });
    copy.exchange(copy.team, copy.doc);
    await copy.settle();
    expect(await copy.names()).toContain('weapon');
    await labelSpan(copy.store, 'lead', 0, 3, 'weapon');
    // The second tab starts before its copy has synced with the server.
    copy.open(lagging, false).start();
    await copy.settle();
    expect(await copy.names()).toContain('weapon');
    expect(await spansOf(copy.store, 'lead')).toHaveLength(1);
    expect(copy.notices.join(' ')).not.toMatch(/removed/u);
  });

  it('a removal read before the copy is level with the server waits, then is taken, and is never shared back', async () => {
    const copy = await reviewerCopy();
    copy.stop();
    // The team's removal reaches the stored copy before the next start has synced.
    copy.teamRemoves('sanction');
    copy.exchange(copy.team, copy.doc);
    const again = copy.open(copy.doc, false);
    again.start();
    await copy.settle();
    expect(await copy.names()).toContain('sanction');
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(false);
    // Level with the server: the removal is taken, and stays the team's.
    again.synced();
    await copy.settle();
    expect(await copy.names()).not.toContain('sanction');
    copy.exchange(copy.doc, copy.team);
    expect(copy.teamSet().labels.has('sanction')).toBe(false);
  });

  it('a copy closed while a reviewer renamed A to T, then B to A, moves its spans as the reviewer’s did', async () => {
    const { lead, member, reopen, claimed, denied } = await leadAndClosedMember();
    await labelSpan(lead.store, 'lead', 0, 3, 'claim');
    await labelSpan(lead.store, 'lead', 10, 14, 'denial');
    expect(await lead.store.renameLabel('claim', 'assertion', 2)).toBeNull();
    await lead.settle();
    expect(await lead.store.renameLabel('denial', 'claim', 3)).toBeNull();
    await lead.settle();
    // The reviewer's own copy, started again, does not take its own renames in a second time.
    lead.stop();
    lead.open(lead.doc, false).start();
    await lead.settle();
    expect(await spansOf(lead.store, 'lead')).toEqual([`assertion:${claimed}`, `claim:${denied}`]);
    await reopen();
    expect(await spansOf(member.store, 'ann')).toEqual([`assertion:${claimed}`, `claim:${denied}`]);
    expect((await member.names()).sort()).toEqual(['assertion', 'claim', 'sanction', 'visit']);
    // Opened again, as after a crash or a reload: nothing moves twice.
    await reopen();
    expect(await spansOf(member.store, 'ann')).toEqual([`assertion:${claimed}`, `claim:${denied}`]);
  });

  it('a swap of two names through a third, made in one go, swaps the spans of a copy that was closed', async () => {
    const { lead, member, reopen, claimed, denied } = await leadAndClosedMember();
    expect(await lead.store.renameLabel('claim', 'swap', 2)).toBeNull();
    expect(await lead.store.renameLabel('denial', 'claim', 3)).toBeNull();
    expect(await lead.store.renameLabel('swap', 'denial', 4)).toBeNull();
    await lead.settle();
    await reopen();
    expect(await spansOf(member.store, 'ann')).toEqual([`claim:${denied}`, `denial:${claimed}`]);
    expect((await member.names()).sort()).toEqual(['claim', 'denial', 'sanction', 'visit']);
    const labels = new Map((await member.store.readLabelsToShare()).labels.map((label) => [label.name, label.hotkey]));
    expect([labels.get('claim'), labels.get('denial')]).toEqual(['2', '1']);
  });
});

/**
 * A reviewer's copy (lead) and a member's copy that took the team's set and labelled with claim
 * and denial, then closed; `reopen` starts the member's sync again on all the lead shared since.
 */
async function leadAndClosedMember() {
  const lead = await reviewerCopy();
  const member = await reviewerCopy();
  member.role.reviewer = false;
  // One team: each copy's document holds what the other's does (the server's part).
  lead.exchange(lead.doc, member.doc);
  lead.exchange(member.doc, lead.doc);
  await member.settle();
  await lead.settle();
  await labelSpan(member.store, 'ann', 0, 3, 'claim');
  await labelSpan(member.store, 'ann', 10, 14, 'denial');
  const [claimed, denied] = (await spansOf(member.store, 'ann')).map((span) => span.split(':')[1]);
  member.stop();
  let stop = () => {};
  const reopen = async () => {
    stop();
    lead.exchange(lead.doc, member.doc);
    stop = member.open(member.doc, false).start();
    await member.settle();
  };
  return { lead, member, reopen, claimed, denied };
}

describe('a fresh annotator’s copy joining', () => {
  it('takes the team’s set whole when the set arrives while its join step is under way (no default the team removed stays)', async () => {
    // The team's set: a reviewer recoloured denial and removed sanction.
    const lead = await reviewerCopy();
    await lead.store.updateLabel('denial', { colour: '#ff0000' });
    await lead.store.deleteLabel('sanction', 2);
    await lead.settle();
    lead.exchange(lead.doc, lead.team);
    expect([...lead.teamSet().labels.keys()].sort()).toEqual(['claim', 'denial', 'visit']);
    // A fresh browser's annotator copy (seeded defaults), its queue run by hand.
    const store = await seededStore('corpus-labels');
    stores.push(store);
    const doc = new Y.Doc();
    const steps: (() => Promise<void>)[] = [];
    const sync = corpusSyncOf(store, doc, steps, { annotator: 'bob', reviewer: () => false, restored: false });
    const settle = () => runQueue(steps);
    const stop = sync.start();
    await settle();
    // Level with the server while the project held no label yet: its join step starts (it reads the empty set)...
    sync.synced();
    expect(steps).toHaveLength(1);
    const joining = steps.shift()!();
    // ...and the team's set arrives (the reviewer's first share) before that step is done.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(lead.team), 'server');
    await joining;
    await settle();
    const labels = (await store.readLabelsToShare()).labels;
    expect(labels.map((label) => label.name)).toEqual(['claim', 'denial', 'visit']);
    expect(labels.find((label) => label.name === 'denial')?.colour.toLowerCase()).toBe('#ff0000');
    stop();
  });
});
