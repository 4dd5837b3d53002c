/**
 * What a reviewer adjudicates in one document: the differences between two annotators' layers (A
 * and B, see layerDiff.ts), each version with the annotators of the compared set who marked exactly
 * it, the version a majority of the set marked (for a set of three or more), and the spans only the
 * set's other annotators marked (neither A nor B), each with who marked it. Offsets are code points.
 */
import { diffLayers, KIND_ORDER, type LayerDifference } from './layerDiff';
import { spanKey, type SpanPlace } from './spanIdentity';
import { compareText } from './spanOrder';

/** One version of a difference and who, of the set, marked exactly it. */
export interface Version {
  span: SpanPlace;
  annotators: string[];
  /**
   * When the first of them drew it (epoch milliseconds; absent where the layers do not say): a version drawn
   * after the decision on its difference is news to the reviewer, and the difference is open again.
   */
  since?: number;
}

/** A layer's span as the review reads it: its place, and when it was drawn where known. */
export type LayerPlace = SpanPlace & { created?: number };

export type DifferenceKind = LayerDifference['kind'] | 'others';

export interface Difference {
  /** As layerDiff's kinds, or `others`: a span neither A nor B has, but another annotator of the set does. */
  kind: DifferenceKind;
  /** A's and B's versions, when they have one. */
  a?: Version;
  b?: Version;
  /** For `others`: the span, and who marked it. */
  others?: Version;
  /** The characters the difference covers: from the first start to the last end of its versions. */
  start: number;
  end: number;
  /** The version more than half of the set marked, when the set has three or more annotators. */
  majority: SpanPlace | null;
}

/** Every version of a difference: A's, B's, or the others'. */
export function versionsOf(difference: Difference): Version[] {
  return [difference.a, difference.b, difference.others].filter((version): version is Version => version !== undefined);
}

/**
 * The differences of one document for the pair (A, B) within `set`, in reading order. Only those in
 * `set` are counted as marking a version: A or B left out of it (who has not worked on the document)
 * is no vote against a majority, and their layer is not read.
 */
export function adjudicate(
  layers: ReadonlyMap<string, readonly LayerPlace[]>,
  a: string,
  b: string,
  set: readonly string[],
): Difference[] {
  const members = [...new Set(set)];
  const layerOf = (name: string) => (members.includes(name) ? (layers.get(name) ?? []) : []);
  // Each layer's span keys, and when each version was first drawn by any member of the set: one pass, one key a span.
  const drawn = new Map<string, number>();
  const keysOf = new Map(
    [...new Set([a, b, ...members])].map((name) => {
      const keys = new Set<string>();
      for (const span of layerOf(name)) {
        const key = spanKey(span);
        keys.add(key);
        if (span.created !== undefined) drawn.set(key, Math.min(drawn.get(key) ?? Infinity, span.created));
      }
      return [name, keys] as const;
    }),
  );
  const memberKeys = members.map((name) => keysOf.get(name)!);
  const versionOf = (span: SpanPlace): Version => {
    const since = drawn.get(spanKey(span));
    return { span: place(span), annotators: supporters(span), ...(since === undefined ? {} : { since }) };
  };
  const supporters = (span: SpanPlace): string[] => {
    const key = spanKey(span);
    const names: string[] = [];
    for (let position = 0; position < members.length; position++)
      if (memberKeys[position].has(key)) names.push(members[position]);
    return names;
  };
  const majorityOf = (first: Version | undefined, second: Version | undefined): SpanPlace | null => {
    if (members.length < 3) return null;
    const best = !second || (first && first.annotators.length >= second.annotators.length) ? first : second;
    return best && best.annotators.length * 2 > members.length ? best.span : null;
  };
  const differences: Difference[] = diffLayers(layerOf(a), layerOf(b)).map((difference) => {
    const versionA = 'a' in difference ? versionOf(difference.a) : undefined;
    const versionB = 'b' in difference ? versionOf(difference.b) : undefined;
    const start = Math.min(versionA?.span.start ?? Infinity, versionB?.span.start ?? Infinity);
    const end = Math.max(versionA?.span.end ?? -Infinity, versionB?.span.end ?? -Infinity);
    return { kind: difference.kind, a: versionA, b: versionB, start, end, majority: majorityOf(versionA, versionB) };
  });
  // Spans only the set's other annotators marked: each once, with who marked it, to decide like the rest.
  const seen = new Set<string>();
  for (const name of members) {
    if (name === a || name === b) continue;
    for (const span of layerOf(name)) {
      const key = spanKey(span);
      if (seen.has(key) || keysOf.get(a)!.has(key) || keysOf.get(b)!.has(key)) continue;
      seen.add(key);
      const others = versionOf(span);
      const majority = others.annotators.length * 2 > members.length ? others.span : null;
      differences.push({ kind: 'others', others, start: span.start, end: span.end, majority });
    }
  }
  return differences.sort(
    (left, right) =>
      left.start - right.start ||
      left.end - right.end ||
      kindRank(left) - kindRank(right) ||
      compareText(versionsOf(left)[0].span.label, versionsOf(right)[0].span.label),
  );
}

const KIND_RANK: Record<DifferenceKind, number> = { ...KIND_ORDER, others: Object.keys(KIND_ORDER).length };
const kindRank = (difference: Difference) => KIND_RANK[difference.kind];

function place(span: SpanPlace): SpanPlace {
  return { start: span.start, end: span.end, label: span.label };
}

/**
 * The characters where a difference's versions disagree, as [start, end) ranges in code points:
 * those one version covers and another does not (for a boundary or label difference).
 */
export function disagreeingRanges(difference: Difference): [number, number][] {
  const versions = versionsOf(difference);
  if (versions.length < 2) return [];
  const cuts = [...new Set(versions.flatMap((version) => [version.span.start, version.span.end]))].sort(
    (x, y) => x - y,
  );
  const ranges: [number, number][] = [];
  for (let index = 0; index < cuts.length - 1; index++) {
    const [from, to] = [cuts[index], cuts[index + 1]];
    const covering = versions.filter((version) => version.span.start <= from && version.span.end >= to);
    const labels = new Set(covering.map((version) => version.span.label));
    if (covering.length !== versions.length || labels.size > 1) ranges.push([from, to]);
  }
  return ranges;
}
