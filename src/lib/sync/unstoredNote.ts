/** What the status says when a change from the team could not be stored here (`TeamSync`). */
export function unstoredNote(error: unknown): string {
  return `a change from the team could not be stored here (${String(error)}). Nothing more is shared from this copy, so no span is removed for the team by mistake; reload the page to take the change in again.`;
}
