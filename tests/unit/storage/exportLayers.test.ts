import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { labelledDatabaseOf } from '../../support/storedDocuments';
import { checkExport, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan, putSpans } from '../../../src/lib/storage/spans';
import { tagNames } from '../../../src/lib/formats/huggingface';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { filesInZip } from '../../../src/lib/formats/archive';
import { parseNativeLine } from '../../../src/lib/formats/native';
import { GOLD_ANNOTATOR } from '../../../src/lib/model/types';
import { valueOf } from '../formats/parseResultAssertions';

let database: SpanwrightDatabase;
const TEXT = 'Kim met Putin in Pyongyang.';

/** Code point offsets of the first `part` of TEXT (all ASCII here). */
const at = (part: string) => ({ start: TEXT.indexOf(part), end: TEXT.indexOf(part) + part.length, text: part });

beforeEach(async () => {
  database = await labelledDatabaseOf('layers', 'dc-u1', TEXT);
  // Two people's layers and an imported model's predictions.
  await createSpan(database, { documentId: 'dc-u1', annotator: 'alice', ...at('Kim'), label: 'claim' });
  await createSpan(database, { documentId: 'dc-u1', annotator: 'bob', ...at('Putin'), label: 'claim' });
  await createSpan(database, { documentId: 'dc-u1', annotator: 'model:ner-v2', ...at('Pyongyang'), label: 'visit' });
});
afterEach(async () => database.delete());

const ALL: ExportOptions = {
  format: 'huggingface',
  unit: 'codepoint',
  scope: 'all',
  annotator: 'all',
  unlabelled: 'none',
};

/** The main file of an export (a token format's export is a .zip with labels.json beside it). */
async function mainFile(options: ExportOptions): Promise<string> {
  const result = await exportRecords(database, options);
  if (!result.zipped) return result.blob.text();
  const { files } = await filesInZip(new File([result.blob], 'export.zip'));
  return files.find((entry) => entry.name.startsWith('data.'))!.text();
}

describe('exporting all annotators in a token format', () => {
  it('Hugging Face rows say whose layer each is, and a model’s predictions are left out', async () => {
    const rows = (await mainFile(ALL))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; annotator?: string; ner_tags: string[] });
    expect(rows.map((row) => [row.id, row.annotator])).toEqual([
      ['dc-u1', 'alice'],
      ['dc-u1', 'bob'],
    ]);
    expect(rows[0].ner_tags).toEqual(['B-claim', 'O', 'O', 'O', 'O', 'O']);
  });

  it('one annotator’s Hugging Face export keeps the plain dataset shape, and counts the name it leaves out', async () => {
    const [row] = (await mainFile({ ...ALL, annotator: 'alice' })).trim().split('\n');
    expect(Object.keys(JSON.parse(row))).toEqual(['id', 'tokens', 'ner_tags']);
    const check = await checkExport(database, { ...ALL, annotator: 'alice' });
    expect(check.losses.find((loss) => loss.what === 'annotator names')).toMatchObject({
      count: 1,
      examples: ['alice'],
    });
  });

  it('the dialog’s check counts and names the model layers left out, before the download', async () => {
    for (const format of ['huggingface', 'conll', 'doccano', 'prodigy'] as const) {
      const check = await checkExport(database, { ...ALL, format });
      expect(check.records).toBe(2);
      const left = check.losses.find((loss) => loss.what.startsWith('model prediction layers'));
      expect(left?.count).toBe(1);
      expect(left?.examples).toEqual(['model:ner-v2']);
    }
  });

  it('says that CoNLL cannot tell the layers apart, and Hugging Face no longer says it has no place for names', async () => {
    const conll = await checkExport(database, { ...ALL, format: 'conll' });
    // One line, not two counts that seem to disagree: the names, and the records they leave unattributed.
    const whose = conll.losses.filter((loss) => ['annotator names', 'which layer is whose'].includes(loss.what));
    expect(whose).toEqual([
      {
        what: 'annotator names',
        why: 'CoNLL has no place for them: 1 record repeats a document already written for another annotator (once per layer, in annotator order), and nothing in the file says whose each is',
        count: 2,
        examples: ['alice', 'bob'],
      },
    ]);
    const huggingFace = await checkExport(database, ALL);
    expect(huggingFace.losses.map((loss) => loss.what)).not.toContain('annotator names');
    expect(huggingFace.losses.map((loss) => loss.what)).not.toContain('which layer is whose');
  });

  it('keeps model layers where the format marks them as predictions: native and Label Studio', async () => {
    const native = await mainFile({ ...ALL, format: 'native' });
    expect(native).toContain('"annotator":"model:ner-v2"');
    const labelStudio = JSON.parse(await mainFile({ ...ALL, format: 'labelstudio' })) as {
      annotations: unknown[];
      predictions: { model_version: string }[];
    }[];
    expect(labelStudio[0].annotations).toHaveLength(2);
    expect(labelStudio[0].predictions.map((prediction) => prediction.model_version)).toEqual(['ner-v2']);
    for (const format of ['native', 'labelstudio'] as const) {
      const check = await checkExport(database, { ...ALL, format });
      expect(check.losses.map((loss) => loss.what)).not.toContain('model prediction layers (model:…)');
    }
  });

  it('exports the model layer when it is the layer chosen', async () => {
    const [row] = (await mainFile({ ...ALL, annotator: 'model:ner-v2' })).trim().split('\n');
    expect(JSON.parse(row).ner_tags).toContain('B-visit');
  });
});

