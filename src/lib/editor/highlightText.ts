import type { RangeSpan } from '../model/spans';

/** What the hover text says of a span: its label, text and note. */
interface SpanDetail {
  label: string;
  note?: string;
  text?: string;
}

/**
 * Label names as one space-separated attribute value (UI-CONTRACT: `data-label` lists labels
 * separated by spaces). A name may hold spaces (`Person Name`, as Label Studio allows), so a space
 * in a name is written `%20` and a `%` as `%25`: `[data-label~="claim"]` still finds `claim`, and
 * `Person Name` is one entry, `Person%20Name`, never two.
 */
export function labelList(names: readonly string[]): string {
  return names.map((name) => name.replaceAll('%', '%25').replaceAll(' ', '%20')).join(' ');
}

/** Longest span text a title quotes whole. */
const TITLE_TEXT = 400;

/** One covering span in the hover text: its label, its whole text, its note ("claim: “Kim Jong Un” — note"). */
export function spanLine(span: SpanDetail): string | null {
  const text =
    span.text === undefined
      ? ''
      : `“${span.text.length > TITLE_TEXT ? `${span.text.slice(0, TITLE_TEXT)}…` : span.text}”`;
  const note = span.note ?? '';
  if (!text && !note) return null;
  return `${span.label}: ${text}${text && note ? ' — ' : ''}${note}`;
}

/** The hover text: the labels, then each covering span on a line of its own (its text and note). */
export function titleOf(
  labels: readonly string[],
  spans: readonly RangeSpan[],
  details: ReadonlyMap<string, SpanDetail>,
): string {
  let title = labels.join(' + ');
  for (const span of spans) {
    const detail = details.get(span.id);
    const line = detail && spanLine(detail);
    if (line) title += `\n${line}`;
  }
  return title;
}
