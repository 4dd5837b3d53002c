import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import TextView from '../../../src/lib/components/editor/TextView.svelte';
import type * as loadViewerModule from '../../../src/lib/editor/loadViewer';

// The editor's chunk can be made to fail, as a fetch of it does offline before it was cached.
const chunk = vi.hoisted(() => ({ fail: false, loads: 0 }));
vi.mock('../../../src/lib/editor/loadViewer', async (importOriginal) => {
  const original = await importOriginal<typeof loadViewerModule>();
  return {
    ...original,
    // Each view here starts plain, as the first page's does, even once the module is loaded.
    loadedViewer: () => null,
    loadViewer: () => {
      chunk.loads++;
      return chunk.fail
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : original.loadViewer();
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
    for (let attempt = 0; attempt < 3; attempt++) {
      await fireEvent.pointerOver(text);
      await fireEvent.keyDown(window, { key: 'ArrowRight' });
      await settle();
    }
    // Every sign of use tries again; the user hears of it once.
    expect(chunk.loads).toBeGreaterThanOrEqual(3);
    expect(unavailable).toHaveBeenCalledTimes(1);
    expect(String(unavailable.mock.calls[0][0])).toMatch(/dynamically imported module/u);
    expect(editorShown()).toBe(false);
    expect(text.querySelector('[data-label=claim]')?.textContent).toBe('Kim Jong Un');
    view.unmount();
    chunk.fail = false;
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

  it('lets the editor come once the window loses the focus during a press of the main button', async () => {
    render(TextView, props);
    const text = screen.getByTestId('doc-text');
    await fireEvent.pointerDown(text, { button: 0 });
    await settle();
    // A drag under way: the editor waits for the release.
    expect(editorShown()).toBe(false);
    // The window lost the focus (another window came up); the release went there.
    await fireEvent.blur(window);
    await vi.waitFor(() => expect(editorShown()).toBe(true));
  });
});
