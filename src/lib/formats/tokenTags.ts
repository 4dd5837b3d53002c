/**
 * Spans ↔ token tags, for the token formats (CoNLL, Hugging Face): reading the chunk tags of a
 * token file into spans, and writing a layer's spans as IOB2 tags over `model/tokens.ts` tokens,
 * naming the spans a token file cannot hold (an overlapping span is left out whole, never cut).
 *
 * Tags are `O`, or a prefix, a hyphen and a label: `B-` begins a span, `I-` continues it, `E-`
 * ends it and `S-` is a span of one token (BILOU's `L-` and `U-` are read as `E-` and `S-`).
 * Offsets are Unicode code points, end exclusive.
 *
 * @see https://en.wikipedia.org/wiki/Inside%E2%80%93outside%E2%80%93beginning_(tagging)
 * @see https://www.clips.uantwerpen.be/conll2003/ner/
 * @see https://aclanthology.org/W09-1119/ (Ratinov & Roth 2009: IOB1, IOB2, BILOU)
 */
import { samePlace, type SpanPlace } from '../model/spanIdentity';
import { sortSpans } from '../model/spanOrder';
import { EDGE_SPACES, LINE_BREAK, type TokenRange } from '../model/tokens';
import { tokensOf, type TokenRule } from './tokenRule';

/**
 * How tags mark spans. IOB1: `I-` everywhere, `B-` only where a span directly follows one of the
 * same label. IOB2 (BIO): every span starts with `B-`. BIOES (BILOU): `B-` `I-`… `E-`, or `S-` alone.
 */
export type TagScheme = 'IOB1' | 'IOB2' | 'BIOES';

export const TAG_SCHEMES: readonly TagScheme[] = ['IOB1', 'IOB2', 'BIOES'];

/** `O`, or a prefix B, I, E, S, L or U, a hyphen and a non-empty label. */
export const TAG_PATTERN = /^(?:O|[BIESLU]-.+)$/su;

/** What a tag says, prefixes L and U read as E and S. */
export interface ParsedTag {
  prefix: 'O' | 'B' | 'I' | 'E' | 'S';
  /** Empty for `O`. */
  label: string;
}

const OUTSIDE_TAG: ParsedTag = Object.freeze({ prefix: 'O', label: '' });

/** A tag's prefix and label, or null when it is not a tag ({@link TAG_PATTERN}). */
export function parseTag(tag: string): ParsedTag | null {
  if (tag === 'O') return OUTSIDE_TAG;
  if (!TAG_PATTERN.test(tag)) return null;
  const label = tag.slice(2);
  switch (tag.charAt(0)) {
    case 'B':
      return { prefix: 'B', label };
    case 'I':
      return { prefix: 'I', label };
    case 'E':
    case 'L':
      return { prefix: 'E', label };
    default:
      return { prefix: 'S', label };
  }
}

/**
 * Where `tokens` sit in the text a token file's import rebuilds: joined by one space (or a line
 * break, one code point too), the first at code point `from`.
 */
export function tokenRanges(tokens: readonly string[], from = 0): TokenRange[] {
  const ranges: TokenRange[] = new Array<TokenRange>(tokens.length);
  let offset = from;
  for (let index = 0; index < tokens.length; index++) {
    const end = offset + codePointCount(tokens[index]);
    ranges[index] = { start: offset, end };
    offset = end + 1;
  }
  return ranges;
}

/** Code points in `token`: its length less one for each surrogate pair. */
export function codePointCount(token: string): number {
  let count = token.length;
  for (let index = 0; index < token.length - 1; index++) {
    const code = token.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = token.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        index++;
      }
    }
  }
  return count;
}

/** Spans read from a sentence's tags, and the tags that did not follow the scheme. */
export interface TagReading {
  /** In reading order. */
  spans: SpanPlace[];
  /** Indexes of the tags read leniently, in order: their count is `malformed.length`. */
  malformed: number[];
}

