import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import type { Decoration } from '@tiptap/pm/view';
import { Chunk, Line, Text, ViewerDocument } from '../../../src/lib/editor/schema';
import {
  addHighlight,
  compareTextSpans,
  drawRestOfHighlights,
  drawStaleHighlights,
  highlightsPending,
  staleHighlights,
  setHighlightsFrom,
  highlightKey,
  highlightPlugin,
  labelList,
  setHighlights,
  type HighlightInput,
  type TextSpan,
} from '../../../src/lib/editor/highlights';
import { layoutLines, offsetToPosition, textToChunks } from '../../../src/lib/editor/textDocument';
import { trickyText } from '../arbitraries';

const schema = getSchema([ViewerDocument, Chunk, Line, Text]);
const colours = new Map([
  ['claim', '#E69F00'],
  ['denial', '#56B4E9'],
  ['visit', '#009E73'],
]);
const LABELS = [...colours.keys()];

/** What a reader sees: for each run of positions, the attributes drawn there (adjacent equal runs merged). */
function rendering(state: EditorState): { from: number; to: number; attrs: string }[] {
  const decorations: Decoration[] = highlightKey.getState(state)?.decorations.find() ?? [];
  const runs = decorations
    .filter((decoration) => decoration.from < decoration.to)
    .map((decoration) => ({
      from: decoration.from,
      to: decoration.to,
      attrs: JSON.stringify((decoration as unknown as { type: { attrs: unknown } }).type.attrs),
    }))
    .sort((a, b) => a.from - b.from);
  const merged: typeof runs = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last.to === run.from && last.attrs === run.attrs) last.to = run.to;
    else merged.push({ ...run });
  }
  return merged;
}

/** One change to a layer: spans removed and relabelled by index, spans added, a selection. */
const change = fc.record({
  remove: fc.array(fc.nat(), { maxLength: 3 }),
  relabel: fc.array(fc.record({ at: fc.nat(), label: fc.constantFrom(...LABELS) }), { maxLength: 2 }),
  add: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), label: fc.constantFrom(...LABELS) }), { maxLength: 4 }),
  select: fc.option(fc.nat(), { nil: null }),
});

