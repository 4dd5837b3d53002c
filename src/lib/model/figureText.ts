/**
 * An agreement figure (κ, α, F1) as the pages show it: three decimals, and a dash for none. A figure that is
 * not 1 never reads 1.000, nor one that is not 0 0.000: 2,000 of 2,001 spans matched is ">0.999", so a page
 * that says "1 to decide" beside it does not also say the agreement is perfect (helper-171).
 */
export function figureText(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const text = value.toFixed(3);
  if (text === '1.000' && value < 1) return '>0.999';
  if (text === '0.000' && value > 0) return '<0.001';
  if (text === '-1.000' && value > -1) return '<-0.999';
  if (text === '-0.000') return '>-0.001';
  return text;
}
