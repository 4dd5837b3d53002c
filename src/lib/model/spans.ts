/**
 * Span rules, as pure functions over UTF-16 offsets of a text: snapping a selection to words,
 * and flattening overlapping spans into segments for rendering.
 */
import { compareNesting } from './spanOrder';
import { cliticBefore, startsClitic } from './tokens';

const WORD = /[\p{L}\p{N}\p{M}_'’-]/u;
const SPACE = /\s/u;

/** The code point that ends at UTF-16 offset `offset` ('' at the start). */
export function codePointBefore(text: string, offset: number): string {
  const last = text.charCodeAt(offset - 1);
  if (offset >= 2 && last >= 0xdc00 && last <= 0xdfff) {
    const first = text.charCodeAt(offset - 2);
    if (first >= 0xd800 && first <= 0xdbff) return text.slice(offset - 2, offset);
  }
  return text.slice(offset - 1, offset);
}

/** The code point that starts at UTF-16 offset `offset` ('' at the end). */
export function codePointAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** True when `offset` falls between the two halves of a surrogate pair. */
function isInsidePair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** A character a word is made of (letters, digits, marks, and `_ ' ’ -` inside a word). */
export function isWordChar(character: string): boolean {
  return character.length > 0 && WORD.test(character);
}

/**
 * Scripts written without spaces between words. A "word" found by letters alone would be a whole
 * clause there (金正恩与普京在东方航天发射场会晤), so a selection edge in these scripts is kept
 * where it is, widened only to a whole character (grapheme cluster: a Thai vowel sign stays with
 * its consonant), as brat, doccano and Label Studio keep it.
 */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/** A character of a script written without spaces between words. */
export function isUnspaced(character: string): boolean {
  return character.length > 0 && UNSPACED.test(character);
}

/** A letter that extends a partial word: a word character of a script that spaces its words. */
export function extendsWord(character: string): boolean {
  return isWordChar(character) && !isUnspaced(character);
}

let graphemes: Intl.Segmenter | null = null;
/** True between two ASCII characters but CR LF (one cluster): always a cluster boundary, no segmenter asked. */
function asciiEdge(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  return before < 0x80 && text.charCodeAt(at) < 0x80 && !(before === 13 && text.charCodeAt(at) === 10);
}

/** The grapheme cluster of `text` holding the UTF-16 unit at `offset`. */
export function clusterAt(text: string, offset: number): { start: number; end: number } {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  // A window around the offset keeps this cheap on a 1 MB text; clusters are far shorter.
  const from = Math.max(0, offset - 64);
  const window = text.slice(from, Math.min(text.length, offset + 64));
  const segment = graphemes.segment(window).containing(offset - from);
  if (!segment) return { start: offset, end: offset + 1 };
  return { start: from + segment.index, end: from + segment.index + segment.segment.length };
}

/**
 * Trims whitespace from both ends of [start, end) and, unless `precise`, extends partial words
 * to whole words (in scripts that space their words; see UNSPACED for the others). An edge inside a
 * grapheme cluster (a surrogate pair, an emoji sequence, a letter with its marks) widens to the whole of it, precise or not. Apostrophes and hyphens count as word characters inside a word but a selection
 * made of punctuation alone is kept as it is. An English clitic ending a word (`tokens.ts`) is taken only when
 * the selection reaches its letters. Returns null when nothing but whitespace is left.
 */
export function snapSelection(
  text: string,
  start: number,
  end: number,
  precise = false,
): { start: number; end: number } | null {
  let from = Math.max(0, Math.min(start, end));
  let to = Math.min(text.length, Math.max(start, end));
  // Never cut a surrogate pair: widen to whole code points first.
  if (isInsidePair(text, from)) from--;
  if (isInsidePair(text, to)) to++;
  while (from < to && SPACE.test(codePointAt(text, from))) from += codePointAt(text, from).length;
  while (to > from && SPACE.test(codePointBefore(text, to))) to -= codePointBefore(text, to).length;
  if (from >= to) return null;
  if (!precise) {
    // Where the selection ended, when it ended inside a word that snapping extends.
    let asked = -1;
    if (isUnspaced(codePointAt(text, from))) from = clusterAt(text, from).start;
    // A selection begun at a clitic's apostrophe keeps to it ("’s", a token of its own: Ctrl+← stops there).
    else if (isWordChar(codePointAt(text, from)) && !startsClitic(text, from)) {
      from = wordStartBefore(text, from);
    }
    if (isUnspaced(codePointBefore(text, to))) to = clusterAt(text, to - 1).end;
    else if (isWordChar(codePointBefore(text, to))) {
      asked = to;
      to = wordEndAfter(text, to);
      to = withAbbreviationStop(text, to);
    }
    // Leading or trailing hyphens/apostrophes are punctuation, not part of the word.
    while (from < to && /['’-]/u.test(text[from]) && to - from > 1 && !startsClitic(text, from)) from++;
    // A closing ’ stays after an opening ‘ at the start: "‘Russia’s’" is a quotation, not a word and an apostrophe.
    const quoted = text[from] === '‘';
    while (to > from && /['’-]/u.test(text[to - 1]) && to - from > 1 && !(quoted && text[to - 1] === '’')) to--;
    // A selection that ended before a clitic's letters leaves it out: "Russia" of "Russia’s", two tokens.
    const clitic = asked < 0 ? -1 : cliticBefore(text, to);
    if (clitic > from && asked <= clitic + 1) to = clitic;
    // What that trimming uncovered ("! '" leaves "! ").
    while (to > from && SPACE.test(codePointBefore(text, to))) to -= codePointBefore(text, to).length;
    while (from < to && SPACE.test(codePointAt(text, from))) from += codePointAt(text, from).length;
    if (from >= to) return null;
    [from, to] = trimSeparators(text, from, to);
  }
  // Never cut a character as the reader sees it (precise selections too): an edge inside an emoji
  // sequence, a flag, a letter and its combining marks or an Indic conjunct widens to the whole of it.
  if (from > 0 && !asciiEdge(text, from)) from = clusterAt(text, from).start;
  if (to < text.length && !asciiEdge(text, to)) to = clusterAt(text, to - 1).end;
  return { start: from, end: to };
}

/** Where the word going on before `at` starts: over word characters and stops inside a word ("U.S", "3.5"). */
export function wordStartBefore(text: string, at: number): number {
  while (at > 0 && (extendsWord(codePointBefore(text, at)) || isInnerStop(text, at - 1)))
    at -= codePointBefore(text, at).length;
  return at;
}

/** Where the word going on at `at` ends: over word characters and stops inside a word. */
export function wordEndAfter(text: string, at: number): number {
  while (at < text.length && (extendsWord(codePointAt(text, at)) || isInnerStop(text, at)))
    at += codePointAt(text, at).length;
  return at;
}

/**
 * A stop inside a word, not the end of a sentence: between two digits ("3.5", "v1.2"), or between two
 * letters ("U.S", "e.g", "Node.js"), but for a lower-case word's stop before a capital ("said.The", a
 * space missing after a sentence; "Ph.D" is kept, its first piece being short), as spaCy's tokenizer splits.
 */
function isInnerStop(text: string, at: number): boolean {
  if (text[at] !== '.') return false;
  const [before, after] = [codePointBefore(text, at), codePointAt(text, at + 1)];
  if (DIGIT.test(before) && DIGIT.test(after)) return true;
  if (!LETTER.test(before) || !LETTER.test(after)) return false;
  return !(LOWER.test(before) && UPPER.test(after)) || pieceBefore(text, at).letters <= 2;
}
const DIGIT = /^\p{N}$/u;
const LETTER = /^\p{L}$/u;
const LOWER = /^\p{Ll}$/u;
const UPPER = /^\p{Lu}$/u;

/** The letters standing right before `at`: how many, and how many UTF-16 units they take. */
function pieceBefore(text: string, at: number): { letters: number; units: number } {
  let letters = 0;
  let from = at;
  for (; from > 0 && LETTER.test(codePointBefore(text, from)); from -= codePointBefore(text, from).length) letters++;
  return { letters, units: at - from };
}

/**
 * `to`, or past the stop after it when the word before it is an abbreviation: pieces of one or two
 * letters between stops ("U.S" + "." is "U.S.", "e.g", "p.m", "Ph.D"); that stop is the abbreviation's,
 * even at a sentence's end. A file or domain name's ("report.pdf.", "google.com.") and a number's are
 * the sentence's.
 */
export function withAbbreviationStop(text: string, to: number): number {
  if (text[to] !== '.' || !LETTER.test(codePointBefore(text, to))) return to;
  let stops = 0;
  let at = to;
  for (;;) {
    const piece = pieceBefore(text, at);
    if (piece.letters === 0 || piece.letters > 2) return to;
    at -= piece.units;
    if (!isInnerStop(text, at - 1)) return stops > 0 && !extendsWord(codePointBefore(text, at)) ? to + 1 : to;
    stops++;
    at--;
  }
}

/**
 * Punctuation that ends what comes before it, left out of a span's start when white space follows it
 * (", review", ". “As"; not ".NET"). Quotation marks are not here: which one opens and which one
 * closes differs by language (“…”, „…“, »…«, ”…”).
 */
const LEADING_SEPARATOR = /[,;:.!?)\]}]/u;
/**
 * Quotation marks: in a leading run with a separator before white space (`,” according`, `.” The`),
 * they close what came before, whatever the language; alone they are kept (`« Bonjour` opens with a space).
 */
const QUOTE = /["“”„‟«»‹›]/u;
/** Punctuation that opens or joins what comes after it: never the last character of a span. */
const TRAILING_SEPARATOR = /[,;:([{]/u;

/**
 * Trims the punctuation that belongs to the text around a selection from its edges, with the white
 * space it uncovers: a selection begun on the comma after a word (", review the") or the stop before
 * a quote (". “As part") starts at the next word; one ending on a comma or an opening bracket ends
 * before it, and one ending on a sentence's stop before it ("visited." is "visited"; "U.S." keeps its stop).
 * Punctuation alone is kept as it is.
 */
function trimSeparators(text: string, from: number, to: number): [number, number] {
  let [start, end] = [from, to];
  for (let moved = true; moved && start < end;) {
    const [wasStart, wasEnd] = [start, end];
    let lead = start;
    let separated = false;
    for (; lead < end && (LEADING_SEPARATOR.test(text[lead]) || QUOTE.test(text[lead])); lead++)
      separated ||= LEADING_SEPARATOR.test(text[lead]);
    if (separated && (lead === end || SPACE.test(codePointAt(text, lead)))) start = lead;
    while (start < end && SPACE.test(codePointAt(text, start))) start += codePointAt(text, start).length;
    while (end > start && TRAILING_SEPARATOR.test(text[end - 1])) end--;
    if (end - start > 1 && isSentenceStop(text, end - 1)) end--;
    while (end > start && SPACE.test(codePointBefore(text, end))) end -= codePointBefore(text, end).length;
    moved = start !== wasStart || end !== wasEnd;
  }
  return start < end ? [start, end] : [from, to];
}

/** What may stand after a sentence's stop: the text's end, white space, a closing quote or bracket. */
/** What may stand right after a sentence's stop: the text's end, a line break, a closing quote or bracket. */
const AFTER_STOP = /^(?:|[\n\r\u2028\u2029]|["”’»›)\]}])$/u;
/** What the next word after a stop and a space may not begin with, for the stop to end a sentence: a small letter. */
const GOES_ON = /^\p{Ll}$/u;
/**
 * Words whose stop is their own, whatever follows, as spaCy's English tokenizer keeps them ("Acme Corp. said",
 * "said Mr. Kim", "on Jan. 5"): common abbreviations written with one stop.
 */
const ABBREVIATIONS = new Set(
  (
    'inc corp co ltd llc plc bros mr mrs ms dr prof sr jr st mt ave blvd rd no nos vs etc gen sen rep gov lt col ' +
    'capt sgt cmdr adm maj rev hon jan feb mar apr jun jul aug sep sept oct nov dec dept univ approx est fig'
  ).split(' '),
);

/**
 * Whether the stop at `at` ends a sentence after a word or number ("visited.", "in 2019."): the sentence's, not
 * the word's, as spaCy and the token exports here have it (a token of its own), so a drag that overshoots onto it
 * leaves it out. It ends the text or its line, comes before a closing quote or bracket, or before a space and what
 * is not a small letter (a sentence's start). An abbreviation's stop is the word's ("U.S.", "Acme Corp. said", helper-208).
 */
function isSentenceStop(text: string, at: number): boolean {
  if (text[at] !== '.' || !/^[\p{L}\p{N}]$/u.test(codePointBefore(text, at))) return false;
  const after = codePointAt(text, at + 1);
  const ends = AFTER_STOP.test(after) || (SPACE.test(after) && !GOES_ON.test(nextAfterSpace(text, at + 1)));
  if (!ends || withAbbreviationStop(text, at) !== at) return false;
  const word = /[\p{L}\p{N}]+$/u.exec(text.slice(Math.max(0, at - 12), at))?.[0] ?? '';
  return !ABBREVIATIONS.has(word.toLowerCase());
}

/** The first character after the white space that starts at `from` ('' at the text's end). */
function nextAfterSpace(text: string, from: number): string {
  let at = from;
  while (at < text.length && SPACE.test(codePointAt(text, at))) at += codePointAt(text, at).length;
  return codePointAt(text, at);
}

/** A span reduced to what rendering needs. Offsets in any one unit, end exclusive. */
export interface RangeSpan {
  id: string;
  start: number;
  end: number;
  label: string;
  /** Which layer it is drawn as, where a view shows several (see editor/highlights.ts). */
  layer?: SpanLayer;
}

/**
 * How a span is drawn in a view of several layers: none is the open layer itself (filled, with
 * underline bands), `gold` the same in the review; `a` and `b` the compared annotators (a band
 * above and a band below the text), `differ` the characters where their boundaries differ, and
 * `suggestion` a proposed span (dashed, never a span of anyone's layer).
 */
export type SpanLayer = 'gold' | 'a' | 'b' | 'differ' | 'suggestion';

/** A maximal run covered by the same set of spans, outermost first (so the innermost is last). */
export interface Segment {
  from: number;
  to: number;
  spans: RangeSpan[];
}

/**
 * Splits the spans overlapping [from, to) into segments where the covering set is constant,
 * clipped to [from, to). Runs in O(k log k) for k spans.
 */
export function segmentSpans(spans: readonly RangeSpan[], from = -Infinity, to = Infinity): Segment[] {
  const inside = spans.filter((span) => span.start < to && span.end > from && span.start < span.end);
  if (inside.length === 0) return [];
  const cuts = new Set<number>();
  for (const span of inside) {
    cuts.add(Math.max(span.start, from));
    cuts.add(Math.min(span.end, to));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...inside].sort(compareNesting);
  const segments: Segment[] = [];
  let active: RangeSpan[] = [];
  let next = 0;
  for (let index = 0; index < points.length - 1; index++) {
    const left = points[index];
    const right = points[index + 1];
    active = active.filter((span) => span.end > left);
    while (next < byStart.length && Math.max(byStart[next].start, from) <= left) {
      if (byStart[next].end > left) active.push(byStart[next]);
      next++;
    }
    if (active.length > 0) segments.push({ from: left, to: right, spans: [...active].sort(compareNesting) });
  }
  return segments;
}
