/**
 * Word tokens of a text: the units token agreement counts and a token export (IOB, Hugging Face)
 * writes. The label each token has in a layer is `coveringSweep.ts`'s. Snapping has its own rule
 * (`spans.ts`: "U.S." and "well-known" stay whole) and leaves a clitic out as the tokens do.
 *
 * Offsets in and out are Unicode code points, end exclusive; inside, the text is scanned as UTF-16.
 */
import { CodePointIndex } from './offsets';

/** The token rule in words, for the export dialog's notes (CoNLL, Hugging Face). */
export const TOKEN_RULE_WORDS =
  'runs of letters, digits and marks, an English clitic after an apostrophe (’s, ’re, ’ll) apart; each Han, Hiragana and Katakana character alone, and each character ' +
  'cluster of Thai, Lao, Khmer and Myanmar; any other character with its grapheme cluster, so an emoji is one token';

/** A token's extent in code points, end exclusive. */
export interface TokenRange {
  start: number;
  end: number;
}

/**
 * The category of a token that no span of the layer covers: the empty string, which no label can be
 * named (`labelNameProblem`, and every import refuses an empty label), so a label named `O` is a
 * label like any other. Shown as "no label".
 */
export const OUTSIDE = '';

/**
 * A letter or number of a script written without spaces between words (by script extension): Han,
 * Hiragana, Katakana, Thai, Lao, Khmer, Myanmar. Each starts a token of its own, one grapheme
 * cluster long (with the vowel signs and tone marks on it): there is no word segmentation that
 * every tool agrees on, and a span drawn on any characters then lands on token boundaries.
 */
const IDEOGRAPH = String.raw`(?:(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}])`;
/** White space, never in a token: JavaScript's `\s` and Python's `str.isspace` (U+001C–U+001F, U+0085 NEL too), as `str.split` reads a token file. */
export const SPACE_CHARACTER = String.raw`[\s\x1c-\x1f\x85]`;
/** White space at either end of a text ({@link SPACE_CHARACTER}): what Python's `str.strip()` takes off. */
export const EDGE_SPACES = new RegExp(String.raw`^${SPACE_CHARACTER}+|${SPACE_CHARACTER}+$`, 'gu');
/** A run of white space ({@link SPACE_CHARACTER}): what Python's `str.split()` splits at. */
export const SPACE_RUN = new RegExp(String.raw`${SPACE_CHARACTER}+`, 'gu');
/** A line break, where a token file's sentence ends: any character Python's `str.splitlines()` splits at. */
export const LINE_BREAK = new RegExp(String.raw`[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]`, 'u');
/** Any character but white space ({@link SPACE_CHARACTER}). */
const NOT_SPACE = String.raw`[^\s\x1c-\x1f\x85]`;
/** A letter, digit or combining mark other than an ideograph: the characters a word is made of. */
const WORD_CHARACTER = String.raw`(?:(?!${IDEOGRAPH})[\p{L}\p{N}\p{M}])`;
/** A run of word characters. */
const WORD_RUN = String.raw`${WORD_CHARACTER}+`;
/**
 * Characters that are not word characters but continue a grapheme cluster (a zero-width joiner or
 * non-joiner, an emoji skin tone, a tag character): they stay with the word before them.
 */
const WORD_EXTENDER = String.raw`(?:(?![\p{L}\p{N}\p{M}])[\p{Grapheme_Extend}\p{Emoji_Modifier}\u200D])`;
/**
 * An English clitic after an apostrophe that ends a word: `s`, `re`, `ve`, `ll`, `d` or `m`, in any case
 * (Korea’s, they're, I'M), with no letter, digit or mark after it. A token of its own with its apostrophe,
 * as spaCy and the Penn Treebank split it: "North Korea" is two tokens of "North Korea’s".
 */
const CLITIC = String.raw`(?:[sSdDmM]|[rR][eE]|[vV][eE]|[lL][lL])(?![\p{L}\p{N}\p{M}])`;
/**
 * The token rule as a regular expression, with one step it cannot say. Its first alternative (the
 * group `word`) is a word or a clitic. A word is word runs joined by an apostrophe (' or ’) with a letter on
 * each side (the letter before may carry combining marks) unless a {@link CLITIC} follows the apostrophe,
 * then the grapheme extenders after it. A clitic is an apostrophe right after a word character, the
 * {@link CLITIC}, then the grapheme extenders after it; or an apostrophe and a {@link CLITIC} standing alone
 * between white space or the text's ends ("Germany 's", as a token file has it, and spaCy keeps it). Its second alternative starts at an
 * ideograph or any other character that is not white space and runs over what is not white space, a
 * letter or a digit (ideographs aside); that token is only the first extended grapheme cluster of
 * the match (`Intl.Segmenter`, granularity `grapheme`), and the next token is looked for after it.
 * So 北京 is two tokens, and 🇺🇦, 👩‍👩‍👧 and 🏳️‍🌈 are one each.
 *
 * The scanner below implements exactly this (a property test holds it to it): the expression, with
 * its Unicode classes and lookbehind, took 40% of the Review page's figures, and the segmenter is
 * called only where two characters may share a cluster.
 */
