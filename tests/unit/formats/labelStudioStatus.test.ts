/**
 * Label Studio counts every annotation in a task as submitted work (`was_cancelled`: skipped), so
 * an export writes a layer as an annotation only when it is done or skipped, and an import reads
 * each annotation's status back; several annotations by one person on a task stay apart.
 */
import { describe, expect, it } from 'vitest';
import { labelStudioFormat, labelStudioItems, parseLabelStudio } from '../../../src/lib/formats/labelStudio';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { valueOf } from './parseResultAssertions';

const write = (records: AnnotatedRecord[]): string =>
  [...labelStudioFormat.write(records, { unit: 'codepoint', labels: [] })].join('');
type Task = { annotations: Record<string, unknown>[] };
const tasksOf = (json: string) => JSON.parse(json) as Task[];

const layer = (
  annotator: string | null,
  status: AnnotatedRecord['status'],
  spans: AnnotatedRecord['spans'] = [],
  id = '5',
): AnnotatedRecord => ({ id, text: 'Kim met Putin.', title: 'Kim met Putin.', annotator, status, spans, meta: {} });
const kim = { start: 0, end: 3, label: 'PER', text: 'Kim' };
const region = (start: number, end: number, label: string, text: string) => ({
  from_name: 'label',
  to_name: 'text',
  type: 'labels',
  value: { start, end, text, labels: [label] },
});

describe('Label Studio export of statuses', () => {
  it('writes a to-do layer without spans as a task without that annotation, not as a submitted one', () => {
    const [task] = tasksOf(write([layer('alice', 'todo')]));
    expect(task.annotations).toEqual([]);
    const [both] = tasksOf(write([layer('alice', 'todo'), layer('bob', 'done')]));
    expect(both.annotations).toEqual([{ created_username: 'bob', result: [] }]);
  });

  it('writes a skipped layer as a cancelled annotation (was_cancelled), as Label Studio marks a skipped task', () => {
    const [task] = tasksOf(write([layer('alice', 'skipped', [kim])]));
    expect(task.annotations).toMatchObject([{ created_username: 'alice', was_cancelled: true }]);
    expect(task.annotations[0].result).toHaveLength(1);
  });

  it('carries statuses: skipped documents are written, not left out', () => {
    expect(labelStudioFormat.carries.status).toBe(true);
  });

  it('says before the download that Label Studio counts a to-do layer with spans as submitted', () => {
    // An e-mail, which Label Studio keeps as the author: no other loss beside the status.
    const alice = 'alice@example.org';
    expect(labelStudioFormat.lossesOf?.(layer(alice, 'todo', [kim]))).toMatchObject([
      { what: 'to-do statuses of layers with spans', count: 1 },
    ]);
    for (const status of ['done', 'skipped'] as const)
      expect(labelStudioFormat.lossesOf?.(layer(alice, status, [kim]))).toEqual([]);
    expect(labelStudioFormat.lossesOf?.(layer(alice, 'todo'))).toEqual([]);
    expect(labelStudioFormat.lossesOf?.(layer('model:v1', 'todo', [kim]))).toEqual([]);
  });

  it('round-trips every status: export → import keeps each layer’s status and spans', () => {
    const records = [
      layer('alice', 'done', [kim]),
      layer('bob', 'done'),
      layer('carol', 'skipped'),
      layer('dave', 'skipped', [kim]),
      layer('erin', 'todo', [kim]),
      layer('model:v1', null, [kim]),
    ];
    const json = write([...records, layer('frank', 'todo')]);
    const back = valueOf(parseLabelStudio(json));
    const carried = (record: AnnotatedRecord) => [record.annotator, record.status, record.spans];
    expect(back.map(carried)).toEqual(records.map(carried));
    expect(write(back)).toBe(json);
  });
});

