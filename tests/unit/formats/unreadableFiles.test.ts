/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unreadableSource } from '../../../src/lib/formats/detect';
import { looksLikeUtf16 } from '../../../src/lib/formats/encoding';
import type { FileSource, NamedBlob, SourceItem } from '../../../src/lib/formats/format';
import { parsePlainText } from '../../../src/lib/formats/plainText';
import { readRecords } from '../../../src/lib/formats/registry';
import { sourcesOf } from '../../../src/lib/formats/sources';
import { zipFiles } from '../../../src/lib/formats/archive';

const FIXTURES = 'tests/fixtures/formats/';
const file = (name: string, content: BlobPart = readFileSync(FIXTURES + name)) => new File([content], name);
const single = (blob: NamedBlob): FileSource => ({ name: blob.name, size: blob.size, files: [blob] });

async function itemsOf(
  source: NamedBlob | FileSource,
  format: 'native' | 'doccano' | 'text' | 'huggingface' | 'labelstudio',
) {
  const items: SourceItem[] = [];
  for await (const item of readRecords(source, format)) items.push(item);
  return items;
}

describe('an empty file', () => {
  it('is said to be empty, whatever its extension, before any format reads it', async () => {
    for (const name of ['empty.jsonl', 'empty.json', 'empty.txt', 'empty.conll'])
      expect(await unreadableSource(single(file(name, '')))).toBe(
        'cannot be imported: the file is empty, so there is nothing to import.',
      );
    expect(await unreadableSource(single(file('blank.jsonl', '\n  \r\n\uFEFF')))).toContain('the file is empty');
  });

  it('is not refused when it is one of several files (brat’s empty .ann is a document without spans)', async () => {
    const files = [file('a.txt', 'Kim'), file('a.ann', '')];
    expect(await unreadableSource({ name: 'a.txt + a.ann', size: 3, files })).toBeNull();
  });
});

/** A character's UTF-16 code units. */
const units = (character: string) =>
  character.length === 1 ? [character.charCodeAt(0)] : [character.charCodeAt(0), character.charCodeAt(1)];

describe('a UTF-16 file', () => {
  const utf16Jsonl = () => file('utf16le-bom.jsonl');
  const utf16Txt = () => file('utf16le.txt');

  it('is recognised by its byte order mark or by NULs in every other byte; UTF-8 is not', () => {
    expect(looksLikeUtf16(readFileSync(FIXTURES + 'utf16le-bom.jsonl'))).toBe(true);
    expect(looksLikeUtf16(readFileSync(FIXTURES + 'utf16le.txt'))).toBe(true);
    expect(looksLikeUtf16(new Uint8Array([0xfe, 0xff, 0, 0x4b, 0, 0x69]))).toBe(true);
    expect(looksLikeUtf16(readFileSync(FIXTURES + 'unicode.native.jsonl'))).toBe(false);
    expect(looksLikeUtf16(new TextEncoder().encode('\uFEFFKim 😀 Zoë'))).toBe(false);
  });

  it('is said to be UTF-16 once, naming the fix, before detection', async () => {
    const message = 'cannot be imported: this file looks like UTF-16: save it as UTF-8 and import it again.';
    expect(await unreadableSource(single(utf16Jsonl()))).toBe(message);
    expect(await unreadableSource(single(utf16Txt()))).toBe(message);
  });

  it('read as JSONL in any format, gives one error saying so, not one per line', async () => {
    for (const format of ['native', 'doccano', 'huggingface'] as const)
      expect(await itemsOf(utf16Jsonl(), format)).toEqual([
        { error: { line: 0, message: 'this file looks like UTF-16: save it as UTF-8 and import it again' } },
      ]);
  });

  it('is read as plain text when a byte order mark says which UTF-16 (Notepad’s "Unicode"), and the card says so', async () => {
    const text = 'Kim 😀 met Putin.\r\nZoë, 北朝鮮';
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].flatMap(units)).buffer)]);
    const be = new Uint8Array([0xfe, 0xff, ...[...text].flatMap(units).flatMap((unit) => [unit >> 8, unit & 0xff])]);
    for (const bytes of [le, be]) {
      expect(await unreadableSource(single(file('notes.txt', bytes)))).toBeNull();
      const items = await itemsOf(file('notes.txt', bytes), 'text');
      expect(items[0]).toEqual({ note: expect.stringContaining('Read as UTF-16, as its byte order mark says') });
      expect(items[1]).toMatchObject({ record: { id: 'notes', text } });
    }
    // Not a .txt (JSONL is read as UTF-8 as it streams), nor without the mark: said, as before.
    expect(await unreadableSource(single(file('notes.jsonl', le)))).toContain('looks like UTF-16');
    // Nor a .txt in another format (a CoNLL train.txt, whose reader reads UTF-8), nor UTF-32's mark (helper-203).
    const conll = 'Kim B-PER\nmet O\nPutin B-PER\n';
    const conll16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...conll].flatMap(units)).buffer)]);
    expect(await unreadableSource(single(file('train.txt', conll16)))).toContain('looks like UTF-16');
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x4b, 0, 0, 0, 0x69, 0, 0, 0, 0x6d, 0, 0, 0]);
    expect(await unreadableSource(single(file('k.txt', utf32)))).toContain('looks like UTF-16');
    // Binary bytes after the mark are no text: their NULs are said (helper-203).
    expect(parsePlainText('b.txt', new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00, 0x42, 0x00]))).toEqual({
      errors: [{ line: 0, message: 'not a text file (it contains a NUL character at 2)' }],
      utf16: true,
    });
    // A broken character under the mark (a lone high surrogate) is said, not replaced.
    expect(parsePlainText('a.txt', new Uint8Array([0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00]))).toEqual({
      errors: [{ line: 0, message: expect.stringContaining('not valid UTF-16') }],
      utf16: true,
    });
  });

  it('read as plain text, says UTF-16 rather than a NUL byte', () => {
    expect(parsePlainText('utf16le.txt', readFileSync(FIXTURES + 'utf16le.txt'))).toEqual({
      errors: [{ line: 0, message: 'this file looks like UTF-16: save it as UTF-8 and import it again' }],
    });
  });
});

