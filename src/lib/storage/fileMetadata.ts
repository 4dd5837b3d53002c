/**
 * A record's metadata against its document's (`placement.ts`): the key that tells equal metadata, and the keys a
 * record landing on a document brings with values the document does not hold (they are not kept).
 */
import { cyrb53, textFingerprint } from '../model/fingerprint';

/** `value` with every object's keys in order, so that equal metadata writes one JSON. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
        )
      : value;

/** A key of a record's metadata, equal for equal metadata whatever its keys' order; '' for none. */
export function metaKey(meta: Readonly<Record<string, unknown>> | undefined): string {
  if (!meta || Object.keys(meta).length === 0) return '';
  return textFingerprint(JSON.stringify(canonical(meta)));
}

/** A hash of one key of metadata with its value: a document earlier in the file keeps these, not its metadata. */
const entryHash = (meta: Readonly<Record<string, unknown>>, key: string): number =>
  cyrb53(`${key}\u0000${JSON.stringify(canonical(meta[key]))}`);

/** How many of a file's documents keep their metadata's hashes (about 10 KB for each 100 with three keys). */
const KEPT = 20_000;

/**
 * The hashes of the metadata of the last {@link KEPT} documents a file brought with metadata: bounded, as a
 * file's records seldom come back to a document far behind (for one further back, every key is named).
 */
export class MetadataHashes {
  readonly #entries = new Map<string, number[]>();

  keep(id: string, meta: Readonly<Record<string, unknown>>): void {
    this.#entries.set(
      id,
      Object.keys(meta).map((key) => entryHash(meta, key)),
    );
    const oldest = this.#entries.size > KEPT ? this.#entries.keys().next().value : undefined;
    if (oldest !== undefined) this.#entries.delete(oldest);
  }

  of(id: string): readonly number[] | undefined {
    return this.#entries.get(id);
  }
}

/**
 * The keys of a record's metadata whose values the document's (`stored`) does not hold; for a document earlier
 * in the file, those whose key and value its hashes (`entries`) do not hold (helper-210: a Prodigy record whose
 * metadata was a part of its document's was said to lose every key).
 */
export function keysNotKept(
  meta: Readonly<Record<string, unknown>>,
  stored?: Readonly<Record<string, unknown>>,
  entries: readonly number[] = [],
): string[] {
  const same = (key: string) =>
    stored
      ? JSON.stringify(canonical(meta[key])) === JSON.stringify(canonical(stored[key]))
      : entries.includes(entryHash(meta, key));
  return Object.keys(meta).filter((key) => !same(key));
}
