import 'fake-indexeddb/auto';

// happy-dom matches no option with `:checked`, so Svelte's `bind:value` on a <select> read the first
// option on every change (a user's choice never reached the state). Browsers match the selected ones.
if (typeof HTMLSelectElement !== 'undefined') {
  const querySelector = HTMLSelectElement.prototype.querySelector;
  HTMLSelectElement.prototype.querySelector = function (this: HTMLSelectElement, selectors: string) {
    if (selectors === ':checked') return this.selectedOptions[0] ?? null;
    return querySelector.call(this, selectors);
  } as typeof querySelector;
}
