import { errorText } from '../../../src/lib/state/transfers.svelte';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filesInZip, zipFiles } from '../../../src/lib/formats/archive';
import {
  bratAnnotationConf,
  bratFormat,
  bratType,
  parseBrat,
  readBratFiles,
  serializeBratAnn,
} from '../../../src/lib/formats/brat';
import { pairBratFiles } from '../../../src/lib/formats/bratFiles';
import { FOLDERS_ARE_ANNOTATORS } from '../../../src/lib/formats/bratFolders';
import { bratVisualConf, FOLDER_MARK, LABELS_MARK } from '../../../src/lib/formats/bratNames';
import type { SourceItem } from '../../../src/lib/formats/format';
import { CODE_POINTS, ReadingSurvey } from '../../../src/lib/formats/offsetReadings';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { companionNotes, sourcesOf } from '../../../src/lib/formats/sources';
import { sortSpans } from '../../../src/lib/model/spanOrder';
import { trickyText } from '../arbitraries';

const folder = join(import.meta.dirname, '../../fixtures/formats/brat');
const fixture = (name: string) => readFileSync(join(folder, name), 'utf8');

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const all: SourceItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('parseBrat', () => {
  it('reads text-bound annotations as spans, fragments as spans of their own, a note as its span’s, and counts the rest', () => {
    const parsed = parseBrat('summit.txt', fixture('summit.txt'), fixture('summit.ann'));
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const { record, losses, discontinuous } = parsed.value;
    expect(record.id).toBe('summit');
    expect(record.spans.map((span) => `${span.label}:${span.text}`)).toEqual([
      'person:Kim Jong Un',
      'visit:met',
      'person:Putin',
      'place:Vostochny',
      'claim:The U.S.',
      'claim:said',
      'place:Russia',
    ]);
    // After an emoji, offsets are code points: Python's text[start:end] is the span.
    const chars = [...record.text];
    for (const span of record.spans) expect(chars.slice(span.start, span.end).join('')).toBe(span.text);
    expect(discontinuous).toBe(1);
    expect(record.spans.find((span) => span.text === 'Vostochny')?.note).toBe('the cosmodrome, not the town');
    expect(record.spans.filter((span) => span.note !== undefined)).toHaveLength(1);
    expect(record.meta).toEqual({});
    expect(losses.map(({ what, count, line }) => [what, count, line])).toEqual([
      ['relations', 1, 7],
      ['events', 1, 8],
      ['attributes', 1, 9],
      ['normalisations', 1, 10],
      ['equivalence relations', 1, 12],
    ]);
  });

  it.each([
    ['T1\tperson 0 3\tKom', 'line 1: T1 fragment 1 quotes "Kom" but the text at 0–3 is "Kim"'],
    ['T1\tperson 0 99\tKim', 'line 1: T1 fragment 1 ends at 99 but the text has 14 characters (code points)'],
    ['T1\tperson zero 3\tKim', 'line 1: T1 offsets must be "start end" pairs separated by ";" (got "zero 3")'],
    // Offsets are decimal digits, as brat writes them: no hexadecimal, exponent or fraction read as a number.
    ['T1\tperson 0x0 3', 'line 1: T1 offsets must be "start end" pairs separated by ";" (got "0x0 3")'],
    ['T1\tperson 0 3e0', 'line 1: T1 offsets must be "start end" pairs separated by ";" (got "0 3e0")'],
    ['T1\tperson 0 3;4 7\tKim met', 'line 1: T1 quotes "Kim met" but its fragments read "Kim Put"'],
    ['\nX1\twhat', 'line 2: not a brat annotation line (it starts "X1")'],
  ])('refuses %j, naming the line', (ann, message) => {
    const parsed = parseBrat('d.txt', 'Kim Putin met.', ann);
    expect('errors' in parsed && parsed.errors.map((error) => `line ${error.line}: ${error.message}`)).toEqual([
      message,
    ]);
  });

  it('reads fragments apart only by a line break, quoted with a space, as one span (as brat and our export write it)', () => {
    const text = 'The minister said\nthat Lavrov\r\ndenied it.\n\nNo.';
    const ann = [
      'T1\tclaim 4 17;18 22\tminister said that', // across \n
      'T2\tperson 23 29;31 37\tLavrov denied', // across \r\n
      'T3\tclaim 38 41;43 46\tit. No.', // across a blank line
      'T4\tclaim 0 3;13 17\tThe said', // a real gap: two spans
    ].join('\n');
    const parsed = parseBrat('d.txt', text, ann);
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const chars = [...text];
    expect(parsed.value.record.spans.map((span) => [span.start, span.end, span.label, span.text])).toEqual([
      [0, 3, 'claim', 'The'],
      [4, 22, 'claim', 'minister said\nthat'],
      [13, 17, 'claim', 'said'],
      [23, 37, 'person', 'Lavrov\r\ndenied'],
      [38, 46, 'claim', 'it.\n\nNo.'],
    ]);
    for (const span of parsed.value.record.spans) expect(chars.slice(span.start, span.end).join('')).toBe(span.text);
    expect(parsed.value.discontinuous).toBe(1);
  });

  it('checks the quotes of split and discontinuous T lines too: the survey counts every span read', () => {
    const text = 'The minister said\nthat Lavrov\r\ndenied it. 😀 Kim';
    const ann = [
      'T1\tclaim 4 17;18 22\tminister said that', // split at a line break: one span
      'T2\tperson 23 29;31 37\tLavrov denied', // split at \r\n: one span
      'T3\tclaim 0 3;13 17\tThe said', // a real gap: two spans
      'T4\tperson 44 47\tKim',
    ].join('\n');
    const survey = new ReadingSurvey();
    const parsed = parseBrat('d.txt', text, ann, CODE_POINTS, survey);
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.record.spans).toHaveLength(5);
    expect(survey.quoted).toBe(5);
    expect(survey.fitsAll()).toEqual(CODE_POINTS);
    // Read as UTF-16 code units, the offsets after the emoji name other text: its quote is not counted as fitting.
    expect(survey.ranking().find((entry) => entry.reading.unit === 'utf16' && !entry.reading.lfNewlines)?.fits).toBe(4);
    // A quote its fragments do not read is caught under every reading, as the file's own error.
    const wrong = new ReadingSurvey();
    expect('errors' in parseBrat('d.txt', text, 'T1\tclaim 4 17;18 22\tminister said this', CODE_POINTS, wrong)).toBe(
      true,
    );
    expect({ quoted: wrong.quoted, fitsAll: wrong.fitsAll() }).toEqual({ quoted: 1, fitsAll: null });
  });

  it.each([
    ['\n', 'Gazprom Neft and 🇺🇦 Naftogaz signed.\nZoë́ met 習近平.'],
    ['\r\n', 'Gazprom Neft and 🇺🇦 Naftogaz signed.\r\nZoë́ met 習近平.'],
    ['\r', 'Gazprom Neft and 🇺🇦 Naftogaz signed.\rZoë́ met 習近平.'],
  ])(
    'reads one fragment across a %j whose quote has a space there, and the survey counts it as fitting',
    (br, text) => {
      const end = 29 + [...`signed.${br}Zoë́`].length;
      const survey = new ReadingSurvey();
      const parsed = parseBrat('cross.txt', text, `T1\tMISC 29 ${end}\tsigned. Zoë́`, CODE_POINTS, survey);
      if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
      expect(parsed.value.record.spans.map((span) => [span.start, span.end, span.text])).toEqual([
        [29, end, `signed.${br}Zoë́`],
      ]);
      expect(survey.fitsAll()).toEqual(CODE_POINTS);
      // A space in the text still has to be quoted as a space, and other text as itself.
      expect('errors' in parseBrat('cross.txt', text, `T1\tMISC 29 ${end}\tsigned.Zoë́`)).toBe(true);
    },
  );

  it('lets the offset survey see a file written with UTF-16 offsets, or with CRLF counted as one', () => {
    const text = 'Kim 🙂\r\nPutin';
    const survey = new ReadingSurvey();
    // "Putin" at UTF-16 8–13 (the emoji is two units, the CRLF two characters).
    expect('errors' in parseBrat('d.txt', text, 'T1\tperson 8 13\tPutin', CODE_POINTS, survey)).toBe(true);
    expect(survey.fitsAll()).toEqual({ unit: 'utf16', inclusiveEnd: false, lfNewlines: false });
    const lf = new ReadingSurvey();
    parseBrat('d.txt', text, 'T1\tperson 6 11\tPutin', CODE_POINTS, lf);
    expect(lf.fitsAll()).toEqual({ unit: 'codepoint', inclusiveEnd: false, lfNewlines: true });
  });
});

