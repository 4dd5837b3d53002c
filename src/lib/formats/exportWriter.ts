/**
 * Writes records in any export format as a sequence of file chunks, for a streaming download.
 *
 * @see ../../../docs/formats.md
 */
import { serializeDoccano } from './doccano';
import { labelStudioChunks } from './labelStudio';
import { serializeNative } from './native';
import type { AnnotatedRecord, FormatName, OffsetUnit } from './records';

/**
 * The file for `records` in `format`, chunk by chunk: for the JSONL formats one line (ending in
 * `\n`) per chunk; for Label Studio one task per chunk (consecutive records with the same id share
 * a task, so pass each document's layers together); for text, the first record's text alone.
 * `unit` applies to native only: doccano and Label Studio always count code points.
 */
export function* serializeRecords(
  records: Iterable<AnnotatedRecord>,
  format: FormatName,
  unit: OffsetUnit,
): Generator<string> {
  switch (format) {
    case 'native':
      for (const record of records) yield `${serializeNative(record, unit)}\n`;
      return;
    case 'doccano':
      for (const record of records) yield `${serializeDoccano(record)}\n`;
      return;
    case 'labelstudio':
      yield* labelStudioChunks(records);
      return;
    case 'text':
      for (const record of records) {
        yield record.text;
        return;
      }
  }
}
