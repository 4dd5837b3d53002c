import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** ProseMirror's own record of the last mouse press, by which it counts double and triple clicks (not typed). */
interface ClickRecord {
  input?: { lastClick?: { time: number } };
}

/**
 * ProseMirror counts clicks itself (a press within 500 ms and 10 px of the last), and a drag's press counts:
 * a double-click on the word a drag had just begun at was its "triple click", which selected no word (and
 * left the whole paragraph as the view's selection, for the next label key). A press the browser counts as
 * a first click (`detail` 1) is a first click to ProseMirror too, so its count follows the browser's.
 */
export const ClickCount = Extension.create({
  name: 'clickCount',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handleDOMEvents: {
            mousedown(view: EditorView, event: MouseEvent) {
              const last = (view as unknown as ClickRecord).input?.lastClick;
              if (event.detail === 1 && last) last.time = 0;
              return false;
            },
          },
        },
      }),
    ];
  },
});
