/**
 * How a highlight looks in the DOM, as plain functions with no ProseMirror in them: the attributes
 * of a highlighted segment and the tag after a span. The editor's decorations (`highlights.ts`)
 * and the plain first rendering of a text (`plainText.ts`) both draw from here, so the two look
 * the same and the switch from one to the other changes nothing on screen.
 */
import type { RangeSpan, Segment, SpanLayer } from '../model/spans';
import { compareReading, isSorted } from '../model/spanOrder';
import { cutGraphemes, inQuotes } from '../model/graphemes';
import { labelList } from './labelList';

/** A span in text offsets (UTF-16 code units of the document text), end exclusive. */
export interface TextSpan {
  id: string;
  label: string;
  start16: number;
  end16: number;
  /** How it is drawn where a view shows several layers (model/spans.ts `SpanLayer`); none: the open layer. */
  layer?: SpanLayer;
  /** The annotator's note, shown on hover (as the title attribute's text). */
  note?: string;
  /** The span's text, shown whole on hover (and in its tag's title). */
  text?: string;
}

/** The order highlights keep their spans in: reading order (`model/spanOrder.ts`) over UTF-16 offsets. */
export function compareTextSpans(a: TextSpan, b: TextSpan): number {
  return compareReading(a.start16, a.end16, a.label, a.id, b.start16, b.end16, b.label, b.id);
}

/** `spans` itself when already in highlight order (the usual case), else a sorted copy. */
export function inHighlightOrder(spans: readonly TextSpan[]): readonly TextSpan[] {
  return isSorted(spans, compareTextSpans) ? spans : [...spans].sort(compareTextSpans);
}

export const FALLBACK_COLOUR = '#777777';

/** What a segment's attributes are drawn from. */
export interface MarkupInput {
  colours: ReadonlyMap<string, string>;
  selectedId: string | null;
}

/** How a label of each layer is read out: the open layer's (and gold's) as it is. */
const SAID: Record<SpanLayer, string> = { gold: '', a: 'A: ', b: 'B: ', differ: '', suggestion: 'suggested ' };

/** The attributes of the element a highlighted segment's text sits in; `details` holds the spans with a text or note. */
export function segmentAttributes(
  segment: Segment,
  input: MarkupInput,
  details: ReadonlyMap<string, TextSpan>,
): Record<string, string> {
  // In nesting order, so the innermost (model/innermost.ts) is last.
  const all = segment.spans;
  const colourOf = (label: string) => input.colours.get(label) ?? FALLBACK_COLOUR;
  const own = all.filter((span) => span.layer === undefined || span.layer === 'gold');
  const inLayer = (layer: SpanLayer) => all.filter((span) => span.layer === layer);
  const [a, b, suggested] = [inLayer('a'), inLayer('b'), inLayer('suggestion')];
  // One 2px underline band per covering span of the layer shown, the innermost lowest (by the edge in
  // its colour) and listed first, as the first shadow is painted on top of the taller outer ones; a
  // compared annotator's span is a band above (A) or below (B) the text.
  const bands = own.map(
    (span, index) => `inset 0 -${2 * (index + 1)}px 0 0 ${colourOf(own[own.length - 1 - index].label)}`,
  );
  if (a.length > 0) bands.push(`inset 0 3px 0 0 ${colourOf(a[a.length - 1].label)}`);
  if (b.length > 0) bands.push(`inset 0 -${2 * own.length + 3}px 0 0 ${colourOf(b[b.length - 1].label)}`);
  const shown = own.length > 0 ? own : a.length > 0 ? a : b.length > 0 ? b : suggested.length > 0 ? suggested : all;
  const innermost = shown[shown.length - 1];
  const selected = input.selectedId !== null && all.some((span) => span.id === input.selectedId);
  const classes = [own.length > 0 ? 'hl' : 'hl-ref'];
  if (selected) classes.push('hl-selected');
  if (inLayer('differ').length > 0) classes.push('hl-differ');
  if (suggested.length > 0) classes.push('hl-suggestion');
  const labels = [...new Set(all.filter((span) => span.layer !== 'differ').map((span) => span.label))];
  const layers = [...new Set(all.map((span) => span.layer ?? 'own'))];
  const attributes: Record<string, string> = {
    class: classes.join(' '),
    'data-label': labelList(labels),
    'data-depth': String(own.length),
    title: titleOf(labels, all, details),
    // Read out as a highlight with its labels ("mark", "claim"): a screen reader's reading of the text says
    // which words are labelled, not only the colour (the tags are hidden from it).
    role: 'mark',
    style: `--hl:${colourOf(innermost.label)}${bands.length > 0 ? `;box-shadow:${bands.join(',')}` : ''}`,
  };
  // Each label as a reader needs it: whose (A's or B's in the review) or only suggested.
  const said = new Set(
    all.flatMap((span) => (span.layer === 'differ' ? [] : [SAID[span.layer ?? 'gold'] + span.label])),
  );
  if (said.size > 0) attributes['aria-description'] = [...said].join(', ');
  // Views of one layer (the workbench) keep the plain attributes; a review view says which layers.
  if (layers.length > 1 || layers[0] !== 'own') attributes['data-layers'] = layers.join(' ');
  if (suggested.length > 0) attributes['data-suggestion'] = labelList(suggested.map((span) => span.label));
  return attributes;
}

