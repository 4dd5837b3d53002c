/**
 * The label each token of a text has in a layer of spans: the label of the innermost span covering it
 * (`innermost.ts`), or {@link OUTSIDE}, found by one sweep over the tokens in text order. Token
 * agreement counts these categories; a token export (IOB, Hugging Face) writes them.
 */
import { innermostOf } from './innermost';
import { CodePointIndex } from './offsets';
import type { SpanPlace } from './spanIdentity';
import { OUTSIDE, tokenize, type TokenRange } from './tokens';

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
  /**
   * The labels of the spans on exactly the innermost one's stretch covering the last token, its own first, when there
   * are others (a layer holding two labels there: gold keeping both versions); else null.
   */
  tied: readonly string[] | null = null;

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
    if (kept === 0) {
      this.tied = null;
      return OUTSIDE;
    }
    // The rule of model/innermost.ts, applied to code point offsets.
    if (changed || this.innermost === null) {
      this.innermost = innermostOf(open)!;
      this.tied = tiedWith(this.innermost, open);
    }
    this.innermost.tokens++;
    this.covered++;
    return this.innermost.label;
  }

  /**
   * The last token is counted under `label`, one of {@link tied}, rather than the innermost span's label (a pair read
   * fairly, {@link fairPair}).
   */
  recount(label: string): void {
    const inner = this.innermost;
    const other = inner && this.open.find((span) => span.label === label && sameStretch(span, inner));
    if (!inner || !other) return;
    inner.tokens--;
    other.tokens++;
  }

  /** Adds the tokens each label covered to `categories`. */
  addCategories(categories: Map<string, number>): void {
    for (const span of this.spans)
      if (span.tokens > 0) categories.set(span.label, (categories.get(span.label) ?? 0) + span.tokens);
  }
}

const sameStretch = (left: SweepSpan, right: SweepSpan) => left.start === right.start && left.end === right.end;

/** The labels of `open`'s spans on exactly `inner`'s stretch, `inner`'s first, when any has another label; else null. */
function tiedWith(inner: SweepSpan, open: readonly SweepSpan[]): string[] | null {
  let tied: string[] | null = null;
  for (const span of open)
    if (span !== inner && span.label !== inner.label && sameStretch(span, inner) && !tied?.includes(span.label))
      (tied ??= [inner.label]).push(span.label);
  return tied;
}

/**
 * The categories two coders give one token, read fairly where a layer holds several labels on one stretch (`rowTied`,
 * `columnTied`: {@link CoveringSweep.tied}): the label both hold there, where there is one, rather than the one the
 * nesting order (which ends on label names) put first. Gold keeping a claim and a denial on one stretch then agrees
 * with an annotator who said either (helper-209: against gold, one scored 1, the other less, by the labels' names).
 */
export function fairPair(
  row: string,
  rowTied: readonly string[] | null,
  column: string,
  columnTied: readonly string[] | null,
): [string, string] {
  if (row === column) return [row, column];
  if (rowTied?.includes(column)) return [column, column];
  if (columnTied?.includes(row)) return [row, row];
  const shared = rowTied?.filter((label) => columnTied?.includes(label)).sort()[0];
  return shared === undefined ? [row, column] : [shared, shared];
}

/**
 * Each token of `text` with its category in the layer `spans`: the innermost covering span's label, or {@link OUTSIDE};
 * `tied`, the labels of the spans on exactly that span's stretch where there are several ({@link CoveringSweep.tied}).
 */
export function tokenCategories(
  text: string,
  spans: readonly SpanPlace[],
): { token: TokenRange; category: string; tied: readonly string[] | null }[] {
  const index = new CodePointIndex(text);
  const sweep = new CoveringSweep(spans, index);
  return tokenize(text).map((token) => ({
    token,
    category: sweep.categoryOf(index.toUtf16(token.start), index.toUtf16(token.end)),
    tied: sweep.tied,
  }));
}
