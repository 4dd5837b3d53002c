/**
 * The Review list's order (as the documents list has them, or most disagreement first) is a preference
 * of this device, as the theme is: kept in localStorage, so a reload keeps it.
 */
import type { ReviewOrder } from './reviewTypes';

const KEY = 'spanwright.reviewOrder';

/** The order chosen last on this device ('list' when none was, or storage is out of reach). */
export function storedReviewOrder(): ReviewOrder {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'disagreement' ? 'disagreement' : 'list';
  } catch {
    return 'list';
  }
}

/** Keeps `order` for the next start (the default is not stored). */
export function keepReviewOrder(order: ReviewOrder): void {
  try {
    if (order === 'list') globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, order);
  } catch {
    // Storage out of reach (a private window's quota): the order holds for this visit only.
  }
}
