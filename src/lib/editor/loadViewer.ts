/**
 * The editor's code (`viewer.ts`: tiptap and ProseMirror, most of the app's JavaScript) is not part
 * of the first page: a text is shown plain first (`plainText.ts`) and the editor is loaded on the
 * first sign of use. One load for the whole page. A failed one (a chunk the browser could not
 * fetch) is not tried again: Chromium keeps a failed module's error until the page is reloaded. The
 * plain text stays, and labels by mouse and key work from it.
 */
type ViewerModule = typeof import('./viewer');

let loaded: ViewerModule | null = null;
let loading: Promise<ViewerModule> | null = null;
let failed = false;

/** The editor's module when it is loaded, else null. */
export function loadedViewer(): ViewerModule | null {
  return loaded;
}

/** True once a load has failed (for the rest of the page's life). */
export function viewerFailed(): boolean {
  return failed;
}

/** Loads the editor's module (once). */
export function loadViewer(): Promise<ViewerModule> {
  loading ??= import('./viewer').then(
    (module) => (loaded = module),
    (error: unknown) => {
      failed = true;
      throw error;
    },
  );
  return loading;
}
