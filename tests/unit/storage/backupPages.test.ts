import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import type { DocumentStatus, Span } from '../../../src/lib/model/types';
import { BACKUP_ATTEMPTS, exportBackup, readBackup } from '../../../src/lib/storage/backup';
import { validateRow } from '../../../src/lib/storage/backupRows';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { createSpan, summarize } from '../../../src/lib/storage/spans';

// A backup is read a page of rows at a time (issue 16: no export may freeze the page), yet it must
// be one state of the database, in the order a whole-table read gives, restorable line by line.

let database: SpanwrightDatabase;
const DOCUMENTS = 260; // three pages of documents
const ANNOTATORS = ['ann', 'bob', 'cai', 'dee']; // 1,040 summaries: two pages
const TEXT = (index: number) => `Doc ${index}: Shoigu 🇷🇺 met Kim in Pyongyang.\r\nThe café said no.`;

beforeEach(async () => {
  database = new SpanwrightDatabase(`backup-pages-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  const documents = Array.from({ length: DOCUMENTS }, (_, index) => ({
    id: `d${String(index).padStart(4, '0')}`,
    title: `Document ${index}`,
    text: TEXT(index),
    source: 'test',
    meta: {},
    order: DOCUMENTS - index, // the list order is not the id order
    created: 1,
    fingerprint: textFingerprint(TEXT(index)),
  }));
  await database.transaction('rw', [database.documents, database.heads], () => addDocuments(database, documents));
  const spans: Span[] = [];
  const statuses: DocumentStatus[] = [];
  for (const document of documents)
    for (const annotator of ANNOTATORS) {
      const start = document.text.indexOf('Shoigu');
      const layer = [
        { start, end: start + 6, label: 'claim', text: 'Shoigu' },
        { start: start + 7, end: start + 9, label: 'visit', text: '🇷🇺' }, // offsets in code points
      ].map((place, index) => ({
        id: `${annotator}-${document.id}-${index}`,
        documentId: document.id,
        annotator,
        ...place,
        created: 2,
        updated: 2,
      }));
      spans.push(...layer);
      statuses.push(summarize(annotator, document.id, layer, 'todo', 3));
    }
  await database.spans.bulkAdd(spans);
  await database.statuses.bulkAdd(statuses);
  await database.settings.put({ key: 'annotator', value: 'ann' });
  // 1,040 suggestions waiting (one per layer): two pages.
  await database.suggestions.bulkAdd(
    spans
      .filter((span) => span.label === 'claim')
      .map((span) => ({
        ...span,
        id: `g-${span.id}`,
        label: 'denial',
        source: 'propagated',
        created: 4,
        updated: undefined,
      }))
      .map(({ updated: _updated, ...suggestion }) => suggestion),
  );
});
afterEach(async () => database.delete());

/** The backup as a whole-table read in one transaction writes it: the oracle the paged writer must equal. */
async function wholeTableBackup(created: Date): Promise<string> {
  return database.transaction('r', database.tables, async () => {
    const content = {
      documents: await database.documents.orderBy('order').toArray(),
      spans: await database.spans.toArray(),
      labels: await database.labels.orderBy('order').toArray(),
      statuses: (await database.statuses.toArray()).map(({ revision: _revision, ...rest }) => rest),
      settings: await database.settings.toArray(),
      suggestions: await database.suggestions.toArray(),
    };
    const tables = ['documents', 'spans', 'labels', 'statuses', 'settings', 'suggestions'] as const;
    const counts = Object.fromEntries(tables.map((table) => [table, content[table].length]));
    const lines = [
      // The schema of the last change to what a backup holds, not the database's own (v13's drafts are not in it).
      JSON.stringify({ spanwright_backup: 1, schema: 12, created: created.toISOString(), counts }),
    ];
    for (const table of tables)
      for (const row of content[table]) {
        const checked = validateRow(table, row);
        lines.push(JSON.stringify({ table, row: 'value' in checked ? checked.value : row }));
      }
    return `${lines.join('\n')}\n`;
  });
}

describe('a backup written a page at a time', () => {
  it('holds every row once, in the order of a whole-table read, and reads back', async () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const progress: [number, number][] = [];
    const backup = await exportBackup(database, created, { onProgress: (done, total) => progress.push([done, total]) });
    const text = await backup.text();
    expect(text).toBe(await wholeTableBackup(created));
    const rows =
      DOCUMENTS +
      DOCUMENTS * ANNOTATORS.length * 2 +
      DEFAULT_LABELS.length +
      DOCUMENTS * ANNOTATORS.length +
      1 +
      DOCUMENTS * ANNOTATORS.length;
    expect(text.trimEnd().split('\n')).toHaveLength(rows + 1);
    // Progress goes up page by page to every row: 3 pages of documents, 3 of spans, 1 of labels, 2 of
    // summaries, 1 of settings, 2 of suggestions.
    expect(progress).toHaveLength(12);
    expect(progress.at(-1)).toEqual([rows, rows]);
    expect(progress.every(([done], index) => index === 0 || done > progress[index - 1][0])).toBe(true);
    const read = await readBackup(new File([backup], 'backup.jsonl'));
    expect('value' in read && read.value.spans.length).toBe(DOCUMENTS * ANNOTATORS.length * 2);
    expect('value' in read && read.value.suggestions.length).toBe(DOCUMENTS * ANNOTATORS.length);
  });

  it('writes again when a span is stored between its pages, so the file is one state of the database', async () => {
    let stored = false;
    const backup = await exportBackup(database, new Date(), {
      onProgress: () => {
        if (stored) return;
        stored = true;
        void createSpan(database, {
          documentId: 'd0007',
          annotator: 'eve',
          start: 0,
          end: 3,
          label: 'denial',
          text: 'Doc',
        });
      },
    });
    const lines = (await backup.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const spans = lines.filter((line) => line.table === 'spans');
    expect(spans.some((line) => line.row.annotator === 'eve')).toBe(true);
    expect(lines[0].counts.spans).toBe(spans.length);
    expect(lines.filter((line) => line.table === 'statuses').some((line) => line.row.annotator === 'eve')).toBe(true);
  });

  it('writes the last attempt in one transaction when the data changes under every paged one', async () => {
    let writes = 0;
    const backup = await exportBackup(database, new Date(), {
      onProgress: (done) => {
        // On the first page of documents of each paged attempt (the last reads them whole: 260).
        if (done === 100)
          void database.transaction('rw', [database.spans, database.statuses, database.changes, database.labels], () =>
            createSpan(database, {
              documentId: 'd0003',
              annotator: `eve${writes++}`,
              start: 0,
              end: 3,
              label: 'claim',
              text: 'Doc',
            }),
          );
      },
    });
    expect(writes).toBe(BACKUP_ATTEMPTS - 1);
    const lines = (await backup.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const spans = lines.filter((line) => line.table === 'spans');
    // One state: every span stored before it began, in its header's count too.
    expect(spans.filter((line) => line.row.annotator.startsWith('eve'))).toHaveLength(BACKUP_ATTEMPTS - 1);
    expect(lines[0].counts.spans).toBe(spans.length);
    expect(lines[0].counts.statuses).toBe(lines.filter((line) => line.table === 'statuses').length);
  });
});
