import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import type { Decoration } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { highlightKey, highlightPlugin, setHighlights, type TextSpan } from '../../../src/lib/editor/highlights';
import { Chunk, Line, Text, ViewerDocument } from '../../../src/lib/editor/schema';
import { layoutLines, offsetToPosition, textToChunks } from '../../../src/lib/editor/textDocument';

const schema = getSchema([ViewerDocument, Chunk, Line, Text]);
const colours = new Map([
  ['denial', '#56B4E9'],
  ['visit', '#009E73'],
]);

/** Each highlighted run's text and title. */
function titles(state: EditorState): [string, string][] {
  const decorations: Decoration[] = highlightKey.getState(state)?.decorations.find() ?? [];
  return decorations
    .sort((a, b) => a.from - b.from)
    .map((decoration) => [
      state.doc.textBetween(decoration.from, decoration.to),
      (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs.title,
    ]);
}

describe('highlight titles', () => {
  it('say each covering span’s label and note (the labels first where one has no line), and change when only a note changes', () => {
    const text = 'Pyongyang denied the visit.';
    const layout = layoutLines(text);
    const position = (offset: number) => offsetToPosition(layout, offset);
    const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
    let state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
    const outer: TextSpan = { id: 'outer', label: 'denial', start16: 0, end16: 26, note: 'a <denial> "quoted"' };
    const inner: TextSpan = { id: 'inner', label: 'visit', start16: 21, end16: 26 };
    state = state.apply(setHighlights(state.tr, { spans: [outer, inner], colours, selectedId: null, position }));
    expect(titles(state)).toEqual([
      // One span, with its line: its label is not said twice ("denial" above "denial: …").
      ['Pyongyang denied the ', 'denial: a <denial> "quoted"'],
      ['visit', 'denial + visit\ndenial: a <denial> "quoted"'],
    ]);
    // The same span with a new note (a new object, same place and label) is drawn anew.
    const noted = { ...inner, note: 'planned' };
    state = state.apply(setHighlights(state.tr, { spans: [outer, noted], colours, selectedId: null, position }));
    expect(titles(state)[1]).toEqual(['visit', 'denial: a <denial> "quoted"\nvisit: planned']);
  });

  it('cut a long span’s text in the hover text between characters, never inside an emoji', () => {
    // 399 letters, then an emoji whose first half is the 400th UTF-16 unit.
    const text = `${'a'.repeat(399)}😀 and more`;
    const layout = layoutLines(text);
    const position = (offset: number) => offsetToPosition(layout, offset);
    const doc = schema.nodes.doc.create(null, textToChunks(schema, text, layout));
    let state = EditorState.create({ schema, doc, plugins: [highlightPlugin()] });
    const long: TextSpan = { id: 'long', label: 'visit', start16: 0, end16: text.length, text };
    state = state.apply(setHighlights(state.tr, { spans: [long], colours, selectedId: null, position }));
    const [[, title]] = titles(state);
    expect(title).toBe(`visit: “${'a'.repeat(399)}…”`);
    // Nor inside a flag (two code points, one character).
    const flagged = `${'a'.repeat(398)}🇯🇵 and more`;
    const flagLayout = layoutLines(flagged);
    const flagDoc = schema.nodes.doc.create(null, textToChunks(schema, flagged, flagLayout));
    let flagState = EditorState.create({ schema, doc: flagDoc, plugins: [highlightPlugin()] });
    const flag: TextSpan = { id: 'flag', label: 'visit', start16: 0, end16: flagged.length, text: flagged };
    flagState = flagState.apply(
      setHighlights(flagState.tr, {
        spans: [flag],
        colours,
        selectedId: null,
        position: (offset: number) => offsetToPosition(flagLayout, offset),
      }),
    );
    expect(titles(flagState)[0][1]).toBe(`visit: “${'a'.repeat(398)}🇯🇵…”`);
  });
});
