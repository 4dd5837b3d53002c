/// <reference types="node" />
/**
 * Python is the reference for code point offsets (`str` indices): export files and let python3
 * check every span. The test fails, never skips, when python3 is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeRecords } from '../../../src/lib/formats/registry';
import { recordTitle, type AnnotatedRecord, type FormatName, type OffsetUnit } from '../../../src/lib/formats/records';
import { UNICODE_RECORDS } from './unicodeRecords';

const directory = mkdtempSync(join(tmpdir(), 'spanwright-formats-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Reads the file named by argv[1] and prints one line per checked span; exits 1 on a mismatch. */
const CHECKS: Record<string, string> = {
  native: `
import json, sys
for line in open(sys.argv[1], encoding='utf-8', newline=''):
    record = json.loads(line)
    for span in record['spans']:
        assert record['text'][span['start']:span['end']] == span['text'], (record['id'], span)
        print('ok')`,
  utf16: `
import json, sys
for line in open(sys.argv[1], encoding='utf-8', newline=''):
    record = json.loads(line)
    units = record['text'].encode('utf-16-le')
    for span in record['spans']:
        assert units[2 * span['start']:2 * span['end']].decode('utf-16-le') == span['text'], (record['id'], span)
        print('ok')`,
  labelstudio: `
import json, sys
for task in json.load(open(sys.argv[1], encoding='utf-8')):
    for annotation in task['annotations']:
        for region in annotation['result']:
            value = region['value']
            assert task['data']['text'][value['start']:value['end']] == value['text'], (task['id'], value)
            print('ok')`,
};

function runPython(script: string, file: string): string[] {
  const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  if (run.error)
    throw new Error(`python3 is required for this test and could not be run (${run.error.message}); install Python 3`);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((line) => line === 'ok');
}

const spanCount = UNICODE_RECORDS.reduce((count, record) => count + record.spans.length, 0);

describe('python3 agrees with the exported offsets', () => {
  it.each<[string, FormatName, OffsetUnit]>([
    ['native', 'native', 'codepoint'],
    ['utf16', 'native', 'utf16'],
    ['labelstudio', 'labelstudio', 'codepoint'],
  ])('%s', (check, format, unit) => {
    const file = join(directory, `export-${check}.json`);
    writeFileSync(file, [...serializeRecords(UNICODE_RECORDS, format, unit)].join(''), 'utf8');
    expect(runPython(CHECKS[check], file)).toHaveLength(spanCount);
  });

  it('refuses a wrong offset (the check itself works)', () => {
    const file = join(directory, 'wrong.jsonl');
    writeFileSync(file, '{"id":"a","text":"😀 Kim","spans":[{"start":3,"end":6,"label":"p","text":"Kim"}]}\n', 'utf8');
    const run = spawnSync('python3', ['-c', CHECKS.native, file], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AssertionError');
  });
});

/** Line breaks to `str.splitlines()` that `JSON.stringify` writes raw: NEL, LINE and PARAGRAPH SEPARATOR. */
const BREAKS_TEXT = 'Kim\u2028said no.\u0085Putin\u2029denied it.';
const BREAKS_RECORD: AnnotatedRecord = {
  id: 'breaks\u2028one',
  text: BREAKS_TEXT,
  title: recordTitle(BREAKS_TEXT, 'breaks', {}),
  annotator: 'ann\u0085a',
  status: 'done',
  spans: [
    { start: 0, end: 11, label: 'claim', text: 'Kim\u2028said no', note: 'see\u2028also' },
    { start: 13, end: 25, label: 'denial', text: 'Putin\u2029denied' },
  ],
  meta: { source: 'wire\u2029feed' },
};

/** Reads argv[1] whole and splits it as Python's `str.splitlines()` does; prints each record's text. */
const SPLITLINES = `
import json, sys
for line in open(sys.argv[1], encoding='utf-8', newline='').read().splitlines():
    record = json.loads(line)
    text = record.get('text')
    if text is None:
        print(json.dumps(record['tokens']))
        continue
    spans = record.get('spans') or [{'start': s, 'end': e} for s, e, _ in record.get('label', [])]
    for span in spans:
        assert len(text[span['start']:span['end']]) == span['end'] - span['start'], span
    print(json.dumps([text] + [text[span['start']:span['end']] for span in spans]))`;

describe('a JSONL export keeps one record per line to f.read().splitlines()', () => {
  it.each<FormatName>(['native', 'doccano', 'prodigy', 'huggingface'])('%s', (format) => {
    const file = join(directory, `breaks-${format}.jsonl`);
    const records = [BREAKS_RECORD, ...UNICODE_RECORDS];
    writeFileSync(file, [...serializeRecords(records, format, 'codepoint', ['claim', 'denial'])].join(''), 'utf8');
    const run = spawnSync('python3', ['-c', SPLITLINES, file], { encoding: 'utf8' });
    if (run.error) throw new Error(`python3 is required for this test (${run.error.message}); install Python 3`);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(records.length);
    const first = JSON.parse(lines[0]) as string[];
    if (format === 'huggingface') expect(first.join(' ')).toBe('Kim said no . Putin denied it .');
    else expect(first).toEqual([BREAKS_TEXT, 'Kim\u2028said no', 'Putin\u2029denied']);
  });
});
