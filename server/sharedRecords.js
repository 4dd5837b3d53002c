// What a shared (Yjs) document of a Spanwright project may hold, checked on the server before an
// update is applied. The app writes the same shapes (src/lib/sync/records.ts) and validates what
// it receives again on its side; this copy guards the server's stored data against any client.

/** The shared documents of a project, by the part of their name after `<project>/`. */
export const DOCUMENT_KINDS = ['members', 'corpus', 'gold', 'layer'];

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u;

/**
 * Splits a shared document's name (`<project>/corpus`, `<project>/layer/<annotator>`, …) into its
 * parts, or null for a name no Spanwright client asks for.
 * @param {string} name
 * @returns {{ project: string, kind: string, owner: string | null } | null}
 */
export function parseDocumentName(name) {
  const slash = name.indexOf('/');
  if (slash < 0) return null;
  const project = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!PROJECT.test(project)) return null;
  if (rest === 'members' || rest === 'corpus' || rest === 'gold') return { project, kind: rest, owner: null };
  if (!rest.startsWith('layer/')) return null;
  let owner;
  try {
    owner = decodeURIComponent(rest.slice('layer/'.length));
  } catch {
    return null;
  }
  return isName(owner) ? { project, kind: 'layer', owner } : null;
}

/** @param {unknown} value */
function isName(value) {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200;
}

/** @param {unknown} value */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** @param {unknown} value */
const isCount = (value) => Number.isSafeInteger(value) && /** @type {number} */ (value) >= 0;
/** @param {unknown} value */
const isTime = (value) => typeof value === 'number' && Number.isFinite(value);
/** @param {unknown} value @param {number} max */
const isText = (value, max) => typeof value === 'string' && value.length <= max;
/** @param {unknown} value @param {number} max */
const isOptionalText = (value, max) => value === undefined || isText(value, max);

const MAX_TEXT = 10_000_000;

/**
 * A span as a shared layer holds it (its id is the map key).
 * @param {unknown} value
 * @param {(annotator: string) => boolean} annotatorAllowed
 */
export function isSpanRecord(value, annotatorAllowed) {
  if (!isObject(value)) return false;
  const record = /** @type {Record<string, unknown>} */ (value);
  return (
    isName(record.documentId) &&
    isName(record.annotator) &&
    annotatorAllowed(/** @type {string} */ (record.annotator)) &&
    isCount(record.start) &&
    isCount(record.end) &&
    /** @type {number} */ (record.end) >= /** @type {number} */ (record.start) &&
    isName(record.label) &&
    isText(record.text, MAX_TEXT) &&
    isTime(record.created) &&
    isTime(record.updated) &&
    isOptionalText(record.note, 100_000) &&
    isOptionalText(record.source, 1000) &&
    (record.example === undefined || record.example === true) &&
    (record.origin === undefined || isObject(record.origin)) &&
    (record.feedback === undefined || isObject(record.feedback))
  );
}

/** @param {unknown} value */
export function isStatusRecord(value) {
  if (!isObject(value)) return false;
  const record = /** @type {Record<string, unknown>} */ (value);
  return (
    (record.status === 'todo' || record.status === 'done' || record.status === 'skipped') &&
    isTime(record.updated) &&
    (record.finished === undefined || isTime(record.finished))
  );
}

/** @param {unknown} value */
export function isDocumentRecord(value) {
  if (!isObject(value)) return false;
  const record = /** @type {Record<string, unknown>} */ (value);
  return (
    isText(record.title, 10_000) &&
    isText(record.text, MAX_TEXT) &&
    isText(record.source, 10_000) &&
    isObject(record.meta) &&
    isTime(record.order) &&
    isTime(record.created)
  );
}

/** @param {unknown} value */
export function isLabelRecord(value) {
  if (!isObject(value)) return false;
  const record = /** @type {Record<string, unknown>} */ (value);
  return (
    typeof record.colour === 'string' &&
    /^#[0-9a-fA-F]{6}$/u.test(record.colour) &&
    isText(record.hotkey, 8) &&
    isText(record.description, 100_000) &&
    isTime(record.order)
  );
}

/**
 * One field of one label (`labelFields`, keyed by label and field): `{ colour }`, `{ hotkey }`,
 * `{ description }`, `{ order }`, or `{ renamed }` (the label's new name).
 * @param {unknown} value
 */
export function isLabelFieldRecord(value) {
  if (!isObject(value)) return false;
  const record = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(record);
  if (keys.length !== 1) return false;
  const field = record[keys[0]];
  switch (keys[0]) {
    case 'colour':
      return typeof field === 'string' && /^#[0-9a-fA-F]{6}$/u.test(field);
    case 'hotkey':
      return isText(field, 8);
    case 'description':
      return isText(field, 100_000);
    case 'order':
      return isTime(field);
    case 'renamed':
      return isName(field);
    default:
      return false;
  }
}

/**
 * What a shared document of `kind` (owned by `owner` for a layer) may hold: its top-level maps,
 * and whether a value written into one of them is acceptable. A value's map is not always known
 * from an update (Yjs leaves it out when it follows an earlier value), so a value passes when any
 * map of the document accepts it.
 * @param {string} kind
 * @param {string | null} owner
 * @returns {{ roots: string[], accepts(value: unknown): boolean, acceptsKey?(root: string, key: string): boolean }}
 */
export function documentRules(kind, owner) {
  switch (kind) {
    case 'layer':
      return {
        roots: ['spans', 'statuses'],
        accepts: (value) => isSpanRecord(value, (annotator) => annotator === owner) || isStatusRecord(value),
        // A review decision's id (`gold:<place>:<document>`) is gold's: under it in a member's layer, a copy
        // would take the record for gold's span (helper-198).
        acceptsKey: (root, key) => !(root === 'spans' && /^gold:/u.test(key)),
      };
    case 'gold':
      // Gold's spans and rejections, and each document's gold status (a reviewer's "gold done").
      return {
        roots: ['spans', 'statuses'],
        accepts: (value) =>
          isSpanRecord(value, (annotator) => annotator === 'gold' || annotator === 'gold:rejected') ||
          isStatusRecord(value),
      };
    case 'corpus':
      return {
        roots: ['documents', 'labels', 'labelFields'],
        accepts: (value) => isDocumentRecord(value) || isLabelRecord(value) || isLabelFieldRecord(value),
      };
    default:
      return { roots: [], accepts: () => false };
  }
}
