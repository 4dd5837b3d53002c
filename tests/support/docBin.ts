/**
 * Reads a `.spacy` file back as spaCy's `DocBin.from_bytes` and `get_docs` do, for the tests: zlib
 * (`node:zlib`), MessagePack (`@msgpack/msgpack`, not the app's encoder), then each Doc's words, text,
 * entities (from ENT_IOB and ENT_TYPE) and span group, with the hashes named through the file's strings.
 */
import { inflateSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { SPACY_SYMBOLS } from '../../src/lib/formats/spacySymbols';

export interface ReadDoc {
  words: string[];
  spaces: boolean[];
  /** The words and their spaces joined: what `doc.text` is. */
  text: string;
  /** `doc.ents`: code point offsets, as spaCy's `start_char` and `end_char`. */
  ents: { start: number; end: number; label: string }[];
  /** `doc.spans[key]` for each key. */
  groups: Record<string, { start: number; end: number; startChar: number; endChar: number; label: string }[]>;
  user: Record<string, unknown>;
}

interface Message {
  version: string;
  attrs: number[];
  tokens: Uint8Array;
  spaces: Uint8Array;
  lengths: Uint8Array;
  strings: string[];
  cats: unknown[];
  flags: { has_unknown_spaces: boolean }[];
  span_groups: Uint8Array[];
  user_data?: Uint8Array[];
}

/** A byte-string key (a span group's bytes, as `SpanGroups.to_bytes` keys them) is read as `bin:` and its hex. */
const options = {
  useBigInt64: true,
  mapKeyConverter: (key: unknown) =>
    key instanceof Uint8Array ? `bin:${Buffer.from(key).toString('hex')}` : (key as string | number),
} as const;

/** The message of a `.spacy` file, unpacked. */
export function docBinMessage(bytes: Uint8Array): Message {
  return decode(inflateSync(bytes), options) as Message;
}

/** The Docs of a `.spacy` file, with the hashes each string of the file has under `hash`. */
export function readDocBin(bytes: Uint8Array, hash: (text: string) => bigint): ReadDoc[] {
  const message = docBinMessage(bytes);
  const named = new Map(message.strings.map((text) => [hash(text), text]));
  // spaCy's symbols are named by their fixed ids, not by hashes of strings of the file.
  const name = (value: bigint) => {
    const text = value < BigInt(SPACY_SYMBOLS.length) ? SPACY_SYMBOLS[Number(value)] : named.get(value);
    if (text === undefined) throw new Error(`hash ${value} names no string of the file`);
    return text;
  };
  const columns = message.attrs.length;
  const view = new DataView(message.tokens.buffer, message.tokens.byteOffset, message.tokens.byteLength);
  const lengths = new DataView(message.lengths.buffer, message.lengths.byteOffset, message.lengths.byteLength);
  const [orth, iob, type] = [65, 77, 78].map((attr) => message.attrs.indexOf(attr));
  const docs: ReadDoc[] = [];
  let row = 0;
  for (let index = 0; index < message.lengths.byteLength / 4; index++) {
    const length = lengths.getInt32(index * 4, true);
    const doc: ReadDoc = { words: [], spaces: [], text: '', ents: [], groups: {}, user: {} };
    const starts: number[] = [];
    let at = 0;
    let open: { start: number; end: number; label: string } | null = null;
    for (let word = 0; word < length; word++, row++) {
      const cell = (column: number) => view.getBigUint64((row * columns + column) * 8, true);
      const text = name(cell(orth));
      const space = message.spaces[row] === 1;
      const tag = Number(cell(iob));
      starts.push(at);
      if (tag === 3 || tag === 2) open = null;
      if (tag === 3) doc.ents.push((open = { start: at, end: 0, label: name(cell(type)) }));
      at += [...text].length;
      if (open) open.end = at;
      if (tag === 1 && !open) throw new Error(`word ${word} of doc ${index} is I with no B before it`);
      at += space ? 1 : 0;
      doc.words.push(text);
      doc.spaces.push(space);
      doc.text += text + (space ? ' ' : '');
    }
    const groups = message.span_groups[index];
    const unpacked = decode(groups, options) as unknown;
    if (!Array.isArray(unpacked))
      for (const [groupKey, keys] of Object.entries(unpacked as Record<string, string[]>)) {
        const groupBytes = Buffer.from(groupKey.slice('bin:'.length), 'hex');
        const group = decode(groupBytes, options) as { name: string; spans: Uint8Array[] };
        const spans = group.spans.map((packed) => {
          const data = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
          return {
            label: name(data.getBigUint64(16)),
            start: data.getInt32(24),
            end: data.getInt32(28),
            startChar: data.getInt32(32),
            endChar: data.getInt32(36),
          };
        });
        for (const key of keys) doc.groups[key] = spans;
      }
    if (message.user_data?.[index]) doc.user = decode(message.user_data[index], options) as Record<string, unknown>;
    docs.push(doc);
  }
  return docs;
}
