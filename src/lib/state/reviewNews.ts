/**
 * What the review says in the status line after a decision, so that a decision made by key (A, B,
 * 2, X, M, E) is heard and seen, not only the gold that changes somewhere else on the page.
 */
import type { Difference, Version } from '../model/adjudication';
import type { SpanPlace } from '../model/spanIdentity';
import type { Step } from './history.svelte';
import type { Keep } from './reviewDecisions';
import { stepNote } from './stepReasons';
import { truncate } from './truncate';
import { plainKeyName, type KeyName } from './keyNames';
import { decidedTogether, GOLD_ANNOTATOR, passedOver, REJECTED_ANNOTATOR, type Span } from '../model/types';
import { heldBack } from './agreementStanding';

/** The text a place covers in the current document, in quotation marks (‘…’ around a text with “ or ”). */
type Quote = (place: { start: number; end: number }) => string;

const quoted = (place: SpanPlace, quote: Quote) => `${quote(place)} ${place.label}`;

/** Whose a version is, as the list names it: A, B, or the annotators who alone marked it. */
function whose(difference: Difference, version: Version): string {
  if (version === difference.a) return 'A’s';
  if (version === difference.b) return 'B’s';
  return `${version.annotators.join(', ')}’s`;
}

/** What keeping `keep` of `difference` did to gold, in one sentence. */
export function decisionNews(difference: Difference, keep: Keep, quote: Quote): string {
  const kept = (version: Version) => `${whose(difference, version)} ${quoted(version.span, quote)}`;
  const a = difference.a ?? difference.others;
  if (keep === 'a' && a) return `Kept ${kept(a)} in gold`;
  if (keep === 'b' && difference.b) return `Kept ${kept(difference.b)} in gold`;
  if (keep === 'both' && difference.a && difference.b)
    return `Kept both in gold: ${kept(difference.a)} and ${kept(difference.b)}`;
  if (keep === 'majority' && difference.majority)
    return `Kept the majority’s ${quoted(difference.majority, quote)} in gold`;
  return `Neither: ${quote(difference)} left out of gold`;
}

/** What undo or redo says (`stepNote`, as on the documents page); `unlisted`: its document is not in the review's list now. */
export const stepNews = (direction: 'undo' | 'redo', step: Step | null, unlisted: boolean): string =>
  step === null
    ? `Nothing to ${direction} in the review.`
    : stepNote(direction, step, unlisted ? ', in a document this review does not list now' : '');

/** Why an undo or redo of a decision did nothing: its spans were decided again since, and that decision stays. */
export const DECIDED_AGAIN =
  'that difference was decided again meanwhile (in another tab, or by the team), and that decision stays';

/**
 * What M says where nothing is left to accept (no write, and no step for Ctrl+Z): no agreement or majority
 * is undecided, or the `open` agreements left each stand against a label gold holds on its text (contested).
 */
export function nothingToAccept(
  open: readonly Difference[],
  key: KeyName = plainKeyName,
  layers: { gold: readonly Span[]; rejected?: readonly Span[] } = { gold: [] },
): string {
  if (open.length === 0) return 'Nothing to accept into gold here: no agreement or majority is left undecided.';
  const [which, rows] =
    open.length === 1
      ? ['the agreement left here is', 'on its row']
      : [`the ${open.length} agreements left here are`, 'each on its row'];
  // Passed over before for other boundaries gold keeps (`heldBack`), rather than under another label (helper-203).
  const { gold, rejected = [] } = layers;
  if (open.every((agreement) => heldBack(agreement, gold, rejected)))
    return `Nothing accepted: ${which} a version passed over before for other boundaries gold keeps. Decide ${rows}: ${key('A')} keeps it beside them, ${key('X')} leaves it out.`;
  return `Nothing accepted: ${which} over text gold holds with another label. Decide ${rows}: ${key('A')} keeps it in that label’s place, ${key('X')} leaves it out.`;
}

/** What a deciding key says on a document without a difference (the layers hold the same spans, or none). */
export const NOTHING_TO_DECIDE = 'Nothing to decide here: the compared layers have no difference in this document.';

/** What the reviewer's own span put into gold (E). */
export const editNews = (place: SpanPlace, quote: Quote): string =>
  `Edited gold: your ${quoted(place, quote)} in place of the versions`;

/** A review span's key as a tab sees it: its id and when it was last written. */
export const seenKey = (span: { id: string; updated: number }): string => `${span.id}@${span.updated}`;

type ReviewSpan = SpanPlace & { id: string; updated: number; origin?: { by?: string; at?: number; kind?: string } };

/**
 * What a decision's `change` took out of gold that its reviewer never saw there: a decision made
 * meanwhile in another tab, or by a teammate, on the same text ('' when there was none). `seen`: the
 * spans of gold and the rejected layer as the page showed them, and those this tab wrote itself
 * (the spans `change` adds join them).
 */
