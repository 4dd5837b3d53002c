import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { segmentSpans, type RangeSpan, type Segment, type SpanLayer } from '../model/spans';
import { compareReading, insertInOrder, isSorted } from '../model/spanOrder';
import { cutGraphemes, inQuotes } from '../model/graphemes';
import { labelList } from './labelList';
import { outside, takeStale, type TextRange, type TextWindow } from './staleRanges';

export { labelList };

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

export interface HighlightInput {
  /**
   * Sorted by `compareTextSpans`. An unchanged span should stay the same object: it is skipped by
   * identity. Pass a new array for every change: an array changed in place looks unchanged.
   */
  spans: readonly TextSpan[];
  colours: ReadonlyMap<string, string>;
  selectedId: string | null;
  /** The ProseMirror position of a text offset in the current document. */
  position(offset: number): number;
  /** Show each span's label as a small tag after its last character. */
  tags?: boolean;
  /** What is on screen: read only when a change is too large to patch, to redraw it first and the rest after. */
  window?: () => TextWindow;
}

interface HighlightState extends HighlightInput {
  decorations: DecorationSet;
  /** The text offset (a line's start) from which spans are not drawn yet (see `setHighlightsFrom`); null: all are. */
  restFrom: number | null;
  /** Text ranges still drawn from an earlier input, in the order they are redrawn (`drawStaleHighlights`). */
  stale: readonly TextRange[];
}

/** What each decoration remembers: the text range of its segment, or (a tag) the end of its span. */
interface SegmentSpec {
  start16: number;
  end16: number;
  tag?: boolean;
}

/** True when the decoration with `spec` is redrawn with text range [from, to): a segment inside it, a tag in (from, to]. */
function drawnWith(spec: SegmentSpec, from: number, to: number): boolean {
  return spec.tag ? spec.end16 > from && spec.end16 <= to : spec.end16 > from && spec.start16 < to;
}

export const highlightKey = new PluginKey<HighlightState>('spanwright-highlights');

/** Above this many changed spans one rebuild is cheaper than many local patches. */
const INCREMENTAL_LIMIT = 64;
const FALLBACK_COLOUR = '#777777';

function segmentDecoration(
  segment: Segment,
  input: HighlightInput,
  details: ReadonlyMap<string, TextSpan>,
): Decoration {
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
    style: `--hl:${colourOf(innermost.label)}${bands.length > 0 ? `;box-shadow:${bands.join(',')}` : ''}`,
  };
  // Views of one layer (the workbench) keep the plain attributes; a review view says which layers.
  if (layers.length > 1 || layers[0] !== 'own') attributes['data-layers'] = layers.join(' ');
  if (suggested.length > 0) attributes['data-suggestion'] = labelList(suggested.map((span) => span.label));
  const spec: SegmentSpec = { start16: segment.from, end16: segment.to };
  return Decoration.inline(input.position(segment.from), input.position(segment.to), attributes, spec);
}

/** Longest span text a title quotes whole. */
const TITLE_TEXT = 400;

/** One covering span in the hover text: its label, its whole text, its note ("claim: “Kim Jong Un” — note"). */
function spanLine(span: TextSpan): string | null {
  const text = span.text === undefined ? '' : inQuotes(cutGraphemes(span.text, TITLE_TEXT));
  const note = span.note ?? '';
  if (!text && !note) return null;
  return `${span.label}: ${text}${text && note ? ' — ' : ''}${note}`;
}

/** The hover text: the labels, then each covering span on a line of its own (its text and note). */
function titleOf(
  labels: readonly string[],
  spans: readonly RangeSpan[],
  details: ReadonlyMap<string, TextSpan>,
): string {
  let title = labels.join(' + ');
  for (const span of spans) {
    const detail = details.get(span.id);
    const line = detail && spanLine(detail);
    if (line) title += `\n${line}`;
  }
  return title;
}

/** A tag after the last character of `span`: its label (drawn by CSS, so it is no text of the document). */
function tagDecoration(span: TextSpan, side: number, input: HighlightInput): Decoration {
  const colour = input.colours.get(span.label) ?? FALLBACK_COLOUR;
  const title = spanLine(span) ?? span.label;
  const spec: SegmentSpec = { start16: span.end16, end16: span.end16, tag: true };
  const toDOM = (view: EditorView) => {
    const tag = view.dom.ownerDocument.createElement('span');
    tag.className = 'hl-tag';
    tag.dataset.tag = span.label;
    tag.title = title;
    tag.style.setProperty('--hl', colour);
    tag.setAttribute('aria-hidden', 'true');
    return tag;
  };
  // Keyed by what it shows, so an unchanged tag keeps its element.
  return Decoration.widget(input.position(span.end16), toDOM, { ...spec, side, key: `${span.id}|${colour}|${title}` });
}

