import { afterEach, describe, expect, it } from 'vitest';
import { CharacterKeySetting } from '../../../src/lib/state/characterKeySetting.svelte';
import { readTheme } from '../../../src/lib/state/theme';
import { localStore } from '../../../src/lib/storage/localStore';

const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'localStorage', original);
});

describe('localStorage where the browser refuses it', () => {
  it('is no store, and the preferences read their defaults instead of stopping the app', () => {
    expect(localStore()).toBe(globalThis.localStorage);
    // Storage blocked for the site: reading `localStorage` throws (a SecurityError in Chromium).
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    expect(() => globalThis.localStorage).toThrow();
    expect(localStore()).toBeUndefined();
    expect(readTheme(localStore())).toBe('system');
    const keys = new CharacterKeySetting(localStore());
    expect(keys.mode).toBe('plain');
    keys.choose('alt');
    expect(keys.mode).toBe('alt');
  });
});
