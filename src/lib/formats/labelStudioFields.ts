/**
 * Label Studio's task fields as the import reads them (`labelStudio.ts`): who made an annotation,
 * the layer a prediction becomes, and what of a task that is not a span is counted, and why.
 */
import { describeValue } from './errorMessages';
import { MODEL_PREFIX, UNNAMED_MODEL_VERSION } from './labelStudioExport';
import { isJsonObject } from './records';
import type { ErrorCollector, FieldCheck } from './validation';

/** How a result type that is not a span is counted: what it is, and why it is not imported. */
export const NOT_SPANS: Readonly<Record<string, readonly [string, string]>> = {
  relation: ['relations', 'Spanwright keeps spans, not relations between them'],
  choices: ['choices', 'Spanwright labels spans of text, not whole texts'],
  taxonomy: ['taxonomy choices', 'Spanwright labels spans of text, not whole texts'],
  textarea: ['text areas', 'Spanwright keeps labelled spans, not typed-in text'],
  rating: ['ratings', 'Spanwright keeps labelled spans, not ratings'],
  number: ['numbers', 'Spanwright keeps labelled spans, not numbers'],
  datetime: ['dates', 'Spanwright keeps labelled spans, not dates'],
  pairwise: ['pairwise choices', 'Spanwright labels spans of text, not pairs of texts'],
  hypertextlabels: ['HTML spans', 'Spanwright reads spans of plain text, not of HTML'],
  paragraphlabels: ['paragraph spans', 'Spanwright reads spans of plain text, not of dialogue paragraphs'],
};

/** Confidence scores (of a whole prediction, or of one of its regions): what they are, and why they do not arrive. */
export const SCORES: Record<'prediction' | 'region', [what: string, why: string]> = {
  prediction: ['prediction scores', 'Spanwright keeps a prediction as a layer of spans, without a confidence score'],
  region: ['region scores', 'Spanwright keeps a span without a confidence score'],
};
/** What of Label Studio's `meta` (a task's, a region's) has no place in Spanwright. */
export const META: Record<'task' | 'region', [what: string, why: string]> = {
  task: ['task "meta" fields', 'Spanwright keeps a task’s "data" as the document’s metadata, not its "meta"'],
  region: ['region "meta" fields other than its text', 'Spanwright keeps a region’s "meta" text as the span’s note'],
};
/** An optional JSON array (absent or null: none). */
export function listOf(value: unknown, field: string, errors: ErrorCollector): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  errors.add(`${field} must be an array (got ${describeValue(value)})`);
  return [];
}

/** The layer a prediction becomes: `model:<model_version>`, or `model:prediction`. */
export function modelLayer(version: unknown): string {
  if (typeof version === 'string' && version.length > 0) return MODEL_PREFIX + version;
  if (typeof version === 'number' && Number.isFinite(version)) return MODEL_PREFIX + String(version);
  return MODEL_PREFIX + UNNAMED_MODEL_VERSION;
}

/**
 * The e-mail Label Studio's export gives beside a user id: its `created_username` is the user's
 * first and last names, e-mail and id (`" ann@example.org, 3"`, `"Ann Lee ann@example.org, 3"`).
 * Undefined unless it names that id.
 */
function emailOfUser(username: unknown, id: string): string | undefined {
  if (typeof username !== 'string') return undefined;
  const parts = /(?:^|\s)(\S+@\S+),\s*(\S+)\s*$/u.exec(username);
  return parts && parts[2] === id ? parts[1] : undefined;
}

/**
 * Who made an annotation. `completed_by` is a name or e-mail (older Spanwright files), a user id,
 * or a user object with `email` (or only `id`); without it, `created_username` (a name Spanwright
 * writes where Label Studio would refuse it in `completed_by`; see `labelStudioExport.ts`). A user id
 * is named by its e-mail where Label Studio's `created_username` gives it, so its export (`"completed_by":
 * 3`) and an older one (`{"id": 3, "email": …}`) make one layer.
 */
export function readAuthor(
  annotation: Record<string, unknown>,
  name: string,
  field = 'completed_by',
  onNamed?: (id: string, email: string) => void,
  known?: (id: string) => string | undefined,
): FieldCheck<string | null> {
  const value = annotation.completed_by;
  if (value === undefined || value === null) {
    const username = annotation.created_username;
    return { value: typeof username === 'string' && username.length > 0 ? username : null };
  }
  if (typeof value === 'string' && value.length > 0) return { value };
  const userId = (id: string) => {
    const email = emailOfUser(annotation.created_username, id);
    if (email !== undefined) onNamed?.(id, email);
    // An annotation without "created_username" takes the e-mail an earlier one of the file gave its id (helper-210).
    return { value: email ?? known?.(id) ?? id };
  };
  if (typeof value === 'number' && Number.isFinite(value)) return userId(String(value));
  if (isJsonObject(value)) {
    if (typeof value.email === 'string' && value.email.length > 0) return { value: value.email };
    if (typeof value.id === 'number' && Number.isFinite(value.id)) return userId(String(value.id));
    if (typeof value.id === 'string' && value.id.length > 0) return userId(value.id);
  }
  return {
    message: `${name} "${field}" must be a name, a user id or a user with "email" or "id" (got ${describeValue(value)})`,
  };
}

/**
 * The string field of `data` the task's regions label most (their `to_name`), for a task without
 * `data.text`: a project labelling `{"title", "body"}` has its spans on the body, not on the first
 * string. Undefined when no region names a string field.
 */
export function fieldTheRegionsName(task: Record<string, unknown>, data: Record<string, unknown>): string | undefined {
  const counts = new Map<string, number>();
  for (const key of ['annotations', 'completions', 'predictions', 'drafts']) {
    const lists = Array.isArray(task[key]) ? task[key] : [];
    for (const entry of lists) {
      const result = isJsonObject(entry) && Array.isArray(entry.result) ? entry.result : [];
      for (const region of result) {
        const field = isJsonObject(region) ? region.to_name : undefined;
        if (typeof field === 'string' && typeof data[field] === 'string')
          counts.set(field, (counts.get(field) ?? 0) + 1);
      }
    }
  }
  let best: string | undefined;
  for (const [field, count] of counts) if (best === undefined || count > counts.get(best)!) best = field;
  return best;
}

/** At most this many user ids are listed in the note about their e-mails. */
const LISTED_USERS = 5;

/** Authors read by {@link readAuthor}, and the user ids named by their e-mail: said once, in a note. */
export class UserNames {
  readonly #named = new Map<string, string>();

  author(annotation: Record<string, unknown>, name: string, field?: string): FieldCheck<string | null> {
    return readAuthor(
      annotation,
      name,
      field,
      (id, email) => this.#named.set(id, email),
      (id) => this.#named.get(id),
    );
  }

  /** The note naming them (none when no id was named so). */
  notes(): string[] {
    if (this.#named.size === 0) return [];
    const listed = [...this.#named]
      .slice(0, LISTED_USERS)
      .map(([id, email]) => `${id} → ${JSON.stringify(email)}`)
      .join(', ');
    const more = this.#named.size > LISTED_USERS ? ', …' : '';
    return [
      `Label Studio user ids named by the e-mail its export gives beside them ("created_username"): ${listed}${more}. ` +
        'A layer an earlier Spanwright named by the bare id keeps that name.',
    ];
  }
}
