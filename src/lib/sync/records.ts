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
import type * as Y from 'yjs';
import { STATUSES, type Document, type Label, type Span } from '../model/types';
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

/** Whether the server takes `annotator`'s updates to the shared document `name` (it drops what else they send). */
export function writable(name: string, project: string, annotator: string, reviewer: boolean): boolean {
  const names = sharedNames(project);
  return name === names.layer(annotator) || (reviewer && (name === names.corpus || name === names.gold));
}

/** Providers whose handshake (sent as their connection opened) the server has not answered yet. */
const handshaking = new WeakSet<object>();

/**
 * Follows `provider`'s handshake: the provider counts it as a change from its connection's opening until it is
 * synced (helper-206: "waiting to send" beside Refused before anything was labelled). Answers the provider.
 */
export function followHandshake<T extends { on(event: 'open' | 'synced', listener: () => void): unknown }>(
  provider: T,
): T {
  provider.on('open', () => handshaking.add(provider));
  provider.on('synced', () => handshaking.delete(provider));
  return provider;
}

/**
 * Changes this member made that the server has not acknowledged yet, over the shared documents they
 * write: what the server drops (a document read-only to this member) is never acknowledged, so it does not wait;
 * nor is a handshake not answered yet ({@link followHandshake}) a change.
 */
export function waitingChanges(
  shared: Iterable<{ name: string; provider: { unsyncedChanges: number } | null }>,
  project: string,
  annotator: string,
  reviewer: boolean,
): number {
  let count = 0;
  for (const { name, provider } of shared)
    if (provider && writable(name, project, annotator, reviewer))
      count += Math.max(0, provider.unsyncedChanges - (handshaking.has(provider) ? 1 : 0));
  return count;
}

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

/**
 * The label set is shared field by field (`labelFields`, one key per label and field), so two
 * reviewers changing different fields of one label both keep their change. A key is
 * `JSON.stringify([label, field])`; its value a record of that one field (`{ colour: "#ff0000" }`).
 * `renamed` (`{ renamed: "new name" }`) says a removed label was renamed: every copy moves its spans.
 */
export const LABEL_FIELDS = ['colour', 'hotkey', 'description', 'order'] as const;
export type LabelField = (typeof LABEL_FIELDS)[number];

const LABEL_FIELD_RECORDS = {
  colour: LABEL_RECORD.entries.colour,
  hotkey: LABEL_RECORD.entries.hotkey,
  description: LABEL_RECORD.entries.description,
  order: LABEL_RECORD.entries.order,
  renamed: name,
};

/** The key of one field of one label in `labelFields`. */
export const labelFieldKey = (label: string, field: LabelField | 'renamed') => JSON.stringify([label, field]);

/** A label's every field, written whole (a label that was renamed away and made again is no longer renamed). */
export function wholeLabel(label: Label): [string, Record<string, unknown> | null][] {
  return [
    ...LABEL_FIELDS.map((field): [string, Record<string, unknown>] => [
      labelFieldKey(label.name, field),
      { [field]: label[field] },
    ]),
    [labelFieldKey(label.name, 'renamed'), null],
  ];
}

/** The label and field a `labelFields` key names, or null. */
export function parseLabelFieldKey(key: string): { label: string; field: LabelField | 'renamed' } | null {
  try {
    const parsed: unknown = JSON.parse(key);
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [label, field] = parsed as unknown[];
    if (typeof label !== 'string' || label.trim() === '' || typeof field !== 'string') return null;
    return field in LABEL_FIELD_RECORDS ? { label, field: field as LabelField | 'renamed' } : null;
  } catch {
    return null;
  }
}

/**
 * The team's label set and renames as a `labelFields` map holds them: a label is in the set when all
 * its fields are there and valid (a removal deletes them all; a field set by an edit that met a
 * removal does not bring the label back).
 */
export function labelsFromFields(entries: Iterable<[string, unknown]>): {
  labels: Map<string, Label>;
  renamed: Map<string, string>;
} {
  const fields = new Map<string, Record<string, unknown>>();
  const renamed = new Map<string, string>();
  for (const [key, value] of entries) {
    const parsed = parseLabelFieldKey(key);
    if (!parsed || typeof value !== 'object' || value === null) continue;
    const field = (value as Record<string, unknown>)[parsed.field];
    if (!v.is(LABEL_FIELD_RECORDS[parsed.field], field)) continue;
    if (parsed.field === 'renamed') renamed.set(parsed.label, field as string);
    else fields.set(parsed.label, { ...fields.get(parsed.label), [parsed.field]: field });
  }
  const labels = new Map<string, Label>();
  for (const [labelName, record] of fields) {
    const label = labelFromRecord(labelName, record);
    if (label) labels.set(labelName, label);
  }
  return { labels, renamed };
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

/** The members a team's members document lists (the server writes it). */
export const membersOf = (doc: Y.Doc): Member[] =>
  [...doc.getMap('members').entries()].flatMap(([name, value]) => memberFromRecord(name, value) ?? []);

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
export function sameRecord(shared: unknown, span: Span): boolean {
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

/**
 * `annotator`'s whole layer as a full mirror writes it, by document: every document with a span or a
 * status here, or one the shared document holds for them (what this database lacks there goes).
 */
export function wholeLayer<S extends { documentId: string }, T extends { documentId: string }>(
  annotator: string,
  spans: readonly S[],
  statuses: readonly T[],
  shared: Iterable<readonly [annotator: string, documentId: string]>,
): Map<string, { spans: S[]; summary: T | undefined }> {
  const layer = new Map<string, { spans: S[]; summary: T | undefined }>();
  const entry = (documentId: string) =>
    layer.get(documentId) ?? layer.set(documentId, { spans: [], summary: undefined }).get(documentId)!;
  for (const span of spans) entry(span.documentId).spans.push(span);
  for (const row of statuses) entry(row.documentId).summary = row;
  for (const [owner, documentId] of shared) if (owner === annotator) entry(documentId);
  return layer;
}
