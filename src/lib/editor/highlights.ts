import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { segmentSpans, type RangeSpan, type Segment } from '../model/spans';

/** A span placed in the editor: `from`/`to` are ProseMirror positions. */
export type PlacedSpan = RangeSpan;

export interface HighlightInput {
  spans: readonly PlacedSpan[];
  colours: ReadonlyMap<string, string>;
  selectedId: string | null;
}

interface HighlightState extends HighlightInput {
  byId: Map<string, PlacedSpan>;
  decorations: DecorationSet;
}

export const highlightKey = new PluginKey<HighlightState>('spanwright-highlights');

/** Above this many changed spans one rebuild is cheaper than many local patches. */
const INCREMENTAL_LIMIT = 64;
const FALLBACK_COLOUR = '#777777';

function segmentDecoration(segment: Segment, input: HighlightInput): Decoration {
  const spans = segment.spans; // outermost first
  const innermost = spans[spans.length - 1];
  const colourOf = (label: string) => input.colours.get(label) ?? FALLBACK_COLOUR;
  // One 2px underline band per covering span, innermost nearest the text.
  const bands = spans
    .map((span, index) => `inset 0 -${2 * (spans.length - index)}px 0 0 ${colourOf(span.label)}`)
    .join(',');
  const selected = input.selectedId !== null && spans.some((span) => span.id === input.selectedId);
  const labels = spans.map((span) => span.label);
  return Decoration.inline(segment.from, segment.to, {
    class: selected ? 'hl hl-selected' : 'hl',
    'data-label': labels.join(' '),
    'data-depth': String(spans.length),
    title: labels.join(' + '),
    style: `--hl:${colourOf(innermost.label)};box-shadow:${bands}`,
  });
}

function buildAll(doc: EditorState['doc'], input: HighlightInput): DecorationSet {
  return DecorationSet.create(doc, segmentSpans(input.spans).map((segment) => segmentDecoration(segment, input)));
}

function sameSpan(a: PlacedSpan, b: PlacedSpan): boolean {
  return a.from === b.from && a.to === b.to && a.label === b.label;
}

/** Ranges whose rendering differs between the previous and the next input. */
function changedRanges(previous: HighlightState, next: HighlightInput, byId: Map<string, PlacedSpan>): [number, number][] | null {
  const ranges: [number, number][] = [];
  for (const span of next.spans) {
    const old = previous.byId.get(span.id);
    if (old !== span && (!old || !sameSpan(old, span))) {
      ranges.push([span.from, span.to]);
      if (old) ranges.push([old.from, old.to]);
    }
    if (ranges.length > INCREMENTAL_LIMIT) return null;
  }
  for (const [id, old] of previous.byId) {
    if (!byId.has(id)) ranges.push([old.from, old.to]);
    if (ranges.length > INCREMENTAL_LIMIT) return null;
  }
  if (previous.selectedId !== next.selectedId) {
    for (const id of [previous.selectedId, next.selectedId]) {
      const span = id === null ? undefined : (byId.get(id) ?? previous.byId.get(id));
      if (span) ranges.push([span.from, span.to]);
    }
  }
  return ranges;
}

function update(previous: HighlightState, next: HighlightInput, doc: EditorState['doc']): HighlightState {
  const byId = new Map(next.spans.map((span) => [span.id, span]));
  const coloursChanged = previous.colours !== next.colours;
  const ranges = coloursChanged ? null : changedRanges(previous, next, byId);
  if (ranges === null) return { ...next, byId, decorations: buildAll(doc, next) };
  let decorations = previous.decorations;
  for (const [rangeFrom, rangeTo] of ranges) {
    // Widen to whole segments: decorations crossing the edges must be split anew.
    let from = rangeFrom;
    let to = rangeTo;
    const stale = decorations.find(from, to, () => true).filter((decoration) => decoration.to > from && decoration.from < to);
    for (const decoration of stale) {
      from = Math.min(from, decoration.from);
      to = Math.max(to, decoration.to);
    }
    decorations = decorations.remove(stale);
    const fresh = segmentSpans(next.spans, from, to).map((segment) => segmentDecoration(segment, next));
    decorations = decorations.add(doc, fresh);
  }
  return { ...next, byId, decorations };
}

const EMPTY: HighlightInput = { spans: [], colours: new Map(), selectedId: null };

/** Sets the highlighted spans (and the selected one) with one transaction. */
export function setHighlights(tr: Transaction, input: HighlightInput): Transaction {
  return tr.setMeta(highlightKey, input);
}

/** Spans as ProseMirror decorations, updated incrementally: only changed ranges are redrawn. */
export const Highlights = Extension.create({
  name: 'highlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: highlightKey,
        state: {
          init: (_, state) => ({ ...EMPTY, byId: new Map(), decorations: DecorationSet.empty }),
          apply(tr, value, _old, newState) {
            const input = tr.getMeta(highlightKey) as HighlightInput | undefined;
            if (tr.docChanged) {
              const next = input ?? EMPTY;
              return { ...next, byId: new Map(next.spans.map((span) => [span.id, span])), decorations: buildAll(newState.doc, next) };
            }
            return input ? update(value, input, newState.doc) : value;
          },
        },
        props: {
          decorations: (state) => highlightKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});
