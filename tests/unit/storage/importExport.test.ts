import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { checkExport, exportFileName, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';
import { detectFileFormat } from '../../../src/lib/formats/detect';
import { sourcesOf } from '../../../src/lib/formats/sources';
import { setSpanExample } from '../../../src/lib/storage/spanMarks';
import { createSpan, setStatus, summarize } from '../../../src/lib/storage/spans';

let database: SpanwrightDatabase;
const TEXT = 'Kim 🙂 met Putin.\r\nShoigu 🇷🇺 visited Pyongyang.';

beforeEach(async () => {
  database = new SpanwrightDatabase(`io-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(database, [
      {
        id: 'd1',
        title: 'T',
        text: TEXT,
        source: 'corpus/d1.txt',
        meta: {},
        order: 0,
        created: 1,
        fingerprint: textFingerprint(TEXT),
      },
    ]),
  );
});
afterEach(async () => database.delete());

const file = (name: string, lines: unknown[] | string) =>
  new File([typeof lines === 'string' ? lines : lines.map((line) => JSON.stringify(line)).join('\n')], name);
const options = (format: ImportOptions['format'] = 'native'): ImportOptions => ({
  format,
  defaultAnnotator: 'me',
  now: () => 5,
});

async function importFile(blob: File, format: ImportOptions['format'] = 'native') {
  const job = new FileImport(database, blob, options(format));
  const analysis = await job.analyse();
  if (analysis.errorCount > 0) return { analysis, result: null };
  return { analysis, result: await job.commit() };
}

/** 2,500 documents of bea's, a span each: three of the importer's batches. */
const bigFile = () =>
  file(
    'big.jsonl',
    Array.from({ length: 2500 }, (_, index) => ({
      id: `doc-${index}`,
      text: `text number ${index}`,
      spans: [{ start: 0, end: 4, label: 'claim', text: 'text' }],
      annotator: 'bea',
    })),
  );

async function snapshot() {
  return {
    documents: await database.documents.toArray(),
    heads: await database.heads.toArray(),
    spans: await database.spans.toArray(),
    labels: await database.labels.toArray(),
    statuses: await database.statuses.toArray(),
  };
}

const cp = (needle: string) => ({
  start: [...TEXT.slice(0, TEXT.indexOf(needle))].length,
  end: [...TEXT.slice(0, TEXT.indexOf(needle))].length + [...needle].length,
});

describe('import', () => {
  it('puts every span into one chosen layer when asked, whatever annotators the file names', async () => {
    const lines = [
      {
        id: 'd1',
        text: TEXT,
        spans: [{ ...cp('Putin'), label: 'claim', text: 'Putin' }],
        annotator: 'model-a',
        status: null,
        meta: {},
      },
      {
        id: 'd1',
        text: TEXT,
        spans: [
          { ...cp('Putin'), label: 'claim', text: 'Putin' },
          { ...cp('Pyongyang'), label: 'visit', text: 'Pyongyang' },
        ],
        annotator: 'model-b',
        status: null,
        meta: {},
      },
    ];
    const job = new FileImport(database, file('predictions.jsonl', lines), { ...options(), intoAnnotator: 'me' });
    const analysis = await job.analyse();
    // The same span from two models is one span in the chosen layer.
    expect(analysis).toMatchObject({
      records: 2,
      newSpans: 2,
      newSpansByLayer: { me: 2 },
      annotators: ['me'],
      errorCount: 0,
    });
    await job.commit();
    expect(
      (await database.spans.where('[documentId+annotator]').equals(['d1', 'me']).toArray())
        .map((span) => span.text)
        .sort(),
    ).toEqual(['Putin', 'Pyongyang']);
    expect(await database.spans.where('annotator').anyOf('model-a', 'model-b').count()).toBe(0);
    expect(await database.statuses.get(['me', 'd1'])).toMatchObject({ spanCount: 2 });
  });

  it("adds another annotator's layer to the same document, matched by id or by identical text, and never duplicates it", async () => {
    const lines = [
      {
        id: 'd1',
        text: TEXT,
        spans: [{ ...cp('Putin'), label: 'claim', text: 'Putin' }],
        annotator: 'bea',
        status: 'done',
        meta: {},
      },
      {
        id: 'other-id',
        text: TEXT,
        spans: [{ ...cp('Pyongyang'), label: 'meeting', text: 'Pyongyang' }],
        annotator: 'cy',
        status: null,
        meta: {},
      },
      { id: 'new', text: 'A brand new document text', spans: [], annotator: null, status: null, meta: { url: 'u' } },
    ];
    const { analysis, result } = await importFile(file('bea.jsonl', lines));
    expect(analysis).toMatchObject({
      records: 3,
      newDocuments: 1,
      matchedDocuments: 1,
      newSpans: 2,
      newSpansByLayer: { bea: 1, cy: 1 },
      knownSpans: 0,
      // The document with neither spans nor a status goes into no one's layer.
      annotators: ['bea', 'cy'],
      newLabels: ['meeting'],
      errorCount: 0,
    });
    expect(result).toEqual({ documentsAdded: 1, spansAdded: 2, labelsAdded: ['meeting'] });
    expect((await database.documents.toArray()).map((document) => document.id).sort()).toEqual(['d1', 'new']);
    expect(await database.spans.where('[documentId+annotator]').equals(['d1', 'cy']).count()).toBe(1);
    expect(await database.statuses.get(['bea', 'd1'])).toMatchObject({
      status: 'done',
      spanCount: 1,
      labels: ['claim'],
    });
    expect((await database.documents.get('new'))?.order).toBe(1);
    expect(await database.statuses.where('documentId').equals('new').count()).toBe(0);

    // Re-importing the same file changes nothing.
    const before = await snapshot();
    const again = await importFile(file('bea.jsonl', lines));
    expect(again.analysis).toMatchObject({ newDocuments: 0, newSpans: 0, knownSpans: 2, newLabels: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('stores nothing from a file with any error, and names the line and reason', async () => {
    const before = await snapshot();
    const lines = [
      JSON.stringify({ id: 'ok', text: 'fine text here', spans: [] }),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 'x', text: 'abc', spans: [{ start: 0, end: 9, label: 'claim', text: 'abc' }] }),
    ].join('\n');
    const { analysis, result } = await importFile(file('bad.jsonl', lines));
    expect(result).toBeNull();
    expect(analysis.errorCount).toBe(2);
    expect(analysis.errors.map((error) => error.line)).toEqual([2, 3]);
    expect(await snapshot()).toEqual(before);
  });

  it('stores a record whose id names another text as a new document, says so first, and never twice', async () => {
    // Label Studio numbers the tasks of every project from 1: a second project's task 1 is another text.
    const lines = [
      {
        id: 'd1',
        text: 'Another project’s first task',
        spans: [{ start: 0, end: 7, label: 'claim', text: 'Another' }],
      },
      { id: 'd1', text: 'A third project’s first task', spans: [] },
    ];
    const { analysis, result } = await importFile(file('second.jsonl', lines));
    expect(analysis).toMatchObject({ errorCount: 0, newDocuments: 2, newSpans: 1 });
    expect(analysis.notes).toEqual([
      expect.stringMatching(
        /^2 records have ids already used by another text, so they are stored as new documents with new ids: d1 → d1~\w+, d1 → d1~\w+\.$/u,
      ),
    ]);
    expect(result).toMatchObject({ documentsAdded: 2, spansAdded: 1 });
    // The stored d1 keeps its text; the new ones are stored under the ids the note named.
    expect((await database.documents.get('d1'))?.text).toBe(TEXT);
    const renamed = [...analysis.notes[0].matchAll(/d1~\w+/gu)].map((match) => match[0]);
    expect((await database.documents.bulkGet(renamed)).map((document) => document?.text)).toEqual([
      'Another project’s first task',
      'A third project’s first task',
    ]);
    const before = await snapshot();
    const again = await importFile(file('second.jsonl', lines));
    expect(again.analysis).toMatchObject({ newDocuments: 0, newSpans: 0, knownSpans: 1, notes: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('says so when a record’s text is a document’s under another id (in the file, or stored): its id is not kept', async () => {
    const lines = [
      { id: 'b1', text: 'Same text', spans: [{ start: 0, end: 4, label: 'claim', text: 'Same' }], annotator: 'x' },
      { id: 'b2', text: 'Same text', spans: [{ start: 5, end: 9, label: 'claim', text: 'text' }], annotator: 'y' },
      // b2's second layer: the id is said once, not once a record.
      { id: 'b2', text: 'Same text', spans: [{ start: 0, end: 4, label: 'claim', text: 'Same' }], annotator: 'z' },
    ];
    const { analysis } = await importFile(file('dupids.jsonl', lines));
    expect(analysis).toMatchObject({ errorCount: 0, newDocuments: 1, newSpans: 3 });
    // Counted with what will not arrive, not in a note under "Nothing in it is left out" (helper-210).
    expect(analysis.notes).toEqual([]);
    expect(analysis.losses).toContainEqual({
      what: 'ids of records whose text a document has under another id (stored, or earlier in the file)',
      why: 'their spans go onto that document, which keeps its own id',
      count: 1,
      examples: ['b2 → b1'],
    });
    expect(await database.documents.get('b2')).toBeUndefined();
    // Stored now: a third id with the same text lands on b1 too, and says so; b1 again says nothing.
    const third = await importFile(file('third.jsonl', [{ ...lines[0], id: 'b3' }]));
    const joined = (analysis: { losses: { what: string; examples?: string[] }[] }) =>
      analysis.losses.filter((loss) => loss.what.startsWith('ids of records')).map((loss) => loss.examples);
    expect(joined(third.analysis)).toEqual([['b3 → b1']]);
    // What the card said is not said again after the import.
    expect(third.result?.notes).toBeUndefined();
    expect(joined((await importFile(file('dupids.jsonl', lines.slice(0, 1)))).analysis)).toEqual([]);
    // A file that gives no ids (its records' ids are made from their texts) has none to lose: nothing said.
    const plain = await importFile(file('plain.jsonl', [{ text: 'Same text', label: [[0, 4, 'claim']] }]), 'doccano');
    expect(joined(plain.analysis)).toEqual([]);
  });

  it('says that Label Studio numbers its tasks from 1 only of a Label Studio file whose ids were used', async () => {
    const doccano = await importFile(file('b.jsonl', [{ id: 'd1', text: 'A doccano text', label: [] }]), 'doccano');
    expect(doccano.analysis.notes).toEqual([
      expect.stringMatching(/^1 record has an id already used by another text, so it is stored as a new document/u),
    ]);
    const task = { id: 'd1', data: { text: 'A Label Studio task' }, annotations: [] };
    const studio = await importFile(file('project.json', JSON.stringify([task])), 'labelstudio');
    expect(studio.analysis.notes).toContainEqual(
      expect.stringMatching(
        /^1 record has an id already used by another text \(Label Studio numbers the tasks of every project from 1\), so/u,
      ),
    );
  });

  it('lists at most 20 errors and counts the rest', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => `{"id": "${index}"`).join('\n');
    const { analysis } = await importFile(file('many.jsonl', lines));
    expect(analysis.errors).toHaveLength(20);
    expect(analysis.errorCount).toBe(30);
  });

  it('rolls back every batch already written when a later write fails', async () => {
    const before = await snapshot();
    const job = new FileImport(database, bigFile(), options());
    expect((await job.analyse()).errorCount).toBe(0);
    let written = 0;
    database.spans.hook('creating', () => {
      written++;
      if (written > 1500) throw new Error('QuotaExceededError: simulated full disk');
    });
    await expect(job.commit()).rejects.toThrow(/simulated full disk/u);
    expect(await snapshot()).toEqual(before);
  });

  it('stores nothing when cancelled while writing, after batches were written', async () => {
    const before = await snapshot();
    const cancel = new AbortController();
    const job = new FileImport(database, bigFile(), {
      ...options(),
      signal: cancel.signal,
      // The user presses Cancel once the first batch is in.
      onProgress: (progress) => progress.phase === 'writing' && progress.done > 0 && cancel.abort(),
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await expect(job.commit()).rejects.toThrow(/abort/iu);
    expect(await snapshot()).toEqual(before);
  });

  it('stops checking a file when cancelled, with nothing stored', async () => {
    const before = await snapshot();
    const cancel = new AbortController();
    cancel.abort();
    const job = new FileImport(database, file('one.jsonl', [{ id: 'x', text: 'x', spans: [] }]), {
      ...options(),
      signal: cancel.signal,
    });
    await expect(job.analyse()).rejects.toThrow(/abort/iu);
    expect(await snapshot()).toEqual(before);
  });

  it('imports doccano, Label Studio and plain text through detection', async () => {
    const doccano = file('d.jsonl', [{ id: 7, text: 'Kim met Putin', label: [[8, 13, 'claim']] }]);
    expect(await detectFileFormat(doccano)).toBe('doccano');
    expect((await importFile(doccano, 'doccano')).result).toMatchObject({ documentsAdded: 1, spansAdded: 1 });
    expect(await database.spans.where('documentId').equals('7').first()).toMatchObject({
      start: 8,
      end: 13,
      text: 'Putin',
      annotator: 'me',
    });

    const studio = file(
      'ls.json',
      JSON.stringify([
        {
          id: 'ls1',
          data: { text: 'Shoigu visited' },
          annotations: [
            {
              completed_by: 'bea',
              result: [
                {
                  id: 'r',
                  from_name: 'label',
                  to_name: 'text',
                  type: 'labels',
                  value: { start: 7, end: 14, text: 'visited', labels: ['visit'] },
                },
              ],
            },
          ],
        },
      ]),
    );
    expect(await detectFileFormat(studio)).toBe('labelstudio');
    expect((await importFile(studio, 'labelstudio')).result).toMatchObject({ documentsAdded: 1, spansAdded: 1 });

    const text = file('notes.txt', 'Just a plain text document\n');
    expect(await detectFileFormat(text)).toBe('text');
    expect((await importFile(text, 'text')).result).toMatchObject({ documentsAdded: 1 });
    expect((await database.documents.get('notes'))?.text).toBe('Just a plain text document\n');
  });
});

describe('export', () => {
  const exportText = async (overrides: Partial<ExportOptions> = {}) =>
    (
      await exportRecords(database, {
        format: 'native',
        unit: 'codepoint',
        scope: 'all',
        annotator: 'me',
        unlabelled: 'none',
        ...overrides,
      })
    ).blob.text();

  it('writes code point offsets that slice to each span, and UTF-16 when asked', async () => {
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'me',
      ...cp('Pyongyang'),
      label: 'visit',
      text: 'Pyongyang',
    });
    await createSpan(database, { documentId: 'd1', annotator: 'me', ...cp('Kim'), label: 'claim', text: 'Kim' });
    await setStatus(database, 'd1', 'me', 'done');
    const line = JSON.parse((await exportText()).trim());
    expect(Object.keys(line)).toEqual(['id', 'text', 'spans', 'annotator', 'status', 'meta']);
    expect(line.spans.map((span: { label: string }) => span.label)).toEqual(['claim', 'visit']);
    for (const span of line.spans) expect([...TEXT].slice(span.start, span.end).join('')).toBe(span.text);
    const utf16 = JSON.parse((await exportText({ unit: 'utf16' })).trim());
    for (const span of utf16.spans) expect(TEXT.slice(span.start, span.end)).toBe(span.text);
    expect(utf16.spans[1].start).toBeGreaterThan(line.spans[1].start);
  });

  it('stops when cancelled between pages of documents, and gives no file', async () => {
    await database.documents.bulkAdd(
      Array.from({ length: 2500 }, (_, index) => ({
        id: `many-${index}`,
        title: `M${index}`,
        text: `text ${index}`,
        source: 's',
        meta: {},
        order: index + 1,
        created: 1,
        fingerprint: textFingerprint(`text ${index}`),
      })),
    );
    const cancel = new AbortController();
    const pages: number[] = [];
    await expect(
      exportText({
        unlabelled: 'all',
        signal: cancel.signal,
        onProgress: (done) => {
          pages.push(done);
          cancel.abort();
        },
      }),
    ).rejects.toThrow(/abort/iu);
    // One page of documents was read (the export reads 100 at a time), then it stopped before the rest.
    expect(pages.length).toBe(1);
    expect(pages[0]).toBeLessThan(2501);
  });

  it('exports every span and status of a layer however many rows it has, read in bounded pieces', async () => {
    // 1,100 documents; "most" has two spans in each and a done status on each (1,100 status rows),
    // "some" one span in each (over one read, but a minority of the table), "few" five spans.
    const ids = Array.from({ length: 1100 }, (_, index) => `p-${String(index).padStart(4, '0')}`);
    await database.documents.bulkAdd(
      ids.map((id, index) => ({
        id,
        title: id,
        text: `words of ${id}`,
        source: 's',
        meta: {},
        order: index + 1,
        created: 1,
        fingerprint: textFingerprint(`words of ${id}`),
      })),
    );
    const span = (documentId: string, annotator: string, start: number) => ({
      id: `${annotator}-${documentId}-${start}`,
      documentId,
      annotator,
      start,
      end: start + 1,
      label: 'claim',
      text: `words of ${documentId}`.slice(start, start + 1),
      created: 1,
      updated: 1,
    });
    const layers = {
      most: ids.flatMap((id) => [span(id, 'most', 0), span(id, 'most', 2)]),
      some: ids.map((id) => span(id, 'some', 1)),
      few: ids.slice(0, 5).map((id) => span(id, 'few', 3)),
    };
    await database.spans.bulkAdd([...layers.most, ...layers.some, ...layers.few]);
    await database.statuses.bulkAdd(
      ids.map((id) => summarize('most', id, [{ label: 'claim' }, { label: 'claim' }], 'done', 1)),
    );
    const lines = async (annotator: string) =>
      (await exportText({ annotator }))
        .trim()
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { id: string; annotator: string; status: string; spans: { start: number }[] },
        );
    for (const [annotator, rows] of Object.entries(layers)) {
      const exported = await lines(annotator);
      const expected = ids.filter((id) => rows.some((row) => row.documentId === id));
      expect(exported.map((line) => line.id)).toEqual(expected);
      expect(exported.flatMap((line) => line.spans.map((place) => `${line.id}@${place.start}`))).toEqual(
        rows.map((row) => `${row.documentId}@${row.start}`),
      );
      expect(new Set(exported.map((line) => line.status))).toEqual(new Set([annotator === 'most' ? 'done' : 'todo']));
    }
    const everyone = await lines('all');
    expect(everyone).toHaveLength(1100 + 1100 + 5);
    expect(everyone.reduce((sum, line) => sum + line.spans.length, 0)).toBe(2200 + 1100 + 5);
  });

  it('filters by scope and annotator, and includes unlabelled documents when asked', async () => {
    await database.documents.add({
      id: 'd2',
      title: 'T2',
      text: 'second',
      source: 's',
      meta: {},
      order: 1,
      created: 1,
      fingerprint: textFingerprint('second'),
    });
    await createSpan(database, { documentId: 'd1', annotator: 'me', start: 0, end: 3, label: 'claim', text: 'Kim' });
    await createSpan(database, {
      documentId: 'd2',
      annotator: 'bea',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'second',
    });
    const ids = async (overrides: Partial<ExportOptions>) =>
      (await exportText(overrides))
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => `${JSON.parse(line).id}/${JSON.parse(line).annotator}`);
    expect(await ids({})).toEqual(['d1/me']);
    expect(await ids({ unlabelled: 'all' })).toEqual(['d1/me', 'd2/me']);
    expect(await ids({ annotator: 'all' })).toEqual(['d1/me', 'd2/bea']);
    // A span the reviewer rejected is a decision, and no training file carries it; gold does.
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'gold:rejected',
      start: 0,
      end: 3,
      label: 'claim',
      text: 'Kim',
    });
    await createSpan(database, {
      documentId: 'd2',
      annotator: 'gold',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'second',
    });
    expect(await ids({ annotator: 'all' })).toEqual(['d1/me', 'd2/bea', 'd2/gold']);
    expect(await ids({ scope: 'done' })).toEqual([]);
    await setStatus(database, 'd1', 'me', 'done');
    expect(await ids({ scope: 'done' })).toEqual(['d1/me']);
    expect(await ids({ scope: 'current', currentDocumentId: 'd2', annotator: 'bea' })).toEqual(['d2/bea']);
  });

  it('round-trips: export, import into an empty database, export again is byte-identical', async () => {
    await createSpan(database, { documentId: 'd1', annotator: 'me', ...cp('🇷🇺'), label: 'claim', text: '🇷🇺' });
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'bea',
      ...cp('Kim 🙂 met'),
      label: 'visit',
      text: 'Kim 🙂 met',
    });
    for (const format of ['native', 'doccano', 'labelstudio'] as const) {
      const first = await exportText({ format, annotator: 'all' });
      const target = new SpanwrightDatabase(`io-target-${Math.random()}`);
      const job = new FileImport(target, file(`x.${format === 'labelstudio' ? 'json' : 'jsonl'}`, first), {
        format,
        defaultAnnotator: 'me',
      });
      expect((await job.analyse()).errors).toEqual([]);
      await job.commit();
      const second = await (
        await exportRecords(target, {
          format,
          unit: 'codepoint',
          scope: 'all',
          annotator: 'all',
          unlabelled: 'none',
        })
      ).blob.text();
      expect(second).toBe(first);
      await target.delete();
    }
  });

  it('reads a brat export of every layer back into each annotator’s layer, a folder each, names and labels as they were', async () => {
    await createSpan(database, { documentId: 'd1', annotator: 'me', ...cp('Kim'), label: 'claim', text: 'Kim' });
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'Bea Ng',
      ...cp('Putin'),
      label: 'visit',
      text: 'Putin',
    });
    // Labels brat cannot spell: each written as a type, and named back (helper-163 found them doubled on re-import).
    for (const [order, name] of ['my label', '<b>x</b>'].entries()) {
      await database.labels.add({ name, colour: '#777777', hotkey: '', description: '', order: 10 + order });
      await createSpan(database, {
        documentId: 'd1',
        annotator: 'ann@x.org',
        ...cp('Shoigu'),
        label: name,
        text: 'Shoigu',
      });
    }
    const options = { format: 'brat', unit: 'codepoint', scope: 'all', annotator: 'all', unlabelled: 'none' } as const;
    const check = await checkExport(database, options);
    expect(check.losses.map((loss) => `${loss.what}: ${loss.examples?.join()}`)).toEqual([
      // No layer is marked done: each goes as a finished one, and the check says so.
      expect.stringMatching(/^documents not marked done \(to do\): .* \(Bea Ng\),.* \(ann@x\.org\),.* \(me\)$/u),
      'annotator names changed into folder names: "Bea Ng" → "Bea_Ng","ann@x.org" → "ann_x.org"',
      'labels renamed: "<b>x</b>" → "_b_x_b_","my label" → "my_label"',
    ]);
    const { blob } = await exportRecords(database, options);
    const { sources } = await sourcesOf([new File([blob], 'corpus-brat.zip')]);
    expect(sources[0].files.map((file) => file.name)).toEqual([
      'Bea_Ng/d1.txt',
      'Bea_Ng/d1.ann',
      'ann_x.org/d1.txt',
      'ann_x.org/d1.ann',
      'me/d1.txt',
      'me/d1.ann',
      'annotation.conf',
      'visual.conf',
    ]);
    const target = new SpanwrightDatabase(`io-brat-${Math.random()}`);
    const job = new FileImport(target, sources[0], { format: 'brat', defaultAnnotator: 'me' });
    const analysis = await job.analyse();
    expect(analysis.errors).toEqual([]);
    expect(analysis.annotators).toEqual(['Bea Ng', 'ann@x.org', 'me']);
    await job.commit();
    expect((await target.documents.toArray()).map((document) => document.id)).toEqual(['d1']);
    expect((await target.spans.toArray()).map((span) => `${span.annotator} ${span.label} ${span.text}`).sort()).toEqual(
      ['Bea Ng visit Putin', 'ann@x.org <b>x</b> Shoigu', 'ann@x.org my label Shoigu', 'me claim Kim'],
    );
    // Into the store it came from: nothing new.
    const again = new FileImport(database, sources[0], { format: 'brat', defaultAnnotator: 'me' });
    await again.analyse();
    await again.commit();
    expect(await database.spans.count()).toBe(4);
    await target.delete();
  });

  it('names the file after corpus, annotator, date and format, so two formats of one layer never share a name', () => {
    const day = new Date('2026-11-22T10:00:00Z');
    expect(exportFileName('default', 'bea <x>', 'native', day)).toBe('default-bea_x-2026-11-22-spanwright.jsonl');
    // One document (the open one): its id in the name, so exports of several documents do not share one.
    // Plain text: the text alone, whoever's layer the dialog names (helper-166).
    expect(exportFileName('default', 'all', 'text', day, 'codepoint', false, 'ar news/1')).toBe(
      'default-2026-11-22-ar_news_1-text.txt',
    );
    expect(exportFileName('default', 'bea', 'text', day, 'codepoint', false, 'd1')).toBe(
      'default-2026-11-22-d1-text.txt',
    );
    // CoNLL, Hugging Face and spaCy files split at white space are named apart from those of Spanwright's words.
    expect(exportFileName('default', 'bea', 'conll', day, 'codepoint', false, null, 'spaces')).toBe(
      'default-bea-2026-11-22-conll-spaces.conll',
    );
    expect(exportFileName('default', 'bea', 'conll', day)).toBe('default-bea-2026-11-22-conll.conll');
    expect(exportFileName('default', 'bea', 'native', day, 'codepoint', false, null, 'spaces')).toBe(
      'default-bea-2026-11-22-spanwright.jsonl',
    );
    expect(exportFileName('default', 'all', 'labelstudio', day)).toBe(
      'default-all-annotators-2026-11-22-labelstudio.json',
    );
    expect(exportFileName('default', 'bea', 'native', day, 'utf16')).toBe(
      'default-bea-2026-11-22-spanwright-utf16.jsonl',
    );
    // Only native JSONL has a unit to choose: doccano counts code points whatever is asked.
    expect(exportFileName('default', 'bea', 'doccano', day, 'utf16')).toBe('default-bea-2026-11-22-doccano.jsonl');
    expect(exportFileName('default', 'bea', 'brat', day, 'codepoint', true)).toBe('default-bea-2026-11-22-brat.zip');
  });
});

describe('backup', () => {
  it('restores everything from a backup, verified by a round trip', async () => {
    const span = await createSpan(database, {
      documentId: 'd1',
      annotator: 'me',
      start: 0,
      end: 3,
      label: 'claim',
      text: 'Kim',
    });
    // An example mark and the time a document was finished travel with the backup.
    await setSpanExample(database, span.id, true, 5);
    await setStatus(database, 'd1', 'me', 'done', 7);
    await database.settings.put({ key: 'annotator', value: 'me' });
    // A suggestion waiting in the layer (a pattern run's) travels too.
    const suggestion = {
      id: 'sg1',
      documentId: 'd1',
      annotator: 'me',
      start: 6,
      end: 9,
      label: 'visit',
      text: 'met',
      source: 'pattern:met',
      created: 6,
    };
    await database.suggestions.add(suggestion);
    const backup = await exportBackup(database, new Date('2026-11-22T00:00:00Z'));
    expect(await detectFileFormat(new File([backup], 'b.jsonl'))).toBe('backup');
    const target = new SpanwrightDatabase(`backup-${Math.random()}`);
    await target.documents.add({
      id: 'stale',
      title: 'x',
      text: 'x',
      source: 'x',
      meta: {},
      order: 0,
      created: 0,
      fingerprint: 'x',
    });
    const read = await readBackup(new File([backup], 'b.jsonl'));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await restoreBackup(target, read.value);
    const again = await exportBackup(target, new Date('2026-11-22T00:00:00Z'));
    expect(await again.text()).toBe(await backup.text());
    expect((await target.spans.get(span.id))?.example).toBe(true);
    expect((await target.statuses.get(['me', 'd1']))?.finished).toBe(7);
    expect(await target.suggestions.toArray()).toEqual([suggestion]);
    await target.delete();
  });

  it('refuses a broken backup with line numbers and keeps what is stored', async () => {
    const broken = [
      '{"spanwright_backup":1,"schema":2}',
      '{"table":"spans","row":{"id":"s","documentId":"nope","annotator":"a","start":3,"end":1,"label":"x","text":"t"}}',
      '{"table":"bogus","row":{}}',
    ].join('\n');
    const read = await readBackup(new File([broken], 'b.jsonl'));
    expect('errors' in read && read.errors.map((error) => error.line)).toEqual([2, 3]);
  });
});

describe('format detection', () => {
  it('detects a native file whose first record is far longer than the 64 KB head', async () => {
    const long = 'Kim met Putin. '.repeat(20_000); // 300 KB of text before the "spans" key
    const blob = new File(
      [
        `${JSON.stringify({ id: 'long', text: long, spans: [{ start: 0, end: 3, label: 'claim', text: 'Kim' }] })}\n{"id":"b","text":"x","spans":[]}`,
      ],
      'long.jsonl',
    );
    expect(await detectFileFormat(blob)).toBe('native');
    const doccano = new File([JSON.stringify({ id: 'long', text: long, label: [[0, 3, 'claim']] })], 'long.jsonl');
    expect(await detectFileFormat(doccano)).toBe('doccano');
  });
});
