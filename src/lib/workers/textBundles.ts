/**
 * The search cache of texts (the `textBundles` table): many documents' texts to a row, so a new
 * Worker reads the corpus as a few hundred big rows instead of one row per document (Chromium
 * reads big rows, stored as blobs, several times faster per byte; see docs/performance.md).
 *
 * Derived and self-healing, never the truth: a member serves only while its id is listed with its
 * fingerprint, and only once (the first bundle holding it); whatever else a bundle holds (changed or
 * deleted documents, a copy written twice) is ignored, and a bundle mostly ignored is rewritten
 * with the members still listed. A pass that read texts from `documents` bundles them afterwards
 * ({@link TextCachePass.write}), so the next new Worker finds them.
 */
import type { SpanwrightDatabase, TextBundle } from '../storage/database';
import { rowsToRewrite } from './cacheRows';

/** A listed document as the cache knows it: its id and its text's fingerprint (a head's). */
interface ListedText {
  id: string;
  fingerprint: string;
}

/** Characters of text per bundle: ~100 news-length documents, ~90 KB deflated (over Chromium's 64 KB blob threshold). */
export const BUNDLE_CHARS = 256 * 1024;

/** Bundles read at a time, and chunks of them asked for ahead of the one claimed. */
const CHUNK_BUNDLES = 4;
const CHUNKS_AHEAD = 2;

/** Whether bundles are deflated (measured in docs/performance.md). */
export const DEFLATE_BUNDLES = true;
/**
 * At most this many characters of the texts a pass read from `documents` are kept to bundle after
 * it (~64 MB): a first search over a large corpus must not hold every text a second time (the
 * near-duplicate Worker drops each text once signed). The rest are bundled by the next passes.
 */
export const MISSED_CHARACTERS = 32 * 1024 * 1024;

/** A bundle read, with which of its members serve this pass. */
interface ReadBundle {
  row: TextBundle;
  /** Each member's offset in the joined texts. */
  offsets: number[];
  /** The members that serve (their positions in the row); the others are stale. */
  live: number[];
  /** The joined texts once decoded (null: not yet; a broken bundle decodes to undefined). */
  decoded: Promise<string | undefined> | null;
  /** Live members still to hand out before the decoded texts are dropped. */
  pending: number;
}

