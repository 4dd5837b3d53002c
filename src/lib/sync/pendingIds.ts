/**
 * Span ids changed by the team whose change is not stored here yet (team sync's), counted: an id
 * that two queued changes hold (a write, then its removal) stays pending until both are stored, so
 * a write of this member's layers leaves it alone until then.
 */
export class PendingIds {
  readonly #counts = new Map<string, number>();

  add(id: string): void {
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
  }

  /** One change holding `id` is stored. */
  delete(id: string): void {
    const left = (this.#counts.get(id) ?? 0) - 1;
    if (left > 0) this.#counts.set(id, left);
    else this.#counts.delete(id);
  }

  has(id: string): boolean {
    return this.#counts.has(id);
  }
}
