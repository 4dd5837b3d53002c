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

/** "3 files ready", "1 of 2 files ready: “broken.jsonl” is not imported", or null (one file, nothing left). */
export function readyLine(pending: readonly PendingFile[], ready: number): string | null {
  if (ready === 0) return null;
  const left = pending.filter((item) => LEFT.has(item.state.kind));
  if (left.length === 0) return ready > 1 ? `${ready} files ready` : null;
  const names = left.slice(0, NAMED).map((item) => quoteText(item.file.name));
  const more = left.length > NAMED ? ` and ${left.length - NAMED} more` : '';
  const verb = left.length === 1 ? 'is' : 'are';
  return `${ready} of ${ready + left.length} files ready: ${names.join(', ')}${more} ${verb} not imported`;
}

/** Tables and office files: formats no annotation tool's span export takes, named as such. */
const TABLES = /\.(csv|tsv|xlsx?|ods)$/iu;

/** What a card says of a file of no format found, before its choice of format. */
export function unknownFormatLine(name: string): string {
  const table = TABLES.exec(name);
  if (!table) return `${name}: not a format Spanwright recognises. Choose one:`;
  return (
    `${name}: Spanwright does not read ${table[1].toUpperCase()} tables (doccano and Label Studio export their span ` +
    'labels as JSONL or JSON: export that instead). To read it as another format anyway, choose one:'
  );
}
