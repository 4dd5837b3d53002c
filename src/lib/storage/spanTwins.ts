/**
 * Twins: two spans of one layer at the same place with the same label. A tab checks its own list
 * before it writes, but that list lags what another tab (or an undo of a step another tab has since
 * redone by hand) wrote a moment before; exports would then carry the span twice. So every span
 * write checks the stored layer in its own transaction, where writes of all tabs take turns.
 */
import { spanKey } from '../model/spanIdentity';
import type { Span } from '../model/types';
import type { SpanwrightDatabase } from './database';

type Placed = Pick<Span, 'id' | 'documentId' | 'annotator' | 'start' | 'end' | 'label'>;

const PLACE_INDEX = '[documentId+annotator+start+end]';
const placeOf = (span: Placed) => [span.documentId, span.annotator, span.start, span.end];
const layerPlace = (span: Placed) => `${span.documentId}\u0000${span.annotator}\u0000${spanKey(span)}`;

/** The stored span at `span`'s place with its label but another id, if any (inside a transaction over spans). */
export async function storedTwin(database: SpanwrightDatabase, span: Placed): Promise<Span | undefined> {
  const here = await database.spans.where(PLACE_INDEX).equals(placeOf(span)).toArray();
  return here.find((stored) => stored.id !== span.id && stored.label === span.label);
}

/**
 * Splits `spans` into those to write and those that would be a twin: of a stored span with another
 * id, or of one earlier in `spans` (inside a transaction over spans).
 */
export async function withoutTwins<T extends Placed>(
  database: SpanwrightDatabase,
  spans: readonly T[],
): Promise<{ kept: T[]; twins: T[] }> {
  const stored = await database.spans.where(PLACE_INDEX).anyOf(spans.map(placeOf)).toArray();
  const ids = new Set(spans.map((span) => span.id));
  // A stored row that one of `spans` replaces (the same id) is not a twin of it.
  const taken = new Set(stored.filter((span) => !ids.has(span.id)).map(layerPlace));
  const kept: T[] = [];
  const twins: T[] = [];
  for (const span of spans) {
    const place = layerPlace(span);
    if (taken.has(place)) twins.push(span);
    else {
      taken.add(place);
      kept.push(span);
    }
  }
  return { kept, twins };
}
