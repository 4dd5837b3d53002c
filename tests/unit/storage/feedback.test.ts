import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectFileFormat } from '../../../src/lib/formats/detect';
import {
  feedbackEntryLine,
  feedbackHeaderLine,
  readFeedbackFile,
  type FeedbackEntry,
  type FeedbackFile,
} from '../../../src/lib/formats/feedbackFile';
import { LEFT_OUT_NOTE } from '../../../src/lib/model/feedback';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Span, type SpanOrigin } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { stored as created } from '../../support/created';
import { Store } from '../../../src/lib/storage/store';

let database: SpanwrightDatabase;
let store: Store;
const NOW = Date.UTC(2026, 4, 2);
const TEXTS: Record<string, string> = {
  d1: '🙂 Kim Jong Un met Putin at Vostochny.',
  d2: 'Shoigu visited Pyongyang.',
  d3: 'Lavrov denied it.',
};

beforeEach(async () => {
  database = new SpanwrightDatabase(`feedback-${Math.random()}`);
  store = new Store(database);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.documents.bulkAdd(
    Object.entries(TEXTS).map(([id, text], order) => ({
      id,
      title: `Title ${id}`,
      text,
      source: 'test',
      meta: {},
      order,
      created: 1,
      fingerprint: textFingerprint(text),
    })),
  );
});
afterEach(async () => database.delete());

const origin = (kind: SpanOrigin['kind'], note?: string): SpanOrigin => ({
  kind,
  annotators: ['ann'],
  by: 'rev',
  at: Date.UTC(2026, 4, 1),
  ...(note ? { note } : {}),
});

/** Stores a span of `annotator` over `needle` in document `documentId`. */
async function span(
  documentId: string,
  annotator: string,
  needle: string,
  label: string,
  extra: Partial<Span> = {},
): Promise<Span> {
  const text = TEXTS[documentId];
  const start = [...text.slice(0, text.indexOf(needle))].length;
  const end = start + [...needle].length;
  const { span: stored } = created(
    await store.createSpan({ documentId, annotator, start, end, label, text: sliceCodePoints(text, start, end) }, 1),
  );
  if (Object.keys(extra).length === 0) return stored;
  await store.putSpans([{ ...stored, ...extra }], 1);
  return { ...stored, ...extra };
}

/** ann's layer and a review of d1 and d2 (d3 never reviewed). */
async function reviewed() {
  await span('d1', 'ann', 'Kim Jong Un', 'claim');
  await span('d1', 'ann', 'Putin', 'claim');
  await span('d1', 'ann', 'Vostochny', 'visit');
  await span('d2', 'ann', 'Shoigu', 'claim');
  await span('d3', 'ann', 'Lavrov', 'claim');
  await span('d1', GOLD_ANNOTATOR, 'Kim Jong Un', 'claim', { origin: origin('agreed') });
  await span('d1', GOLD_ANNOTATOR, 'Putin', 'denial', { origin: origin('b', 'a denial, see the guideline') });
  await span('d1', REJECTED_ANNOTATOR, 'Vostochny', 'visit', { origin: origin('neither', 'not a visit') });
  await store.setStatus('d2', GOLD_ANNOTATOR, 'done', 1);
}