describe('exporting gold with the review decisions behind it', () => {
  const origin = { kind: 'agreed' as const, annotators: ['alice', 'bob'], by: 'rita', at: 1_700_000_000_000 };

  beforeEach(async () => {
    const gold = await createSpan(database, {
      documentId: 'dc-u1',
      annotator: GOLD_ANNOTATOR,
      ...at('Kim'),
      label: 'claim',
    });
    await database.spans.put({ ...gold, origin });
  });

  it('writes each gold span’s decision in Spanwright JSONL, and it reads back as it was', async () => {
    const options: ExportOptions = {
      format: 'native',
      unit: 'codepoint',
      scope: 'all',
      annotator: GOLD_ANNOTATOR,
      unlabelled: 'none',
    };
    const line = (await mainFile(options)).trim();
    const parsed = valueOf(parseNativeLine(line, 1));
    expect(parsed.spans.map((span) => span.origin)).toEqual([origin]);
    expect((await checkExport(database, options)).losses).toEqual([]);
  });

  it('counts the decisions a format can not carry before the download', async () => {
    const options: ExportOptions = {
      format: 'doccano',
      unit: 'codepoint',
      scope: 'all',
      annotator: GOLD_ANNOTATOR,
      unlabelled: 'none',
    };
    const check = await checkExport(database, options);
    expect(check.losses).toContainEqual(
      expect.objectContaining({ what: expect.stringMatching(/^review decisions/u), count: 1 }),
    );
  });
});

describe('the counts of an export say what its file holds', () => {
  it('a plain text export holds one document and no spans, and says the spans it leaves out', async () => {
    await createSpan(database, { documentId: 'dc-u1', annotator: 'alice', ...at('Putin'), label: 'claim' });
    const options: ExportOptions = {
      ...ALL,
      format: 'text',
      annotator: 'alice',
      scope: 'current',
      currentDocumentId: 'dc-u1',
    };
    for (const counted of [await checkExport(database, options), await exportRecords(database, options)]) {
      expect({ records: counted.records, spans: counted.spans }).toEqual({ records: 1, spans: 0 });
      expect(counted.losses).toContainEqual(expect.objectContaining({ what: 'spans', count: 2 }));
    }
    expect(await mainFile(options)).toBe(TEXT);
    // Every annotator's layer of the one document: still one document, none left out but the spans.
    const layers = await checkExport(database, { ...options, annotator: 'all' });
    expect(layers.losses.map((loss) => loss.what)).not.toContain('documents after the first');
    expect(JSON.stringify(layers.losses)).not.toContain('repeat a document');
    expect(layers.losses).toContainEqual(expect.objectContaining({ what: 'spans' }));
  });
});

describe('a metadata field Label Studio reads as its own, in an export of every layer', () => {
  it('is named and counted once in the check, however many layers the document has (one task holds them all)', async () => {
    await database.documents.update('dc-u1', { meta: { text: 'META TEXT', id: 'fake' } });
    const check = await checkExport(database, { ...ALL, format: 'labelstudio' });
    const loss = check.losses.find((entry) => entry.what === 'metadata fields Label Studio reads as its own');
    expect(loss?.examples).toEqual(['"text" of dc-u1']);
    expect(loss?.count).toBe(1);
    // The document has more than one layer here: each would have counted it.
    expect(check.records).toBeGreaterThan(1);
  });
});

describe('a label only spans carry (not in the label set: a teammate’s, brought by team sync)', () => {
  it('is declared in Hugging Face’s labels.json and Label Studio’s labelling config, after the set’s', async () => {
    const span = { id: 'w1', documentId: 'dc-u1', annotator: 'alice', ...at('met'), label: 'weapon' };
    await putSpans(database, [{ ...span, created: 1, updated: 1 }]);
    const set = DEFAULT_LABELS.map((label) => label.name);
    // The dialog gives the label set.
    const companion = async (format: 'huggingface' | 'labelstudio', path: string) => {
      const result = await exportRecords(database, { ...ALL, format, labels: set });
      const { files } = await filesInZip(new File([result.blob], 'export.zip'));
      return files.find((entry) => entry.name === path)!.text();
    };
    expect(JSON.parse(await companion('huggingface', 'labels.json'))).toEqual(tagNames([...set, 'weapon']));
    const config = await companion('labelstudio', 'labeling-config.xml');
    expect([...config.matchAll(/<Label value="([^"]+)"/gu)].map((match) => match[1])).toEqual([...set, 'weapon']);
  });
});

describe('a Label Studio export of people’s layers', () => {
  it('counts and names, before the download, the authors Label Studio will not keep (names that are no e-mail)', async () => {
    await createSpan(database, { documentId: 'dc-u1', annotator: 'carol@example.org', ...at('in'), label: 'claim' });
    const check = await checkExport(database, { ...ALL, format: 'labelstudio' });
    const authors = check.losses.find((loss) => loss.what.startsWith('who made each annotation'));
    // carol's e-mail is kept (completed_by); the model's layer is a prediction, with no author.
    expect(authors?.count).toBe(2);
    expect(authors?.examples).toEqual(['alice', 'bob']);
  });
});
