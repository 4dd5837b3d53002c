import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { labelledDatabaseOf } from '../../support/storedDocuments';
import { exportRecords } from '../../../src/lib/storage/exporter';
import { FileImport } from '../../../src/lib/storage/importer';
import { createSpan } from '../../../src/lib/storage/spans';
import { filesInZip } from '../../../src/lib/formats/archive';

/**
 * A Hugging Face export coming back (say, corrected in a notebook): its texts are rebuilt from tokens,
 * so they differ from the stored ones in spacing only. Its records land on the stored documents.
 */
let database: SpanwrightDatabase;
// Two spaces, a CRLF, a flag, CJK, a combining mark and a tab: none survives as it was in the tokens' text.
const TEXT = 'Kim  Jong Un met\r\nPutin 🇰🇵 in 北京 at the Cafe\u0301\tnear.';

const at = (part: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(part))].length;
  return { start, end: start + [...part].length, text: part };
};

beforeEach(async () => {
  database = await labelledDatabaseOf('respaced', 'd1', TEXT);
  await createSpan(database, { documentId: 'd1', annotator: 'alice', ...at('Kim  Jong Un'), label: 'claim' });
  await createSpan(database, { documentId: 'd1', annotator: 'alice', ...at('北京'), label: 'visit' });
  await createSpan(database, { documentId: 'd1', annotator: 'alice', ...at('Cafe\u0301'), label: 'visit' });
});
afterEach(async () => database.delete());

async function huggingFaceExport(): Promise<string> {
  const result = await exportRecords(database, {
    format: 'huggingface',
    unit: 'codepoint',
    scope: 'all',
    annotator: 'all',
    unlabelled: 'none',
  });
  if (!result.zipped) return result.blob.text();
  const { files } = await filesInZip(new File([result.blob], 'export.zip'));
  return files.find((entry) => entry.name.startsWith('data.'))!.text();
}

const layer = async (annotator: string) =>
  (await database.spans.where('[documentId+annotator]').equals(['d1', annotator]).sortBy('start')).map(
    ({ start, end, label, text }) => ({ start, end, label, text }),
  );

describe('a Hugging Face export imported again', () => {
  it('adds nothing when nothing changed: no new document, every span already stored', async () => {
    const file = new File([await huggingFaceExport()], 'data.jsonl');
    const job = new FileImport(database, file, { format: 'huggingface', defaultAnnotator: 'me', now: () => 5 });
    const analysis = await job.analyse();
    expect({ newDocuments: analysis.newDocuments, matched: analysis.matchedDocuments }).toEqual({
      newDocuments: 0,
      matched: 1,
    });
    expect({ newSpans: analysis.newSpans, knownSpans: analysis.knownSpans }).toEqual({ newSpans: 0, knownSpans: 3 });
    expect(analysis.notes).toContain(
      '1 record lands on the stored document of its id: the file gives tokens, not spacing, and the texts differ only in spacing, so the spans are placed on the stored texts.',
    );
    await job.commit();
    expect(await database.documents.count()).toBe(1);
  });

  it('puts a span added in the file on the stored text, where Python slices it to its words', async () => {
    const exported = JSON.parse((await huggingFaceExport()).trim()) as { tokens: string[]; ner_tags: string[] };
    // Someone tags "Putin" in the file.
    exported.ner_tags[exported.tokens.indexOf('Putin')] = 'B-claim';
    const file = new File([JSON.stringify(exported)], 'data.jsonl');
    const job = new FileImport(database, file, { format: 'huggingface', defaultAnnotator: 'me', now: () => 5 });
    expect((await job.analyse()).newSpans).toBe(1);
    await job.commit();
    expect(await database.documents.count()).toBe(1);
    const spans = await layer('alice');
    expect(spans).toEqual([
      { ...at('Kim  Jong Un'), label: 'claim' },
      { ...at('Putin'), label: 'claim' },
      { ...at('北京'), label: 'visit' },
      { ...at('Cafe\u0301'), label: 'visit' },
    ]);
    for (const span of spans) expect(sliceCodePoints(TEXT, span.start, span.end)).toBe(span.text);
  });

  it('still stores a record whose words differ as a new document, said so', async () => {
    const line = JSON.stringify({ id: 'd1', tokens: ['Kim', 'met', 'Biden'], ner_tags: ['B-claim', 'O', 'O'] });
    const job = new FileImport(database, new File([line], 'data.jsonl'), {
      format: 'huggingface',
      defaultAnnotator: 'me',
      now: () => 5,
    });
    const analysis = await job.analyse();
    expect(analysis.newDocuments).toBe(1);
    expect(analysis.notes.join(' ')).toMatch(/1 record has an id already used by another text/u);
    expect(analysis.notes.join(' ')).not.toMatch(/lands on the stored document/u);
  });
});

/** A CoNLL export coming back: no ids at all, so its texts are matched apart from their spacing. */
describe('a CoNLL export imported again', () => {
  async function conllExport(): Promise<string> {
    const options = {
      format: 'conll',
      unit: 'codepoint',
      scope: 'all',
      annotator: 'alice',
      unlabelled: 'none',
    } as const;
    const result = await exportRecords(database, options);
    expect(result.zipped).toBeFalsy();
    return result.blob.text();
  }
  const importConll = (text: string) =>
    new FileImport(database, new File([text], 'corrected.conll'), {
      format: 'conll',
      defaultAnnotator: 'alice',
      now: () => 5,
    });

  it('adds no document and no span when nothing changed, and says where the records landed', async () => {
    const job = importConll(await conllExport());
    const analysis = await job.analyse();
    expect({ newDocuments: analysis.newDocuments, matched: analysis.matchedDocuments }).toEqual({
      newDocuments: 0,
      matched: 1,
    });
    expect({ newSpans: analysis.newSpans, knownSpans: analysis.knownSpans }).toEqual({ newSpans: 0, knownSpans: 3 });
    expect(analysis.notes).toContain(
      '1 record lands on a stored document with the same text apart from spacing: the file gives tokens, not spacing, and the texts differ only in spacing, so the spans are placed on the stored texts.',
    );
    await job.commit();
    expect(await database.documents.count()).toBe(1);
  });

  it('puts a tag added in the file on the stored text; a document whose words differ is still new', async () => {
    const corrected = (await conllExport()).replace(/^Putin O$/mu, 'Putin B-claim');
    const other = '-DOCSTART- O\n\nKim O\nmet O\nBiden B-visit\n';
    const job = importConll(`${corrected}\n${other}`);
    const analysis = await job.analyse();
    expect({ newDocuments: analysis.newDocuments, newSpans: analysis.newSpans }).toEqual({
      newDocuments: 1,
      newSpans: 2,
    });
    await job.commit();
    expect(await database.documents.count()).toBe(2);
    const spans = await layer('alice');
    expect(spans).toEqual([
      { ...at('Kim  Jong Un'), label: 'claim' },
      { ...at('Putin'), label: 'claim' },
      { ...at('北京'), label: 'visit' },
      { ...at('Cafe\u0301'), label: 'visit' },
    ]);
    for (const span of spans) expect(sliceCodePoints(TEXT, span.start, span.end)).toBe(span.text);
  });
});
