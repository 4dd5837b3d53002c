/**
 * Reads spaCy's binary training file (`.spacy`, a serialized `DocBin`) as `DocBin.from_bytes` and
 * `get_docs` do: zlib, then MessagePack (`msgpack.ts`), then each Doc's words (ORTH, named through the
 * file's strings by spaCy's hash, `murmurHash.ts`) and their trailing spaces, so the text is `doc.text`
 * exactly and offsets are code points as spaCy's `start_char`. A Doc's spans are its entities (ENT_IOB
 * and ENT_TYPE) and every span of its span groups (`doc.spans`), one span where an entity and a group
 * hold the same place and label. `doc.user_data`'s `id` and `annotator` are kept (Spanwright's own
 * export writes them); the other token attributes, `doc.cats` and the group names are counted as not
 * kept. A Doc whose spaces are unknown (`has_unknown_spaces`) becomes its words joined by one space, as
 * a token file's text, marked so.
 *
 * @see https://spacy.io/api/docbin#serialization-format
 */
import { sortSpans } from '../model/spanOrder';
import { spanKey } from '../model/spanIdentity';
import { quote } from './errorMessages';
import type { SourceItem } from './format';
import { unpack, type Unpacked } from './msgpack';
import { spacyHash, spacyString } from './murmurHash';
import { idFromText, recordTitle, type AnnotatedRecord, type RecordSpan } from './records';
import { codePointCount } from './tokenTags';

const ORTH = 65;
const ENT_IOB = 77;
const ENT_TYPE = 78;
const SENT_START = 80;
/** Why a span's other fields are not kept. */
const KEPT_SPANS = 'Spanwright keeps a span’s place and label';
/** The attributes spaCy names, for the count of those not kept (`spacy.attrs`). */
const ATTRIBUTE_NAMES: Record<number, string> = {
  73: 'LEMMA',
  74: 'POS',
  75: 'TAG',
  76: 'DEP',
  79: 'HEAD',
  80: 'SENT_START',
  452: 'ENT_KB_ID',
  453: 'MORPH',
  454: 'ENT_ID',
};
const MAX_EXAMPLES = 20;

class DocBinError extends Error {}

/** `bytes` unpacked, or a DocBinError naming `what` they were to hold (a nested field, such as a span group). */
function unpackField(bytes: Uint8Array, what: string): Unpacked {
  try {
    return unpack(bytes);
  } catch (error) {
    throw new DocBinError(`its ${what} is not MessagePack (${(error as Error).message})`);
  }
}

/** The value under `key` of a MessagePack map (keys read as strings). */
const field = (map: Unpacked, key: string): Unpacked | undefined => (map instanceof Map ? map.get(key) : undefined);

function bytesOf(value: Unpacked | undefined, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new DocBinError(`"${name}" is not a byte string`);
}

/** The file's bytes, inflated: a `.spacy` file is zlib-compressed. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    // A zlib stream starts 0x78: one that fails after it is cut short or damaged.
    throw new DocBinError(
      bytes[0] === 0x78
        ? 'its compressed data is cut short or damaged'
        : 'it is not zlib-compressed, as DocBin.to_bytes writes a .spacy file',
    );
  }
}

/** A span of a span group, as `SpanGroup.to_bytes` packs it, with its group's names. */
interface GroupSpan {
  names: string[];
  label: bigint;
  kb: bigint;
  /** The span's id (`span.id`), 0 when none. */
  id: bigint;
  start: number;
  end: number;
  /** True when its group has attributes (spancat's scores…). */
  attributes: boolean;
}

