/**
 * WebAnno TSV 3.x (3.0–3.3), as WebAnno 3 and INCEpTION export a document (`ctsv3`): import only.
 *
 * A header `#FORMAT=WebAnno TSV 3.x` and layer declarations (`#T_SP=` span, `#T_CH=` chain,
 * `#T_RL=` relation: `type|feature|…`), then sentences: `#Text=` lines, then one line per token
 * `sent-tok<TAB>begin-end<TAB>token<TAB>column…` with one column per declared feature (`_` none,
 * `*` an annotation without a value, `A[3]|B` stacked annotations, `[n]` joining the tokens of one
 * multi-token annotation). Sub-token lines (`1-3.1`) carry their own offsets.
 *
 * - The text is rebuilt as INCEpTION rebuilds it: each sentence (its `#Text` lines joined by `\n`)
 *   starts at the begin offset of its first token; a gap before it is a `\n` and spaces (spaces
 *   alone before the first sentence). The text ends with the last sentence (INCEpTION adds a `\n`).
 *   Every token must quote the rebuilt text at its offsets.
 * - Offsets count UTF-16 code units, end exclusive (INCEpTION is Java): a file is always read so,
 *   and a note says it; the import card offers no other reading (`offsets: false`).
 * - Each span layer gives spans labelled by its feature with values on the most annotations (of
 *   equals, `value`: `webannoLabels.ts`); an annotation without a value there is labelled with the
 *   layer's short name. Chains, relations, slot links and the other features' values are counted as losses.
 * - One document per file; its id is the file name without its extension.
 *
 * @see https://webanno.github.io/webanno/releases/3.6.11/docs/user-guide.html#sect_webannotsv
 * @see https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_webannotsv
 * @see ../../../docs/formats.md
 */
import { sortSpans } from '../model/spanOrder';
import { quote } from './errorMessages';
import type { FileFormat, Loss, NamedBlob, ReadOptions, SourceItem } from './format';
import { readJsonlLines } from './jsonlReader';
import type { OffsetReading, ReadingSurvey } from './offsetReadings';
import { idFromFileName } from './plainText';
import { idFromText, recordTitle } from './records';
import type { AnnotatedRecord, FormatError, ParseResult, RecordSpan } from './records';
import { checkSpan, SpanTarget } from './validation';
import { labelColumns, otherFeatureLosses } from './webannoLabels';

type LayerKind = 'span' | 'chain' | 'relation';
/** What a column holds: a feature's value, a feature-less layer's `*`, a slot's roles or targets, or the rest. */
type ColumnRole = 'feature' | 'placeholder' | 'slotRole' | 'slotTarget' | 'other';

/** A declared layer; `shortName` is the part of its type name after the last `.` (`NamedEntity`). */
type Layer = { kind: LayerKind; name: string; shortName: string };
/** One annotation column of the token lines; `first` is its layer's first (where chains and relations are counted). */
type Column = { layer: number; role: ColumnRole; feature: string; first: boolean };
/** A token or sub-token line, its offsets as the file counts them. */
type TokenLine = { id: string; begin: number; end: number; text: string; line: number };
/** A span layer's annotation, gathered over its token lines; its real (not `*`) values by column, unescaped. */
type Gathered = TokenLine & { layer: number; values: Map<number, string> };
/** How many of something the file holds, and the line of the first (0: none). */
type Tally = { count: number; line: number };

/** One WebAnno TSV file read: its document and layer, what it held that Spanwright does not keep, and notes. */
export type WebAnnoDocument = { record: AnnotatedRecord; losses: Loss[]; notes: string[] };

/** `id`: the document's (`idFromText` when absent); `reading`: how offsets count (UTF-16 code units unless said). */
export type WebAnnoOptions = { id?: string; reading?: OffsetReading; survey?: ReadingSurvey | null };

/** INCEpTION's own reading: UTF-16 code units, end exclusive, the text as it is. */
export const WEBANNO_READING: OffsetReading = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false };

