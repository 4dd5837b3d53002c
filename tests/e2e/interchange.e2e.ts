import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipFiles } from '../../src/lib/formats/archive';
import { tokenize } from '../../src/lib/model/tokens';
import { spacyHash } from '../../src/lib/formats/murmurHash';
import { readDocBin } from '../support/docBin';
import {
  become,
  chooseAnnotator,
  labelWithKey,
  launchBrowser,
  listedSpans,
  openApp,
  openDocument,
  statusText,
} from './browser';
import { download, dropFiles, dropFolder } from './transfer';

// A team moving to Spanwright drops what its other tools wrote, reads what will arrive and what
// will not, imports, and takes its data out again in every trainer's format.

const fixtures = join(import.meta.dirname, '../fixtures/formats');
const folder = mkdtempSync(join(tmpdir(), 'spanwright-interchange-'));
let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const TEXT_A = 'Shoigu 🙂 met Kim in Pyongyang.';
const TEXT_B = 'Lavrov denied the claim in 北朝鮮.';
const cp = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return [start, start + [...needle].length] as const;
};

/** doccano's own export shapes: no ids, a relation project's "entities" (its relations do not arrive). */
const DOCCANO = [
  JSON.stringify({
    text: TEXT_A,
    label: [
      [...cp(TEXT_A, 'Shoigu'), 'person'],
      [...cp(TEXT_A, 'Pyongyang'), 'place'],
    ],
  }),
  JSON.stringify({
    text: TEXT_B,
    entities: [
      { id: 1, start_offset: cp(TEXT_B, 'Lavrov')[0], end_offset: cp(TEXT_B, 'Lavrov')[1], label: 'person' },
      { id: 2, start_offset: cp(TEXT_B, '北朝鮮')[0], end_offset: cp(TEXT_B, '北朝鮮')[1], label: 'place' },
    ],
    relations: [{ id: 1, from_id: 1, to_id: 2, type: 'accuses' }],
  }),
].join('\n');

/** A Label Studio task with one person's annotation and a model's predictions. */
const STUDIO = JSON.stringify([
  {
    id: 7,
    data: { text: TEXT_A },
    annotations: [
      {
        // As Label Studio's own export writes its author: the user's id, the e-mail beside it.
        completed_by: 1,
        created_username: ' ann@example.org, 1',
        ground_truth: true,
        lead_time: 41.2,
        result: [
          {
            type: 'labels',
            from_name: 'label',
            to_name: 'text',
            value: { start: cp(TEXT_A, 'met')[0], end: cp(TEXT_A, 'met')[1], text: 'met', labels: ['visit'] },
          },
          // A region of no width (a stray click): left out and counted, not the whole file refused.
          { type: 'labels', from_name: 'label', to_name: 'text', value: { start: 2, end: 2, labels: ['visit'] } },
        ],
      },
    ],
    predictions: [
      {
        model_version: 'ner-v2',
        result: [
          {
            type: 'labels',
            from_name: 'label',
            to_name: 'text',
            value: { start: 0, end: 6, text: 'Shoigu', labels: ['person'] },
          },
        ],
      },
    ],
  },
]);