/**
 * The spans one sentence's tags mark: `tokens[i]` carries `tags[i]`; a span runs from its first
 * token's start to its last token's end. Malformed sequences are read leniently and counted: an
 * `I-` or `E-` without an open span of its label starts one, a span left open in BIOES ends where
 * the next tag is not its own, a tag that is not a tag reads as `O`. The spans do not depend on
 * the scheme; only which tags count as malformed does (an `I-` after `O` is right in IOB1 and
 * wrong in IOB2; `E-` and `S-` are wrong in both IOB schemes).
 *
 * @see https://www.clips.uantwerpen.be/conll2000/chunking/output.html (conlleval's reading)
 */
export function spansFromTags(tokens: readonly TokenRange[], tags: readonly string[], scheme: TagScheme): TagReading {
  const { spans, malformed } = readTags(tokens, tags);
  return { spans, malformed: malformed[scheme] };
}

/** {@link spansFromTags} for every scheme at once: one pass, the tags each scheme calls malformed. */
function readTags(
  tokens: readonly TokenRange[],
  tags: readonly string[],
): { spans: SpanPlace[]; malformed: Record<TagScheme, number[]> } {
  if (tokens.length !== tags.length) throw new RangeError(`${tokens.length} tokens but ${tags.length} tags`);
  const spans: SpanPlace[] = [];
  const malformed: Record<TagScheme, number[]> = { IOB1: [], IOB2: [], BIOES: [] };
  // Indexes come in order (a span's last token before the tag that closes it), so a repeat is the last one.
  const mark = (index: number, schemes: readonly TagScheme[]): void => {
    for (const scheme of schemes) {
      const list = malformed[scheme];
      if (list[list.length - 1] !== index) list.push(index);
    }
  };
  // The span being read: its label (null when none is open), first and last token.
  let label: string | null = null;
  let first = 0;
  let last = 0;
  const close = (): void => {
    if (label !== null) spans.push({ start: tokens[first].start, end: tokens[last].end, label });
    label = null;
  };
  for (let index = 0; index < tags.length; index++) {
    const tag = parseTag(tags[index]);
    const prefix = tag?.prefix ?? 'O';
    const continues = (prefix === 'I' || prefix === 'E') && label !== null && label === tag?.label;
    if (!continues && label !== null) {
      mark(last, ['BIOES']); // it ends without E-
      close();
    }
    if (tag === null) mark(index, TAG_SCHEMES);
    else if (prefix === 'E' || prefix === 'S') mark(index, ['IOB1', 'IOB2']);
    if (continues) last = index;
    else if (tag !== null && (prefix === 'B' || prefix === 'I' || prefix === 'E')) {
      // An I- starting a span is right in IOB1 only; an E- starting one is wrong in every scheme.
      mark(index, prefix === 'I' ? ['IOB2', 'BIOES'] : prefix === 'E' ? ['BIOES'] : []);
      label = tag.label;
      first = last = index;
    } else if (tag !== null && prefix === 'S')
      spans.push({ start: tokens[index].start, end: tokens[index].end, label: tag.label });
    if (prefix === 'E') close();
  }
  if (label !== null) mark(last, ['BIOES']);
  close();
  return { spans: sortSpans(spans), malformed };
}

/** What a file's tags show of their scheme, summed over its sentences (see {@link schemeOf}). */
interface SchemeEvidence {
  /** An S-, E-, L- or U- tag was seen. */
  bioes: boolean;
  /** Spans an I- opens at a sentence start or after `O`: IOB1's mark, malformed in IOB2. */
  iob1: number;
  /** Spans a B- opens at a sentence start or after `O`, where IOB1 writes I-: IOB2's mark. */
  iob2: number;
}

/** Adds to `evidence` what one sentence's tags show. */
function addEvidence(evidence: SchemeEvidence, tags: readonly string[]): void {
  for (let index = 0; index < tags.length; index++) {
    const tag = tags[index];
    if (/^[SEUL]-/u.test(tag)) evidence.bioes = true;
    if (index > 0 && tags[index - 1] !== 'O') continue; // after another span: either scheme may write either
    if (tag.startsWith('I-')) evidence.iob1++;
    else if (tag.startsWith('B-')) evidence.iob2++;
  }
}

