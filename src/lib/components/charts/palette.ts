import {
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3-shape';

/**
 * Colours and shapes of the Overview's charts. Annotators take Paul Tol's "bright" scheme (readable
 * under colour blindness) and each a shape of their own where no label colour is drawn beside them;
 * beside the label colours, which are the user's, they take neutral shades. Statuses take the app's
 * own done green, an amber and a grey.
 * @see https://personal.sron.nl/~pault/#sec:qualitative
 */
const ANNOTATOR_COLOURS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

/** The colour of the annotator at `index` of the shown annotators. */
export function annotatorColour(index: number): string {
  return ANNOTATOR_COLOURS[index % ANNOTATOR_COLOURS.length];
}

/** Filled shapes for annotators' marks, told apart without colour: circle, square, triangle… */
const ANNOTATOR_SYMBOLS = [
  symbolCircle,
  symbolSquare,
  symbolTriangle,
  symbolDiamond,
  symbolCross,
  symbolStar,
  symbolWye,
] as const;

/**
 * The SVG path of the annotator at `index`'s mark, centred on 0,0, `size` square pixels. Past the
 * seventh annotator the shapes shift against the colours, so no two annotators share both.
 */
export function annotatorSymbol(index: number, size = 56): string {
  const shift = Math.floor(index / ANNOTATOR_COLOURS.length);
  return symbol(ANNOTATOR_SYMBOLS[(index + shift) % ANNOTATOR_SYMBOLS.length], size)() ?? '';
}

/**
 * A neutral shade for the annotator at `index` of `count`: from near the ink colour to near the
 * panel's, in the light and the dark theme. For charts that also show label colours (which are the
 * user's), so no annotator's bar looks like a label.
 */
export function annotatorShade(index: number, count: number): string {
  // The lightest (half ink) keeps 3:1 against the panel in both themes, as WCAG asks of a graphic.
  const share = count <= 1 ? 70 : Math.round(85 - (index * 35) / (count - 1));
  return `color-mix(in srgb, var(--ink) ${share}%, var(--panel))`;
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
