/**
 * CoNLL token files, as the CoNLL-2003 shared task wrote them: one token per line, columns
 * separated by spaces or tabs, the token first and its entity tag last (POS and chunk columns may
 * sit between), a blank line after each sentence, and a `-DOCSTART-` line before each document.
 *
 * Import rebuilds each document's text from its tokens (one space between tokens, a line break
 * between sentences) and reads the tags in the scheme the file shows (IOB1, IOB2 or BIOES). Export
 * writes IOB2 tags over the tokens of `model/tokens.ts`'s `tokenize`, one sentence per line of
 * the text, in two columns.
 *
 * @see https://www.clips.uantwerpen.be/conll2003/ner/
 * @see https://aclanthology.org/W03-0419/ (Tjong Kim Sang & De Meulder 2003)
 * @see https://universaldependencies.org/format.html (comment lines starting `#`)
 */
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import { sortSpans } from '../model/spanOrder';
import { LINE_BREAK, SPACE_RUN } from '../model/tokens';
import { describeValue, quote } from './errorMessages';
import type { FileFormat, FileHead, Loss, SourceItem, WriteOptions } from './format';
import { readJsonlLines } from './jsonlReader';
import { idFromText, recordTitle, type AnnotatedRecord, type FormatError, type RecordSpan } from './records';
import { labelRenames } from './renamedLabels';
import { exportNamesOf, type UniqueNames } from './uniqueNames';
import { noTokenLoss, tagLosses } from './tokenLosses';
import { TAG_PATTERN, TagTally, tagsFromSpans, tokenRanges, withinLines } from './tokenTags';
import { tokenRuleNote, type TokenRule } from './tokenRule';

/** The line that starts a document. */
const DOCSTART = '-DOCSTART-';
/**
 * The document line Spanwright writes: the one `spacy convert -c ner` splits documents at (any other, such as
 * CoNLL-2003's own `-DOCSTART- -X- -X- O` or a two-column `-DOCSTART- O`, it reads as a token of the text, running
 * the documents together, helper-218). Readers that skip a line starting `-DOCSTART-` (flair, Hugging Face's
 * conll2003 script, this one) skip it; one that takes the first and last column reads `-DOCSTART-` and `O`, as
 * from a two-column line.
 */
const DOCSTART_LINE = `${DOCSTART} -X- O O`;
const COLUMNS = /[ \t]+/u;
const BLANK = /^[ \t]*$/u;
const EDGE_BLANKS = /^[ \t]+|[ \t]+$/gu;
/** A line that may be a comment (CoNLL-U's `# text = …`); see {@link ConllReader}. */
const COMMENT = /^#(?:[ \t]|$)/u;

/** How an imported document's text is made, as the import preview says it. */
export const CONLL_TEXT_NOTE =
  'Text rebuilt from the tokens: one space between tokens, a line break between sentences (an export with Tokens “split at white space” writes these tokens back).';

/** What the export dialog can say of a CoNLL file. */
export const CONLL_EXPORT_NOTE = `${tokenRuleNote('words')}, one sentence per line of the text, IOB2 tags.`;

interface Sentence {
  tokens: string[];
  tags: string[];
  /** The line of each token. */
  lines: number[];
}

/**
 * Reads a CoNLL file line by line: {@link line} for each line (blank ones may be left out: a gap
 * in the line numbers ends a sentence), then {@link finish}. A document's record comes when the
 * next `-DOCSTART-` or the end of the file closes it; a document with an error line gives errors
 * and no record. A `# ` line is a comment unless it has the columns of the file's token lines
 * (two before the first) and ends in a tag: `# O` is the token `#`.
 */
export class ConllReader {
  private readonly tally = new TagTally();
  private columnCount: number | null = null;
  private sentences: Sentence[] = [];
  private sentence: Sentence = { tokens: [], tags: [], lines: [] };
  private documentLine = 0;
  private documentFailed = false;
  private lastLine = 0;
  private tokens = 0;
  private records = 0;
  private failed = false;
  private readonly extraColumns = { count: 0, line: 0 };
  private readonly comments = { count: 0, line: 0 };
  /** `-DOCSTART-` lines with no token line before the next one (or the end): no text, so no document. */
  private readonly emptyDocuments = { count: 0, line: 0 };