/**
 * BIOES when any tag is S-, E-, L- or U-; else IOB1 when more spans open with I- than with a B-
 * IOB1 would not write (a stray I- in an IOB2 file is IOB2's malformed tag, counted, not a reason to
 * read the whole file as IOB1); else IOB2.
 */
function schemeOf(evidence: SchemeEvidence): TagScheme {
  if (evidence.bioes) return 'BIOES';
  return evidence.iob1 > evidence.iob2 ? 'IOB1' : 'IOB2';
}

/** The scheme of a file's tags, one array per sentence (see {@link schemeOf}). */
export function detectScheme(sentences: Iterable<readonly string[]>): TagScheme {
  const evidence: SchemeEvidence = { bioes: false, iob1: 0, iob2: 0 };
  for (const tags of sentences) addEvidence(evidence, tags);
  return schemeOf(evidence);
}

/**
 * Reads a file's sentences as they come, when its scheme is known only at its end: the spans do
 * not depend on the scheme, so each sentence is read at once, and the tags each scheme would call
 * malformed are tallied, to report those of the scheme the whole file shows.
 */
export class TagTally {
  private readonly evidence: SchemeEvidence = { bioes: false, iob1: 0, iob2: 0 };
  private readonly malformed = new Map<TagScheme, { count: number; line: number }>();

  /** The sentence's spans; `lineOf(index)` is the line of the tag at `index`, for the report. */
  read(tokens: readonly TokenRange[], tags: readonly string[], lineOf: (index: number) => number): SpanPlace[] {
    addEvidence(this.evidence, tags);
    if (tags.every((tag) => tag === 'O')) return [];
    const { spans, malformed } = readTags(tokens, tags);
    for (const scheme of TAG_SCHEMES) {
      const found = malformed[scheme];
      if (found.length === 0) continue;
      const known = this.malformed.get(scheme);
      if (known) known.count += found.length;
      else this.malformed.set(scheme, { count: found.length, line: lineOf(found[0]) });
    }
    return spans;
  }

  /** The scheme of the sentences read so far (see {@link detectScheme}). */
  get scheme(): TagScheme {
    return schemeOf(this.evidence);
  }

  /**
   * What the import preview says about the tags: the scheme, and how many tags did not follow it
   * (repaired, so they arrive: a note, not a loss). `where` names the first, e.g. "on line 17".
   */
  note(where: (line: number) => string): string {
    const scheme = this.scheme;
    const found = this.malformed.get(scheme);
    const read = `Tags read as ${scheme}.`;
    if (!found) return read;
    const count = found.count === 1 ? '1 tag did' : `${found.count} tags did`;
    const repaired = found.count === 1 ? 'was repaired' : 'were repaired';
    return `${read} ${count} not follow ${scheme} (the first ${where(found.line)}) and ${repaired}: ${REPAIRS[scheme]}.`;
  }
}

/** How {@link spansFromTags} repairs what each scheme calls malformed, as the import note says it. */
const REPAIRS: Record<TagScheme, string> = {
  IOB1: 'E- and S- tags read as in BIOES',
  IOB2: 'an I- without its B- starts a span',
  BIOES: 'an I- or E- without its B- starts a span, and a span without its E- ends before the next tag',
};

/** A token file's tags for one text, and the spans they cannot carry. */
export interface TokenTags<T extends SpanPlace> {
  /** The text's tokens under the rule asked (`tokenize(text)` by default). */
  tokens: TokenRange[];
  /** IOB2, one per token. */
  tags: string[];
  /**
   * Spans written whose start or end is not a token boundary (inside a token, or in white space):
   * written as the whole tokens they touch. Reading order.
   */
  unaligned: T[];
  /** Spans that touch no token (white space only, or empty): not written. Reading order. */
  untokened: T[];
  /**
   * Spans left out whole because a token they cover carries a longer span (a token holds one tag):
   * never written cut down. Reading order.
   */
  overlapping: T[];
}