export const TOKEN_RULE = new RegExp(
  String.raw`(?<word>${WORD_RUN}(?:['’](?<=\p{L}\p{M}*['’])(?!${CLITIC})(?=\p{L})${WORD_RUN})*${WORD_EXTENDER}*|(?<=${WORD_CHARACTER})['’]${CLITIC}${WORD_EXTENDER}*|(?<=^|${SPACE_CHARACTER})['’]${CLITIC}(?=$|${SPACE_CHARACTER}))|${NOT_SPACE}(?:(?![\p{L}\p{N}])${NOT_SPACE}|${IDEOGRAPH})*`,
  'gu',
);

const KNOWN = 1;
const LETTER = 2;
const WORD = 4;
const MARK = 8;
const SPACE = 16;
/** An ideograph ({@link IDEOGRAPH}): a word character that is a token alone. */
const IDEOGRAPHIC = 32;
/** A letter or digit (not a mark): a cluster token is cut before one, unless it is an ideograph. */
const LETTER_OR_DIGIT = 64;
/** May continue the grapheme cluster of the character before it (a superset: marks, format characters, skin tones, regional indicators). */
const CONTINUES = 128;
/** A {@link WORD_EXTENDER}. */
const EXTENDS_WORD = 256;
/** Always extends the cluster before it (GCB Extend): a non-spacing or enclosing mark, an emoji skin tone. */
const EXTENDS_CLUSTER = 512;
/** A regional indicator: two make a flag. */
const REGIONAL = 1024;
/** Breaks a cluster after it, or may join what follows for reasons other than {@link EXTENDS_CLUSTER}: controls, format characters, unassigned, surrogates. */
const CONTROL_LIKE = 2048;
const IS_EXTENDING = /^[\p{Mn}\p{Me}\p{Emoji_Modifier}]$/u;
const IS_REGIONAL = /^\p{Regional_Indicator}$/u;
const IS_CONTROL_LIKE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]$/u;
const IS_LETTER = /^\p{L}$/u;
const IS_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const IS_MARK = /^\p{M}$/u;
const IS_SPACE = new RegExp(String.raw`^${SPACE_CHARACTER}$`, 'u');
const IS_LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const IS_IDEOGRAPH = new RegExp(String.raw`^${IDEOGRAPH}$`, 'u');
const IS_WORD_EXTENDER = new RegExp(String.raw`^${WORD_EXTENDER}$`, 'u');
/** Also the letters that are spacing marks of a cluster (Thai and Lao AM): they join the letter before them. */
const IS_CONTINUING = /^[\p{M}\p{Cf}\p{Emoji_Modifier}\p{Regional_Indicator}\p{Grapheme_Extend}\u0E33\u0EB3]$/u;

function classify(character: string): number {
  return (
    KNOWN |
    (IS_LETTER.test(character) ? LETTER : 0) |
    (IS_WORD.test(character) && !IS_IDEOGRAPH.test(character) ? WORD : 0) |
    (IS_MARK.test(character) ? MARK : 0) |
    (IS_SPACE.test(character) ? SPACE : 0) |
    (IS_IDEOGRAPH.test(character) ? IDEOGRAPHIC : 0) |
    (IS_LETTER_OR_DIGIT.test(character) ? LETTER_OR_DIGIT : 0) |
    (IS_CONTINUING.test(character) ? CONTINUES : 0) |
    (IS_WORD_EXTENDER.test(character) ? EXTENDS_WORD : 0) |
    (IS_EXTENDING.test(character) ? EXTENDS_CLUSTER : 0) |
    (IS_REGIONAL.test(character) ? REGIONAL : 0) |
    (IS_CONTROL_LIKE.test(character) ? CONTROL_LIKE : 0)
  );
}

/** The classes of each UTF-16 code unit (a lone surrogate stands for itself), filled as they are met. */
const UNIT_CLASSES = new Uint16Array(0x10000);
for (let code = 0; code < 0x80; code++) UNIT_CLASSES[code] = classify(String.fromCharCode(code));
const ASTRAL_CLASSES = new Map<number, number>();

