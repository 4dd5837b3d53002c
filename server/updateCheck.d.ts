/** Types of updateCheck.js, for the tests that import it. */
export function updateInMessage(message: Uint8Array): Uint8Array | null;
export function refusal(update: Uint8Array, kind: string, owner: string | null): string | null;
