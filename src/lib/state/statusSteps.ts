import type { Status } from '../model/types';
import type { Command } from './history.svelte';
import { STATUS_CHANGED } from './stepReasons';

/** Writes a document's status in one layer at `now`: only while it is `from` when given, and, given `finished`, was marked done then. */
export type WriteStatus = (status: Status, now: number, from?: Status, finished?: number) => Promise<boolean>;

/**
 * The undo and redo of a status change from `before` to `after`, first written at `at` (the Documents page's D and
 * its other status keys, the Review page's gold done). Each writes only while the stored status is the one the other
 * left, and an undo of "done" only while it is the done this step wrote: a status another tab or the team set since
 * stays (a done reopened and marked done again too), and the step says so. `undone` runs after an undo that wrote.
 */
export function statusSteps(
  write: WriteStatus,
  now: () => number,
  change: { before: Status; after: Status; at: number },
  undone: () => void = () => {},
): Pick<Command, 'undo' | 'redo'> {
  const { before, after } = change;
  let at = change.at;
  return {
    undo: async () => {
      if (!(await write(before, now(), after, after === 'done' ? at : undefined))) return STATUS_CHANGED;
      undone();
      return undefined;
    },
    redo: async () => {
      at = now();
      return (await write(after, at, before)) ? undefined : STATUS_CHANGED;
    },
  };
}
