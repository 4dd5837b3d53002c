/**
 * "Put every span into my layer" (`ImportOptions.intoAnnotator`), skipped records and models' predictions:
 * a cancelled Label Studio annotation, an ignored Prodigy answer, a Label Studio prediction (a `model:`
 * layer) on a task a person annotated too. Joined with a done record of the same document in one layer, a
 * skipped record's spans would train as done (or, the other way round, make the done work skipped, by the
 * records' order), and a model's predictions as that person's finished work (helper-210). So such a record
 * that names its layer keeps it, as without the choice; the same goes for "Into another layer, named". A
 * file of predictions alone goes into the layer chosen, to be corrected there (pre-annotations).
 */
import { isModelLayer } from '../formats/labelStudioExport';
import type { AnnotatedRecord } from '../formats/records';

/**
 * The one layer every record goes to, unless `record` is skipped and names its annotator, or a model's beside a
 * person's (`besidePeople`): then that layer. A skipped record that names none goes where the file's other records go (one person's).
 */
export const intoLayerOf = (record: AnnotatedRecord, into: string | undefined): string | undefined =>
  (record.status === 'skipped' || record.besidePeople === true) && record.annotator !== null ? record.annotator : into;

/** The card's note naming the layers skipped records and models' predictions keep apart from `into` (null when none). */
export function keptApartNote(into: string | undefined, layers: Iterable<string>): string | null {
  if (into === undefined) return null;
  const apart = [...layers].filter((layer) => layer !== into);
  if (apart.length === 0) return null;
  const named = apart.slice(0, 5).map((layer) => JSON.stringify(layer));
  const models = apart.some((layer) => isModelLayer(layer));
  const skipped = apart.some((layer) => !isModelLayer(layer));
  const which = [skipped && 'Skipped records that name their annotator', models && 'models’ predictions']
    .filter(Boolean)
    .join(', and ');
  const would = [
    skipped && 'a skipped record’s spans would train as done',
    models && 'a model’s predictions would train as a person’s work',
  ]
    .filter(Boolean)
    .join(', and ');
  return (
    `${which.charAt(0).toUpperCase()}${which.slice(1)} keep their layers (${named.join(', ')}${apart.length > named.length ? ', …' : ''}), ` +
    `not put into ${JSON.stringify(into)}: joined with a done record of the same document, ${would}.`
  );
}