const FORMAT_LINE = /^#FORMAT=WebAnno TSV (\d+)\.(\d+)\s*$/u;
const LAYER_LINE = /^#T_(SP|CH|RL)=(.*)$/u;
const UNIT_ID = /^\d+-\d+(\.\d+)?$/u;
const OFFSETS = /^(\d+)-(\d+)$/u;
const DIGITS = /^\d+$/u;
/** `#Text=` escapes since 3.2 (besides `\` + a raw control character, which stands for it). */
const TEXT_ESCAPES = new Map(Object.entries({ '\\': '\\', t: '\t', n: '\n', f: '\f', r: '\r', b: '\b' }));
/** Feature value escapes that are not the character itself. */
const VALUE_ESCAPES = new Map(Object.entries({ t: '\t', n: '\n' }));

/** A `#Text=` line's text: `\\`, `\t`, `\n`, `\f`, `\r`, `\b` (and, before 3.2, Java's `\uXXXX`, `\'`, `\"`). */
export function unescapeText(text: string, minorVersion = 3): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/gu, (escape, code: string) => {
    const known = TEXT_ESCAPES.get(code);
    if (known !== undefined) return known;
    const unit = code.charCodeAt(0);
    // INCEpTION escapes the control characters without a name of their own as `\` + the character.
    if (minorVersion >= 2) return code.length === 1 && (unit < 8 || (unit > 13 && unit < 32)) ? code : escape;
    if (code === "'" || code === '"') return code;
    return code.length === 5 ? String.fromCharCode(parseInt(code.slice(1), 16)) : escape;
  });
}

/** A feature value: `\\`, `\[`, `\]`, `\|`, `\_`, `\->`, `\;`, `\*`, `\t`, `\n`. */
export function unescapeValue(value: string): string {
  return value.replace(/\\([\\[\]|_;*tn]|->)/gu, (_escape, code: string) => VALUE_ESCAPES.get(code) ?? code);
}

/** `value` split at each `separator` not escaped by a backslash. */
function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let at = 0; at < value.length; at++) {
    if (value[at] === '\\') at++;
    else if (value[at] === separator) {
      parts.push(value.slice(from, at));
      from = at + 1;
    }
  }
  parts.push(value.slice(from));
  return parts;
}

/** A value and its `[n]` suffix (a disambiguation or chain id), when it ends in an unescaped one. */
function splitSuffix(raw: string): { value: string; id: string | null } {
  let open = -1;
  for (let at = 0; at < raw.length; at++) {
    if (raw[at] === '\\') at++;
    else if (raw[at] === '[') open = at;
    else if (raw[at] === ']' && at === raw.length - 1 && open >= 0)
      return { value: raw.slice(0, open), id: raw.slice(open + 1, at) };
  }
  return { value: raw, id: null };
}

/** Adds a layer declared as `type|feature|…` and its columns; false when it names no type. */
function declareLayer(kind: LayerKind, declaration: string, layers: Layer[], columns: Column[]): boolean {
  const [name, ...features] = declaration.split('|').filter((part) => part.length > 0);
  if (name === undefined) return false;
  const layer = layers.push({ kind, name, shortName: name.slice(name.lastIndexOf('.') + 1) }) - 1;
  // A layer without features still has one column (`*` per annotation).
  if (features.length === 0) columns.push({ layer, role: 'placeholder', feature: '', first: true });
  let afterRole = false;
  features.forEach((feature, index) => {
    let role: ColumnRole = 'other';
    if (kind === 'span') role = afterRole ? 'slotTarget' : feature.startsWith('ROLE_') ? 'slotRole' : 'feature';
    afterRole = role === 'slotRole';
    columns.push({ layer, role, feature, first: index === 0 });
  });
  return true;
}

/** What a file may hold that Spanwright does not import, and why. */
const LOST = {
  relations: ['relations', 'Spanwright keeps spans, not relations between them'],
  chains: ['coreference chains', 'Spanwright keeps spans, not chains of them'],
  slots: ['slot links', 'Spanwright keeps spans, not links between them'],
} as const;
const tally = (): Tally => ({ count: 0, line: 0 });

