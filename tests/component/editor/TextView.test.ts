import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import TextView from '../../../src/lib/components/editor/TextView.svelte';
import type * as loadViewerModule from '../../../src/lib/editor/loadViewer';

// The editor's chunk can be made to fail, as a fetch of it does offline before it was cached.
const chunk = vi.hoisted(() => ({ fail: false, failed: false, loads: 0 }));
vi.mock('../../../src/lib/editor/loadViewer', async (importOriginal) => {
  const original = await importOriginal<typeof loadViewerModule>();
  return {
    ...original,
    // Each view here starts plain, as the first page's does, even once the module is loaded.
    loadedViewer: () => null,
    viewerFailed: () => chunk.failed,
    loadViewer: () => {
      chunk.loads++;
      if (!chunk.fail) return original.loadViewer();
      chunk.failed = true;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    },
  };
});

const colours = new Map([['claim', '#E69F00']]);
const props = {
  key: 'kim',
  text: 'Kim Jong Un met Putin.\nThe talks went on.',
  spans: [{ id: 's1', start16: 0, end16: 11, label: 'claim' }],
  colours,
  caret: true,
  defer: true,
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const editorShown = () => screen.getByTestId('doc-text').classList.contains('ProseMirror');

describe('TextView before its editor', () => {
  it('says once that the editor could not be loaded, and keeps the plain text with its highlight', async () => {
    chunk.fail = true;
    chunk.loads = 0;
    const unavailable = vi.fn();
    const view = render(TextView, { ...props, onunavailable: unavailable });
    const text = screen.getByTestId('doc-text');
    // Two signs of use at once wait on the one load; then no more tries (the browser keeps the failure).
    await fireEvent.pointerOver(text);
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    await settle();
    for (let attempt = 0; attempt < 2; attempt++) {
      await fireEvent.pointerOver(text);
      await fireEvent.keyDown(window, { key: 'ArrowRight' });
      await settle();
    }
    expect(chunk.loads).toBe(1);
    expect(unavailable).toHaveBeenCalledTimes(1);
    expect(String(unavailable.mock.calls[0][0])).toMatch(/dynamically imported module/u);
    expect(editorShown()).toBe(false);
    expect(text.querySelector('[data-label=claim]')?.textContent).toBe('Kim Jong Un');
    view.unmount();
    // The next view (another page opened and back) stays plain and quiet.
    render(TextView, { ...props, onunavailable: unavailable });
    await fireEvent.pointerOver(screen.getByTestId('doc-text'));
    await settle();
    expect(chunk.loads).toBe(1);
    expect(unavailable).toHaveBeenCalledTimes(1);
    chunk.fail = false;
    chunk.failed = false;
  });

  it('loads the editor on a press of another button than the main one, without waiting for its release', async () => {
    const unavailable = vi.fn();
    render(TextView, { ...props, onunavailable: unavailable });
    const text = screen.getByTestId('doc-text');
    expect(editorShown()).toBe(false);
    // A right button press opens a menu; its release may never reach the page.
    await fireEvent.pointerDown(text, { button: 2 });
    await vi.waitFor(() => expect(editorShown()).toBe(true));
    expect(screen.getByTestId('doc-text').querySelector('[data-label=claim]')?.textContent).toBe('Kim Jong Un');
    expect(unavailable).not.toHaveBeenCalled();
  });

  // The release may never reach the page: the window lost the focus (another window came up), or a
  // menu opened by the press took it.
  it.each([
    ['the window loses the focus', () => fireEvent.blur(window)],
    ['a menu opened by the press takes its release', () => fireEvent.contextMenu(screen.getByTestId('doc-text'))],
  ])('lets the editor come once %s during a press of the main button', async (_, release) => {
    render(TextView, props);
    await fireEvent.pointerDown(screen.getByTestId('doc-text'), { button: 0 });
    await settle();
    // A drag under way: the editor waits for the release.
    expect(editorShown()).toBe(false);
    await release();
    await vi.waitFor(() => expect(editorShown()).toBe(true));
  });
});
