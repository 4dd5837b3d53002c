/**
 * How a reviewer's choice on a difference becomes a change of the gold layer: which spans go in
 * (with where they came from), which come out, which are recorded as rejected. Pure: the Review
 * class hands the result to storage, which writes it in one transaction.
 */
import { versionsOf, type Difference, type Version } from '../model/adjudication';
import { samePlace, type SpanPlace } from '../model/spanIdentity';
import { passedOver, type Span, type SpanOrigin } from '../model/types';
import { backed, goesAlong, goldUnder, heldBy, joinedSince, outdatedBy } from './agreementStanding';
import type { GoldDecision } from '../storage/store';
import { plainKeyName, type KeyName } from './keyNames';
import { isDecided, type DecisionState, type Keep } from './decisionState';

export type { DecisionState, Keep } from './decisionState';

/** How `difference` is decided, from the document's gold and rejected spans. */
export function decisionOf(difference: Difference, gold: readonly Span[], rejected: readonly Span[]): DecisionState {
  const holds = (layer: readonly Span[]) => (version: Version | undefined) =>
    version !== undefined && layer.some((span) => samePlace(span, version.span));
  const [inGold, isRejected] = [holds(gold), holds(rejected)];
  const versions = versionsOf(difference);
  const a = inGold(difference.a);
  const b = inGold(difference.b);
  const others = inGold(difference.others);
  const out = !a && !b && !others && versions.every(isRejected);
  const refused = versions.some(holds(rejected.filter((span) => !passedOver(span))));
  // An agreement passed over is settled only while no one has joined it since (A relabelled hers to B's label): such a
  // one is open again, and goes into gold along with other decisions only where it outdates the decision (`heldBack`).
  const joined = difference.kind === 'match' && versions.some((one) => joinedSince(one, rejected));
  const passed = out && !refused && !joined;
  const edits = gold.filter(
    (span) => span.origin?.kind === 'edited' && span.start < difference.end && span.end > difference.start,
  );
  // When the difference was last decided: the newest decision behind gold's spans of it (unknown: never news).
  const deciding = [...edits, ...gold.filter((span) => versions.some((version) => samePlace(span, version.span)))];
  const decidedAt = Math.max(-Infinity, ...deciding.map((span) => span.origin?.at ?? Infinity));
  const news =
    deciding.length > 0 &&
    versions.some((version) => !inGold(version) && !isRejected(version) && (version.since ?? -Infinity) > decidedAt);
  // An agreement that went in with another pair's decisions settles nothing against a version no decision weighed.
  const agreed = versions.some((version) =>
    gold.some((span) => samePlace(span, version.span) && span.origin?.kind === 'agreed'),
  );
  const unweighed =
    agreed && edits.length === 0
      ? versions.filter((version) => !inGold(version) && !isRejected(version)).flatMap((version) => version.annotators)
      : [];
  return { a, b, others, neither: out && refused, passed, edited: edits.length > 0, news, unweighed };
}

/** The agreements of `differences` not decided yet (they go into gold with the document's first decision). */
export function openAgreements(differences: readonly Difference[], gold: readonly Span[], rejected: readonly Span[]) {
  const held = heldBy(differences);
  return differences.filter(
    (difference) => goesAlong(difference, gold, rejected, held) && !isDecided(decisionOf(difference, gold, rejected)),
  );
}

export { isDecided };
export { contested, contestingLabels, heldBack, heldBy, outdatedLabels } from './agreementStanding';

/**
 * The differences the reviewer has still to decide: not decided, and not agreements when
 * `agreementsGoIn` (they go into gold with the first decision or with "gold done").
 */
export function toDecide(
  differences: readonly Difference[],
  gold: readonly Span[],
  rejected: readonly Span[],
  agreementsGoIn: boolean,
): Difference[] {
  const held = heldBy(differences);
  const goesIn = (difference: Difference) => agreementsGoIn && goesAlong(difference, gold, rejected, held);
  return differences.filter((difference) => !goesIn(difference) && !isDecided(decisionOf(difference, gold, rejected)));
}