/** The layers and columns a file declares, and the index of the first line after them. */
function readHeader(lines: readonly string[], fail: (line: number, message: string) => void) {
  const format = FORMAT_LINE.exec(lines[0] ?? '');
  if (!format || format[1] !== '3') {
    fail(1, `expected "#FORMAT=WebAnno TSV 3.x" (got ${quote(lines[0] ?? '')})`);
    return null;
  }
  const layers: Layer[] = [];
  const columns: Column[] = [];
  let body = 1;
  for (; body < lines.length; body++) {
    const line = lines[body];
    const declared = LAYER_LINE.exec(line);
    if (!declared && line.trim() !== '') break;
    const kind = declared?.[1] === 'SP' ? 'span' : declared?.[1] === 'CH' ? 'chain' : 'relation';
    if (declared && !declareLayer(kind, declared[2], layers, columns))
      fail(body + 1, `layer declaration without a type name: ${quote(line)}`);
  }
  return { minorVersion: Number(format[2]), layers, columns, body };
}

type Header = NonNullable<ReturnType<typeof readHeader>>;

/** The sentences and tokens of a file: the text they rebuild, the annotations their columns hold. */
class Body {
  text = '';
  /** Length of `text` as the file's offsets count it (a CRLF as one when the reading says so). */
  counted = 0;
  readonly tokens: TokenLine[] = [];
  readonly gathered = new Map<string, Gathered>();
  readonly chains = new Set<string>();
  readonly tallies: Record<keyof typeof LOST, Tally> = { relations: tally(), chains: tally(), slots: tally() };

  constructor(
    readonly header: Header,
    readonly reading: OffsetReading,
    readonly fail: (line: number, message: string) => void,
  ) {}

  /** Puts a sentence's text at the begin offset of its first token, after a `\n` and spaces. */
  place(parts: readonly string[], token: TokenLine): void {
    const gap = token.begin - this.counted;
    if (gap < 0) return this.fail(token.line, `sentence starts at ${token.begin}, inside the one before it`);
    this.append(this.text.length === 0 ? ' '.repeat(gap) : gap === 0 ? '' : `\n${' '.repeat(gap - 1)}`);
    this.append(parts.join('\n'));
  }

  append(piece: string): void {
    if (this.reading.lfNewlines)
      this.counted -=
        (piece.match(/\r\n/gu)?.length ?? 0) + (this.text.endsWith('\r') && piece.startsWith('\n') ? 1 : 0);
    this.text += piece;
    this.counted += piece.length;
  }

  /** Reads the annotation columns of a token or sub-token line. */
  annotate(fields: readonly string[], token: TokenLine): void {
    const { columns, layers } = this.header;
    columns.forEach((column, columnIndex) => {
      const raw = fields[3 + columnIndex];
      if (raw === '_') return;
      const layer = layers[column.layer];
      splitUnescaped(raw, '|').forEach((stacked, stackIndex) => {
        const { value, id } = splitSuffix(stacked);
        if (layer.kind === 'relation') {
          if (column.first) count(this.tallies.relations, 1, token.line);
        } else if (layer.kind === 'chain') {
          // The bracket on a chain's type names its chain: each chain counts once.
          const chain = `${column.layer}#${id ?? `${token.line}.${stackIndex}`}`;
          if (column.first && !this.chains.has(chain)) count(this.tallies.chains, 1, token.line);
          this.chains.add(chain);
        } else if (column.role === 'slotTarget') {
          const targets = splitUnescaped(stacked, ';').filter((target) => UNIT_ID.test(splitSuffix(target).value));
          count(this.tallies.slots, targets.length, token.line);
        } else if (id !== null && !DIGITS.test(id)) {
          this.fail(token.line, `${layer.shortName} value ${quote(stacked)} has a bad disambiguation id [${id}]`);
        } else {
          // Without an id, an annotation is the stacked value at the same place in its layer's columns.
          const key = id === null ? `${column.layer}@${token.line}.${stackIndex}` : `${column.layer}#${id}`;
          const annotation = this.gathered.get(key) ?? { ...token, layer: column.layer, values: new Map() };
          this.gathered.set(key, annotation);
          annotation.begin = Math.min(annotation.begin, token.begin);
          annotation.end = Math.max(annotation.end, token.end);
          if (column.role === 'feature' && value !== '*' && value !== '')
            annotation.values.set(columnIndex, unescapeValue(value));
        }
      });
    });
  }
}

