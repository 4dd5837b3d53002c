/** A count and its noun, in English: "1 span", "12,034 documents". */
export function counted(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A share for people: "0%", "42%", "3.5%", "99.6%", "100%", "—" for none. One decimal near the ends,
 * and a share that is not all or nothing never reads as such: "<0.1%", ">99.9%".
 */
export function percent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  if (share <= 0 || share >= 1) return `${Math.round(share * 100)}%`;
  const nearEnd = share < 0.1 || share > 0.9;
  const shown = (share * 100).toFixed(nearEnd ? 1 : 0);
  if (Number(shown) === 0) return '<0.1%';
  if (Number(shown) === 100) return '>99.9%';
  return `${shown}%`;
}

/** Items as a sentence lists them: "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}
