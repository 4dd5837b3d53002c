/**
 * Seeds the app's own database (`spanwright`, opened in this page at the app's origin) with a
 * generated corpus in large transactions, writing the rows an import of the same native JSONL
 * would write: each line parsed by the native format, documents and their heads through
 * `addDocuments`, the layer's spans, its summary by `summarize`, the labels the spans bring, and a
 * change row per batch. Far faster than the import dialog's short requests; used by the startup
 * group to measure a start with 100,000 stored documents.
 */
import { parseNativeLine } from '../../src/lib/formats/native';
import { textFingerprint } from '../../src/lib/model/fingerprint';
import { newLabel } from '../../src/lib/model/labels';
import type { Document, DocumentStatus, Label, Span } from '../../src/lib/model/types';
import { logChange } from '../../src/lib/storage/changes';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { addDocuments } from '../../src/lib/storage/documentRows';
import { summarize } from '../../src/lib/storage/spans';
import { createRandom, generateRecord, nativeLine } from '../generate.js';

export interface SeedOptions {
  seed: number;
  documents: number;
  /** UTF-16 length of each document's text (about). */
  length: number;
  spansPerDocument: number;
  /** Documents per transaction. */
  batch: number;
  /** The file name the rows' `source` names, as the import dialog would. */
  fileName: string;
}

export interface SeedSummary {
  documents: number;
  spans: number;
  /** UTF-16 units of text stored. */
  textUnits: number;
  ms: number;
  /** Documents stored before the seed (the default corpus). */
  before: number;
}

/** Adds `options.documents` generated documents after the ones stored, `options.batch` per transaction. */
export async function seedAppDatabase(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const database = new SpanwrightDatabase();
  await database.open();
  try {
    const labels = await database.labels.toArray();
    const known = new Set(labels.map((label) => label.name));
    const before = await database.documents.count();
    let order = ((await database.documents.orderBy('order').last())?.order ?? -1) + 1;
    const random = createRandom(options.seed);
    const now = Date.now();
    let spanTotal = 0;
    let textUnits = 0;
    for (let from = 0; from < options.documents; from += options.batch) {
      const documents: Document[] = [];
      const spans: Span[] = [];
      const summaries: DocumentStatus[] = [];
      const count = Math.min(options.batch, options.documents - from);
      for (let index = from; index < from + count; index++) {
        const { record: generated } = generateRecord(random, {
          id: `seed-${String(index).padStart(6, '0')}`,
          length: options.length,
          spans: options.spansPerDocument,
        });
        const parsed = parseNativeLine(nativeLine(generated), index + 1);
        if (!('value' in parsed)) throw new Error(`line ${index + 1}: ${JSON.stringify(parsed.errors)}`);
        const record = parsed.value;
        const annotator = record.annotator ?? 'annotator';
        documents.push({
          id: record.id,
          title: record.title,
          text: record.text,
          meta: record.meta,
          source: `import:${options.fileName}`,
          order: order++,
          created: now,
          fingerprint: textFingerprint(record.text),
        });
        const layer = record.spans.map((span): Span => ({
          id: globalThis.crypto.randomUUID(),
          documentId: record.id,
          annotator,
          ...span,
          created: now,
          updated: now,
        }));
        spans.push(...layer);
        summaries.push(summarize(annotator, record.id, layer, record.status ?? 'todo', now));
        textUnits += record.text.length;
      }
      const added: Label[] = [];
      for (const span of spans) {
        if (known.has(span.label)) continue;
        known.add(span.label);
        const label = newLabel(span.label, labels);
        labels.push(label);
        added.push(label);
      }
      await database.transaction(
        'rw',
        [database.documents, database.heads, database.spans, database.statuses, database.labels, database.changes],
        async () => {
          await Promise.all([
            addDocuments(database, documents),
            database.spans.bulkAdd(spans),
            database.statuses.bulkPut(summaries),
            database.labels.bulkAdd(added),
            logChange(
              database,
              summaries.map((summary) => [summary.annotator, summary.documentId] as const),
            ),
          ]);
        },
      );
      spanTotal += spans.length;
    }
    return { documents: options.documents, spans: spanTotal, textUnits, ms: performance.now() - started, before };
  } finally {
    database.close();
  }
}