/** The spans of a serialized `SpanGroups`: each group's names (its keys) and its spans' labels and characters. */
function spanGroups(bytes: Uint8Array): GroupSpan[] {
  if (bytes.length === 0) return [];
  const groups = unpackField(bytes, 'span groups');
  // Written as a map of each group's bytes to its keys; before spaCy 3.3, as a list of the groups' bytes.
  const entries: [Unpacked, Unpacked][] =
    groups instanceof Map ? [...groups] : Array.isArray(groups) ? groups.map((group) => [group, null]) : [];
  return entries.flatMap(([groupBytes, keys]) => {
    const group = unpackField(bytesOf(groupBytes, 'span group'), 'span group');
    const keyed = Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
    const names = keyed.length > 0 ? keyed : [String(field(group, 'name') ?? '')];
    const groupAttributes = field(group, 'attrs');
    const attributes = groupAttributes instanceof Map && groupAttributes.size > 0;
    const spans = field(group, 'spans');
    return (Array.isArray(spans) ? spans : []).map((packed) => {
      const data = bytesOf(packed, 'span');
      if (data.length < 40)
        throw new DocBinError(`a span of the group ${quote(names[0])} holds ${data.length} bytes, not 40`);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const [id, kb, label] = [view.getBigUint64(0), view.getBigUint64(8), view.getBigUint64(16)];
      return { names, label, kb, id, start: view.getInt32(32), end: view.getInt32(36), attributes };
    });
  });
}

/** Counts what the Docs hold that a record does not keep, for the import card. */
class Unkept {
  attributes = new Map<string, number>();
  groups = new Map<string, number>();
  readonly #losses = new Map<string, { why: string; count: number; examples: string[] }>();
  /** Documents with an entity beside tokens whose entity annotation is missing (ENT_IOB 0). */
  partial = 0;
  /** Tokens tagged I with no entity open before them. */
  stray = 0;

  /** One more of `what`, left out for `why`. */
  add(what: string, why: string, example?: string): void {
    const loss = this.#losses.get(what) ?? { why, count: 0, examples: [] };
    loss.count++;
    if (example !== undefined && loss.examples.length < MAX_EXAMPLES) loss.examples.push(example);
    this.#losses.set(what, loss);
  }

  items(): SourceItem[] {
    const items: SourceItem[] = [];
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, count) => sum + count, 0);
    if (this.attributes.size > 0)
      items.push({
        loss: {
          what: 'token attributes (tags, lemmas, parses…)',
          why: 'Spanwright keeps a text and its spans, not what a pipeline set on each token',
          count: total(this.attributes),
          examples: [...this.attributes].map(([name, count]) => `${name} (${count.toLocaleString('en')})`),
        },
      });
    for (const [what, { why, count, examples }] of this.#losses)
      items.push({ loss: { what, why, count, ...(examples.length > 0 ? { examples } : {}) } });
    if (this.groups.size > 0)
      items.push({
        note:
          `Spans of the span groups ${[...this.groups.keys()].map((name) => quote(name)).join(', ')} ` +
          `(${total(this.groups).toLocaleString('en')}) are imported beside the entities (doc.ents), as spans of one ` +
          'layer; the group names are not kept. A .spacy export writes doc.ents anew from all of them (where spans ' +
          'share a token, the one of most tokens), so its entities may differ from this file’s.',
      });
    if (this.stray > 0)
      items.push({
        note: `${this.stray === 1 ? '1 token is' : `${this.stray.toLocaleString('en')} tokens are`} tagged I (inside an entity) with none open before: each starts an entity of its type, as an I- without its B- does in a token file.`,
      });
    if (this.partial > 0)
      items.push({
        note: `${this.partial === 1 ? '1 document has' : `${this.partial.toLocaleString('en')} documents have`} tokens whose entity annotation is missing (ENT_IOB 0) beside annotated ones: Spanwright reads every token outside a span as outside, as an export writes it.`,
      });
    return items;
  }
}

/** The records of a `.spacy` file's bytes, then what they do not keep; a file that is no DocBin gives one error. */
export async function* readDocBin(bytes: Uint8Array, fileName: string): AsyncGenerator<SourceItem> {
  let records: [AnnotatedRecord, number][];
  const unkept = new Unkept();
  try {
    const inflated = await inflate(bytes);
    let message: Unpacked;
    try {
      message = unpack(inflated);
    } catch (error) {
      throw new DocBinError(`its content is not a DocBin's MessagePack (${(error as Error).message})`);
    }
    records = docsOf(message, unkept);
  } catch (error) {
    const why = error instanceof DocBinError || error instanceof RangeError ? error.message : String(error);
    yield { error: { line: 1, message: `${fileName} is not a spaCy DocBin (.spacy): ${why}` } };
    return;
  }
  for (const [record, line] of records) yield { record, line };
  if (records.length > 0)
    yield {
      note: "Each Doc's text is kept exactly, its tokens are not: a CoNLL, Hugging Face or .spacy export tokenizes the text again (Spanwright's words, or at white space), and names the spans that then miss token edges.",
    };
  yield* unkept.items();
}

