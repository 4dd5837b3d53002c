/** How a brat `T` line's quote is checked: against its fragments' texts, joined as brat writes them. */
import { READINGS, ReadingTarget, readingKey } from './offsetReadings';
import type { SpanTarget } from './validation';

/**
 * True when a `.ann` quote says `found`: the same text, or the text with each line break (`\n`,
 * `\r\n`, `\r`) as a space, as a quote must be written (a `.ann` line holds no line break).
 */
export function bratQuoteFits(found: string, quoted: string): boolean {
  return found === quoted || found.replace(LINE_BREAKS, ' ') === quoted;
}

const LINE_BREAKS = /\r\n|\n|\r/gu;

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
