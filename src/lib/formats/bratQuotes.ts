/** How a brat `T` line's quote is checked: against its fragments' texts, joined as brat writes them. */
import { READINGS, ReadingTarget, readingKey } from './offsetReadings';
import type { SpanTarget } from './validation';

/**
 * True when a `.ann` quote says `found`: the same text, with each line break (`\n`, `\r\n`, `\r`) as a
 * space, and each character a reader may split at (see {@link bratQuote}) as itself (brat's own files
 * keep a tab raw) or as a space.
 */
export function bratQuoteFits(found: string, quoted: string): boolean {
  if (found === quoted) return true;
  const spaced = found.replace(LINE_BREAKS, ' ');
  if (spaced.length !== quoted.length) return false;
  for (let at = 0; at < spaced.length; at++)
    if (spaced[at] !== quoted[at] && !(quoted[at] === ' ' && SPLIT_AT.test(spaced[at]))) return false;
  return true;
}

const LINE_BREAKS = /\r\n|\n|\r/gu;
/**
 * What else a reader of `.ann` lines may split at: a tab (its fields: `line.split('\t')` would find
 * four), and what Python's `str.splitlines()` takes for a line end (vertical tab, form feed, the
 * file, group and record separators, NEL, the line and paragraph separators).
 */
const SPLIT_CHARACTERS = '\\t\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029';
const READERS_SPLIT = new RegExp(`[${SPLIT_CHARACTERS}]`, 'gu');
/** One of {@link READERS_SPLIT}'s characters. */
const SPLIT_AT = new RegExp(`^[${SPLIT_CHARACTERS}]$`, 'u');

/** A span's text as a `.ann` quote: each line break (`\n`, `\r\n`, `\r`) and each character a reader may split at as a space. */
export function bratQuote(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(READERS_SPLIT, ' ');
}

/** Each document's text under every offset reading, for {@link surveyFragments}. */
const readingTargets = new WeakMap<SpanTarget, ReadingTarget[]>();

/**
 * Tallies the quote of a `T` line under every reading: its fragments' texts joined by a space, as
 * brat writes them (a one-fragment line as the one fragment), counted once for each of `spans`,
 * the spans the line gives, so the survey's quoted spans are the spans read.
 */
export function surveyFragments(target: SpanTarget, fragments: number[][], quoted: string, spans: number): void {
  const survey = target.survey;
  if (!survey) return;
  if (fragments.length === 1) {
    for (let count = 0; count < spans; count++)
      survey.tally(target.text, fragments[0][0], fragments[0][1], quoted, bratQuoteFits);
    return;
  }
  let targets = readingTargets.get(target);
  if (!targets)
    readingTargets.set(target, (targets = READINGS.map((reading) => new ReadingTarget(target.text, reading))));
  survey.quoted += spans;
  for (const reading of targets) {
    const places = fragments.map(([start, end]) => reading.locate(start, end));
    const read = places.map((place) => ('problem' in place ? null : target.text.slice(place.start16, place.end16)));
    if (read.some((text) => text === null) || !bratQuoteFits(read.join(' '), quoted)) continue;
    const key = readingKey(reading.reading);
    survey.fits.set(key, (survey.fits.get(key) ?? 0) + spans);
  }
}
