/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDoccanoLine } from '../../../src/lib/formats/doccano';
import { detectFormat } from '../../../src/lib/formats/detect';
import { serializeRecords } from '../../../src/lib/formats/registry';
import { parseLabelStudio } from '../../../src/lib/formats/labelStudio';
import { parseNativeLine } from '../../../src/lib/formats/native';
import type { AnnotatedRecord, FormatName, OffsetUnit } from '../../../src/lib/formats/records';
import { valueOf } from './parseResultAssertions';
import { UNICODE_RECORDS } from './unicodeRecords';

const FIXTURES = 'tests/fixtures/formats/';

function parseFile(file: string, format: FormatName, unit: OffsetUnit): AnnotatedRecord[] {
  if (format === 'labelstudio') return valueOf(parseLabelStudio(file));
  return file
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) =>
      valueOf(format === 'native' ? parseNativeLine(line, index + 1, unit) : parseDoccanoLine(line, index + 1)),
    );
}

const cases: [string, FormatName, OffsetUnit][] = [
  ['unicode.native.jsonl', 'native', 'codepoint'],
  ['unicode.native-utf16.jsonl', 'native', 'utf16'],
  ['unicode.doccano.jsonl', 'doccano', 'codepoint'],
  ['unicode.labelstudio.json', 'labelstudio', 'codepoint'],
];

describe('fixture files (emoji, ZWJ families, flags, combining marks, CJK, Hangul, CRLF and CR)', () => {
  it.each(cases)('%s is detected, read, and written back byte for byte', (name, format, unit) => {
    const file = readFileSync(FIXTURES + name, 'utf8');
    expect(detectFormat(name, file.slice(0, 65536))).toBe(format);
    const records = parseFile(file, format, unit);
    expect([...serializeRecords(records, format, unit)].join('')).toBe(file);
    // Every format places the spans on the same characters.
    expect(records.map((record) => record.spans)).toEqual(UNICODE_RECORDS.map((record) => record.spans));
  });
});
