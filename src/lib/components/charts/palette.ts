/**
 * Colours of the Overview's charts. Annotators take Paul Tol's "bright" scheme (distinct from the
 * label colours, which are Okabe–Ito's, and readable under colour blindness); statuses take the
 * app's own done green, an amber and a grey.
 * @see https://personal.sron.nl/~pault/#sec:qualitative
 */
const ANNOTATOR_COLOURS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

/** The colour of the annotator at `index` of the shown annotators. */
export function annotatorColour(index: number): string {
  return ANNOTATOR_COLOURS[index % ANNOTATOR_COLOURS.length];
}

export const STATUS_COLOURS = { done: '#1e7a46', skipped: '#d39b2a', todo: '#aab3c0' } as const;

/** Room for a text of `characters` at 12 px, in pixels (a legend's or an axis label's width). */
export function textWidth(characters: number): number {
  return Math.ceil(characters * 7.2);
}

/** `text` cut to at most `characters`, with an ellipsis. */
export function clip(text: string, characters: number): string {
  return text.length > characters ? `${text.slice(0, characters - 1)}…` : text;
}

/** Where a chart's legend puts its entries: a fixed step, as many per line as fit, its height. */
export interface LegendLayout {
  step: number;
  perLine: number;
  height: number;
}

/** The layout of a legend of `names` (each clipped to `characters`) over `width` pixels, wrapping. */
export function legendLayout(names: readonly string[], characters: number, width: number): LegendLayout {
  const step = Math.max(0, ...names.map((name) => textWidth(Math.min(characters, name.length)) + 28));
  const perLine = Math.max(1, Math.floor(width / Math.max(1, step)));
  return { step, perLine, height: Math.ceil(names.length / perLine) * 18 };
}