/** The classes of the code point starting at `position`; its length is 2 for a surrogate pair. */
function classesAt(text: string, position: number): number {
  const unit = text.charCodeAt(position);
  if (unit >= 0xd800 && unit <= 0xdbff && position + 1 < text.length) {
    const low = text.charCodeAt(position + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const code = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      let classes = ASTRAL_CLASSES.get(code);
      if (classes === undefined) ASTRAL_CLASSES.set(code, (classes = classify(String.fromCodePoint(code))));
      return classes;
    }
  }
  let classes = UNIT_CLASSES[unit];
  if (classes === 0) UNIT_CLASSES[unit] = classes = classify(String.fromCharCode(unit));
  return classes;
}

/** The length in code units of the code point starting at `position`. */
function widthAt(text: string, position: number): number {
  const unit = text.charCodeAt(position);
  if (unit >= 0xd800 && unit <= 0xdbff && position + 1 < text.length) {
    const low = text.charCodeAt(position + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

/** The start of the code point ending just before `position`. */
function previousStart(text: string, position: number): number {
  const unit = text.charCodeAt(position - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && position >= 2) {
    const high = text.charCodeAt(position - 2);
    if (high >= 0xd800 && high <= 0xdbff) return position - 2;
  }
  return position - 1;
}

/** Whether a letter, then only combining marks, come just before `position`. */
function letterBefore(text: string, position: number): boolean {
  while (position > 0) {
    position = previousStart(text, position);
    const classes = classesAt(text, position);
    if (classes & LETTER) return true;
    if ((classes & MARK) === 0) return false;
  }
  return false;
}

/** The first position at or after `position` that is not white space ({@link SPACE_CHARACTER}). */
export function skipSpaces(text: string, position: number): number {
  const length = text.length;
  while (position < length) {
    const unit = text.charCodeAt(position);
    // Every white space character is one code unit.
    if (!(
      unit === 32 ||
      (unit >= 9 && unit <= 13) ||
      (unit >= 0x1c && unit <= 0x1f) ||
      (unit >= 0x80 && classesAt(text, position) & SPACE)
    ))
      return position;
    position++;
  }
  return position;
}

/**
 * The end (UTF-16) of the first token at or after `position`, white space before it skipped; -1
 * when no token is left. Stepping `end = nextTokenEnd(text, end)` visits every token in order.
 */
export function nextTokenEnd(text: string, position: number): number {
  const length = text.length;
  // White space, then the token's first code point; ASCII is read from UNIT_CLASSES directly.
  let classes: number;
  let first: number;
  for (;;) {
    if (position >= length) return -1;
    first = text.charCodeAt(position);
    classes = first < 0x80 ? UNIT_CLASSES[first] : classesAt(text, position);
    if ((classes & SPACE) === 0) break;
    position++;
  }
  if ((classes & WORD) === 0) {
    // An apostrophe right after a word may start a clitic ("’s" of "Korea’s").
    if ((first === 0x27 || first === 0x2019) && startsClitic(text, position))
      return withExtenders(text, cliticEnd(text, position + 1));
    return clusterTokenEnd(text, position, classes);
  }
  let unit = 0;
  let end = position + widthAt(text, position);
  for (;;) {
    // The word run, ASCII letters and digits in a tight loop.
    while (end < length) {
      unit = text.charCodeAt(end);
      if (unit < 0x80) {
        if ((UNIT_CLASSES[unit] & WORD) === 0) break;
        end++;
      } else if (classesAt(text, end) & WORD) end += widthAt(text, end);
      else break;
    }
    if (end >= length || (unit !== 0x27 && unit !== 0x2019)) break;
    const after = end + 1;
    if (after >= length || (classesAt(text, after) & (LETTER | IDEOGRAPHIC)) !== LETTER || !letterBefore(text, end))
      break;
    // A clitic after the apostrophe is a token of its own.
    if (cliticEnd(text, after) >= 0) break;
    end = after;
  }
  return withExtenders(text, end);
}

/** `end`, past the joiners, skin tones and tag characters that stay with the word before them (ASCII never does). */
function withExtenders(text: string, end: number): number {
  while (end < text.length && text.charCodeAt(end) >= 0x80 && classesAt(text, end) & EXTENDS_WORD)
    end += widthAt(text, end);
  return end;
}

/**
 * Whether the apostrophe at UTF-16 `position` starts a clitic token ({@link CLITIC}): a word character before
 * it and a clitic after it that ends the word ("’s" of "Korea’s", not "’sa"), or a clitic standing alone
 * between white space or the text's ends ("Germany 's", as a token file writes it; not "'S'").
 */
export function startsClitic(text: string, position: number): boolean {
  const unit = text.charCodeAt(position);
  if (unit !== 0x27 && unit !== 0x2019) return false;
  const end = cliticEnd(text, position + 1);
  if (end < 0) return false;
  const before = position === 0 ? SPACE : classesAt(text, previousStart(text, position));
  if (before & WORD) return true;
  return (before & SPACE) !== 0 && (end === text.length || (classesAt(text, end) & SPACE) !== 0);
}

/**
 * Where the clitic whose letters end at UTF-16 `end` starts (its apostrophe), or -1 when no clitic's letters end
 * there (a joiner after them is not looked past).
 */
export function cliticBefore(text: string, end: number): number {
  for (const length of [1, 2]) {
    const apostrophe = end - length - 1;
    if (apostrophe > 0 && startsClitic(text, apostrophe) && cliticEnd(text, apostrophe + 1) === end) return apostrophe;
  }
  return -1;
}

/** The clitics of {@link CLITIC}, in lower case. */
const CLITICS = ['s', 're', 've', 'll', 'd', 'm'];

/**
 * The end (UTF-16) of the {@link CLITIC} starting at `position`, just after an apostrophe: its letters, in any
 * case, with no letter, digit or mark after them; -1 when none starts there.
 */
function cliticEnd(text: string, position: number): number {
  for (const clitic of CLITICS) {
    const end = position + clitic.length;
    if (end > text.length || text.slice(position, end).toLowerCase() !== clitic) continue;
    if (end < text.length && classesAt(text, end) & (WORD | IDEOGRAPHIC)) return -1;
    return end;
  }
  return -1;
}

/**
 * The end of the token that starts at `position` with an ideograph or another character that is
 * not part of a word (its `classes`): its extended grapheme cluster, cut before white space or a
 * letter or digit that is not an ideograph. The segmenter is asked only when the next character
 * may share the cluster.
 */
function clusterTokenEnd(text: string, position: number, classes: number): number {
  const next = position + widthAt(text, position);
  if (next >= text.length) return next;
  const following = classesAt(text, next);
  if (following & SPACE || (following & (LETTER_OR_DIGIT | IDEOGRAPHIC)) === LETTER_OR_DIGIT) return next;
  // A cluster goes on past one character only before an extending one, or after a prepended or regional one.
  if (((following | classes) & CONTINUES) === 0) return next;
  // The common emoji shapes without the segmenter: a base with skin tones or marks, a flag. Not a letter
  // of a script without spaces: a sign after it may join the next letter too (Khmer's coeng, Myanmar's virama).
  if ((classes & (CONTROL_LIKE | REGIONAL | IDEOGRAPHIC)) === 0 || (classes & following & REGIONAL) !== 0) {
    let end = classes & REGIONAL ? next + widthAt(text, next) : next;
    while (end < text.length && classesAt(text, end) & EXTENDS_CLUSTER) end += widthAt(text, end);
    if (end >= text.length || (classesAt(text, end) & CONTINUES) === 0) return end;
  }
  const clusterEnd = graphemeEnd(text, position);
  let end = next;
  while (end < clusterEnd) {
    const inside = classesAt(text, end);
    if (inside & SPACE || (inside & (LETTER_OR_DIGIT | IDEOGRAPHIC)) === LETTER_OR_DIGIT) break;
    end += widthAt(text, end);
  }
  return end;
}

let graphemes: Intl.Segmenter | null = null;

/**
 * The end of the extended grapheme cluster that starts at `position` (`Intl.Segmenter`), read from
 * a window of the text that doubles until the cluster ends inside it: a cluster's end depends only
 * on the characters up to the next one.
 */
function graphemeEnd(text: string, position: number): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (let size = 32; ; size *= 2) {
    const windowEnd = Math.min(text.length, position + size);
    const first = graphemes.segment(text.slice(position, windowEnd))[Symbol.iterator]().next();
    const end = position + (first.done ? 0 : first.value.segment.length);
    if (end < windowEnd || windowEnd === text.length) return end;
  }
}

/**
 * Word tokens of a text: maximal runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`),
 * joined across an inner `'` or `’` that has a letter (possibly followed by combining marks) before
 * it and a letter after it, unless an English clitic follows it (`'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`: a
 * token with its apostrophe); every other code point that is not white space (JavaScript `\s`,
 * U+001C–U+001F, U+0085) is a token alone ({@link TOKEN_RULE}). Offsets in code points, end exclusive.
 *
 * @example tokenize("Kim's 🙂 visit.") // Kim, 's, 🙂, visit, . → [0,3) [3,5) [6,7) [8,13) [13,14)
 */
export function tokenize(text: string): TokenRange[] {
  const index = new CodePointIndex(text);
  const tokens: TokenRange[] = [];
  for (let end = nextTokenEnd(text, 0), from = 0; end >= 0; from = end, end = nextTokenEnd(text, end)) {
    tokens.push({ start: index.toCodePoint(skipSpaces(text, from)), end: index.toCodePoint(end) });
  }
  return tokens;
}
