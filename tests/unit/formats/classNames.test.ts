import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../../src/lib/formats/archive';
import { readClassNames } from '../../../src/lib/formats/classNames';
import type { FileSource, SourceItem } from '../../../src/lib/formats/format';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { readRecords } from '../../../src/lib/formats/registry';
import { sourcesOf } from '../../../src/lib/formats/sources';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

const file = (name: string, content: unknown): File =>
  new File([typeof content === 'string' ? content : JSON.stringify(content)], name);
const jsonl = (...lines: unknown[]): string => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';

/** conll2003's tags in class order, as its ClassLabel names them. */
const CONLL_NAMES = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];
/** Lines as `Dataset.to_json` writes conll2003: tags (and the other tag columns) as class ids. */
const TRAIN = jsonl(
  {
    id: '0',
    tokens: ['Kim', 'Jong', 'Un', 'met', 'Shoigu', '👩‍👩‍👧', 'in', '평양'],
    pos_tags: [22, 22, 22, 38, 22, 0, 15, 22],
    ner_tags: [1, 2, 2, 0, 1, 0, 0, 5],
  },
  { id: '1', tokens: ['TASS', 'reported', 'it'], pos_tags: [22, 38, 28], ner_tags: [3, 0, 0] },
);
const VALIDATION = jsonl({ id: '2', tokens: ['Café', 'Moscow'], ner_tags: [0, 5] });

async function itemsOf(source: FileSource): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readRecords(source, 'huggingface')) items.push(item);
  return items;
}
const recordsOf = (items: SourceItem[]): AnnotatedRecord[] =>
  items.flatMap((item) => ('record' in item ? [item.record] : []));
const notesOf = (items: SourceItem[]): string[] => items.flatMap((item) => ('note' in item ? [item.note] : []));
const errorsOf = (items: SourceItem[]) => items.flatMap((item) => ('error' in item ? [item.error] : []));
const spansOf = (record: AnnotatedRecord) =>
  record.spans.map((span) => [sliceCodePoints(record.text, span.start, span.end), span.label]);

