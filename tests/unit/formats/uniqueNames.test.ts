import { describe, expect, it } from 'vitest';
import { bratFormat } from '../../../src/lib/formats/brat';
import { conllFormat } from '../../../src/lib/formats/conll';
import type { WriteOptions } from '../../../src/lib/formats/format';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { ExportNames } from '../../../src/lib/formats/uniqueNames';

const TEXT = 'Kim met Putin';
const layer = (id: string, labels: [string, string], annotator: string | null = 'alice'): AnnotatedRecord => ({
  id,
  text: TEXT,
  title: TEXT,
  annotator,
  status: 'done',
  spans: [
    { start: 0, end: 3, label: labels[0], text: 'Kim' },
    { start: 8, end: 13, label: labels[1], text: 'Putin' },
  ],
  meta: {},
});
const optionsFor = (labels: string[]): WriteOptions => ({ unit: 'codepoint', labels, names: new ExportNames(labels) });
const renames = (losses: { what: string; examples?: string[] }[]) =>
  losses.filter((loss) => loss.what === 'labels renamed').flatMap((loss) => loss.examples ?? []);

describe('label names an export spells otherwise stay apart', () => {
  it('CoNLL: "my label" and "my_label" are two tags, and the check names the rename', () => {
    const options = optionsFor(['my label', 'my_label']);
    const record = layer('d1', ['my label', 'my_label']);
    const losses = conllFormat.lossesOf?.(record, options) ?? [];
    const tags = [...conllFormat.write([record], options)]
      .join('')
      .split('\n')
      .filter((line) => / B-/u.test(line));
    expect(tags).toEqual(['Kim B-my_label_2', 'Putin B-my_label']);
    expect(renames(losses)).toEqual(['"my label" → "my_label_2"']);
  });

  it('never takes another label’s name for a suffix, and names each rename once per export', () => {
    const options = optionsFor(['my label', 'my_label', 'my_label_2']);
    const first = conllFormat.lossesOf?.(layer('d1', ['my label', 'my_label_2']), options) ?? [];
    const second = conllFormat.lossesOf?.(layer('d2', ['my label', 'my_label']), options) ?? [];
    expect(renames(first)).toEqual(['"my label" → "my_label_3"']);
    expect(second.find((loss) => loss.what === 'labels renamed')).toMatchObject({ count: 1, examples: [] });
  });

  it('brat: two types in the .ann and in annotation.conf', () => {
    const options = optionsFor(['my label', 'my_label']);
    const record = layer('d1', ['my label', 'my_label']);
    const losses = bratFormat.lossesOf?.(record, options) ?? [];
    const ann = bratFormat.writeEach?.(record, options).find((file) => file.path.endsWith('.ann'))?.text ?? '';
    expect(ann.split('\n').map((line) => line.split('\t')[1]?.split(' ')[0])).toEqual([
      'my_label_2',
      'my_label',
      undefined,
    ]);
    const conf = bratFormat.companions?.(options)[0].text ?? '';
    expect(conf.split('\n\n')[0].split('\n')).toEqual(['[entities]', 'my_label', 'my_label_2']);
    expect(renames(losses)).toEqual(['"my label" → "my_label_2"']);
  });
});

describe('brat file names', () => {
  it('are unique ignoring case, a copy named ~2 (never -2, a second layer’s), and the check names every changed id', () => {
    const options = { ...optionsFor([]), severalLayers: true };
    // Records of no one's layer: each document once per layer, a second layer's pair named -2.
    const records = [
      layer('doc/1', ['PER', 'PER'], null),
      layer('doc/1', ['PER', 'PER'], null),
      layer('doc_1', ['PER', 'PER'], null),
      layer('DOC_1', ['PER', 'PER'], null),
      layer('doc_1-2', ['PER', 'PER'], null),
    ];
    const changed = records.flatMap((record) =>
      (bratFormat.lossesOf?.(record, options) ?? [])
        .filter((loss) => loss.what === 'document ids changed into file names')
        .flatMap((loss) => loss.examples ?? []),
    );
    const paths = records.flatMap((record) => bratFormat.writeEach?.(record, options) ?? []).map((file) => file.path);
    const stems = paths.filter((path) => path.endsWith('.txt')).map((path) => path.slice(0, -4));
    expect(stems).toEqual(['doc_1', 'doc_1-2', 'doc_1~2', 'DOC_1~3', 'doc_1-2~2']);
    expect(new Set(paths.map((path) => path.toLowerCase())).size).toBe(paths.length);
    expect(changed).toEqual([
      '"doc/1" → "doc_1"',
      '"doc_1" → "doc_1~2"',
      '"DOC_1" → "DOC_1~3"',
      '"doc_1-2" → "doc_1-2~2"',
    ]);
  });

  it('puts each annotator’s pairs in a folder of their own, named as a file is, and names what changed', () => {
    const annotators = ['Ann Lee', 'ann_lee', 'bob', 'annotation.conf', '!!!'];
    const options = { ...optionsFor([]), severalLayers: true, names: new ExportNames([], [], annotators) };
    const records = [
      layer('doc/1', ['PER', 'PER'], 'Ann Lee'),
      layer('doc/1', ['PER', 'PER'], 'ann_lee'),
      layer('doc_1', ['PER', 'PER'], 'Ann Lee'),
      layer('doc/1', ['PER', 'PER'], 'bob'),
      layer('doc/1', ['PER', 'PER'], 'annotation.conf'),
      layer('doc/1', ['PER', 'PER'], '!!!'),
    ];
    const changed = records.flatMap((record) =>
      (bratFormat.lossesOf?.(record, options) ?? []).flatMap((loss) => loss.examples ?? []),
    );
    const paths = records.flatMap((record) => bratFormat.writeEach?.(record, options) ?? []).map((file) => file.path);
    // A name that is a folder name already keeps it (ann_lee, whatever came first); none is the .conf's.
    expect(paths.filter((path) => path.endsWith('.txt'))).toEqual([
      'Ann_Lee~2/doc_1.txt',
      'ann_lee/doc_1.txt',
      'Ann_Lee~2/doc_1~2.txt',
      'bob/doc_1.txt',
      'annotation.conf~2/doc_1.txt',
      'annotator/doc_1.txt',
    ]);
    expect(changed).toEqual([
      '"Ann Lee" → "Ann_Lee~2"',
      '"doc/1" → "doc_1"',
      '"doc_1" → "doc_1~2"',
      '"annotation.conf" → "annotation.conf~2"',
      '"!!!" → "annotator"',
    ]);
    expect(bratFormat.companions?.(options)[0].text.split('\n')[0]).toBe('# Spanwright: one folder per annotator');
  });
});