async function streamed(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const joined = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/** `text` as a bundle stores it. */
export async function packTexts(text: string, deflate = DEFLATE_BUNDLES): Promise<Uint8Array | string> {
  return deflate ? streamed(new TextEncoder().encode(text), new CompressionStream('deflate-raw')) : text;
}

/** The joined texts of `row`, or undefined when they do not decode to the lengths listed. */
export async function unpackTexts(row: TextBundle): Promise<string | undefined> {
  try {
    const text =
      typeof row.texts === 'string'
        ? row.texts
        : new TextDecoder().decode(await streamed(row.texts, new DecompressionStream('deflate-raw')));
    return text.length === row.lengths.reduce((sum, length) => sum + length, 0) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `row` is a bundle this code can read (anything else is stale, and removed). */
function isWellFormed(row: TextBundle): boolean {
  const { ids, fingerprints, lengths, texts } = row;
  return (
    Array.isArray(ids) &&
    Array.isArray(fingerprints) &&
    Array.isArray(lengths) &&
    ids.length === fingerprints.length &&
    ids.length === lengths.length &&
    (typeof texts === 'string' || texts instanceof Uint8Array)
  );
}

/**
 * One pass's view of the cache: which listed documents it serves, their texts on demand, the texts
 * the pass had to read from `documents`, and what to write afterwards.
 */
export class TextCachePass {
  readonly #bundles: ReadBundle[] = [];
  /** Listed id → the bundle and member serving it. */
  readonly #served = new Map<string, { bundle: ReadBundle; member: number }>();
  /** Texts read from `documents` this pass, to bundle afterwards. */
  readonly #missed = new Map<string, { fingerprint: string; text: string }>();
  #missedCharacters = 0;
  #keys: readonly ListedText[] = [];
  #listed = new Map<string, string>();
  #read = false;
  /** Every bundle's key, in the order written; how many of them are read and claimed. */
  #seqs: number[] = [];
  #claimed = 0;
  #claiming: Promise<void> | null = null;
  /** The rows asked for, by the position of their first bundle. */
  readonly #chunks = new Map<number, Promise<(TextBundle | undefined)[]>>();
  #database: SpanwrightDatabase | null = null;
  readonly #bundleChars: number;
  readonly #deflate: boolean;

  /** `bundleChars`: characters of text per bundle written; `deflate`: whether bundles are deflated. */
  constructor({ bundleChars = BUNDLE_CHARS, deflate = DEFLATE_BUNDLES } = {}) {
    this.#bundleChars = bundleChars;
    this.#deflate = deflate;
  }

  /**
   * Starts reading the bundles, for `keys` (the whole list, held or not): their keys at once, then
   * the rows a few at a time, in the order written, as {@link serves} needs them (so a search
   * works on the first pages while the later bundles are read).
   */
  async read(database: SpanwrightDatabase, keys: readonly ListedText[]): Promise<void> {
    this.#keys = keys;
    this.#read = true;
    this.#listed = new Map(keys.map((key) => [key.id, key.fingerprint]));
    this.#seqs = (await database.textBundles.toCollection().primaryKeys()) as number[];
    this.#database = database;
  }

  /** Whether the cache holds `key`'s text (with its fingerprint), reading bundles until it knows. */
  async serves(key: ListedText): Promise<boolean> {
    while (!this.#served.has(key.id) && this.#claimed < this.#seqs.length) await this.#claimNext();
    return this.#served.has(key.id);
  }

  /** Reads the next few bundles (asking for those after them meanwhile) and claims their members. */
  #claimNext(): Promise<void> {
    this.#claiming ??= (async () => {
      const chunk = this.#claimed;
      for (let ahead = 0; ahead <= CHUNKS_AHEAD; ahead++) this.#readChunk(chunk + ahead * CHUNK_BUNDLES);
      const rows = await this.#chunks.get(chunk)!.catch(() => this.#fetch(chunk));
      this.#chunks.delete(chunk);
      for (const row of rows) if (row !== undefined) this.#claim(row);
      this.#claimed = Math.min(this.#seqs.length, this.#claimed + CHUNK_BUNDLES);
    })().finally(() => {
      this.#claiming = null;
    });
    return this.#claiming;
  }

  /** Asks for the rows of the chunk of bundles starting at position `from`, unless asked already. */
  #readChunk(from: number): void {
    if (from >= this.#seqs.length || this.#chunks.has(from)) return;
    const rows = this.#fetch(from);
    // A read ahead that fails (the database closed meanwhile) is read again when it is reached.
    rows.catch(() => undefined);
    this.#chunks.set(from, rows);
  }

  #fetch(from: number): Promise<(TextBundle | undefined)[]> {
    return this.#database!.textBundles.bulkGet(this.#seqs.slice(from, from + CHUNK_BUNDLES));
  }

  /** Claims the members of `row` listed with their fingerprints and not claimed by an earlier bundle. */
  #claim(row: TextBundle): void {
    const bundle: ReadBundle = { row, offsets: [], live: [], decoded: null, pending: 0 };
    this.#bundles.push(bundle);
    if (!isWellFormed(row)) return;
    let offset = 0;
    row.ids.forEach((id, member) => {
      bundle.offsets.push(offset);
      offset += row.lengths[member];
      if (this.#listed.get(id) !== row.fingerprints[member] || this.#served.has(id)) return;
      this.#served.set(id, { bundle, member });
      bundle.live.push(member);
    });
  }

  /** `key`'s text from its bundle; undefined when the bundle does not decode (read it from `documents`). */
  async textOf(key: ListedText): Promise<string | undefined> {
    const served = this.#served.get(key.id);
    if (served === undefined) return undefined;
    const { bundle, member } = served;
    if (bundle.decoded === null) {
      bundle.decoded = unpackTexts(bundle.row);
      bundle.pending = bundle.live.length;
    }
    const text = await bundle.decoded;
    // Every live member handed out: the decoded texts go (the caller holds what it needs).
    if (--bundle.pending <= 0) bundle.decoded = null;
    if (text === undefined) {
      bundle.live = [];
      this.#served.delete(key.id);
      return undefined;
    }
    const offset = bundle.offsets[member];
    return text.slice(offset, offset + bundle.row.lengths[member]);
  }

  /** A text the pass read from `documents`, to bundle afterwards. */
  missed(key: ListedText, text: string): void {
    if (!this.#read || this.#missedCharacters + text.length > MISSED_CHARACTERS) return;
    this.#missed.set(key.id, { fingerprint: key.fingerprint, text });
    this.#missedCharacters += text.length;
  }

  /** The bundles to remove and write again ({@link rowsToRewrite}), by the characters they served. */
  #stale(): ReadBundle[] {
    return rowsToRewrite(
      this.#bundles,
      (bundle) => ({
        wellFormed: isWellFormed(bundle.row),
        members: bundle.offsets.length,
        live: bundle.live.length,
        servedPart: bundle.live.reduce((sum, member) => sum + bundle.row.lengths[member], 0) / this.#bundleChars,
      }),
      this.#missed.size > 0,
    );
  }

  /** Whether {@link write} may have anything to do (bundles not yet read may be stale). */
  get due(): boolean {
    return this.#read && (this.#missed.size > 0 || this.#claimed < this.#seqs.length || this.#stale().length > 0);
  }

  /**
   * Bundles the texts read from `documents` with the served members of the stale bundles (in the
   * list's order), removes the stale bundles and adds the new ones, in one transaction.
   */
  async write(database: SpanwrightDatabase): Promise<void> {
    if (!this.due) return;
    this.#database = database;
    while (this.#claimed < this.#seqs.length) await this.#claimNext();
    if (this.#missed.size === 0 && this.#stale().length === 0) return;
    const stale = this.#stale();
    const texts = new Map(this.#missed);
    for (const bundle of stale) {
      if (bundle.live.length === 0) continue;
      const text = await unpackTexts(bundle.row);
      if (text === undefined) continue;
      for (const member of bundle.live) {
        const offset = bundle.offsets[member];
        const slice = text.slice(offset, offset + bundle.row.lengths[member]);
        texts.set(bundle.row.ids[member], { fingerprint: bundle.row.fingerprints[member], text: slice });
      }
    }
    const rows: TextBundle[] = [];
    let members: { id: string; fingerprint: string; text: string }[] = [];
    let chars = 0;
    const close = async () => {
      if (members.length === 0) return;
      rows.push({
        ids: members.map((member) => member.id),
        fingerprints: members.map((member) => member.fingerprint),
        lengths: members.map((member) => member.text.length),
        texts: await packTexts(members.map((member) => member.text).join(''), this.#deflate),
      });
      members = [];
      chars = 0;
    };
    for (const key of this.#keys) {
      const entry = texts.get(key.id);
      if (entry === undefined || entry.fingerprint !== key.fingerprint) continue;
      members.push({ id: key.id, ...entry });
      chars += entry.text.length;
      if (chars >= this.#bundleChars) await close();
    }
    await close();
    const removed = stale.flatMap((bundle) => (bundle.row.seq === undefined ? [] : [bundle.row.seq]));
    await database.transaction('rw', database.textBundles, async () => {
      await database.textBundles.bulkDelete(removed);
      await database.textBundles.bulkAdd(rows);
    });
    this.#missed.clear();
    this.#missedCharacters = 0;
  }
}

/**
 * Runs `write` holding the cache's lock for `databaseName` (a Web Lock, where the platform has
 * them), after calling `ready`: a second writer meanwhile skips its write (the next pass heals
 * what it left out), and whoever asks for the lock after `ready` waits for the write.
 */
export async function whileCaching(databaseName: string, ready: () => void, write: () => Promise<void>): Promise<void> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (typeof locks?.request !== 'function') {
    ready();
    return write();
  }
  await locks.request(cacheLockName(databaseName), { ifAvailable: true }, async (lock) => {
    ready();
    if (lock !== null) await write();
  });
}

/** The Web Lock held while the cache of `databaseName` is written. */
export function cacheLockName(databaseName: string): string {
  return `spanwright-text-cache:${databaseName}`;
}
