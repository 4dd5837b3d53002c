/**
 * Word tokens of a text, and the label each token has in a layer of spans: the label of the
 * innermost span covering it (`innermost.ts`), or {@link OUTSIDE}. Token agreement counts these
 * categories; a token export (IOB, Hugging Face) writes them.
 *
 * Offsets in and out are Unicode code points, end exclusive; inside, the text is scanned as UTF-16.
 */
import { innermostOf } from './innermost';
import { CodePointIndex } from './offsets';
import type { SpanPlace } from './spanIdentity';

/** A token's extent in code points, end exclusive. */
export interface TokenRange {
  start: number;
  end: number;
}

/** The category of a token that no span of the layer covers. A label named `O` is indistinguishable from it. */
export const OUTSIDE = 'O';

/** A letter, digit or combining mark: the characters a word is made of. */
const WORD_CHARACTER = String.raw`[\p{L}\p{N}\p{M}]`;
/**
 * A run of word characters. Trying an ASCII run first makes the common case a tight loop over an
 * ASCII class instead of one Unicode property lookup per character (about 1.3× faster on
 * English-like text).
 */
const WORD_RUN = String.raw`(?:[A-Za-z0-9]+|${WORD_CHARACTER})+`;
/**
 * A word: word runs joined by an apostrophe (' or ’) with a letter on each side; the letter
 * before may carry combining marks. The apostrophe is matched before the lookbehind so the
 * lookbehind only runs at an apostrophe. Anything else that is not white space is a token alone.
 */
const TOKEN_SOURCE = String.raw`${WORD_RUN}(?:['’](?<=\p{L}\p{M}*['’])(?=\p{L})${WORD_RUN})*|\S`;

/** Every token of a text, in order, with `exec`. */
function tokenPattern(): RegExp {
  return new RegExp(TOKEN_SOURCE, 'gu');
}

/**
 * The white space before a token and the token, sticky: stepping with `test` gives each token's
 * end without a match object and without the search a global regex makes for the next start.
 * `u` so that \s, \S and the classes step over whole code points.
 */
export const NEXT_TOKEN = new RegExp(String.raw`\s*(?:${TOKEN_SOURCE})`, 'uy');
/** White space from a token's end to the next token's start. */
export const SPACES = /\s*/uy;

/**
 * Word tokens of a text: maximal runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`),
 * joined across an inner `'` or `’` that has a letter (possibly followed by combining marks) before
 * it and a letter after it; every other code point that is not white space (JavaScript `\s`) is a
 * token alone. Offsets in code points, end exclusive.
 *
 * @example tokenize("Kim's 🙂 visit.") // Kim's, 🙂, visit, . → [0,5) [6,7) [8,13) [13,14)
 */
export function tokenize(text: string): TokenRange[] {
  const index = new CodePointIndex(text);
  const pattern = tokenPattern();
  const tokens: TokenRange[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    tokens.push({ start: index.toCodePoint(match.index), end: index.toCodePoint(pattern.lastIndex) });
  }
  return tokens;
}

/** A span prepared for the token sweep: UTF-16 extent for overlap tests, code points for ranking. */
interface SweepSpan {
  from: number;
  to: number;
  start: number;
  end: number;
  label: string;
  /** Tokens whose category this span gave, added to the label's count once the document is done. */
  tokens: number;
}

/**
 * The innermost span that covers each token of one layer, for tokens visited in text order: spans
 * enter when they start before the token ends and leave when they end before the token starts,
 * so each token looks only at the spans open around it.
 */
export class CoveringSweep {
  private readonly spans: SweepSpan[];
  private next = 0;
  private readonly open: SweepSpan[] = [];
  /** The innermost open span, or null when it has to be found again. */
  private innermost: SweepSpan | null = null;
  /** UTF-16 start of the next span to enter; Infinity when none is left. */
  private nextFrom: number;
  /** Tokens a span covered. */
  covered = 0;

  constructor(spans: readonly SpanPlace[], index: CodePointIndex) {
    const prepared: SweepSpan[] = [];
    for (const span of spans) {
      // A span without code points covers no token.
      if (!(span.start < span.end)) continue;
      prepared.push({
        from: index.toUtf16(span.start),
        to: index.toUtf16(span.end),
        start: span.start,
        end: span.end,
        label: span.label,
        tokens: 0,
      });
    }
    prepared.sort((left, right) => left.from - right.from);
    this.spans = prepared;
    this.nextFrom = prepared.length > 0 ? prepared[0].from : Infinity;
  }

  /**
   * UTF-16 offset up to which no span covers a token (a token ending at or before it is
   * {@link OUTSIDE}) until the next call of {@link categoryOf}; -1 while a span is open.
   */
  get clearUntil(): number {
    return this.open.length === 0 ? this.nextFrom : -1;
  }

  /**
   * The label of the innermost span covering the token [from, to) (UTF-16), or {@link OUTSIDE}.
   * Tokens must come in text order.
   */
  categoryOf(from: number, to: number): string {
    const spans = this.spans;
    const open = this.open;
    let changed = false;
    while (this.next < spans.length && spans[this.next].from < to) {
      open.push(spans[this.next]);
      this.next++;
      changed = true;
    }
    this.nextFrom = this.next < spans.length ? spans[this.next].from : Infinity;
    // A span ending at or before this token's start ends before every later token too.
    let kept = 0;
    for (let position = 0; position < open.length; position++) {
      if (open[position].to > from) open[kept++] = open[position];
    }
    if (kept !== open.length) {
      open.length = kept;
      changed = true;
    }
    if (kept === 0) return OUTSIDE;
    // The rule of model/innermost.ts, applied to code point offsets.
    if (changed || this.innermost === null) this.innermost = innermostOf(open)!;
    this.innermost.tokens++;
    this.covered++;
    return this.innermost.label;
  }

  /** Adds the tokens each label covered to `categories`. */
  addCategories(categories: Map<string, number>): void {
    for (const span of this.spans)
      if (span.tokens > 0) categories.set(span.label, (categories.get(span.label) ?? 0) + span.tokens);
  }
}

/** Each token of `text` with its category in the layer `spans`: the innermost covering span's label, or {@link OUTSIDE}. */
export function tokenCategories(text: string, spans: readonly SpanPlace[]): { token: TokenRange; category: string }[] {
  const index = new CodePointIndex(text);
  const sweep = new CoveringSweep(spans, index);
  return tokenize(text).map((token) => ({
    token,
    category: sweep.categoryOf(index.toUtf16(token.start), index.toUtf16(token.end)),
  }));
}
