/**
 * Every file format Spanwright reads and writes, in the order the dialogs list them. A format is
 * one module (`native.ts`, `doccano.ts`…) exporting a {@link FileFormat}; adding one means adding
 * it here, and the import detection, the dialogs and the exporter pick it up.
 *
 * @see ../../../docs/formats.md
 */
import { doccanoFormat } from './doccano';
import { bratFormat } from './brat';
import { conllFormat } from './conll';
import type { FileFormat, FileSource, NamedBlob, SourceItem } from './format';
import { huggingFaceFormat } from './huggingface';
import { trimLabelNames } from './labelNames';
import { tidyAnnotatorNames } from './annotatorNames';
import { refuseLoneSurrogates } from './unicodeText';
import { companionNotes } from './sources';
import { labelStudioFormat } from './labelStudio';
import { nativeFormat } from './native';
import { plainTextFormat } from './plainText';
import { prodigyFormat } from './prodigy';
import { spacyFormat } from './spacyDocBin';
import { webAnnoFormat } from './webanno';
import { CODE_POINTS, type OffsetReading, type ReadingSurvey } from './offsetReadings';
import type { AnnotatedRecord, FormatName, OffsetUnit } from './records';

export const FORMATS: readonly FileFormat[] = [
  nativeFormat,
  doccanoFormat,
  labelStudioFormat,
  prodigyFormat,
  bratFormat,
  conllFormat,
  huggingFaceFormat,
  spacyFormat,
  webAnnoFormat,
  plainTextFormat,
];

/** The format named `id`. */
export function formatOf(id: FormatName): FileFormat {
  const format = FORMATS.find((candidate) => candidate.id === id);
  if (!format) throw new RangeError(`no file format is named ${JSON.stringify(id)}`);
  return format;
}

/**
 * Reads `source` (a file, or files that belong together) as `format`, one record at a time (see
 * {@link FileFormat.read}), label names trimmed of white space at either end (`labelNames.ts`: said
 * in a note, counted), annotator names tidied alike (`annotatorNames.ts`), a record holding a string that is not valid Unicode refused (`unicodeText.ts`); a note for each companion file it came with (`sources.ts`), not read.
 */
export function readRecords(
  source: NamedBlob | FileSource,
  format: FormatName,
  options: { reading?: OffsetReading; survey?: ReadingSurvey; onBytes?: (bytesRead: number) => void } = {},
): AsyncIterable<SourceItem> {
  const items = tidyAnnotatorNames(trimLabelNames(refuseLoneSurrogates(readFormat(source, format, options))));
  const notes = 'files' in source ? companionNotes(source, format) : [];
  if (notes.length === 0) return items;
  return (async function* (): AsyncGenerator<SourceItem> {
    yield* items;
    for (const note of notes) yield { note };
  })();
}

function readFormat(
  source: NamedBlob | FileSource,
  format: FormatName,
  options: { reading?: OffsetReading; survey?: ReadingSurvey; onBytes?: (bytesRead: number) => void },
): AsyncIterable<SourceItem> {
  const file = formatOf(format);
  const read = { reading: options.reading ?? CODE_POINTS, survey: options.survey, onBytes: options.onBytes };
  if (!('files' in source)) return file.read(source, read);
  if (file.readBundle) return file.readBundle(source.files, read);
  if (source.files.length === 1)
    return file.read(source.files[0], source.classNames ? { ...read, classNames: source.classNames } : read);
  return (async function* (): AsyncGenerator<SourceItem> {
    yield {
      error: {
        line: 0,
        message: `${file.name} reads one file at a time, and ${source.name} holds ${source.files.length}`,
      },
    };
  })();
}

/**
 * The file for `records` in `format`, chunk by chunk (see {@link FileFormat.write}). `unit`
 * applies to formats that offer a choice of unit; the others write their own.
 */
export function serializeRecords(
  records: Iterable<AnnotatedRecord>,
  format: FormatName,
  unit: OffsetUnit,
  labels: readonly string[] = [],
): Iterable<string> {
  const file = formatOf(format);
  return file.write(records, { unit: file.units.includes(unit) ? unit : file.units[0], labels });
}
