import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/lib/formats/detect';
import { arrayElements, topLevelKeys } from '../../../src/lib/formats/jsonOutline';

const arrayElementLines = (json: string) => [...arrayElements(json)].map((element) => element.line);

describe('detectFormat', () => {
  it.each([
    ['notes.txt', '{"id": 1, "text": "looks like JSON"}', 'text'],
    ['NOTES.TXT', '', 'text'],
    ['export.json', '[{"id": 1, "data": {"text": "a"}}]', 'labelstudio'],
    ['export.json', '\uFEFF\n  [\n', 'labelstudio'],
    ['a.jsonl', '{"id": "a", "text": "t", "spans": []}\n{"id": "b"', 'native'],
    ['a.jsonl', '{"text": "t", "meta": {}, "spans": [], "id": "x"}', 'native'],
    ['a.jsonl', '{"id": 1, "text": "t", "label": [[0, 1, "X"]]}', 'doccano'],
    ['a.ndjson', '{"id": 1, "text": "t", "labels": []}', 'doccano'],
    ['a.jsonl', '{"id": "a", "text": "t"}\n', 'native'],
    ['backup.jsonl', '{"spanwright_backup": {"version": 1}}\n{"documents": []}', 'backup'],
    ['a.jsonl', '{"id": "a", "meta": {"spans": 1, "label": 2}, "text": "t"}', 'native'],
    ['a.jsonl', '{"id": "a", "text": "{\\"label\\": 1}"}', 'native'],
    ['a.jsonl', '{"id": "a", "text": "a very long first record cut off by the 64 KB head', null],
    ['a.jsonl', '{"id": "a", "text": "cut off", "label": [[0, 1', 'doccano'],
    ['a.csv', 'id,text\n1,hello', null],
    // A token file with an untagged line is CoNLL, whose reader names the line (not "a format not recognised").
    ['tokens.conll', 'Kim B-person\nmet\nPutin B-person\n', 'conll'],
    ['a.jsonl', '', null],
    ['a.jsonl', '{"foo": 1}', null],
    // A patterns file is no data: the import dialog hands it to the suggestions panel.
    ['rules.jsonl', '{"label": "ORG", "pattern": "Apple"}\n', 'patterns'],
    ['rules.jsonl', '{"pattern": [{"LOWER": "apple"}], "label": "ORG", "id": "apple"}', 'patterns'],
    ['a.jsonl', '{"text": "t", "label": [[0, 1, "X"]], "pattern": 1}', 'doccano'],
  ])('%s starting %j is %s', (fileName, head, expected) => {
    expect(detectFormat(fileName, head)).toBe(expected);
  });
});

describe('jsonOutline', () => {
  it('lists top-level keys in order, however the values nest', () => {
    expect(topLevelKeys('{"a": {"b": [1, {"c": 2}]}, "d\\u0065": "x,\\"y", "f": []}')).toEqual({
      keys: ['a', 'de', 'f'],
      complete: true,
    });
    expect(topLevelKeys('  {"a": 1, "b": "cut')).toEqual({ keys: ['a', 'b'], complete: false });
    expect(topLevelKeys('[{"a": 1}]')).toEqual({ keys: [], complete: false });
  });

  it('finds the line where each array element starts', () => {
    expect(arrayElementLines('[\n{"a": "x\\n"},\n\n  {"b": [\n1]}, 3\n]')).toEqual([2, 4, 5]);
    expect(arrayElementLines('[]')).toEqual([]);
  });

  it('never throws, and detection never throws, on any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value, null, 1)),
        ),
        (text) => {
          topLevelKeys(text);
          arrayElementLines(text);
          detectFormat('file.jsonl', text);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detectFormat: Prodigy and doccano', () => {
  it('takes a Prodigy task with a top-level "label" (ner.teach, textcat) for Prodigy', () => {
    const task =
      '{"text":"Apple buys a startup.","spans":[{"start":0,"end":5,"label":"ORG"}],"label":"ORG","_input_hash":1,"_task_hash":2,"answer":"accept"}\n';
    expect(detectFormat('p.jsonl', task)).toBe('prodigy');
  });
});
