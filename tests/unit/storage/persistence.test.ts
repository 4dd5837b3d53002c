import { describe, expect, it, vi } from 'vitest';
import { formatBytes } from '../../../src/lib/model/bytes';
import { describeStorage, requestPersistence, type StorageLike } from '../../../src/lib/storage/persistence';

/** A fake `navigator.storage` whose persist() grants or refuses, and remembers a grant. */
function fakeStorage(options: { persisted?: boolean; grant?: boolean; usage?: number; quota?: number } = {}) {
  let persisted = options.persisted ?? false;
  const storage = {
    persisted: vi.fn(async () => persisted),
    persist: vi.fn(async () => {
      if (options.grant) persisted = true;
      return persisted;
    }),
    estimate: vi.fn(async () => ({ usage: options.usage, quota: options.quota })),
  };
  return storage satisfies StorageLike;
}

describe('requestPersistence', () => {
  it('asks the browser and reports a grant', async () => {
    const storage = fakeStorage({ grant: true });
    await expect(requestPersistence(storage)).resolves.toBe(true);
    expect(storage.persist).toHaveBeenCalledOnce();
  });

  it('reports a refusal as false', async () => {
    await expect(requestPersistence(fakeStorage({ grant: false }))).resolves.toBe(false);
  });

  it('does not ask again when storage is already persistent', async () => {
    const storage = fakeStorage({ persisted: true });
    await expect(requestPersistence(storage)).resolves.toBe(true);
    expect(storage.persist).not.toHaveBeenCalled();
  });

  it('answers false without the API (insecure context, old browser)', async () => {
    await expect(requestPersistence(undefined)).resolves.toBe(false);
    await expect(requestPersistence(null)).resolves.toBe(false);
    await expect(requestPersistence({})).resolves.toBe(false);
  });

  it('answers false instead of rejecting when the browser throws', async () => {
    const storage: StorageLike = { persist: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) };
    await expect(requestPersistence(storage)).resolves.toBe(false);
  });

  it('still asks when only persist() exists', async () => {
    await expect(requestPersistence({ persist: async () => true })).resolves.toBe(true);
  });
});

describe('describeStorage', () => {
  it('reads persistence, usage and quota', async () => {
    await expect(
      describeStorage(fakeStorage({ persisted: true, usage: 2048, quota: 10 * 1024 ** 3 })),
    ).resolves.toEqual({
      persisted: true,
      usage: 2048,
      quota: 10 * 1024 ** 3,
    });
  });

  it('says null for whatever the browser cannot tell', async () => {
    await expect(describeStorage(undefined)).resolves.toEqual({ persisted: null, usage: null, quota: null });
    await expect(describeStorage({})).resolves.toEqual({ persisted: null, usage: null, quota: null });
    await expect(describeStorage({ estimate: async () => ({}) })).resolves.toEqual({
      persisted: null,
      usage: null,
      quota: null,
    });
  });

  it('keeps what it can when one call fails', async () => {
    const storage: StorageLike = {
      persisted: () => Promise.reject(new Error('nope')),
      estimate: async () => ({ usage: 10, quota: Number.NaN }),
    };
    await expect(describeStorage(storage)).resolves.toEqual({ persisted: null, usage: 10, quota: null });
  });

  it('reports a refused persistence as false, not null', async () => {
    await expect(describeStorage(fakeStorage({ persisted: false, usage: 0, quota: 100 }))).resolves.toEqual({
      persisted: false,
      usage: 0,
      quota: 100,
    });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [512, '512 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [1024 * 1024 - 1, '1 MB'],
    [12.4 * 1024 * 1024, '12 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [300 * 1024 ** 3, '300 GB'],
    [2 * 1024 ** 4, '2 TB'],
  ])('%d bytes reads %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it('says unknown for nonsense', () => {
    expect(formatBytes(-1)).toBe('unknown');
    expect(formatBytes(Number.NaN)).toBe('unknown');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('unknown');
  });
});
