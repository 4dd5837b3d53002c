import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { Document } from '../../src/lib/model/types';
import type { SpanwrightDatabase } from '../../src/lib/storage/database';
import { createSpan } from '../../src/lib/storage/spans';

/** The one document the Review's unit tests compare layers on: an emoji before Putin, so code points count. */
export const TEXT = 'Kim 🙂 met Putin in Vladivostok.';

/** Where `needle` starts in {@link TEXT}, in code points. */
export const at = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

export const reviewDocument: Document = {
  id: 'd',
  title: 'D',
  text: TEXT,
  source: 's',
  meta: {},
  order: 0,
  created: 0,
  fingerprint: textFingerprint(TEXT),
};

/** When the tests' annotators draw their spans: before any decision of the tests' reviews (whose clocks start later). */
export const DRAWN = 1_000;

/** Stores `annotator`'s span over the first `needle` of the document, labelled `label`, drawn at `now`. */
export const spanOn = (database: SpanwrightDatabase, annotator: string, needle: string, label: string, now = DRAWN) =>
  createSpan(
    database,
    {
      documentId: reviewDocument.id,
      annotator,
      start: at(needle),
      end: at(needle) + [...needle].length,
      label,
      text: needle,
    },
    now,
  );
