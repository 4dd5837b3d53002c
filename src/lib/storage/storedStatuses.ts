/**
 * A status a file gives a layer that storage already holds with another status, set by the
 * annotator (done or skipped): the commit keeps the stored one (a file never takes back what an
 * annotator decided; see `FileImport.storeBatch`). The analysis counts these and names a few, so
 * the preview says so before the user confirms.
 */
import type { Loss } from '../formats/format';
import type { DocumentStatus, Status } from '../model/types';
import type { Written } from './importJournal';
import type { SpanwrightDatabase } from './database';
import { layerKey } from '../model/layerKey';

const MAX_NAMED = 5;

/** The stored statuses of layers `keys` (`[documentId, annotator]`), by layer key; to do and absent ones left out. */
export async function storedStatuses(
  database: SpanwrightDatabase,
  keys: [string, string][],
): Promise<Map<string, Status>> {
  const statuses = new Map<string, Status>();
  if (keys.length === 0) return statuses;
  const rows = await database.statuses.bulkGet(keys.map(([documentId, annotator]) => [annotator, documentId]));
  rows.forEach((row, index) => {
    if (row && row.status !== 'todo') statuses.set(layerKey(keys[index][0], keys[index][1]), row.status);
  });
  return statuses;
}

/** The statuses a file gives layers whose stored status (done or skipped) the commit keeps. */
export class StatusesKept {
  /** Per layer: its name, the stored status, and the last status the file gives (with its line). */
  readonly #layers = new Map<string, { name: string; stored: Status; given: Status; line: number }>();

  /** A record of the file gives layer `key` (stored as `stored`, if set by the annotator) `status` on `line`. */
  add(key: string, name: string, stored: Status | undefined, status: Status | null, line: number): void {
    if (stored === undefined || status === null) return;
    this.#layers.set(key, { name, stored, given: status, line });
  }

  /** The loss the preview lists: the layers whose file status differs from the one kept; none when all agree. */
  losses(): Loss[] {
    const differing = [...this.#layers.values()].filter((layer) => layer.given !== layer.stored);
    if (differing.length === 0) return [];
    return [
      {
        what: 'statuses that differ from the stored ones',
        why: 'a status the annotator set (done or skipped) is kept; a file never takes it back',
        count: differing.length,
        line: Math.min(...differing.map((layer) => layer.line)),
        examples: differing
          .slice(0, MAX_NAMED)
          .map((layer) => `${layer.name}: ${layer.given} on line ${layer.line}, stored ${layer.stored} is kept`),
      },
    ];
  }
}

/**
 * The statuses a file gives layers, said on its card before Import (helper-201: five layers marked done, one of them
 * an empty annotation, arrived unsaid; an empty done layer counts in every agreement figure).
 */
export class StatusesMarked {
  /** Per layer: the status the file sets (null: none it changes), and whether the layer is left with no span. */
  readonly #layers = new Map<string, { status: Status | null; empty: boolean }>();

  /**
   * A record of the file gives layer `key` `status` and `spans` spans; the layer holds `stored` (a status the
   * annotator set, which a file never takes back: no change then) and `storedSpans` spans already.
   */
  add(key: string, status: Status | null, spans: number, stored: Status | undefined, storedSpans: number): void {
    const before = this.#layers.get(key);
    const empty = spans === 0 && storedSpans === 0 && (before?.empty ?? true);
    const sets = stored === undefined && (status === 'done' || status === 'skipped') ? status : null;
    this.#layers.set(key, { status: status === null ? (before?.status ?? null) : sets, empty });
  }

  /** "It marks 5 layers done (1 of them with no span: …) and 1 skipped." Null when it marks none. */
  note(): string | null {
    const marks = [...this.#layers.values()].filter((mark) => mark.status !== null);
    const layers = (count: number) => `${count.toLocaleString('en')} ${count === 1 ? 'layer' : 'layers'}`;
    const done = marks.filter((mark) => mark.status === 'done');
    const empty = done.filter((mark) => mark.empty).length;
    const skipped = marks.length - done.length;
    if (marks.length === 0) return null;
    const parts = [
      ...(done.length > 0
        ? [
            `${layers(done.length)} done` +
              (empty > 0
                ? ` (${empty.toLocaleString('en')} of them with no span: the annotator found nothing to label there, which the review and agreement count as such)`
                : ''),
          ]
        : []),
      ...(skipped > 0 ? [`${layers(skipped)} skipped`] : []),
    ];
    return `It marks ${parts.join(' and ')}.`;
  }
}

/**
 * The status a layer keeps when the file gives it `status` (null: none): one the annotator set (done or
 * skipped) is never taken back by a file. A file's status not kept is noted in `written.kept` under `name`
 * (the import's result says so: it may have been set in another tab after the card was checked).
 */
export function statusKept(
  before: DocumentStatus | null,
  status: Status | null,
  name: string,
  written: Written,
): Status {
  if (!before || before.status === 'todo') return status ?? before?.status ?? 'todo';
  if (status !== null && status !== before.status)
    (written.kept ??= new Map()).set(name, `${name}: ${before.status} kept, ${status} in the file`);
  return before.status;
}