describe('brat files', () => {
  it('pairs .txt with .ann by name and leaves the rest', () => {
    const files = ['b.ann', 'a.txt', 'b.txt', 'c.txt', 'annotation.conf', 'a.ann'].map((name) => ({ name }));
    const { pairs, unpaired } = pairBratFiles(files);
    expect(pairs.map(({ txt, ann }) => `${txt.name}+${ann.name}`)).toEqual(['a.txt+a.ann', 'b.txt+b.ann']);
    expect(unpaired.map((file) => file.name)).toEqual(['c.txt', 'annotation.conf']);
  });

  it('reads dropped pairs as one import, and a .zip of them the same way', async () => {
    const files = [new File([fixture('summit.txt')], 'summit.txt'), new File([fixture('summit.ann')], 'summit.ann')];
    const { sources } = await sourcesOf([...files, new File(['{"id": "x", "text": "y"}'], 'other.jsonl')]);
    expect(sources.map((source) => [source.name, source.files.length])).toEqual([
      ['summit.txt + summit.ann', 2],
      ['other.jsonl', 1],
    ]);
    const archive = await zipFiles([
      { path: 'corpus/summit.txt', text: fixture('summit.txt') },
      { path: 'corpus/summit.ann', text: fixture('summit.ann') },
      { path: 'corpus/annotation.conf', text: '[entities]\nperson\n' },
      { path: '__MACOSX/._summit.txt', text: 'junk' },
    ]);
    const zipped = await sourcesOf([new File(archive, 'corpus.zip')]);
    expect(zipped.sources.map((source) => source.files.map((file) => file.name))).toEqual([
      ['corpus/summit.txt', 'corpus/summit.ann', 'corpus/annotation.conf'],
    ]);
    const items = await collect(readBratFiles(zipped.sources[0].files, CODE_POINTS, null));
    const records = items.flatMap((item) => ('record' in item ? [item.record] : []));
    expect(records.map((record) => [record.id, record.spans.length])).toEqual([['summit', 7]]);
    expect(items.filter((item) => 'note' in item).map((item) => ('note' in item ? item.note : ''))).toEqual([
      '1 brat pair: each .txt with the .ann of the same name.',
      'Not read (no pair, or not a brat file): corpus/annotation.conf.',
    ]);
    // The fragments' tie does not arrive: said among what does not, with the file that had it.
    expect(items.flatMap((item) => ('loss' in item ? [item.loss] : [])).at(-1)).toMatchObject({
      what: 'discontinuous annotations as one',
      count: 1,
      examples: ['corpus/summit.ann, line 4'],
    });
  });

  it('lists a dataset’s documentation in the archive (README, LICENSE, a paper) as not read, rather than ask its format', async () => {
    const archive = await zipFiles([
      { path: 'corpus/summit.txt', text: fixture('summit.txt') },
      { path: 'corpus/summit.ann', text: fixture('summit.ann') },
      { path: 'README.md', text: '# The summit corpus' },
      { path: 'LICENSE', text: 'CC BY 4.0' },
      { path: 'docs/guidelines.pdf', text: '%PDF-1.4' },
      { path: 'readme.txt', text: 'Read me first.' },
    ]);
    const { sources, problems } = await sourcesOf([new File(archive, 'corpus.zip')]);
    expect(problems).toEqual([]);
    expect(sources.map((source) => source.name)).toEqual(['corpus.zip']);
    expect(companionNotes(sources[0], 'brat')).toEqual([
      'LICENSE: not read, documentation, not data.',
      'README.md: not read, documentation, not data.',
      'docs/guidelines.pdf: not read, documentation, not data.',
      'readme.txt: not read, documentation, not data.',
    ]);
  });

  it('reads an export of one layer back into that layer, its annotation.conf read, and not pairs in another folder (helper-193)', async () => {
    const conf = bratFormat.companions!({ unit: 'codepoint', labels: ['claim', 'visit'], layer: 'gold' }).find(
      (file) => file.path === 'annotation.conf',
    )!.text;
    expect(conf.split('\n')[0]).toBe('# Spanwright layer: "gold"');
    const read = async (files: File[]) => {
      const items = await collect(readBratFiles(files, CODE_POINTS, null));
      return {
        layers: items.flatMap((item) => ('record' in item ? [`${item.record.id} ${item.record.annotator}`] : [])),
        notes: items.flatMap((item) => ('note' in item ? [item.note] : [])),
      };
    };
    const pair = (stem: string) => [
      new File(['Kim met Putin.'], `${stem}.txt`),
      new File(['T1\tclaim 0 3\tKim\n'], `${stem}.ann`),
    ];
    const back = await read([...pair('d1'), ...pair('d2'), new File([conf], 'annotation.conf')]);
    expect(back.layers).toEqual(['d1 gold', 'd2 gold']);
    expect(back.notes).toContain('The pairs are "gold"\'s layer (2 documents), as the export that wrote them says.');
    expect(back.notes.join(' ')).not.toContain('Not read');
    // Unzipped into a folder, the same; pairs in another folder are not that layer's, nor is the folder an annotator.
    const moved = await read([...pair('x/d1'), new File([conf], 'x/annotation.conf'), ...pair('y/d2')]);
    expect(moved.layers).toEqual(['d1 gold', 'd2 null']);
    // A spoilt line names no one: the pairs go into the layer chosen on the card, and the file is said unread.
    const spoilt = await read([
      ...pair('d1'),
      new File(['# Spanwright layer: "gol\n[entities]\nclaim\n'], 'annotation.conf'),
    ]);
    expect(spoilt.layers).toEqual(['d1 null']);
    expect(spoilt.notes).toContain('Not read (no pair, or not a brat file): annotation.conf.');
  });

  it('names types back as labels only from a visual.conf a Spanwright export marked, a spoilt folder line aside', async () => {
    const pair = [
      new File(['Kim met Putin.'], 'ann_x.org/d.txt'),
      new File(['T1\tmy_label 0 3\tKim\nT2\tPER 8 13\tPutin\n'], 'ann_x.org/d.ann'),
    ];
    const conf = (lines: string[]) => new File([lines.join('\n')], 'annotation.conf');
    const read = async (files: File[]) => {
      const items = await collect(readBratFiles(files, CODE_POINTS, null));
      const record = items.flatMap((item) => ('record' in item ? [item.record] : []))[0];
      return { record, notes: items.flatMap((item) => ('note' in item ? [item.note] : [])) };
    };
    const marked = bratFormat.companions!({
      unit: 'codepoint',
      labels: ['my label'],
      severalLayers: true,
    }).find((file) => file.path === 'visual.conf')!.text;
    expect(marked).toBe(
      `${LABELS_MARK}\n[labels]\nmy_label | my label\n\n[drawing]\n` +
        'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\nARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n',
    );
    const spoilt = `${FOLDER_MARK}{"folder": "other"`;
    const ours = await read([
      ...pair,
      new File([marked], 'visual.conf'),
      conf([FOLDERS_ARE_ANNOTATORS, `${FOLDER_MARK}{"folder":"ann_x.org","annotator":"ann@x.org"}`, spoilt]),
    ]);
    expect(ours.record.annotator).toBe('ann@x.org');
    expect(ours.record.spans.map((span) => span.label)).toEqual(['my label', 'PER']);
    expect(ours.notes).toContain(
      'Types read as the labels the export that wrote them names in visual.conf: my_label → "my label".',
    );
    // Another project's visual.conf names its types for display only: they stay the types they are.
    const theirs = await read([
      ...pair,
      new File(['[labels]\nmy_label | My Label | ML\nPER | Person\n'], 'visual.conf'),
    ]);
    expect(theirs.record.spans.map((span) => span.label)).toEqual(['my_label', 'PER']);
    // Two exports dropped along: each visual.conf and annotation.conf speaks for the files under it (helper-164).
    const exported = (top: string, label: string, annotator: string) => [
      new File(['Kim met Putin.'], `${top}/ann_x.org/${top}.txt`),
      new File(['T1\tmy_label_2 0 3\tKim\n'], `${top}/ann_x.org/${top}.ann`),
      new File([`${LABELS_MARK}\n[labels]\nmy_label_2 | ${label}\n`], `${top}/visual.conf`),
      new File(
        [[FOLDERS_ARE_ANNOTATORS, `${FOLDER_MARK}${JSON.stringify({ folder: 'ann_x.org', annotator })}`].join('\n')],
        `${top}/annotation.conf`,
      ),
    ];
    const both = await collect(
      readBratFiles(
        [...exported('one', 'my label', 'ann@x.org'), ...exported('two', 'other label', 'ann@y.org')],
        CODE_POINTS,
        null,
      ),
    );
    expect(
      both.flatMap((item) =>
        'record' in item ? [`${item.record.id} ${item.record.annotator} ${item.record.spans[0].label}`] : [],
      ),
    ).toEqual(['one ann@x.org my label', 'two ann@y.org other label']);
    // A label brat cannot show as it is (its "|" separates names there) keeps its type, as the export dialog says.
    expect(bratVisualConf([['a|b', 'a_b']])).toBeNull();
  });

  it('reads folders holding the same documents as annotators’ layers, and other folders as no one’s', async () => {
    const pair = (path: string, text = 'Kim met Putin.', ann = '') => [
      new File([text], `${path}.txt`),
      new File([ann], `${path}.ann`),
    ];
    const read = async (files: File[]) => {
      const items = await collect(readBratFiles(files, CODE_POINTS, null));
      return {
        layers: items.flatMap((item) => ('record' in item ? [`${item.record.id} ${item.record.annotator}`] : [])),
        notes: items.flatMap((item) => ('note' in item ? [item.note] : [])),
      };
    };
    const byAnnotator = await read([
      ...pair('project/alice/d1', undefined, 'T1\tperson 0 3\tKim\n'),
      ...pair('project/bob/d1', undefined, 'T1\tperson 8 13\tPutin\n'),
      ...pair('project/bob/d2', 'Another text.'),
      ...pair('project/unassigned/d9', 'A third text.'),
      ...pair('d3'),
    ]);
    expect(byAnnotator.layers).toEqual(['d3 null', 'd1 alice', 'd1 bob', 'd2 bob', 'd9 null']);
    expect(byAnnotator.notes).toContain(
      "Folders read as annotators' layers (as they hold the same documents): alice (1 document), bob (2 documents); 2 documents outside them go into the layer chosen here.",
    );
    // Folders that share no document are a corpus's parts; a name two texts share is two documents.
    const split = await read([...pair('train/1', 'hello world'), ...pair('dev/1', 'hello there')]);
    expect(split.layers).toEqual(['1 null', '1 null']);
    expect(split.notes.join(' ')).not.toContain('layer');
    // Each folder is named by the part where the folders of one document differ.
    const batches = await read([
      ...pair('batch1/alice/d1'),
      ...pair('batch1/bob/d1'),
      ...pair('batch2\\alice\\d5', 'Fifth.'),
      ...pair('./batch2/bob/d5', 'Fifth.'),
    ]);
    expect(batches.layers).toEqual(['d5 bob', 'd1 alice', 'd1 bob', 'd5 alice']);
    const nested = await read([...pair('alice/batch1/d1'), ...pair('bob/batch1/d1'), ...pair('al\u0001x/batch1/d1')]);
    expect(nested.layers).toEqual(['d1 al_x', 'd1 alice', 'd1 bob']);
    // An export of every layer says its folders are annotators': read so, shared documents or not.
    const marked = await read([
      ...pair('alice/d1'),
      ...pair('bob/d2', 'Another text.'),
      new File([`${FOLDERS_ARE_ANNOTATORS}\n[entities]\nperson\n`], 'annotation.conf'),
    ]);
    expect(marked.layers).toEqual(['d1 alice', 'd2 bob']);
    expect(marked.notes).toContain(
      "Folders read as annotators' layers (as the export that wrote them says): alice (1 document), bob (1 document).",
    );
    // The annotation.conf that said so was read: not listed as a file left unread (helper-187).
    expect(marked.notes.join(' ')).not.toContain('Not read');
    // One of another brat set, beside it, was not (helper-189).
    const stray = await read([
      ...pair('alice/d1'),
      ...pair('bob/d2', 'Another text.'),
      new File([`${FOLDERS_ARE_ANNOTATORS}\n[entities]\nperson\n`], 'annotation.conf'),
      new File(['[entities]\nperson\n'], 'other/annotation.conf'),
    ]);
    expect(stray.notes).toContain('Not read (no pair, or not a brat file): other/annotation.conf.');
  });

  it('reads a note to its line’s end, tabs and all', () => {
    const parsed = parseBrat('n.txt', 'Kim met Putin.', 'T1\tperson 0 3\tKim\n#1\tAnnotatorNotes T1\tnote with\ttab\n');
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.record.spans[0].note).toBe('note with\ttab');
  });

  it('names the .ann a bad line is in, before its line (the card says "bad.ann, line 1: …")', async () => {
    const files = [
      new File(['Hello world'], 'bad.txt'),
      new File(['T1\tPER 0 5\tHallo\n'], 'bad.ann'),
      new File(['Kim met Putin.'], 'good.txt'),
      new File(['T1\tperson 0 3\tKim\n'], 'good.ann'),
    ];
    const errors = (await collect(readBratFiles(files, CODE_POINTS, null))).flatMap((item) =>
      'error' in item ? [item.error] : [],
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 1, file: 'bad.ann' });
    expect(errorText(errors[0], 'brat: 2 documents')).toMatch(/^bad\.ann, line 1: /u);
    expect(errorText({ line: 3, message: 'x' }, 'a.jsonl')).toBe('a.jsonl, line 3: x');
    expect(errorText({ line: 0, message: 'it holds no documents' }, 'a.json')).toBe('a.json: it holds no documents');
  });

  it('says when a .ann has no .txt, and a broken .zip by its name', async () => {
    const items = await collect(readBratFiles([new File(['T1\tx 0 1\ta'], 'lonely.ann')], CODE_POINTS, null));
    expect(items).toEqual([
      { error: { line: 0, message: 'no .txt file with a .ann file of the same name: brat documents come in pairs' } },
    ]);
    const { problems } = await sourcesOf([new File(['not a zip'], 'broken.zip')]);
    expect(problems[0].name).toBe('broken.zip');
    expect(problems[0].message).toMatch(/^broken\.zip is not a \.zip archive Spanwright can read/u);
    await expect(filesInZip(new File(['nope'], 'x.zip'))).rejects.toThrow(/x\.zip/u);
  });
});