describe('highlight decorations', () => {
  it('after any sequence of changes, drawing only what changed looks exactly like drawing everything anew', () => {
    fc.assert(
      fc.property(
        trickyText.filter((text) => text.length > 0),
        fc.array(change, { minLength: 1, maxLength: 12 }),
        (text, changes) => {
          const layout = layoutLines(text);
          const position = (offset: number) => offsetToPosition(layout, offset);
          const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
          let state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
          let spans: TextSpan[] = [];
          let nextId = 0;
          for (const step of changes) {
            // Untouched spans stay the same objects, as the workbench keeps them.
            const removed = new Set(step.remove.map((at) => spans[at % Math.max(1, spans.length)]?.id));
            const relabelled = new Map(
              step.relabel.map(({ at, label }) => [spans[at % Math.max(1, spans.length)]?.id, label]),
            );
            spans = spans
              .filter((span) => !removed.has(span.id))
              .map((span) => (relabelled.has(span.id) ? { ...span, label: relabelled.get(span.id)! } : span));
            for (const { a, b, label } of step.add) {
              const start16 = a % text.length;
              const end16 = start16 + 1 + (b % (text.length - start16));
              spans.push({ id: `s${nextId++}`, label, start16, end16 });
            }
            spans.sort(compareTextSpans);
            const selectedId = step.select === null || spans.length === 0 ? null : spans[step.select % spans.length].id;
            const input: HighlightInput = { spans: [...spans], colours, selectedId, position };
            state = state.apply(setHighlights(state.tr, input));

            const fresh = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
            const rebuilt = fresh.apply(
              setHighlights(fresh.tr.replaceWith(0, fresh.doc.content.size, textToChunks(schema, text, layout)), input),
            );
            expect(rendering(state)).toEqual(rendering(rebuilt));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws a span added on its own (before it is listed) as drawing everything anew would, and its listing then redraws nothing', () => {
    const span = fc.record({ a: fc.nat(), b: fc.nat(), label: fc.constantFrom(...LABELS) });
    fc.assert(
      fc.property(
        trickyText.filter((text) => text.length > 0),
        fc.array(span, { maxLength: 12 }),
        span,
        (text, before, added) => {
          const layout = layoutLines(text);
          const position = (offset: number) => offsetToPosition(layout, offset);
          const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
          const place = ({ a, b, label }: { a: number; b: number; label: string }, id: string): TextSpan => {
            const start16 = a % text.length;
            return { id, label, start16, end16: start16 + 1 + (b % (text.length - start16)) };
          };
          const listed = before.map((each, index) => place(each, `s${index}`)).sort(compareTextSpans);
          const created = place(added, 'new');
          let state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
          state = state.apply(setHighlights(state.tr, { spans: listed, colours, selectedId: null, position }));
          const drawn = state.apply(addHighlight(state.tr, state, created));

          const all = [...listed, { ...created }].sort(compareTextSpans);
          const fresh = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
          const rebuilt = fresh.apply(setHighlights(fresh.tr, { spans: all, colours, selectedId: null, position }));
          expect(rendering(drawn)).toEqual(rendering(rebuilt));
          // The list catches up with an equal span (another object): the decorations stay as they are.
          const caughtUp = drawn.apply(setHighlights(drawn.tr, { spans: all, colours, selectedId: null, position }));
          expect(highlightKey.getState(caughtUp)?.decorations).toBe(highlightKey.getState(drawn)?.decorations);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws a new text’s first lines with it and the rest after, as drawing everything at once would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z ]{0,12}$/u), { minLength: 2, maxLength: 12 }),
        fc.array(fc.record({ a: fc.nat(), b: fc.nat(), label: fc.constantFrom(...LABELS) }), { maxLength: 12 }),
        fc.nat(),
        (lines, placed, cut) => {
          const text = lines.join('\n');
          fc.pre(text.length > 0);
          const layout = layoutLines(text);
          const position = (offset: number) => offsetToPosition(layout, offset);
          const spans = placed
            .map(({ a, b, label }, index): TextSpan => {
              const start16 = a % text.length;
              return { id: `s${index}`, label, start16, end16: start16 + 1 + (b % (text.length - start16)) };
            })
            .sort(compareTextSpans);
          const input: HighlightInput = { spans, colours, selectedId: null, position, tags: true };
          const restFrom = layout.starts[1 + (cut % (layout.starts.length - 1))];
          const chunks = () => textToChunks(schema, text, layout);
          const empty = EditorState.create({
            schema,
            doc: schema.nodes.doc.create(null, chunks()),
            plugins: [highlightPlugin()],
          });
          const first = empty.apply(
            setHighlightsFrom(empty.tr.replaceWith(0, empty.doc.content.size, chunks()), input, restFrom),
          );
          expect(highlightsPending(first)).toBe(true);
          const all = empty.apply(setHighlights(empty.tr.replaceWith(0, empty.doc.content.size, chunks()), input));
          // What is drawn before the first line left out.
          const before = (state: EditorState) =>
            rendering(state)
              .map((run) => ({ ...run, to: Math.min(run.to, position(restFrom)) }))
              .filter((run) => run.from < run.to);
          expect(before(first)).toEqual(before(all));
          // In two slices: up to the last line's start, then the rest.
          const halfway = first.apply(drawRestOfHighlights(first.tr, layout.starts[layout.starts.length - 1]));
          const rest = halfway.apply(drawRestOfHighlights(halfway.tr));
          expect(highlightsPending(rest)).toBe(false);
          expect(rendering(rest)).toEqual(rendering(all));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('after a change too large to patch, draws what is on screen at once and the rest in slices, as drawing everything anew would', () => {
    const place = fc.record({ a: fc.nat(), b: fc.nat({ max: 30 }), label: fc.constantFrom(...LABELS) });
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z ]{1,40}$/u), { minLength: 2, maxLength: 30 }),
        fc.array(place, { maxLength: 10 }),
        fc.array(place, { minLength: 70, maxLength: 120 }),
        fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 200 })),
        fc.array(fc.nat(), { maxLength: 3 }),
        (lines, before, added, [a, b, budget], removals) => {
          const text = lines.join('\n');
          const layout = layoutLines(text);
          const position = (offset: number) => offsetToPosition(layout, offset);
          const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
          const toSpan = (
            { a: at, b: length, label }: { a: number; b: number; label: string },
            id: string,
          ): TextSpan => {
            const start16 = at % text.length;
            return { id, label, start16, end16: Math.min(text.length, start16 + 1 + length) };
          };
          const from = a % text.length;
          const window = { from, to: from + (b % (text.length - from + 1)), length: text.length };
          const input = (spans: TextSpan[]): HighlightInput => ({
            spans,
            colours,
            selectedId: null,
            position,
            tags: true,
            window: () => window,
          });
          const drawn = (state: EditorState) => ({
            runs: rendering(state),
            tags: (highlightKey.getState(state)?.decorations.find() ?? [])
              .filter((decoration) => decoration.from === decoration.to)
              .map((decoration) => `${decoration.from}:${(decoration.spec as { key: string }).key}`)
              .sort(),
          });
          const anew = (spans: TextSpan[]) => {
            const fresh = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
            return fresh.apply(setHighlights(fresh.tr, { ...input(spans), window: undefined }));
          };
          let spans = before.map((each, index) => toSpan(each, `b${index}`)).sort(compareTextSpans);
          let state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
          state = state.apply(setHighlights(state.tr, input(spans)));
          spans = [...spans, ...added.map((each, index) => toSpan(each, `n${index}`))].sort(compareTextSpans);
          state = state.apply(setHighlights(state.tr, input(spans)));
          // On screen at once: the window reads as drawing everything anew.
          const clip = (state: EditorState) =>
            rendering(state)
              .map((run) => ({
                ...run,
                from: Math.max(run.from, position(window.from)),
                to: Math.min(run.to, position(window.to)),
              }))
              .filter((run) => run.from < run.to);
          expect(clip(state)).toEqual(clip(anew(spans)));
          expect(staleHighlights(state)).toBe(window.from > 0 || window.to < text.length);
          // The rest a slice at a time, with spans removed between slices (each a small change, patched).
          for (let slice = 0; staleHighlights(state); slice++) {
            state = state.apply(drawStaleHighlights(state.tr, budget));
            if (slice < removals.length && spans.length > 0) {
              spans = spans.filter((_, index) => index !== removals[slice] % spans.length);
              state = state.apply(setHighlights(state.tr, input(spans)));
            }
          }
          expect(drawn(state)).toEqual(drawn(anew(spans)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws overlapping spans as one band per covering span, innermost on top, and marks the selected one', () => {
    const text = 'Pyongyang denied the visit.';
    const layout = layoutLines(text);
    const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
    const state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
    const spans: TextSpan[] = [
      { id: 'outer', label: 'denial', start16: 0, end16: 26 },
      { id: 'inner', label: 'visit', start16: 21, end16: 26 },
    ];
    const next = state.apply(
      setHighlights(state.tr, {
        spans,
        colours,
        selectedId: 'inner',
        position: (offset) => offsetToPosition(layout, offset),
      }),
    );
    const runs = rendering(next).map((run) => ({
      text: next.doc.textBetween(run.from, run.to),
      attrs: JSON.parse(run.attrs) as Record<string, string>,
    }));
    expect(runs.map((run) => [run.text, run.attrs['data-label'], run.attrs.class])).toEqual([
      ['Pyongyang denied the ', 'denial', 'hl'],
      ['visit', 'denial visit', 'hl hl-selected'],
    ]);
    // The inner span's band first (painted on top), 2px; the outer's 4px tall, showing above it.
    expect(runs[1].attrs.style).toContain('inset 0 -2px 0 0 #009E73,inset 0 -4px 0 0 #56B4E9');
  });

  it('lists label names with spaces as one entry each, so a space-separated data-label stays readable', () => {
    const text = 'Kim Jong Un met the envoy.';
    const layout = layoutLines(text);
    const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
    const state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
    const named = new Map([...colours, ['Person Name', '#CC79A7'], ['50% sure', '#D55E00']]);
    const next = state.apply(
      setHighlights(state.tr, {
        spans: [
          { id: 'person', label: 'Person Name', start16: 0, end16: 10 },
          { id: 'claim', label: 'claim', start16: 0, end16: 10 },
          { id: 'unsure', label: '50% sure', start16: 0, end16: 3 },
        ],
        colours: named,
        selectedId: null,
        position: (offset) => offsetToPosition(layout, offset),
      }),
    );
    const lists = rendering(next).map((run) => (JSON.parse(run.attrs) as Record<string, string>)['data-label']);
    const decoded = lists.map((list) => list.split(' ').map(decodeURIComponent));
    expect(decoded).toEqual([
      ['Person Name', 'claim', '50% sure'],
      ['Person Name', 'claim'],
    ]);
    expect(lists[1]).toBe('Person%20Name claim');
    expect(labelList(['claim', 'denial'])).toBe('claim denial');
  });
});
