/**
 * brat standoff: each document a `.txt` (the text, exactly) and a `.ann` beside it with the same
 * name, one annotation per line. Spanwright reads the text-bound annotations (`T`) as spans, a
 * discontinuous one as one span per fragment (fragments apart only by line breaks are one span,
 * split at them as brat must write it), a quote's space matching a line break of the text, and a
 * `#` annotator note on a `T` as the note of its span(s) (a note on anything else is kept in the document's metadata); relations (`R`, `*`
 * Equiv), events (`E`), attributes (`A`, `M`) and normalisations (`N`) are counted as not
 * imported. Export writes the pairs (a span's note as an `AnnotatorNotes` line) and an
 * `annotation.conf`.
 *
 * Offsets are characters of the `.txt` (brat counts code points, as Python does); a file written
 * by a tool that counted differently is caught by the quotes each `T` line carries.
 *
 * @see https://brat.nlplab.org/standoff.html
 * @see https://brat.nlplab.org/configuration.html
 */
import { compareSpans } from '../model/spanOrder';
import { describeValue, quote } from './errorMessages';
import { MAX_EXAMPLES, spanExample } from './tokenLosses';
import type { FileFormat, Loss, NamedBlob, OutputFile, SourceItem, WriteOptions } from './format';
import { labelRenames } from './renamedLabels';
import { bratStemOf, fileStem, folderKey, folderRename, pairBratFiles, renamedFolders } from './bratFiles';
import { bratAnnotationConf, folderAnnotators, folderNote, isMarkedConf } from './bratFolders';
import { bratType } from './bratNames';
export { bratAnnotationConf, bratType };
import { bratVisualConf, folderLines, isVisualConf, labelsOfTypes, typesNote } from './bratNames';
import { exportNamesOf, type UniqueNames } from './uniqueNames';
import { bratQuote, bratQuoteFits, surveyFragments } from './bratQuotes';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import { idFromFileName, parsePlainText } from './plainText';
import { recordTitle, type AnnotatedRecord, type FormatError, type RecordSpan } from './records';
import { checkSpan, SpanTarget } from './validation';

/** How many discontinuous annotations the card names (file and line). */
const SHOWN = 5;

/** What each kind of brat annotation Spanwright does not keep is called, and why. */
const NOT_KEPT: Record<string, { what: string; why: string }> = {
  R: { what: 'relations', why: 'Spanwright keeps spans, not relations between them' },
  '*': { what: 'equivalence relations', why: 'Spanwright keeps spans, not relations between them' },
  E: { what: 'events', why: 'Spanwright keeps spans, not events over them' },
  A: { what: 'attributes', why: 'Spanwright keeps a span’s label, not attributes on it' },
  M: { what: 'attributes', why: 'Spanwright keeps a span’s label, not attributes on it' },
  N: { what: 'normalisations', why: 'Spanwright keeps a span’s label, not links to a knowledge base' },
};

/** An annotator note on an annotation that is not a span (a relation, an event…), kept in the document's `meta.brat_notes`. */
export interface BratNote {
  /** The annotation's id in the `.ann`, e.g. `T3`. */
  annotation: string;
  note: string;
}

/** What one `.ann` file gives: the record, and what it holds that will not arrive. */
export interface BratDocument {
  record: AnnotatedRecord;
  losses: Loss[];
  /** Text-bound annotations with several fragments (each fragment became a span). */
  discontinuous: number;
  /** The `.ann` lines of the first of them. */
  discontinuousAt: number[];
}

/**
 * Reads one brat document: `text` (the `.txt`, decoded) and `ann` (the `.ann`), named after
 * `txtName`. Errors name the `.ann` line.
 */
