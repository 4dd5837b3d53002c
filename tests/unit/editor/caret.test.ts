import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { CaretExtension, caretKey, setCaret, type CaretInput } from '../../../src/lib/editor/caret';
import { Chunk, Line, Text, ViewerDocument } from '../../../src/lib/editor/schema';
import { layoutLines, offsetToPosition, textToChunks } from '../../../src/lib/editor/textDocument';

const text = '金正恩総書記とプーチン大統領は平壌で会談した。';
const schema = getSchema([ViewerDocument, Chunk, Line, Text, CaretExtension]);
const layout = layoutLines(text);
const position = (offset: number) => offsetToPosition(layout, offset);
const plugins = CaretExtension.config.addProseMirrorPlugins!.call({} as never);

function drawn(state: EditorState): { head: number | undefined; upstream: boolean | undefined } {
  const value = caretKey.getState(state);
  return { head: value?.caret?.head, upstream: value?.upstream };
}

describe('the caret drawn at a wrap', () => {
  it('keeps its side when put back at its head without one (a label after End), and drops it once moved', () => {
    let state = EditorState.create({
      schema,
      doc: schema.node('doc', null, textToChunks(schema, text, layout)),
      plugins,
    });
    const put = (input: Omit<CaretInput, 'position'>) =>
      (state = state.apply(setCaret(state.tr, { ...input, position })));
    put({ caret: { anchor: 0, head: 12 }, upstream: true });
    expect(drawn(state)).toEqual({ head: 12, upstream: true });
    // The range collapsed to its head (the span just made ends there): still at the upper part's end.
    put({ caret: { anchor: 12, head: 12 } });
    expect(drawn(state)).toEqual({ head: 12, upstream: true });
    // Said outright, or another head: the caret's own side.
    put({ caret: { anchor: 12, head: 12 }, upstream: false });
    expect(drawn(state).upstream).toBe(false);
    put({ caret: { anchor: 12, head: 12 }, upstream: true });
    put({ caret: { anchor: 13, head: 13 } });
    expect(drawn(state)).toEqual({ head: 13, upstream: undefined });
  });
});
