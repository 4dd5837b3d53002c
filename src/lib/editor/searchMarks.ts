import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { SearchHit } from '../model/searchHits';

/** The document search's hits in the open text (UTF-16 ranges), marked as decorations. */
export interface SearchMarksInput {
  hits: readonly SearchHit[];
  /** The index of the current hit (Enter steps to it), drawn stronger; -1 for none. */
  current?: number;
  /** The ProseMirror position of a text offset in the current document. */
  position(offset: number): number;
}

const searchMarksKey = new PluginKey<DecorationSet>('spanwright-search-marks');

/** Marks `input`'s hits (none for an empty list) with one transaction. */
export function setSearchMarks(tr: Transaction, input: SearchMarksInput): Transaction {
  return tr.setMeta(searchMarksKey, input);
}

/** The search marks plugin: a new text clears them; a transaction with marks redraws them all. */
export const SearchMarks = Extension.create({
  name: 'searchMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: searchMarksKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, value, _old, newState) {
            const input = tr.getMeta(searchMarksKey) as SearchMarksInput | undefined;
            if (input)
              return DecorationSet.create(
                newState.doc,
                input.hits.map(({ start, end }, index) =>
                  Decoration.inline(
                    input.position(start),
                    input.position(end),
                    index === input.current
                      ? { class: 'search-hit current', 'data-search-hit': 'current' }
                      : { class: 'search-hit', 'data-search-hit': '' },
                  ),
                ),
              );
            return tr.docChanged ? DecorationSet.empty : value;
          },
        },
        props: { decorations: (state) => searchMarksKey.getState(state) },
      }),
    ];
  },
});
