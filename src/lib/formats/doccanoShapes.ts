/**
 * The record shapes doccano's reader (`doccano.ts`) takes beside its own triples and entities: doccano
 * 1.0–1.2's `annotations` (a record per user), and Label Studio JSON-MIN's regions under the labelling
 * config's tag name.
 */
import { countUnlabelled } from './emptySpans';
import { isJsonObject } from './records';

/** Counts what a record holds that is not imported (doccano.ts's tally). */
type Tally = { add(what: string, why: string, line: number, count: number): void };

/** Keys with a meaning of their own: never read into meta, and never written from it. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'id',
  'text',
  'label',
  'labels',
  'annotator',
  'username',
  'user',
  'entities',
  'annotations',
  'relations',
  'comments',
  'Comments',
]);

/** Where a record may name its annotator, the first present winning. */
export const ANNOTATOR_KEYS = ['annotator', 'username', 'user'] as const;

/**
 * Of doccano 1.x `annotations`, those with offsets (a sequence-labelling project's); the others (a text
 * classification's `{"label", "user"}`, a translation's `{"text", "user"}`) are counted, not spans (helper-174).
 */
export function spanAnnotations(annotations: unknown, line: number, tally: Tally): unknown {
  if (!Array.isArray(annotations)) return annotations;
  const spans = annotations.filter((item) => !isJsonObject(item) || item.start_offset !== undefined);
  const others = annotations.length - spans.length;
  if (others > 0)
    tally.add('annotations of whole documents', 'Spanwright labels spans of text: these have no offsets', line, others);
  return spans;
}

/** Of JSON-MIN `regions`, those with a label; those whose labels were all taken off (`[]`) are counted, as Label Studio's reader counts them. */
export function labelledRegions(regions: unknown, line: number, tally: Tally): unknown {
  if (!Array.isArray(regions)) return regions;
  const labelled = regions.filter(
    (region) => !isJsonObject(region) || !Array.isArray(region.labels) || region.labels.length > 0,
  );
  if (regions.length > labelled.length) countUnlabelled(tally, line, regions.length - labelled.length);
  return labelled;
}

/**
 * Keys other than doccano's own whose value is a list of Label Studio JSON-MIN regions
 * (`{"start", "end", "labels": […]}`): JSON-MIN names a task's regions after the labelling config's tag (`ner`…).
 */
export function jsonMinRegionKeys(source: Record<string, unknown>): string[] {
  const region = (item: unknown) =>
    isJsonObject(item) && typeof item.start === 'number' && typeof item.end === 'number' && Array.isArray(item.labels);
  return Object.keys(source).filter((key) => {
    const value = source[key];
    return !RESERVED_KEYS.has(key) && Array.isArray(value) && value.length > 0 && value.every(region);
  });
}

/**
 * doccano 1.0–1.2 gives each of a record's `annotations` its `user` (an id): one record per user then,
 * each with that user's annotations and named after them (a layer each), unless the record names its annotator.
 */
export function byAnnotationUser(source: unknown): unknown[] {
  if (!isJsonObject(source) || source.data !== undefined || !Array.isArray(source.annotations)) return [source];
  if (ANNOTATOR_KEYS.some((key) => source[key] !== undefined && source[key] !== null)) return [source];
  const users = new Map<unknown, unknown[]>();
  for (const annotation of source.annotations) {
    const user = isJsonObject(annotation) ? annotation.user : undefined;
    const own = users.get(user) ?? [];
    if (own.length === 0) users.set(user, own);
    own.push(annotation);
  }
  if (users.size <= 1) {
    const [user] = users.keys();
    return [user === undefined ? source : { ...source, user }];
  }
  return [...users].map(([user, annotations]) => ({ ...source, annotations, user }));
}
