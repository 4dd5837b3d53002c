import { describe, expect, it } from 'vitest';
import { serializeRecords } from '../../../src/lib/formats/registry';
import { serializeLabelStudio } from '../../../src/lib/formats/labelStudio';
import { serializeNative } from '../../../src/lib/formats/native';
import { UNICODE_RECORDS } from './unicodeRecords';

describe('serializeRecords', () => {
  it('yields one native line per record, each ending in \\n', () => {
    const chunks = [...serializeRecords(UNICODE_RECORDS, 'native', 'utf16')];
    expect(chunks).toEqual(UNICODE_RECORDS.map((record) => `${serializeNative(record, 'utf16')}\n`));
  });

  it('yields one doccano line per record', () => {
    const chunks = [...serializeRecords(UNICODE_RECORDS, 'doccano', 'codepoint')];
    expect(chunks).toHaveLength(UNICODE_RECORDS.length);
    expect(chunks.every((chunk) => chunk.endsWith('}\n') && chunk.indexOf('\n') === chunk.length - 1)).toBe(true);
  });

  it('yields Label Studio as one task per chunk, the same text as serializeLabelStudio', () => {
    const chunks = [...serializeRecords(UNICODE_RECORDS, 'labelstudio', 'codepoint')];
    expect(chunks.join('')).toBe(serializeLabelStudio(UNICODE_RECORDS));
    expect(chunks).toHaveLength(4); // three tasks and the closing bracket
    expect(() => JSON.parse(chunks.join('')) as unknown).not.toThrow();
  });

  it('yields the text alone for the text format', () => {
    expect([...serializeRecords(UNICODE_RECORDS, 'text', 'codepoint')]).toEqual([UNICODE_RECORDS[0].text]);
    expect([...serializeRecords([], 'text', 'codepoint')]).toEqual([]);
  });

  it('is lazy: it reads records only as chunks are taken', () => {
    let taken = 0;
    function* counted() {
      for (const record of UNICODE_RECORDS) {
        taken++;
        yield record;
      }
    }
    const chunks = serializeRecords(counted(), 'native', 'codepoint')[Symbol.iterator]();
    chunks.next();
    expect(taken).toBe(1);
  });
});
