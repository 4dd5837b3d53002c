import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { documentOf, labelledDatabaseOf } from '../../support/storedDocuments';
import { exportRecords } from '../../../src/lib/storage/exporter';
import { FileImport } from '../../../src/lib/storage/importer';
import { SpacedApart, spacedApartNote, type SpacedApartTally } from '../../../src/lib/storage/spacedApart';
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

/** The file imported again adds no document and no span, its one record landing on the stored one as `note` says. */
async function expectNothingAdded(job: FileImport, note: string): Promise<void> {
  const analysis = await job.analyse();
  expect({ newDocuments: analysis.newDocuments, matched: analysis.matchedDocuments }).toEqual({
    newDocuments: 0,
    matched: 1,
  });
  expect({ newSpans: analysis.newSpans, knownSpans: analysis.knownSpans }).toEqual({ newSpans: 0, knownSpans: 3 });
  expect(analysis.notes).toContain(note);
  await job.commit();
  expect(await database.documents.count()).toBe(1);
}

describe('a Hugging Face export imported again', () => {
  it('adds nothing when nothing changed: no new document, every span already stored', async () => {
    const file = new File([await huggingFaceExport()], 'data.jsonl');
    const job = new FileImport(database, file, { format: 'huggingface', defaultAnnotator: 'me', now: () => 5 });
    await expectNothingAdded(
      job,
      '1 record lands on the stored document of its id: the file gives tokens, not spacing, and the texts differ only in spacing, so the spans are placed on the stored texts.',
    );
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
    await expectNothingAdded(
      job,
      '1 record lands on a stored document with the same text apart from spacing: the file gives tokens, not spacing, and the texts differ only in spacing, so the spans are placed on the stored texts.',
    );
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

/** Only where it is sure: one stored document per rebuilt text, none where two stored texts are alike apart from spacing. */
describe('a CoNLL file whose texts more than one stored document could take', () => {
  let twins: SpanwrightDatabase;
  afterEach(async () => twins?.delete());
  const conll = (...documents: string[][]) =>
    documents.map((tokens) => `-DOCSTART- O\n\n${tokens.map((token) => `${token} O`).join('\n')}\n`).join('\n');
  const analyse = (text: string) =>
    new FileImport(twins, new File([text], 'c.conll'), { format: 'conll', defaultAnnotator: 'alice', now: () => 5 });

  it('lands on neither of two stored documents alike apart from spacing, and says so (helper-181)', async () => {
    twins = await labelledDatabaseOf('twins', 'd1', 'Kim met Putin.');
    await twins.transaction('rw', [twins.documents, twins.heads], () =>
      addDocuments(twins, [{ ...documentOf('d2', 1, 'Kim met  Putin.'), title: 'T', source: 's' }]),
    );
    const job = analyse(conll(['Kim', 'met', 'Putin', '.']));
    const analysis = await job.analyse();
    expect(analysis.newDocuments).toBe(1);
    expect(analysis.notes).toContain(
      '1 record has the text of more than one stored document apart from spacing, so it is stored as a new document.',
    );
    await job.commit();
    expect(await twins.documents.count()).toBe(3);
  });

  it('gives a stored document to the first rebuilt text that has its characters, not to another of the file', async () => {
    twins = await labelledDatabaseOf('twins', 'd1', 'Kim met Putin.');
    const analysis = await analyse(conll(['Kim', 'met', 'Putin', '.'], ['Kim', 'met', 'Put', 'in', '.'])).analyse();
    expect({ newDocuments: analysis.newDocuments, matched: analysis.matchedDocuments }).toEqual({
      newDocuments: 1,
      matched: 1,
    });
  });

  it('does not read every stored text when the corpus holds too much, and says so', async () => {
    twins = await labelledDatabaseOf('twins', 'd1', 'Kim met Putin.');
    const record = { id: 'r', text: 'Kim met Putin .', title: 'r', annotator: null, status: null, spans: [], meta: {} };
    const tally: SpacedApartTally = { ambiguous: 0 };
    const apart = new SpacedApart(twins, 10);
    const found = await apart.find([{ record: { ...record, tokensOnly: true } }], ['f'], [0], new Map(), tally);
    expect({ found: found.size, tooLarge: tally.tooLarge }).toEqual({ found: 0, tooLarge: 14 });
    expect(spacedApartNote(tally)).toMatch(
      /^Texts rebuilt from tokens are not matched to stored documents apart from spacing in a corpus of more than/u,
    );
    // Under the limit, the same record lands on the stored document.
    expect(
      (
        await new SpacedApart(twins).find([{ record: { ...record, tokensOnly: true } }], ['f'], [0], new Map(), {
          ambiguous: 0,
        })
      ).get(0)?.document.id,
    ).toBe('d1');
  });
});
