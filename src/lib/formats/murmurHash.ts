/**
 * spaCy's string hash (`spacy.strings.hash_string`): MurmurHash64A of the string's UTF-8 bytes with
 * seed 1, as the `murmurhash` package's `hash64` computes it. A `.spacy` file names each token's text
 * and each label by this hash, with the strings themselves listed beside.
 *
 * @see https://github.com/aappleby/smhasher/blob/master/src/MurmurHash2.cpp (MurmurHash64A)
 */
import { SPACY_SYMBOLS } from './spacySymbols';

const M = 0xc6a4a7935bd1e995n;
const R = 47n;
const MASK = 0xffffffffffffffffn;

const encoder = new TextEncoder();
/** spaCy's symbols by name: its StringStore gives these their fixed id, not their hash. */
const SYMBOL_IDS = new Map(SPACY_SYMBOLS.map((name, id) => [name, BigInt(id)]));
const SYMBOL_COUNT = BigInt(SPACY_SYMBOLS.length);

/** MurmurHash64A of `bytes` with `seed`, as an unsigned 64-bit integer. */
export function murmurHash64A(bytes: Uint8Array, seed: bigint): bigint {
  const length = bytes.length;
  let hash = (seed ^ ((BigInt(length) * M) & MASK)) & MASK;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = length - (length % 8);
  for (let at = 0; at < whole; at += 8) {
    let k = view.getBigUint64(at, true);
    k = (k * M) & MASK;
    k ^= k >> R;
    k = (k * M) & MASK;
    hash ^= k;
    hash = (hash * M) & MASK;
  }
  const rest = length % 8;
  if (rest > 0) {
    for (let index = rest - 1; index >= 0; index--) hash ^= BigInt(bytes[whole + index]) << BigInt(8 * index);
    hash = (hash * M) & MASK;
  }
  hash ^= hash >> R;
  hash = (hash * M) & MASK;
  hash ^= hash >> R;
  return hash;
}

/**
 * The id spaCy's StringStore gives `text`, as a `.spacy` file names it: a symbol's fixed id ("PERSON" 380, "" 0),
 * else its hash ({@link spacyHash}).
 */
export function spacyId(text: string, cache?: Map<string, bigint>): bigint {
  return SYMBOL_IDS.get(text) ?? spacyHash(text, cache);
}

/** The string `id` names in a `.spacy` file whose strings are `hashed` (each string's hash): a symbol, or one of them. */
export function spacyString(id: bigint, hashed: ReadonlyMap<bigint, string>): string | undefined {
  return id < SYMBOL_COUNT ? SPACY_SYMBOLS[Number(id)] : hashed.get(id);
}

/** spaCy's hash of `text` (`hash_string`), remembered in `cache` when given (a corpus repeats its words). */
export function spacyHash(text: string, cache?: Map<string, bigint>): bigint {
  const known = cache?.get(text);
  if (known !== undefined) return known;
  const hash = murmurHash64A(encoder.encode(text), 1n);
  cache?.set(text, hash);
  return hash;
}