  /** The items line `lineNumber` (1-based) completes: a document's record, or an error. */
  line(text: string, lineNumber: number): SourceItem[] {
    const items: SourceItem[] = [];
    if (lineNumber > this.lastLine + 1) this.endSentence();
    this.lastLine = lineNumber;
    if (BLANK.test(text)) {
      this.endSentence();
      return items;
    }
    if (text.startsWith(DOCSTART)) {
      this.endDocument(items);
      this.documentLine = lineNumber;
      return items;
    }
    const columns = columnsOf(text);
    const tag = columns[columns.length - 1];
    if (COMMENT.test(text) && !this.isTokenLine(columns)) {
      count(this.comments, lineNumber);
      return items;
    }
    if (this.documentLine === 0) this.documentLine = lineNumber;
    if (columns.length < 2)
      return this.fail(items, lineNumber, `${quote(columns[0])} has no tag: expected "token tag"`);
    if (!TAG_PATTERN.test(tag))
      return this.fail(
        items,
        lineNumber,
        `${describeValue(tag)} is not a tag (expected O, or B-, I-, E-, S- and a label)`,
      );
    this.columnCount ??= columns.length;
    // Another count of columns than the lines before: one missing (the tag, in `German JJ B-NP` of a
    // four-column file, whose chunk tag would be read as the entity) or one too many.
    if (columns.length !== this.columnCount)
      return this.fail(
        items,
        lineNumber,
        `has ${columns.length} columns, but the token lines before it have ${this.columnCount}: a column is missing or extra`,
      );
    if (columns.length > 2) count(this.extraColumns, lineNumber);
    this.sentence.tokens.push(columns[0]);
    this.sentence.tags.push(tag);
    this.sentence.lines.push(lineNumber);
    this.tokens++;
    return items;
  }

  /** The items the end of the file completes: the last record, the note, what was left out. */
  finish(): SourceItem[] {
    const items: SourceItem[] = [];
    this.endDocument(items);
    if (this.tokens === 0) {
      if (!this.failed) items.push({ error: { line: 0, message: 'the file holds no token lines ("token tag")' } });
      return items;
    }
    if (this.records > 0) items.push({ note: `${CONLL_TEXT_NOTE} ${this.tally.note((line) => `on line ${line}`)}` });
    if (this.extraColumns.count > 0)
      items.push({
        loss: {
          what: 'columns between token and tag (POS, chunk…)',
          why: 'Spanwright keeps each token and its tag (the last column)',
          ...this.extraColumns,
        },
      });
    if (this.comments.count > 0)
      items.push({
        loss: { what: 'comment lines', why: 'Spanwright keeps tokens and their tags, not comments', ...this.comments },
      });
    if (this.emptyDocuments.count > 0)
      items.push({
        loss: { what: 'documents without tokens', why: 'a document needs text', ...this.emptyDocuments },
      });
    return items;
  }

  /** A `# ` line is a token line when it has the columns of the file's token lines (2 before any). */
  private isTokenLine(columns: string[]): boolean {
    return columns.length === (this.columnCount ?? 2) && TAG_PATTERN.test(columns[columns.length - 1]);
  }

  /** A line that could not be read (not UTF-8): its document gives no record. */
  lineError(error: FormatError): SourceItem[] {
    this.lastLine = Math.max(this.lastLine, error.line);
    return this.fail([], error.line, error.message);
  }

  private fail(items: SourceItem[], line: number, message: string): SourceItem[] {
    items.push({ error: { line, message } });
    this.documentFailed = true;
    this.failed = true;
    return items;
  }

  private endSentence(): void {
    if (this.sentence.tokens.length === 0) return;
    this.sentences.push(this.sentence);
    this.sentence = { tokens: [], tags: [], lines: [] };
  }