export function parseBrat(
  txtName: string,
  text: string,
  ann: string,
  reading: OffsetReading = CODE_POINTS,
  survey: ReadingSurvey | null = null,
): { value: BratDocument } | { errors: FormatError[] } {
  const id = idFromFileName(txtName);
  const target = new SpanTarget(text, reading, survey);
  const errors: FormatError[] = [];
  const spans: RecordSpan[] = [];
  /** The spans each `T` annotation became, by its id. */
  const byAnnotation = new Map<string, RecordSpan[]>();
  const notes: BratNote[] = [];
  const lost = new Map<string, Loss>();
  let discontinuous = 0;
  const discontinuousAt: number[] = [];
  const lines = ann.split(/\r\n|\n|\r/u);
  lines.forEach((line, position) => {
    const lineNumber = position + 1;
    if (line.trim() === '') return;
    const fields = line.split('\t');
    const kind = fields[0].startsWith('#') ? '#' : fields[0].charAt(0);
    if (kind === 'T') {
      const read = readTextBound(fields, target, lineNumber);
      if ('errors' in read) errors.push(...read.errors);
      else {
        spans.push(...read.spans);
        byAnnotation.set(fields[0], read.spans);
        if (read.spans.length > 1 && ++discontinuous <= SHOWN) discontinuousAt.push(lineNumber);
      }
    } else if (kind === '#') {
      const [type, annotation] = (fields[1] ?? '').split(' ');
      // The note runs to the line's end, tabs and all (as a T line's quote does).
      if (type === 'AnnotatorNotes' && annotation) notes.push({ annotation, note: fields.slice(2).join('\t') });
    } else if (kind in NOT_KEPT) {
      const { what, why } = NOT_KEPT[kind];
      const known = lost.get(what);
      if (known) known.count++;
      else lost.set(what, { what, why, count: 1, line: lineNumber });
    } else errors.push({ line: lineNumber, message: `not a brat annotation line (it starts ${quote(fields[0])})` });
  });
  if (errors.length > 0) return { errors };
  // A note on a span becomes its note (notes on one annotation joined by a line break); the rest stay in the meta.
  const others: BratNote[] = [];
  for (const note of notes) {
    const noted = byAnnotation.get(note.annotation);
    if (!noted) others.push(note);
    else for (const span of noted) span.note = span.note ? `${span.note}\n${note.note}` : note.note;
  }
  const meta: Record<string, unknown> = others.length > 0 ? { brat_notes: others } : {};
  const record: AnnotatedRecord = {
    id,
    text,
    title: recordTitle(text, id, meta),
    annotator: null,
    status: null,
    spans: spans.sort(compareSpans),
    meta,
  };
  return { value: { record, losses: [...lost.values()], discontinuous, discontinuousAt } };
}

/** Text that is only line breaks: the gap brat leaves between the fragments of a span it split at them. */
const ONLY_LINE_BREAKS = /^[\r\n]+$/u;

/**
 * A `T` line: `T1<TAB>Label 0 5;9 12<TAB>quoted text` (fragments of a discontinuous one joined by a
 * space). Fragments separated only by line breaks are one span split where brat must split it
 * (Spanwright's export and brat itself write a span across a line break so): they are read back
 * as that one span.
 */
function readTextBound(
  fields: string[],
  target: SpanTarget,
  line: number,
): { spans: RecordSpan[] } | { errors: FormatError[] } {
  const fail = (message: string) => ({ errors: [{ line, message: `${fields[0]} ${message}` }] });
  if (fields.length < 2) return fail('has no type and offsets');
  const [label, ...rest] = fields[1].split(' ');
  const offsets = rest.join(' ');
  if (!label) return fail('has no type');
  // Decimal digits only: Number() would also take "0x5", "1e1" or "5.0".
  const written = offsets.split(';').map((fragment) => fragment.trim().split(/\s+/u));
  const fragments = written.map((pair) => pair.map(Number));
  if (
    fragments.length === 0 ||
    written.some((pair) => pair.length !== 2 || pair.some((value) => !/^\d+$/u.test(value)))
  )
    return fail(`offsets must be "start end" pairs separated by ";" (got ${describeValue(offsets)})`);
  // The quote is the rest of the line: a tab inside it is the text's own.
  const quoted = fields.length > 2 ? fields.slice(2).join('\t') : undefined;
  const spans: RecordSpan[] = [];
  // A quote is surveyed under every reading (all fragments joined, as checked below), once per span it gives.
  const survey = (count: number) => {
    if (quoted !== undefined) surveyFragments(target, fragments, quoted, count);
  };
  for (const [index, [start, end]] of fragments.entries()) {
    const span = checkSpan({ start, end, label }, `fragment ${index + 1}`, target);
    if ('message' in span) {
      survey(1);
      return fail(span.message);
    }
    spans.push(span.value);
  }
  const joined = joinAtLineBreaks(spans, target);
  survey(joined.length);
  const read = spans.map((span) => span.text).join(' ');
  if (quoted !== undefined && !bratQuoteFits(read, quoted)) {
    if (fragments.length > 1) return fail(`quotes ${quote(quoted)} but its fragments read ${quote(read)}`);
    const [start, end] = fragments[0];
    return fail(`fragment 1 quotes ${quote(quoted)} but the text at ${start}–${end} is ${quote(read)}`);
  }
  return { spans: joined };
}

