import 'fake-indexeddb/auto';

// Most test files share their worker's window (isolate: false in vitest.config.ts), and this file runs before
// each of them: each starts with an empty page and empty storage, as a fresh window would give it.
if (typeof document !== 'undefined') {
  document.body.replaceChildren();
  localStorage.clear();
  sessionStorage.clear();
}

// happy-dom matches no option with `:checked`, so Svelte's `bind:value` on a <select> read the first
// option on every change (a user's choice never reached the state). Browsers match the selected ones.
// Patched once per window: a shared window would otherwise wrap it again for every file.
const patched = Symbol.for('spanwright.selectCheckedPatch');
if (typeof HTMLSelectElement !== 'undefined' && !(patched in HTMLSelectElement.prototype)) {
  const querySelector = HTMLSelectElement.prototype.querySelector;
  HTMLSelectElement.prototype.querySelector = function (this: HTMLSelectElement, selectors: string) {
    if (selectors === ':checked') return this.selectedOptions[0] ?? null;
    return querySelector.call(this, selectors);
  } as typeof querySelector;
  Object.defineProperty(HTMLSelectElement.prototype, patched, { value: true });
}