  private endDocument(items: SourceItem[]): void {
    this.endSentence();
    const sentences = this.sentences;
    const line = this.documentLine;
    const failed = this.documentFailed;
    this.sentences = [];
    this.documentLine = 0;
    this.documentFailed = false;
    if (sentences.length === 0 && !failed && line > 0) count(this.emptyDocuments, line);
    if (sentences.length === 0 || failed) return;
    items.push({ record: this.record(sentences), line });
    this.records++;
  }

  private record(sentences: Sentence[]): AnnotatedRecord {
    const text = sentences.map((sentence) => sentence.tokens.join(' ')).join('\n');
    const index = new CodePointIndex(text);
    const spans: RecordSpan[] = [];
    let offset = 0;
    for (const sentence of sentences) {
      const ranges = tokenRanges(sentence.tokens, offset);
      offset = ranges[ranges.length - 1].end + 1;
      for (const span of this.tally.read(ranges, sentence.tags, (position) => sentence.lines[position]))
        spans.push({ ...span, text: sliceCodePoints(text, span.start, span.end, index) });
    }
    const id = idFromText(text);
    const meta = {};
    return {
      id,
      text,
      title: recordTitle(text, id, meta),
      annotator: null,
      status: null,
      spans: sortSpans(spans),
      meta,
      tokensOnly: true,
    };
  }
}

