/**
 * "Put every span into my layer" (`ImportOptions.intoAnnotator`) and skipped records: a cancelled Label
 * Studio annotation, an ignored Prodigy answer. Joined with a done record of the same document in one
 * layer, a skipped record's spans would train as done (or, the other way round, make the done work
 * skipped, by the records' order). So a skipped record that names its annotator keeps their layer, as
 * without the choice; the same goes for "Into another layer, named".
 */
import type { AnnotatedRecord } from '../formats/records';

/**
 * The one layer every record goes to, unless `record` is skipped and names its annotator: then that
 * annotator's layer. A skipped record that names none goes where the file's other records go (one person's).
 */
export const intoLayerOf = (record: AnnotatedRecord, into: string | undefined): string | undefined =>
  record.status === 'skipped' && record.annotator !== null ? record.annotator : into;

/** The card's note naming the layers skipped records keep apart from `into` (null when none). */
export function keptApartNote(into: string | undefined, layers: Iterable<string>): string | null {
  if (into === undefined) return null;
  const apart = [...layers].filter((layer) => layer !== into);
  if (apart.length === 0) return null;
  const named = apart.slice(0, 5).map((layer) => JSON.stringify(layer));
  return (
    `Skipped records that name their annotator keep that layer (${named.join(', ')}${apart.length > named.length ? ', …' : ''}), ` +
    `not put into ${JSON.stringify(into)}: joined with a done record of the same document, their spans would train as done.`
  );
}