function count(tally: Tally, found: number, line: number): void {
  tally.count += found;
  if (found > 0 && tally.line === 0) tally.line = line;
}

/** Reads the sentences and token lines after the header into a {@link Body}. */
function readBody(lines: readonly string[], body: Body): void {
  const { header, fail } = body;
  let sentence: { parts: string[]; line: number; placed: boolean } | null = null;
  let tokenSeen = false;
  const endSentence = () => {
    if (sentence && !sentence.placed) fail(sentence.line, 'sentence has no token lines after its #Text');
    sentence = null;
  };
  for (let index = header.body; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') endSentence();
    else if (line.startsWith('#Text=')) {
      if (sentence?.placed) endSentence();
      sentence ??= { parts: [], line: index + 1, placed: false };
      sentence.parts.push(unescapeText(line.slice('#Text='.length), header.minorVersion));
    } else if (!line.startsWith('#')) {
      // (`#Sentence.id=` and other `#` lines hold nothing Spanwright keeps.)
      const fields = line.split('\t');
      const offsets = OFFSETS.exec(fields[1] ?? '');
      const token = { id: fields[0], begin: Number(offsets?.[1]), end: Number(offsets?.[2]), text: fields[2] ?? '' };
      const problem =
        !UNIT_ID.test(token.id) || !offsets || fields.length < 3
          ? `expected a token line "1-1<TAB>0-5<TAB>token…" (got ${quote(line)})`
          : annotationColumns(fields) !== header.columns.length
            ? `has ${annotationColumns(fields)} annotation columns but the header declares ${header.columns.length}`
            : sentence === null
              ? `token ${token.id} is not in a sentence (no #Text line before it)`
              : token.id.includes('.') && !tokenSeen
                ? `sub-token ${token.id} comes before any token`
                : null;
      if (problem !== null || sentence === null) {
        fail(index + 1, problem ?? '');
        if (sentence) sentence.placed = true; // (the file is refused: not "a sentence without tokens" too)
        continue;
      }
      const tokenLine = { ...token, line: index + 1 };
      if (!token.id.includes('.')) {
        tokenSeen = true;
        if (!sentence.placed) body.place(sentence.parts, tokenLine);
        sentence.placed = true;
      }
      body.tokens.push(tokenLine);
      body.annotate(fields, tokenLine);
    }
  }
  endSentence();
}

/** The annotation columns of a token line's `fields`: after id, offsets and token, less the empty field a closing tab leaves. */
const annotationColumns = (fields: readonly string[]) => fields.length - 3 - (fields.at(-1) === '' ? 1 : 0);

/**
 * Reads one WebAnno TSV 3.x document: its text (LF or CRLF line breaks), or its lines without line
 * breaks. Every problem comes back as an error naming its line.
 */