/** `spans` (one annotation's fragments, in order) with each run separated only by line breaks made one span. */
function joinAtLineBreaks(spans: RecordSpan[], target: SpanTarget): RecordSpan[] {
  const index = target.index;
  const joined: RecordSpan[] = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    if (
      previous !== undefined &&
      previous.end < span.start &&
      ONLY_LINE_BREAKS.test(target.text.slice(index.toUtf16(previous.end), index.toUtf16(span.start)))
    ) {
      const end = span.end;
      joined[joined.length - 1] = {
        ...previous,
        end,
        text: target.text.slice(index.toUtf16(previous.start), index.toUtf16(end)),
      };
    } else joined.push(span);
  }
  return joined;
}

/** Reads brat pairs from `files` (any other file is said to be ignored, `annotation.conf` too unless an export of Spanwright's marked it). */
export async function* readBratFiles(
  files: readonly NamedBlob[],
  reading: OffsetReading,
  survey: ReadingSurvey | null,
): AsyncGenerator<SourceItem> {
  const { pairs, unpaired } = pairBratFiles(files);
  const layers = await folderAnnotators(pairs, files);
  const labels = await labelsOfTypes(files);
  if (pairs.length === 0) {
    yield {
      error: { line: 0, message: 'no .txt file with a .ann file of the same name: brat documents come in pairs' },
    };
    return;
  }
  let discontinuous = 0;
  const withDiscontinuous: string[] = [];
  for (const { txt, ann } of pairs) {
    const decoded = parsePlainText(txt.name, new Uint8Array(await txt.arrayBuffer()));
    if ('errors' in decoded) {
      for (const error of decoded.errors) yield { error: { line: 0, message: error.message, file: txt.name } };
      continue;
    }
    const parsed = parseBrat(txt.name, decoded.value.text, await ann.text(), reading, survey);
    if ('errors' in parsed) {
      for (const error of parsed.errors) yield { error: { line: error.line, message: error.message, file: ann.name } };
      continue;
    }
    // The line is the .ann's, not the import's: say it with the file's name.
    for (const loss of parsed.value.losses)
      yield { loss: { ...loss, line: undefined, examples: [`${ann.name}, line ${loss.line}`] } };
    discontinuous += parsed.value.discontinuous;
    for (const line of parsed.value.discontinuousAt)
      if (withDiscontinuous.length < SHOWN) withDiscontinuous.push(`${ann.name}, line ${line}`);
    const annotator = layers?.annotators.get(folderKey(txt.name)) ?? null;
    const named = labels.of(ann.name);
    const spans = parsed.value.record.spans.map((span) => ({ ...span, label: named.get(span.label) ?? span.label }));
    yield { record: { ...parsed.value.record, spans, annotator }, line: 0 };
  }
  if (labels.all.size > 0) yield { note: typesNote(labels.all) };
  yield {
    note: `${pairs.length} brat ${pairs.length === 1 ? 'pair' : 'pairs'}: each .txt with the .ann of the same name.`,
  };
  if (layers !== null) yield { note: folderNote(layers, pairs) };
  // What holds the fragments together does not arrive: each is a span, and an export writes them apart.
  if (discontinuous > 0)
    yield {
      loss: {
        what: 'discontinuous annotations as one',
        why: 'a Spanwright span is one stretch of text, so each fragment became a span of its own with the label (an export writes them apart)',
        count: discontinuous,
        examples: withDiscontinuous,
      },
    };
  const read = (name: string) => (labels.all.size > 0 && isVisualConf(name)) || isMarkedConf(name, layers);
  const ignored = unpaired.map((file) => file.name).filter((name) => !read(name));
  if (ignored.length > 0) yield { note: `Not read (no pair, or not a brat file): ${ignored.join(', ')}.` };
}

/**
 * The `.ann` of one record: a `T` line per span, in reading order. A span across a line break is
 * written as one fragment per line, as brat itself stores it (its lines cannot hold a line break),
 * and read back as one span. A span that begins or ends with a line break has no such fragments:
 * it is left out ({@link bratLeftOut}; the export dialog counts it).
 */
