/**
 * What a token file (CoNLL, Hugging Face) can not carry of a record, counted and named for the
 * export dialog before the download: spans it cannot hold as they are, and texts with no token.
 */
import type { SpanPlace } from '../model/spanIdentity';
import { nextTokenEnd } from '../model/tokens';
import { clip, quote } from './errorMessages';
import type { Loss } from './format';
import type { AnnotatedRecord } from './records';
import { tagsFromSpans, withinLines } from './tokenTags';
import type { TokenRule } from './tokenRule';

/** At most this many of each kind of span a token file leaves out are named (the export dialog lists them). */
export const MAX_EXAMPLES = 200;

/** A span as an example in a loss: `"Kim Jong" 12–20 (visit)`. */
export function spanExample(span: SpanPlace & { text: string }): string {
  return `${quote(span.text)} ${span.start}–${span.end} (${clip(span.label)})`;
}

/**
 * A document with no token (empty, or white space only): a token file holds a text as its tokens,
 * so it holds nothing of this one and reading the file back gives no document (`why` says so for the
 * format). Once per document.
 */
export function noTokenLoss(record: AnnotatedRecord, why: string): Loss[] {
  if (nextTokenEnd(record.text, 0) >= 0) return [];
  return [
    {
      what: 'documents with no token (empty, or white space only)',
      why,
      count: 1,
      examples: [quote(record.title || record.id)],
      perDocument: true,
    },
  ];
}

/** What writing `record` as IOB2 token tags leaves out: spans across a line break (when `linesAreSentences`), and what {@link tagsFromSpans} names. */
export function tagLosses(record: AnnotatedRecord, linesAreSentences = true, rule: TokenRule = 'words'): Loss[] {
  if (record.spans.length === 0) return [];
  const { kept, crossing } = linesAreSentences ? withinLines(record.spans) : { kept: record.spans, crossing: [] };
  const { unaligned, untokened, overlapping } = tagsFromSpans(record.text, kept, rule);
  return spanLosses([
    [
      unaligned,
      'spans not on token boundaries',
      'a token file holds whole tokens: these are written as the tokens they touch',
      false,
    ],
    [
      untokened,
      'spans over white space only',
      'a token file holds tokens, and these cover none: they are not written',
      true,
    ],
    [
      overlapping,
      'overlapping spans',
      'a token holds one tag: where spans share a token, the span of most tokens (else one on token boundaries, else the first) is written and these are left out whole',
      true,
    ],
    [
      crossing,
      'spans across a line break',
      'a sentence of a token file is one line of the text: these are left out whole, not cut at the line break',
      true,
    ],
  ]);
}

/** Each kind of span a token file can not carry as it is: the spans, what they are, why, whether left out whole. */
export type SpanKind = [
  spans: readonly (SpanPlace & { text: string })[],
  what: string,
  why: string,
  unwritten: boolean,
];

/** The losses of `kinds` that hold spans, each counted and named by its first spans. */
export function spanLosses(kinds: readonly SpanKind[]): Loss[] {
  return kinds
    .filter(([spans]) => spans.length > 0)
    .map(([spans, what, why, unwritten]) => ({
      what,
      why,
      count: spans.length,
      examples: spans.slice(0, MAX_EXAMPLES).map(spanExample),
      ...(unwritten ? { unwritten: true as const } : {}),
    }));
}