describe('a binary file', () => {
  it('is said not to be text before detection, naming the NUL byte, also as one file of a pair', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await unreadableSource(single(file('photo.png', png)))).toBe(
      'cannot be imported: it is not UTF-8 text (a NUL byte at byte 9): a binary file such as an image, or text saved as UTF-16 or UTF-32. Spanwright reads text files (JSONL, JSON, CoNLL, brat, WebAnno TSV, plain text) in UTF-8, and spaCy’s .spacy files: save it so and import it again.',
    );
    const pair = [file('a.txt', 'Kim'), file('a.ann', new Uint8Array([0x54, 0x31, 0]))];
    expect(await unreadableSource({ name: 'a.txt + a.ann', size: 6, files: pair })).toMatch(
      /^cannot be imported: it is not UTF-8 text \(a\.ann\) \(a NUL byte at byte 3\)/u,
    );
    // UTF-32 (no byte order mark) is no UTF-8 either, and is told how to be read.
    const utf32 = new Uint8Array([...'Kim met'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]));
    expect(await unreadableSource(single(file('utf32.txt', utf32)))).toMatch(/not UTF-8 text .*UTF-32/u);
    // Text in another encoding without NUL bytes: its lines are named by the format that reads it.
    expect(await unreadableSource(single(file('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]))))).toBeNull();
  });
});

describe('the files Spanwright’s exports write beside their data', () => {
  const hf = '{"id":"d1","tokens":["Kim","met"],"ner_tags":["B-PER","O"]}\n';
  const ls = JSON.stringify([{ id: 1, data: { text: 'Kim met' }, annotations: [] }]);

  it('come with the data file of a re-imported .zip, and its card lists them as not read', async () => {
    const hfZip = new File(
      await zipFiles([
        { path: 'data.jsonl', text: hf },
        { path: 'labels.json', text: '["O","B-PER","I-PER"]\n' },
      ]),
      'corpus-hf.zip',
    );
    const lsZip = new File(
      await zipFiles([
        { path: 'data.json', text: ls },
        { path: 'labeling-config.xml', text: '<View/>\n' },
      ]),
      'corpus-ls.zip',
    );
    const { sources, problems } = await sourcesOf([hfZip, lsZip]);
    expect(problems).toEqual([]);
    expect(sources.map((source) => [source.name, source.files.map((entry) => entry.name), source.companions])).toEqual([
      ['corpus-hf.zip: data.jsonl', ['data.jsonl'], ['labels.json']],
      ['corpus-ls.zip: data.json', ['data.json'], ['labeling-config.xml']],
    ]);
    const notes = async (source: FileSource, format: 'huggingface' | 'labelstudio') =>
      (await itemsOf(source, format)).flatMap((item) => ('note' in item ? [item.note] : []));
    expect(await notes(sources[0], 'huggingface')).toContain(
      'labels.json: read for the names of "ner_tags" class ids, where a line gives them as numbers.',
    );
    expect(await notes(sources[1], 'labelstudio')).toContain(
      'labeling-config.xml: not read, the labelling config a Label Studio export writes beside its tasks (the labels come with the spans).',
    );
    for (const source of sources) expect(await unreadableSource(source)).toBeNull();
  });

  it('dropped alone, are said to hold no documents (not read as Label Studio, not “unrecognised”)', async () => {
    const { sources } = await sourcesOf([file('labels.json', '["O","B-PER"]\n')]);
    expect(sources.map((source) => source.name)).toEqual(['labels.json']);
    expect(await unreadableSource(sources[0])).toMatch(
      /^holds no documents, so nothing in it is imported: it is a tag list, as a Hugging Face export writes/u,
    );
  });
});

describe('a spreadsheet', () => {
  it('is said to be one, not "a binary file such as an image" (helper-203)', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0, 0, 0]);
    expect(await unreadableSource(single(file('labels.xlsx', xlsx)))).toBe(
      'cannot be imported: it is a spreadsheet, and Spanwright reads no tables (doccano and Label Studio export their span labels as JSONL or JSON: import that instead).',
    );
  });
});
