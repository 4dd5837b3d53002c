import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { segmentSpans, type Segment } from '../model/spans';
import { insertInOrder } from '../model/spanOrder';
import { labelList } from './labelList';
import {
  compareTextSpans,
  endingTags,
  FALLBACK_COLOUR,
  segmentAttributes,
  spanLine,
  spansWithin,
  tagElement,
  type TextSpan,
} from './highlightMarkup';
import { outside, takeStale, type TextRange, type TextWindow } from './staleRanges';

export { labelList };
export { compareTextSpans, inHighlightOrder, type TextSpan } from './highlightMarkup';

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

function segmentDecoration(
  segment: Segment,
  input: HighlightInput,
  details: ReadonlyMap<string, TextSpan>,
): Decoration {
  const spec: SegmentSpec = { start16: segment.from, end16: segment.to };
  const attributes = segmentAttributes(segment, input, details);
  return Decoration.inline(input.position(segment.from), input.position(segment.to), attributes, spec);
}

/** The tags of the spans of the open layer ending in (from, to] (`endingTags`), as widgets. */
function tagDecorations(spans: readonly TextSpan[], input: HighlightInput, from: number, to: number): Decoration[] {
  return endingTags(spans, input.colours, from, to).map(({ span, side }) => {
    const spec: SegmentSpec = { start16: span.end16, end16: span.end16, tag: true };
    const colour = input.colours.get(span.label) ?? FALLBACK_COLOUR;
    const key = `${span.id}|${colour}|${spanLine(span) ?? span.label}`;
    // Keyed by what it shows, so an unchanged tag keeps its element.
    const toDOM = (view: EditorView) => tagElement(view.dom.ownerDocument, span, input.colours);
    return Decoration.widget(input.position(span.end16), toDOM, { ...spec, side, key });
  });
}

/** Decorations for the segments of `input`'s spans inside text range [from, to) (all of them by default). */
function segmentDecorations(input: HighlightInput, from = -Infinity, to = Infinity): Decoration[] {
  const { ranges, within, details } = spansWithin(input.spans, from, to);
  const segments = segmentSpans(ranges, from, to).map((segment) => segmentDecoration(segment, input, details));
  return input.tags ? [...segments, ...tagDecorations(within, input, from, to)] : segments;
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
