import fc from 'fast-check';
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import type { Decoration } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import {
  compareTextSpans,
  highlightKey,
  highlightPlugin,
  setHighlights,
  type HighlightInput,
  type TextSpan,
} from '../../../src/lib/editor/highlights';
import { Chunk, Line, Text, ViewerDocument } from '../../../src/lib/editor/schema';
import { layoutLines, offsetToPosition, textToChunks } from '../../../src/lib/editor/textDocument';
import { trickyText } from '../arbitraries';

const schema = getSchema([ViewerDocument, Chunk, Line, Text]);
const colours = new Map([
  ['claim', '#E69F00'],
  ['denial', '#56B4E9'],
  ['sanction', '#CC79A7'],
  ['visit', '#009E73'],
]);
const LABELS = [...colours.keys()];

interface TagSpec {
  side: number;
  key: string;
  tag?: boolean;
}

/** The tags drawn, in the order a reader meets them: position, then side. */
function tags(state: EditorState): { at: number; side: number; key: string }[] {
  const decorations: Decoration[] = highlightKey.getState(state)?.decorations.find() ?? [];
  return (
    decorations
      .filter((decoration) => (decoration.spec as TagSpec).tag)
      .map((decoration) => ({
        at: decoration.from,
        side: (decoration.spec as TagSpec).side,
        key: (decoration.spec as TagSpec).key,
      }))
      // Twins (two spans of one place and label, which an import may hold) look alike, and redrawn
      // alone one may share its twin's side: between equal sides the order is not what a reader sees.
      .sort((a, b) => a.at - b.at || a.side - b.side || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  );
}

/** What a reader sees highlighted: runs of equal attributes (adjacent equal runs merged). */
function runs(state: EditorState): string[] {
  const decorations: Decoration[] = highlightKey.getState(state)?.decorations.find() ?? [];
  const sorted = decorations
    .filter((decoration) => decoration.from < decoration.to)
    .map((decoration) => ({
      from: decoration.from,
      to: decoration.to,
      attrs: JSON.stringify((decoration as unknown as { type: { attrs: unknown } }).type.attrs),
    }))
    .sort((a, b) => a.from - b.from);
  const merged: typeof sorted = [];
  for (const run of sorted) {
    const last = merged.at(-1);
    if (last && last.to === run.from && last.attrs === run.attrs) last.to = run.to;
    else merged.push({ ...run });
  }
  return merged.map(({ from, to, attrs }) => `${from}-${to} ${attrs}`);
}

function viewOf(text: string) {
  const layout = layoutLines(text);
  const position = (offset: number) => offsetToPosition(layout, offset);
  const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
  return { position, doc, state: EditorState.create({ schema, doc, plugins: [highlightPlugin()] }) };
}

describe('label tags', () => {
  const text = 'Russian President Vladimir Putin met Kim Jong Un.';
  const span = (id: string, label: string, phrase: string, text16 = text): TextSpan => {
    const start16 = text16.indexOf(phrase);
    return { id, label, start16, end16: start16 + phrase.length, text: phrase };
  };
  // Four overlapping spans: two end on "Putin", one inside them, one across the next words.
  const four = [
    span('a', 'claim', 'Russian President Vladimir Putin'),
    span('b', 'visit', 'Vladimir Putin'),
    span('c', 'denial', 'President Vladimir'),
    span('d', 'sanction', 'Putin met Kim'),
  ].sort(compareTextSpans);

  it('stand one per span after its last character, the shortest first where several end together', () => {
    const { position, ...view } = viewOf(text);
    const state = view.state.apply(
      setHighlights(view.state.tr, { spans: four, colours, selectedId: null, position, tags: true }),
    );
    const end = (phrase: string) => position(text.indexOf(phrase) + phrase.length);
    expect(tags(state).map(({ at, key }) => [at, key.split('|')[0]])).toEqual([
      [end('President Vladimir'), 'c'],
      [end('Vladimir Putin'), 'b'],
      [end('Vladimir Putin'), 'a'],
      [end('Putin met Kim'), 'd'],
    ]);
    // Each tag's hover text names its label and quotes the whole span.
    expect(tags(state)[2].key).toContain('claim: “Russian President Vladimir Putin”');
  });

  it('are not drawn with the toggle off, nor for suggestions or compared layers', () => {
    const { position, ...view } = viewOf(text);
    let state = view.state.apply(setHighlights(view.state.tr, { spans: four, colours, selectedId: null, position }));
    expect(tags(state)).toEqual([]);
    const others = [
      { ...four[0], layer: 'suggestion' as const },
      { ...four[1], id: 'x', layer: 'a' as const },
    ].sort(compareTextSpans);
    state = state.apply(setHighlights(state.tr, { spans: others, colours, selectedId: null, position, tags: true }));
    expect(tags(state)).toEqual([]);
  });

  it('after any sequence of changes, drawing only what changed gives the same tags and runs as drawing anew', () => {
    fc.assert(
      fc.property(
        trickyText.filter((candidate) => candidate.length > 0),
        fc.array(
          fc.record({
            remove: fc.array(fc.nat(), { maxLength: 3 }),
            add: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), label: fc.constantFrom(...LABELS) }), { maxLength: 4 }),
            select: fc.option(fc.nat(), { nil: null }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (sample, changes) => {
          const view = viewOf(sample);
          let state = view.state;
          let spans: TextSpan[] = [];
          let nextId = 0;
          for (const step of changes) {
            const removed = new Set(step.remove.map((at) => spans[at % Math.max(1, spans.length)]?.id));
            spans = spans.filter((candidate) => !removed.has(candidate.id));
            for (const { a, b, label } of step.add) {
              const start16 = a % sample.length;
              const end16 = start16 + 1 + (b % (sample.length - start16));
              spans.push({ id: `s${nextId++}`, label, start16, end16, text: sample.slice(start16, end16) });
            }
            spans.sort(compareTextSpans);
            const selectedId = step.select === null || spans.length === 0 ? null : spans[step.select % spans.length].id;
            const input: HighlightInput = {
              spans: [...spans],
              colours,
              selectedId,
              position: view.position,
              tags: true,
            };
            state = state.apply(setHighlights(state.tr, input));
            const fresh = viewOf(sample).state;
            const rebuilt = fresh.apply(setHighlights(fresh.tr, input));
            expect(tags(state)).toEqual(tags(rebuilt));
            expect(runs(state)).toEqual(runs(rebuilt));
            expect(tags(state)).toHaveLength(spans.length);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
