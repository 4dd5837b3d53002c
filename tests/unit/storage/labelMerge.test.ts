import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { mergeLabel } from '../../../src/lib/storage/labelMerge';
import { undoLabelMerge, type MergedLabel } from '../../../src/lib/storage/labelRestore';
import { renameLabelInto } from '../../../src/lib/storage/teamLabels';
import { readLabelRenames } from '../../../src/lib/storage/labelRenames';
import { renameLabel } from '../../../src/lib/storage/labels';
import { createSpan, putSpans } from '../../../src/lib/storage/spans';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { documentOf } from '../../support/storedDocuments';

let database: SpanwrightDatabase;
const span = (documentId: string, annotator: string, start: number, label: string) =>
  createSpan(database, { documentId, annotator, start, end: start + 1, label, text: 'x' });
const stored = async () =>
  (await database.spans.toArray()).map((one) => `${one.documentId} ${one.annotator} ${one.start} ${one.label}`).sort();
const suggestion = (id: string, start: number, label: string) =>
  database.suggestions.add({
    id,
    documentId: 'd1',
    annotator: 'ann',
    start,
    end: start + 1,
    label,
    text: 'x',
    source: 'propagated',
    created: 0,
  });

beforeEach(async () => {
  database = new SpanwrightDatabase(`label-merge-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await addDocuments(database, [documentOf('d1', 0, 'x'.repeat(20)), documentOf('d2', 1, 'y'.repeat(20))]);
});
afterEach(async () => database.delete());

describe('merging a label into another', () => {
  it('moves every span and suggestion of every layer to the other label, one at a place it holds going, and logs a rename', async () => {
    await span('d1', 'ann', 0, 'visit');
    await span('d1', 'ann', 2, 'visit');
    await span('d1', 'ann', 2, 'claim'); // the twin: ann's visit at 2 goes
    await span('d1', 'bea', 2, 'visit'); // bea holds no claim there: hers moves
    await span('d2', 'gold', 4, 'visit');
    await suggestion('s1', 8, 'visit');
    await suggestion('s2', 10, 'visit');
    await suggestion('s3', 10, 'claim');

    expect(await mergeLabel(database, 'visit', 'claim', 50)).toMatchObject({ moved: 3, dropped: 1 });

    expect(await stored()).toEqual(['d1 ann 0 claim', 'd1 ann 2 claim', 'd1 bea 2 claim', 'd2 gold 4 claim']);
    expect((await database.suggestions.toArray()).map((one) => `${one.id} ${one.label}`).sort()).toEqual([
      's1 claim',
      's3 claim',
    ]);
    const names = (await database.labels.orderBy('order').toArray()).map((label) => label.name);
    expect(names).toEqual(DEFAULT_LABELS.map((label) => label.name).filter((name) => name !== 'visit'));
    // claim keeps its own colour and key.
    const claim = DEFAULT_LABELS.find((label) => label.name === 'claim')!;
    expect(await database.labels.get('claim')).toMatchObject({ colour: claim.colour, hotkey: claim.hotkey });
    // The layers' summaries say what they hold now: ann's d1 lost a span, and no layer names visit.
    const ann = await database.statuses.get(['ann', 'd1']);
    expect([ann?.spanCount, ann?.labels]).toEqual([2, ['claim']]);
    for (const summary of await database.statuses.toArray()) expect(summary.labels).not.toContain('visit');
    expect((await readLabelRenames(database)).map(({ from, to }) => `${from}→${to}`)).toEqual(['visit→claim']);
  });

  it('refuses a label that is not in the set, and changes nothing', async () => {
    await span('d1', 'ann', 0, 'visit');
    expect(await mergeLabel(database, 'visit', 'trip', 50)).toBe('there is no label named "trip"');
    expect(await mergeLabel(database, 'trip', 'claim', 50)).toBe('there is no label named "trip"');
    expect(await stored()).toEqual(['d1 ann 0 visit']);
    expect(await database.labels.get('visit')).toBeDefined();
    expect(await readLabelRenames(database)).toEqual([]);
  });

  it('gives a twin’s note and example mark to the span at its place, joining two notes, and says how many', async () => {
    const noted = await span('d1', 'ann', 2, 'visit');
    const marked = await span('d1', 'ann', 4, 'visit');
    await span('d1', 'ann', 6, 'visit');
    await database.spans.update(noted.id, { note: 'the second visit' });
    await database.spans.update(marked.id, { example: true });
    const both = await span('d1', 'ann', 2, 'claim');
    await database.spans.update(both.id, { note: 'check the date' });
    await span('d1', 'ann', 4, 'claim');
    await span('d1', 'ann', 6, 'claim');

    expect(await mergeLabel(database, 'visit', 'claim', 50)).toMatchObject({ moved: 0, dropped: 3, carried: 2 });
    const kept = (await database.spans.toArray()).sort((left, right) => left.start - right.start);
    expect(kept.map(({ start, label, note, example, updated }) => ({ start, label, note, example, updated }))).toEqual([
      { start: 2, label: 'claim', note: 'check the date\nthe second visit', example: undefined, updated: 50 },
      { start: 4, label: 'claim', note: undefined, example: true, updated: 50 },
      { start: 6, label: 'claim', note: undefined, example: undefined, updated: kept[2].created },
    ]);
  });

  it('joins notes line by line, each line once, and gives two twins at one place both their notes', async () => {
    // Two "visit" spans at one place (made on two devices), and the claim span there already holds a line of one.
    const first = await span('d1', 'ann', 2, 'visit');
    await database.spans.update(first.id, { note: 'the date\nthe host' });
    await database.spans.put({ ...first, id: 'from-another-device', note: 'the place' });
    const target = await span('d1', 'ann', 2, 'claim');
    await database.spans.update(target.id, { note: 'the date' });

    expect(await mergeLabel(database, 'visit', 'claim', 50)).toMatchObject({ dropped: 2, carried: 1 });
    expect((await database.spans.get(target.id))?.note).toBe('the date\nthe host\nthe place');
    // Taking a merge in again (a twin that came back from the team) adds no line twice.
    await database.labels.add({ ...DEFAULT_LABELS[3], name: 'trip', hotkey: '' });
    const again = await span('d1', 'ann', 2, 'trip');
    await database.spans.update(again.id, { note: 'the host' });
    expect(await renameLabelInto(database, 'trip', 'claim', 60)).toEqual({ dropped: 1, carried: 0 });
    expect((await database.spans.get(target.id))?.note).toBe('the date\nthe host\nthe place');
  });

  it('keeps the blank lines that part a twin’s paragraphs, never one at an end or two in a row', async () => {
    const twin = await span('d1', 'ann', 2, 'visit');
    await database.spans.update(twin.id, { note: '\nthe host\n\n  \nthe date\n\nthe place\n ' });
    const target = await span('d1', 'ann', 2, 'claim');
    await database.spans.update(target.id, { note: 'the date' });

    expect(await mergeLabel(database, 'visit', 'claim', 50)).toMatchObject({ dropped: 1, carried: 1 });
    expect((await database.spans.get(target.id))?.note).toBe('the date\nthe host\n\nthe place');
  });

  it('drops the twins on a copy that takes the merge in from the team, as a rename into a label it holds', async () => {
    await span('d1', 'ann', 2, 'visit');
    await span('d1', 'ann', 2, 'claim');
    await span('d1', 'ann', 4, 'visit');
    await database.spans.filter((one) => one.start === 2 && one.label === 'visit').modify({ note: 'the second visit' });
    const times = new Map((await database.spans.toArray()).map((one) => [one.id, one.updated]));
    expect(await renameLabelInto(database, 'visit', 'claim', 50)).toEqual({ dropped: 1, carried: 1 });
    expect(await stored()).toEqual(['d1 ann 2 claim', 'd1 ann 4 claim']);
    // Every copy does the same: the spans keep their times (a copy's retag is no later edit than another's).
    for (const one of await database.spans.toArray()) expect(one.updated).toBe(times.get(one.id));
    expect((await database.spans.filter((one) => one.start === 2).first())?.note).toBe('the second visit');
    const ann = await database.statuses.get(['ann', 'd1']);
    expect([ann?.spanCount, ann?.labels]).toEqual([2, ['claim']]);
  });
});

describe('undoing a merge', () => {
  const merge = async (from: string, into: string, at: number) => {
    const done = await mergeLabel(database, from, into, at);
    if (typeof done === 'string' || done.merged === null) throw new Error(`not merged: ${String(done)}`);
    return done.merged;
  };
  const suggestions = async () => (await database.suggestions.toArray()).map((one) => `${one.id} ${one.label}`).sort();

  it('puts the label back at its place with its key, every span and suggestion as they were, and the log as before', async () => {
    await span('d1', 'ann', 0, 'visit');
    await span('d1', 'ann', 2, 'visit');
    await span('d1', 'ann', 2, 'claim'); // visit's twin goes with the merge, and comes back
    await span('d2', 'gold', 4, 'visit');
    await suggestion('s1', 8, 'visit');
    await suggestion('s2', 10, 'visit');
    await suggestion('s3', 10, 'claim');
    const before = await stored();
    const labelsBefore = await database.labels.orderBy('order').toArray();
    const merged: MergedLabel = await merge('visit', 'claim', 50);

    expect(await undoLabelMerge(database, merged, 60)).toEqual({
      label: true,
      spans: 3,
      suggestions: 2,
      changed: 0,
      gone: 0,
      twins: 0,
    });
    expect(await stored()).toEqual(before);
    expect(await suggestions()).toEqual(['s1 visit', 's2 visit', 's3 claim']);
    expect(await database.labels.orderBy('order').toArray()).toEqual(labelsBefore);
    const ann = await database.statuses.get(['ann', 'd1']);
    expect([ann?.spanCount, [...(ann?.labels ?? [])].sort()]).toEqual([3, ['claim', 'visit']]);
    expect(await readLabelRenames(database)).toEqual([]);
  });

  it('takes back the note a twin gave, unless the span changed since', async () => {
    const twin = await span('d1', 'ann', 2, 'visit');
    await database.spans.update(twin.id, { note: 'the second visit', example: true });
    const target = await span('d1', 'ann', 2, 'claim');
    const other = await span('d1', 'ann', 4, 'visit');
    await database.spans.update(other.id, { note: 'edited later' });
    const otherTarget = await span('d1', 'ann', 4, 'claim');
    const merged = await merge('visit', 'claim', 50);
    // After the merge, the second target's note is written again: that change stays.
    await database.spans.update(otherTarget.id, { note: 'my own words', updated: 55 });

    await undoLabelMerge(database, merged, 60);
    expect(await database.spans.get(twin.id)).toMatchObject({
      label: 'visit',
      note: 'the second visit',
      example: true,
    });
    const back = await database.spans.get(target.id);
    expect([back?.note, back?.example]).toEqual([undefined, undefined]);
    expect((await database.spans.get(otherTarget.id))?.note).toBe('my own words');
  });

  it('keeps a twin’s note on the span that took it when the twin can not come back', async () => {
    const twin = await span('d1', 'ann', 2, 'visit');
    await database.spans.update(twin.id, { note: 'the second visit' });
    const target = await span('d1', 'ann', 2, 'claim');
    const merged = await merge('visit', 'claim', 50);
    // A "visit" span at its place arrives meanwhile (a teammate's, by sync): the twin can not come
    // back there, and its note stays where it went.
    await database.spans.put({ ...twin, id: 'arrived-since', note: undefined });

    await undoLabelMerge(database, merged, 60);
    expect(await database.spans.get(twin.id)).toBeUndefined();
    expect((await database.spans.get(target.id))?.note).toBe('the second visit');
  });

  it('leaves what changed since the merge as it is, and says how many', async () => {
    await span('d1', 'ann', 0, 'visit');
    await span('d1', 'ann', 2, 'visit');
    await span('d2', 'ann', 4, 'visit');
    await span('d1', 'ann', 6, 'denial');
    const merged = await merge('visit', 'claim', 50);
    // After the merge: one merged span relabelled, one deleted with its document, and a new claim span.
    const [relabelled] = await database.spans.where({ documentId: 'd1', start: 2 }).toArray();
    await database.spans.put({ ...relabelled, label: 'sanction', updated: 55 });
    await database.spans.where({ documentId: 'd2' }).delete();
    await database.documents.delete('d2');
    await span('d1', 'ann', 8, 'claim');
    // A note written on a merged span since: the span carries visit again, with its note.
    const [noted] = await database.spans.where({ documentId: 'd1', start: 0 }).toArray();
    await database.spans.put({ ...noted, note: 'check the date', updated: 56 });
    // The key 4 taken meanwhile stays where it went.
    await database.labels.update('sanction', { hotkey: '4' });

    expect(await undoLabelMerge(database, merged, 60)).toMatchObject({ label: true, spans: 1, changed: 1, gone: 1 });
    expect(await stored()).toEqual(['d1 ann 0 visit', 'd1 ann 2 sanction', 'd1 ann 6 denial', 'd1 ann 8 claim']);
    expect((await database.spans.get(noted.id))?.note).toBe('check the date');
    expect((await database.labels.get('visit'))?.hotkey).toBe('');
  });
});

describe('a label only spans carry (not in the set: a teammate’s, brought by team sync)', () => {
  /** bea's span under "weapon", a name the set lacks, where ann's "visit" span is too (her twin once renamed). */
  const unlisted = () =>
    putSpans(database, [
      {
        id: 'w1',
        documentId: 'd1',
        annotator: 'ann',
        start: 2,
        end: 3,
        label: 'weapon',
        text: 'x',
        created: 0,
        updated: 0,
      },
    ]);

  it('is not renamed onto from Settings: that would merge, so it says how to merge', async () => {
    await span('d1', 'ann', 2, 'visit');
    await unlisted();
    expect(await renameLabel(database, 'visit', 'weapon', 50)).toBe(
      'spans carry a label named "weapon" that is not in the set: add it under “Labels in use, not in the set”, then rename "visit" to it to merge the two',
    );
    expect(await stored()).toEqual(['d1 ann 2 visit', 'd1 ann 2 weapon']);
    expect(await database.labels.get('visit')).toBeDefined();
  });

  it('takes a team rename onto it in without leaving two spans of one label at one place', async () => {
    await span('d1', 'ann', 2, 'visit');
    await span('d1', 'ann', 4, 'visit');
    await unlisted();
    await renameLabelInto(database, 'visit', 'weapon', 50);
    expect(await stored()).toEqual(['d1 ann 2 weapon', 'd1 ann 4 weapon']);
    expect(await database.labels.get('weapon')).toBeDefined();
  });
});
