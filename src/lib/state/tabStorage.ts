/** This tab's sessionStorage; undefined where the browser blocks storage (reading it throws). */
export function tabStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