describe('class names beside a Hugging Face file', () => {
  it('name the class ids of every file dropped with them (train and validation), and the card says by what', async () => {
    const { sources } = await sourcesOf([
      file('train.jsonl', TRAIN),
      file('validation.jsonl', VALIDATION),
      file('labels.json', CONLL_NAMES),
    ]);
    expect(sources.map((source) => [source.name, source.classNames?.map((names) => names.name)])).toEqual([
      ['train.jsonl', ['labels.json']],
      ['validation.jsonl', ['labels.json']],
    ]);
    const train = await itemsOf(sources[0]);
    expect(errorsOf(train)).toEqual([]);
    expect(recordsOf(train).map(spansOf)).toEqual([
      [
        ['Kim Jong Un', 'PER'],
        ['Shoigu', 'PER'],
        ['평양', 'LOC'],
      ],
      [['TASS', 'ORG']],
    ]);
    expect(notesOf(train)).toContain(
      '"ner_tags" are class ids on 2 lines, named by labels.json: 0 "O", 1 "B-PER", 2 "I-PER", 3 "B-ORG", 4 "I-ORG", 5 "B-LOC", … (9 in all).',
    );
    expect(notesOf(train)).toContain(
      'labels.json: read for the names of "ner_tags" class ids, where a line gives them as numbers.',
    );
    expect(recordsOf(await itemsOf(sources[1])).map(spansOf)).toEqual([[['Moscow', 'LOC']]]);
  });

  it('are read from a zip’s dataset_info.json, as save_to_disk writes the ClassLabel feature', async () => {
    const info = {
      builder_name: 'conll2003',
      features: {
        id: { dtype: 'string', _type: 'Value' },
        tokens: { feature: { dtype: 'string', _type: 'Value' }, _type: 'Sequence' },
        ner_tags: { feature: { names: CONLL_NAMES, _type: 'ClassLabel' }, _type: 'Sequence' },
      },
    };
    const zip = new File(
      await zipFiles([
        { path: 'conll/train.jsonl', text: TRAIN },
        { path: 'conll/dataset_info.json', text: JSON.stringify(info) },
        { path: 'conll/state.json', text: '{"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}' },
        { path: 'dataset_dict.json', text: '{"splits": ["train"]}' },
      ]),
      'conll.zip',
    );
    const { sources } = await sourcesOf([zip]);
    // save_to_disk's other files are listed as not read, not cards of their own (helper-175).
    expect(sources.map((source) => [source.name, source.companions])).toEqual([
      ['conll.zip: conll/train.jsonl', ['conll/dataset_info.json', 'conll/state.json', 'dataset_dict.json']],
    ]);
    const items = await itemsOf(sources[0]);
    expect(errorsOf(items)).toEqual([]);
    expect(recordsOf(items).map(spansOf)[1]).toEqual([['TASS', 'ORG']]);
  });

  it('in a zip of two datasets, each data file takes the names of its own folder (helper-175)', async () => {
    const wnut = [
      'O',
      'B-corporation',
      'I-corporation',
      'B-creative-work',
      'I-creative-work',
      'B-group',
      'I-group',
      'B-location',
      'I-location',
    ];
    const zip = new File(
      await zipFiles([
        { path: 'conll2003/train.jsonl', text: TRAIN },
        { path: 'conll2003/labels.json', text: JSON.stringify(CONLL_NAMES) },
        {
          path: 'wnut_17/train.jsonl',
          text: jsonl({
            id: 'w0',
            tokens: ['watching', 'Game', 'of', 'Thrones', 'in', 'Empire', 'State'],
            ner_tags: [0, 3, 4, 4, 0, 7, 8],
          }),
        },
        { path: 'wnut_17/labels.json', text: JSON.stringify(wnut) },
      ]),
      'two.zip',
    );
    const { sources } = await sourcesOf([zip]);
    expect(sources.map((source) => [source.name, source.classNames?.map((names) => names.name)])).toEqual([
      ['two.zip: conll2003/train.jsonl', ['conll2003/labels.json']],
      ['two.zip: wnut_17/train.jsonl', ['wnut_17/labels.json']],
    ]);
    const items = await itemsOf(sources[1]);
    expect(recordsOf(items).map(spansOf)).toEqual([
      [
        ['Game of Thrones', 'creative-work'],
        ['Empire State', 'location'],
      ],
    ]);
    expect(notesOf(items).some((note) => note.includes('named by wnut_17/labels.json: 0 "O"'))).toBe(true);
    // The first card lists both names files: the one it reads as read, the other as its folder's.
    const conll = notesOf(await itemsOf(sources[0]));
    expect(conll).toContain(
      'conll2003/labels.json: read for the names of "ner_tags" class ids, where a line gives them as numbers.',
    );
    expect(conll).toContain('wnut_17/labels.json: not read for this file, whose folder has conll2003/labels.json.');
  });

  it('are read from a labels.json dropped beside a .zip, and from a .zip written with backslashes (helper-176)', async () => {
    const zip = new File(await zipFiles([{ path: 'conll\\train.jsonl', text: TRAIN }]), 'data.zip');
    const { sources } = await sourcesOf([zip, file('labels.json', CONLL_NAMES)]);
    expect(
      sources.map((source) => [source.name, source.classNames?.map((names) => names.name), source.companions]),
    ).toEqual([['data.zip: conll/train.jsonl', ['labels.json'], ['labels.json']]]);
    const items = await itemsOf(sources[0]);
    expect(errorsOf(items)).toEqual([]);
    expect(recordsOf(items).map(spansOf)[1]).toEqual([['TASS', 'ORG']]);
    const windows = new File(
      await zipFiles([
        { path: 'conll\\train.jsonl', text: TRAIN },
        { path: 'conll\\labels.json', text: JSON.stringify(CONLL_NAMES) },
      ]),
      'windows.zip',
    );
    const fromWindows = await sourcesOf([windows]);
    expect(fromWindows.sources.map((source) => [source.name, source.companions])).toEqual([
      ['windows.zip: conll/train.jsonl', ['conll/labels.json']],
    ]);
  });

  it('refuse class ids where a labels.json and a dataset_info.json beside them name the classes differently', async () => {
    const swapped = CONLL_NAMES.map((name) => name.replace('ORG', 'X').replace('LOC', 'ORG').replace('X', 'LOC'));
    const info = { features: { ner_tags: { feature: { names: CONLL_NAMES, _type: 'ClassLabel' }, _type: 'List' } } };
    const { sources } = await sourcesOf([
      file('train.jsonl', TRAIN),
      file('labels.json', swapped),
      file('dataset_info.json', info),
    ]);
    const items = await itemsOf(sources[0]);
    expect(recordsOf(items)).toEqual([]);
    expect(errorsOf(items)[0].message).toBe(
      '"ner_tags" holds class ids (numbers), and labels.json and dataset_info.json do not name them: they name the classes differently (class 3: "B-LOC" and "B-ORG"); drop only the one that belongs to the data',
    );
    const agreeing = await sourcesOf([
      file('train.jsonl', TRAIN),
      file('labels.json', CONLL_NAMES),
      file('dataset_info.json', info),
    ]);
    const read = await itemsOf(agreeing.sources[0]);
    expect(errorsOf(read)).toEqual([]);
    expect(notesOf(read).some((note) => note.includes('named by labels.json and dataset_info.json'))).toBe(true);
  });

  it('read labels without prefixes as the IO scheme, as Few-NERD names its classes: a run of one label is one span', async () => {
    const names = ['O', 'art-film', 'location-GPE', 'person-actor'];
    const line = {
      id: '0',
      tokens: ['Kim', 'Jong', 'Un', 'saw', 'Casablanca', 'in', 'Pyongyang', 'Seoul'],
      ner_tags: [3, 3, 3, 0, 1, 0, 2, 2],
    };
    const { sources } = await sourcesOf([file('train.jsonl', jsonl(line)), file('labels.json', names)]);
    const items = await itemsOf(sources[0]);
    expect(errorsOf(items)).toEqual([]);
    expect(recordsOf(items).map(spansOf)).toEqual([
      [
        ['Kim Jong Un', 'person-actor'],
        ['Casablanca', 'art-film'],
        ['Pyongyang Seoul', 'location-GPE'],
      ],
    ]);
    expect(notesOf(items)).toContain(
      '"ner_tags" are class ids on 1 line, named by labels.json: 0 "O", 1 "art-film", 2 "location-GPE", 3 "person-actor". The names are labels without B- or I- (the IO scheme): a run of tokens with one label is read as one span.',
    );
  });

  it('without them, class ids are refused with the way to read them', async () => {
    const items = await itemsOf((await sourcesOf([file('train.jsonl', TRAIN)])).sources[0]);
    expect(recordsOf(items)).toEqual([]);
    expect(errorsOf(items)[0]).toEqual({
      line: 1,
      message:
        '"ner_tags" holds class ids (numbers), and the file does not name them: import it together with the dataset’s labels.json (its tag names in class order) or dataset_info.json, or write the tags as strings ("B-PER")',
    });
  });

  it('refuse a class id they do not name, and say why a file names none', async () => {
    const short = await itemsOf(
      (await sourcesOf([file('train.jsonl', TRAIN), file('labels.json', ['O', 'B-PER', 'I-PER'])])).sources[0],
    );
    expect(errorsOf(short)).toEqual([
      { line: 1, message: 'tag 8 ("평양") is class 5, which labels.json does not name (it names classes 0 to 2)' },
      { line: 2, message: 'tag 1 ("TASS") is class 3, which labels.json does not name (it names classes 0 to 2)' },
    ]);
    const shorter = await itemsOf(
      (await sourcesOf([file('train.jsonl', TRAIN), file('labels.json', ['O', 'B-PER'])])).sources[0],
    );
    expect(errorsOf(shorter)[0]).toEqual({
      line: 1,
      message:
        'tag 2 ("Jong") is class 2, which labels.json does not name (it names classes 0 to 1); 2 more tags on this line are classes it does not name either',
    });
    expect(recordsOf(short)).toEqual([]);
    const bad = await itemsOf(
      (await sourcesOf([file('train.jsonl', TRAIN), file('labels.json', ['O', 'B-LOC', 'PER'])])).sources[0],
    );
    expect(errorsOf(bad)[0].message).toBe(
      '"ner_tags" holds class ids (numbers), and labels.json does not name them: class 2 is "PER", not a tag (expected O, or B-, I-, E-, S- and a label; or labels alone, none with a prefix)',
    );
  });

  it('string tags beside a labels.json are read as before', async () => {
    const tags = jsonl({ tokens: ['Kim', 'met'], ner_tags: ['B-PER', 'O'] });
    const items = await itemsOf(
      (await sourcesOf([file('data.jsonl', tags), file('labels.json', ['O', 'B-PER', 'I-PER'])])).sources[0],
    );
    expect(recordsOf(items).map(spansOf)).toEqual([[['Kim', 'PER']]]);
    expect(notesOf(items).some((note) => note.includes('are class ids'))).toBe(false);
  });
});

