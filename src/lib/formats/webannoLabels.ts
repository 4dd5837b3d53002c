/**
 * Which feature of a WebAnno TSV span layer labels its spans, and what the other features held that no span
 * keeps (`webanno.ts` reads the file).
 */
import type { Loss } from './format';

/** A declared layer, by its short name (`NamedEntity`). */
type Layer = { shortName: string };
/** An annotation column: its layer, what it holds, and the feature's name. */
type Column = { layer: number; role: string; feature: string };
/** A span layer's annotation: its layer, its first line, its real values by column. */
type Annotation = { layer: number; line: number; values: ReadonlyMap<number, string> };

const BOOLEAN = /^(true|false)$/u;

/**
 * Each span layer's label column: the feature with values on the most of its annotations; of equals,
 * `value` (NamedEntity's, beside an entity link's `identifier`), then one whose values are not all
 * `true`/`false`, then the first declared. -1 when no feature has a value: the spans are labelled with the
 * layer's short name. Each layer with spans gets a note saying which.
 */
export function labelColumns(
  layers: readonly Layer[],
  columns: readonly Column[],
  annotations: readonly Annotation[],
  notes: string[],
): number[] {
  return layers.map((layer, layerIndex) => {
    const own = annotations.filter((annotation) => annotation.layer === layerIndex);
    let chosen = -1;
    let best: number[] = [0, 0, 0];
    columns.forEach((column, columnIndex) => {
      if (column.layer !== layerIndex || column.role !== 'feature') return;
      const values = own.flatMap((annotation) => annotation.values.get(columnIndex) ?? []);
      if (values.length === 0) return;
      const rank = [values.length, column.feature === 'value' ? 1 : 0, values.every((v) => BOOLEAN.test(v)) ? 0 : 1];
      const better = rank.findIndex((part, index) => part !== best[index]);
      if (better !== -1 && rank[better] > best[better]) [chosen, best] = [columnIndex, rank];
    });
    const by = chosen === -1 ? 'its name (no feature has values)' : `its feature "${columns[chosen].feature}"`;
    if (own.length > 0) notes.push(`${layer.shortName} spans are labelled by ${by}.`);
    return chosen;
  });
}

/** The values of each span layer's features other than its label's (`labels`), a loss each: no span keeps them. */
export function otherFeatureLosses(
  layers: readonly Layer[],
  columns: readonly Column[],
  annotations: readonly Annotation[],
  labels: readonly number[],
): Loss[] {
  return columns.flatMap((column, columnIndex) => {
    if (column.role !== 'feature' || labels[column.layer] === columnIndex) return [];
    const valued = annotations.filter(
      (annotation) => annotation.layer === column.layer && annotation.values.has(columnIndex),
    );
    if (valued.length === 0) return [];
    const layer = layers[column.layer].shortName;
    return [
      {
        what: `values of ${layer}'s feature "${column.feature}"`,
        why: `a span keeps one label, here ${layer}'s ${labels[column.layer] === -1 ? 'name' : `feature "${columns[labels[column.layer]].feature}"`}`,
        count: valued.length,
        line: Math.min(...valued.map((annotation) => annotation.line)),
      },
    ];
  });
}
