/**
 * spaCy's binary training file (`.spacy`, a serialized `DocBin`), what `spacy train` reads (the import:
 * `spacyDocBinReader.ts`). Written, each
 * record a `Doc` of the export's tokens, its spans as `doc.ents` (one label a token, spaCy's
 * `filter_spans` rule: `tokenTags.ts`) and every span, overlaps kept, in the span group `doc.spans["sc"]`
 * (spancat's default key). A record's id and annotator go in `doc.user_data`.
 *
 * The file is zlib-compressed MessagePack, as `DocBin.to_bytes` writes it: the attributes ORTH,
 * ENT_IOB and ENT_TYPE a row per token (unsigned 64-bit, little-endian), each token's trailing space,
 * the tokens per document, the strings the hashes name (`murmurHash.ts`), and per document its
 * categories, flags, span groups and user data. The text is the tokens and their spaces: a white space
 * other than one space after a token is a token of its own, as spaCy's tokenizer makes it, so
 * `doc.text` is the record's text exactly and character offsets are the export's.
 *
 * @see https://spacy.io/api/docbin#serialization-format
 */
import type { FileFormat, Loss, WriteOptions } from './format';
import { binParts, mapHead, pack, type PackValue } from './msgpack';
import { spacyId } from './murmurHash';
import type { AnnotatedRecord, RecordSpan } from './records';
import { spanLosses } from './tokenLosses';
import { tokenRuleNote, type TokenRule } from './tokenRule';
import { firstEndingAfter, tagsFromSpans } from './tokenTags';
import type { TokenRange } from '../model/tokens';
import { spanKey } from '../model/spanIdentity';
import { readDocBin } from './spacyDocBinReader';

/** spaCy's attribute ids (`spacy.attrs`): ORTH first, as `DocBin` keeps it. */
const ORTH = 65;
const ENT_IOB = 77;
const ENT_TYPE = 78;
/** `Token.ent_iob`: inside, outside, beginning (0 is "not set"). */
const IOB = { I: 1, O: 2, B: 3 } as const;
/** spancat's default span group. */
const SPAN_GROUP = 'sc';

export const SPACY_EXPORT_NOTE =
  `${tokenRuleNote('words')}; white space other than one space after a token is a token of its own, as in spaCy, ` +
  'so doc.text is the text exactly. doc.ents holds the spans (where spans share a token, the one of most tokens), ' +
  'doc.spans["sc"] all of them, doc.user_data the id and annotator. ' +
  'For spacy train, or DocBin().from_disk(path).get_docs(nlp.vocab).';

/** One token of the Doc: its text, whether one space follows, its entity tag. */
interface Word {
  orth: string;
  space: boolean;
  iob: number;
  type: string;
}

/** The Doc of `record`: its words, and for each of the export's tokens the index of its word. */
function wordsOf(record: AnnotatedRecord, rule: TokenRule): { words: Word[]; wordOf: number[]; tokens: TokenRange[] } {
  const { tokens, tags } = tagsFromSpans(record.text, record.spans, rule);
  const points = Array.from(record.text);
  const words: Word[] = [];
  const wordOf: number[] = [];
  /** The white space from `from` to `to`: one space after a word is its trailing space, the rest a word of its own. */
  const gap = (from: number, to: number, inside: string | null) => {
    let at = from;
    const last = words.at(-1);
    if (at < to && last && points[at] === ' ') {
      last.space = true;
      at++;
    }
    // Inside an entity (its tokens on both sides), the white space word is inside it too.
    if (at < to)
      words.push({
        orth: points.slice(at, to).join(''),
        space: false,
        iob: inside === null ? IOB.O : IOB.I,
        type: inside ?? '',
      });
  };
  let at = 0;
  tokens.forEach((token, index) => {
    const tag = tags[index];
    const label = tag === 'O' ? '' : tag.slice(2);
    gap(at, token.start, tag.startsWith('I-') ? label : null);
    wordOf.push(words.length);
    words.push({
      orth: points.slice(token.start, token.end).join(''),
      space: false,
      iob: tag === 'O' ? IOB.O : tag.startsWith('B-') ? IOB.B : IOB.I,
      type: label,
    });
    at = token.end;
  });
  gap(at, points.length, null);
  return { words, wordOf, tokens };
}

