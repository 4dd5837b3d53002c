import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/lib/formats/errorMessages';
import { jsonErrorPlace } from '../../../src/lib/formats/jsonErrorPlace';

/** Where V8 says JSON text goes wrong, when its message names a position. */
function enginePlace(text: string): number | null | 'none' {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const position = /at position (\d+)/u.exec((error as Error).message);
    return position ? Number(position[1]) : 'none';
  }
}

describe('where JSON text goes wrong', () => {
  it('finds no fault in JSON', () => {
    fc.assert(
      fc.property(fc.json(), fc.constantFrom(0, 2), (json, indent) => {
        const text = JSON.stringify(JSON.parse(json), null, indent);
        expect(jsonErrorPlace(text)).toBeNull();
      }),
    );
  });

  it('finds the fault where the engine finds it, in JSON with one character put in or taken out', () => {
    const broken = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', ':', '"', '}', ']', 'x', '\\', '0', ' ', '\u0001'))
      .map(([json, at, put]) => {
        const cut = at % (json.length + 1);
        return put === '' ? json.slice(0, cut) + json.slice(cut + 1) : json.slice(0, cut) + put + json.slice(cut);
      });
    fc.assert(
      fc.property(broken, (text) => {
        const engine = enginePlace(text);
        const found = jsonErrorPlace(text);
        if (engine === null) expect(found).toBeNull();
        else {
          expect(found).not.toBeNull();
          if (engine !== 'none') expect(found).toBe(engine);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names the column of a fault V8 names no place for, in one line', () => {
    // V8: "Unexpected token 'c', …": a label left unquoted, after an emoji (two UTF-16 units, as editors count).
    const line = '{"text": "Kim 😀 met", "label": [[0, 3, claim]]}';
    expect(parseJson(line)).toEqual({
      message: expect.stringMatching(/^malformed JSON \(Unexpected token .*, at column 41\)$/u),
    });
    expect(line.slice(40)).toMatch(/^claim/u);
  });

  it('names the line and column of one in text of many lines, on one line of message', () => {
    const text = '{\n  "a": 1,\n  "b": tru\n}';
    const { message } = parseJson(text) as { message: string };
    // V8 names the line break after "tru", where a literal "true" should have gone on.
    expect(message).toMatch(/\(line 3 column 11\)\)$/u);
    expect(message).not.toContain('\n');
  });
});
