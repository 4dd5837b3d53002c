/**
 * Why a write to storage failed, in words a user can act on. IndexedDB reports a full disk as a
 * `QuotaExceededError`, which Dexie may wrap (as `inner`) in an error of its own.
 */

/** True for a write refused because the origin's storage quota is used up. */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const inner = (error as Error & { inner?: unknown }).inner;
  return (
    error.name === 'QuotaExceededError' ||
    /quota/iu.test(error.message) ||
    (inner instanceof Error && isQuotaError(inner))
  );
}

/** A failed write as a sentence ending: "Not saved: <this>". */
export function describeWriteError(error: unknown): string {
  if (isQuotaError(error))
    return 'the browser has no storage space left for this site. Free some space or export and clear old work.';
  // Dexie adds its inner error's name and message on lines of their own ("refused\n UnknownError: refused").
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || message.trim();
}
