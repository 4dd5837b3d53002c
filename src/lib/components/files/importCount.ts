/**
 * The line beside Import: how many files it takes, and, when some of those chosen with them can not be
 * imported, which ones it leaves (helper-202: a good and a broken file together, Import took one, unsaid).
 */
import { quoteText } from '../../state/truncate';
import type { PendingFile } from '../../state/transfers.svelte';

/** Cards whose file Import leaves as they stand: refused, unread, or of no format found. */
const LEFT = new Set<PendingFile['state']['kind']>([
  'refused',
  'unknown',
  'backup-refused',
  'feedback-refused',
  'failed',
]);
/** Files named in the line; more are counted. */
const NAMED = 2;

/** Cards still being read, or waiting for a choice of reading: Import does not take them yet. */
const WAITING = new Set<PendingFile['state']['kind']>(['detecting', 'analysing']);

/**
 * "3 files ready", "1 of 3 files ready (1 still being checked): “broken.jsonl” is not imported", or null (one file,
 * nothing else chosen with it).
 */
export function readyLine(pending: readonly PendingFile[], ready: number): string | null {
  if (ready === 0) return null;
  const left = pending.filter((item) => LEFT.has(item.state.kind));
  const checked = pending.filter((item) => WAITING.has(item.state.kind)).length;
  const asking = pending.filter((item) => item.state.kind === 'ready' && item.readingAsked).length;
  const total = ready + left.length + checked + asking;
  if (total === 1) return null;
  const still = [
    ...(checked > 0 ? [`${checked} still being checked`] : []),
    ...(asking > 0 ? [`${asking} waiting for your choice of offsets`] : []),
  ];
  const checking = still.length > 0 ? ` (${still.join(', ')})` : '';
  if (left.length === 0)
    return total === ready ? `${ready} files ready` : `${ready} of ${total} files ready${checking}`;
  const names = left.slice(0, NAMED).map((item) => quoteText(item.file.name));
  const more = left.length > NAMED ? ` and ${left.length - NAMED} more` : '';
  const verb = left.length === 1 ? 'is' : 'are';
  return `${ready} of ${total} files ready${checking}: ${names.join(', ')}${more} ${verb} not imported`;
}

/** Tables in text, which no annotation tool's span export is. */
const TABLES = /\.(csv|tsv)$/iu;

/** What a card says of a file of no format found, before its choice of format. */
export function unknownFormatLine(name: string): string {
  const table = TABLES.exec(name)?.[1].toLowerCase();
  if (!table) return `${name}: not a format Spanwright recognises. Choose one:`;
  const what =
    table === 'tsv'
      ? 'neither WebAnno TSV 3 (from INCEpTION) nor CoNLL columns, and Spanwright reads no other TSV tables'
      : 'Spanwright reads no CSV tables';
  return (
    `${name}: ${what} (doccano and Label Studio export their span labels as JSONL or JSON: import that instead). ` +
    'To read it as another format anyway, choose one:'
  );
}