/** A line's columns: split at spaces and tabs (other white space, such as U+00A0, stays in its column). */
function columnsOf(line: string): string[] {
  const edges = isBlank(line.charCodeAt(0)) || isBlank(line.charCodeAt(line.length - 1));
  return (edges ? line.replace(EDGE_BLANKS, '') : line).split(COLUMNS);
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function count(tally: { count: number; line: number }, line: number): void {
  if (tally.count === 0) tally.line = line;
  tally.count++;
}

/** Every item of a CoNLL file's text, as {@link conllFormat}'s `read` yields them. */
export function parseConll(text: string): SourceItem[] {
  const reader = new ConllReader();
  const items: SourceItem[] = [];
  // Lines as readJsonlLines gives them: split at \n, a trailing \r dropped, the BOM dropped.
  const lines = text.replace(/^\uFEFF/u, '').split('\n');
  lines.forEach((line, position) => items.push(...reader.line(line.replace(/\r$/u, ''), position + 1)));
  items.push(...reader.finish());
  return items;
}

/** How many of the first lines detection looks at. */
const DETECT_LINES = 50;

/**
 * How sure detection is that `head` starts a CoNLL file: 4 when it clearly does (a `-DOCSTART-`
 * first line, or at least 3 of the first 50 lines that are not blank or comments, and 90% of
 * them, are "token … tag" lines), enough to win over a `.txt` name; 2 when more than half of those
 * lines are (a file with a few untagged lines is still CoNLL, and its reader names them); else 0.
 */
export function detectConll({ text }: FileHead): number {
  const lines = text.replace(/^[\s\uFEFF]+/u, '').split(/\r\n|\r|\n/u, DETECT_LINES * 4);
  if (lines[0].startsWith(DOCSTART)) return 4;
  let seen = 0;
  let tokenLines = 0;
  for (const line of lines) {
    if (BLANK.test(line) || COMMENT.test(line)) continue;
    if (seen++ === DETECT_LINES) break;
    const columns = columnsOf(line);
    if (columns.length >= 2 && TAG_PATTERN.test(columns[columns.length - 1])) tokenLines++;
  }
  seen = Math.min(seen, DETECT_LINES);
  if (seen === 0 || tokenLines * 2 <= seen) return 0;
  return tokenLines >= 3 && tokenLines >= 0.9 * seen ? 4 : 2;
}

/**
 * One record as CoNLL lines: `-DOCSTART- -X- O O`, a blank line, then `token tag` per token and
 * a blank line after each sentence. Tokens are `tokenize(text)` (model/tokens.ts); sentences are
 * the text's lines (split where Python's `str.splitlines()` splits: `\n`, `\r\n`, `\r`, U+2028, U+0085…;
 * empty lines give none). Tags are IOB2
 * (`tagsFromSpans`), a sentence's first tag always `B-` or `O`. A span across a line break is left
 * out whole (a sentence cannot hold it, and its halves are spans nobody made). `labelName` spells
 * a label as a tag holds it (the export's unique names: {@link conllNames}).
 */
export function* serializeConll(
  record: AnnotatedRecord,
  labelName = conllLabel,
  rule: TokenRule = 'words',
): Generator<string> {
  yield `${DOCSTART_LINE}\n\n`;
  const { tokens, tags } = tagsFromSpans(record.text, withinLines(record.spans).kept, rule);
  const index = new CodePointIndex(record.text);
  let lines = '';
  let previousEnd = -1;
  for (let position = 0; position < tokens.length; position++) {
    const from = index.toUtf16(tokens[position].start);
    const startsSentence = previousEnd === -1 || LINE_BREAK.test(record.text.slice(previousEnd, from));
    if (startsSentence && previousEnd !== -1) lines += '\n';
    let tag = tags[position];
    if (tag !== 'O') tag = `${startsSentence ? 'B' : tag.charAt(0)}-${labelName(tag.slice(2))}`;
    previousEnd = index.toUtf16(tokens[position].end);
    lines += `${record.text.slice(from, previousEnd)} ${tag}\n`;
    if (lines.length >= 65536) {
      yield lines;
      lines = '';
    }
  }
  if (previousEnd !== -1) lines += '\n';
  if (lines.length > 0) yield lines;
}

/** A label as a CoNLL tag holds it: white space (Python's too), which separates columns, becomes `_`. */
export function conllLabel(label: string): string {
  return label.replace(SPACE_RUN, '_');
}

/** The export's CoNLL label names: white space made `_`, and unique (`my_label_2` beside a label `my_label`). */
export function conllNames(options?: WriteOptions): UniqueNames {
  return exportNamesOf(options).labels(conllLabel);
}

/**
 * What writing `record` as CoNLL leaves out: a text with no token (`noTokenLoss`), what IOB2 token tags cannot carry (`tagLosses`: spans
 * across a line break, as a sentence is a line, and of the rest those off token boundaries or in
 * a longer span's way), and labels a tag cannot spell as they are (renamed, each named once).
 */
export function conllLosses(record: AnnotatedRecord, options?: WriteOptions): Loss[] {
  return [
    ...noTokenLoss(
      record,
      'a CoNLL file holds a text as its tokens, and these have none: the file keeps only its -DOCSTART- line, and importing it back gives no document',
    ),
    ...tagLosses(record, true, options?.tokens),
    ...labelRenames(
      record,
      conllNames(options),
      'a CoNLL tag holds no white space: it becomes _, and a name another label has already gets a number (_2)',
    ),
  ];
}

/**
 * CoNLL-2003 token files: IOB2 tags over `model/tokens.ts`'s `tokenize` tokens, sentences at the
 * text's line breaks. Keeps documents and spans; not annotators, status or meta.
 */
export const conllFormat: FileFormat = {
  id: 'conll',
  name: 'CoNLL',
  detail: 'IOB2 tags, a token and its tag per line',
  extension: 'conll',
  mime: 'text/plain',
  units: ['codepoint'],
  offsets: false,
  tokenized: true,
  carries: { annotator: false, status: false, meta: false, spans: true, documents: true },
  detect: detectConll,
  exportNote: CONLL_EXPORT_NOTE,
  async *read(file, { onBytes }) {
    const reader = new ConllReader();
    for await (const item of readJsonlLines(file.stream(), { onProgress: onBytes })) {
      if (item.error) {
        yield* reader.lineError(item.error);
        continue;
      }
      yield* reader.line(item.line, item.lineNumber);
    }
    yield* reader.finish();
  },
  *write(records, options) {
    const names = conllNames(options);
    for (const record of records) yield* serializeConll(record, (label) => names.nameOf(label), options.tokens);
  },
  lossesOf: conllLosses,
};