/** The gold spans a difference's earlier edit left over it (a new decision replaces them). */
function editsOver(difference: Difference, gold: readonly Span[]): SpanPlace[] {
  return gold.filter(
    (span) => span.origin?.kind === 'edited' && span.start < difference.end && span.end > difference.start,
  );
}

export interface DecisionContext {
  document: { id: string; text: string };
  gold: readonly Span[];
  /** The document's rejected spans (none given: none). */
  rejected?: readonly Span[];
  reviewer: string;
  now: number;
  /** Agreements (A and B marked the same span) not yet in gold nor rejected: they go in along. */
  agreements: readonly Difference[];
  /** Every version the document's differences now hold: a gold span none of them holds any more is stale. */
  held?: readonly Version[];
}

function originOf(kind: SpanOrigin['kind'], version: Version | undefined, context: DecisionContext): SpanOrigin {
  return { kind, annotators: version?.annotators ?? [], by: context.reviewer, at: context.now };
}

/** Agreements as spans gold keeps, each `agreed`. */
function agreementsKept(context: DecisionContext): GoldDecision['keep'] {
  return context.agreements.flatMap((agreement) =>
    agreement.a ? [{ place: agreement.a.span, origin: originOf('agreed', agreement.a, context) }] : [],
  );
}

/**
 * Gold spans an agreement going in replaces: over its exact text with another label, kept by an
 * earlier decision for a version no annotator holds any more (A relabelled her span since, and now
 * agrees with B). Gold then holds the agreement, not both labels. A reviewer's edit, a "both" and
 * a version someone still holds stay.
 */
function replacedByAgreements(context: DecisionContext): SpanPlace[] {
  const held = context.held;
  if (!held) return [];
  return context.agreements.flatMap((agreement) =>
    goldUnder(agreement, context.gold).filter((span) => outdatedBy(span, agreement, held)),
  );
}

export { missingVersion } from './reviewRefusals';

/**
 * The gold and rejected spans of a document once `decision` is written: the layers read from the
 * database catch up a moment later, and what is decided next must count this decision in.
 */
export function afterDecision(
  decision: GoldDecision,
  gold: readonly Span[],
  rejected: readonly Span[],
): { gold: Span[]; rejected: Span[] } {
  const without = (spans: readonly Span[], places: readonly SpanPlace[]) =>
    spans.filter((span) => !places.some((place) => samePlace(span, place)));
  const asSpan = (entry: { place: SpanPlace; origin: SpanOrigin }) =>
    ({ ...entry.place, origin: entry.origin }) as Span;
  return {
    gold: [...without(gold, decision.drop), ...decision.keep.map(asSpan)],
    rejected: [...without(rejected, decision.unreject), ...decision.reject.map(asSpan)],
  };
}

/**
 * Where the focus goes once `written` is: the next of `differences` after `focused` still to
 * decide, else (round from the top) the first one left; -1 when none is. With `stayIfOpen` (a decision
 * on many rows, as M's), `focused` itself when it is still to decide.
 */
export function nextUndecided(
  differences: readonly Difference[],
  focused: number,
  written: GoldDecision,
  layers: { gold: readonly Span[]; rejected: readonly Span[] },
  stayIfOpen = false,
): number {
  const { gold, rejected } = afterDecision(written, layers.gold, layers.rejected);
  const open = (difference: Difference) => !isDecided(decisionOf(difference, gold, rejected));
  if (stayIfOpen && differences[focused] && open(differences[focused])) return focused;
  const after = differences.findIndex((difference, position) => position > focused && open(difference));
  return after >= 0 ? after : differences.findIndex(open);
}

