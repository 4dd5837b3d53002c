/**
 * Persistent storage: whether the browser may evict this site's data under storage pressure,
 * and how much of the quota the data uses. The `StorageManager` comes in as an argument
 * (`navigator.storage` in the app, a fake in tests); every member is optional because older
 * browsers and insecure contexts lack some or all of them.
 *
 * @see https://storage.spec.whatwg.org/#storagemanager
 */
export interface StorageLike {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageDescription {
  /** True when the browser promises not to evict the data; null when it cannot say. */
  persisted: boolean | null;
  /** Bytes used by this origin (IndexedDB, caches, service worker), or null when unknown. */
  usage: number | null;
  /** Bytes this origin may use, or null when unknown. */
  quota: number | null;
}

/**
 * Asks the browser to keep this site's data under storage pressure. Resolves to whether it
 * now is persistent; never rejects (a refusal or a missing API is `false`).
 */
export async function requestPersistence(storage: StorageLike | null | undefined): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Reads whether storage is persistent and the usage and quota estimate; never rejects. */
export async function describeStorage(storage: StorageLike | null | undefined): Promise<StorageDescription> {
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage?.estimate ? storage.estimate().catch(() => null) : Promise.resolve(null),
  ]);
  return {
    persisted: typeof persisted === 'boolean' ? persisted : null,
    usage: finiteOrNull(estimate?.usage),
    quota: finiteOrNull(estimate?.quota),
  };
}

function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
