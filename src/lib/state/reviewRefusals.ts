/** Why a review key can not decide a difference: a version the difference does not have. */
import type { Difference } from '../model/adjudication';
import { andList } from '../model/counted';
import { plainKeyName, type KeyName } from './keyNames';
import type { Keep } from './decisionState';

/**
 * Why `keep` can not be applied to `difference`, or null: a version it does not have (B's on a row
 * only A marked), said with the difference `quoted`. `key` names a key as it works (Alt+X with single-key
 * shortcuts off). Applied, it would only drop the row's spans from gold and leave it undecided.
 */
export function missingVersion(
  difference: Difference,
  keep: Keep,
  quoted: string,
  key: KeyName = plainKeyName,
): string | null {
  const why = missingWhy(difference, keep, key);
  return why && `Not decided on ${quoted}: ${why}.`;
}

function missingWhy(difference: Difference, keep: Keep, key: KeyName): string | null {
  // An agreement's row offers A and X only: B or Both there decided it unseen (helper-204: a B meant for the next row
  // kept a version passed over before beside gold's own).
  if (difference.kind === 'match' && (keep === 'b' || keep === 'both'))
    return `A and B marked the same span here: keep it (${key('A')}) or neither (${key('X')})`;
  if (keep === 'a' && !difference.a && !difference.others)
    return `A marked no span here; keep B’s (${key('B')}) or neither (${key('X')})`;
  // A row only others of the set marked (neither A nor B): A keeps theirs (helper-209: B named A's, which is none).
  if (keep === 'b' && !difference.b && difference.others && !difference.a)
    return `only ${andList(difference.others.annotators)} marked a span here; keep it (${key('A')}) or neither (${key('X')})`;
  if (keep === 'b' && !difference.b) return `B marked no span here; keep A’s (${key('A')}) or neither (${key('X')})`;
  if (keep === 'both' && !(difference.a && difference.b))
    return `only ${difference.b ? 'B' : difference.a ? 'A' : andList(difference.others?.annotators ?? ['others'])} marked a span here; keep it (${key(difference.b ? 'B' : 'A')}) or neither (${key('X')})`;
  if (keep === 'majority' && !difference.majority) return 'no span here has a majority';
  return null;
}