/** The change of gold for keeping `keep` of `difference`. */
export function decide(difference: Difference, keep: Keep, given: DecisionContext): GoldDecision {
  const context = afterNewest(difference, given);
  const versions = versionsOf(difference);
  const chosen: { version: Version; kind: SpanOrigin['kind'] }[] = [];
  if (keep === 'a' && difference.a)
    chosen.push({ version: difference.a, kind: difference.kind === 'match' ? 'agreed' : 'a' });
  if (keep === 'b' && difference.b)
    chosen.push({ version: difference.b, kind: difference.kind === 'match' ? 'agreed' : 'b' });
  if (keep === 'both') {
    if (difference.a) chosen.push({ version: difference.a, kind: 'both' });
    if (difference.b && !(difference.a && samePlace(difference.a.span, difference.b.span)))
      chosen.push({ version: difference.b, kind: 'both' });
  }
  if (keep === 'majority' && difference.majority) {
    const version = versions.find((candidate) => samePlace(candidate.span, difference.majority!));
    if (version) chosen.push({ version, kind: difference.kind === 'match' ? 'agreed' : 'majority' });
  }
  // The others' version: kept as the majority's when most of the set marked it, else as the others'.
  if (keep === 'a' && !difference.a && difference.others)
    chosen.push({ version: difference.others, kind: difference.majority ? 'majority' : 'others' });
  const kept = chosen.map(({ version, kind }) => ({ place: version.span, origin: originOf(kind, version, context) }));
  const places = versions.map((version) => version.span);
  // The versions a kept one was chosen over are recorded as passed over (with the kept one's kind): decided for
  // any pair of the set, as "keep neither" records its versions rejected.
  const passed =
    keep === 'neither' || chosen.length === 0
      ? []
      : versions.filter((version) => !chosen.some((entry) => samePlace(entry.version.span, version.span)));
  return {
    document: context.document,
    keep: [
      ...kept,
      ...agreementsKept(context).filter((entry) => !places.some((place) => samePlace(place, entry.place))),
    ],
    // Keeping an agreement replaces another label gold holds on its text (contested or outdated), not one backed.
    drop: [
      ...places,
      ...editsOver(difference, context.gold),
      ...replacedByAgreements(context),
      ...(keep === 'neither'
        ? []
        : goldUnder(difference, context.gold).filter((span) => !backed(span, difference, context.held ?? []))),
    ],
    reject:
      keep === 'neither'
        ? versions.map((version) => ({ place: version.span, origin: originOf('neither', version, context) }))
        : passed.map((version) => ({ place: version.span, origin: originOf(chosen[0].kind, version, context) })),
    unreject:
      keep === 'neither' ? [] : places.filter((place) => !passed.some((version) => samePlace(version.span, place))),
    renew: renews(difference, context),
  };
}

/**
 * `context` with its time after the newest version of `difference` was drawn: a version drawn on a device
 * whose clock runs ahead (a teammate's) is then decided after, not open again for good.
 */
function afterNewest(difference: Difference, context: DecisionContext): DecisionContext {
  const newest = Math.max(-Infinity, ...versionsOf(difference).map((version) => version.since ?? -Infinity));
  return newest >= context.now ? { ...context, now: newest + 1 } : context;
}

/** Whether a decision on `difference` decides it again over a version drawn since its last decision. */
const renews = (difference: Difference, context: DecisionContext): boolean =>
  decisionOf(difference, context.gold, context.rejected ?? []).news;

/**
 * The label of the reviewer's own span over `difference` (E): that of the version sharing most
 * characters with it, the first version's on a tie (a label difference: A's). Null when it shares
 * none: E over other text would put that text into gold in place of versions it never touched.
 */
export function labelForEdit(difference: Difference, place: { start: number; end: number }): string | null {
  const shared = (version: Version) =>
    Math.min(version.span.end, place.end) - Math.max(version.span.start, place.start);
  const [first, ...rest] = versionsOf(difference);
  const best = rest.reduce((most, version) => (shared(version) > shared(most) ? version : most), first);
  return shared(best) > 0 ? best.span.label : null;
}