export function parseWebAnno(
  source: string | readonly string[],
  options: WebAnnoOptions = {},
): ParseResult<WebAnnoDocument> {
  const lines = typeof source === 'string' ? source.replace(/^\uFEFF/u, '').split(/\r?\n/u) : source;
  const errors: FormatError[] = [];
  const fail = (line: number, message: string) => void errors.push({ line, message });
  const header = readHeader(lines, fail);
  if (header === null) return { errors };
  const reading = options.reading ?? WEBANNO_READING;
  const body = new Body(header, reading, fail);
  readBody(lines, body);
  if (body.tokens.length === 0 && errors.length === 0) fail(0, 'the file has no sentences (#Text and token lines)');
  if (errors.length > 0) return { errors };

  const { text } = body;
  const target = new SpanTarget(text, reading, options.survey ?? null);
  for (const token of body.tokens) {
    const quoted = { start: token.begin, end: token.end, label: 'token', text: token.text };
    const checked = checkSpan(quoted, `token ${token.id}`, target);
    if ('message' in checked) fail(token.line, checked.message);
  }
  const notes: string[] = [];
  const annotations = [...body.gathered.values()];
  const labels = labelColumns(header.layers, header.columns, annotations, notes);
  const spans: RecordSpan[] = [];
  for (const annotation of annotations) {
    const layer = header.layers[annotation.layer];
    const label = annotation.values.get(labels[annotation.layer]) ?? layer.shortName;
    const place = { start: annotation.begin, end: annotation.end, label };
    const checked = checkSpan(place, `${layer.shortName} span`, target);
    if ('value' in checked) spans.push(checked.value);
    else fail(annotation.line, checked.message);
  }
  if (errors.length > 0) return { errors: errors.sort((left, right) => left.line - right.line) };

  const losses: Loss[] = (['relations', 'chains', 'slots'] as const)
    .filter((kind) => body.tallies[kind].count > 0)
    .map((kind): Loss => ({ what: LOST[kind][0], why: LOST[kind][1], ...body.tallies[kind] }))
    .concat(otherFeatureLosses(header.layers, header.columns, annotations, labels));
  const id = options.id || idFromText(text);
  const meta = {};
  const title = recordTitle(text, id, meta);
  const record: AnnotatedRecord = { id, text, title, annotator: null, status: null, spans: sortSpans(spans), meta };
  return { value: { record, losses, notes } };
}

/** What the import card says of a WebAnno file's offsets: the one reading the format has. */
export const WEBANNO_OFFSETS_NOTE =
  'Offsets read as UTF-16 code units, end exclusive, as INCEpTION (Java) writes WebAnno TSV: every token is checked against the text at its offsets.';

/**
 * Reads a `.tsv` file: the items of {@link parseWebAnno}, offsets always read as INCEpTION writes
 * them ({@link WEBANNO_READING}, said in a note): the format is not offered other readings.
 */
async function* readWebAnno(file: NamedBlob, options: ReadOptions): AsyncGenerator<SourceItem> {
  // The JSONL line reader decodes and numbers lines alike (blank lines skipped but counted).
  const lines: string[] = [];
  for await (const item of readJsonlLines(file.stream(), { onProgress: options.onBytes })) {
    if (item.error) {
      yield { error: item.error };
      return;
    }
    while (lines.length < item.lineNumber - 1) lines.push('');
    lines.push(item.line);
  }
  yield { note: WEBANNO_OFFSETS_NOTE };
  const parsed = parseWebAnno(lines, { id: idFromFileName(file.name), reading: WEBANNO_READING });
  if ('errors' in parsed) {
    for (const error of parsed.errors) yield { error };
    return;
  }
  for (const note of parsed.value.notes) yield { note };
  for (const loss of parsed.value.losses) yield { loss };
  yield { record: parsed.value.record, line: 1 };
}

/** WebAnno TSV 3.x from WebAnno or INCEpTION: one document's span layers, imported as one layer of spans. */
export const webAnnoFormat: FileFormat = {
  id: 'webanno',
  name: 'WebAnno TSV',
  detail: '3.x, INCEpTION',
  extension: 'tsv',
  mime: 'text/tab-separated-values',
  units: ['codepoint'],
  // Read one way only (UTF-16, as INCEpTION writes it): the import card offers no other reading.
  offsets: false,
  carries: { annotator: false, status: false, meta: false, spans: true, documents: false },
  detect: ({ text }) => (text.replace(/^\uFEFF/u, '').startsWith('#FORMAT=WebAnno TSV 3') ? 5 : 0),
  read: readWebAnno,
  importOnly: true,
  *write() {},
};