export function replacedNews(
  change: {
    added: readonly (ReviewSpan & { annotator?: string })[];
    removed: readonly (ReviewSpan & { annotator?: string })[];
  },
  seen: Set<string>,
  quote: Quote,
  decided = false,
): string {
  for (const span of change.added) seen.add(seenKey(span));
  // A version passed over goes unsaid with the gold span its decision kept over it (by then, there), which says it.
  const passed = (span: ReviewSpan & { annotator?: string }) =>
    span.annotator === REJECTED_ANNOTATOR && passedOver(span);
  const unseen = change.removed.filter(
    (span) =>
      !seen.has(seenKey(span)) &&
      !(
        passed(span) &&
        change.removed.some((other) => other.annotator === GOLD_ANNOTATOR && decidedTogether(other, span))
      ),
  );
  // What a decision on a difference (`decided`) takes out of gold that this reviewer had decided before
  // (not a span it puts back at the same place with the same label).
  const back = (span: SpanPlace) =>
    change.added.some(
      (added) =>
        added.annotator === GOLD_ANNOTATOR &&
        added.start === span.start &&
        added.end === span.end &&
        added.label === span.label,
    );
  const own = decided
    ? change.removed.filter((span) => seen.has(seenKey(span)) && span.annotator === GOLD_ANNOTATOR && !back(span))
    : [];
  const earlier =
    own.length === 0
      ? ''
      : `; ${own.map((span) => quoted(span, quote)).join(' and ')}, decided earlier, ${own.length === 1 ? 'is' : 'are'} out of gold now`;
  if (unseen.length === 0) return earlier;
  const what = unseen.map(
    (span) =>
      `${quoted(span, quote)}${passed(span) ? ' passed over' : ''}${span.origin?.by ? ` (by ${span.origin.by})` : ''}`,
  );
  return `; it replaced what was decided meanwhile elsewhere: ${what.join(', ')}${earlier}`;
}

/**
 * The labels of the gold spans a decision `added` that the label set (`labels`: the team's with team
 * sync on) lacks, said so that gold does not gather them unnoticed: an annotator's own label, or one
 * removed from the set since ('' when none, or when the set is not known).
 */
export function unlistedNews(
  added: readonly (SpanPlace & { annotator: string })[],
  labels?: readonly string[],
): string {
  if (!labels) return '';
  const unlisted = [
    ...new Set(
      added
        .filter((span) => span.annotator === GOLD_ANNOTATOR && !labels.includes(span.label))
        .map((span) => span.label),
    ),
  ];
  if (unlisted.length === 0) return '';
  const names = unlisted.map((name) => `“${name}”`).join(', ');
  return unlisted.length === 1
    ? `; its label ${names} is not in the label set (Settings → Labels can add it)`
    : `; its labels ${names} are not in the label set (Settings → Labels can add them)`;
}

/**
 * What a decision's news says after what it did: what it replaced that its reviewer never saw (and,
 * for a decision on a difference, what it took out of gold that they had decided), the labels it put into gold that the set lacks, and, on a document whose gold is marked done (`done`),
 * that it was, so a stray key there is seen (and undone with Ctrl+Z).
 */
export function newsAfter(
  change: { added: readonly (ReviewSpan & { annotator: string })[]; removed: readonly ReviewSpan[] },
  seen: Set<string>,
  quote: Quote,
  { labels, done, own }: { labels: readonly string[] | undefined; done: boolean; own: boolean },
): string {
  const marked = done ? '; this document’s gold was marked done already (Ctrl+Z takes the decision back)' : '';
  return replacedNews(change, seen, quote, own) + unlistedNews(change.added, labels) + marked;
}

/** Why a decision waits while the reviewer's own layer is compared and `last` decided last (`OwnLayerGuard`). */
export const ownLayerRefusal = (reviewer: string, last: string): string =>
  `Not decided: you are “${reviewer}”, whose layer is compared here, and “${last}” decided last. Type the reviewer’s name in the Annotator field at the top, or choose “Decide as ${truncate(reviewer)}” above the differences.`;

/**
 * What N and P say of the document they open, on either page ("Opened 2 of 5: US Concerned."): where it
 * stands in the list (`position` from 0; -1 when it is not listed), and its title, with one full stop.
 */
export function openedLine(position: number, count: number, title: string): string {
  const stop = /[.!?…]$/u.test(title) ? '' : '.';
  return `Opened${position < 0 ? '' : ` ${position + 1} of ${count}`}: ${title}${stop}`;
}

/** What N and P say on the Review page: the document opened (at `at` of `count`), or that the list ends there. */
export const steppedLine = (at: number, count: number, title: string | undefined, direction: 1 | -1): string =>
  title === undefined ? endOfList(count, count, direction) : openedLine(at, count, title);

/** What N and P say on the Documents page when they open nothing: the list's end, or why it is empty. */
export const endOfList = (listed: number, stored: number, direction: 1 | -1): string =>
  listed > 0
    ? `This is the ${direction === 1 ? 'last' : 'first'} document of the list.`
    : stored > 0
      ? `The list shows none of the ${stored.toLocaleString('en')} documents: clear its search or filters to step through them.`
      : 'No documents yet: import some (Import…, or drop files on the page).';