describe('readClassNames', () => {
  const names = async (name: string, content: unknown) => readClassNames([file(name, content)]);

  it('reads a list, an object of ids, a model config’s id2label and a list under "names"', async () => {
    const expected = { files: ['labels.json'], names: ['O', 'B-PER', 'I-PER'] };
    expect(await names('labels.json', ['O', 'B-PER', 'I-PER'])).toEqual(expected);
    expect(await names('labels.json', { 2: 'I-PER', 0: 'O', 1: 'B-PER' })).toEqual(expected);
    expect(await names('labels.json', { id2label: { 0: 'O', 1: 'B-PER', 2: 'I-PER' }, num_labels: 3 })).toEqual(
      expected,
    );
    expect(await names('labels.json', { names: ['O', 'B-PER', 'I-PER'] })).toEqual(expected);
    // A map of names to ids (a tag2id file, a model config's label2id), turned round.
    expect(await names('labels.json', { 'I-PER': 2, O: 0, 'B-PER': 1 })).toEqual(expected);
    expect(await names('labels.json', { label2id: { O: 0, 'B-PER': 1, 'I-PER': 2 } })).toEqual(expected);
    expect(await names('labels.json', '\uFEFF["O","S-LOC","E-LOC"]')).toEqual({
      files: ['labels.json'],
      names: ['O', 'S-LOC', 'E-LOC'],
    });
  });

  it('says why a file names no classes', async () => {
    const problem = async (name: string, content: unknown) => {
      const read = await names(name, content);
      return 'problem' in read ? read.problem : null;
    };
    expect(await problem('labels.json', '["O",')).toMatch(/^it is not JSON \(/);
    expect(await problem('labels.json', [])).toBe('its list of names is empty');
    expect(await problem('labels.json', ['O', 7])).toBe('class 1 must be a non-empty string (got 7)');
    expect(await problem('labels.json', { 0: 'O', 2: 'B-PER' })).toBe(
      'it names 2 classes but not class 1 (expected ids 0 to 1)',
    );
    expect(await problem('labels.json', { 1: 'O' })).toBe('it names 1 class but not class 0 (expected ids 0 to 0)');
    expect(await problem('labels.json', { O: 0, 'B-PER': 2 })).toBe(
      'it maps "B-PER" to class 2, but names only 2 classes',
    );
    expect(await problem('labels.json', { O: 0, 'B-PER': 1e9 })).toBe(
      'it maps "B-PER" to class 1000000000, but names only 2 classes',
    );
    expect(await problem('labels.json', { label2id: { O: 0, 'B-PER': 0 } })).toBe(
      'it maps both "O" and "B-PER" to class 0',
    );
    expect(await problem('labels.json', '"O"')).toBe('expected a list of tag names (got "O")');
    expect(await problem('labels.json', { labels: ['O'], version: 2 })).toBe(
      'expected a list of tag names, an object of class ids to names, "id2label" or "label2id" (got an object with "labels" and "version")',
    );
    expect(await problem('dataset_info.json', { features: { tokens: {} } })).toBe('its "features" hold no "ner_tags"');
    expect(await problem('dataset_info.json', { features: { ner_tags: { feature: { dtype: 'int64' } } } })).toBe(
      'its "ner_tags" feature names no classes',
    );
  });
});
