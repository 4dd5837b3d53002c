/**
 * Hugging Face token classification as JSONL: one sequence per line,
 * `{"id", "tokens": [...], "ner_tags": ["O", "B-PER", …]}`, the shape of the `conll2003` and
 * `wnut_17` datasets with the tags as names. `datasets.load_dataset("json", data_files=…)` reads it;
 * `labels.json` beside it lists the tag names in class order, for a `ClassLabel` feature.
 *
 * Import rebuilds each text from its tokens (one space between them) and reads the tags in the
 * scheme the file shows; integer tags (class ids, as `Dataset.to_json` writes a `ClassLabel`) are read
 * with the names of a `labels.json` or `dataset_info.json` imported with the file (`classNames.ts`),
 * and refused without one.
 * Export writes IOB2 tags over the tokens of `model/tokens.ts`'s `tokenize`.
 *
 * @see https://huggingface.co/docs/datasets/loading#json
 * @see https://huggingface.co/docs/transformers/tasks/token_classification
 * @see https://huggingface.co/datasets/eriktks/conll2003
 */
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import { andList } from '../model/counted';
import { classNamesNote, readClassNames, tagOfClass, type ClassNames } from './classNames';
import { sortSpans } from '../model/spanOrder';
import { describeValue, parseJson, quote } from './errorMessages';
import type { FileFormat, Loss, OutputFile, SourceItem, WriteOptions } from './format';
import { readJsonlLines } from './jsonlReader';
import { jsonLine } from './jsonLine';
import {
  idFromText,
  isJsonObject,
  readId,
  recordTitle,
  type AnnotatedRecord,
  type ParseResult,
  type RecordSpan,
} from './records';
import { MAX_EXAMPLES, noTokenLoss, tagLosses } from './tokenLosses';
import { TAG_PATTERN, TagTally, tagsFromSpans, tokenRanges } from './tokenTags';
import { loneSurrogateProblem } from './unicodeText';
import { noteLabels, writtenLabels } from './uniqueNames';
import { ErrorCollector } from './validation';
import { tokenRuleNote, type TokenRule } from './tokenRule';

/** How an imported text is made, as the import preview says it. */
export const HUGGING_FACE_TEXT_NOTE =
  'Text rebuilt from the tokens: one space between tokens (an export with Tokens “split at white space” writes these tokens back).';

/** What the export dialog can say of a Hugging Face file. */
export const HUGGING_FACE_EXPORT_NOTE =
  `${tokenRuleNote('words')}, ` +
  'IOB2 tags as strings; labels.json lists the tag names in class order. ' +
  'Exporting all annotators adds each line’s "annotator".';

const KNOWN_KEYS = new Set(['id', 'tokens', 'ner_tags', 'annotator']);

/** The first bad item of a list and how many others there are, for one message. */
function firstOf(bad: string[]): string {
  return bad.length === 1 ? bad[0] : `${bad[0]} (and ${bad.length - 1} more)`;
}

/**
 * Reads Hugging Face JSONL one line at a time ({@link parseLine}), then says what the file as a
 * whole showed ({@link finish}): the tag scheme, and the fields and empty lines left out.
 */
export class HuggingFaceReader {
  private readonly tally = new TagTally();
  private records = 0;
  private readonly otherFields = { count: 0, line: 0, names: new Set<string>() };
  private readonly empty = { count: 0, line: 0 };
  /** Tokens with white space inside ("New York"): an export tokenizes the text again and splits them. */
  private readonly spaced = { count: 0, line: 0, examples: [] as string[] };
  /** Tokens of white space only (" "): an export tokenizes the text again and writes no token there. */
  private readonly blank = { count: 0, line: 0 };
  /** Lines whose tags were class ids, named by {@link classes}. */
  private classIdLines = 0;

  /** `classes`: the names of class ids, from a file beside this one (`classNames.ts`). */
  constructor(private readonly classes: ClassNames | null = null) {}

