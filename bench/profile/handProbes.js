// Probes for bench/profile/labelFrame.js, installed in the app page and in the plain page (so
// self-contained, as pageProbes.js): a user-timing mark `hand-<key>` at every F8, F9 and F10
// (capture phase, installed before the label floor's listener, so the floor's F8 is marked too),
// and two hand-made changes armed for one key: `wrap`, a word of the document wrapped in a
// highlight element by hand (no app code), and `pixel`, a 1-pixel element appended to the body;
// each until the end of the first frame that shows it (window.__bench.paintStamps).

export function installHandProbes() {
  if (window.__hand) return;
  window.addEventListener(
    'keydown',
    (event) => {
      if (/^F(8|9|10)$/u.test(event.key)) performance.mark(`hand-${event.key}`);
    },
    true,
  );

  /** Wraps [from, to) of line `line` of the document in a highlight element, when inside one text node. */
  function wrapWord({ line, from, to }) {
    const element = document.querySelector('[data-testid=doc-text]').getElementsByClassName('line')[line];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const end = seen + node.data.length;
      if (from >= seen && to <= end) {
        const range = document.createRange();
        range.setStart(node, from - seen);
        range.setEnd(node, to - seen);
        const span = document.createElement('span');
        span.className = 'hl';
        span.dataset.label = 'PER';
        span.style.setProperty('--hl', '#3b82f6');
        range.surroundContents(span);
        return span;
      }
      seen = end;
    }
    throw new Error(`line ${line} has no text node holding ${from}–${to}`);
  }

  function arm(kind, target) {
    const key = kind === 'wrap' ? 'F9' : 'F10';
    window.__benchResult = new Promise((resolve) => {
      const onKey = (event) => {
        if (event.key !== key) return;
        event.stopImmediatePropagation();
        event.preventDefault();
        window.removeEventListener('keydown', onKey, true);
        const pressed = performance.now();
        let added;
        if (kind === 'wrap') added = wrapWord(target);
        else {
          added = document.createElement('div');
          added.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; pointer-events: none;';
          document.body.append(added);
        }
        void window.__bench.paintStamps().then(({ painted, nextPaint }) => {
          if (kind === 'pixel') added.remove();
          resolve({ ms: painted - pressed, nextPaintMs: nextPaint - pressed });
        });
      };
      window.addEventListener('keydown', onKey, true);
    });
  }

  window.__hand = { arm };
}
