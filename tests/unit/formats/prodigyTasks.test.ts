/**
 * What a Prodigy task holds beside its text, spans and answer (recipes' top-level "label",
 * "tokens", "_timestamp", choices, custom fields) and how rejected answers travel: each kept, or
 * counted and named, and written back by a Prodigy export.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/lib/formats/detect';
import { doccanoItems, serializeDoccano } from '../../../src/lib/formats/doccano';
import type { SourceItem } from '../../../src/lib/formats/format';
import { CODE_POINTS } from '../../../src/lib/formats/offsetReadings';
import { PRODIGY_FIELDS_KEY, prodigyFormat, serializeProdigy } from '../../../src/lib/formats/prodigy';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';

const line = (value: unknown): string => JSON.stringify(value);

/** ner.teach: one suggested span, the recipe's label at the top, the answer. */
const TEACH = {
  text: 'Apple buys a startup.',
  spans: [{ start: 0, end: 5, label: 'ORG' }],
  label: 'ORG',
  _input_hash: 1,
  _task_hash: 2,
  answer: 'accept',
};

async function readItems(content: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of prodigyFormat.read(new File([content], 'p.jsonl'), { reading: CODE_POINTS }))
    items.push(item);
  return items;
}
const recordsOf = (items: SourceItem[]) => items.flatMap((item) => ('record' in item ? [item.record] : []));
const write = (records: Iterable<AnnotatedRecord>): string =>
  [...prodigyFormat.write(records, { unit: 'codepoint', labels: [] })].join('');

describe('Prodigy tasks with a top-level "label" (ner.teach, textcat, binary recipes)', () => {
  it('are detected as Prodigy, not doccano', () => {
    expect(detectFormat('p.jsonl', `${line(TEACH)}\n`)).toBe('prodigy');
    for (const key of ['_view_id', '_session_id']) {
      const { text, spans, label } = TEACH;
      expect(detectFormat('p.jsonl', line({ text, spans, label, [key]: 'x' }))).toBe('prodigy');
    }
    // doccano's own files are still doccano.
    expect(detectFormat('d.jsonl', line({ text: 'Apple', label: [[0, 5, 'ORG']] }))).toBe('doccano');
  });

  it('exported as doccano, come back as doccano (the hashes among the meta keys do not make them Prodigy)', async () => {
    const [record] = recordsOf(await readItems(line(TEACH)));
    const doccano = `${serializeDoccano(record)}\n`;
    expect(detectFormat('d.jsonl', doccano)).toBe('doccano');
    const [back] = doccanoItems(doccano).flatMap((item) => ('record' in item ? [item.record] : []));
    expect(back.spans).toEqual(record.spans);
    expect(back.meta).toEqual(record.meta);
  });

  it('read as doccano anyway, are refused with a hint that the file looks like Prodigy', () => {
    const errors = doccanoItems(line(TEACH)).flatMap((item) => ('error' in item ? [item.error] : []));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(1);
    expect(errors[0].message).toContain('"label" must be an array');
    expect(errors[0].message).toContain('Prodigy');
  });

  it('import whole, the top-level label kept in the metadata', async () => {
    const [record] = recordsOf(await readItems(line(TEACH)));
    expect(record.status).toBe('done');
    expect(record.spans).toEqual([{ start: 0, end: 5, label: 'ORG', text: 'Apple' }]);
    expect(record.meta[PRODIGY_FIELDS_KEY]).toEqual({ label: 'ORG' });
  });
});

