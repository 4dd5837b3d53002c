/** The records an export writes for one page of documents, from their stored rows. */
import type { AnnotatedRecord } from '../formats/records';
import { sortSpans } from '../model/spanOrder';
import { REJECTED_ANNOTATOR, type Document, type DocumentStatus, type Span } from '../model/types';
import type { ExportScope } from './exportReads';

/** Which documents without a span in the chosen layer(s) an export writes (see `ExportOptions`). */
export type Unlabelled = 'done' | 'all' | 'none';

/** The records of one page of documents: one per document and chosen layer. */
export function pageRecords(
  documents: Document[],
  spans: Map<string, Span[]>,
  statuses: Map<string, DocumentStatus[]>,
  options: { annotator: string; scope: ExportScope; unlabelled: Unlabelled },
): AnnotatedRecord[] {
  const records: AnnotatedRecord[] = [];
  for (const document of documents) {
    const documentSpans = spans.get(document.id) ?? [];
    const layerStatuses = statuses.get(document.id) ?? [];
    const annotators =
      options.annotator === 'all'
        ? [
            ...new Set([
              ...layerStatuses.map((status) => status.annotator),
              ...documentSpans.map((span) => span.annotator),
            ]),
          ]
            // Spans a reviewer rejected are decisions, not anyone's labels: no training file carries them.
            .filter((annotator) => annotator !== REJECTED_ANNOTATOR)
            .sort()
        : [options.annotator];
    let wrote = false;
    for (const annotator of annotators) {
      const layer =
        options.annotator === 'all' ? documentSpans.filter((span) => span.annotator === annotator) : documentSpans;
      const status = layerStatuses.find((candidate) => candidate.annotator === annotator)?.status ?? 'todo';
      if (options.scope === 'done' && status !== 'done') continue;
      // Marked done or skipped without a span is a decision (nothing here; not for training): written
      // by default, a format without a status then counting the skipped ones it leaves out.
      if (layer.length === 0 && !(options.unlabelled === 'all' || (options.unlabelled === 'done' && status !== 'todo')))
        continue;
      records.push(toRecord(document, annotator, status, layer));
      wrote = true;
    }
    // A document nobody has touched, when unlabelled documents are wanted in an all-layers export.
    if (!wrote && annotators.length === 0 && options.unlabelled === 'all' && options.scope !== 'done') {
      records.push({
        id: document.id,
        text: document.text,
        title: document.title,
        annotator: null,
        status: null,
        spans: [],
        meta: document.meta,
      });
    }
  }
  return records;
}

function toRecord(
  document: Document,
  annotator: string,
  status: DocumentStatus['status'],
  layer: Span[],
): AnnotatedRecord {
  const spans = sortSpans(
    layer.map((span) => {
      const place = { start: span.start, end: span.end, label: span.label, text: span.text };
      if (!span.note && !span.source && !span.origin && !span.example) return place;
      return {
        ...place,
        ...(span.note ? { note: span.note } : {}),
        ...(span.source ? { source: span.source } : {}),
        ...(span.origin ? { origin: span.origin } : {}),
        ...(span.example ? { example: true as const } : {}),
      };
    }),
  );
  return { id: document.id, text: document.text, title: document.title, annotator, status, spans, meta: document.meta };
}
