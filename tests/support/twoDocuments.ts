import { afterEach } from 'vitest';
import { textFingerprint } from '../../src/lib/model/fingerprint';
import { DEFAULT_LABELS } from '../../src/lib/model/labels';
import type { Document } from '../../src/lib/model/types';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { Review } from '../../src/lib/state/review.svelte';
import type { ReviewContext } from '../../src/lib/state/reviewTypes';
import { createSpan } from '../../src/lib/storage/spans';
import { Store } from '../../src/lib/storage/store';

/** Two short documents, d1 and d2, for the Review's tests of who worked on what. */
export const texts = { d1: 'Kim met Putin in Vladivostok.', d2: 'Lavrov denied the visit to Pyongyang.' };
export const documents: Document[] = Object.entries(texts).map(([id, text], order) => ({
  id,
  title: id,
  text,
  source: 's',
  meta: {},
  order,
  created: 0,
  fingerprint: textFingerprint(text),
}));

/** A fresh database holding the two documents and the default labels (a span is stored only under a label the set holds). */
export async function twoDocumentDatabase(name: string): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`${name}-${Math.random()}`);
  await database.documents.bulkAdd(documents);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  return database;
}

/** Stores `annotator`'s span over the first `needle` in document `documentId`. */
export function spanIn(
  database: SpanwrightDatabase,
  annotator: string,
  documentId: keyof typeof texts,
  needle: string,
  label: string,
) {
  const text = texts[documentId];
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return createSpan(database, { documentId, annotator, start, end: start + [...needle].length, label, text: needle });
}

/**
 * For a test file: each test opens its own database of the two documents (`open`), stores spans in
 * it (`span`), and registers what to stop after it (`stops`); both are undone after each test.
 */
export function useTwoDocuments(name: string) {
  let database: SpanwrightDatabase | null = null;
  const stops: (() => void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await database?.delete();
    database = null;
  });
  const opened = (): SpanwrightDatabase => {
    if (!database) throw new Error('open() the database first');
    return database;
  };
  return {
    stops,
    open: async () => (database = await twoDocumentDatabase(name)),
    /**
     * A Review page on the database (reviewer "rev", ann as A and bea as B), started; stopped after
     * the test. `store`: another store over it (one whose writes fail); `notify`: the status line.
     */
    review: async ({
      store,
      notify = () => {},
      now = 1,
      journal,
    }: { store?: Store; notify?: (text: string) => void; now?: number; journal?: ReviewContext['journal'] } = {}) => {
      const review = new Review({
        store: store ?? new Store(opened()),
        documents: () => documents,
        reviewer: () => 'rev',
        now: () => now,
        notify,
        journal,
      });
      stops.push(() => review.stop());
      await review.start();
      await review.choose('a', 'ann');
      await review.choose('b', 'bea');
      return review;
    },
    span: (annotator: string, documentId: keyof typeof texts, needle: string, label: string) =>
      spanIn(opened(), annotator, documentId, needle, label),
  };
}
