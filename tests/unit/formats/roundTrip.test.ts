import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDoccanoLine } from '../../../src/lib/formats/doccano';
import { serializeRecords } from '../../../src/lib/formats/registry';
import { parseLabelStudio } from '../../../src/lib/formats/labelStudio';
import { parseNativeLine } from '../../../src/lib/formats/native';
import type { AnnotatedRecord, FormatName, OffsetUnit } from '../../../src/lib/formats/records';
import { valueOf } from './parseResultAssertions';
import { corpusRecords } from './recordArbitraries';

const RUNS = { numRuns: 300 };

function exportAll(records: AnnotatedRecord[], format: FormatName, unit: OffsetUnit): string {
  return [...serializeRecords(records, format, unit)].join('');
}

function importAll(file: string, format: FormatName, unit: OffsetUnit): AnnotatedRecord[] {
  if (format === 'labelstudio') return valueOf(parseLabelStudio(file));
  const lines = file.split('\n');
  expect(lines.pop()).toBe(''); // every line ends with \n
  return lines.map((line, index) =>
    valueOf(format === 'native' ? parseNativeLine(line, index + 1, unit) : parseDoccanoLine(line, index + 1)),
  );
}

const cases: [FormatName, OffsetUnit][] = [
  ['native', 'codepoint'],
  ['native', 'utf16'],
  ['doccano', 'codepoint'],
  ['labelstudio', 'codepoint'],
];

/**
 * The records a Label Studio export reads back as: one layer per annotator and document (as
 * stored), none for a person's to-do layer without spans (no annotation), and a document left with
 * no layer at all as one unnamed empty layer (a task without annotations).
 */
function labelStudioLayers(records: AnnotatedRecord[]): AnnotatedRecord[] {
  const isModel = (record: AnnotatedRecord) => /^model:./u.test(record.annotator ?? '');
  const written = records.filter(
    (record) => isModel(record) || record.status === 'done' || record.status === 'skipped' || record.spans.length > 0,
  );
  return records.flatMap((record) => {
    if (written.includes(record)) return [record];
    const first = records.find((other) => other.id === record.id) === record;
    return first && written.every((other) => other.id !== record.id) ? [{ ...record, annotator: null }] : [];
  });
}

/** One layer per annotator and document, as storage holds them (the first of each). */
const storedLayers = (records: AnnotatedRecord[]): AnnotatedRecord[] =>
  records.filter(
    (record, index) =>
      records.findIndex((other) => other.id === record.id && other.annotator === record.annotator) === index,
  );

describe('export → import → export', () => {
  it.each(cases)('is byte-identical in %s (%s offsets)', (format, unit) => {
    fc.assert(
      fc.property(corpusRecords, (corpus) => {
        const records = format === 'labelstudio' ? storedLayers(corpus) : corpus;
        const first = exportAll(records, format, unit);
        const imported = importAll(first, format, unit);
        expect(exportAll(imported, format, unit)).toBe(first);
        // Nothing the format carries is lost on the way.
        const carried = (record: AnnotatedRecord) => [record.id, record.text, record.annotator, record.spans];
        const expected = format === 'labelstudio' ? labelStudioLayers(records) : records;
        expect(imported.map(carried)).toEqual(expected.map(carried));
      }),
      RUNS,
    );
  });

  it('keeps annotator, status, meta and title in native', () => {
    fc.assert(
      fc.property(corpusRecords, (records) => {
        const imported = importAll(exportAll(records, 'native', 'codepoint'), 'native', 'codepoint');
        imported.forEach((record, index) => {
          const original = records[index];
          expect([record.annotator, record.status, record.title]).toEqual([
            original.annotator,
            original.status,
            original.title,
          ]);
          expect(JSON.stringify(record.meta)).toBe(JSON.stringify(original.meta));
        });
      }),
      RUNS,
    );
  });

  it('writes native spans whose code point slice is the quoted text', () => {
    fc.assert(
      fc.property(corpusRecords, (records) => {
        for (const line of exportAll(records, 'native', 'codepoint').split('\n').slice(0, -1)) {
          const written: unknown = JSON.parse(line);
          const { text, spans } = written as { text: string; spans: { start: number; end: number; text: string }[] };
          for (const span of spans) expect([...text].slice(span.start, span.end).join('')).toBe(span.text);
        }
      }),
      RUNS,
    );
  });

  it('writes native utf16 spans whose UTF-16 slice is the quoted text', () => {
    fc.assert(
      fc.property(corpusRecords, (records) => {
        for (const line of exportAll(records, 'native', 'utf16').split('\n').slice(0, -1)) {
          const written: unknown = JSON.parse(line);
          const { text, spans } = written as { text: string; spans: { start: number; end: number; text: string }[] };
          for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
        }
      }),
      RUNS,
    );
  });
});