/**
 * IOB2 tags for the tokens of `text` (`tokenize` of `model/tokens.ts`, or under another `rule`): `B-` on a span's first
 * token, `I-` on the others, `O` on tokens no written span covers. A token holds one tag, so where
 * spans share a token only one of them is written, whole: the one of most tokens, then one on token
 * boundaries, then the first in reading order (spaCy's `filter_spans` rule, but for the boundaries); the others are left out whole, never cut down
 * to the tokens left free. Spans with the same place and label are one span. The spans the tags
 * do not carry as they are are returned (see {@link TokenTags}); their counts are the lists' lengths.
 *
 * @see https://en.wikipedia.org/wiki/Inside%E2%80%93outside%E2%80%93beginning_(tagging)
 * @see https://spacy.io/api/top-level#util.filter_spans
 */
export function tagsFromSpans<T extends SpanPlace>(
  text: string,
  spans: readonly T[],
  rule: TokenRule = 'words',
): TokenTags<T> {
  const tokens = tokensOf(text, rule);
  /** Each distinct span with the tokens it covers (a token it overlaps by one code point is covered). */
  const candidates: { span: T; first: number; after: number; order: number; aligned: boolean }[] = [];
  const untokened: T[] = [];
  let last: T | null = null;
  for (const span of sortSpans(spans)) {
    // Reading order puts a span said twice next to itself.
    if (last !== null && samePlace(last, span)) continue;
    last = span;
    const first = firstEndingAfter(tokens, span.start);
    let after = first;
    while (after < tokens.length && tokens[after].start < span.end) after++;
    if (span.start < span.end && after > first)
      candidates.push({ span, first, after, order: candidates.length, aligned: onBoundary(tokens, span) });
    else untokened.push(span);
  }

  const owner: (T | null)[] = new Array<T | null>(tokens.length).fill(null);
  /** The spans written that the tokens widen. */
  const widened: T[] = [];
  const overlapping: T[] = [];
  // The span of most tokens; of those, one on token boundaries before one the tokens would widen ("Russia’s" before
  // "Russia" in the token "Russia’s"); else the first.
  const byLength = [...candidates].sort(
    (left, right) =>
      right.after - right.first - (left.after - left.first) ||
      Number(right.aligned) - Number(left.aligned) ||
      left.order - right.order,
  );
  for (const { span, first, after, aligned } of byLength) {
    let free = true;
    for (let index = first; index < after && free; index++) free = owner[index] === null;
    if (!free) {
      overlapping.push(span);
      continue;
    }
    for (let index = first; index < after; index++) owner[index] = span;
    if (!aligned) widened.push(span);
  }

  const tags = owner.map((span, index) =>
    span === null ? 'O' : `${index > 0 && owner[index - 1] === span ? 'I' : 'B'}-${span.label}`,
  );
  return { tokens, tags, unaligned: sortSpans(widened), untokened, overlapping: sortSpans(overlapping) };
}

/** True when `span` starts where a token starts and ends where a token ends (binary search). */
function onBoundary(tokens: readonly TokenRange[], span: SpanPlace): boolean {
  const first = firstEndingAfter(tokens, span.start);
  const last = firstEndingAfter(tokens, span.end - 1);
  return (
    first < tokens.length && tokens[first].start === span.start && last < tokens.length && tokens[last].end === span.end
  );
}

/** The index of the first token that ends after `offset` (tokens.length when none does). */
export function firstEndingAfter(tokens: readonly TokenRange[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle].end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The spans CoNLL writes tags for: those within one line of the text, a line being a sentence
 * (Hugging Face, a line per document, writes them all). A span across a line
 * break (Python's, `LINE_BREAK`) is left out whole before overlaps are settled: never cut, never in another's way.
 */
export function withinLines<T extends { text: string }>(spans: readonly T[]): { kept: T[]; crossing: T[] } {
  const kept: T[] = [];
  const crossing: T[] = [];
  // A line break (Python's) between other characters of its text (one at its edge is white space, not a break).
  for (const span of spans) (LINE_BREAK.test(span.text.replace(EDGE_SPACES, '')) ? crossing : kept).push(span);
  return { kept, crossing };
}