/** Writes a Python script to a file of its own, and says where. */
function writeScript(check: string): string {
  const script = join(folder, `check-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(script, check);
  return script;
}

/** Runs Python over a downloaded file: `check` gets `path` and must print "ok". */
function python(check: string, path: string): string {
  return execFileSync('python3', [writeScript(check), path], { encoding: 'utf8' }).trim();
}

/** A Label Studio region over `needle` in `text` (offsets in code points, as Label Studio counts). */
const region = (text: string, needle: string, label: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return {
    type: 'labels',
    from_name: 'label',
    to_name: 'text',
    value: { start, end: start + [...needle].length, text: needle, labels: [label] },
  };
};

describe('interchange', () => {
  it('reads a mix of other tools’ files, says what arrives and what does not, and writes every trainer’s format', async () => {
    const { context, page } = await openApp(browser);
    await dropFiles(page, [
      { name: 'doccano-export.jsonl', content: DOCCANO },
      { name: 'summit.txt', content: readFileSync(join(fixtures, 'brat/summit.txt'), 'utf8') },
      { name: 'summit.ann', content: readFileSync(join(fixtures, 'brat/summit.ann'), 'utf8') },
      { name: 'wire.conll', content: readFileSync(join(fixtures, 'conll/conll2003.conll'), 'utf8') },
      { name: 'project.json', content: STUDIO },
    ]);
    const summary = (name: string) => page.locator(`.file-card[data-file-name="${name}"] [data-testid=import-summary]`);

    // doccano: no ids needed; its relations are counted as not arriving.
    await expect.poll(() => summary('doccano-export.jsonl').textContent()).toContain('Will arrive: 2 documents (2 new');
    expect(await summary('doccano-export.jsonl').textContent()).toContain('relations: 1, because');
    // brat: the pair is one import; events, attributes, relations are named; fragments said.
    const brat = summary('summit.txt + summit.ann');
    await expect.poll(() => brat.textContent()).toContain('7 new spans');
    for (const kind of ['relations: 1', 'events: 1', 'attributes: 1', 'normalisations: 1', 'summit.ann, line 7'])
      expect(await brat.textContent()).toContain(kind);
    expect(await brat.textContent()).toContain('discontinuous annotations as one: 1, because');
    // CoNLL: the rule that rebuilt the text is stated; the POS and chunk columns do not arrive.
    const conll = summary('wire.conll');
    await expect.poll(() => conll.textContent()).toContain('Text rebuilt from the tokens');
    expect(await conll.textContent()).toMatch(/columns between token and tag/u);
    // Label Studio: the annotation and the model's predictions, each a layer of its own.
    await expect.poll(() => summary('project.json').textContent()).toContain('2 layers');
    expect(await summary('project.json').textContent()).toMatch(/empty spans \(start = end\): 1, because .*line \d+/u);
    // What Label Studio's annotation holds beyond its spans is counted and named, a ground-truth mark first of all.
    expect(await summary('project.json').textContent()).toContain('annotations marked "ground_truth": 1, because');
    // A submitted annotation marks its layer done, said before Import (helper-201).
    expect(await summary('project.json').textContent()).toContain('It marks 1 layer done.');
    // Its user id is named by the e-mail beside it, and the card says so (helper-203).
    expect(await summary('project.json').textContent()).toContain('Label Studio user ids named by the e-mail');
    expect(await summary('project.json').textContent()).toMatch(
      /annotations with fields other than .*: 1, because.*lead_time/u,
    );

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(4);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(5 + 2 + 1 + 2);

    const everyLayer = { annotator: 'all', scope: 'all' };
    // Native JSONL quotes its spans: Python's text[start:end] is each quote.
    const nativeAll = await download(page, { ...everyLayer, format: 'native' });
    expect(nativeAll.name).toMatch(/-all-annotators-\d{4}-\d{2}-\d{2}-spanwright\.jsonl$/u);
    expect(
      python(
        `import json,sys\nn=0\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    for s in r['spans']:\n        assert r['text'][s['start']:s['end']]==s['text'],s\n        n+=1\nassert n>=15,n\nprint('ok')`,
        nativeAll.path,
      ),
    ).toBe('ok');
    // The Annotator choice names each layer's span count, as the all-layers file holds them.
    await page.getByRole('button', { name: 'Export…' }).click();
    const annotatorChoice = page.getByRole('dialog', { name: 'Export' });
    const options = annotatorChoice.getByLabel('Annotator', { exact: true }).locator('option');
    // Listed once the layers are read: the files' doccano and Label Studio layers (the model's
    // predictions one of them), this tab's annotator (brat's and CoNLL's spans went there), and All.
    await expect.poll(() => options.count()).toBe(4);
    const choices = await options.allTextContents();
    await annotatorChoice.getByRole('button', { name: 'Close' }).click();
    const offered = Object.fromEntries(
      choices.flatMap((choice) => {
        const [, name, spans] = /^(.+) · ([\d,]+) spans?$/u.exec(choice) ?? [];
        return name ? [[name, Number(spans.replace(/,/gu, ''))]] : [];
      }),
    );
    expect(Object.keys(offered).length).toBe(choices.length - 1); // all but "All annotators"
    // Label Studio's user 1 is named by the e-mail its export gives beside the id.
    expect(Object.keys(offered)).toContain('ann@example.org');
    const stored = JSON.parse(
      python(
        `import json,sys,collections\nc=collections.Counter()\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    c[r['annotator']]+=len(r['spans'])\nprint(json.dumps({k: v for k, v in c.items() if v}))`,
        nativeAll.path,
      ),
    ) as Record<string, number>;
    expect(Object.fromEntries(Object.entries(offered).filter(([, spans]) => spans > 0))).toEqual(stored);
    // Prodigy and doccano do not quote: their spans must name the same characters as native's, the
    // model's predictions aside (they would read as a person's layer: left out, and said so).
    const sameSpans = (field: string) =>
      `import json,sys\nwant=set()\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    if r['annotator'].startswith('model:'): continue\n    for s in r['spans']: want.add((r['text'],s['text'],s['label']))\ngot=set()\nfor line in open(sys.argv[2],encoding='utf-8'):\n    r=json.loads(line)\n    for s in r['${field}']:\n        a,b,l=(s['start'],s['end'],s['label']) if isinstance(s,dict) else s\n        got.add((r['text'],r['text'][a:b],l))\nassert got==want,(got^want)\nprint('ok')`;
    for (const [format, field] of [
      ['prodigy', 'spans'],
      ['doccano', 'label'],
    ]) {
      const file = await download(page, { ...everyLayer, format });
      expect(file.name).toContain(`-${format}.jsonl`);
      expect(
        execFileSync('python3', [writeScript(sameSpans(field)), nativeAll.path, file.path], {
          encoding: 'utf8',
        }).trim(),
      ).toBe('ok');
    }

    // Label Studio: a .zip of the tasks and their labelling config; the model's layer stays predictions.
    const studio = await download(page, { ...everyLayer, format: 'labelstudio' });
    const tasks = JSON.parse(studio.files[studio.name.replace(/\.zip$/u, '.json')]) as {
      data: { text: string };
      annotations: { result: { value: { start: number; end: number; text: string } }[] }[];
      predictions?: { model_version: string }[];
    }[];
    expect(tasks.flatMap((task) => task.predictions ?? []).map((prediction) => prediction.model_version)).toEqual([
      'ner-v2',
    ]);
    for (const task of tasks)
      for (const annotation of task.annotations)
        for (const { value } of annotation.result)
          expect([...task.data.text].slice(value.start, value.end).join('')).toBe(value.text);
    expect(studio.files['labeling-config.xml']).toContain('<Label value="person"/>');

    // brat: every T line's fragments quote the .txt, read as Python reads it; summit's note on a
    // span comes back as an AnnotatorNotes line on its T line.
    const bratZip = await download(page, { ...everyLayer, format: 'brat' });
    const bratFolder = mkdtempSync(join(folder, 'brat-'));
    // Every layer's pairs are in their annotator's folder.
    for (const [name, text] of Object.entries(bratZip.files)) {
      mkdirSync(dirname(join(bratFolder, name)), { recursive: true });
      writeFileSync(join(bratFolder, name), text);
    }
    expect(Object.keys(bratZip.files)).toContain('annotation.conf');
    expect(Object.keys(bratZip.files).filter((name) => !name.includes('/'))).toEqual(['annotation.conf']);
    expect(
      python(
        `import os,sys\nd=sys.argv[1]\nn=0\nnotes=[]\nfor f in [os.path.join(r,f) for r,_,fs in os.walk(d) for f in fs]:\n    if not f.endswith('.ann'): continue\n    t=open(f[:-4]+'.txt',encoding='utf-8',newline='').read()\n    for line in open(f,encoding='utf-8'):\n        if line.startswith('#'):\n            notes.append(line.rstrip('\\n').split('\\t')[2])\n            continue\n        i,typ,q=line.rstrip('\\n').split('\\t',2)\n        frags=[tuple(map(int,p.split())) for p in typ.split(' ',1)[1].split(';')]\n        assert ' '.join(t[a:b] for a,b in frags)==q,(f,line)\n        n+=1\nassert n>=15,n\nassert notes==['the cosmodrome, not the town'],notes\nprint('ok')`,
        bratFolder,
      ),
    ).toBe('ok');

    // Token formats: one line per token of the tokenizer the dialog states, every text covered.
    const documents = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=doc-item]')].map((item) => item.getAttribute('data-doc-id')),
    );
    expect(documents.length).toBe(10);
    // Before the download, the dialog says what CoNLL leaves out of this layer.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Format', { exact: true }).selectOption('conll');
    await expect
      .poll(() => exportDialog.getByTestId('export-check').textContent())
      .toContain('CoNLL does not carry all of it');
    expect(await exportDialog.getByTestId('export-check').textContent()).toContain(
      'annotator names: 1, because CoNLL has no place for them: annotator',
    );
    expect(await exportDialog.textContent()).toContain('Tokens as token agreement counts them');
    // Of every layer, Hugging Face leaves the model's predictions out and names them before the download.
    await exportDialog.getByLabel('Annotator', { exact: true }).selectOption('all');
    await exportDialog.getByLabel('Format', { exact: true }).selectOption('huggingface');
    await expect
      .poll(() => exportDialog.getByTestId('export-check').textContent())
      .toContain('model prediction layers (model:…)');
    expect(await exportDialog.getByTestId('export-check').textContent()).toContain('model:ner-v2');
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    const conllFile = await download(page, {
      annotator: 'annotator',
      scope: 'all',
      format: 'conll',
      unlabelled: 'all',
    });
    const conllDocuments = conllFile.text.split(/^-DOCSTART- -X- O O\n\n/mu).filter((part) => part.trim() !== '');
    const hf = await download(page, { annotator: 'annotator', scope: 'all', format: 'huggingface', unlabelled: 'all' });
    const hfLines = hf.files[hf.name.replace(/\.zip$/u, '.jsonl')]
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; tokens: string[]; ner_tags: string[] });
    expect(JSON.parse(hf.files['labels.json'])).toEqual(expect.arrayContaining(['O', 'B-person', 'I-person']));
    const native = await download(page, { annotator: 'annotator', scope: 'all', format: 'native', unlabelled: 'all' });
    const texts = native.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string });
    expect(conllDocuments.length).toBe(texts.length);
    expect(hfLines.length).toBe(texts.length);
    texts.forEach(({ id, text }, index) => {
      const tokens = tokenize(text).map((token) => [...text].slice(token.start, token.end).join(''));
      const lines = conllDocuments[index].split('\n').filter((line) => line !== '');
      expect(lines.length, id).toBe(tokens.length);
      expect(hfLines[index].tokens, id).toEqual(tokens);
      expect(hfLines[index].ner_tags.length, id).toBe(tokens.length);
    });
    await context.close();
    // One flow of a dozen imports and downloads and their Python checks: 15–40 s here, near the 60 s default when CI runs two
    // files at once on a loaded machine. The timeout only keeps a hung test from running forever.
  }, 180_000);

  it('reads spaCy v3 Doc.to_json lines, names the span groups and kb_ids it does not keep before Import, and exports them sliced exactly (helper-196)', async () => {
    const { context, page } = await openApp(browser);
    // As spaCy writes doc.to_json(): character offsets (code points), an emoji before the spans, "sc" span group.
    const text = '😀 Apple hired Tim Cook in Cupertino.';
    const doc = {
      text,
      ents: [
        { start: 2, end: 7, label: 'ORG', kb_id: 'Q312' },
        { start: 14, end: 22, label: 'PERSON' },
      ],
      spans: {
        sc: [
          { start: 14, end: 22, label: 'PERSON', kb_id: '' },
          { start: 26, end: 35, label: 'GPE' },
        ],
      },
      tokens: [{ id: 0, start: 0, end: 1 }],
      cats: { tech: 1 },
    };
    await dropFiles(page, [{ name: 'docs.jsonl', content: `${JSON.stringify(doc)}\n` }]);
    const card = page.locator('.file-card[data-file-name="docs.jsonl"] [data-testid=import-summary]');
    await expect.poll(() => card.textContent()).toContain('spans of spaCy span groups: 2');
    expect(await card.textContent()).toContain('spans’ "kb_id" values: 1');
    expect(await card.textContent()).not.toContain('Nothing in it is left out');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    const file = await download(page, { format: 'native', scope: 'all', annotator: 'all' });
    expect(
      python(
        `import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
row = next(row for row in rows if row['text'].startswith('\\U0001F600'))
got = sorted((s['label'], row['text'][s['start']:s['end']]) for s in row['spans'])
assert got == [('GPE', 'Cupertino'), ('ORG', 'Apple'), ('PERSON', 'Tim Cook')], got
print('ok')`,
        file.path,
      ),
    ).toBe('ok');
    await context.close();
  });

  it('writes a .spacy file spaCy reads, the overlaps named first, and reads it back beside one spaCy wrote', async () => {
    const { context, page } = await openApp(browser);
    const text = '😀 Apple hired Tim Cook  in Cupertino.\r\nKorea’s talks.';
    const doc = {
      text,
      ents: [
        { start: 2, end: 7, label: 'ORG' },
        { start: 14, end: 22, label: 'PERSON' },
      ],
    };
    await dropFiles(page, [{ name: 'docs.jsonl', content: `${JSON.stringify(doc)}\n` }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-testid=doc-item]', { hasText: 'Apple hired' }).click();
    // Its two imported spans listed before labelling: counted from before they show, a label's count was off (CI).
    await expect.poll(() => page.locator('[data-testid=span-item]').count()).toBe(2);
    // Two spans by hand: "Tim", inside the PERSON span (doc.ents holds one of them), and "Cupertino".
    await labelWithKey(page, 'Tim', '1');
    await labelWithKey(page, 'Cupertino', '4');
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Format', { exact: true }).selectOption('spacy');
    await exportDialog.getByLabel('Documents', { exact: true }).selectOption('current');
    const check = exportDialog.getByTestId('export-check');
    await expect.poll(() => check.textContent()).toContain('overlapping spans left out of doc.ents: 1');
    expect(await check.textContent()).toContain('"Tim"');
    expect(await exportDialog.textContent()).toContain('doc.spans["sc"]');
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    const file = await download(page, { format: 'spacy', scope: 'current' });
    expect(file.name).toMatch(/\.spacy$/u);
    // Read as spaCy's DocBin.from_bytes and get_docs read it (zlib, MessagePack, the hashes through the strings).
    const docs = readDocBin(new Uint8Array(readFileSync(file.path)), (value) => spacyHash(value));
    expect(docs.length).toBe(1);
    const [written] = docs;
    expect(written.text).toBe(text);
    const slice = (start: number, end: number) => [...text].slice(start, end).join('');
    expect(written.ents.map((ent) => [ent.label, slice(ent.start, ent.end)])).toEqual([
      ['ORG', 'Apple'],
      ['PERSON', 'Tim Cook'],
      ['visit', 'Cupertino'],
    ]);
    expect(written.groups.sc.map((span) => [span.label, slice(span.startChar, span.endChar)])).toEqual([
      ['ORG', 'Apple'],
      ['claim', 'Tim'],
      ['PERSON', 'Tim Cook'],
      ['visit', 'Cupertino'],
    ]);
    expect(written.user).toMatchObject({ annotator: 'annotator' });
    await context.close();

    // In a fresh browser, the .spacy file comes back as it went (every span, overlaps too), beside one spaCy wrote.
    const fresh = await openApp(browser);
    await dropFiles(fresh.page, [
      { name: file.name, content: new Uint8Array(readFileSync(file.path)) },
      { name: 'news.spacy', content: new Uint8Array(readFileSync(join(fixtures, 'spacy/news.spacy'))) },
    ]);
    const summary = (name: string) =>
      fresh.page.locator(`.file-card[data-file-name="${name}"] [data-testid=import-summary]`);
    await expect.poll(() => summary(file.name).textContent()).toContain('1 document');
    expect(await summary(file.name).textContent()).toContain('4 new spans');
    // spaCy's own file: what a record does not keep is named before Import.
    await expect.poll(() => summary('news.spacy').textContent()).toContain('text categories (doc.cats): 1');
    expect(await summary('news.spacy').textContent()).toContain('TAG (1)');
    await fresh.page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => fresh.page.locator('.file-card .success').count()).toBe(2);
    await fresh.page.getByRole('button', { name: 'Close' }).click();
    const back = await download(fresh.page, { format: 'native', scope: 'all', annotator: 'all' });
    expect(
      python(
        `import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
got = sorted((s['label'], row['text'][s['start']:s['end']]) for row in rows for s in row['spans'] if s['text'] == row['text'][s['start']:s['end']])
assert len(got) == sum(len(row['spans']) for row in rows), rows
assert ('PERSON', 'Tim Cook') in got and ('claim', 'Tim') in got and ('visit', 'Cupertino') in got, got
assert ('GPE', '北朝鮮') in got and ('EVENT', 'Putin in Vladivostok') in got and ('GPE', 'Seoul') in got, got
print('ok')`,
        back.path,
      ),
    ).toBe('ok');
    await fresh.context.close();
  });

  it('refuses a damaged .spacy file whole, naming it and why, and imports the file dropped beside it', async () => {
    const { context, page } = await openApp(browser);
    const whole = new Uint8Array(readFileSync(join(fixtures, 'spacy/news.spacy')));
    await dropFiles(page, [
      { name: 'cut.spacy', content: whole.slice(0, 200) },
      { name: 'memo.txt', content: 'A memo on the Vladivostok summit.\n' },
    ]);
    const card = (name: string) => page.locator(`.file-card[data-file-name="${name}"]`);
    await expect
      .poll(() => card('cut.spacy').textContent())
      .toContain('cut.spacy is not a spaCy DocBin (.spacy): its compressed data is cut short or damaged');
    await expect.poll(() => card('memo.txt').textContent()).toContain('Documents only');
    await expect
      .poll(() => page.getByTestId('import-count').textContent())
      .toBe('1 of 2 files ready: “cut.spacy” is not imported');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card('memo.txt').textContent()).toContain('Imported: 1 new document');
    await page.getByRole('button', { name: 'Close' }).click();
    // The five default documents and the memo: nothing of the damaged file.
    await expect.poll(() => page.locator('[data-testid=doc-item]').count()).toBe(6);
    await context.close();
  });

  it('takes no Label Studio or Prodigy answer on a whole text for “nothing here”, nor a model’s predictions for a person’s work (helper-210)', async () => {
    const { context, page } = await openApp(browser);
    const text = 'Kim Jong Un met Putin in Vostochny. 🇰🇵';
    const studio = [
      {
        id: 71,
        data: { text },
        annotations: [
          { completed_by: { email: 'ann@x.org' }, result: [{ type: 'choices', value: { choices: ['POLITICS'] } }] },
          { completed_by: { email: 'bea@x.org' }, result: [] },
        ],
      },
    ];
    const prodigy = { text: `${text} Again.`, label: 'POLITICS', answer: 'accept', _annotator_id: 'cy' };
    await dropFiles(page, [
      { name: 'studio.json', content: JSON.stringify(studio) },
      { name: 'textcat.jsonl', content: `${JSON.stringify(prodigy)}\n` },
    ]);
    const summary = (name: string) => page.locator(`.file-card[data-file-name="${name}"] [data-testid=import-summary]`);
    await expect
      .poll(() => summary('studio.json').textContent())
      .toContain('annotations with no span of the text, only other results: 1');
    await expect
      .poll(() => summary('textcat.jsonl').textContent())
      .toContain('accepted answers on whole texts (a "label" or "options", no "spans"): 1');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(2);
    await page.getByRole('button', { name: 'Close' }).click();
    // bea's empty result stays "nothing here" (done); ann's and cy's whole-text answers are no such judgement.
    // Three doccano examples of one text are one document: their ids t2 and t3 do not arrive, said as such.
    const same = 'Apple is great.';
    const examples = ['t1', 't2', 't3'].map((id, at) =>
      JSON.stringify({ id, text: same, label: at === 2 ? [] : [[0, 5, 'claim']] }),
    );
    await dropFiles(page, [{ name: 'examples.jsonl', content: `${examples.join('\n')}\n` }]);
    const examplesCard = summary('examples.jsonl');
    await expect.poll(() => examplesCard.textContent()).toContain('Will not arrive');
    expect(await examplesCard.textContent()).toContain('t2 → t1');
    expect(await examplesCard.textContent()).not.toContain('Nothing in it is left out');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    // A model's predictions beside a person's work stay the model's, even with every span put into one layer.
    const predicted = [
      {
        id: 72,
        data: { text: 'Lavrov denied it in Pyongyang.' },
        annotations: [
          {
            completed_by: { email: 'ann@x.org' },
            result: [region('Lavrov denied it in Pyongyang.', 'Lavrov', 'denial')],
          },
        ],
        predictions: [
          { model_version: 'v1', result: [region('Lavrov denied it in Pyongyang.', 'Pyongyang', 'visit')] },
        ],
      },
    ];
    await dropFiles(page, [{ name: 'predicted.json', content: JSON.stringify(predicted) }]);
    const card = page.locator('.file-card[data-file-name="predicted.json"]');
    const field = card.getByLabel('Into another layer, named');
    await field.fill('merged');
    await field.press('Enter');
    await expect
      .poll(() => card.textContent())
      .toContain('Models’ predictions keep their layers ("model:v1"), not put into "merged"');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    const file = await download(page, { format: 'native', scope: 'all', annotator: 'all', unlabelled: 'all' });
    expect(
      python(
        `import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
layers = {row.get('annotator'): [s['label'] for s in row['spans']] for row in rows if row['text'].startswith('Lavrov')}
assert layers == {'merged': ['denial'], 'model:v1': ['visit']}, layers
got = [(row.get('annotator'), row.get('status')) for row in rows if row['text'].startswith('Kim Jong Un')]
assert ('bea@x.org', 'done') in got, got
assert not any(status == 'done' for who, status in got if who in ('ann@x.org', 'cy')), got
print('ok')`,
        file.path,
      ),
    ).toBe('ok');
    await context.close();
  });

  it('keeps a "nothing here" judgement, leaves skipped documents and cut spans out of training files, and reads brat back whole', async () => {
    const { context, page } = await openApp(browser);
    const studio = JSON.stringify([
      {
        id: 1,
        data: { text: 'Nobody was named in this one.' },
        annotations: [{ completed_by: { email: 'ann@x.org' }, result: [] }],
      },
    ]);
    const answers = [
      {
        text: 'Lavrov denied it.',
        spans: [
          { start: 0, end: 13, label: 'claim' },
          { start: 0, end: 6, label: 'person' },
        ],
        answer: 'accept',
        _annotator_id: 'alice',
      },
      {
        text: 'Shoigu met Kim.',
        spans: [{ start: 0, end: 6, label: 'person' }],
        answer: 'ignore',
        _annotator_id: 'alice',
      },
    ];
    const crossText = 'Gazprom Neft and 🇺🇦 Naftogaz signed.\nZoë met 習近平 in Café 😀.';
    const [from, to] = cp(crossText, 'signed.\nZoë');
    await dropFiles(page, [
      { name: 'ls.json', content: studio },
      { name: 'answers.jsonl', content: answers.map((answer) => JSON.stringify(answer)).join('\n') },
      { name: 'cross.txt', content: crossText },
      // brat quotes a span across a line break with a space where the line break is.
      { name: 'cross.ann', content: `T1\tperson ${from} ${to}\tsigned. Zoë\n` },
      { name: 'inception.tsv', content: readFileSync(join(fixtures, 'webanno/ner-relations.tsv'), 'utf8') },
    ]);
    const card = (name: string) => page.locator(`.file-card[data-file-name="${name}"]`);
    // The empty Label Studio annotation is ann@x.org's judgement: it arrives as that layer.
    await expect.poll(() => card('ls.json').textContent()).toContain('Into the layers of: ann@x.org');
    await expect.poll(() => card('cross.txt + cross.ann').textContent()).toContain('1 new span');
    // WebAnno: one reading, said once, and no choice of another.
    await expect.poll(() => card('inception.tsv').textContent()).toContain('Offsets read as UTF-16 code units');
    expect(await card('inception.tsv').textContent()).not.toContain('code points');
    expect(await card('inception.tsv').getByLabel('Offsets').count()).toBe(0);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(4);
    await page.getByRole('button', { name: 'Close' }).click();

    // Before the download, the dialog names the skipped document and the overlapping span it leaves out.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Annotator', { exact: true }).selectOption('all');
    await exportDialog.getByLabel('Format', { exact: true }).selectOption('huggingface');
    const check = exportDialog.getByTestId('export-check');
    await expect.poll(() => check.textContent()).toContain('skipped documents: 1');
    expect(await check.textContent()).toContain('"Shoigu met Kim." (alice)');
    expect(await check.textContent()).toMatch(/overlapping spans: \d+, because a token holds one tag/u);
    expect(await check.textContent()).toContain('"Lavrov" 0–6 (person)');
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    const hf = await download(page, { annotator: 'all', format: 'huggingface' });
    const rows = hf.files[hf.name.replace(/\.zip$/u, '.jsonl')]
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tokens: string[]; ner_tags: string[]; annotator: string });
    expect(rows.some((row) => row.tokens.includes('Shoigu'))).toBe(false);
    expect(rows.find((row) => row.tokens[0] === 'Lavrov')?.ner_tags).toEqual(['B-claim', 'I-claim', 'O', 'O']);
    expect(rows.find((row) => row.tokens[0] === 'Nobody')).toMatchObject({ annotator: 'ann@x.org' });

    // brat writes the span across the line break as two fragments; read back, it is the one span already stored.
    const brat = await download(page, { annotator: 'all', format: 'brat' });
    const stem = Object.keys(brat.files).find((name) => name.endsWith('.txt') && brat.files[name] === crossText);
    expect(stem).toBeDefined();
    const ann = brat.files[stem!.replace(/\.txt$/u, '.ann')];
    expect(ann).toMatch(/^T1\tperson \d+ \d+;\d+ \d+\tsigned\. Zoë\n$/u);
    await dropFiles(page, [
      { name: 'again.txt', content: crossText },
      { name: 'again.ann', content: ann },
    ]);
    const again = card('again.txt + again.ann');
    await expect.poll(() => again.textContent()).toContain('0 new spans (1 span already stored)');
    expect(await again.textContent()).not.toContain('discontinuous');
    await context.close();
  }, 120_000);

  it('imports a second Label Studio project whose task ids repeat the first’s, as new documents, and says so first', async () => {
    const { context, page } = await openApp(browser);
    await dropFiles(page, [{ name: 'project.json', content: STUDIO }]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    // Label Studio numbers every project's tasks from 1: the next project's task 7 is another text.
    const second = JSON.parse(STUDIO) as {
      data: { text: string };
      annotations: { result: { value: object }[] }[];
      predictions?: unknown;
    }[];
    second[0].data.text = TEXT_B;
    delete second[0].predictions;
    second[0].annotations[0].result[0].value = {
      start: cp(TEXT_B, 'Lavrov')[0],
      end: cp(TEXT_B, 'Lavrov')[1],
      text: 'Lavrov',
      labels: ['person'],
    };
    await dropFiles(page, [{ name: 'second-project.json', content: JSON.stringify(second) }]);
    const card = page.locator('.file-card[data-file-name="second-project.json"]');
    await expect
      .poll(() => card.textContent())
      .toMatch(
        /1 record has an id already used by another text .*stored as a new document with a new id: 7 → 7~\w+\./u,
      );
    expect(await card.textContent()).toContain('Will arrive: 1 document (1 new');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.locator('.success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    const ids = await page
      .locator('[data-testid=doc-item]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-doc-id') ?? ''));
    expect(ids).toContain('7');
    expect(ids.filter((id) => /^7~\w+$/u.test(id))).toHaveLength(1);
    await context.close();
  });

  it('says before Import which ids of a file dropped with another go to new documents, and stores them as it said (helper-175)', async () => {
    const { context, page } = await openApp(browser);
    // A dataset's splits each number their records from 0.
    const split = (texts: string[]) =>
      texts.map((text, index) => JSON.stringify({ id: String(index), text, spans: [] })).join('\n');
    await dropFiles(page, [
      { name: 'train.jsonl', content: split(['Kim met Putin 🇷🇺.', 'Lavrov denied it.']) },
      { name: 'validation.jsonl', content: split(['Shoigu went to 평양.', 'Kirby spoke.']) },
    ]);
    const validation = page.locator('.file-card[data-file-name="validation.jsonl"]');
    await expect
      .poll(() => validation.textContent())
      .toMatch(/2 of its new documents have ids that train\.jsonl, to be imported before it, gives another text/u);
    const named = [...((await validation.textContent()) ?? '').matchAll(/→ (\d~\w+)/gu)].map((match) => match[1]);
    expect(named).toHaveLength(2);
    expect(await page.locator('.file-card[data-file-name="train.jsonl"]').textContent()).not.toContain('new ids');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(2);
    await page.getByRole('button', { name: 'Close' }).click();
    const ids = await page
      .locator('[data-testid=doc-item]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-doc-id') ?? ''));
    expect(ids).toEqual(expect.arrayContaining(['0', '1', ...named]));
    await context.close();
  });

  it('takes Prodigy ner.teach answers as Prodigy, keeps their fields and "reject", and writes statuses Label Studio keeps', async () => {
    const { context, page } = await openApp(browser);
    const [shoigu, lavrov] = [cp(TEXT_A, 'Shoigu'), cp(TEXT_B, 'Lavrov')];
    const teach = [
      {
        text: TEXT_A,
        tokens: [{ text: 'Shoigu', start: 0, end: 6, id: 0, ws: true }],
        spans: [
          {
            start: shoigu[0],
            end: shoigu[1],
            label: 'person',
            token_start: 0,
            token_end: 0,
            score: 0.91,
            source: 'core',
          },
        ],
        label: 'person',
        _input_hash: 11,
        _task_hash: 12,
        _view_id: 'ner',
        answer: 'accept',
        _timestamp: 1718000000,
        _annotator_id: 'alice',
      },
      {
        text: TEXT_B,
        spans: [{ start: lavrov[0], end: lavrov[1], label: 'person' }],
        label: 'person',
        _input_hash: 21,
        _task_hash: 22,
        answer: 'reject',
        _annotator_id: 'alice',
      },
    ];
    // A top-level "label" beside Prodigy's own keys: Prodigy, not a doccano file refused whole.
    await dropFiles(page, [{ name: 'p.jsonl', content: teach.map((task) => JSON.stringify(task)).join('\n') }]);
    const card = page.locator('.file-card[data-file-name="p.jsonl"]');
    await expect.poll(() => card.textContent()).toContain('Will arrive: 2 documents (2 new');
    const said = (await card.textContent()) ?? '';
    expect(said).toMatch(
      /top-level fields kept in each document's metadata \("prodigy_fields"\).*"label", "_timestamp"/u,
    );
    expect(said).toContain('1 rejected answer is imported as skipped');
    expect(said).toContain('token lists ("tokens"): 1, because');
    // ner.teach's span fields, not kept, each counted by name.
    expect(said).toContain('spans’ "score" values: 1, because');
    expect(said).toContain('spans’ "source" values: 1, because');
    expect(said).not.toContain('Nothing in it is left out');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.locator('.success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();

    // Back to Prodigy, Without spans left as it opens: the recipe's label at the top again, the
    // rejected answer (skipped, no span) still "reject".
    const prodigy = await download(page, { annotator: 'alice', format: 'prodigy' });
    const answers = prodigy.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers.find((answer) => answer.text === TEXT_A)).toMatchObject({
      label: 'person',
      answer: 'accept',
      _timestamp: 1718000000,
      _view_id: 'ner',
    });
    expect(answers.find((answer) => answer.text === TEXT_B)).toMatchObject({ label: 'person', answer: 'reject' });

    // Label Studio with every document: alice's to-do documents are tasks without her annotation (not
    // submitted ones), her skipped one a cancelled annotation, and the dialog names the skip as kept.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Format', { exact: true }).selectOption('labelstudio');
    await exportDialog.getByLabel('Annotator', { exact: true }).selectOption('alice');
    await exportDialog.getByLabel('Without spans', { exact: true }).selectOption('all');
    const check = exportDialog.getByTestId('export-check');
    // Label Studio keeps an annotation's author only as a member's e-mail: "alice" is named as not kept.
    await expect.poll(() => check.textContent()).toContain('who made each annotation, where the name is not an e-mail');
    expect(await check.textContent()).toContain('alice');
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    const studio = await download(page, { annotator: 'alice', format: 'labelstudio', unlabelled: 'all' });
    const tasks = JSON.parse(studio.files[studio.name.replace(/\.zip$/u, '.json')]) as {
      data: { text: string };
      annotations: { created_username?: string; was_cancelled?: boolean; result: unknown[] }[];
    }[];
    expect(tasks.length).toBe(5 + 2);
    const annotationsOf = (text: string) => tasks.find((task) => task.data.text === text)?.annotations;
    expect(annotationsOf(TEXT_A)).toMatchObject([{ created_username: 'alice', result: [{ type: 'labels' }] }]);
    expect(annotationsOf(TEXT_B)).toMatchObject([{ created_username: 'alice', was_cancelled: true }]);
    const todo = tasks.filter((task) => task.data.text !== TEXT_A && task.data.text !== TEXT_B);
    expect(todo.map((task) => task.annotations)).toEqual(todo.map(() => []));
    await context.close();
  });

  it('reads other tools’ span shapes and spaced labels in JSONL, and takes its own Hugging Face and Label Studio .zips back without false errors', async () => {
    const { context, page } = await openApp(browser);
    const input = page.locator('[data-testid=import-input]');
    await input.setInputFiles([
      join(fixtures, 'native/spacy_mixed.jsonl'),
      join(fixtures, 'doccano/spaced_labels.jsonl'),
      join(fixtures, 'doccano/spacy-v2-train.json'),
    ]);
    // spaCy v2's training data (a JSON array of [text, {"entities"}] pairs), not a Label Studio file refused.
    const train = page.locator('.file-card[data-file-name="spacy-v2-train.json"]');
    await expect.poll(() => train.textContent()).toContain('Will arrive: 2 documents (2 new');
    expect(await train.textContent()).toContain('4 new spans');
    // Its card says what it was read as (the format chosen is doccano's, whose reader reads the pairs).
    expect(await train.textContent()).toContain('read as spaCy v2 training data (2 [text, {"entities": …}] pairs)');
    // spaCy v2 "entities" triples and doccano "label" triples in a Spanwright JSONL file are spans, said so.
    const mixed = page.locator('.file-card[data-file-name="spacy_mixed.jsonl"]');
    await expect.poll(() => mixed.textContent()).toContain('Will arrive: 3 documents (3 new');
    expect(await mixed.textContent()).toContain('4 new spans');
    expect(await mixed.textContent()).toContain('2 records give spans under "entities", "ents", "label" or "labels"');
    // A label with spaces around it is trimmed, counted and named, and said to join the one the file also gives.
    const spaced = page.locator('.file-card[data-file-name="spaced_labels.jsonl"]');
    await expect
      .poll(() => spaced.textContent())
      .toContain('Label names with spaces around them were trimmed (2 spans)');
    expect(await spaced.textContent()).toContain(
      '"  spaced  " → "spaced" (1 span, first on line 1; joins the label "spaced"',
    );
    // As the browser shows it: the spaces of a label name are not collapsed as HTML collapses text.
    expect(await spaced.innerText()).toContain('"  spaced  " → "spaced"');
    // One Import for all three, named so; how many it takes is said beside it.
    expect(await page.getByTestId('import-count').textContent()).toBe('3 files ready');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(3);
    await page.getByRole('button', { name: 'Close' }).click();

    // The app's own exports, dropped back as they were downloaded: the companion file is listed as not read.
    const hf = await download(page, { annotator: 'annotator', scope: 'all', format: 'huggingface', unlabelled: 'all' });
    const studio = await download(page, { annotator: 'annotator', scope: 'all', format: 'labelstudio' });
    expect(Object.keys(hf.files)).toContain('labels.json');
    expect(Object.keys(studio.files)).toContain('labeling-config.xml');
    await input.setInputFiles([hf.path, studio.path]);
    const hfCard = page.locator(`.file-card[data-file-name^="${hf.name}: "]`);
    const studioCard = page.locator(`.file-card[data-file-name^="${studio.name}: "]`);
    await expect.poll(() => hfCard.getByTestId('import-summary').count()).toBe(1);
    await expect.poll(() => studioCard.getByTestId('import-summary').count()).toBe(1);
    // Its tags are names, so the tag list beside them names nothing it needs.
    expect(await hfCard.textContent()).toContain(
      'labels.json: read for the names of "ner_tags" class ids, where a line',
    );
    expect(await hfCard.textContent()).not.toContain('are class ids on');
    // Its texts, rebuilt from tokens, land on the stored documents they came from: no copies.
    expect(await hfCard.textContent()).toMatch(/Will arrive: [^.]*\(0 new/u);
    expect(await hfCard.textContent()).toMatch(/\d+ records land on the stored documents of their ids/u);
    expect(await hfCard.textContent()).not.toContain('new documents with new ids');
    expect(await studioCard.textContent()).toContain('labeling-config.xml: not read, the labelling config');
    expect(await page.locator('.file-card').count()).toBe(2);
    expect(await page.locator('.import-dialog [role=alert]').count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // An empty file and a UTF-16 one say what they are, once, and nothing can be imported.
    await input.setInputFiles([
      { name: 'empty.jsonl', mimeType: 'application/jsonl', buffer: Buffer.alloc(0) },
      { name: 'utf16.jsonl', mimeType: 'application/jsonl', buffer: readFileSync(join(fixtures, 'utf16le-bom.jsonl')) },
      { name: 'utf16.txt', mimeType: 'text/plain', buffer: readFileSync(join(fixtures, 'utf16le.txt')) },
      // A .zip of a data folder with an image in it: the image is no text, said before any format is offered.
      {
        name: 'folder.zip',
        mimeType: 'application/zip',
        buffer: Buffer.concat(
          await zipFiles([
            { path: 'photo.png', text: 'PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' },
            { path: 'notes.jsonl', text: '{"text": "Kim met Putin."}\n' },
          ]),
        ),
      },
    ]);
    const card = (name: string) => page.locator(`.file-card[data-file-name="${name}"]`);
    await expect
      .poll(() => card('empty.jsonl').textContent())
      .toContain('empty.jsonl cannot be imported: the file is empty, so there is nothing to import.');
    for (const name of ['utf16.jsonl', 'utf16.txt']) {
      await expect
        .poll(() => card(name).textContent())
        .toContain(`${name} cannot be imported: this file looks like UTF-16: save it as UTF-8 and import it again.`);
      expect(await card(name).textContent()).not.toMatch(/NUL|malformed|not valid UTF-8|recognises/u);
    }
    await expect
      .poll(() => card('folder.zip: photo.png').textContent())
      .toContain('folder.zip: photo.png cannot be imported: it is not UTF-8 text (a NUL byte at byte 8)');
    expect(await card('folder.zip: photo.png').textContent()).not.toMatch(/recognises|Choose one/u);
    await expect.poll(() => card('folder.zip: notes.jsonl').textContent()).toContain('1 document');
    await context.close();
  }, 120_000);

  it('reads doccano 1.x annotations (a layer per user) and Label Studio JSON-MIN regions under the config’s tag, and exports them sliced right (helper-172)', async () => {
    const { context, page } = await openApp(browser);
    const old = [
      {
        id: 901,
        text: 'EU 🇪🇺 rejects German call to boycott lamb.',
        annotations: [
          { id: 1, label: 'ORG', start_offset: 0, end_offset: 2, user: 1 },
          { id: 2, label: 'MISC', start_offset: 14, end_offset: 20, user: 1 },
          { id: 3, label: 'ORG', start_offset: 0, end_offset: 2, user: 2 },
        ],
        meta: {},
        annotation_approver: null,
      },
    ];
    const min = [
      { id: 902, text: 'Lavrov denied it.', annotator: 7, annotation_id: 1, lead_time: 2 },
      {
        id: 903,
        text: '北朝鮮 met Putin.',
        ner: [{ start: 8, end: 13, text: 'Putin', labels: ['PER'] }],
        annotator: 7,
        annotation_id: 2,
        lead_time: 3,
      },
    ];
    await dropFiles(page, [
      { name: 'doccano-1.jsonl', content: old.map((record) => JSON.stringify(record)).join('\n') },
      { name: 'project-min.json', content: JSON.stringify(min) },
    ]);
    const doccano = page.locator('.file-card[data-file-name="doccano-1.jsonl"]');
    await expect.poll(() => doccano.textContent()).toContain('3 new spans');
    const jsonMin = page.locator('.file-card[data-file-name="project-min.json"]');
    await expect.poll(() => jsonMin.textContent()).toContain('1 new span');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(2);
    await page.getByRole('button', { name: 'Close' }).click();
    const exported = await download(page, { annotator: 'all', scope: 'all', format: 'native' });
    expect(
      python(
        `import json,sys\nfound=[]\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    for s in r['spans']:\n        assert r['text'][s['start']:s['end']]==s['text'],s\n        found.append((r['annotator'],s['label'],s['text']))\nprint(sorted(found))`,
        exported.path,
      ),
    ).toBe("[('1', 'MISC', 'German'), ('1', 'ORG', 'EU'), ('2', 'ORG', 'EU'), ('7', 'PER', 'Putin')]");
    // A JSON-MIN row is a submitted annotation: its layer is done (it was to do).
    expect(
      python(
        `import json,sys\nprint([r['status'] for line in open(sys.argv[1],encoding='utf-8') for r in [json.loads(line)] if r['annotator']=='7' and r['spans']])`,
        exported.path,
      ),
    ).toBe("['done']");
    await context.close();
  });

  it('reads spaCy’s Doc.to_json ("ents", span groups), spaCy v2 pairs saved one a line and spaCy v2 JSON, as spans', async () => {
    const { context, page } = await openApp(browser);
    const text = 'Apple is looking at buying U.K. startup for $1 billion';
    const doc = {
      text,
      ents: [
        { start: 0, end: 5, label: 'ORG' },
        { start: 27, end: 31, label: 'GPE' },
      ],
      spans: { sc: [{ start: 44, end: 54, label: 'MONEY', kb_id: '' }] },
      tokens: [{ id: 0, start: 0, end: 5, tag: 'NNP', pos: 'PROPN', morph: '', lemma: 'Apple', dep: 'nsubj', head: 2 }],
    };
    // spaCy v2's JSON, as `spacy convert` wrote it: BILUO tags on tokens found in the paragraph's raw text.
    const token = (orth: string, ner = 'O') => ({ orth, tag: 'NNP', head: 0, dep: 'ROOT', ner });
    const converted = [
      {
        id: 5,
        paragraphs: [
          {
            raw: 'Shoigu 🙂 met Kim Jong Un in 평양.',
            sentences: [
              {
                tokens: [
                  token('Shoigu', 'U-PER'),
                  token('🙂'),
                  token('met'),
                  token('Kim', 'B-PER'),
                  token('Jong', 'I-PER'),
                  token('Un', 'L-PER'),
                  token('in'),
                  token('평양', 'U-GPE'),
                  token('.'),
                ],
              },
            ],
          },
        ],
      },
    ];
    await dropFiles(page, [
      { name: 'docs.jsonl', content: `${JSON.stringify(doc)}\n` },
      { name: 'train.jsonl', content: '["Uber blew through $1 million", {"entities": [[0, 4, "ORG"]]}]\n' },
      { name: 'converted.json', content: JSON.stringify(converted, null, 2) },
    ]);
    const v2 = page.locator('.file-card[data-file-name="converted.json"]');
    await expect.poll(() => v2.textContent()).toContain('3 new spans');
    expect(await v2.textContent()).toContain('read as spaCy v2 JSON (1 document of paragraphs and tokens');
    const docs = page.locator('.file-card[data-file-name="docs.jsonl"]');
    await expect.poll(() => docs.textContent()).toContain('3 new spans');
    expect(await docs.textContent()).toContain('or span groups under "spans"');
    const train = page.locator('.file-card[data-file-name="train.jsonl"]');
    await expect.poll(() => train.textContent()).toContain('1 new span');
    expect(await train.textContent()).toContain('read as spaCy v2 training data (1 [text, {"entities": …}] pair)');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(3);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-testid=doc-item]', { hasText: 'Apple is looking' }).click();
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label} ${span.text}`))
      .toEqual(['ORG Apple', 'GPE U.K.', 'MONEY $1 billion']);
    await page.locator('[data-testid=doc-item]', { hasText: 'Shoigu 🙂 met' }).click();
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label} ${span.text}`))
      .toEqual(['PER Shoigu', 'PER Kim Jong Un', 'GPE 평양']);
    await context.close();
  });

  it('reads a Hugging Face dataset’s class ids with the labels.json dropped beside it, and refuses them, saying so, without it', async () => {
    const { context, page } = await openApp(browser);
    const names = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'];
    // As `Dataset.to_json` writes conll2003: every tag column as class ids.
    const train = [
      {
        id: '7',
        tokens: ['Kim', 'Jong', 'Un', 'met', 'Shoigu', '👩‍👩‍👧', 'in', '평양'],
        ner_tags: [1, 2, 2, 0, 1, 0, 0, 5],
      },
      { id: '8', tokens: ['TASS', 'said', 'so', '🇺🇦'], pos_tags: [22, 38, 30, 0], ner_tags: [3, 0, 0, 0] },
    ];
    const content = train.map((record) => JSON.stringify(record)).join('\n');
    await dropFiles(page, [{ name: 'unnamed.jsonl', content }]);
    const unnamed = page.locator('.file-card[data-file-name="unnamed.jsonl"]');
    await expect.poll(() => unnamed.textContent()).toContain('import it together with the dataset’s labels.json');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await dropFiles(page, [
      { name: 'train.jsonl', content },
      { name: 'labels.json', content: JSON.stringify(names) },
    ]);
    const card = page.locator('.file-card[data-file-name="train.jsonl"]');
    await expect.poll(() => card.textContent()).toContain('4 new spans');
    expect(await card.textContent()).toContain(
      '"ner_tags" are class ids on 2 lines, named by labels.json: 0 "O", 1 "B-PER"',
    );
    expect(await page.locator('.file-card').count()).toBe(1);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.file-card .success').count()).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
    const exported = await download(page, { annotator: 'all', scope: 'all', format: 'native' });
    expect(
      python(
        `import json,sys\nfound=[]\nfor line in open(sys.argv[1],encoding='utf-8'):\n    r=json.loads(line)\n    for s in r['spans']:\n        assert r['text'][s['start']:s['end']]==s['text'],s\n        found.append((r['id'],s['label'],s['text']))\nprint(sorted(found))`,
        exported.path,
      ),
    ).toBe("[('7', 'LOC', '평양'), ('7', 'PER', 'Kim Jong Un'), ('7', 'PER', 'Shoigu'), ('8', 'ORG', 'TASS')]");

    // A .zip of two datasets, each with its own labels.json: each file is read with its own folder's (helper-175).
    const wnut = ['O', 'B-corporation', 'I-corporation', 'B-creative-work', 'I-creative-work'];
    const tweet = { id: 'w0', tokens: ['watching', 'Game', 'of', 'Thrones'], ner_tags: [0, 3, 4, 4] };
    const zip = await zipFiles([
      { path: 'conll2003/train.jsonl', text: content },
      { path: 'conll2003/labels.json', text: JSON.stringify(names) },
      { path: 'wnut_17/train.jsonl', text: JSON.stringify(tweet) },
      { path: 'wnut_17/labels.json', text: JSON.stringify(wnut) },
    ]);
    await page.locator('[data-testid=import-input]').setInputFiles({
      name: 'two.zip',
      mimeType: 'application/zip',
      buffer: Buffer.concat(zip),
    });
    const tweets = page.locator('.file-card[data-file-name="two.zip: wnut_17/train.jsonl"]');
    await expect.poll(() => tweets.textContent()).toContain('named by wnut_17/labels.json: 0 "O", 1 "B-corporation"');
    expect(await tweets.textContent()).toContain('1 new span');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await context.close();
  });

  it('takes a brat .zip with a folder per annotator into their layers, for review, as an export of every layer writes it', async () => {
    const doc = '004_5d84a4a5889c536e';
    const first = await openApp(browser);
    await openDocument(first.page, doc);
    // A name and a label brat cannot spell: its folder and type are named back on import (helper-163).
    await become(first.page, 'ann@x.org');
    await labelWithKey(first.page, 'John Kirby', '1');
    await labelWithKey(first.page, 'Pyongyang', '4');
    await become(first.page, 'bea');
    await labelWithKey(first.page, 'John Kirby', '1');
    const spaced = { id: 'spaced', text: 'Kim met Putin.', label: [[0, 3, 'my label']] };
    await dropFiles(first.page, [{ name: 'spaced.jsonl', content: JSON.stringify(spaced) }]);
    await first.page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => first.page.locator('.file-card .success').count()).toBe(1);
    await first.page.getByRole('button', { name: 'Close' }).click();
    const brat = await download(first.page, { annotator: 'all', format: 'brat' });
    expect(
      Object.keys(brat.files).filter((name) => name.startsWith(`ann_x.org/${doc}`) || name.startsWith(`bea/${doc}`)),
    ).toHaveLength(4);
    expect(brat.files['bea/spaced.ann']).toBe('T1\tmy_label 0 3\tKim\n');
    expect(brat.files['visual.conf']).toContain('\nmy_label | my label\n');
    await first.context.close();

    // Another machine: the .zip arrives as the two layers it holds, said on the card before the import.
    const { context, page } = await openApp(browser);
    await page
      .locator('[data-testid=import-input]')
      .setInputFiles({ name: brat.name, mimeType: 'application/zip', buffer: readFileSync(brat.path) });
    const card = page.locator('.file-card').first();
    await expect.poll(() => card.textContent()).toContain('Into the layers of: ann@x.org, bea');
    expect(await card.textContent()).toContain(
      "Folders read as annotators' layers (as the export that wrote them says): ann@x.org (1 document), bea (2 documents).",
    );
    expect(await card.textContent()).toContain('my_label → "my label"');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('ann@x.org');
    await page.getByLabel('Annotator B').selectOption('bea');
    await page.locator(`[data-review-doc-id="${doc}"]`).click();
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect
      .poll(() => rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind'))))
      .toEqual(['onlyA', 'match']);
    // ann's Pyongyang is hers alone; both labelled John Kirby claim.
    expect(await rows.first().textContent()).toContain('Pyongyang');
    expect(await rows.nth(1).textContent()).toContain('John Kirby');
    // bea's label with a space arrives as it was, not as a new label "my_label".
    await page.getByRole('link', { name: 'Documents' }).click();
    await chooseAnnotator(page, 'bea');
    await openDocument(page, 'spaced');
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label}:${span.text}`))
      .toEqual(['my label:Kim']);
    await context.close();
  }, 120_000);

  it('takes its own brat .zip of one layer back into that layer, not the importer’s, and says so (helper-193)', async () => {
    const doc = '004_5d84a4a5889c536e';
    const first = await openApp(browser);
    await openDocument(first.page, doc);
    await become(first.page, 'ann');
    await labelWithKey(first.page, 'John Kirby', '1');
    await labelWithKey(first.page, 'Pyongyang', '4');
    const brat = await download(first.page, { annotator: 'ann', format: 'brat' });
    expect(brat.files['annotation.conf'].split('\n')[0]).toBe('# Spanwright layer: "ann"');
    await first.context.close();

    // The reviewer's machine: the .zip arrives as ann's layer, said on the card, its annotation.conf read.
    const { context, page } = await openApp(browser);
    await chooseAnnotator(page, 'rev');
    await page
      .locator('[data-testid=import-input]')
      .setInputFiles({ name: brat.name, mimeType: 'application/zip', buffer: readFileSync(brat.path) });
    const card = page.locator('.file-card').first();
    await expect.poll(() => card.textContent()).toContain('Into the layers of: ann');
    expect(await card.textContent()).toContain(
      'The pairs are "ann"\'s layer (1 document), as the export that wrote them says.',
    );
    expect(await card.textContent()).not.toContain('Not read');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await chooseAnnotator(page, 'ann');
    await openDocument(page, doc);
    await expect
      .poll(async () => (await listedSpans(page)).map((span) => `${span.label}:${span.text}`).sort())
      .toEqual(['claim:John Kirby', 'visit:Pyongyang']);
    await context.close();
  });

  it('takes a folder of brat pairs dropped from the file manager, a folder per annotator as their layers', async () => {
    const doc = '004_5d84a4a5889c536e';
    const text = readFileSync(join(import.meta.dirname, '../../public/corpus', `${doc}.txt`), 'utf8');
    const at = (phrase: string) => [...text.slice(0, text.indexOf(phrase))].length;
    const kirby = `${at('John Kirby')} ${at('John Kirby') + 10}`;
    const dropped = join(mkdtempSync(join(tmpdir(), 'spanwright-drop-')), 'kirby-study');
    for (const [who, ann] of [
      ['alice', `T1\tclaim ${kirby}\tJohn Kirby\n`],
      ['bob', `T1\tdenial ${kirby}\tJohn Kirby\n`],
    ]) {
      mkdirSync(join(dropped, who), { recursive: true });
      writeFileSync(join(dropped, who, `${doc}.txt`), text);
      writeFileSync(join(dropped, who, `${doc}.ann`), ann);
      writeFileSync(join(dropped, who, '.DS_Store'), 'not a file of anyone’s');
    }
    writeFileSync(join(dropped, 'annotation.conf'), '[entities]\nclaim\ndenial\n');
    const { context, page } = await openApp(browser);
    // A folder with nothing but hidden files (and an empty folder in it) says so, and offers nothing.
    mkdirSync(join(dropped, '..', 'empty', 'inner'), { recursive: true });
    writeFileSync(join(dropped, '..', 'empty', '.DS_Store'), 'Finder’s');
    await dropFolder(page, join(dropped, '..', 'empty'));
    await expect
      .poll(() => statusText(page))
      .toBe('Nothing to import in empty: it holds no files (hidden ones, such as .DS_Store, are left out).');
    expect(await page.locator('.file-card').count()).toBe(0);
    await dropFolder(page, dropped);
    const card = page.locator('.file-card').first();
    await expect.poll(() => card.textContent()).toContain('Into the layers of: alice, bob');
    expect(await card.textContent()).toContain('alice (1 document), bob (1 document)');
    expect(await card.textContent()).not.toContain('DS_Store');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Annotator A').selectOption('alice');
    await page.getByLabel('Annotator B').selectOption('bob');
    await page.locator(`[data-review-doc-id="${doc}"]`).click();
    const rows = page.locator('[data-testid=differences] tr.difference');
    await expect
      .poll(() => rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind'))))
      .toEqual(['label']);
    expect(await rows.first().textContent()).toContain('John Kirby');
    await context.close();
  });

  it('takes its own CoNLL export back, a tag added in it, onto the same documents: none stored twice (helper-179)', async () => {
    const { context, page } = await openApp(browser);
    await labelWithKey(page, 'John Kirby', '1');
    const exported = await download(page, { format: 'conll', scope: 'all', unlabelled: 'all' });
    // Corrected in a notebook: the first "Ukraine" (in the open article) tagged where the export had none.
    const corrected = exported.text.replace(/^Ukraine O$/mu, 'Ukraine B-visit');
    expect(corrected).not.toBe(exported.text);
    await dropFiles(page, [{ name: 'corrected.conll', content: corrected }]);
    const card = page.locator('.file-card[data-file-name="corrected.conll"]');
    await expect
      .poll(() => card.textContent())
      .toContain('5 records land on stored documents with the same texts apart from spacing');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('[data-testid=doc-item]').count()).toBe(5);
    await expect
      .poll(async () => (await listedSpans(page)).map(({ label, text }) => `${label} ${text}`))
      .toEqual(['visit Ukraine', 'claim John Kirby']);
    await context.close();
  });

  it('writes a CoNLL file’s own tokens back when the export splits at white space', async () => {
    const { context, page } = await openApp(browser);
    const file = ['The O', 'U.S. B-LOC', "didn't O", 'sign O', '$1.5bn O', '. O', '', 'Reuters B-ORG', '', ''].join(
      '\n',
    );
    await dropFiles(page, [{ name: 'wire.conll', content: `-DOCSTART- O\n\n${file}` }]);
    const card = page.locator('.file-card[data-file-name="wire.conll"]');
    await expect.poll(() => card.textContent()).toContain('writes these tokens back');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('Imported');
    await page.getByRole('button', { name: 'Close' }).click();
    // The dialog says which tokens it writes, before the download.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('Format', { exact: true }).selectOption('conll');
    await dialog.getByLabel('Tokens', { exact: true }).selectOption('spaces');
    expect(await dialog.textContent()).toContain('Tokens split at white space');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const spaces = await download(page, { format: 'conll', tokens: 'spaces', unlabelled: 'none' });
    expect(spaces.text).toBe(`-DOCSTART- -X- O O\n\n${file}`);
    // Spanwright's words split "U.S." and "$1.5bn".
    const words = await download(page, { format: 'conll', tokens: 'words', unlabelled: 'none' });
    expect(words.text).toContain('U B-LOC\n. I-LOC\nS I-LOC\n. I-LOC\n');
    await context.close();
  });
});