function docsOf(message: Unpacked, unkept: Unkept): [AnnotatedRecord, number][] {
  const attrs = field(message, 'attrs');
  const stringList = field(message, 'strings');
  if (!Array.isArray(attrs) || !attrs.every((attr) => typeof attr === 'number'))
    throw new DocBinError('it has no "attrs" list');
  if (!Array.isArray(stringList)) throw new DocBinError('it has no "strings" list');
  const columns = attrs.length;
  const orth = attrs.indexOf(ORTH);
  if (orth < 0) throw new DocBinError('its tokens have no ORTH (text) column');
  const [iob, type] = [attrs.indexOf(ENT_IOB), attrs.indexOf(ENT_TYPE)];
  /** The columns of attributes a record does not keep, by name. */
  const named = attrs.flatMap((attr, column) => {
    const attribute = ATTRIBUTE_NAMES[attr as number];
    return attribute ? [{ column, attribute, sentences: attr === SENT_START }] : [];
  });
  const strings = new Map<bigint, string>();
  for (const text of stringList) if (typeof text === 'string') strings.set(spacyHash(text), text);
  const name = (hash: bigint, what: string) => {
    const text = spacyString(hash, strings);
    if (text === undefined) throw new DocBinError(`a ${what} hash (${hash}) names no string of the file`);
    return text;
  };
  const tokens = bytesOf(field(message, 'tokens'), 'tokens');
  const spaces = bytesOf(field(message, 'spaces'), 'spaces');
  const lengthBytes = bytesOf(field(message, 'lengths'), 'lengths');
  const tokenView = new DataView(tokens.buffer, tokens.byteOffset, tokens.byteLength);
  const lengthView = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, lengthBytes.byteLength);
  if (lengthBytes.length % 4 !== 0) throw new DocBinError('its "lengths" are not 4-byte integers');
  const count = lengthBytes.length / 4;
  const list = (key: string) => {
    const value = field(message, key);
    return Array.isArray(value) ? value : [];
  };
  const [cats, flags, groups, users] = ['cats', 'flags', 'span_groups', 'user_data'].map(list);
  /** Each record with its Doc's number in the file (the card's "line"). */
  const records: [AnnotatedRecord, number][] = [];
  let row = 0;
  for (let doc = 0; doc < count; doc++) {
    const length = lengthView.getInt32(doc * 4, true);
    if (length < 0) throw new DocBinError(`document ${doc + 1} has ${length} tokens`);
    if ((row + length) * columns * 8 > tokens.length)
      throw new DocBinError(`its tokens end inside document ${doc + 1}`);
    const unknownSpaces = field(flags[doc] ?? null, 'has_unknown_spaces') === true;
    const cell = (at: number, column: number) => tokenView.getBigUint64((at * columns + column) * 8, true);
    let text = '';
    let point = 0;
    const spans: FoundSpan[] = [];
    let open: FoundSpan | null = null;
    let [missing, annotated] = [false, false];
    for (let word = 0; word < length; word++, row++) {
      const orthText = name(cell(row, orth), 'token');
      // Spaces unknown: one between words, as spaCy's Doc has them (it puts one after each).
      if (unknownSpaces && word > 0) {
        text += ' ';
        point++;
      }
      const tag = iob < 0 ? 0 : Number(cell(row, iob));
      // 0 missing, 1 inside, 2 outside, 3 begin: spaCy refuses any other (E982), and so does this import.
      if (tag > 3) throw new DocBinError(`token ${word + 1} of document ${doc + 1} has the entity tag ${tag}, not 0–3`);
      if (iob >= 0 && tag === 0) missing = true;
      else if (tag !== 0) annotated = true;
      if (tag !== 1) open = null;
      // An I with no entity open (at the start, after O or a missing tag) starts one, as a token file's I- without
      // its B- does (spaCy refuses it, E093); counted on the card.
      const stray = tag === 1 && open === null;
      if (stray) unkept.stray++;
      if ((tag === 3 || stray) && type >= 0)
        spans.push((open = { start: point, end: point, label: name(cell(row, type), 'label'), text: '' }));
      text += orthText;
      point += codePointCount(orthText);
      if (open) open.end = point;
      if (!unknownSpaces && row >= spaces.length) throw new DocBinError(`its "spaces" end inside document ${doc + 1}`);
      if (!unknownSpaces && spaces[row] === 1) {
        text += ' ';
        point++;
      }
      // A sentence start is one after the first token (a parser marks the others -1, "not a start").
      for (const { column, attribute, sentences } of named) {
        const value = cell(row, column);
        if (sentences ? word > 0 && value === 1n : value !== 0n)
          unkept.attributes.set(attribute, (unkept.attributes.get(attribute) ?? 0) + 1);
      }
    }
    // With unknown spaces spaCy joins the words by one space too: a span group's characters are the same here.
    const grouped = spanGroups(bytesOf(groups[doc] ?? new Uint8Array(), 'span groups'));
    for (const span of grouped)
      spans.push({ start: span.start, end: span.end, label: name(span.label, 'label'), text: '', from: span });
    if (grouped.some((span) => span.attributes)) unkept.add('span group attributes (spancat scores…)', KEPT_SPANS);
    if (missing && annotated) unkept.partial++;
    const categories = cats[doc];
    if (categories instanceof Map && categories.size > 0)
      unkept.add('text categories (doc.cats)', 'Spanwright labels spans of text, not whole documents');
    if (text === '') unkept.add('documents with no text', 'a document needs text', `Doc ${doc + 1}`);
    else records.push([recordOf(text, spans, users[doc], unknownSpaces, unkept), doc + 1]);
  }
  if (row * columns * 8 !== tokens.length) throw new DocBinError('its tokens do not match its documents’ lengths');
  return records;
}

