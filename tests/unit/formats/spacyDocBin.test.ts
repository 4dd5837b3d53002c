import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pack, unpack, type Unpacked } from '../../../src/lib/formats/msgpack';
import { spacyHash, spacyId } from '../../../src/lib/formats/murmurHash';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { compressed, spacyFormat } from '../../../src/lib/formats/spacyDocBin';
import { readDocBin as readSpacyFile } from '../../../src/lib/formats/spacyDocBinReader';
import type { SourceItem } from '../../../src/lib/formats/format';
import { sortSpans } from '../../../src/lib/model/spanOrder';
import { docBinMessage, readDocBin } from '../../support/docBin';

const record = (id: string, text: string, spans: [number, number, string][]): AnnotatedRecord => ({
  id,
  text,
  title: id,
  annotator: 'ann',
  status: 'done',
  meta: {},
  spans: spans.map(([start, end, label]) => ({ start, end, label, text: [...text].slice(start, end).join('') })),
});

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/formats/spacy', name)));

const write = async (records: AnnotatedRecord[]) =>
  new Uint8Array(await (await spacyFormat.writeBytes!(records, { unit: 'codepoint', labels: [] })).arrayBuffer());

describe('spaCy DocBin (.spacy)', () => {
  it("hashes strings as spaCy's hash_string does (MurmurHash64A of the UTF-8, seed 1)", () => {
    // Printed by spacy.strings.hash_string in spaCy 3.8.16.
    const fromSpacy: [string, bigint][] = [
      ['', 14313749767032693980n],
      ['a', 11901859001352538922n],
      ['claim', 4563812988814619444n],
      ['Kim Jong Un', 10817479700780274444n],
      ['😀', 13900606239988879105n],
      ['Zürich', 9452955988637137518n],
      ['abcdefgh', 17751780907874141760n],
      ['abcdefghi', 13885881106499164936n],
      ['北朝鮮', 1526735526661675097n],
    ];
    expect(fromSpacy.map(([text]) => [text, spacyHash(text)])).toEqual(fromSpacy);
  });

  it("names spaCy's symbols by their fixed ids, as its StringStore does, and other strings by their hash", () => {
    // Printed by spaCy 3.8.16: nlp.vocab.strings["ORG"] and so on (helper-219: ORG written as a hash failed with E084).
    const fromSpacy: [string, bigint][] = [
      ['', 0n],
      ['ORG', 383n],
      ['PERSON', 380n],
      ['GPE', 384n],
      ['number', 432n],
      ['agent', 401n],
      ['claim', 4563812988814619444n],
    ];
    expect(fromSpacy.map(([text]) => [text, spacyId(text)])).toEqual(fromSpacy);
  });

  it("writes the bytes spaCy's own DocBin writes for the same Doc (make.py's written-by-spacy.spacy)", async () => {
    const text = 'Call the agent: ORG staff met Kim  Jong Un.\r\nNew 😀 line';
    const ours = docBinMessage(
      await write([
        {
          ...record('x-1', text, [
            [16, 19, 'ORG'],
            [30, 42, 'PERSON'],
            [30, 33, 'GIVEN'],
          ]),
          annotator: 'ann',
        },
      ]),
    );
    const spacys = docBinMessage(fixture('written-by-spacy.spacy'));
    for (const key of ['version', 'attrs', 'tokens', 'spaces', 'lengths', 'cats', 'flags', 'span_groups', 'user_data'])
      expect([key, ours[key as keyof typeof ours]]).toEqual([key, spacys[key as keyof typeof spacys]]);
    // spaCy lists its norms and "" too, which it needs no string for (symbols, and hashes it computes again).
    expect(ours.strings.every((string) => spacys.strings.includes(string))).toBe(true);
  });

  it('unpacks MessagePack another encoder wrote: every family, floats, 64-bit integers, extension types', () => {
    const plain = (value: Unpacked): unknown =>
      value instanceof Map
        ? Object.fromEntries([...value].map(([key, item]) => [String(key), plain(item)]))
        : Array.isArray(value)
          ? value.map(plain)
          : value;
    const values = [
      null,
      true,
      -1,
      -33,
      -129,
      -40_000,
      -(2 ** 40),
      2 ** 40,
      0.5,
      -1.25e300,
      'é😀',
      'x'.repeat(300),
      'y'.repeat(70_000),
      Array.from({ length: 20 }, (_, index) => index),
      { a: [1, { b: 'c' }], d: null },
      Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, index])),
    ];
    for (const value of values) expect(plain(unpack(encode(value)))).toEqual(value);
    expect(unpack(encode(2n ** 63n + 5n, { useBigInt64: true }))).toBe(2n ** 63n + 5n);
    expect(unpack(encode(new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
    expect(unpack(pack(new Map([[new Uint8Array([9]), ['sc']]])))).toEqual(new Map([[new Uint8Array([9]), ['sc']]]));
    expect(unpack(Uint8Array.from([0xd6, 0x05, 1, 2, 3, 4]))).toEqual({ ext: 5, data: Uint8Array.from([1, 2, 3, 4]) });
    expect(() => unpack(Uint8Array.from([0xda, 0x00]))).toThrow(RangeError);
    expect(() => unpack(Uint8Array.from([0xc1]))).toThrow('starts no value');
    expect(() => unpack(Uint8Array.from([0x01, 0x02]))).toThrow('1 bytes follow the value');
  });

  it('packs MessagePack that another decoder reads back, at every size of each family', () => {
    const values = [
      null,
      true,
      false,
      0,
      127,
      128,
      255,
      256,
      65_535,
      65_536,
      2 ** 32 - 1,
      2 ** 32,
      Number.MAX_SAFE_INTEGER,
      -1,
      -32,
      -33,
      -128,
      -129,
      -32_768,
      -32_769,
      -(2 ** 31),
      '',
      'é😀',
      'x'.repeat(31),
      'x'.repeat(32),
      'x'.repeat(255),
      'x'.repeat(256),
      'x'.repeat(70_000),
      Array.from({ length: 15 }, (_, index) => index),
      Array.from({ length: 16 }, (_, index) => index),
      Array.from({ length: 70_000 }, () => 1),
      Object.fromEntries(Array.from({ length: 15 }, (_, index) => [`k${index}`, index])),
      Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`k${index}`, [index]])),
    ];
    for (const value of values) expect(decode(pack(value))).toEqual(value);
    for (const size of [0, 255, 256, 65_535, 65_536]) {
      const bytes = Uint8Array.from({ length: size }, (_, index) => index % 251);
      expect(decode(pack(bytes))).toEqual(bytes);
    }
    expect(() => pack(0.5)).toThrow(RangeError);
  });

  it('writes Docs as spaCy reads them: the text exactly, entities, every span in "sc", and the record in user_data', async () => {
    const records = [
      record('a', 'Kim Jong Un met  Putin in Vladivostok.\r\nNew line 😀 here', [
        [0, 11, 'person'],
        [0, 3, 'given'],
        [17, 22, 'person'],
        [26, 37, 'place'],
        [49, 50, 'emoji'],
      ]),
      record('b', '  leading spaces and trailing  ', [[2, 9, 'x']]),
      record('c', '', []),
      record('d', '   ', []),
      record('f', 'Kim  Jong', [[0, 9, 'person']]),
    ];
    const docs = readDocBin(await write(records), (text) => spacyHash(text));
    // As spaCy 3.8.16's DocBin().from_disk(path).get_docs(nlp.vocab) read the same file (the words, the ents).
    expect(docs[0].words).toEqual([
      ...['Kim', 'Jong', 'Un', 'met', ' ', 'Putin', 'in', 'Vladivostok', '.', '\r\n'],
      ...['New', 'line', '😀', 'here'],
    ]);
    expect(docs[0].ents).toEqual([
      { start: 0, end: 11, label: 'person' },
      { start: 17, end: 22, label: 'person' },
      { start: 26, end: 37, label: 'place' },
      { start: 49, end: 50, label: 'emoji' },
    ]);
    // The span the entities could not hold (it shares Kim) is in the span group.
    expect(docs[0].groups.sc.map((span) => [span.startChar, span.endChar, span.label])).toEqual([
      [0, 11, 'person'],
      [0, 3, 'given'],
      [17, 22, 'person'],
      [26, 37, 'place'],
      [49, 50, 'emoji'],
    ]);
    expect(docs[0].groups.sc[1]).toMatchObject({ start: 0, end: 1 });
    expect(docs[1].words).toEqual(['  ', 'leading', 'spaces', 'and', 'trailing', ' ']);
    expect(docs[2].words).toEqual([]);
    expect(docs[3].words).toEqual(['   ']);
    // White space inside an entity is a word of it.
    expect(docs[4].words).toEqual(['Kim', ' ', 'Jong']);
    expect(docs[4].ents).toEqual([{ start: 0, end: 9, label: 'person' }]);
    expect(docs.map((doc) => doc.text)).toEqual(records.map((written) => written.text));
    expect(docs.map((doc) => doc.user)).toEqual(records.map(({ id }) => ({ id, annotator: 'ann' })));
    const message = docBinMessage(await write(records));
    expect(message.attrs).toEqual([65, 77, 78]);
    expect(message.flags).toEqual(records.map(() => ({ has_unknown_spaces: false })));
    // No document: the byte strings are empty byte strings (spaCy 3.8.16 read such a file as a DocBin of 0 Docs).
    const none = docBinMessage(await write([]));
    expect(
      [none.tokens, none.spaces, none.lengths].map((bytes) => [bytes instanceof Uint8Array, bytes.length]),
    ).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
  });

  it('gives back any text exactly, and each span on the tokens it touches, whatever the Unicode', async () => {
    const piece = fc.constantFrom(
      'Kim',
      ' ',
      '  ',
      '\r\n',
      '\n',
      '\t',
      '😀',
      '👩‍👩‍👧',
      '🇰🇷',
      '北朝鮮',
      'e\u0301',
      '’s',
      '“',
      '.',
      '\u00a0',
      'don’t',
    );
    const texts = fc.array(piece, { maxLength: 14 }).map((pieces) => pieces.join(''));
    const withSpans = texts.chain((text) => {
      const length = [...text].length;
      const span = fc
        .tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.constantFrom('A', 'B'))
        .map(([from, to, label]): [number, number, string] => [Math.min(from, to), Math.max(from, to), label]);
      return fc.tuple(fc.constant(text), fc.array(span, { maxLength: 4 }));
    });
    await fc.assert(
      fc.asyncProperty(fc.array(withSpans, { minLength: 1, maxLength: 3 }), async (cases) => {
        const records = cases.map(([text, spans], index) => record(`r${index}`, text, spans));
        const docs = readDocBin(await write(records), (text) => spacyHash(text));
        docs.forEach((doc, index) => {
          const points = [...records[index].text];
          expect(doc.text).toBe(records[index].text);
          // Every span written starts and ends at a word's edge, and covers the input span's tokens.
          const edges = new Set<number>([0]);
          let at = 0;
          doc.words.forEach((word, position) => {
            at += [...word].length;
            edges.add(at);
            if (doc.spaces[position]) edges.add(++at);
          });
          for (const written of [
            ...doc.ents,
            ...(doc.groups.sc ?? []).map((s) => ({ ...s, start: s.startChar, end: s.endChar })),
          ]) {
            expect(edges.has(written.start) && edges.has(written.end)).toBe(true);
            expect(points.slice(written.start, written.end).join('').trim()).not.toBe('');
          }
          // Each span with text other than white space is in the group over all of that text (white space at its edges
          // is no token: the span is written as the tokens it touches, and the export counts it).
          const group = doc.groups.sc ?? [];
          for (const span of records[index].spans) {
            const inked = points
              .map((point, offset) => ({ point, offset }))
              .filter(({ point, offset }) => offset >= span.start && offset < span.end && point.trim() !== '');
            if (inked.length === 0) continue;
            const [first, last] = [inked[0].offset, inked.at(-1)!.offset];
            expect(group.some((s) => s.label === span.label && s.startChar <= first && s.endChar > last)).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('names the overlapping spans doc.ents leaves out as kept in doc.spans["sc"], and each span widened to its tokens', () => {
    const text = 'Kim Jong Un met Putin';
    const losses = spacyFormat.lossesOf!(
      record('a', text, [
        [0, 11, 'person'],
        [0, 3, 'given'],
        [0, 2, 'initials'],
        [11, 12, 'space'],
      ]),
    );
    // "Ki" loses doc.ents to "Kim Jong Un", and is written in "sc" as "Kim" (helper-219: only the first was said).
    expect(losses.map(({ what, examples, unwritten }) => ({ what, examples, unwritten }))).toEqual([
      { what: 'spans not on token boundaries', examples: ['"Ki" 0–2 (initials)'], unwritten: undefined },
      { what: 'spans over white space only', examples: ['" " 11–12 (space)'], unwritten: true },
      {
        what: 'overlapping spans left out of doc.ents',
        examples: ['"Ki" 0–2 (initials)', '"Kim" 0–3 (given)'],
        unwritten: undefined,
      },
    ]);
  });
});

describe('reading spaCy DocBin (.spacy)', () => {
  const fixture = (name: string) =>
    new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/formats/spacy', name)));
  const itemsOf = async (bytes: Uint8Array, name = 'news.spacy') => {
    const items: SourceItem[] = [];
    for await (const item of readSpacyFile(bytes, name)) items.push(item);
    return items;
  };
  const recordsOf = (items: SourceItem[]) => items.flatMap((item) => ('record' in item ? [item.record] : []));

  it('reads the Docs spaCy wrote (make.py): texts exact, entities and span groups as spans, what is not kept counted', async () => {
    const items = await itemsOf(fixture('news.spacy'));
    const records = recordsOf(items);
    expect(records.map((record) => record.text)).toEqual([
      'Kim Jong Un met Putin in Vladivostok 😀.\r\nThe talks went on.',
      '北朝鮮 denied it.',
      'Lavrov visited Seoul .',
    ]);
    // As spaCy printed them: (0, 11, PERSON), (16, 21, PERSON), (25, 36, GPE); the group's "Kim" GIVEN and
    // "Putin in Vladivostok" EVENT beside them, its PERSON over Kim Jong Un one span with the entity.
    expect(records[0].spans.map(({ start, end, label, text }) => [start, end, label, text])).toEqual([
      [0, 3, 'GIVEN', 'Kim'],
      [0, 11, 'PERSON', 'Kim Jong Un'],
      [16, 21, 'PERSON', 'Putin'],
      [16, 36, 'EVENT', 'Putin in Vladivostok'],
      [25, 36, 'GPE', 'Vladivostok'],
    ]);
    expect(records[0].id).toBe('nk-1');
    expect(records[1].spans.map(({ label, text }) => [label, text])).toEqual([['GPE', '北朝鮮']]);
    // Its spaces unknown: the words joined by one space, as a token file's text.
    expect(records[2]).toMatchObject({
      tokensOnly: true,
      spans: [{ start: 15, end: 20, label: 'GPE', text: 'Seoul' }],
    });
    for (const record of records)
      for (const span of record.spans) expect([...record.text].slice(span.start, span.end).join('')).toBe(span.text);
    const losses = items.flatMap((item) => ('loss' in item ? [item.loss] : []));
    expect(losses.map(({ what, count }) => [what, count])).toEqual([
      ['token attributes (tags, lemmas, parses…)', 2],
      ['text categories (doc.cats)', 1],
    ]);
    // Two of its three group spans are imported apart from the entities; the third is one with its entity.
    expect(items.some((item) => 'note' in item && item.note.includes('"sc" (2) are imported'))).toBe(true);
  });

  it('names on the card what a record does not keep, and leaves out what it can not hold (helper-220)', async () => {
    const items = await itemsOf(fixture('odd.spacy'), 'odd.spacy');
    const records = recordsOf(items);
    // The empty Doc is no document; the span without a label is no span; a number id is kept as its digits.
    expect(records.map(({ id, text }) => [id, text])).toEqual([
      ['7', 'Barack Obama spoke in Paris.'],
      [records[1].id, 'Kim met Putin today.'],
    ]);
    expect(records[0].spans.map(({ label, text }) => [label, text])).toEqual([['GPE', 'Paris']]);
    // Each record's "line" is its Doc's number in the file, the empty Doc 2 between them (helper-221).
    expect(items.flatMap((item) => ('record' in item ? [item.line] : []))).toEqual([1, 3]);
    const losses = items.flatMap((item) => ('loss' in item ? [item.loss] : []));
    expect(losses.map(({ what, count, examples }) => [what, count, examples])).toEqual([
      ['token attributes (tags, lemmas, parses…)', 2, ['MORPH (1)', 'ENT_KB_ID (1)']],
      ['spans without a label', 1, ['"Barack Obama"']],
      // Paris's group span is one span with its entity, but its kb id is not kept all the same.
      ['knowledge base ids of spans', 1, undefined],
      ['doc.user_data fields', 1, ['source']],
      ['documents with no text', 1, ['Doc 2']],
    ]);
    const notes = items.flatMap((item) => ('note' in item ? [item.note] : []));
    expect(notes.join(' ')).toContain('1 document has tokens whose entity annotation is missing (ENT_IOB 0)');
    expect(notes.join(' ')).toContain("Each Doc's text is kept exactly, its tokens are not");
    // No span of its group is imported apart from the entities (one has no label, the other is an entity's twin).
    expect(notes.join(' ')).not.toContain('Spans of the span groups');
  });

  it('starts an entity at an I with none open, as a token file’s I- without its B-, and says so', async () => {
    // Written by hand as DocBin.to_bytes lays it out: "Kim met" with Kim tagged I-PERSON (spaCy refuses such a Doc).
    const rows = new Uint8Array(48);
    const view = new DataView(rows.buffer);
    [spacyId('Kim'), 1n, spacyId('PERSON'), spacyId('met'), 2n, 0n].forEach((value, index) =>
      view.setBigUint64(index * 8, value, true),
    );
    const message = pack({
      version: '0.1',
      attrs: [65, 77, 78],
      tokens: rows,
      spaces: Uint8Array.from([1, 0]),
      lengths: Uint8Array.from([2, 0, 0, 0]),
      strings: ['Kim', 'met'],
      cats: [{}],
      flags: [{ has_unknown_spaces: false }],
      span_groups: [pack([])],
    });
    const items = await itemsOf(new Uint8Array(await (await compressed([message])).arrayBuffer()), 'stray.spacy');
    expect(recordsOf(items).map(({ text, spans }) => [text, spans])).toEqual([
      ['Kim met', [{ start: 0, end: 3, label: 'PERSON', text: 'Kim' }]],
    ]);
    expect(items.some((item) => 'note' in item && item.note.startsWith('1 token is tagged I (inside an entity)'))).toBe(
      true,
    );
  });

  it('refuses an entity tag spaCy refuses and spaces that end early, and counts span ids as not kept', async () => {
    /** "Kim met" by hand as DocBin.to_bytes lays it out, Kim's entity tag `tag`, with `spaces` and a group span `id`. */
    const docBin = async (tag: bigint, spaces: number[], id: bigint) => {
      const rows = new Uint8Array(48);
      const view = new DataView(rows.buffer);
      [spacyId('Kim'), tag, spacyId('PERSON'), spacyId('met'), 2n, 0n].forEach((value, index) =>
        view.setBigUint64(index * 8, value, true),
      );
      // A span as SpanGroup.to_bytes packs it: id, kb id, label (8 bytes each), then start, end, start and end char.
      const span = new DataView(new ArrayBuffer(40));
      [id, 0n, spacyId('PERSON')].forEach((value, index) => span.setBigUint64(index * 8, value));
      [0, 1, 0, 3].forEach((value, index) => span.setInt32(24 + index * 4, value));
      const group = pack({ name: 'sc', attrs: {}, spans: [new Uint8Array(span.buffer)] });
      const message = pack({
        version: '0.1',
        attrs: [65, 77, 78],
        tokens: rows,
        spaces: Uint8Array.from(spaces),
        lengths: Uint8Array.from([2, 0, 0, 0]),
        strings: ['Kim', 'met', 'PERSON'],
        cats: [{}],
        flags: [{ has_unknown_spaces: false }],
        span_groups: [pack(new Map([[group, ['sc']]]))],
      });
      return itemsOf(new Uint8Array(await (await compressed([message])).arrayBuffer()), 'hand.spacy');
    };
    const good = await docBin(3n, [1, 0], 7n);
    expect(recordsOf(good).map(({ text, spans }) => [text, spans])).toEqual([
      ['Kim met', [{ start: 0, end: 3, label: 'PERSON', text: 'Kim' }]],
    ]);
    expect(good).toContainEqual({
      loss: { what: 'ids of spans (span.id)', why: 'Spanwright keeps a span’s place and label', count: 1 },
    });
    expect((await docBin(3n, [1, 0], 0n)).some((item) => 'loss' in item)).toBe(false);
    expect(await docBin(4n, [1, 0], 0n)).toEqual([
      {
        error: {
          line: 1,
          message: 'hand.spacy is not a spaCy DocBin (.spacy): token 1 of document 1 has the entity tag 4, not 0–3',
        },
      },
    ]);
    expect(await docBin(3n, [1], 0n)).toEqual([
      { error: { line: 1, message: 'hand.spacy is not a spaCy DocBin (.spacy): its "spaces" end inside document 1' } },
    ]);
  });

  it('says a .spacy file cut short is damaged, and one of other content is no DocBin message', async () => {
    const whole = fixture('news.spacy');
    const [cut] = await itemsOf(whole.slice(0, 200), 'cut.spacy');
    expect(cut).toEqual({
      error: {
        line: 1,
        message: 'cut.spacy is not a spaCy DocBin (.spacy): its compressed data is cut short or damaged',
      },
    });
    const other = new Uint8Array(
      await new Response(
        new Blob(['{"not":"msgpack"}']).stream().pipeThrough(new CompressionStream('deflate')),
      ).arrayBuffer(),
    );
    const [wrong] = await itemsOf(other, 'other.spacy');
    expect('error' in wrong && wrong.error.message).toMatch(
      /^other\.spacy is not a spaCy DocBin \(\.spacy\): its content is not a DocBin's MessagePack/u,
    );
  });

  it('reads back what the export writes: texts, spans (every one, overlaps too), ids and annotators', async () => {
    const records = [
      record('a', 'Kim Jong Un met  Putin.\r\n😀 👩‍👩‍👧 北朝鮮', [
        [0, 11, 'person'],
        [0, 3, 'given'],
        [17, 22, 'person'],
        [27, 32, 'family'],
        [33, 36, 'place'],
      ]),
    ];
    const back = recordsOf(await itemsOf(await write(records)));
    expect(back.map(({ id, text, annotator, spans }) => ({ id, text, annotator, spans }))).toEqual(
      records.map(({ id, text, annotator, spans }) => ({ id, text, annotator, spans: sortSpans(spans) })),
    );
  });

  it('refuses a file that is no DocBin with one error naming it, and stores nothing of it', async () => {
    const items = await itemsOf(new TextEncoder().encode('{"text": "not binary"}'), 'wrong.spacy');
    expect(items).toEqual([
      {
        error: {
          line: 1,
          message:
            'wrong.spacy is not a spaCy DocBin (.spacy): it is not zlib-compressed, as DocBin.to_bytes writes a .spacy file',
        },
      },
    ]);
  });
});
