/**
 * MessagePack for spaCy's `DocBin` (`spacyDocBin.ts`). `pack` writes the few types a DocBin needs: nil, booleans,
 * integers, strings (UTF-8, the str family), byte arrays (the bin family, as `srsly.msgpack_dumps` writes bytes
 * with `use_bin_type`), arrays and maps, whose keys may be byte arrays too; no floats, no extension types: a value
 * it cannot write throws rather than writing something else. `unpack` reads every type of the spec.
 *
 * @see https://github.com/msgpack/msgpack/blob/master/spec.md
 */

/** A map whose keys keep their type (a `Map`), or a plain object of string keys. */
export type PackValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly PackValue[]
  | ReadonlyMap<PackValue, PackValue>
  | { readonly [key: string]: PackValue };

class Output {
  #bytes = new Uint8Array(1024);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #room(count: number): void {
    if (this.length + count <= this.#bytes.length) return;
    let size = this.#bytes.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#bytes.subarray(0, this.length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.#room(1);
    this.#bytes[this.length++] = value;
  }

  /** A type byte then `value` as an unsigned big-endian integer of `size` bytes (1, 2 or 4). */
  head(type: number, size: 0 | 1 | 2 | 4, value: number): void {
    this.byte(type);
    this.#room(size);
    if (size === 1) this.#view.setUint8(this.length, value);
    else if (size === 2) this.#view.setUint16(this.length, value);
    else if (size === 4) this.#view.setUint32(this.length, value);
    this.length += size;
  }

  signed(type: number, size: 1 | 2 | 4, value: number): void {
    this.byte(type);
    this.#room(size);
    if (size === 1) this.#view.setInt8(this.length, value);
    else if (size === 2) this.#view.setInt16(this.length, value);
    else this.#view.setInt32(this.length, value);
    this.length += size;
  }

  bigUint(type: number, value: bigint): void {
    this.byte(type);
    this.#room(8);
    this.#view.setBigUint64(this.length, value);
    this.length += 8;
  }

  bytes(values: Uint8Array): void {
    this.#room(values.length);
    this.#bytes.set(values, this.length);
    this.length += values.length;
  }

  result(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

const encoder = new TextEncoder();

/** A length-prefixed family: the fix form below `fixLimit`, then the 8- (where it has one), 16- and 32-bit forms. */
function sized(output: Output, length: number, fix: number, fixLimit: number, types: [number | null, number, number]) {
  const [eight, sixteen, thirtyTwo] = types;
  if (length < fixLimit) output.byte(fix | length);
  else if (eight !== null && length < 0x100) output.head(eight, 1, length);
  else if (length < 0x10000) output.head(sixteen, 2, length);
  else output.head(thirtyTwo, 4, length);
}

function integer(output: Output, value: number): void {
  if (value >= 0) {
    if (value < 0x80) output.byte(value);
    else if (value < 0x100) output.head(0xcc, 1, value);
    else if (value < 0x10000) output.head(0xcd, 2, value);
    else if (value < 0x100000000) output.head(0xce, 4, value);
    else output.bigUint(0xcf, BigInt(value));
  } else if (value >= -32) output.byte(value & 0xff);
  else if (value >= -0x80) output.signed(0xd0, 1, value);
  else if (value >= -0x8000) output.signed(0xd1, 2, value);
  else if (value >= -0x80000000) output.signed(0xd2, 4, value);
  else throw new RangeError(`msgpack: ${value} is below the 32-bit integers this encoder writes`);
}

function write(output: Output, value: PackValue): void {
  if (value === null) output.byte(0xc0);
  else if (typeof value === 'boolean') output.byte(value ? 0xc3 : 0xc2);
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`msgpack: ${value} is not an integer this encoder writes`);
    integer(output, value);
  } else if (typeof value === 'string') {
    const bytes = encoder.encode(value);
    sized(output, bytes.length, 0xa0, 32, [0xd9, 0xda, 0xdb]);
    output.bytes(bytes);
  } else if (value instanceof Uint8Array) {
    sized(output, value.length, 0xc4, 0, [0xc4, 0xc5, 0xc6]);
    output.bytes(value);
  } else if (Array.isArray(value)) {
    sized(output, value.length, 0x90, 16, [null, 0xdc, 0xdd]);
    for (const item of value as readonly PackValue[]) write(output, item);
  } else {
    const entries: [PackValue, PackValue][] =
      value instanceof Map ? [...(value as ReadonlyMap<PackValue, PackValue>)] : Object.entries(value);
    sized(output, entries.length, 0x80, 16, [null, 0xde, 0xdf]);
    for (const [key, item] of entries) {
      write(output, key);
      write(output, item);
    }
  }
}

