/**
 * The shared documents of a team project and the records they hold, as plain values: what a
 * stored span, status, document or label becomes in a Yjs map, and what a value received from the
 * team must be to come back. Values from the server are untrusted: each is validated into its type
 * (the server checks the same shapes, server/sharedRecords.js).
 *
 * A project is a few Yjs documents, so that a member's right to write is a right to a document:
 * `<project>/members` (the server's list of names and roles), `<project>/corpus` (documents and
 * labels; reviewers write), `<project>/gold` (the review's layers; reviewers write) and
 * `<project>/layer/<annotator>` (one annotator's spans and statuses in every document; only they write).
 */
import * as v from 'valibot';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, STATUSES, type Document, type Label, type Span } from '../model/types';
import { spanEntries, TIME } from '../formats/spanSchemas';
import type { SharedDocumentRecord, SharedStatusRecord } from './syncStore';

/** A span as a shared layer holds it: the span without its id (the map key). */
export type SpanRecord = Omit<Span, 'id'>;

/** The names of a project's shared documents. */
export const sharedNames = (project: string) => ({
  members: `${project}/members`,
  corpus: `${project}/corpus`,
  gold: `${project}/gold`,
  layer: (annotator: string) => `${project}/layer/${encodeURIComponent(annotator)}`,
});

const name = v.pipe(v.string(), v.nonEmpty(), v.maxLength(200));
const time = TIME;

const SPAN_RECORD = v.object(spanEntries(name));

const STATUS_RECORD = v.object({ status: v.picklist(STATUSES), updated: time, finished: v.optional(time) });

const DOCUMENT_RECORD = v.object({
  title: v.string(),
  text: v.string(),
  source: v.string(),
  meta: v.record(v.string(), v.unknown()),
  order: time,
  created: time,
});

const LABEL_RECORD = v.object({
  colour: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/u)),
  hotkey: v.pipe(v.string(), v.maxLength(8)),
  description: v.string(),
  order: time,
});

/** Drops the fields a value leaves undefined (Yjs stores only JSON). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** The record a stored span is shared as. */
export function spanRecord(span: Span): SpanRecord {
  const { id: _id, ...record } = span;
  return defined(record);
}

/**
 * The span a shared record under key `id` stands for, or null when it is not a span of a layer
 * `annotatorAllowed` accepts (a document of one annotator only holds their spans).
 */
export function spanFromRecord(id: string, value: unknown, annotatorAllowed: (annotator: string) => boolean) {
  const parsed = v.safeParse(SPAN_RECORD, value);
  if (!parsed.success || parsed.output.end < parsed.output.start || !annotatorAllowed(parsed.output.annotator))
    return null;
  return defined({ ...parsed.output, id }) as Span;
}

/** The annotators whose spans a gold document holds. */
export const isGoldLayer = (annotator: string) => annotator === GOLD_ANNOTATOR || annotator === REJECTED_ANNOTATOR;

export function statusFromRecord(value: unknown): SharedStatusRecord | null {
  const parsed = v.safeParse(STATUS_RECORD, value);
  return parsed.success ? defined(parsed.output) : null;
}

/** The record a stored document is shared as (its fingerprint is recomputed by whoever stores it). */
export function documentRecord(document: Document): Omit<SharedDocumentRecord, 'id'> {
  return {
    title: document.title,
    text: document.text,
    source: document.source,
    meta: document.meta,
    order: document.order,
    created: document.created,
  };
}

export function documentFromRecord(id: string, value: unknown): SharedDocumentRecord | null {
  const parsed = v.safeParse(DOCUMENT_RECORD, value);
  return parsed.success && id !== '' ? { ...parsed.output, id } : null;
}

export function labelRecord(label: Label): Omit<Label, 'name'> {
  return { colour: label.colour, hotkey: label.hotkey, description: label.description, order: label.order };
}

export function labelFromRecord(labelName: string, value: unknown): Label | null {
  const parsed = v.safeParse(LABEL_RECORD, value);
  return parsed.success && labelName.trim() !== '' ? { ...parsed.output, name: labelName } : null;
}

/** A member of the project as the server lists them. */
export interface Member {
  name: string;
  role: 'annotator' | 'reviewer';
}

export function memberFromRecord(memberName: string, value: unknown): Member | null {
  const parsed = v.safeParse(v.object({ role: v.picklist(['annotator', 'reviewer'] as const) }), value);
  return parsed.success && memberName.trim() !== '' ? { name: memberName, role: parsed.output.role } : null;
}

/** True when two JSON values say the same, whatever the order of their keys. */
export function sameValue(left: unknown, right: unknown): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field !== null && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : field,
  );
}

/**
 * What must change in a shared layer of one document so that it holds `local`: the records to set
 * (new or different) and the keys to delete. `shared` is what it holds now, by span id.
 */
export function layerChanges(
  local: readonly Span[],
  shared: ReadonlyMap<string, SpanRecord>,
): { set: [string, SpanRecord][]; remove: string[] } {
  const set: [string, SpanRecord][] = [];
  const ids = new Set<string>();
  for (const span of local) {
    ids.add(span.id);
    if (!sameRecord(shared.get(span.id), span)) set.push([span.id, spanRecord(span)]);
  }
  const remove = [...shared.keys()].filter((id) => !ids.has(id));
  return { set, remove };
}

/**
 * True when a shared value holds `span`'s record (its fields but the id, those left undefined
 * aside): field by field, the nested ones (origin, feedback) by `sameValue`. A layer of 10,000 spans
 * is compared after every label, so nothing is built or serialised for a span that did not change.
 */
function sameRecord(shared: unknown, span: Span): boolean {
  if (typeof shared !== 'object' || shared === null) return false;
  const other = shared as Record<string, unknown>;
  let fields = 0;
  for (const [key, value] of Object.entries(span)) {
    if (key === 'id' || value === undefined) continue;
    fields++;
    const theirs = other[key];
    if (value === theirs) continue;
    if (typeof value !== 'object' || typeof theirs !== 'object' || !sameValue(value, theirs)) return false;
  }
  return Object.keys(other).length === fields;
}

/** A layer summary's status as the shared document records it, or null without a summary. */
export function statusOf(
  summary: { status: SharedStatusRecord['status']; updated: number; finished?: number } | undefined,
) {
  if (!summary) return null;
  return {
    status: summary.status,
    updated: summary.updated,
    ...(summary.finished !== undefined ? { finished: summary.finished } : {}),
  };
}
