import { truncate } from '../state/truncate';

/** What the page says while dropped archives are opened in their Worker: "Opening “x.zip”… (2 more)"; none, "". */
export function openingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  return `Opening “${truncate(names[0])}”…${names.length > 1 ? ` (${names.length - 1} more)` : ''}`;
}
