import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { Document } from '../../src/lib/model/types';

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