describe('top-level fields of a Prodigy task', () => {
  const task = {
    text: 'Kim met Putin.',
    tokens: [
      { text: 'Kim', start: 0, end: 3, id: 0, ws: true },
      { text: 'met', start: 4, end: 7, id: 1, ws: true },
      { text: 'Putin', start: 8, end: 13, id: 2, ws: false },
      { text: '.', start: 13, end: 14, id: 3, ws: false },
    ],
    spans: [{ start: 0, end: 3, token_start: 0, token_end: 0, label: 'PER' }],
    meta: { source: 'wire' },
    _input_hash: 11,
    _task_hash: 12,
    _view_id: 'choice',
    options: [{ id: 'POS', text: 'positive' }],
    accept: ['POS'],
    html: '<b>Kim</b> met Putin.',
    doc_id: 'd-7',
    _timestamp: 1718000000,
    answer: 'accept',
    _annotator_id: 'news-alice',
    _session_id: 'news-alice',
  };

  it('are kept in the metadata, and the preview names them; tokens are counted as not imported', async () => {
    const items = await readItems(`${line(task)}\n${line({ ...task, _input_hash: 13, text: 'Kim left.' })}\n`);
    const [record] = recordsOf(items);
    expect(record.meta).toEqual({
      source: 'wire',
      _input_hash: 11,
      _view_id: 'choice',
      [PRODIGY_FIELDS_KEY]: {
        options: [{ id: 'POS', text: 'positive' }],
        accept: ['POS'],
        html: '<b>Kim</b> met Putin.',
        doc_id: 'd-7',
        _timestamp: 1718000000,
      },
    });
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes).toHaveLength(1);
    for (const name of ['"options"', '"accept"', '"html"', '"doc_id"', '"_timestamp"'])
      expect(notes[0]).toContain(name);
    const losses = items.flatMap((item) => ('loss' in item ? [item.loss] : []));
    expect(losses).toMatchObject([
      { what: 'token lists ("tokens")', count: 2, line: 1 },
      { what: 'task hashes ("_task_hash")', count: 2, line: 1 },
    ]);
  });

  it('are written back at the top level by a Prodigy export, so the tasks go back into Prodigy', async () => {
    const [record] = recordsOf(await readItems(line(task)));
    const written = JSON.parse(serializeProdigy(record)) as Record<string, unknown>;
    // The task hash is computed again, from the input hash and the spans (prodigyHashes.ts).
    const { tokens: _tokens, spans: _spans, _task_hash: _taskHash, ...rest } = task;
    expect(written).toMatchObject(rest);
    expect(written.meta).toEqual({ source: 'wire' });
    expect(written.tokens).toBeUndefined();
    expect(written.spans).toEqual([{ start: 0, end: 3, label: 'PER' }]);
    // …and read again, nothing changes.
    expect(recordsOf(await readItems(write([record])))).toEqual([record]);
  });

  it('never overwrite what the export writes itself', () => {
    const record: AnnotatedRecord = {
      id: '5',
      text: 'Kim',
      title: 'Kim',
      annotator: null,
      status: 'done',
      spans: [],
      meta: { _input_hash: 5, [PRODIGY_FIELDS_KEY]: { text: 'other', spans: 1, answer: 'ignore', label: 'X' } },
    };
    const written = JSON.parse(serializeProdigy(record)) as Record<string, unknown>;
    expect(written).toMatchObject({ text: 'Kim', spans: [], answer: 'accept', label: 'X' });
  });
});

describe('rejected answers (the training signal of ner.teach)', () => {
  const rejected = { ...TEACH, answer: 'reject', _task_hash: 3 };

  it('are imported as skipped, and the preview says "reject" is kept apart from "ignore"', async () => {
    const items = await readItems(`${line(rejected)}\n${line({ ...TEACH, answer: 'ignore', _input_hash: 4 })}\n`);
    const [reject, ignore] = recordsOf(items);
    expect([reject.status, ignore.status]).toEqual(['skipped', 'skipped']);
    expect(reject.meta[PRODIGY_FIELDS_KEY]).toEqual({ label: 'ORG', answer: 'reject' });
    expect(ignore.meta[PRODIGY_FIELDS_KEY]).toEqual({ label: 'ORG' });
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes.some((note) => note.includes('1 rejected answer') && note.includes('"reject"'))).toBe(true);
  });

  it('go out as "reject" again, "ignore" as "ignore"; a rejected task marked done since goes out as "accept"', async () => {
    const [reject] = recordsOf(await readItems(line(rejected)));
    expect(JSON.parse(serializeProdigy(reject))).toMatchObject({ answer: 'reject', label: 'ORG' });
    expect(JSON.parse(serializeProdigy({ ...reject, status: 'done' })).answer).toBe('accept');
    const [ignore] = recordsOf(await readItems(line({ ...TEACH, answer: 'ignore' })));
    expect(JSON.parse(serializeProdigy(ignore)).answer).toBe('ignore');
    expect(recordsOf(await readItems(write([reject])))).toEqual([reject]);
  });

  it('say on the card which answers the document’s one metadata makes go out otherwise', async () => {
    const notesOf = async (...answers: object[]) =>
      (await readItems(answers.map((answer) => `${line(answer)}\n`).join(''))).flatMap((item) =>
        'note' in item ? [item.note] : [],
      );
    const [acceptThenReject] = (
      await notesOf({ ...TEACH, answer: 'accept', _annotator_id: 'alice' }, { ...rejected, _annotator_id: 'bob' })
    ).filter((note) => note.startsWith('1 rejected answer'));
    expect(acceptThenReject).toMatch(
      /; but a document keeps its first record’s metadata for every layer: 1 reject comes after another answer to the same task and exports as "ignore"$/u,
    );
    const [rejectThenIgnore] = (
      await notesOf({ ...rejected, _annotator_id: 'alice' }, { ...TEACH, answer: 'ignore', _annotator_id: 'bob' })
    ).filter((note) => note.startsWith('1 rejected answer'));
    expect(rejectThenIgnore).toMatch(
      /: 1 ignored answer comes after a reject of the same task and exports as "reject"$/u,
    );
    // Both rejected: both go out as "reject", nothing to say.
    const [both] = (
      await notesOf({ ...rejected, _annotator_id: 'alice' }, { ...rejected, _annotator_id: 'bob' })
    ).filter((note) => note.startsWith('2 rejected answers'));
    expect(both).not.toContain('but a document');
  });
});

describe('the Prodigy export dialog', () => {
  it('says the tasks are written without tokens, and why', () => {
    expect(prodigyFormat.exportNote).toContain('"tokens"');
    expect(prodigyFormat.exportNote).toContain('code points');
  });
});