/** A span read from a Doc: an entity, or a span of a span group (`from`). */
type FoundSpan = RecordSpan & { from?: GroupSpan };

function recordOf(
  text: string,
  found: FoundSpan[],
  user: Unpacked | undefined,
  tokensOnly: boolean,
  unkept: Unkept,
): AnnotatedRecord {
  const data = user instanceof Uint8Array ? unpackField(user, 'user data') : null;
  const given = field(data, 'id');
  const annotator = field(data, 'annotator');
  const points = [...text];
  const seen = new Set<string>();
  const spans = found.flatMap((span) => {
    const key = spanKey(span);
    // A group span's kb id goes whether the span is kept or is one with an entity of its place and label.
    if (span.from && span.from.kb !== 0n) unkept.add('knowledge base ids of spans', KEPT_SPANS);
    if (span.from && span.from.id !== 0n) unkept.add('ids of spans (span.id)', KEPT_SPANS);
    if (seen.has(key)) return [];
    seen.add(key);
    const where = `${span.start}–${span.end}`;
    if (span.start === span.end) unkept.add('empty spans', 'a span covers at least one character', where);
    else if (span.start < 0 || span.end > points.length || span.start > span.end)
      unkept.add('spans outside their text', 'the file names characters its text does not have', where);
    else if (span.label === '')
      unkept.add('spans without a label', 'a span needs a label', quote(points.slice(span.start, span.end).join('')));
    else {
      // Counted as imported only now: kept, not merged with an entity of its place and label.
      for (const group of span.from?.names ?? []) unkept.groups.set(group, (unkept.groups.get(group) ?? 0) + 1);
      return [
        { start: span.start, end: span.end, label: span.label, text: points.slice(span.start, span.end).join('') },
      ];
    }
    return [];
  });
  for (const key of data instanceof Map ? data.keys() : [])
    if (key !== 'id' && key !== 'annotator')
      unkept.add('doc.user_data fields', 'Spanwright keeps its "id" and "annotator"', String(key));
  const id =
    typeof given === 'string' && given !== ''
      ? given
      : typeof given === 'number' && Number.isSafeInteger(given)
        ? String(given)
        : idFromText(text);
  const meta = {};
  return {
    id,
    text,
    title: recordTitle(text, id, meta),
    annotator: typeof annotator === 'string' && annotator !== '' ? annotator : null,
    status: null,
    spans: sortSpans(spans),
    meta,
    ...(tokensOnly ? { tokensOnly: true as const } : {}),
  };
}
