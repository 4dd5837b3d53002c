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

  it('checks with the CRC-32 zip writers use, names in UTF-8 or Latin-1 as the entry says', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    const bytes = zipSync({ 'résumé.txt': strToU8('x') });
    expect(recordedChecksums(bytes)).toEqual(new Map([['résumé.txt', crc32(strToU8('x'))]]));
    expect(recordedChecksums(strToU8('not a zip'))).toBeNull();
  });
});
