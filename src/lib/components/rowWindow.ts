/**
 * Windowed lists (the document list, the span list): above `threshold` rows of one fixed height,
 * only the rows in view and a margin are in the DOM.
 */
export interface RowWindowOptions {
  count: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  margin: number;
  threshold: number;
}

/** Which rows [first, last) to render. A list that got shorter than where it is scrolled windows its end, never an empty stretch. */
export function rowWindow({ count, scrollTop, viewportHeight, rowHeight, margin, threshold }: RowWindowOptions): {
  windowed: boolean;
  first: number;
  last: number;
} {
  if (count <= threshold) return { windowed: false, first: 0, last: count };
  const top = Math.max(0, Math.min(scrollTop, count * rowHeight - viewportHeight));
  return {
    windowed: true,
    first: Math.max(0, Math.floor(top / rowHeight) - margin),
    last: Math.min(count, Math.ceil((top + viewportHeight) / rowHeight) + margin),
  };
}
