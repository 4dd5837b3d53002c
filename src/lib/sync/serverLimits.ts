/**
 * The limits the sync server holds a shared record to (server/sharedRecords.js). The server refuses
 * an update that carries one record past them, and closes the connection: the provider sends the
 * same update again, so one such record would stop every later change of that member. A record past
 * a limit is therefore not shared at all (it stays in this browser), and the member is told.
 */
import type { Label } from '../model/types';
import type { SpanRecord } from './records';

const NAME = 200;
const TEXT = 10_000_000;

const over = (value: string | undefined, max: number) => value !== undefined && value.length > max;
const limit = (what: string, max: number) => `its ${what} is over ${max.toLocaleString('en')} characters`;

/** A name as a message quotes it: long ones cut to their first 60 characters. */
export function quoted(value: string): string {
  const characters = [...value];
  return `“${characters.length > 60 ? `${characters.slice(0, 59).join('')}…` : value}”`;
}

/** Why the server would refuse a span record (null: it takes it). */
export function spanRefusal(record: SpanRecord): string | null {
  if (over(record.documentId, NAME)) return limit('document id', NAME);
  if (over(record.annotator, NAME)) return limit('annotator name', NAME);
  if (over(record.label, NAME)) return limit('label name', NAME);
  if (over(record.text, TEXT)) return limit('text', TEXT);
  if (over(record.note, 100_000)) return limit('note', 100_000);
  if (over(record.source, 1000)) return limit('source', 1000);
  return null;
}

/** Why the server would refuse a document record. */
export function documentRefusal(record: { title: string; text: string; source: string }): string | null {
  if (over(record.title, 10_000)) return limit('title', 10_000);
  if (over(record.text, TEXT)) return limit('text', TEXT);
  if (over(record.source, 10_000)) return limit('source', 10_000);
  return null;
}

/** Which field of a label the server would refuse, and why (its name is at most 64 characters: model/labels.ts). */
export function labelRefusal(label: Label): { field: 'description' | 'hotkey'; why: string } | null {
  if (over(label.description, 100_000)) return { field: 'description', why: limit('guideline', 100_000) };
  if (over(label.hotkey, 8)) return { field: 'hotkey', why: limit('key', 8) };
  return null;
}

/**
 * Tells `notice` of records left unshared, each once per sync (`told` keeps what was said): the
 * first named, the rest counted.
 */
export function tellUnshared(unshared: readonly string[], told: Set<string>, notice?: (text: string) => void): void {
  const fresh = unshared.filter((what) => !told.has(what));
  if (fresh.length === 0) return;
  for (const what of fresh) told.add(what);
  const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : '';
  notice?.(`Not shared with the team, as the sync server refuses it: ${fresh[0]}${more}. It stays in this browser.`);
}