  /** One line's record; `null` for a line without tokens (left out, and counted). */
  parseLine(line: string, lineNumber: number): ParseResult<AnnotatedRecord | null> {
    const parsed = parseJson(line);
    if ('message' in parsed) return { errors: [{ line: lineNumber, message: parsed.message }] };
    const source = parsed.value;
    if (!isJsonObject(source)) {
      const got = describeValue(source);
      return { errors: [{ line: lineNumber, message: `expected a JSON object {"tokens", "ner_tags"} (got ${got})` }] };
    }
    const errors = new ErrorCollector(lineNumber);
    const given = source.id === undefined || source.id === null ? null : readId(source.id);
    if (given === null && source.id !== undefined && source.id !== null)
      errors.add(`"id" must be a non-empty string or a number (got ${describeValue(source.id)})`);
    const idProblem = given === null ? null : loneSurrogateProblem(given);
    if (idProblem !== null) errors.add(`"id" ${idProblem}`);
    const tokens = readTokens(source.tokens, errors);
    const tags = readTags(source.ner_tags, errors, this.classes, tokens);
    if (tags !== null && (source.ner_tags as unknown[]).some((tag) => typeof tag === 'number')) this.classIdLines++;
    if (tokens !== null && tags !== null && tokens.length !== tags.length)
      errors.add(`has ${tokens.length} tokens but ${tags.length} "ner_tags"`);
    if (errors.errors.length > 0 || tokens === null || tags === null) return { errors: errors.errors };

    // An export of several layers names each line's annotator.
    const annotator = typeof source.annotator === 'string' && source.annotator.trim() !== '' ? source.annotator : null;
    // `"annotator": null` is a document without a layer in an export of every layer: not another field.
    const others = Object.keys(source).filter(
      (key) => !KNOWN_KEYS.has(key) || (key === 'annotator' && source.annotator !== null && annotator === null),
    );
    if (others.length > 0) {
      if (this.otherFields.count === 0) this.otherFields.line = lineNumber;
      this.otherFields.count += others.length;
      for (const key of others) this.otherFields.names.add(key);
    }
    if (tokens.length === 0) {
      if (this.empty.count++ === 0) this.empty.line = lineNumber;
      return { value: null };
    }
    this.records++;
    // A token of white space only is no word an export splits: it is left out there (said apart, helper-196).
    const blanks = tokens.filter((one) => !/\S/u.test(one)).length;
    if (blanks > 0 && this.blank.count === 0) this.blank.line = lineNumber;
    this.blank.count += blanks;
    for (const token of tokens.filter((one) => /\s/u.test(one) && /\S/u.test(one))) {
      if (this.spaced.count++ === 0) this.spaced.line = lineNumber;
      if (this.spaced.examples.length < MAX_EXAMPLES) this.spaced.examples.push(quote(token));
    }
    return { value: { ...this.record(given, tokens, tags, lineNumber), annotator } };
  }

  /** The note on how the texts were made and the tags read, and what the file left out. */
  finish(): SourceItem[] {
    const items: SourceItem[] = [];
    if (this.records > 0)
      items.push({ note: `${HUGGING_FACE_TEXT_NOTE} ${this.tally.note((line) => `on line ${line}`)}` });
    if (this.classIdLines > 0 && this.classes !== null && 'names' in this.classes)
      items.push({ note: classNamesNote(this.classes, this.classIdLines) });
    const { count, line, names } = this.otherFields;
    if (count > 0) {
      const examples = [...names].slice(0, MAX_EXAMPLES).map((name) => quote(name));
      const why = 'Spanwright keeps a line’s id, tokens and tags';
      items.push({ loss: { what: 'other fields', why, count, line, examples } });
    }
    if (this.empty.count > 0)
      items.push({ loss: { what: 'lines without tokens', why: 'a document needs text', ...this.empty } });
    const spaced = this.spaced;
    if (spaced.count > 0)
      items.push({
        note: `${spaced.count === 1 ? '1 token holds' : `${spaced.count.toLocaleString('en')} tokens hold`} white space (${spaced.examples.join(', ')}, the first on line ${spaced.line}): the text keeps ${spaced.count === 1 ? 'it' : 'them'} as given, but a CoNLL or Hugging Face export tokenizes the text again and splits ${spaced.count === 1 ? 'it' : 'them'} there.`,
      });
    const blank = this.blank;
    if (blank.count > 0)
      items.push({
        note: `${blank.count === 1 ? '1 token is' : `${blank.count.toLocaleString('en')} tokens are`} white space only (the first on line ${blank.line}): the text keeps ${blank.count === 1 ? 'it' : 'them'}, but a CoNLL or Hugging Face export tokenizes the text again and writes no token there.`,
      });
    return items;
  }