export function serializeBratAnn(record: AnnotatedRecord, typeOf = bratType): string {
  const lines: string[] = [];
  const notes: string[] = [];
  const characters = [...record.text];
  for (const span of record.spans) {
    if (bratLeftOut(span)) continue;
    const id = `T${lines.length + 1}`;
    const fragments: [number, number][] = [];
    let from = span.start;
    for (let at = span.start; at < span.end; at++) {
      if (characters[at] === '\n' || characters[at] === '\r') {
        if (at > from) fragments.push([from, at]);
        from = at + 1;
      }
    }
    if (span.end > from) fragments.push([from, span.end]);
    const quoted = bratQuote(fragments.map(([start, end]) => characters.slice(start, end).join('')).join(' '));
    lines.push(
      `${id}\t${typeOf(span.label)} ${fragments.map(([start, end]) => `${start} ${end}`).join(';')}\t${quoted}`,
    );
    if (span.note) notes.push(`#${notes.length + 1}\tAnnotatorNotes ${id}\t${oneLine(span.note)}`);
  }
  lines.push(...notes);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** True for a span that begins or ends with a line break: brat's fragments hold none at their ends, so it is not written. */
export function bratLeftOut(span: RecordSpan): boolean {
  return /^[\r\n]|[\r\n]$/u.test(span.text);
}

/** A note as brat can hold it: a `.ann` line has no line breaks or tabs, so they become spaces. */
function oneLine(note: string): string {
  return bratQuote(note);
}

/** The export's brat types: unique (`my_label_2` beside a label `my_label`), the label set's first. */
function bratNames(options: WriteOptions): UniqueNames {
  return exportNamesOf(options).labels(bratType);
}

export const bratFormat: FileFormat = {
  id: 'brat',
  name: 'brat',
  detail: 'standoff .txt + .ann pairs',
  extension: 'zip',
  mime: 'application/zip',
  units: ['codepoint'],
  offsets: true,
  carries: { annotator: 'several layers', status: false, meta: false, spans: true, documents: true, spanNotes: true },
  detect: ({ name }) => (/\.ann$/iu.test(name) ? 5 : 0),
  read: (file, { reading, survey }) => readBratFiles([file], reading, survey ?? null),
  readBundle: (files, { reading, survey }) => readBratFiles(files, reading, survey ?? null),
  *write() {
    // brat has no single file: see writeEach.
  },
  writeEach(record, options): OutputFile[] {
    const names = exportNamesOf(options);
    const stem = bratStemOf(record, options);
    const types = names.labels(bratType);
    return [
      { path: `${stem}.txt`, text: record.text },
      { path: `${stem}.ann`, text: serializeBratAnn(record, (label) => types.nameOf(label)) },
    ];
  },
  // Written after the records (exporter.ts), so a label only a span has is declared too.
  // The export's types (brat types already, which bratType keeps as they are).
  companions: (options) => {
    const names = bratNames(options);
    const visual = bratVisualConf(names.renamed());
    const folders = folderLines(renamedFolders(options));
    return [
      {
        path: 'annotation.conf',
        text: bratAnnotationConf(names.names(), options.severalLayers, folders, options.layer),
      },
      ...(visual === null ? [] : [{ path: 'visual.conf', text: visual }]),
    ];
  },
  lossesOf(record, options) {
    const names = exportNamesOf(options);
    const losses: Loss[] = labelRenames(
      record,
      names.labels(bratType),
      'brat types hold only letters, digits, _ and -, and a name another label has already gets a number (_2)',
    );
    const edged = record.spans.filter(bratLeftOut);
    if (edged.length > 0)
      losses.push({
        what: 'spans that begin or end with a line break',
        why: 'brat splits a span at its line breaks and a fragment holds none at its ends, so these are left out whole',
        count: edged.length,
        examples: edged.slice(0, MAX_EXAMPLES).map(spanExample),
        unwritten: true,
      });
    // Named as the file will be (in its annotator's folder, in an export of every layer), so the check and the .zip agree.
    bratStemOf(record, options);
    const renamed = folderRename(record, options);
    if (renamed !== null) losses.push(renamed);
    const stem = names.files(fileStem).nameOf(record.id);
    if (stem !== record.id && names.files(fileStem).firstTold(record.id))
      losses.push({
        what: 'document ids changed into file names',
        why: 'brat names a document after its files: a file name holds only letters, digits, ., _ and -, and two documents never share one, even in another case (macOS and Windows do not tell doc_1 from DOC_1); a copy is named ~2',
        count: 1,
        examples: [`${quote(record.id)} → ${quote(stem)}`],
      });
    const flattened = record.spans.filter((span) => span.note !== undefined && oneLine(span.note) !== span.note);
    if (flattened.length > 0)
      losses.push({
        what: 'line breaks in span notes',
        why: 'a brat note is one line, so its line breaks and tabs become spaces',
        count: flattened.length,
        examples: flattened.slice(0, 5).map((span) => `${JSON.stringify(span.text)} ${span.start}–${span.end}`),
      });
    return losses;
  },
};
