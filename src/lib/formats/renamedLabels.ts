/** The export check's word on labels a format spells otherwise (`uniqueNames.ts`): CoNLL tags, brat types. */
import { quote } from './errorMessages';
import type { Loss } from './format';
import type { AnnotatedRecord } from './records';
import type { UniqueNames } from './uniqueNames';

/** At most this many renames are listed per record (each label once per export). */
const LISTED_RENAMES = 200;

/**
 * The labels of `record` that `names` spells otherwise, as a loss for the export check: every span
 * counted, each renamed label named once per export (`"my label" → "my_label_2"`).
 */
export function labelRenames(record: AnnotatedRecord, names: UniqueNames, why: string): Loss[] {
  const renamed = record.spans.filter((span) => names.nameOf(span.label) !== span.label);
  if (renamed.length === 0) return [];
  const labels = [...new Set(renamed.map((span) => span.label))].filter((label) => names.firstTold(label));
  return [
    {
      what: 'labels renamed',
      why,
      count: renamed.length,
      examples: labels.slice(0, LISTED_RENAMES).map((label) => `${quote(label)} → ${quote(names.nameOf(label))}`),
    },
  ];
}
