import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { filesInZip, zipFiles } from '../../../src/lib/formats/archive';
import { crc32, recordedChecksums } from '../../../src/lib/formats/zipChecksums';

describe('zipFiles', () => {
  it('writes every file whole, astral characters across its pieces included, a piece at a time', async () => {
    // 🇺🇦 is two surrogate pairs: repeated across 64K-character pieces, some pairs straddle a cut.
    const big = `${'a'.repeat(65_535)}${'🇺🇦 é 中文 '.repeat(30_000)}end`;
    let pauses = 0;
    const parts = await zipFiles(
      [
        { path: 'data.jsonl', text: big },
        { path: 'labels.txt', text: 'claim\ndenial\n' },
        { path: 'labels.txt', text: 'second' },
        { path: 'empty.txt', text: '' },
      ],
      () => {
        pauses++;
        return undefined;
      },
    );
    expect(pauses).toBeGreaterThan(big.length / (1 << 16));
    const { files } = await filesInZip(new File(parts, 'export.zip'));
    const read = Object.fromEntries(await Promise.all(files.map(async (file) => [file.name, await file.text()])));
    expect(read).toEqual({
      'data.jsonl': big,
      'labels.txt': 'claim\ndenial\n',
      'labels-2.txt': 'second',
      'empty.txt': '',
    });
  });
});

describe('a damaged .zip', () => {
  const text = '{"id": "s", "text": "Kim visited Moscow on day 2.", "spans": []}\n';

  it('is refused, naming the entry, when a stored entry no longer matches its CRC-32', async () => {
    // Stored uncompressed (level 0): damage in it inflates without a word, only the checksum tells.
    const bytes = zipSync({ 'docs/s.jsonl': [strToU8(text), { level: 0 }], 'ok.txt': strToU8('fine') });
    const at = Buffer.from(bytes).indexOf('Moscow') + 1;
    const damaged = bytes.slice();
    damaged[at] = 'a'.charCodeAt(0);
    expect(new TextDecoder().decode(damaged)).toContain('Mascow');
    await expect(filesInZip(new File([damaged], 'corpus.zip'))).rejects.toThrow(
      'corpus.zip is damaged: "docs/s.jsonl" does not match the checksum the archive recorded (CRC-32), so nothing from it is imported',
    );
    // The same archive whole is read, both entries and their text.
    const { files } = await filesInZip(new File([bytes], 'corpus.zip'));
    expect(await Promise.all(files.map((file) => file.text()))).toEqual([text, 'fine']);
  });

  it('checks with the CRC-32 zip writers use, and reads a UTF-8 entry name as fflate does', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    const bytes = zipSync({ 'résumé.txt': strToU8('x') });
    expect(recordedChecksums(bytes)).toEqual(new Map([['résumé.txt', crc32(strToU8('x'))]]));
    expect(recordedChecksums(strToU8('not a zip'))).toBeNull();
  });
});

/** `zip` rewritten as ZIP64 writers end it: a ZIP64 end record and its locator, the classic end record's fields maxed out. */
function asZip64(zip: Uint8Array): Uint8Array<ArrayBuffer> {
  const end = zip.length - 22;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const [count, size, offset] = [
    view.getUint16(end + 10, true),
    view.getUint32(end + 12, true),
    view.getUint32(end + 16, true),
  ];
  const out = new Uint8Array(end + 56 + 20 + 22);
  out.set(zip.subarray(0, end));
  const w = new DataView(out.buffer);
  w.setUint32(end, 0x06064b50, true);
  w.setBigUint64(end + 4, 44n, true);
  w.setBigUint64(end + 24, BigInt(count), true);
  w.setBigUint64(end + 32, BigInt(count), true);
  w.setBigUint64(end + 40, BigInt(size), true);
  w.setBigUint64(end + 48, BigInt(offset), true);
  w.setUint32(end + 56, 0x07064b50, true);
  w.setBigUint64(end + 64, BigInt(end), true);
  w.setUint32(end + 72, 1, true);
  const classic = end + 76;
  w.setUint32(classic, 0x06054b50, true);
  w.setUint16(classic + 8, 0xffff, true);
  w.setUint16(classic + 10, 0xffff, true);
  w.setUint32(classic + 12, 0xffffffff, true);
  w.setUint32(classic + 16, 0xffffffff, true);
  return out;
}

describe('the checksums of a .zip', () => {
  it('are read through a ZIP64 end record, and a damaged entry found there too', async () => {
    const text = 'Kim visited Moscow.';
    const zip64 = asZip64(zipSync({ 'a.txt': strToU8('first'), 'b.txt': [strToU8(text), { level: 0 }] }));
    expect(recordedChecksums(zip64)).toEqual(
      new Map([
        ['a.txt', crc32(strToU8('first'))],
        ['b.txt', crc32(strToU8(text))],
      ]),
    );
    expect((await filesInZip(new File([zip64], 'big.zip'))).files.map((file) => file.name)).toEqual(['a.txt', 'b.txt']);
    zip64[Buffer.from(zip64).indexOf('Moscow') + 1] = 'a'.charCodeAt(0);
    await expect(filesInZip(new File([zip64], 'big.zip'))).rejects.toThrow('big.zip is damaged: "b.txt"');
  });

  it('leaves junk entries unchecked: a damaged macOS resource fork does not refuse the archive', async () => {
    const bytes = zipSync({
      's.txt': [strToU8('kept'), { level: 0 }],
      '__MACOSX/._s.txt': [strToU8('fork'), { level: 0 }],
    });
    const damaged = bytes.slice();
    damaged[Buffer.from(bytes).indexOf('fork')] = 'F'.charCodeAt(0);
    const { files, skipped } = await filesInZip(new File([damaged], 'mac.zip'));
    expect(files.map((file) => file.name)).toEqual(['s.txt']);
    expect(skipped).toEqual(['__MACOSX/._s.txt']);
  });
});