/**
 * The tags of the spans of the open layer ending in (from, to]. Where several stand at one place
 * the shortest span's comes first: a widget's side orders it, and it is drawn from the span alone
 * (its length, then its label), so a tag redrawn alone sorts as the same tag drawn with all others.
 */
function tagDecorations(spans: readonly TextSpan[], input: HighlightInput, from: number, to: number): Decoration[] {
  const labels = [...input.colours.keys()];
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
    return tagDecoration(span, side, input);
  });
}

function rangeSpan(span: TextSpan): RangeSpan {
  return { id: span.id, label: span.label, start: span.start16, end: span.end16, layer: span.layer };
}

/** Decorations for the segments of `input`'s spans inside text range [from, to) (all of them by default). */
function segmentDecorations(input: HighlightInput, from = -Infinity, to = Infinity): Decoration[] {
  const inside: RangeSpan[] = [];
  const spans: TextSpan[] = [];
  const details = new Map<string, TextSpan>();
  for (const span of input.spans) {
    if (span.start16 >= to) break; // sorted by start: nothing later can reach into the range
    if (span.end16 > from && span.start16 < span.end16) {
      inside.push(rangeSpan(span));
      spans.push(span);
      if (span.note || span.text !== undefined) details.set(span.id, span);
    }
  }
  const segments = segmentSpans(inside, from, to).map((segment) => segmentDecoration(segment, input, details));
  return input.tags ? [...segments, ...tagDecorations(spans, input, from, to)] : segments;
}

function buildAll(doc: EditorState['doc'], input: HighlightInput): DecorationSet {
  return DecorationSet.create(doc, segmentDecorations(input));
}

/**
 * Text ranges whose rendering differs between the previous and the next input, found by walking
 * both sorted lists side by side: an unchanged span is the same object, so one added span costs a
 * pass of pointer comparisons and no allocation. Null when so much changed that a rebuild is cheaper.
 */
function changedRanges(previous: HighlightState, next: HighlightInput): [number, number][] | null {
  const ranges: [number, number][] = [];
  const before = previous.spans;
  const after = next.spans;
  if (before !== after) {
    let i = 0;
    let j = 0;
    while (i < before.length || j < after.length) {
      const old = before[i];
      const fresh = after[j];
      if (old === fresh) {
        i++;
        j++;
        continue;
      }
      const order = old === undefined ? 1 : fresh === undefined ? -1 : compareTextSpans(old, fresh);
      if (order < 0) {
        ranges.push([old.start16, old.end16]);
        i++;
      } else if (order > 0) {
        ranges.push([fresh.start16, fresh.end16]);
        j++;
      } else {
        // A different object for the same span (same id, place and label): redraw only for a new note or text.
        if (old.note !== fresh.note || old.text !== fresh.text) ranges.push([fresh.start16, fresh.end16]);
        i++;
        j++;
      }
      if (ranges.length > INCREMENTAL_LIMIT) return null;
    }
  }
  if (previous.selectedId !== next.selectedId) {
    for (const id of [previous.selectedId, next.selectedId]) {
      const span =
        id === null
          ? undefined
          : (after.find((candidate) => candidate.id === id) ?? before.find((candidate) => candidate.id === id));
      if (span) ranges.push([span.start16, span.end16]);
    }
  }
  return ranges;
}

/** `decorations` with text range [rangeFrom, rangeTo) (widened to whole segments) drawn anew from `next`. */
function redraw(decorations: DecorationSet, next: HighlightInput, doc: EditorState['doc'], range: TextRange) {
  const [rangeFrom, rangeTo] = range;
  if (rangeFrom >= rangeTo) return decorations;
  // Widen to whole segments: decorations crossing the edges must be split anew.
  let from = rangeFrom;
  let to = rangeTo;
  for (const decoration of decorations.find(next.position(from), next.position(to))) {
    const spec = decoration.spec as SegmentSpec;
    if (spec.tag || !drawnWith(spec, rangeFrom, rangeTo)) continue;
    from = Math.min(from, spec.start16);
    to = Math.max(to, spec.end16);
  }
  // No segment crosses the widened edges: everything drawn with the widened range is drawn anew.
  const stale = decorations
    .find(next.position(from), next.position(to))
    .filter((decoration) => drawnWith(decoration.spec as SegmentSpec, from, to));
  return decorations.remove(stale).add(doc, segmentDecorations(next, from, to));
}

function update(previous: HighlightState, next: HighlightInput, doc: EditorState['doc']): HighlightState {
  const restyled =
    previous.colours !== next.colours || previous.position !== next.position || previous.tags !== next.tags;
  const ranges = restyled ? null : changedRanges(previous, next);
  if (ranges === null || (previous.restFrom !== null && ranges.length > 0)) {
    // Too much to patch: what is on screen now, the rest a slice per task (a long text gives its window).
    const window = restyled || previous.restFrom !== null ? undefined : next.window?.();
    if (!window) return { ...next, decorations: buildAll(doc, next), restFrom: null, stale: [] };
    const decorations = redraw(previous.decorations, next, doc, [window.from, window.to]);
    return { ...next, decorations, restFrom: null, stale: outside(window) };
  }
  let decorations = previous.decorations;
  for (const range of ranges) decorations = redraw(decorations, next, doc, range);
  return { ...next, decorations, restFrom: previous.restFrom, stale: previous.stale };
}