async function lines(blob: Blob): Promise<Record<string, unknown>[]> {
  return (await blob.text())
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const named = (name: string, text: string) => new File([text], name);

async function readBack(blob: Blob): Promise<FeedbackFile> {
  const read = await readFeedbackFile(named('ann-feedback.jsonl', await blob.text()));
  if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
  return read.value;
}

describe('the feedback file', () => {
  it('holds each of the annotator’s spans in reviewed documents: kept, changed to what, removed, with the notes', async () => {
    await reviewed();
    const built = await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW));
    expect([built.spans, built.documents]).toEqual([4, 2]);
    const [header, ...entries] = await lines(built.blob);
    expect(header).toEqual({
      spanwright_feedback: 1,
      annotator: 'ann',
      reviewer: 'rev',
      created: new Date(NOW).toISOString(),
    });
    expect(entries).toEqual([
      {
        document_id: 'd1',
        title: 'Title d1',
        start: 2,
        end: 13,
        label: 'claim',
        text: 'Kim Jong Un',
        verdict: 'kept',
        to: null,
        note: null,
        by: 'rev',
        at: '2026-05-01T00:00:00.000Z',
      },
      expect.objectContaining({
        text: 'Putin',
        verdict: 'changed',
        to: { start: 18, end: 23, label: 'denial', text: 'Putin' },
        note: 'a denial, see the guideline',
      }),
      expect.objectContaining({ text: 'Vostochny', verdict: 'removed', to: null, note: 'not a visit' }),
      // d2: the reviewer marked gold done with nothing in it, and no decision on Shoigu: the note says so.
      expect.objectContaining({
        document_id: 'd2',
        text: 'Shoigu',
        verdict: 'removed',
        note: 'Not decided: left out of gold when the document’s gold was marked done.',
        by: null,
        at: null,
      }),
    ]);
    // Offsets are code points: the emoji is one.
    expect([...TEXTS.d1].slice(2, 13).join('')).toBe('Kim Jong Un');
    expect(await detectFileFormat(named('x.jsonl', await built.blob.text()))).toBe('feedback');
  });

  it('leaves out a span the annotator drew after the gold was marked done: not decided yet, counted so', async () => {
    await span('d2', 'ann', 'Shoigu', 'claim');
    await store.setStatus('d2', GOLD_ANNOTATOR, 'done', 5);
    const { span: later } = created(
      await store.createSpan(
        { documentId: 'd2', annotator: 'ann', start: 15, end: 24, label: 'visit', text: 'Pyongyang' },
        9,
      ),
    );
    const built = await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW));
    const [, ...entries] = await lines(built.blob);
    expect(entries.map((entry) => [entry.text, entry.verdict])).toEqual([['Shoigu', 'removed']]);
    expect(later.text).toBe('Pyongyang');
    // A label renamed since (which touches every span of it) decides nothing anew: Shoigu stays removed.
    expect(await store.renameLabel('claim', 'assertion', 20)).toBeNull();
    const again = await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW));
    const [, ...after] = await lines(again.blob);
    expect(after.map((entry) => [entry.text, entry.verdict])).toEqual([['Shoigu', 'removed']]);
  });

  it('leaves out a document the annotator skipped: no verdict on spans the review did not weigh', async () => {
    await reviewed();
    // ann skipped d2 (gold done there with nothing in it): her Shoigu is no example, not a span removed.
    await store.setStatus('d2', 'ann', 'skipped', 2);
    const built = await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW));
    expect([built.spans, built.documents]).toEqual([3, 1]);
    const [, ...entries] = await lines(built.blob);
    expect(entries.map((entry) => entry.document_id)).toEqual(['d1', 'd1', 'd1']);
  });

  it('says what an import would do, then sets feedback on the matching spans in one write, creating and deleting none', async () => {
    await reviewed();
    const file = await readBack((await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW))).blob);
    // Since the review, ann moved "Shoigu": that entry no longer matches.
    const shoigu = (await store.readLayer('d2', 'ann')).spans[0];
    await store.deleteSpans([shoigu.id], 2);
    await span('d2', 'ann', 'Shoigu visited', 'claim');
    const preview = await (await store.files()).previewFeedback(file);
    expect(preview).toMatchObject({
      annotator: 'ann',
      reviewer: 'rev',
      spans: 4,
      documents: 2,
      verdicts: { kept: 1, changed: 1, removed: 2 },
      found: 3,
    });
    expect(preview.missing).toEqual([
      { line: 5, documentId: 'd2', title: 'Title d2', start: 0, end: 6, label: 'claim', text: 'Shoigu' },
    ]);

    const before = await database.spans.toArray();
    const revision = (await database.statuses.get(['ann', 'd1']))?.revision;
    const logged = await database.changes.count();
    expect(await (await store.files()).applyFeedback(file, 9)).toEqual({ updated: 3, missing: 1 });
    const after = await database.spans.toArray();
    expect(after.map((stored) => stored.id).sort()).toEqual(before.map((stored) => stored.id).sort());
    const layer = (await store.readLayer('d1', 'ann')).spans;
    expect(layer.map((stored) => stored.feedback)).toEqual([
      { verdict: 'kept', reviewer: 'rev', at: Date.UTC(2026, 4, 1) },
      {
        verdict: 'changed',
        to: [{ start: 18, end: 23, label: 'denial' }],
        note: 'a denial, see the guideline',
        reviewer: 'rev',
        at: Date.UTC(2026, 4, 1),
      },
      { verdict: 'removed', note: 'not a visit', reviewer: 'rev', at: Date.UTC(2026, 4, 1) },
    ]);
    // The layer shows anew in every tab: a new revision, and the write is in the change log (one row).
    expect((await database.statuses.get(['ann', 'd1']))?.revision).not.toBe(revision);
    expect(await database.changes.count()).toBe(logged + 1);
    // The spans to look at, in list and reading order: changed and removed (kept without a note is not).
    expect((await (await store.files()).markedSpans('ann')).map((marked) => [marked.documentId, marked.start])).toEqual(
      [
        ['d1', 18],
        ['d1', 27],
      ],
    );
  });

  it('sets the verdicts of the gold this copy holds without a file, as importing the file would', async () => {
    await reviewed();
    const file = await readBack((await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW))).blob);
    const viaFile = new SpanwrightDatabase(`feedback-file-${Math.random()}`);
    await viaFile.open();
    try {
      // The same stored rows in a second copy: one takes the file, the other the gold it holds.
      for (const table of ['documents', 'spans', 'statuses'] as const)
        await viaFile.table(table).bulkAdd(await database.table(table).toArray());
      await new Store(viaFile).files().then((files) => files.applyFeedback(file, NOW));
      const taken = await (await store.files()).feedbackFromGold('ann', 'team gold', new Date(NOW));
      expect(taken).toEqual({
        updated: 4,
        cleared: 0,
        revised: 0,
        documents: 2,
        undecided: 0,
        verdicts: { kept: 1, changed: 1, removed: 2 },
      });
      const feedbackIn = async (copy: SpanwrightDatabase) =>
        (await copy.spans.where('annotator').equals('ann').sortBy('id')).map((stored) => stored.feedback ?? null);
      // A span no one decided (left out when d2's gold was marked done) names the team's gold, not the file's reviewer.
      const fromFile = (await feedbackIn(viaFile)).map((feedback) =>
        feedback?.note === LEFT_OUT_NOTE ? { ...feedback, reviewer: 'team gold' } : feedback,
      );
      expect(await feedbackIn(database)).toEqual(fromFile);
      expect(fromFile.filter((feedback) => feedback?.reviewer === 'team gold')).toHaveLength(1);
      // d3 was never reviewed: its span has no verdict.
      expect((await store.readLayer('d3', 'ann')).spans[0].feedback).toBeUndefined();
    } finally {
      await viaFile.delete();
    }
  });

  it('taken again, writes only what changed, and clears a verdict the review took back', async () => {
    await reviewed();
    const files = await store.files();
    await files.feedbackFromGold('ann', 'team gold', new Date(NOW));
    const logged = await database.changes.count();
    // Nothing new in gold: nothing is written, so nothing is sent to the team again.
    expect(await files.feedbackFromGold('ann', 'team gold', new Date(NOW + 60_000))).toMatchObject({
      updated: 0,
      cleared: 0,
      verdicts: { kept: 1, changed: 1, removed: 2 },
    });
    expect(await database.changes.count()).toBe(logged);
    // The reviewer takes back the rejection of Vostochny: its "removed" goes, and F no longer stops there.
    await database.spans.where('annotator').equals(REJECTED_ANNOTATOR).delete();
    expect(await files.feedbackFromGold('ann', 'team gold', new Date(NOW + 120_000))).toMatchObject({
      updated: 1,
      cleared: 1,
      undecided: 1,
      verdicts: { kept: 1, changed: 1, removed: 1 },
    });
    const vostochny = (await store.readLayer('d1', 'ann')).spans.find((stored) => stored.text === 'Vostochny');
    expect(vostochny?.feedback).toBeUndefined();
    // The reviewer turns gold's Putin from a denial into a sanction: one verdict revised, and said so.
    await database.spans
      .where('annotator')
      .equals(GOLD_ANNOTATOR)
      .filter((stored) => stored.text === 'Putin')
      .modify({ label: 'sanction' });
    expect(await files.feedbackFromGold('ann', 'team gold', new Date(NOW + 180_000))).toMatchObject({
      updated: 1,
      cleared: 0,
      revised: 1,
    });
    // Left to step through: Putin (changed) and Shoigu (left out when d2's gold was marked done).
    const marked = (await files.markedSpans('ann')).map((entry) => [entry.documentId, entry.start]);
    expect(marked).toEqual([
      ['d1', 18],
      ['d2', 0],
    ]);
  });

  it('names the file’s bad lines with their numbers, and reads nothing from it', async () => {
    const entry: FeedbackEntry = {
      documentId: 'd1',
      title: 'T',
      start: 2,
      end: 5,
      label: 'claim',
      text: 'Kim',
      verdict: 'kept',
      to: null,
      note: null,
      by: null,
      at: null,
    };
    const header = feedbackHeaderLine({ annotator: 'ann', reviewer: 'rev', created: new Date(NOW).toISOString() });
    const text = [
      header,
      feedbackEntryLine(entry),
      '{"document_id":"d1",',
      feedbackEntryLine({ ...entry, verdict: 'changed' }),
      JSON.stringify({ ...JSON.parse(feedbackEntryLine(entry)), verdict: 'maybe' }),
      JSON.stringify({ ...JSON.parse(feedbackEntryLine(entry)), end: 1 }),
      '',
      '[1]',
    ].join('\n');
    const read = await readFeedbackFile(named('ann-feedback.jsonl', text));
    expect(
      'errors' in read && read.errors.map((error) => [error.line, error.message.replace(/\(.*\)/u, '(…)')]),
    ).toEqual([
      [3, 'malformed JSON (…)'],
      [4, 'a "changed" span must say what it changed "to"'],
      [5, '"verdict" must be "kept", "changed" or "removed" (…)'],
      [6, '"end" must be an integer after "start" (…)'],
      [8, 'each line must be a JSON object (…)'],
    ]);
    const noHeader = await readFeedbackFile(named('x.jsonl', feedbackEntryLine(entry)));
    expect('errors' in noHeader && noHeader.errors[0]).toMatchObject({ line: 1 });
    expect('errors' in noHeader && noHeader.errors[0].message).toContain('"spanwright_feedback": 1');
    const empty = await readFeedbackFile(named('x.jsonl', ''));
    expect('errors' in empty && empty.errors).toEqual([{ line: 0, message: 'the file is empty' }]);
  });

  it('writes nothing for a file whose spans are all gone, and counts them', async () => {
    await reviewed();
    const file = await readBack((await (await store.files()).feedbackFile('ann', 'rev', new Date(NOW))).blob);
    const elsewhere: FeedbackFile = { ...file, header: { ...file.header, annotator: 'nobody' } };
    const logged = await database.changes.count();
    expect(await (await store.files()).applyFeedback(elsewhere, 9)).toEqual({ updated: 0, missing: 4 });
    expect(await database.changes.count()).toBe(logged);
    expect((await database.spans.toArray()).some((stored) => stored.feedback !== undefined)).toBe(false);
  });
});

describe('span notes', () => {
  it('sets, changes and removes a note in one logged write that gives the layer a new revision', async () => {
    const stored = await span('d1', 'ann', 'Putin', 'claim');
    const revision = (await database.statuses.get(['ann', 'd1']))?.revision;
    const set = await store.setSpanNote(stored.id, '  check the wire copy ', 5);
    expect(set?.after).toMatchObject({ note: 'check the wire copy', updated: 5 });
    expect(set?.before.note).toBeUndefined();
    expect((await database.statuses.get(['ann', 'd1']))?.revision).not.toBe(revision);
    expect(await store.setSpanNote(stored.id, 'check the wire copy', 6)).toBeNull(); // unchanged
    const removed = await store.setSpanNote(stored.id, '', 7);
    expect(removed?.after).not.toHaveProperty('note');
    expect((await database.spans.get(stored.id))?.note).toBeUndefined();
    expect(await store.setSpanNote('gone', 'x', 8)).toBeNull();
  });
});
