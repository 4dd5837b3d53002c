import { describe, expect, it } from 'vitest';
import { readyLine, unknownFormatLine } from '../../../src/lib/components/files/importCount';
import type { PendingFile } from '../../../src/lib/state/transfers.svelte';

/** A card as the line reads it: its file's name, its state's kind, and whether it waits for a reading. */
const card = (name: string, kind: string, readingAsked = false) =>
  ({ file: { name }, state: { kind }, readingAsked }) as unknown as PendingFile;

describe('the line beside Import', () => {
  it('counts what Import takes, what is still checked or asked, and names what it leaves (helper-202, helper-203)', () => {
    expect(readyLine([card('a.jsonl', 'ready')], 1)).toBeNull();
    expect(readyLine([card('a.jsonl', 'ready'), card('b.jsonl', 'ready')], 2)).toBe('2 files ready');
    expect(readyLine([card('a.jsonl', 'ready'), card('b.jsonl', 'refused')], 1)).toBe(
      '1 of 2 files ready: “b.jsonl” is not imported',
    );
    const many = [
      card('a.jsonl', 'ready'),
      card('b.jsonl', 'analysing'),
      card('c.jsonl', 'ready', true),
      card('d.csv', 'unknown'),
      card('e.png', 'failed'),
      card('f.jsonl', 'refused'),
      card('g.jsonl', 'imported'),
    ];
    expect(readyLine(many, 1)).toBe(
      '1 of 6 files ready (1 still being checked, 1 waiting for your choice of offsets): “d.csv”, “e.png” and 1 more are not imported',
    );
    expect(readyLine([card('a.jsonl', 'refused')], 0)).toBeNull();
  });

  it('says a CSV or TSV file is a table Spanwright does not read, and what to import instead', () => {
    expect(unknownFormatLine('x.bin')).toBe('x.bin: not a format Spanwright recognises. Choose one:');
    expect(unknownFormatLine('Data.CSV')).toContain(
      'Data.CSV: Spanwright reads no CSV tables (doccano and Label Studio',
    );
    expect(unknownFormatLine('t.tsv')).toContain('t.tsv: neither WebAnno TSV 3 (from INCEpTION) nor CoNLL columns');
  });
});
