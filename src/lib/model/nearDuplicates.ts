/**
 * Near-duplicate documents: MinHash signatures over word shingles, banded into buckets
 * (locality-sensitive hashing) so that only documents sharing a bucket are compared, then kept
 * when their signatures say the shingle sets overlap by at least {@link NEAR_DUPLICATE_THRESHOLD}
 * (Jaccard similarity). The same article scraped twice, with different boilerplate around it, is
 * found; two articles on the same subject are not.
 */

/** Words per shingle. */
export const SHINGLE_WORDS = 5;
/** Hash functions per signature: {@link BANDS} bands of {@link ROWS} rows. */
export const SIGNATURE_LENGTH = 64;
const ROWS = 4;
const BANDS = SIGNATURE_LENGTH / ROWS;
/**
 * The estimated Jaccard similarity of two documents' shingle sets at or above which they are near
 * duplicates. With 16 bands of 4 rows, a pair at this similarity shares a bucket with probability
 * 1 − (1 − 0.5⁴)¹⁶ ≈ 0.64, at 0.6 with 0.89 and at 0.7 with 0.98.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

export interface TextDocument {
  id: string;
  text: string;
}

/** Two documents found to be near duplicates, and their estimated similarity (0–1). */
export interface NearDuplicatePair {
  a: string;
  b: string;
  similarity: number;
}

/**
 * Names how a signature is computed (shingles, word hashing, seeds, the MinHash mix): a stored
 * signature (workers/signatureCache.ts) serves only under the same scheme, so change this with any
 * of them.
 */
export const SIGNATURE_SCHEME = `minhash-w${SHINGLE_WORDS}-k${SIGNATURE_LENGTH}-v1`;

/**
 * Names how pairs are chosen from the signatures (the scheme, the bands' rows, the threshold): pairs
 * a finished search kept (storage/nearDuplicateMemory.ts) are shown only under the same one.
 */
export const PAIRS_SCHEME = `${SIGNATURE_SCHEME}-r${ROWS}-t${NEAR_DUPLICATE_THRESHOLD}`;

/** Seeds of the hash functions (x ↦ mix(x ⊕ seed)): fixed, so a corpus always gives the same pairs. */
const SEEDS = Uint32Array.from({ length: SIGNATURE_LENGTH }, (_, index) => mix(0x9e3779b9 + index));

/** A 32-bit finaliser (MurmurHash3's), spreading every input bit over the output. */
function mix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** FNV-1a over the UTF-16 code units of text[from, to), lower-cased for ASCII letters. */
function hashWord(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let position = from; position < to; position++) {
    let unit = text.charCodeAt(position);
    if (unit >= 65 && unit <= 90) unit += 32;
    hash = Math.imul(hash ^ unit, 0x01000193);
  }
  return hash >>> 0;
}

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\t-~]/u;

/** The hashes of a text's word shingles (runs of letters and digits, case folded), deduplicated. */
export function shingleHashes(text: string): Uint32Array {
  // ASCII letters are folded as they are hashed; any other text is lower-cased first.
  const folded = NON_ASCII.test(text) ? text.toLowerCase() : text;
  const words: number[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(folded); match !== null; match = WORD.exec(folded))
    words.push(hashWord(folded, match.index, match.index + match[0].length));
  if (words.length === 0) return new Uint32Array(0);
  const count = Math.max(1, words.length - SHINGLE_WORDS + 1);
  const width = Math.min(words.length, SHINGLE_WORDS);
  // A rolling polynomial hash over each window of words, finalised once per shingle.
  let power = 1;
  for (let step = 1; step < width; step++) power = Math.imul(power, 31);
  let rolling = 0;
  for (let position = 0; position < width; position++) rolling = (Math.imul(rolling, 31) + words[position]) | 0;
  const shingles = new Uint32Array(count);
  shingles[0] = mix(rolling);
  for (let start = 1; start < count; start++) {
    rolling = (Math.imul(rolling - Math.imul(words[start - 1], power), 31) + words[start + width - 1]) | 0;
    shingles[start] = mix(rolling);
  }
  shingles.sort();
  let kept = 0;
  for (let position = 0; position < count; position++)
    if (position === 0 || shingles[position] !== shingles[position - 1]) shingles[kept++] = shingles[position];
  return shingles.subarray(0, kept);
}