  private record(given: string | null, tokens: string[], tags: string[], line: number): AnnotatedRecord {
    const text = tokens.join(' ');
    const index = new CodePointIndex(text);
    const ranges = tokenRanges(tokens);
    const spans: RecordSpan[] = this.tally
      .read(ranges, tags, () => line)
      .map((span) => ({ ...span, text: sliceCodePoints(text, span.start, span.end, index) }));
    const id = given ?? idFromText(text);
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

/** `"tokens"`: an array of non-empty strings, or null after noting why not. */
function readTokens(value: unknown, errors: ErrorCollector): string[] | null {
  if (!Array.isArray(value)) {
    errors.add(`"tokens" must be an array of strings (got ${describeValue(value)})`);
    return null;
  }
  const tokens: string[] = [];
  const bad: string[] = [];
  value.forEach((token: unknown, position) => {
    const problem = typeof token === 'string' ? loneSurrogateProblem(token) : null;
    if (problem !== null) bad.push(`token ${position + 1} ${problem}`);
    else if (typeof token === 'string' && token.length > 0) tokens.push(token);
    else bad.push(`token ${position + 1} must be a non-empty string (got ${describeValue(token)})`);
  });
  if (bad.length > 0) {
    errors.add(firstOf(bad));
    return null;
  }
  return tokens;
}

/**
 * `"ner_tags"`: an array of tag names (`O`, `B-PER`…), or of class ids that `classes` names; null
 * after noting why not.
 */
function readTags(
  value: unknown,
  errors: ErrorCollector,
  classes: ClassNames | null,
  tokens: readonly string[] | null,
): string[] | null {
  if (!Array.isArray(value)) {
    errors.add(`"ner_tags" must be an array of tags like "B-PER" (got ${describeValue(value)})`);
    return null;
  }
  const named = classes !== null && 'names' in classes ? classes : null;
  const names = named?.names ?? null;
  if (names === null && value.some((tag) => typeof tag === 'number')) {
    errors.add(unnamedClasses(classes));
    return null;
  }
  const tags: string[] = [];
  const bad: string[] = [];
  const unnamed: string[] = [];
  value.forEach((tag: unknown, position) => {
    const problem = typeof tag === 'string' ? loneSurrogateProblem(tag) : null;
    if (typeof tag === 'number' && named !== null) {
      if (Number.isInteger(tag) && tag >= 0 && tag < named.names.length) tags.push(tagOfClass(named, tag));
      else {
        const token = tokens?.[position];
        unnamed.push(`tag ${position + 1}${token === undefined ? '' : ` (${quote(token)})`} is class ${tag}`);
      }
    } else if (problem !== null) bad.push(`tag ${position + 1} ${problem}`);
    else if (typeof tag === 'string' && TAG_PATTERN.test(tag)) tags.push(tag);
    else
      bad.push(`tag ${position + 1} is not a tag: ${describeValue(tag)} (expected O, or B-, I-, E-, S- and a label)`);
  });
  if (unnamed.length > 0 && classes !== null) {
    const [does, names, they] =
      classes.files.length > 1 ? ['do', 'they name', 'they do'] : ['does', 'it names', 'it does'];
    const more = unnamed.length - 1;
    errors.add(
      `${unnamed[0]}, which ${andList(classes.files)} ${does} not name (${names} classes 0 to ${(named?.names.length ?? 0) - 1})` +
        (more === 0
          ? ''
          : `; ${more} more ${more === 1 ? 'tag' : 'tags'} on this line ${more === 1 ? 'is a class' : 'are classes'} ${they} not name either`),
    );
  }
  if (bad.length > 0) errors.add(firstOf(bad));
  return bad.length > 0 || unnamed.length > 0 ? null : tags;
}

/** Why class ids can not be read: no file named them, or the one given does not (`classNames.ts`). */
function unnamedClasses(classes: ClassNames | null): string {
  if (classes === null || 'names' in classes)
    return (
      '"ner_tags" holds class ids (numbers), and the file does not name them: import it together with the ' +
      'dataset’s labels.json (its tag names in class order) or dataset_info.json, or write the tags as strings ("B-PER")'
    );
  const they = classes.files.length > 1 ? 'do' : 'does';
  return `"ner_tags" holds class ids (numbers), and ${andList(classes.files)} ${they} not name them: ${classes.problem}`;
}

/** Reads one line of Hugging Face JSONL on its own (see {@link HuggingFaceReader}). */
export function parseHuggingFaceLine(line: string, lineNumber: number): ParseResult<AnnotatedRecord | null> {
  return new HuggingFaceReader().parseLine(line, lineNumber);
}

/**
 * One Hugging Face JSONL line (no trailing newline): `{"id","tokens","ner_tags"}`, the tokens
 * `tokenize(text)` of model/tokens.ts (CoNLL's) and IOB2 tags of the spans. A line is a whole
 * document, so a span across a line break is written (CoNLL, a sentence per line, leaves it out).
 * With `withAnnotator` (an export of several layers, where one id comes once per layer) `"annotator"`
 * after the id on every line, null for a document without a layer, so every line has the same keys.
 */
export function serializeHuggingFace(
  record: AnnotatedRecord,
  withAnnotator = false,
  rule: TokenRule = 'words',
): string {
  const { tokens, tags } = tagsFromSpans(record.text, record.spans, rule);
  const index = new CodePointIndex(record.text);
  const words = tokens.map((token) => record.text.slice(index.toUtf16(token.start), index.toUtf16(token.end)));
  const annotator = withAnnotator ? `,"annotator":${JSON.stringify(record.annotator)}` : '';
  return jsonLine(
    `{"id":${JSON.stringify(record.id)}${annotator},"tokens":${JSON.stringify(words)},"ner_tags":${JSON.stringify(tags)}}`,
  );
}

/** The tag names of `labels` in class order: `O`, then `B-` and `I-` of each label. */
export function tagNames(labels: readonly string[]): string[] {
  return ['O', ...labels.flatMap((label) => [`B-${label}`, `I-${label}`])];
}

/** Hugging Face token classification JSONL: documents and IOB2 spans over `tokenize` tokens. */
export const huggingFaceFormat: FileFormat = {
  id: 'huggingface',
  name: 'Hugging Face',
  detail: 'token classification JSONL',
  extension: 'jsonl',
  mime: 'application/jsonl',
  units: ['codepoint'],
  offsets: false,
  tokenized: true,
  exportNote: HUGGING_FACE_EXPORT_NOTE,
  carries: { annotator: 'several layers', status: false, meta: false, spans: true, documents: true },
  detect: ({ first, keys }) => (first === '{' && keys.includes('tokens') && keys.includes('ner_tags') ? 3 : 0),
  async *read(file, { onBytes, classNames }) {
    const reader = new HuggingFaceReader(classNames?.length ? await readClassNames(classNames) : null);
    for await (const item of readJsonlLines(file.stream(), { onProgress: onBytes })) {
      if (item.error) {
        yield { error: item.error };
        continue;
      }
      const parsed = reader.parseLine(item.line, item.lineNumber);
      if ('errors' in parsed) for (const error of parsed.errors) yield { error };
      else if (parsed.value !== null) yield { record: parsed.value, line: item.lineNumber };
    }
    yield* reader.finish();
  },
  *write(records, options) {
    for (const record of records) {
      noteLabels(options, record.spans);
      yield `${serializeHuggingFace(record, options.severalLayers, options.tokens)}\n`;
    }
  },
  // The label set's tags, then those of any other label a span had (written after the records).
  companions: (options: WriteOptions): OutputFile[] => [
    { path: 'labels.json', text: `${JSON.stringify(tagNames(writtenLabels(options)))}\n` },
  ],
  // A line is a whole document: a span across a line break is written, not counted.
  lossesOf: (record: AnnotatedRecord, options?: WriteOptions): Loss[] => [
    ...noTokenLoss(
      record,
      'a Hugging Face record holds a text as its tokens, and these have none: it is written with no tokens, and importing it back gives no document',
    ),
    ...tagLosses(record, false, options?.tokens),
  ],
};
