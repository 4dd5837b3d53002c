/**
 * Metadata keys a format reads as the record's own (doccano's `label`, Label Studio's `data.text`):
 * an export cannot write them beside the record's own fields, so it counts and names them before
 * the download rather than dropping them without a word.
 */
import type { Loss } from './format';
import type { AnnotatedRecord } from './records';

/** The loss of `record`'s meta keys in `reserved`: none when it has none of them (`perDocument`: a format that writes meta once per document). */
export function reservedMetaLosses(
  record: AnnotatedRecord,
  reserved: ReadonlySet<string>,
  format: string,
  why: string,
  perDocument = false,
): Loss[] {
  const keys = Object.keys(record.meta).filter((key) => reserved.has(key));
  if (keys.length === 0) return [];
  return [
    {
      what: `metadata fields ${format} reads as its own`,
      why,
      count: keys.length,
      examples: keys.map((key) => `${JSON.stringify(key)} of ${record.id}`),
      ...(perDocument ? { perDocument: true as const } : {}),
    },
  ];
}
