/**
 * The near-duplicate search's cache of signatures (the `signatureBundles` table): each document's
 * MinHash signature (256 bytes), many documents to a row, so a new Worker reads ~2.6 MB for 10,000
 * documents instead of reading and signing their texts (~25 M characters).
 *
 * Derived and self-healing, never the truth, under the rules of the search cache of texts
 * (textBundles.ts): a member serves only while its id is listed with its fingerprint, under the
 * code's {@link SIGNATURE_SCHEME}, and only once (the first row holding it); whatever else a row
 * holds is ignored, and a row mostly ignored is rewritten with the members still listed. A pass
 * notes the signatures it had to compute, stores them in full rows as it goes ({@link
 * SignatureCachePass.early}: a search cut off by a reload or a closed tab leaves them for the next
 * one), and writes the rest after the search ({@link SignatureCachePass.write}).
 */
import { SIGNATURE_LENGTH, SIGNATURE_SCHEME } from '../model/nearDuplicates';
import type { SignatureBundle, SpanwrightDatabase } from '../storage/database';
import { rowsToRewrite } from './cacheRows';

/** A listed document as the cache knows it: its id and its text's fingerprint (a head's). */
interface ListedKey {
  id: string;
  fingerprint: string;
}

/** A signature, or null for a text without words (stored as all ones: the MinHash of no shingles). */
export type Signature = Uint32Array | null;

/** Signatures per row: 256 KB of them, so 10,000 documents are 10 rows. */
export const BUNDLE_SIGNATURES = 1024;

/** Rows' worth of computed signatures a pass holds before it stores them early (~1 MB, ~2 s of signing). */
export const EARLY_ROWS = 4;

/** A row read, with how many of its members serve this pass. */
interface ReadRow {
  row: SignatureBundle;
  /** The members that serve (their positions in the row). */
  live: number[];
  wellFormed: boolean;
}

function isWellFormed(row: SignatureBundle): boolean {
  const { scheme, ids, fingerprints, signatures } = row;
  return (
    scheme === SIGNATURE_SCHEME &&
    Array.isArray(ids) &&
    Array.isArray(fingerprints) &&
    ids.length === fingerprints.length &&
    signatures instanceof Uint32Array &&
    signatures.length === ids.length * SIGNATURE_LENGTH
  );
}

/** The signature of member `member` of `row` (a view into the row's array). */
function memberSignature(row: SignatureBundle, member: number): Signature {
  const signature = row.signatures.subarray(member * SIGNATURE_LENGTH, (member + 1) * SIGNATURE_LENGTH);
  return signature.every((value) => value === 0xffffffff) ? null : signature;
}

/**
 * One pass's view of the cache: the signatures it serves to the listed documents, those the pass
 * computed itself, and what to write afterwards.
 */
export class SignatureCachePass {
  readonly #rows: ReadRow[] = [];
  /** Signatures computed this pass, to store afterwards. */
  readonly #computed = new Map<string, { fingerprint: string; signature: Signature }>();
  #keys: readonly ListedKey[] = [];
  #read = false;
  readonly #bundleSignatures: number;

  constructor({ bundleSignatures = BUNDLE_SIGNATURES } = {}) {
    this.#bundleSignatures = bundleSignatures;
  }

  /**
   * Reads every row for `keys` (the whole list, in its order) and answers each listed id the cache
   * serves (with its listed fingerprint), with its signature.
   */
  async read(database: SpanwrightDatabase, keys: readonly ListedKey[]): Promise<Map<string, Signature>> {
    this.#keys = keys;
    this.#read = true;
    const listed = new Map(keys.map((key) => [key.id, key.fingerprint]));
    const served = new Map<string, Signature>();
    for (const row of await database.signatureBundles.toArray()) {
      const read: ReadRow = { row, live: [], wellFormed: isWellFormed(row) };
      this.#rows.push(read);
      if (!read.wellFormed) continue;
      row.ids.forEach((id, member) => {
        if (listed.get(id) !== row.fingerprints[member] || served.has(id)) return;
        served.set(id, memberSignature(row, member));
        read.live.push(member);
      });
    }
    return served;
  }