/** Why E was refused: the selection shares no text with any version of the focused difference (quoted). */
export const editAside = (quoted: string, key: KeyName = plainKeyName): string =>
  `Not edited: the selection shares no text with the focused difference (${quoted}). Select text over it, or move to the difference the selection is on (${key('J')}, ${key('K')}).`;

/** The change of gold for the reviewer's own span over `difference` (its versions all leave gold). */
export function edit(difference: Difference, place: SpanPlace, given: DecisionContext): GoldDecision {
  const context = afterNewest(difference, given);
  const places = versionsOf(difference).map((version) => version.span);
  return {
    document: context.document,
    keep: [{ place, origin: originOf('edited', undefined, context) }, ...agreementsKept(context)],
    drop: [...places, ...editsOver(difference, context.gold), ...replacedByAgreements(context)],
    reject: [],
    unreject: places,
    renew: renews(difference, context),
  };
}

/**
 * The change of gold that takes `span` out of it: recorded as rejected, so that no later decision puts
 * it back along with the agreements, and its annotators' feedback says removed.
 */
export function removal(span: Span, context: DecisionContext): GoldDecision {
  const origin: SpanOrigin = {
    kind: 'neither',
    annotators: span.origin?.annotators ?? [],
    by: context.reviewer,
    at: context.now,
  };
  return { document: context.document, keep: [], drop: [span], reject: [{ place: span, origin }], unreject: [] };
}

/**
 * The change of gold for accepting every agreement of a document, and (for a set of three or more)
 * the majority's version of every difference not decided yet.
 */
export function acceptProposals(undecided: readonly Difference[], proposed: DecisionContext): GoldDecision {
  // A contested agreement is the reviewer's to decide, row by row: accepting them all leaves it.
  const held = proposed.held ?? [];
  const agreements = proposed.agreements.filter((agreement) =>
    goesAlong(agreement, proposed.gold, proposed.rejected ?? [], held),
  );
  const context = { ...proposed, agreements };
  const majority = undecided.filter((difference) => difference.kind !== 'match' && difference.majority !== null);
  const decisions = majority.map((difference) => decide(difference, 'majority', { ...context, agreements: [] }));
  return {
    document: context.document,
    keep: [...agreementsKept(context), ...decisions.flatMap((decision) => decision.keep)],
    drop: [...replacedByAgreements(context), ...decisions.flatMap((decision) => decision.drop)],
    reject: decisions.flatMap((decision) => decision.reject),
    unreject: decisions.flatMap((decision) => decision.unreject),
    renew: decisions.some((decision) => decision.renew),
  };
}

/**
 * The decision on `difference` with a note: on each span it keeps or rejects of that difference, not on
 * the agreements that go into gold along with it (the note is about this difference, not theirs).
 */
export function withNote(decision: GoldDecision, note: string, difference: Difference): GoldDecision {
  return withNoteOn(
    decision,
    note,
    versionsOf(difference).map((version) => version.span),
  );
}

/** The decision with a note on each span it keeps or rejects at one of `places` (E's edit: the span it writes). */
export function withNoteOn(decision: GoldDecision, note: string, places: readonly SpanPlace[]): GoldDecision {
  const noted = (entry: { place: SpanPlace; origin: SpanOrigin }) =>
    places.some((place) => samePlace(place, entry.place)) ? { ...entry, origin: { ...entry.origin, note } } : entry;
  return { ...decision, keep: decision.keep.map(noted), reject: decision.reject.map(noted) };
}

/** A decision in the words of the history (what undo and redo name). */
export const KEEP_WORDS: Record<Keep, string> = {
  a: 'keep A’s',
  b: 'keep B’s',
  both: 'keep both',
  neither: 'keep neither',
  majority: 'keep the majority’s',
};
