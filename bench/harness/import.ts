/**
 * Import in the harness page: the app's import (analyse, then commit; in a Worker) into a fresh database,
 * the bare Dexie bulkPut baseline of the same rows, and a breakdown in the importer's batches.
 */
import { CODE_POINTS } from '../../src/lib/formats/offsetReadings';
import { FileStore } from '../../src/lib/storage/fileStore';
import { BENCH_ANNOTATOR } from '../generate.js';
import { corpus, dropDatabase, freshDatabase, storedRows } from './corpus';
import { watchLongTasks, type LongTasks } from './longTasks';

export interface ImportTiming extends Partial<LongTasks> {
  ms: number;
  analyseMs?: number;
  commitMs?: number;
  documents: number;
  spans: number;
}

/** The prepared corpus as doccano JSONL (`{"id","text","label":[[start, end, label]…]}`), built once. */
let doccano: { records: unknown[]; file: File } | null = null;
function doccanoCorpus(): File {
  if (doccano?.records === corpus.records) return doccano.file;
  if (corpus.records.length === 0) throw new Error('prepareCorpus with keepRecords first');
  const lines = corpus.records.map((record) =>
    JSON.stringify({
      id: record.id,
      text: record.text,
      label: record.spans.map((span) => [span.start, span.end, span.label]),
    }),
  );
  doccano = { records: corpus.records, file: new File([lines.join('\n')], 'bench-doccano.jsonl') };
  return doccano.file;
}

/**
 * The prepared corpus as one Label Studio JSON array, minified on one line (the hardest shape to read
 * in slices: no line ends to stop at), built once.
 */
let labelStudio: { records: unknown[]; file: File } | null = null;
function labelStudioCorpus(): File {
  if (labelStudio?.records === corpus.records) return labelStudio.file;
  if (corpus.records.length === 0) throw new Error('prepareCorpus with keepRecords first');
  const tasks = corpus.records.map((record, index) => ({
    id: index + 1,
    data: { text: record.text },
    meta: { id: record.id },
    annotations: [
      {
        completed_by: BENCH_ANNOTATOR,
        result: record.spans.map((span, spanIndex) => ({
          id: `${index}-${spanIndex}`,
          from_name: 'label',
          to_name: 'text',
          type: 'labels',
          value: { start: span.start, end: span.end, text: span.text, labels: [span.label] },
        })),
      },
    ],
  }));
  labelStudio = { records: corpus.records, file: new File([JSON.stringify(tasks)], 'bench-labelstudio.json') };
  return labelStudio.file;
}

/**
 * Imports the prepared file through the app's import path, as the Import dialog runs it
 * (`FileStore.importFile`: in a Worker, analyse() then commit()).
 * `doccano`: the same corpus written as doccano JSONL (its spans carry no quotes); `labelstudio`: as
 * one Label Studio JSON array.
 */
export async function importWithApp(format: 'native' | 'doccano' | 'labelstudio' = 'native'): Promise<ImportTiming> {
  if (!corpus.file) throw new Error('prepareCorpus first');
  const file = format === 'doccano' ? doccanoCorpus() : format === 'labelstudio' ? labelStudioCorpus() : corpus.file;
  const database = await freshDatabase();
  try {
    const stopWatching = watchLongTasks();
    performance.mark('bench:start'); // bench/taskCpu.js reads the tasks between the marks from its trace
    const started = performance.now();
    const job = new FileStore(database).importFile(file, {
      format,
      reading: CODE_POINTS,
      defaultAnnotator: BENCH_ANNOTATOR,
    });
    const analysis = await job.analyse();
    const analysed = performance.now();
    if (analysis.errorCount > 0)
      throw new Error(`the bench file has errors: ${JSON.stringify(analysis.errors.slice(0, 3))}`);
    const result = await job.commit();
    const finished = performance.now();
    performance.mark('bench:end');
    return {
      ...(await stopWatching()),
      ms: finished - started,
      analyseMs: analysed - started,
      commitMs: finished - analysed,
      documents: result.documentsAdded,
      spans: result.spansAdded,
    };
  } finally {
    await dropDatabase(database);
  }
}

/** Baseline: the same document and span rows written with a bare `bulkPut`, in one transaction. */
export async function importWithBulkPut(): Promise<ImportTiming> {
  const { documents, spans } = storedRows();
  const database = await freshDatabase();
  try {
    const started = performance.now();
    await database.transaction('rw', [database.documents, database.spans], async () => {
      await database.documents.bulkPut(documents);
      await database.spans.bulkPut(spans);
    });
    return { ms: performance.now() - started, documents: documents.length, spans: spans.length };
  } finally {
    await dropDatabase(database);
  }
}

/**
 * Not a baseline, a breakdown: the rows the app writes (documents, spans and layer summaries) in
 * transactions of 1,000 records as the importer batches them, with nothing read or checked. The
 * gap to `importWithBulkPut` is the storage shape; the gap to `importWithApp` is the importer's code.
 */
export async function importWithBatchedBulkPut(): Promise<ImportTiming> {
  const { documents, spans, statuses } = storedRows();
  const database = await freshDatabase();
  const batch = 1000;
  try {
    const started = performance.now();
    let spanAt = 0;
    for (let from = 0; from < documents.length; from += batch) {
      const to = Math.min(documents.length, from + batch);
      const lastDocument = documents[to - 1].id;
      let spanTo = spanAt;
      while (spanTo < spans.length && spans[spanTo].documentId <= lastDocument) spanTo++;
      await database.transaction('rw', [database.documents, database.spans, database.statuses], async () => {
        await database.documents.bulkPut(documents.slice(from, to));
        await database.spans.bulkPut(spans.slice(spanAt, spanTo));
        await database.statuses.bulkPut(statuses.slice(from, to));
      });
      spanAt = spanTo;
    }
    return { ms: performance.now() - started, documents: documents.length, spans: spanAt };
  } finally {
    await dropDatabase(database);
  }
}
