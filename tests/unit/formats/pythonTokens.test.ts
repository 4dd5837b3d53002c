/// <reference types="node" />
/**
 * Python reads the token exports (CoNLL, Hugging Face) as Spanwright wrote them: python3 splits
 * each CoNLL line with `str.split()` and the file with `str.splitlines()`, and checks the Hugging
 * Face tokens with `str.isspace()`. White space to Python that JavaScript's `\s` misses (U+0085 NEL,
 * U+001C–U+001F) must never be a token, and a line break to `str.splitlines()` ends a sentence.
 * The test fails, never skips, when python3 is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeRecords } from '../../../src/lib/formats/registry';
import type { AnnotatedRecord, RecordSpan } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { tokenize } from '../../../src/lib/model/tokens';

const directory = mkdtempSync(join(tmpdir(), 'spanwright-tokens-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** White space to Python's `str.isspace()` or JavaScript's `\s`. */
const PYTHON_SPACE = new RegExp(String.raw`^[\s\x1c-\x1f\x85]$`, 'u');

const TEXT =
  'Kim\u00a0Jong Un met\u200bPutin\u2028in Vostochny\rthen\u0085left\u3000Moscow' +
  '\u001cAx\u001dBx\u001eCx\u001fDx\u000bEx\u000cFx';

/** A span at the first occurrence of `quote` in {@link TEXT}, in code points. */
function spanOf(label: string, quote: string): RecordSpan {
  const start = [...TEXT.slice(0, TEXT.indexOf(quote))].length;
  const end = start + [...quote].length;
  return { start, end, label, text: sliceCodePoints(TEXT, start, end) };
}

const RECORD: AnnotatedRecord = {
  id: 'nel-1',
  text: TEXT,
  title: 'nel-1',
  annotator: 'alice',
  status: 'done',
  spans: [
    spanOf('PER', 'Kim\u00a0Jong Un'),
    spanOf('PER', 'Putin'),
    spanOf('PLACE', 'Vostochny\rthen'), // across a line break: left out
    spanOf('GO', '\u0085left'), // starts on NEL: written as the token "left"
    spanOf('CITY\u0085NAME', 'Moscow'), // white space to Python in the label
    spanOf('X', 'Ex'),
  ],
  meta: {},
};

/** Checks the CoNLL file argv[1] and the Hugging Face file argv[2] against the text argv[3]; prints what it read. */
const CHECK = String.raw`
import json, sys
text = open(sys.argv[3], encoding='utf-8', newline='').read()
lines = [line for line in text.splitlines() if line.split()]
sentences, sentence, tags = [], [], []
for line in open(sys.argv[1], encoding='utf-8', newline='').read().splitlines():
    if not line.strip():
        if sentence: sentences.append(sentence)
        sentence = []
        continue
    if line.startswith('-DOCSTART-'): continue
    parts = line.split()
    assert len(parts) == 2, ('not token and tag', line)
    sentence.append(parts[0])
    tags.append(parts[1])
if sentence: sentences.append(sentence)
assert len(sentences) == len(lines), (len(sentences), len(lines))
for tokens, line in zip(sentences, lines):
    assert ''.join(tokens) == ''.join(line.split()), (tokens, line)
record = json.loads(open(sys.argv[2], encoding='utf-8').read().splitlines()[0])
assert len(record['tokens']) == len(record['ner_tags'])
for token in record['tokens']:
    assert token and not any(character.isspace() for character in token), repr(token)
assert record['tokens'] == [token for tokens in sentences for token in tokens]
assert ''.join(record['tokens']) == ''.join(text.split())
print(json.dumps({'conll': tags, 'huggingface': record['ner_tags'], 'tokens': record['tokens']}))
`;

describe('python3 reads the token exports as written', () => {
  it('finds a token and a tag on every CoNLL line, one sentence per line of the text, and no white space token', () => {
    const files = { conll: join(directory, 'export.conll'), hf: join(directory, 'export.jsonl') };
    const text = join(directory, 'text.txt');
    writeFileSync(files.conll, [...serializeRecords([RECORD], 'conll', 'codepoint')].join(''), 'utf8');
    writeFileSync(files.hf, [...serializeRecords([RECORD], 'huggingface', 'codepoint')].join(''), 'utf8');
    writeFileSync(text, TEXT, 'utf8');
    const run = spawnSync('python3', ['-c', CHECK, files.conll, files.hf, text], { encoding: 'utf8' });
    if (run.error)
      throw new Error(
        `python3 is required for this test and could not be run (${run.error.message}); install Python 3`,
      );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const read = JSON.parse(run.stdout) as { conll: string[]; huggingface: string[]; tokens: string[] };
    const tagged = (tags: string[]): string[] =>
      read.tokens.flatMap((token, index) => (tags[index] === 'O' ? [] : [`${token} ${tags[index]}`]));
    expect(tagged(read.huggingface)).toEqual([
      'Kim B-PER',
      'Jong I-PER',
      'Un I-PER',
      'Putin B-PER',
      'Vostochny B-PLACE',
      'then I-PLACE',
      'left B-GO',
      'Moscow B-CITY\u0085NAME',
      'Ex B-X',
    ]);
    // CoNLL leaves out the span across a line break (a sentence is a line) and writes white space in a label as _.
    expect(tagged(read.conll)).toEqual(
      tagged(read.huggingface)
        .filter((line) => !line.includes('PLACE'))
        .map((line) => line.replace('\u0085', '_')),
    );
  });

  it('never puts white space to Python in a token, and keeps offsets in code points', () => {
    for (const token of tokenize(TEXT)) {
      const text = sliceCodePoints(TEXT, token.start, token.end);
      expect(
        [...text].some((character) => PYTHON_SPACE.test(character)),
        JSON.stringify(text),
      ).toBe(false);
    }
    expect(tokenize('a\u0085b\u001fc')).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 4, end: 5 },
    ]);
  });
});
