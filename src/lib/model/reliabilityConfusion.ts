/**
 * The label confusion matrix of two layers over tokens: how many tokens have category r in A (the
 * row) and category c in B (the column), {@link OUTSIDE} included. Counts add across documents.
 * Token Cohen's kappa of the pair follows from it (through `agreement.ts`, which defines it).
 */
import { agreementFrom, emptyCounts, type AgreementCounts } from './agreement';
import { compareText } from './spanOrder';
import { OUTSIDE } from './tokens';

/**
 * Tokens by category in A (outer key, the row) and in B (inner key, the column); zero cells are absent.
 * @see docs/agreement.md ("The label confusion matrix")
 */
export type ConfusionCounts = Map<string, Map<string, number>>;

/** Adds `count` tokens with category `row` in A and `column` in B. */
export function addToConfusion(confusion: ConfusionCounts, row: string, column: string, count = 1): void {
  let cells = confusion.get(row);
  if (cells === undefined) {
    cells = new Map();
    confusion.set(row, cells);
  }
  cells.set(column, (cells.get(column) ?? 0) + count);
}

/** Adds `next` into `total`, which it changes and returns. */
export function addConfusion(total: ConfusionCounts, next: ConfusionCounts): ConfusionCounts {
  for (const [row, cells] of next) for (const [column, count] of cells) addToConfusion(total, row, column, count);
  return total;
}

/** The count in row `row` (A's category), column `column` (B's); 0 for an absent cell. */
export function confusionCell(confusion: ConfusionCounts, row: string, column: string): number {
  return confusion.get(row)?.get(column) ?? 0;
}

/**
 * Distinct labels in a stable order: code-unit order (never the locale's), with {@link OUTSIDE}
 * last when it is among them. The order of the confusion matrix's rows and columns.
 */
export function orderLabels(labels: Iterable<string>): string[] {
  const distinct = new Set(labels);
  const hasOutside = distinct.delete(OUTSIDE);
  const ordered = [...distinct].sort(compareText);
  if (hasOutside) ordered.push(OUTSIDE);
  return ordered;
}

/** Every category of a row or column of `confusion`, and always {@link OUTSIDE}, in {@link orderLabels} order. */
export function confusionCategories(confusion: ConfusionCounts): string[] {
  const categories = new Set<string>([OUTSIDE]);
  for (const [row, cells] of confusion) {
    categories.add(row);
    for (const column of cells.keys()) categories.add(column);
  }
  return orderLabels(categories);
}

/**
 * The token part of `agreement.ts`'s counts, read off the matrix: tokens (every cell), observed
 * agreement (the diagonal), A's categories (row sums) and B's (column sums). Span fields are 0.
 */
export function confusionAgreementCounts(confusion: ConfusionCounts): AgreementCounts {
  const counts = emptyCounts();
  for (const [row, cells] of confusion) {
    for (const [column, count] of cells) {
      counts.tokens += count;
      if (row === column) counts.observedAgree += count;
      counts.categoriesA.set(row, (counts.categoriesA.get(row) ?? 0) + count);
      counts.categoriesB.set(column, (counts.categoriesB.get(column) ?? 0) + count);
    }
  }
  return counts;
}

/**
 * Token Cohen's kappa of the pair, as `agreement.ts` defines it: null without tokens, 1 by
 * convention when both layers put every token in the same single category.
 * @see docs/agreement.md ("Token Cohen's kappa")
 */
export function confusionKappa(confusion: ConfusionCounts): number | null {
  return agreementFrom(confusionAgreementCounts(confusion)).kappa;
}
