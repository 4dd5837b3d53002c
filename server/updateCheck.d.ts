/** Types of updateCheck.js, for the tests that import it. */
export function updateInMessage(message: Uint8Array): Uint8Array | null;
export function refusal(update: Uint8Array, kind: string, owner: string | null): string | null;
export interface PresenceClaim {
  clientID: number;
  clock: number;
  name: string | null;
}
export function presenceInMessage(message: Uint8Array): PresenceClaim[] | null;
export function presenceRefusal(
  claims: PresenceClaim[],
  awareness: { meta: Map<number, { clock: number }>; getStates(): Map<number, unknown> },
  member: string,
): string | null;
