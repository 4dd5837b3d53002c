/**
 * Records of one file that write the same layer (the same document and annotator) twice or more:
 * the commit puts their spans into that one layer and keeps one status, the last one the file gives.
 * An import's analysis says both before the user confirms: the records, by line, as a note, and each
 * status given up, as a loss.
 */
import type { Loss } from '../formats/format';
import type { Status } from '../model/types';

/** At most this many repeated layers, and status conflicts, are named. */
const MAX_NAMED = 5;

interface LayerRecords {
  /** `id (annotator)`, as the preview names the layer. */
  name: string;
  lines: number[];
  /** The statuses the records give, with their lines, in file order (records without one left out). */
  statuses: { status: Status; line: number }[];
}

/** What one file's records give each layer, tallied while the analysis reads them. */
export class RepeatedRecords {
  readonly #layers = new Map<string, LayerRecords>();

  /** Counts a record that writes layer `key` (`name` says it: document id and annotator). */
  add(key: string, name: string, line: number, status: Status | null): void {
    let layer = this.#layers.get(key);
    if (!layer) this.#layers.set(key, (layer = { name, lines: [], statuses: [] }));
    layer.lines.push(line);
    if (status !== null) layer.statuses.push({ status, line });
  }

  /** The layers written by more than one record, in the order they were first repeated. */
  #repeated(): LayerRecords[] {
    return [...this.#layers.values()].filter((layer) => layer.lines.length > 1);
  }

  /** The note naming the repeated records of `file` (null when none repeats). */
  note(file: string): string | null {
    const repeated = this.#repeated();
    if (repeated.length === 0) return null;
    const records = repeated.reduce((sum, layer) => sum + layer.lines.length, 0);
    const named = repeated
      .slice(0, MAX_NAMED)
      // A record of a file without lines (a brat pair) has line 0: the layer alone names it.
      .map((layer) =>
        layer.lines.some((line) => line > 0) ? `${layer.name} on lines ${layer.lines.join(', ')}` : layer.name,
      )
      .join('; ');
    const more = repeated.length > MAX_NAMED ? '; …' : '';
    const layers = repeated.length === 1 ? 'the same document and annotator' : 'a document and annotator';
    return (
      `${records.toLocaleString('en')} records of ${file} give ${layers} more than once, and are put together in one ` +
      `layer (their spans joined, one status kept): ${named}${more}.`
    );
  }

  /** The layers whose repeated records give different statuses: the last one given is kept, the others are not. */
  losses(): Loss[] {
    const conflicts = this.#repeated().filter((layer) => new Set(layer.statuses.map((given) => given.status)).size > 1);
    if (conflicts.length === 0) return [];
    const examples = conflicts.map((layer) => {
      const kept = layer.statuses[layer.statuses.length - 1];
      const given = layer.statuses.map(({ status, line }) => `${status} on line ${line}`).join(', ');
      return `${layer.name}: ${given}; ${kept.status} (line ${kept.line}) is kept`;
    });
    return [
      {
        what: 'other statuses of repeated records',
        why: 'a layer has one status per document, and the records of one document and annotator give different ones: the last status given is kept',
        count: conflicts.length,
        line: conflicts[0].statuses[0].line,
        examples,
      },
    ];
  }
}
