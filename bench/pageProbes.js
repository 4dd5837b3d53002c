// Probes installed in the app page (with page.addInitScript, before the app's own code) so the
// bench can time what the user sees from the outside: no hook in src/ is needed. Everything here
// must be self-contained: Playwright serialises the function and runs it in the page.

export function installPageProbes() {
  // Every read-write IndexedDB transaction, with when it started and when it committed, so the
  // label path can be split into "until the span is committed" and "after".
  const transactions = [];
  const originalTransaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function transaction(...args) {
    const opened = originalTransaction.apply(this, args);
    if (args[1] === 'readwrite') {
      const entry = { start: performance.now(), end: null, stores: [...opened.objectStoreNames].join(',') };
      transactions.push(entry);
      if (transactions.length > 500) transactions.shift();
      opened.addEventListener('complete', () => (entry.end = performance.now()));
    }
    return opened;
  };

  // Long tasks (over 50 ms), to see how long the main thread stays busy after a label is painted
  // (the live query coming round, the span list re-rendering).
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
      if (longTasks.length > 1000) longTasks.splice(0, longTasks.length - 1000);
    }).observe({ type: 'longtask' });
  } catch {
    // No long task timing here: the figure is left out.
  }
  const busySince = (time) =>
    longTasks.filter((task) => task.start >= time).reduce((sum, task) => sum + task.duration, 0);

  const afterPaint = () =>
    new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))));
  /**
   * Two stamps for "painted": `painted`, the double requestAnimationFrame the figures use (the
   * frame that holds the change has been produced), and `nextPaint`, a message posted from the
   * first frame callback, which runs as soon as that frame's rendering task is done: about one
   * frame interval earlier, since the double rAF also waits for the next vsync.
   */
  const paintStamps = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        let nextPaint = null;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (nextPaint = performance.now());
        channel.port2.postMessage(null);
        requestAnimationFrame(() => {
          const painted = performance.now();
          channel.port1.close();
          resolve({ painted, nextPaint: nextPaint ?? painted });
        });
      });
    });
  /** The view's line elements in order (lines may sit directly in doc-text or inside chunks). */
  const lineElements = (root) => root.getElementsByClassName('line');
  const docText = () => {
    const root = document.querySelector('[data-testid=doc-text]');
    if (!root) throw new Error('no [data-testid=doc-text] in the page');
    return root;
  };

  /** Resolves once nothing in the page has changed for `quietMs` (at most `limitMs`). */
  function quiet(quietMs = 300, limitMs = 10_000) {
    return new Promise((resolve) => {
      const started = performance.now();
      let timer = 0;
      const done = () => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - started);
      };
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        if (performance.now() - started > limitMs) done();
        else timer = setTimeout(done, quietMs);
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      void afterPaint().then(() => (timer = setTimeout(done, quietMs)));
    });
  }

  /**
   * Arms a probe for opening document `documentId` with a click: from the click (capture phase)
   * until the view has `lines` line elements and at least `highlights` highlight elements, then a painted
   * frame (double requestAnimationFrame). `profile` names a console.profile to take meanwhile.
   */
  function armOpen({ documentId, lines, highlights, viewLines, profile }) {
    const root = docText();
    const all = root.getElementsByClassName('hl');
    // With `viewLines`, only the highlights in the first lines (those on screen at the top) count.
    const lineList = lineElements(root);
    const inView = (count = 0) => {
      for (let line = 0; line < Math.min(viewLines, lineList.length); line++)
        count += lineList[line].getElementsByClassName('hl').length;
      return count;
    };
    let clicked = null;
    let textShown = null;
    let finished = false;
    window.__benchResult = new Promise((resolve, reject) => {
      const onClick = (event) => {
        if (
          clicked !== null ||
          !(event.target instanceof Element) ||
          !event.target.closest(`[data-doc-id="${CSS.escape(documentId)}"]`)
        )
          return;
        clicked = performance.now();
        performance.mark('bench-open-start');
        if (profile) console.profile(profile);
      };
      const observer = new MutationObserver(() => {
        if (clicked === null || finished) return;
        if (textShown === null && lineList.length === lines) textShown = performance.now();
        if (textShown === null || (viewLines ? inView() : all.length) < highlights) return;
        finished = true;
        const shown = performance.now();
        observer.disconnect();
        window.removeEventListener('click', onClick, true);
        void paintStamps().then(({ painted, nextPaint }) => {
          performance.mark('bench-open-end');
          if (profile) console.profileEnd(profile);
          resolve({
            ms: painted - clicked,
            nextPaintMs: nextPaint - clicked,
            textMs: textShown - clicked,
            highlightsMs: shown - clicked,
            highlightCount: all.length,
          });
        });
      });
      window.addEventListener('click', onClick, true);
      observer.observe(root, { childList: true, subtree: true });
      setTimeout(
        () =>
          !finished &&
          reject(
            new Error(
              `document ${documentId} not shown with ${highlights} highlights within 60 s (clicked: ${clicked !== null})`,
            ),
          ),
        60_000,
      );
    });
  }

  /**
   * The baseline for opening: the same text as a plain <pre>, laid out like the viewer (same box,
   * width, font, line height and wrapping), from insertion until a frame has been painted.
   */
  async function showPlainText(text) {
    const host = docText().parentElement;
    const box = host.getBoundingClientRect();
    const hostStyle = getComputedStyle(host);
    const textStyle = getComputedStyle(docText());
    await afterPaint();
    const started = performance.now();
    const frame = document.createElement('div');
    Object.assign(frame.style, {
      position: 'fixed',
      left: `${box.left}px`,
      top: `${box.top}px`,
      width: `${box.width}px`,
      height: `${box.height}px`,
      overflow: 'auto',
      boxSizing: 'border-box',
      padding: hostStyle.padding,
      background: '#ffffff',
      zIndex: '2147483647',
    });
    const pre = document.createElement('pre');
    Object.assign(pre.style, {
      margin: '0 auto',
      maxWidth: textStyle.maxWidth,
      fontFamily: textStyle.fontFamily,
      fontSize: textStyle.fontSize,
      lineHeight: textStyle.lineHeight,
      whiteSpace: 'pre-wrap',
      overflowWrap: 'break-word',
    });
    pre.textContent = text;
    frame.append(pre);
    document.body.append(frame);
    const painted = await afterPaint();
    frame.remove();
    return { ms: painted - started };
  }

  /** Text node and offset of UTF-16 offset `offset` inside line element `line`. */
  function pointInLine(line, offset, preferEnd) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let seen = 0;
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const end = seen + node.data.length;
      if (offset < end || (preferEnd && offset === end)) return { node, offset: offset - seen };
      seen = end;
      last = node;
    }
    if (last) return { node: last, offset: last.data.length };
    throw new Error('empty line');
  }

  /**
   * Where a drag over word [from, to) of line `line` starts and ends (left edge of its first
   * character, right edge of its last). The word must be on screen.
   */
  async function locateWord({ line, from, to }) {
    const root = docText();
    const element = lineElements(root)[line];
    if (!element) throw new Error(`line ${line} is not in the view`);
    const first = pointInLine(element, from, false);
    const last = pointInLine(element, to, true);
    // Targets are picked on screen (visibleWords); wait a frame so nothing is mid-update.
    await afterPaint();
    const rectOf = (point, length) => {
      const range = document.createRange();
      range.setStart(point.node, point.offset);
      range.setEnd(point.node, point.offset + length);
      return range.getBoundingClientRect();
    };
    const start = rectOf(first, 1);
    const end = rectOf({ node: last.node, offset: last.offset - 1 }, 1);
    return { x1: start.left + 1, y1: start.top + start.height / 2, x2: end.right - 1, y2: end.top + end.height / 2 };
  }

  /**
   * The candidates (`{ line, from, to }`) that are on screen now: inside the document view with a
   * margin, and where hit-testing at their middle finds their own line. Returns their indexes.
   */
  function visibleWords(candidates) {
    const root = docText();
    const lineList = lineElements(root);
    const view = root.parentElement.getBoundingClientRect();
    const visible = [];
    candidates.forEach((candidate, index) => {
      const element = lineList[candidate.line];
      if (!element) return;
      const first = pointInLine(element, candidate.from, false);
      const last = pointInLine(element, candidate.to, true);
      if (first.node !== last.node) return;
      const range = document.createRange();
      range.setStart(first.node, first.offset);
      range.setEnd(last.node, last.offset);
      const rects = range.getClientRects();
      if (rects.length !== 1) return; // wrapped over two lines
      const bounds = rects[0];
      if (
        bounds.top < view.top + 40 ||
        bounds.bottom > view.bottom - 40 ||
        bounds.left < view.left ||
        bounds.right > view.right
      )
        return;
      if (
        !element.contains(document.elementFromPoint((bounds.left + bounds.right) / 2, (bounds.top + bounds.bottom) / 2))
      )
        return;
      visible.push(index);
    });
    return visible;
  }

  /** True when line `line` shows a highlight covering exactly [from, to). */
  function highlighted(lineList, { line, from, to }) {
    const element = lineList[line];
    if (!element) return false;
    let offset = 0;
    for (const node of element.childNodes) {
      const length = node.textContent.length;
      if (
        offset === from &&
        length === to - from &&
        node.nodeType === Node.ELEMENT_NODE &&
        node.hasAttribute('data-label')
      )
        return true;
      offset += length;
      if (offset > from) return false;
    }
    return false;
  }

  /**
   * Arms a probe for labelling word `target` with `key`: from the keydown (capture phase, before
   * the app sees it) until the new highlight for exactly that range is in the DOM, then a painted
   * frame. Also reports when the span's IndexedDB transaction committed.
   */
  function armLabel({ target, key, profile, profileAfter }) {
    const root = docText();
    const lineList = lineElements(root);
    let pressed = null;
    let selected = '';
    let finished = false;
    window.__benchResult = new Promise((resolve, reject) => {
      const onKey = (event) => {
        if (pressed !== null || event.key !== key) return;
        pressed = performance.now();
        selected = String(document.getSelection());
        performance.mark('bench-label-start');
        if (profile) console.profile(profile);
      };
      let element = lineList[target.line];
      const observer = new MutationObserver((records) => {
        if (pressed === null || finished) return;
        if (!element || !element.isConnected) element = lineList[target.line];
        if (!element || !records.some((record) => element.contains(record.target) || record.target.contains(element)))
          return;
        if (!highlighted(lineList, target)) return;
        finished = true;
        const shown = performance.now();
        observer.disconnect();
        window.removeEventListener('keydown', onKey, true);
        void paintStamps().then(({ painted, nextPaint }) => {
          performance.mark('bench-label-end');
          if (profile) console.profileEnd(profile);
          performance.mark('bench-after-start');
          if (profileAfter) console.profile(profileAfter);
          const write = transactions.find((entry) => entry.start >= pressed && entry.stores.includes('spans'));
          resolve({
            ms: painted - pressed,
            nextPaintMs: nextPaint - pressed,
            paintedAt: painted,
            shownMs: shown - pressed,
            committedMs: write && write.end !== null ? write.end - pressed : null,
            writeStartMs: write ? write.start - pressed : null,
          });
        });
      });
      window.addEventListener('keydown', onKey, true);
      observer.observe(root, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['data-label', 'class'],
      });
      setTimeout(() => {
        if (finished) return;
        const element = lineList[target.line];
        const shown = element
          ? [...element.childNodes]
              .map((node) => (node.nodeType === Node.ELEMENT_NODE ? `[${node.textContent}]` : node.textContent))
              .join('')
          : '(no line)';
        reject(
          new Error(
            `no highlight for "${target.text}" (line ${target.line}, ${target.from}–${target.to}) within 15 s; key seen: ${pressed !== null}, selection at the key: "${selected}"; the line shows: ${shown.slice(0, 300)}`,
          ),
        );
      }, 15_000);
    });
  }

  /**
   * The floor under every "painted" figure on this page: a trivial DOM change (a 1-pixel element
   * appended to the body) until the same two paint stamps. Nothing the app does is in it.
   */
  async function paintFloor() {
    const marker = document.createElement('div');
    marker.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; pointer-events: none;';
    const started = performance.now();
    document.body.append(marker);
    const { painted, nextPaint } = await paintStamps();
    marker.remove();
    return { ms: painted - started, nextPaintMs: nextPaint - started };
  }

  /** Adds CSS rules through the CSSOM (the app's CSP allows no <style> element); returns how many. */
  function addRules(rules) {
    const sheet = [...document.styleSheets].find((candidate) => candidate.href !== null);
    for (const rule of rules) sheet.insertRule(rule, sheet.cssRules.length);
    return rules.length;
  }

  function removeRules(count) {
    const sheet = [...document.styleSheets].find((candidate) => candidate.href !== null);
    for (let index = 0; index < count; index++) sheet.deleteRule(sheet.cssRules.length - 1);
  }

  window.__bench = {
    quiet,
    armOpen,
    showPlainText,
    locateWord,
    visibleWords,
    armLabel,
    paintFloor,
    paintStamps,
    busySince,
    addRules,
    removeRules,
    transactions,
  };
}