/** Longest span text a title quotes whole. */
const TITLE_TEXT = 400;

/** One covering span in the hover text: its label, its whole text, its note ("claim: “Kim Jong Un” — note"). */
export function spanLine(span: TextSpan): string | null {
  const text = span.text === undefined ? '' : inQuotes(cutGraphemes(span.text, TITLE_TEXT));
  const note = span.note ?? '';
  if (!text && !note) return null;
  return `${span.label}: ${text}${text && note ? ' — ' : ''}${note}`;
}

/**
 * The hover text: each covering span on a line of its own (its label, text and note); the labels
 * first, joined, only where a span has no line (no text known) to name it.
 */
function titleOf(
  labels: readonly string[],
  spans: readonly RangeSpan[],
  details: ReadonlyMap<string, TextSpan>,
): string {
  const lines = spans.flatMap((span) => {
    const detail = details.get(span.id);
    const line = detail && spanLine(detail);
    return line ? [line] : [];
  });
  return (lines.length === spans.length && lines.length > 0 ? lines : [labels.join(' + '), ...lines]).join('\n');
}

/** A tag after the last character of `span`: its label (drawn by CSS, so it is no text of the document). */
export function tagElement(document: Document, span: TextSpan, colours: ReadonlyMap<string, string>): HTMLElement {
  const tag = document.createElement('span');
  tag.className = 'hl-tag';
  tag.dataset.tag = span.label;
  tag.title = spanLine(span) ?? span.label;
  tag.style.setProperty('--hl', colours.get(span.label) ?? FALLBACK_COLOUR);
  tag.setAttribute('aria-hidden', 'true');
  return tag;
}

/**
 * The tags of the spans of the open layer ending in (from, to], each with its side: where several
 * stand at one place the shortest span's comes first (the lower side), and a tag's side is drawn
 * from its span alone (its length, then its label), so a tag redrawn alone sorts as the same tag
 * drawn with all others.
 */
export function endingTags(
  spans: readonly TextSpan[],
  colours: ReadonlyMap<string, string>,
  from: number,
  to: number,
): { span: TextSpan; side: number }[] {
  const labels = [...colours.keys()];
  const ending = spans
    .filter((span) => (span.layer === undefined || span.layer === 'gold') && span.end16 > from && span.end16 <= to)
    .sort(
      (a, b) => a.end16 - b.end16 || b.start16 - a.start16 || a.label.localeCompare(b.label) || (a.id < b.id ? -1 : 1),
    );
  let twins = 0;
  return ending.map((span, index) => {
    const previous = ending[index - 1];
    // A second span of the same place and label (an import may hold one) sorts after the first.
    const twin = previous?.end16 === span.end16 && previous.start16 === span.start16 && previous.label === span.label;
    twins = twin ? twins + 1 : 0;
    // Side 1 and up: after the caret (side 0).
    const side =
      1 + (span.end16 - span.start16) * 65_536 + (labels.indexOf(span.label) + 1) * 256 + Math.min(twins, 255);
    return { span, side };
  });
}

/**
 * What is drawn of `spans` (in highlight order) in text range [from, to): the spans reaching into
 * it, as ranges to cut into segments (`segmentSpans`) and as given, and those with a text or a note
 * (a title quotes them) by id.
 */
export function spansWithin(
  spans: readonly TextSpan[],
  from = -Infinity,
  to = Infinity,
): { ranges: RangeSpan[]; within: TextSpan[]; details: Map<string, TextSpan> } {
  const ranges: RangeSpan[] = [];
  const within: TextSpan[] = [];
  const details = new Map<string, TextSpan>();
  for (const span of spans) {
    if (span.start16 >= to) break; // sorted by start: nothing later can reach into the range
    if (span.end16 > from && span.start16 < span.end16) {
      ranges.push({ id: span.id, label: span.label, start: span.start16, end: span.end16, layer: span.layer });
      within.push(span);
      if (span.note || span.text !== undefined) details.set(span.id, span);
    }
  }
  return { ranges, within, details };
}
