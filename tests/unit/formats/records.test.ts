import { describe, expect, it } from 'vitest';
import { parseDoccanoLine } from '../../../src/lib/formats/doccano';
import { parseLabelStudio } from '../../../src/lib/formats/labelStudio';
import { parseNativeLine } from '../../../src/lib/formats/native';
import { clip, describeJsonError, formatErrorText, parseJson, quote } from '../../../src/lib/formats/errorMessages';
import { sanitizeJson, type AnnotatedRecord } from '../../../src/lib/formats/records';
import { valueOf } from './parseResultAssertions';

const HOSTILE_META =
  '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": 1,' +
  ' "kept": {"__proto__": {"polluted": "yes"}, "inner": [{"constructor": 1, "ok": true}]}}';

function expectClean(record: AnnotatedRecord): void {
  expect(record.meta).toEqual({ kept: { inner: [{ ok: true }] } });
  expect(Object.keys(record.meta)).toEqual(['kept']);
  expect(Object.getPrototypeOf(record.meta)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('prototype pollution', () => {
  it('drops __proto__, constructor and prototype keys at any depth in native meta', () => {
    expectClean(valueOf(parseNativeLine(`{"id": "a", "text": "t", "meta": ${HOSTILE_META}}`, 1)));
  });

  it('drops them from native top-level keys taken as meta', () => {
    expectClean(valueOf(parseNativeLine(`{"id": "a", "text": "t", ${HOSTILE_META.slice(1)}`, 1)));
  });

  it('drops them from doccano metadata keys', () => {
    expectClean(valueOf(parseDoccanoLine(`{"id": 1, "text": "t", "label": [], ${HOSTILE_META.slice(1)}`, 1)));
  });

  it('drops them from Label Studio data', () => {
    expectClean(valueOf(parseLabelStudio(`[{"id": 1, "data": {"text": "t", ${HOSTILE_META.slice(1)}}]`))[0]);
  });
});

describe('sanitizeJson', () => {
  it('copies JSON without the forbidden keys and answers undefined past the depth limit', () => {
    const parsed: unknown = JSON.parse('{"a": [1, {"__proto__": 2, "b": null}], "prototype": 3}');
    expect(sanitizeJson(parsed)).toEqual({ a: [1, { b: null }] });
    expect(sanitizeJson(JSON.parse('['.repeat(300) + ']'.repeat(300)))).toBeUndefined();
  });
});

describe('messages', () => {
  it('clip long strings without splitting a surrogate pair', () => {
    expect(clip('x'.repeat(39) + '😀😀')).toBe(`${'x'.repeat(39)}…`);
    expect(clip('short')).toBe('short');
  });

  it('clip and quote never cut a flag or a letter from its mark, and show every line break and tab as an escape', () => {
    // A quote the export dialog showed as '… 𝔘nion Bank 🇺…': half of the flag 🇺🇦.
    const text = 'Lavrov\tsaid sanctions hit 𝔘nion Bank 🇺🇦 and e\u0301 here';
    expect(clip(text)).toBe('Lavrov\tsaid sanctions hit 𝔘nion Bank 🇺🇦 …');
    expect(clip('x'.repeat(39) + 'e\u0301y')).toBe(`${'x'.repeat(39)}…`);
    expect(quote('a\tb\u2028c\u2029d\u0085e\nf')).toBe('"a\\tb\\u2028c\\u2029d\\u0085e\\nf"');
  });

  it('keep JSON errors short', () => {
    expect(
      describeJsonError(new SyntaxError(`Unexpected token 'x', "${'y'.repeat(300)}" is not valid JSON`)).length,
    ).toBeLessThan(120);
  });

  it('say the column in the record’s own line, not the engine’s "line 1" of a JSONL record', () => {
    const broken = parseJson('{"id": "b", "spans": [1 2]}');
    const message = 'message' in broken ? broken.message : '';
    expect(message).toMatch(/^malformed JSON \(.* at column 25\)$/u);
    expect(message).not.toMatch(/line 1|position/u);
  });

  it('render with their line', () => {
    expect(formatErrorText({ line: 3, message: 'malformed JSON' })).toBe('line 3: malformed JSON');
    expect(formatErrorText({ line: 0, message: 'the file is empty' })).toBe('the file is empty');
  });
});
