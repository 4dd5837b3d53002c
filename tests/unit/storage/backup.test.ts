import { describe, expect, it } from 'vitest';
import { readBackup } from '../../../src/lib/storage/backup';
import { SCHEMA_VERSION } from '../../../src/lib/storage/database';

const header = '{"spanwright_backup":1,"schema":3,"created":"2026-11-29T00:00:00.000Z"}';
const document = (id: string, text: string) =>
  JSON.stringify({ table: 'documents', row: { id, title: id, text, source: 's', meta: {}, order: 0, created: 1 } });
const span = (id: string, start: number, end: number, text: string, extra: object = {}) =>
  JSON.stringify({
    table: 'spans',
    row: { id, documentId: 'd', annotator: 'ann', start, end, label: 'claim', text, created: 1, updated: 1, ...extra },
  });

async function problems(lines: string[], schema?: number): Promise<string[]> {
  const read = await readBackup(new File([lines.join('\n')], 'backup.jsonl'), schema);
  return 'errors' in read ? read.errors.map((error) => `line ${error.line}: ${error.message}`) : [];
}

describe('readBackup', () => {
  it('reads a valid backup, spans quoting their documents in code points', async () => {
    const read = await readBackup(
      new File([[header, document('d', 'Kim 🙂 met Putin'), span('s', 6, 9, 'met')].join('\n')], 'b.jsonl'),
    );
    expect('value' in read && read.value.spans.map((row) => row.text)).toEqual(['met']);
  });

  it('refuses a backup written by a newer schema, saying so, before reading a row', async () => {
    const newer = SCHEMA_VERSION + 1;
    expect(await problems([`{"spanwright_backup":1,"schema":${newer}}`, '{"table":"bogus"}'])).toEqual([
      `line 1: written by a newer Spanwright (storage schema ${newer}; this one reads up to ${SCHEMA_VERSION}): update Spanwright (reload the page), then restore it`,
    ]);
  });

  it('validates every row into its type, naming the field', async () => {
    expect(
      await problems([
        header,
        document('d', 'Kim met Putin'),
        span('s1', 0, 3, 'Kim', { start: 'zero' }),
        span('s2', 4, 7, 'met', { end: 2.5 }),
        JSON.stringify({
          table: 'labels',
          row: { name: 'claim', colour: 'blue', hotkey: '1', description: '', order: 0 },
        }),
        JSON.stringify({
          table: 'statuses',
          row: { annotator: 'ann', documentId: 'd', status: 'finished', spanCount: 0, labels: [], updated: 1 },
        }),
      ]),
    ).toEqual([
      'line 3: a span\'s "start" must be number (got "zero")',
      'line 4: a span\'s "end" must be a whole number',
      'line 5: a label\'s "colour" must be a colour like #1f5fbf',
      'line 6: a status\'s "status" must be one of todo, done, skipped',
    ]);
  });

  it('checks every span against its document, and that ids are unique', async () => {
    expect(
      await problems([
        header,
        document('d', 'Kim met Putin'),
        span('s1', 0, 3, 'Kom'),
        span('s1', 4, 7, 'met'),
        span('s2', 4, 99, 'met'),
        JSON.stringify({
          table: 'spans',
          row: {
            id: 's3',
            documentId: 'gone',
            annotator: 'a',
            start: 0,
            end: 1,
            label: 'x',
            text: 'K',
            created: 1,
            updated: 1,
          },
        }),
      ]),
    ).toEqual([
      'line 3: span s1 quotes "Kom" but its document has "Kim" at 0–3',
      'line 4: span "s1" appears twice',
      'line 5: span s2 quotes "met" but its document has "met Putin" at 4–99',
      'line 6: span s3 belongs to document "gone", which the backup does not have',
    ]);
  });

  it('checks every suggestion as a span: its fields, its document, its quote, its id', async () => {
    const suggestion = (id: string, start: number, end: number, text: string, extra: object = {}) =>
      JSON.stringify({
        table: 'suggestions',
        row: {
          id,
          documentId: 'd',
          annotator: 'ann',
          start,
          end,
          label: 'claim',
          text,
          source: 'propagated',
          created: 1,
          ...extra,
        },
      });
    const lines = [header, document('d', 'Kim 🙂 met Putin'), suggestion('g1', 6, 9, 'met')];
    const read = await readBackup(new File([lines.join('\n')], 'b.jsonl'));
    expect('value' in read && read.value.suggestions.map((row) => `${row.id}:${row.text}`)).toEqual(['g1:met']);
    expect(
      await problems([
        ...lines,
        suggestion('g1', 0, 3, 'Kim'),
        suggestion('g2', 0, 3, 'Kom'),
        suggestion('g4', 0, 1, 'K', { documentId: 'gone' }),
      ]),
    ).toEqual([
      'line 4: suggestion "g1" appears twice',
      'line 5: suggestion g2 quotes "Kom" but its document has "Kim" at 0–3',
      'line 6: suggestion g4 belongs to document "gone", which the backup does not have',
    ]);
    expect(await problems([...lines, suggestion('g3', 3, 1, 'm', { source: 7 })])).toEqual([
      'line 4: a suggestion\'s "source" must be string (got 7)',
    ]);
  });

  it('refuses a file cut short between two lines: its first line counts what it held', async () => {
    const counted =
      '{"spanwright_backup":1,"schema":3,"created":"2026-11-29T00:00:00.000Z","counts":{"documents":1,"spans":2,"labels":0}}';
    const lines = [counted, document('d', 'Kim met Putin'), span('s1', 0, 3, 'Kim'), span('s2', 4, 7, 'met')];
    const read = await readBackup(new File([lines.join('\n')], 'b.jsonl'));
    expect('value' in read && read.value.spans.length).toBe(2);
    expect(await problems(lines.slice(0, 3))).toEqual([
      'line 3: the file is incomplete or altered: its first line says 2 spans, and it holds 1 (was it cut short while saved or copied?)',
    ]);
    // A backup from before the counts were written is read as it is.
    expect(await problems([header, ...lines.slice(1, 3)])).toEqual([]);
  });

  it('says a file cut in the middle of its last line was cut short, not only that the line is malformed', async () => {
    const lines = [header, document('d', 'Kim met Putin'), span('s1', 0, 3, 'Kim')];
    const cut = [...lines.slice(0, 2), lines[2].slice(0, 30)];
    const [said] = await problems(cut);
    expect(said).toMatch(
      /^line 3: the file ends in the middle of this line: it was cut short while saved or copied \(malformed JSON/u,
    );
    // A malformed line the file goes on after (or ends with its line break) is only malformed.
    expect((await problems([...cut, span('s2', 4, 7, 'met')]))[0]).toMatch(/^line 3: malformed JSON/u);
    expect((await problems([...cut, '']))[0]).toMatch(/^line 3: malformed JSON/u);
  });
});