/** The head of a map of `count` entries (its keys and values follow, each packed). */
export function mapHead(count: number): Uint8Array {
  const output = new Output();
  sized(output, count, 0x80, 16, [null, 0xde, 0xdf]);
  return output.result();
}

/** One byte string (the bin family) of `parts`, as its head and the parts themselves: no copy of them is made. */
export function binParts(parts: readonly Uint8Array[]): Uint8Array[] {
  const output = new Output();
  sized(
    output,
    parts.reduce((sum, part) => sum + part.length, 0),
    0xc4,
    0,
    [0xc4, 0xc5, 0xc6],
  );
  return [output.result(), ...parts];
}

/** `value` as MessagePack bytes. */
export function pack(value: PackValue): Uint8Array {
  const output = new Output();
  write(output, value);
  return output.result();
}

/** A value read back: maps as `Map` (their keys may be byte strings), 64-bit integers past 2^53 as `bigint`. */
export type Unpacked =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Unpacked[]
  | Map<Unpacked, Unpacked>
  | { ext: number; data: Uint8Array };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads MessagePack `bytes` (every type of the spec; extension types come back as their number and bytes). */
export function unpack(bytes: Uint8Array): Unpacked {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const take = (count: number): Uint8Array => {
    if (at + count > bytes.length) throw new RangeError(`msgpack: the data ends inside a value at byte ${at}`);
    const slice = bytes.subarray(at, at + count);
    at += count;
    return slice;
  };
  const read = (size: 1 | 2 | 4 | 8, signed: boolean): number | bigint => {
    if (at + size > bytes.length) throw new RangeError(`msgpack: the data ends inside a number at byte ${at}`);
    const start = at;
    at += size;
    if (size === 1) return signed ? view.getInt8(start) : view.getUint8(start);
    if (size === 2) return signed ? view.getInt16(start) : view.getUint16(start);
    if (size === 4) return signed ? view.getInt32(start) : view.getUint32(start);
    const big = signed ? view.getBigInt64(start) : view.getBigUint64(start);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  };
  const length = (size: 1 | 2 | 4) => read(size, false) as number;
  const array = (count: number): Unpacked[] => Array.from({ length: count }, () => value());
  const map = (count: number): Map<Unpacked, Unpacked> => {
    const entries = new Map<Unpacked, Unpacked>();
    for (let index = 0; index < count; index++) {
      const key = value();
      entries.set(key, value());
    }
    return entries;
  };
  const ext = (size: number) => {
    const type = read(1, true) as number;
    return { ext: type, data: take(size) };
  };
  function value(): Unpacked {
    const type = read(1, false) as number;
    if (type < 0x80) return type;
    if (type < 0x90) return map(type & 0x0f);
    if (type < 0xa0) return array(type & 0x0f);
    if (type < 0xc0) return decoder.decode(take(type & 0x1f));
    if (type >= 0xe0) return type - 0x100;
    switch (type) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6:
        // A view into `bytes`, not a copy: a DocBin's token rows are most of its message.
        return take(length(type === 0xc4 ? 1 : type === 0xc5 ? 2 : 4));
      case 0xc7:
      case 0xc8:
      case 0xc9:
        return ext(length(type === 0xc7 ? 1 : type === 0xc8 ? 2 : 4));
      case 0xca:
        return view.getFloat32(take(4).byteOffset - bytes.byteOffset);
      case 0xcb:
        return view.getFloat64(take(8).byteOffset - bytes.byteOffset);
      case 0xcc:
        return read(1, false);
      case 0xcd:
        return read(2, false);
      case 0xce:
        return read(4, false);
      case 0xcf:
        return read(8, false);
      case 0xd0:
        return read(1, true);
      case 0xd1:
        return read(2, true);
      case 0xd2:
        return read(4, true);
      case 0xd3:
        return read(8, true);
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        return ext(2 ** (type - 0xd4));
      case 0xd9:
      case 0xda:
      case 0xdb:
        return decoder.decode(take(length(type === 0xd9 ? 1 : type === 0xda ? 2 : 4)));
      case 0xdc:
      case 0xdd:
        return array(length(type === 0xdc ? 2 : 4));
      case 0xde:
      case 0xdf:
        return map(length(type === 0xde ? 2 : 4));
      default:
        throw new RangeError(`msgpack: byte ${at - 1} is 0x${type.toString(16)}, which starts no value`);
    }
  }
  const result = value();
  if (at !== bytes.length) throw new RangeError(`msgpack: ${bytes.length - at} bytes follow the value`);
  return result;
}
