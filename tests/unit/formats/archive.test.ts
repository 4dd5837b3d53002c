import { describe, expect, it } from 'vitest';
import { filesInZip, zipFiles } from '../../../src/lib/formats/archive';

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
