/**
 * When two spans are the same, stated once. Within one layer a span is its place and label: two
 * spans with the same start, end and label are one span said twice (an import skips the second, a
 * label key pressed twice adds one). A stored span is also a record with an id and times.
 */
import type { Span } from './types';

/** A span's place and label. */
export interface SpanPlace {
  start: number;
  end: number;
  label: string;
}

/** `start:end:label`, unambiguous because start and end are numbers: the key of a span's place and label. */
export function spanKey(span: SpanPlace): string {
  return `${span.start}:${span.end}:${span.label}`;
}

/** True when two spans have the same place and label. */
export function samePlace(left: SpanPlace, right: SpanPlace): boolean {
  return left.start === right.start && left.end === right.end && left.label === right.label;
}

/** True when two stored spans are the same record, field by field. */
export function sameStoredSpan(left: Span, right: Span): boolean {
  // Every field of Span, written out for speed (this runs over whole layers); the check below
  // stops the build when Span gains a field that is not compared here.
  return (
    left === right ||
    (left.id === right.id &&
      left.start === right.start &&
      left.end === right.end &&
      left.label === right.label &&
      left.text === right.text &&
      left.updated === right.updated &&
      left.created === right.created &&
      left.documentId === right.documentId &&
      left.annotator === right.annotator &&
      left.note === right.note &&
      left.example === right.example &&
      left.source === right.source &&
      left.imported === right.imported &&
      sameJson(left.origin, right.origin) &&
      sameJson(left.feedback, right.feedback))
  );
}
type ComparedSpanField =
  | 'id'
  | 'start'
  | 'end'
  | 'label'
  | 'text'
  | 'updated'
  | 'created'
  | 'documentId'
  | 'annotator'
  | 'note'
  | 'example'
  | 'source'
  | 'imported'
  | 'origin'
  | 'feedback';
const everySpanFieldCompared: Record<Exclude<keyof Span, ComparedSpanField>, never> = {};
void everySpanFieldCompared;

/** Equal small records (a span's origin or feedback): the same object, or the same JSON. */
function sameJson(left: object | undefined, right: object | undefined): boolean {
  return (
    left === right || (left !== undefined && right !== undefined && JSON.stringify(left) === JSON.stringify(right))
  );
}

/** True when two layers hold the same records in the same order. */
export function sameLayer(left: readonly Span[], right: readonly Span[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (!sameStoredSpan(left[index], right[index])) return false;
  return true;
}