/** The MinHash signature of a set of shingle hashes: per hash function, the least value it gives. */
export function signatureOf(shingles: Uint32Array): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_LENGTH).fill(0xffffffff);
  for (let position = 0; position < shingles.length; position++) {
    const shingle = shingles[position];
    for (let index = 0; index < SIGNATURE_LENGTH; index++) {
      // A light mix suffices: shingle hashes are already uniform; the seed makes each function its own.
      let value = Math.imul(shingle ^ SEEDS[index], 0x9e3779b1);
      value = (value ^ (value >>> 15)) >>> 0;
      if (value < signature[index]) signature[index] = value;
    }
  }
  return signature;
}

/** The share of equal positions in two signatures: an estimate of the two sets' Jaccard similarity. */
export function estimatedSimilarity(left: Uint32Array, right: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < SIGNATURE_LENGTH; index++) if (left[index] === right[index]) equal++;
  return equal / SIGNATURE_LENGTH;
}

/** A text's MinHash signature, or null for a text without words (it duplicates nothing). */
export function textSignature(text: string): Uint32Array | null {
  const shingles = shingleHashes(text);
  return shingles.length === 0 ? null : signatureOf(shingles);
}

/**
 * Finds near duplicates among documents added one by one: {@link add} computes a document's
 * signature (the costly part, so a caller can report progress and yield between documents);
 * {@link pairs} buckets the signatures band by band and checks the candidates.
 */
export class NearDuplicateIndex {
  readonly #ids: string[] = [];
  readonly #signatures: Uint32Array[] = [];

  add(document: TextDocument): void {
    this.addSigned(document.id, textSignature(document.text));
  }

  /** Adds a document by its signature ({@link textSignature}, computed earlier); null adds nothing. */
  addSigned(id: string, signature: Uint32Array | null): void {
    if (signature === null) return;
    this.#ids.push(id);
    this.#signatures.push(signature);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Every pair at or above the threshold, most similar first (then by the documents' order). */
  pairs(threshold = NEAR_DUPLICATE_THRESHOLD): NearDuplicatePair[] {
    const seen = new Set<number>();
    const found: { left: number; right: number; similarity: number }[] = [];
    const count = this.#signatures.length;
    for (let band = 0; band < BANDS; band++) {
      const buckets = new Map<number, number[]>();
      for (let document = 0; document < count; document++) {
        const signature = this.#signatures[document];
        let key = band;
        for (let row = band * ROWS; row < (band + 1) * ROWS; row++) key = mix(Math.imul(key, 31) + signature[row]);
        const bucket = buckets.get(key);
        if (bucket === undefined) buckets.set(key, [document]);
        else bucket.push(document);
      }
      for (const bucket of buckets.values()) {
        for (let first = 0; first < bucket.length; first++) {
          for (let second = first + 1; second < bucket.length; second++) {
            const left = bucket[first];
            const right = bucket[second];
            const pairKey = left * count + right;
            if (seen.has(pairKey)) continue;
            seen.add(pairKey);
            const similarity = estimatedSimilarity(this.#signatures[left], this.#signatures[right]);
            if (similarity >= threshold) found.push({ left, right, similarity });
          }
        }
      }
    }
    found.sort((x, y) => y.similarity - x.similarity || x.left - y.left || x.right - y.right);
    return found.map(({ left, right, similarity }) => ({ a: this.#ids[left], b: this.#ids[right], similarity }));
  }
}

/** Near-duplicate pairs of a set of documents, in one go. */
export function findNearDuplicates(documents: readonly TextDocument[]): NearDuplicatePair[] {
  const index = new NearDuplicateIndex();
  for (const document of documents) index.add(document);
  return index.pairs();
}

/** For each document, the other documents it nearly duplicates, most similar first. */
export function duplicatesByDocument(
  pairs: readonly NearDuplicatePair[],
): Map<string, { id: string; similarity: number }[]> {
  const byDocument = new Map<string, { id: string; similarity: number }[]>();
  const add = (from: string, to: string, similarity: number) => {
    const list = byDocument.get(from);
    if (list === undefined) byDocument.set(from, [{ id: to, similarity }]);
    else list.push({ id: to, similarity });
  };
  for (const { a, b, similarity } of pairs) {
    add(a, b, similarity);
    add(b, a, similarity);
  }
  return byDocument;
}