const EMPTY: HighlightInput = { spans: [], colours: new Map(), selectedId: null, position: (offset) => offset };

const FIRST_META = 'spanwright-highlights-first';
const REST_META = 'spanwright-highlights-rest';
const STALE_META = 'spanwright-highlights-stale';

/** Redraws the next `budget` characters of the text a large change left drawn from before (see `TextWindow`). */
export function drawStaleHighlights(tr: Transaction, budget: number): Transaction {
  return tr.setMeta(STALE_META, budget);
}

/** True while a large change has left text drawn from before. */
export function staleHighlights(state: EditorState): boolean {
  return (highlightKey.getState(state)?.stale.length ?? 0) > 0;
}

/**
 * With a transaction that puts a new text in, draws only the spans before text offset `restFrom`
 * (the start of a line: what is on screen first), and leaves the rest to `drawRestOfHighlights`.
 * Segments meet at a line's start, where the view splits them anyway, so the two parts draw as one.
 */
export function setHighlightsFrom(tr: Transaction, input: HighlightInput, restFrom: number): Transaction {
  return setHighlights(tr, input).setMeta(FIRST_META, restFrom);
}

/**
 * Draws the spans `setHighlightsFrom` left out, up to text offset `to` (a line's start; all by
 * default). Nothing when none are left, or a change meanwhile drew all.
 */
export function drawRestOfHighlights(tr: Transaction, to = Infinity): Transaction {
  return tr.setMeta(REST_META, to);
}

/** True while spans `setHighlightsFrom` left out wait to be drawn. */
export function highlightsPending(state: EditorState): boolean {
  return (highlightKey.getState(state)?.restFrom ?? null) !== null;
}

/** Sets the highlighted spans (and the selected one) with one transaction. */
export function setHighlights(tr: Transaction, input: HighlightInput): Transaction {
  return tr.setMeta(highlightKey, input);
}

/**
 * Adds `span` to the spans highlighted in `state`, in its place in the order, with one transaction
 * (only its range is redrawn). A later `setHighlights` holding the same span (same id, place, label
 * and text, another object) redraws nothing for it. Unchanged when `span` is already shown.
 */
export function addHighlight(tr: Transaction, state: EditorState, span: TextSpan): Transaction {
  const current = highlightKey.getState(state);
  if (!current || current.spans.some((shown) => shown.id === span.id)) return tr;
  const { spans, colours, selectedId, position, tags } = current;
  const next = insertInOrder(spans, span, compareTextSpans);
  return setHighlights(tr, { spans: next, colours, selectedId, position, tags });
}

/** The highlights plugin: spans as decorations, updated incrementally (only changed ranges are redrawn). */
export function highlightPlugin(): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: () => ({ ...EMPTY, decorations: DecorationSet.empty, restFrom: null, stale: [] }),
      apply(tr, value, _old, newState) {
        const input = tr.getMeta(highlightKey) as HighlightInput | undefined;
        if (tr.docChanged) {
          const next = input ?? EMPTY;
          const restFrom = tr.getMeta(FIRST_META) as number | undefined;
          if (restFrom === undefined)
            return { ...next, decorations: buildAll(newState.doc, next), restFrom: null, stale: [] };
          const first = DecorationSet.create(newState.doc, segmentDecorations(next, -Infinity, restFrom));
          return { ...next, decorations: first, restFrom, stale: [] };
        }
        const budget = tr.getMeta(STALE_META) as number | undefined;
        if (budget !== undefined && !input) {
          const { now, later } = takeStale(value.stale, budget);
          let decorations = value.decorations;
          for (const range of now) decorations = redraw(decorations, value, newState.doc, range);
          return { ...value, decorations, stale: later };
        }
        const updated = input ? update(value, input, newState.doc) : value;
        const to = tr.getMeta(REST_META) as number | undefined;
        if (to === undefined || updated.restFrom === null || to <= updated.restFrom) return updated;
        const rest = segmentDecorations(updated, updated.restFrom, to);
        const decorations = updated.decorations.add(newState.doc, rest);
        return { ...updated, decorations, restFrom: to === Infinity ? null : to };
      },
    },
    props: {
      decorations: (state) => highlightKey.getState(state)?.decorations,
    },
  });
}

/** Spans as ProseMirror decorations, updated incrementally: only changed ranges are redrawn. */
export const Highlights = Extension.create({
  name: 'highlights',
  addProseMirrorPlugins() {
    return [highlightPlugin()];
  },
});