describe('brat export', () => {
  const record = (text: string, spans: AnnotatedRecord['spans']): AnnotatedRecord => ({
    id: 'doc/1',
    text,
    title: 'x',
    annotator: 'ann',
    status: 'done',
    spans,
    meta: {},
  });

  it('writes a pair per document, a span across a line break as one fragment per line, and annotation.conf', () => {
    const text = 'Kim met\nPutin 🙂 today';
    const written = record(text, [
      { start: 0, end: 3, label: 'person', text: 'Kim' },
      { start: 4, end: 13, label: 'visit', text: 'met\nPutin' },
      { start: 14, end: 15, label: 'named entity', text: '🙂' },
    ]);
    const files = bratFormat.writeEach!(written, { unit: 'codepoint', labels: [] });
    expect(files.map((file) => file.path)).toEqual(['doc_1.txt', 'doc_1.ann']);
    expect(files[0].text).toBe(text);
    expect(files[1].text).toBe('T1\tperson 0 3\tKim\nT2\tvisit 4 7;8 13\tmet Putin\nT3\tnamed_entity 14 15\t🙂\n');
    expect(bratAnnotationConf(['person', 'visit', 'named entity'])).toBe(
      '[entities]\nperson\nvisit\nnamed_entity\n\n[relations]\n\n[events]\n\n[attributes]\n',
    );
    expect(bratFormat.lossesOf!(written)).toMatchObject([
      { what: 'labels renamed', count: 1, examples: ['"named entity" → "named_entity"'] },
      { what: 'document ids changed into file names', count: 1, examples: ['"doc/1" → "doc_1"'] },
    ]);
  });

  it('quotes a tab and what Python’s splitlines() splits at as spaces: a T line keeps three fields, and reads back', () => {
    const text = 'owner\tJosé 🇷🇺 said\u2028no\u0085more\fhere';
    const spans = [
      { start: 0, end: 10, label: 'claim', text: 'owner\tJosé' },
      { start: 11, end: 31, label: 'denial', text: [...text].slice(11, 31).join('') },
    ];
    const ann = serializeBratAnn(record(text, spans));
    const lines = ann.trimEnd().split('\n');
    expect(lines.map((line) => line.split('\t'))).toEqual([
      ['T1', 'claim 0 10', 'owner José'],
      ['T2', 'denial 11 31', '🇷🇺 said no more here'],
    ]);
    // A Python reader: every line ends where the file's \n does, and nowhere else.
    // eslint-disable-next-line no-control-regex -- Python's line ends include the file, group and record separators
    expect(ann.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u)).toHaveLength(lines.length + 1);
    const parsed = parseBrat('d.txt', text, ann);
    if (!('value' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    expect(
      parsed.value.record.spans.map(({ start, end, label, text: quoted }) => ({ start, end, label, text: quoted })),
    ).toEqual(spans);
    // brat's own files keep a tab raw in the quote: still read.
    const raw = parseBrat('d.txt', text, 'T1\tclaim 0 10\towner\tJosé');
    expect('value' in raw && raw.value.record.spans.map((span) => span.text)).toEqual(['owner\tJosé']);
    // Or a raw tab beside a line break written as a space, as another tool may write one fragment across it.
    const mixed = parseBrat('m.txt', 'a\tb\nc', 'T1\tclaim 0 5\ta\tb c');
    expect('value' in mixed && mixed.value.record.spans.map((span) => span.text)).toEqual(['a\tb\nc']);
  });

  it('leaves out whole, and counts, a span that begins or ends with a line break (no fragment can hold it)', () => {
    const text = 'Kim\nmet Putin';
    const written = {
      ...record(text, [
        { start: 0, end: 4, label: 'person', text: 'Kim\n' },
        { start: 3, end: 7, label: 'visit', text: '\nmet' },
        { start: 8, end: 13, label: 'person', text: 'Putin', note: 'him' },
      ]),
      id: 'doc-1',
    };
    expect(serializeBratAnn(written)).toBe('T1\tperson 8 13\tPutin\n#1\tAnnotatorNotes T1\thim\n');
    expect(bratFormat.lossesOf!(written)).toEqual([
      {
        what: 'spans that begin or end with a line break',
        why: 'brat splits a span at its line breaks and a fragment holds none at its ends, so these are left out whole',
        count: 2,
        examples: ['"Kim\\n" 0–4 (person)', '"\\nmet" 3–7 (visit)'],
        unwritten: true,
      },
    ]);
  });

  it('round-trips any text and spans whose labels are brat types, fragments and all', () => {
    const arbitraryRecord = trickyText
      .filter((text) => text.length > 0)
      .chain((text) => {
        const length = [...text].length;
        const span = fc
          .tuple(fc.nat(length - 1), fc.integer({ min: 1, max: 6 }), fc.constantFrom('claim', 'visit'))
          .map(([start, size, label]) => ({ start, end: Math.min(length, start + size), label }));
        return fc.tuple(fc.constant(text), fc.array(span, { maxLength: 6 }));
      });
    fc.assert(
      fc.property(arbitraryRecord, ([text, raw]) => {
        const characters = [...text];
        const spans = raw
          .map((span) => ({ ...span, text: characters.slice(span.start, span.end).join('') }))
          // brat cannot hold a span that is nothing but line breaks, nor one that starts or ends in one.
          .filter((span) => /^[^\r\n]/u.test(span.text) && /[^\r\n]$/u.test(span.text));
        const ann = serializeBratAnn(record(text, spans));
        const read = parseBrat('d.txt', text, ann);
        if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
        // Each span comes back whole, a span across a line break too (written as one fragment per line).
        const place = ({ start, end, label, text: quoted }: AnnotatedRecord['spans'][number]) =>
          `${start}-${end}:${label}:${quoted}`;
        expect(read.value.record.spans.map(place)).toEqual(sortSpans(spans).map(place));
        expect(read.value.discontinuous).toBe(0);
        expect(bratType('a b/c')).toBe('a_b_c');
      }),
      { numRuns: 300 },
    );
  });
});
