import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Span, type SpanOrigin } from '../model/types';
import { samePlace, type SpanPlace } from '../model/spanIdentity';
import type { LocalStore } from '../storage/localStore';
import { sameDecision, type GoldDecision } from '../storage/review';
import type { Store } from '../storage/store';
import { readKeptAs } from './keptDrafts';

/**
 * A review decision being written, as kept in localStorage from its key until IndexedDB has it (`labelJournal.ts`
 * keeps labels so): decisions are written one after another, so a reload or a closed tab a moment after a few quick
 * keys took the last ones with it, unsaid (helper-213: 6 of 7 runs lost one or all). The document's text is not kept
 * (it is read again): only its id.
 */
export interface KeptDecision {
  decision: Omit<GoldDecision, 'document'> & { document: { id: string } };
  /** What it did, in the words of the status line ("Neither for “Kim”"). */
  what: string;
  tab: string;
  /** When its key was pressed (the clock gold is written with); `order`: its place among the tab's keys. */
  at: number;
  order: number;
}

export const DECISION_PREFIX = 'spanwright.decisionInFlight.';

let order = 0;

/** Keeps `decision` (synchronously) under `tab`: until the call it answers, once its write has ended. */
export function keepDecision(
  storage: LocalStore | undefined,
  tab: string,
  at: number,
  decision: GoldDecision,
  what: string,
): () => void {
  const key = `${DECISION_PREFIX}${tab}/${crypto.randomUUID()}`;
  const kept: KeptDecision = {
    decision: { ...decision, document: { id: decision.document.id } },
    what,
    tab,
    at,
    order,
  };
  order += 1;
  try {
    storage?.setItem(key, JSON.stringify(kept));
  } catch {
    // Storage full or refused: the decision is only as safe as IndexedDB makes it.
  }
  return () => {
    try {
      storage?.removeItem(key);
    } catch {
      // A storage that refuses holds nothing of ours.
    }
  };
}

/** Every kept decision of every tab, with its key; one that is not whole (damaged, another version's) is removed. */
export const keptDecisions = (storage: LocalStore | undefined): [string, KeptDecision][] =>
  readKeptAs(storage, DECISION_PREFIX, parsed);

function parsed(raw: string | null): KeptDecision | null {
  try {
    const kept = JSON.parse(raw ?? '') as Partial<KeptDecision> | null;
    const decision = kept?.decision;
    const lists = ['keep', 'drop', 'reject', 'unreject'] as const;
    const whole =
      typeof kept?.what === 'string' &&
      typeof kept.tab === 'string' &&
      Number.isFinite(kept.at) &&
      Number.isFinite(kept.order) &&
      typeof decision?.document?.id === 'string' &&
      lists.every((list) => Array.isArray(decision[list]));
    return whole ? (kept as KeptDecision) : null;
  } catch {
    return null;
  }
}

type Outcome = 'saved' | 'already' | 'changed' | 'document';

/**
 * Writes `kept`, left unwritten by a tab now gone: unless gold holds it already (its write had committed), or gold or
 * the rejected layer was written since its key at a place it decides on (decided again, in another tab: not written
 * over), or its document is gone.
 */
export async function writeKeptDecision(store: Store, kept: KeptDecision, now: number): Promise<Outcome> {
  const { decision, at } = kept;
  const document = await store.readDocument(decision.document.id);
  if (!document) return 'document';
  const [gold, rejected] = await Promise.all(
    [GOLD_ANNOTATOR, REJECTED_ANNOTATOR].map(async (layer) => (await store.readLayer(document.id, layer)).spans),
  );
  if (holds(decision, gold, rejected)) return 'already';
  const places = [
    ...decision.keep.map((one) => one.place),
    ...decision.drop,
    ...decision.reject.map((one) => one.place),
  ];
  const touched = [...gold, ...rejected].filter((span) => places.some((place) => samePlace(span, place)));
  // Decided after its key (by the time of the decision's key, not of its write: one of this tab's keys before it, written
  // late behind the queue or at this start, is not a change since).
  if (touched.some((span) => (span.origin?.at ?? span.updated) > at)) return 'changed';
  await store.decideInGold({ ...decision, document }, now);
  return 'saved';
}

/** True when gold and the rejected layer are as `decision` leaves them. */
function holds(decision: KeptDecision['decision'], gold: readonly Span[], rejected: readonly Span[]): boolean {
  const has = (layer: readonly Span[], { place, origin }: { place: SpanPlace; origin: SpanOrigin }) =>
    layer.some((span) => samePlace(span, place) && sameDecision(span.origin, origin));
  const kept = (place: SpanPlace) => decision.keep.some((one) => samePlace(one.place, place));
  return (
    decision.renew !== true && // decided again over a version drawn since: written again whatever gold holds
    decision.keep.every((one) => has(gold, one)) &&
    decision.reject.every((one) => has(rejected, one)) &&
    decision.drop.every((place) => kept(place) || !gold.some((span) => samePlace(span, place))) &&
    decision.unreject.every((place) => !rejected.some((span) => samePlace(span, place)))
  );
}

/** What the status line says of the decisions written at a start, and of those that could not be. */
export function describeDecisions(saved: readonly KeptDecision[], lost: readonly [KeptDecision, Outcome][]): string[] {
  const whats = (list: readonly KeptDecision[]) => list.map((one) => one.what).join('; ');
  const texts =
    saved.length === 0
      ? []
      : [
          saved.length === 1
            ? `A review decision you made just before the page closed was saved: ${whats(saved)}.`
            : `${saved.length} review decisions you made just before the page closed were saved: ${whats(saved)}.`,
        ];
  for (const [kept, why] of lost)
    texts.push(
      why === 'document'
        ? `A review decision you made just before the page closed was not saved: its document is gone (${kept.what}).`
        : `A review decision you made just before the page closed may not have been saved: gold was decided again there since (in another tab). Check it: ${kept.what}.`,
    );
  return texts;
}