  /** A signature the pass computed from `key`'s text (the cache did not serve it), to store afterwards. */
  computed(key: ListedKey, signature: Signature): void {
    this.#computed.set(key.id, { fingerprint: key.fingerprint, signature });
  }

  /**
   * Takes, once {@link EARLY_ROWS} rows' worth were computed, the full rows of them (in the order
   * computed) and answers their write, which only adds rows; null until then. What it takes is
   * forgotten by the pass (a failed write leaves it to the next pass to compute again).
   */
  early(): ((database: SpanwrightDatabase) => Promise<void>) | null {
    const rows = Math.floor(this.#computed.size / this.#bundleSignatures);
    if (rows < EARLY_ROWS) return null;
    const members = [...this.#computed].slice(0, rows * this.#bundleSignatures).map(([id, entry]) => {
      this.#computed.delete(id);
      return { id, ...entry };
    });
    const bundles = this.#rowsOf(members);
    return async (database) => {
      await database.signatureBundles.bulkAdd(bundles);
    };
  }

  /** `members` in rows of the pass's size. */
  #rowsOf(members: readonly { id: string; fingerprint: string; signature: Signature }[]): SignatureBundle[] {
    const rows: SignatureBundle[] = [];
    for (let from = 0; from < members.length; from += this.#bundleSignatures) {
      const slice = members.slice(from, from + this.#bundleSignatures);
      const signatures = new Uint32Array(slice.length * SIGNATURE_LENGTH).fill(0xffffffff);
      slice.forEach((member, index) => {
        if (member.signature !== null) signatures.set(member.signature, index * SIGNATURE_LENGTH);
      });
      rows.push({
        scheme: SIGNATURE_SCHEME,
        ids: slice.map((member) => member.id),
        fingerprints: slice.map((member) => member.fingerprint),
        signatures,
      });
    }
    return rows;
  }

  /** The rows to remove and write again ({@link rowsToRewrite}), by the signatures they served. */
  #stale(): ReadRow[] {
    return rowsToRewrite(
      this.#rows,
      (read) => ({
        wellFormed: read.wellFormed,
        members: read.wellFormed ? read.row.ids.length : 0,
        live: read.live.length,
        servedPart: read.live.length / this.#bundleSignatures,
      }),
      this.#computed.size > 0,
    );
  }

  /** Whether {@link write} has anything to do. */
  get due(): boolean {
    return this.#computed.size > 0 || this.#stale().length > 0;
  }

  /**
   * Stores the computed signatures with the served members of the stale rows, in the list's order
   * (when the pass did not read the cache: the computed ones alone, in the order computed), removes
   * the stale rows and adds the new ones, in one transaction.
   */
  async write(database: SpanwrightDatabase): Promise<void> {
    if (!this.due) return;
    const stale = this.#stale();
    const entries = new Map(this.#computed);
    for (const { row, live } of stale)
      for (const member of live)
        entries.set(row.ids[member], {
          fingerprint: row.fingerprints[member],
          signature: memberSignature(row, member),
        });
    const order: readonly ListedKey[] = this.#read
      ? this.#keys
      : [...this.#computed].map(([id, { fingerprint }]) => ({ id, fingerprint }));
    const members: { id: string; fingerprint: string; signature: Signature }[] = [];
    for (const key of order) {
      const entry = entries.get(key.id);
      if (entry !== undefined && entry.fingerprint === key.fingerprint) members.push({ id: key.id, ...entry });
    }
    const rows = this.#rowsOf(members);
    const removed = stale.flatMap(({ row }) => (row.seq === undefined ? [] : [row.seq]));
    await database.transaction('rw', database.signatureBundles, async () => {
      await database.signatureBundles.bulkDelete(removed);
      await database.signatureBundles.bulkAdd(rows);
    });
    this.#computed.clear();
    this.#rows.length = 0;
  }
}