describe('Label Studio import of statuses', () => {
  it('reads a submitted annotation as done, a cancelled one as skipped (kept, not dropped)', () => {
    const items = labelStudioItems(
      JSON.stringify([
        {
          id: 1,
          data: { text: 'Kim met Putin.' },
          annotations: [
            { completed_by: 3, result: [region(0, 3, 'PER', 'Kim')] },
            { completed_by: 4, result: [], was_cancelled: true },
          ],
        },
      ]),
    );
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => [record.annotator, record.status, record.spans.length])).toEqual([
      ['3', 'done', 1],
      ['4', 'skipped', 0],
    ]);
    expect(items.filter((item) => 'loss' in item)).toEqual([]);
  });
});

describe('several annotations by one annotator on one task', () => {
  const json = JSON.stringify([
    {
      id: 1,
      data: { text: 'Kim met Putin.' },
      annotations: [
        { completed_by: 3, result: [region(0, 3, 'PER', 'Kim')] },
        { completed_by: 3, result: [region(8, 13, 'LOC', 'Putin')] },
        { result: [region(0, 3, 'ORG', 'Kim')] },
        { result: [region(8, 13, 'PER', 'Putin')] },
        { completed_by: 3, result: [] },
      ],
    },
    { id: 2, data: { text: 'Kim left.' }, annotations: [{ completed_by: 3, result: [] }] },
  ]);

  it('are kept apart, one layer each, named after the annotator with #2, #3…', () => {
    const records = valueOf(parseLabelStudio(json));
    expect(records.map((record) => [record.id, record.annotator, record.spans.map((span) => span.label)])).toEqual([
      ['1', '3', ['PER']],
      ['1', '3 #2', ['LOC']],
      ['1', null, ['ORG']],
      ['1', 'unnamed #2', ['PER']],
      ['1', '3 #3', []],
      ['2', '3', []],
    ]);
  });

  it('and the preview says so, naming the task and the layers', () => {
    const notes = labelStudioItems(json).flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^1 task has several annotations by one annotator/u);
    for (const name of ['"3 #2"', '"unnamed #2"']) expect(notes[0]).toContain(name);
  });
});

describe('Label Studio drafts (saved, not submitted)', () => {
  const json = JSON.stringify([
    {
      id: 1,
      data: { text: 'Kim met Putin.' },
      annotations: [{ completed_by: { id: 3, email: 'ann@x.org' }, result: [region(0, 3, 'PER', 'Kim')] }],
      drafts: [
        // A new annotation started by bo and not submitted.
        { id: 7, user: 'bo@x.org', annotation: null, result: [region(8, 13, 'PER', 'Putin')], was_postponed: false },
        // ann's edit of her submitted annotation, not submitted again: kept beside it, not merged into it.
        { id: 8, user: 'ann@x.org', annotation: 11, result: [region(0, 3, 'ORG', 'Kim')] },
        // A draft saved before anything was labelled brings nothing.
        { id: 9, user: 'cy@x.org', result: [] },
      ],
    },
  ]);

  it('reads each draft with spans as a to-do layer of its user, apart from the submitted annotation', () => {
    const records = valueOf(parseLabelStudio(json));
    expect(records.map((record) => [record.annotator, record.status, record.spans.map((span) => span.label)])).toEqual([
      ['ann@x.org', 'done', ['PER']],
      ['bo@x.org', 'todo', ['PER']],
      ['ann@x.org #2', 'todo', ['ORG']],
    ]);
  });

  it('says in the preview how many drafts were read, and refuses a draft it cannot read, naming it', () => {
    const notes = labelStudioItems(json).flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes).toContainEqual(
      expect.stringMatching(/^2 drafts \(saved in Label Studio but not submitted\) read as to-do layers/u),
    );
    const broken = labelStudioItems(
      JSON.stringify([{ id: 1, data: { text: 'Kim.' }, annotations: [], drafts: [{ user: [], result: [] }] }]),
    );
    expect(broken.flatMap((item) => ('error' in item ? [item.error.message] : []))).toEqual([
      expect.stringContaining('draft 1 "user" must be a name, a user id or a user with "email" or "id"'),
    ]);
  });
});