/** The tokens `span` touches, `first` up to `after` (none for a span over white space alone, or empty). */
function tokensTouched(span: RecordSpan, tokens: readonly TokenRange[]): { first: number; after: number } | null {
  if (span.start >= span.end) return null;
  const first = firstEndingAfter(tokens, span.start);
  let after = first;
  while (after < tokens.length && tokens[after].start < span.end) after++;
  return after > first ? { first, after } : null;
}

/** Each distinct span (place and label) of `spans`, in their order. */
function distinct(spans: readonly RecordSpan[]): RecordSpan[] {
  const seen = new Set<string>();
  return spans.filter((span) => {
    const key = spanKey(span);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Each distinct span over at least one token, as the span group holds it: its first word and the word after. */
function groupSpans(spans: readonly RecordSpan[], tokens: readonly TokenRange[], wordOf: readonly number[]) {
  return distinct(spans).flatMap((span) => {
    const touched = tokensTouched(span, tokens);
    if (touched === null) return []; // over white space only: counted by the losses
    const { first, after } = touched;
    const [startChar, endChar] = [tokens[first].start, tokens[after - 1].end];
    return [{ label: span.label, start: wordOf[first], end: wordOf[after - 1] + 1, startChar, endChar }];
  });
}

/**
 * What the file does not carry of `record` as it is: spans over white space only (not written), spans off token
 * boundaries (every one of them, in doc.spans["sc"] at least, is written as the tokens it touches), and the
 * overlapping spans doc.ents leaves out (kept in doc.spans["sc"]).
 */
function spacyLosses(record: AnnotatedRecord, rule: TokenRule): Loss[] {
  if (record.spans.length === 0) return [];
  const { tokens, untokened, overlapping } = tagsFromSpans(record.text, record.spans, rule);
  const widened = distinct(record.spans).filter((span) => {
    const touched = tokensTouched(span, tokens);
    return (
      touched !== null && (tokens[touched.first].start !== span.start || tokens[touched.after - 1].end !== span.end)
    );
  });
  return spanLosses([
    [
      widened,
      'spans not on token boundaries',
      'a Doc holds whole tokens: these are written as the tokens they touch',
      false,
    ],
    [untokened, 'spans over white space only', 'a Doc holds tokens, and these cover none: they are not written', true],
    [
      overlapping,
      'overlapping spans left out of doc.ents',
      'a token holds one entity: where spans share a token, doc.ents has the span of most tokens; all of them are in doc.spans["sc"]',
      false,
    ],
  ]);
}

/** A SpanGroup as `SpanGroup.to_bytes` writes it: each span packed `>QQQllll` (id, kb id, label, start, end, chars). */
function spanGroupBytes(spans: ReturnType<typeof groupSpans>, hash: (text: string) => bigint): Uint8Array {
  const packed = spans.map((span) => {
    const bytes = new Uint8Array(40);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(16, hash(span.label));
    view.setInt32(24, span.start);
    view.setInt32(28, span.end);
    view.setInt32(32, span.startChar);
    view.setInt32(36, span.endChar);
    return bytes;
  });
  const group = pack({ name: SPAN_GROUP, attrs: {}, spans: packed });
  return pack(new Map<PackValue, PackValue>([[group, [SPAN_GROUP]]]));
}

/**
 * The uncompressed MessagePack of a DocBin holding `records`, in parts; `pause` is awaited between records (the
 * exporter's turn for the page: a `Promise` when it gives one).
 */
export async function docBinMessage(
  records: Iterable<AnnotatedRecord>,
  options: Pick<WriteOptions, 'tokens'> = {},
  pause: () => Promise<void> | undefined = () => undefined,
): Promise<Uint8Array[]> {
  const rule = options.tokens ?? 'words';
  const cache = new Map<string, bigint>();
  const hash = (text: string) => spacyId(text, cache);
  const strings = new Set<string>();
  const rows: Uint8Array[] = [];
  const spaces: Uint8Array[] = [];
  const lengths: number[] = [];
  const docs: { groups: Uint8Array; user: Uint8Array }[] = [];
  for (const record of records) {
    const { words, wordOf, tokens } = wordsOf(record, rule);
    // A row per word: ORTH, ENT_IOB, ENT_TYPE, each an unsigned 64-bit little-endian integer.
    const row = new Uint8Array(words.length * 24);
    const view = new DataView(row.buffer);
    words.forEach((word, index) => {
      strings.add(word.orth);
      if (word.type) strings.add(word.type);
      view.setBigUint64(index * 24, hash(word.orth), true);
      view.setBigUint64(index * 24 + 8, BigInt(word.iob), true);
      view.setBigUint64(index * 24 + 16, word.type ? hash(word.type) : 0n, true);
    });
    rows.push(row);
    spaces.push(Uint8Array.from(words, (word) => (word.space ? 1 : 0)));
    lengths.push(words.length);
    const spans = groupSpans(record.spans, tokens, wordOf);
    for (const span of spans) strings.add(span.label);
    docs.push({
      // Every Doc has its "sc" group, empty too: doc.spans["sc"] is there to read (spancat asks for it by its key).
      groups: spanGroupBytes(spans, hash),
      user: pack({ id: record.id, annotator: record.annotator }),
    });
    await pause();
  }
  const lengthBytes = new Uint8Array(lengths.length * 4);
  const lengthView = new DataView(lengthBytes.buffer);
  lengths.forEach((value, index) => lengthView.setInt32(index * 4, value, true));
  // The message as parts, in DocBin.to_bytes's order: the token rows and spaces go in as they are, each a byte string
  // of the parts after one header, never joined into one copy (a big corpus's rows are most of the file).
  const fields: [string, PackValue | ByteParts][] = [
    ['version', '0.1'],
    ['attrs', [ORTH, ENT_IOB, ENT_TYPE]],
    ['tokens', new ByteParts(rows)],
    ['spaces', new ByteParts(spaces)],
    ['lengths', lengthBytes],
    // spaCy reads them into a set: their order is its own sorted() order only by chance.
    ['strings', [...strings].sort()],
    ['cats', docs.map(() => ({}))],
    ['flags', docs.map(() => ({ has_unknown_spaces: false }))],
    ['span_groups', docs.map((doc) => doc.groups)],
    ['user_data', docs.map((doc) => doc.user)],
  ];
  return [
    mapHead(fields.length),
    ...fields.flatMap(([key, value]) => [
      pack(key),
      ...(value instanceof ByteParts ? binParts(value.parts) : [pack(value)]),
    ]),
  ];
}

/** One byte string given as its parts (written after one header, not joined). */
class ByteParts {
  constructor(readonly parts: readonly Uint8Array[]) {}
}

/** zlib-compressed, as `DocBin.to_bytes` ends (Python's `zlib.decompress` reads the browser's "deflate" stream). */
export async function compressed(parts: readonly Uint8Array[]): Promise<Blob> {
  const stream = new Blob(parts as Uint8Array<ArrayBuffer>[]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Response(stream).blob();
}

export const spacyFormat: FileFormat = {
  id: 'spacy',
  name: 'spaCy',
  detail: 'DocBin .spacy file, for spacy train',
  extension: 'spacy',
  mime: 'application/octet-stream',
  units: ['codepoint'],
  offsets: false,
  tokenized: true,
  exportNote: SPACY_EXPORT_NOTE,
  // No status: a training file holds examples, so the export leaves a skipped document out (and says so), as doccano's.
  carries: { annotator: true, status: false, meta: false, spans: true, documents: true },
  // The file is binary: its name says what it is (a .spacy file the import is given by name alone).
  binary: true,
  detect: ({ name }) => (/\.spacy$/iu.test(name) ? 5 : 0),
  async *read(file) {
    yield* readDocBin(new Uint8Array(await file.arrayBuffer()), file.name);
  },
  write: () => {
    throw new Error('spaCy files are binary: writeBytes writes them');
  },
  writeBytes: async (records, options, pause) => compressed(await docBinMessage(records, options, pause)),
  // A text of no token is a Doc all the same (of white space, or none): nothing of it is lost.
  lossesOf: (record: AnnotatedRecord, options?: WriteOptions): Loss[] =>
    spacyLosses(record, options?.tokens ?? 'words'),
};
