import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idFromFileName, parsePlainText } from '../../../src/lib/formats/plainText';
import { expectError, valueOf } from './parseResultAssertions';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parsePlainText', () => {
  it('reads the exact text, BOM and line breaks included, with the file name as id', () => {
    const text = '\uFEFFclose\r\nNorth Korea denies sending arms to Russia\r\n👩‍👩‍👧 🇺🇦 e\u0301\n';
    expect(valueOf(parsePlainText('corpus/000_nk-arms.txt', utf8(text)))).toEqual({
      id: '000_nk-arms',
      text,
      title: 'North Korea denies sending arms to Russia',
      annotator: null,
      status: null,
      spans: [],
      meta: {},
    });
  });

  it('takes a short first line as the title, unless a headline follows it', () => {
    const title = (text: string) => valueOf(parsePlainText('a.txt', utf8(text))).title;
    expect(title('Fox News\n\nNorth Korea denies sending arms to Russia, officials say\n')).toBe(
      'North Korea denies sending arms to Russia, officials say',
    );
    expect(title('\n  Chapter 1  \r\nIt was a bright cold day in April, and the clocks were striking thirteen.')).toBe(
      'Chapter 1',
    );
    expect(title('Kim meets Putin\nThe two leaders met on Wednesday.\n')).toBe('Kim meets Putin');
  });

  it('takes the id from the name without its last extension', () => {
    expect(idFromFileName('a.b.txt')).toBe('a.b');
    expect(idFromFileName('C:\\docs\\report.TXT')).toBe('report');
    expect(idFromFileName('.notes')).toBe('.notes');
    expect(idFromFileName('README')).toBe('README');
  });

  describe('refuses, naming the line and the reason:', () => {
    it('NUL bytes', () =>
      expectError(
        parsePlainText('a.txt', new Uint8Array([0x61, 0x0a, 0x62, 0x00, 0x63])),
        2,
        'not a text file (it contains a NUL byte',
      ));
    it('invalid UTF-8', () =>
      expectError(parsePlainText('a.txt', new Uint8Array([0x61, 0x0a, 0x0a, 0xc3, 0x28])), 3, 'not valid UTF-8'));
    it('a truncated multi-byte character at the end', () =>
      expectError(parsePlainText('a.txt', utf8('ok\n😀').slice(0, -1)), 2, 'not valid UTF-8'));
    it('Latin-1 text, said to look like it', () => {
      const cafe = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]);
      expectError(parsePlainText('a.txt', cafe), 1, 'not valid UTF-8 (it looks like Latin-1 or Windows-1252)');
      // Two bytes of the upper half together (GBK's 北, "B1 B1") are not said to be Latin-1.
      const gbk = new Uint8Array([0x41, 0xb1, 0xb1, 0x42]);
      expect(JSON.stringify(parsePlainText('b.txt', gbk))).not.toContain('Latin-1');
    });
    it('an empty file', () => expectError(parsePlainText('a.txt', new Uint8Array()), 0, 'the file is empty'));
    it('no name', () => expectError(parsePlainText('dir/', utf8('x')), 0, 'no name'));
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 64 }), (name, bytes) => {
        parsePlainText(name, bytes);
      }),
      { numRuns: 500 },
    );
  });
});
