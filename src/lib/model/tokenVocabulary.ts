/**
 * The token texts a pattern matcher has met, each numbered once, and what its tests answered for
 * each number. A corpus repeats a small vocabulary: a test (a regular expression, a character
 * class, a lower-case form) runs once per distinct token text, and every later token with that text
 * costs one array read. The numbers the patterns themselves hold (their phrases' and `equals`
 * tokens) are pinned; the rest are forgotten when the vocabulary outgrows its limit.
 */
import { nextTokenEnd, skipSpaces } from './tokens';

/** The answers of one yes/no test, by token number, computed when first asked. */
export class TokenAnswers {
  /** 0: not asked yet; 1: yes; 2: no. */
  #answers = new Uint8Array(1024);
  readonly #compute: (id: number) => boolean;

  constructor(compute: (id: number) => boolean) {
    this.#compute = compute;
  }

  get(id: number): boolean {
    let answers = this.#answers;
    if (id >= answers.length) {
      const grown = new Uint8Array(Math.max(answers.length * 2, id + 1));
      grown.set(answers);
      this.#answers = answers = grown;
    }
    let answer = answers[id];
    if (answer === 0) answers[id] = answer = this.#compute(id) ? 1 : 2;
    return answer === 1;
  }

  forget(): void {
    this.#answers.fill(0);
  }
}

/** Whether `known` is the text of `text[start, end)`. */
function equalsAt(known: string, text: string, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let at = 0; at < known.length; at++) if (known.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}

/** FNV-1a over the UTF-16 units of `text[start, end)`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash;
}

export class TokenVocabulary {
  readonly #texts: string[] = [];
  /** Each text's hash, by number. */
  #hashes = new Int32Array(1024);
  /**
   * An open-addressing table of numbers + 1 (0: empty slot), found by hash: a token is looked up
   * where it lies in its text, so no string is made for a token text already known.
   */
  #slots = new Int32Array(4096);
  /** The number of each token's lower-case form; -1 until asked. */
  #lower = new Int32Array(1024).fill(-1);
  #pinned = 0;
  readonly #answers: TokenAnswers[] = [];
  readonly #limit: number;

  /** `limit`: how many token texts are kept before those met in texts are forgotten. */
  constructor(limit = 200_000) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#texts.length;
  }

  /** The number of `text`, given one when first met. */
  id(text: string): number {
    return this.idIn(text, 0, text.length);
  }

  /** The number of the token `text[start, end)`, given one when first met. */
  idIn(text: string, start: number, end: number): number {
    const hash = hashOf(text, start, end);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[slot] - 1;
      if (id < 0) return this.#add(text.slice(start, end), hash, slot);
      if (this.#hashes[id] === hash && equalsAt(this.#texts[id], text, start, end)) return id;
    }
  }

  #add(text: string, hash: number, slot: number): number {
    const id = this.#texts.push(text) - 1;
    if (id >= this.#hashes.length) {
      const hashes = new Int32Array(this.#hashes.length * 2);
      hashes.set(this.#hashes);
      this.#hashes = hashes;
    }
    this.#hashes[id] = hash;
    this.#slots[slot] = id + 1;
    // At most half full, so a probe ends soon.
    if (this.#texts.length * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    return id;
  }

  #rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.#texts.length; id++) {
      let slot = this.#hashes[id] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.#slots = slots;
  }

  text(id: number): string {
    return this.#texts[id];
  }

  /** The number of token `id`'s lower-case form. */
  lower(id: number): number {
    let lower = this.#lower;
    if (id >= lower.length) {
      const grown = new Int32Array(Math.max(lower.length * 2, id + 1)).fill(-1);
      grown.set(lower);
      this.#lower = lower = grown;
    }
    let answer = lower[id];
    if (answer < 0) {
      answer = this.id(this.#texts[id].toLowerCase());
      lower[id] = answer;
    }
    return answer;
  }

  /** A test of a token (by its number) answered once per token text, forgotten with the vocabulary. */
  answers(test: (id: number) => boolean): TokenAnswers {
    const answers = new TokenAnswers(test);
    this.#answers.push(answers);
    return answers;
  }

  /** Keeps every number given so far for good (the patterns' own tokens). */
  pin(): void {
    this.#pinned = this.#texts.length;
  }

  /**
   * Forgets the token texts met since {@link pin} once there are more than the limit, with every
   * answer about them; true when it did (numbers met before are then void).
   */
  trim(): boolean {
    if (this.#texts.length <= this.#limit) return false;
    this.#texts.length = this.#pinned;
    this.#rehash(this.#slots.length);
    this.#lower.fill(-1);
    for (const answers of this.#answers) answers.forget();
    return true;
  }
}

/** Whether the white space `text[from, to)` holds a line break (LF, CR, VT, FF, NEL, LS, PS). */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const unit = text.charCodeAt(at);
    if ((unit >= 10 && unit <= 13) || unit === 0x85 || unit === 0x2028 || unit === 0x2029) return true;
  }
  return false;
}

/** One text's tokens: their numbers, places (UTF-16) and whether a line break comes before each. */
export class TextTokens {
  count = 0;
  ids = new Int32Array(1024);
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  breakBefore = new Uint8Array(1024);

  /** Reads `text`'s tokens into the arrays (grown as needed), numbering them in `vocabulary`. */
  read(text: string, vocabulary: TokenVocabulary): void {
    let count = 0;
    let previousEnd = 0;
    for (let end = nextTokenEnd(text, 0); end >= 0; previousEnd = end, end = nextTokenEnd(text, end)) {
      if (count === this.ids.length) this.#grow();
      const start = skipSpaces(text, previousEnd);
      this.ids[count] = vocabulary.idIn(text, start, end);
      this.from[count] = start;
      this.to[count] = end;
      this.breakBefore[count] = start - previousEnd > 0 && hasLineBreak(text, previousEnd, start) ? 1 : 0;
      count++;
    }
    this.count = count;
  }

  #grow(): void {
    const size = this.ids.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(array: T, empty: T): T => (empty.set(array), empty);
    this.ids = grow(this.ids, new Int32Array(size));
    this.from = grow(this.from, new Int32Array(size));
    this.to = grow(this.to, new Int32Array(size));
    this.breakBefore = grow(this.breakBefore, new Uint8Array(size));
  }
}
