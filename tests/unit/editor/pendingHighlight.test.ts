import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compareTextSpans, type TextSpan } from '../../../src/lib/editor/highlights';
import { Viewer } from '../../../src/lib/editor/viewer';
import { trickyText } from '../arbitraries';

const colours = new Map([
  ['claim', '#E69F00'],
  ['denial', '#56B4E9'],
  ['visit', '#009E73'],
]);
const LABELS = [...colours.keys()];

const viewers: Viewer[] = [];
afterEach(() => {
  for (const viewer of viewers.splice(0)) viewer.destroy();
  document.body.innerHTML = '';
});

function viewerOf(text: string, spans: readonly TextSpan[], selectedId: string | null): Viewer {
  const element = document.createElement('div');
  document.body.append(element);
  const viewer = new Viewer({ element });
  viewers.push(viewer);
  viewer.setText(text, { spans, colours, selectedId });
  return viewer;
}

/** The view's elements with their attributes in name order (their order on an element means nothing). */
function html(viewer: Viewer): string {
  const write = (node: Node): string => {
    if (!(node instanceof Element)) return node.textContent ?? '';
    const attributes = node
      .getAttributeNames()
      .sort()
      .map((name) => `${name}="${node.getAttribute(name)}"`);
    return `<${node.localName} ${attributes.join(' ')}>${[...node.childNodes].map(write).join('')}</${node.localName}>`;
  };
  return [...viewer.editor.view.dom.childNodes].map(write).join('');
}
/**
 * What shows, character by character (UTF-16 unit): the highlight element around it, as a reader's
 * eye and a test hook meet it (its classes, labels, colours and hover text); '' where none is.
 */
function shown(viewer: Viewer): string[] {
  const seen: string[] = [];
  const walker = document.createTreeWalker(viewer.editor.view.dom, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement!;
    const look = element.classList.contains('line')
      ? ''
      : [
          [...element.classList].filter((name) => name !== 'hl-pending').join(' '),
          element.getAttribute('data-label'),
          element.getAttribute('style'),
          element.getAttribute('title'),
        ]
          .join('|')
          .replace(/^\|\|\|$/u, ''); // an element that draws nothing (a pending span's alone)
    for (let unit = 0; unit < (node.textContent ?? '').length; unit++) seen.push(look);
  }
  return seen;
}

/** Spans over `text` (UTF-16 ranges), sorted for the view; `count` of them. */
const spansOver = (length: number, count: number) =>
  fc.array(
    fc
      .record({ a: fc.nat(length), b: fc.nat(length), label: fc.constantFrom(...LABELS) })
      .filter(({ a, b }) => a !== b),
    { minLength: count, maxLength: count + 6 },
  );

describe('a span drawn while it is stored (pending), then shown', () => {
  it('shows nothing of it before it is stored, and once shown looks exactly as if drawn with the others', () => {
    fc.assert(
      fc.property(
        trickyText.filter((text) => text.length >= 2),
        fc.nat(),
        fc.boolean(),
        (text, seed, select) => {
          const ranges = fc.sample(spansOver(text.length, 1), { seed, numRuns: 1 })[0];
          const toSpan = ({ a, b, label }: { a: number; b: number; label: string }, index: number): TextSpan => ({
            id: `s${index}`,
            label,
            start16: Math.min(a, b),
            end16: Math.max(a, b),
            text: text.slice(Math.min(a, b), Math.max(a, b)),
          });
          const all = ranges.map(toSpan);
          const fresh = all[all.length - 1];
          const before = all.slice(0, -1).sort(compareTextSpans);
          const selectedId = select && before.length > 0 ? before[0].id : null;
          const viewer = viewerOf(text, before, selectedId);
          const bare = shown(viewer);
          expect(viewer.showPending(fresh)).toBe(true);
          // Drawn in place, but it shows nowhere: every character looks as it did without it.
          expect(shown(viewer)).toEqual(bare);
          if (/[^\r\n]/u.test(fresh.text!))
            expect(viewer.editor.view.dom.querySelector('[data-pending]')).not.toBeNull();
          const drawn = [...viewer.editor.view.dom.querySelectorAll('[data-pending]')];
          viewer.revealSpan({ ...fresh });
          // Shown in place: the elements drawn while it was stored now show it (nothing drawn anew).
          expect(drawn.every((element) => element.isConnected && element.getAttribute('data-label') !== null)).toBe(
            true,
          );
          const direct = viewerOf(text, [...before, fresh].sort(compareTextSpans), selectedId);
          expect(shown(viewer)).toEqual(shown(direct));
          expect(viewer.editor.view.dom.querySelector('[data-pending]')).toBeNull();
          // And once the list holds it stored, the redraw gives the same elements.
          viewer.setSpans([...before, { ...fresh }].sort(compareTextSpans), colours, selectedId);
          expect(html(viewer)).toBe(html(direct));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('takes the drawing away when the write fails, and draws anew when the view changed meanwhile', () => {
    const text = 'Pyongyang denied the visit.';
    const denial: TextSpan = { id: 'd', label: 'denial', start16: 10, end16: 16, text: 'denied' };
    const visit: TextSpan = { id: 'v', label: 'visit', start16: 21, end16: 26, text: 'visit' };
    const viewer = viewerOf(text, [denial], null);
    const before = html(viewer);
    expect(viewer.showPending(visit)).toBe(true);
    expect(viewer.showPending({ ...visit, id: 'w' })).toBe(false); // one at a time
    viewer.dropPending(visit.id);
    expect(html(viewer)).toBe(before);
    // A redraw of the spans while it was stored (without it): shown all the same, drawn anew.
    expect(viewer.showPending(visit)).toBe(true);
    viewer.setSpans([denial], colours, 'd');
    viewer.revealSpan(visit);
    expect(shown(viewer)).toEqual(shown(viewerOf(text, [denial, visit], 'd')));
  });
});
