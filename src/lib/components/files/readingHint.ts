import { readingName, type OffsetReading } from '../../state/transfers.svelte';

/**
 * The import card's hint when the reading chosen misses quotes that another reading fits all of,
 * each verb agreeing with its count: "Read as code points, 1 quote does not match its offsets; read
 * as UTF-16 code units, it does." / "…, 2 quotes…; …, both do." / "…, 3 quotes do not match their offsets; …, all 5 do."
 */
export function readingHint(chosen: OffsetReading, missed: number, fits: OffsetReading, quoted: number): string {
  const misses = missed === 1 ? 'quote does not match its' : 'quotes do not match their';
  const all = quoted === 1 ? 'it does' : quoted === 2 ? 'both do' : `all ${quoted.toLocaleString('en')} do`;
  return `Read as ${readingName(chosen)}, ${missed.toLocaleString('en')} ${misses} offsets; read as ${readingName(fits)}, ${all}.`;
}

/**
 * The import card's hint when no span quotes its text, and some spans' edges do not fit the reading
 * chosen (they begin or end with white space, cut a word or run past the text) while another reading
 * fits them all: "Read as code points, 2 of 3 spans begin or end with a space, cut a word or run past
 * the text; read as UTF-16 code units, none does."
 */
export function edgesHint(
  chosen: OffsetReading,
  missed: number,
  fits: OffsetReading | null,
  spans: number,
  examples: readonly string[] = [],
): string {
  // Imported as drawn: the first few named, so they can be found in a large file (helper-210: the card named none).
  const named = fits === null && examples.length > 0;
  const found = named ? ` (${examples.join('; ')}${missed > examples.length ? '; …' : ''})` : '';
  const which =
    spans === 1
      ? `the only span${found} begins or ends`
      : `${missed.toLocaleString('en')} of ${spans.toLocaleString('en')} spans${found} begin or end`;
  const none = spans === 1 ? 'it does not' : 'none does';
  if (fits === null)
    return `Read as ${readingName(chosen)}, ${which} with a space or a line break (half of a CRLF too) or cut a word, and no other reading fits better: ${missed === 1 ? 'it is' : 'they are'} imported as drawn; check ${missed === 1 ? 'it' : 'them'} after.`;
  return `Read as ${readingName(chosen)}, ${which} with a space, cut a word or run past the text; read as ${readingName(fits)}, ${none}.`;
}

/**
 * The import card's note when it read the file by another reading than the one first tried, as every
 * quote fits that one and some missed the first: "Read as code points, 4 of 6 quotes did not match
 * their offsets: read as UTF-16 code units instead, which all 6 fit."
 */
export function foundHint(from: OffsetReading, missed: number, fits: OffsetReading, quoted: number): string {
  const which =
    quoted === 1
      ? 'the only quote did not match its'
      : `${missed.toLocaleString('en')} of ${quoted.toLocaleString('en')} quotes did not match their`;
  const all = quoted === 1 ? 'it fits' : quoted === 2 ? 'both fit' : `all ${quoted.toLocaleString('en')} fit`;
  return `Read as ${readingName(from)}, ${which} offsets: read as ${readingName(fits)} instead, which ${all}.`;
}
