import type { Page } from 'playwright-core';

/** A piece of visible text whose contrast with what is behind it is below what WCAG AA asks. */
export interface LowContrast {
  text: string;
  where: string;
  ratio: number;
  needed: number;
}

/**
 * Every visible, enabled piece of text on the page, field edge and empty field's placeholder whose contrast ratio with its background is below
 * WCAG 2 AA (4.5:1, or 3:1 for large text). The background is composed from the element's ancestors'
 * background colours (translucent ones blended in order; images such as gradients are not counted).
 * SVG text is read by its fill, in a chart drawn aria-hidden too (beside its table). Runs in the page, so it sees the colours the browser really computed.
 */
export async function lowContrast(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (!probe) throw new Error('no 2D canvas');
    /** Any CSS colour as the browser computes it (rgb(), color(srgb …), …) in 0–255 channels and alpha. */
    const parse = (colour: string): Rgba => {
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = '#000';
      probe.fillStyle = colour;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let result: Rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (result[3] < 1) result = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const found: { text: string; where: string; ratio: number; needed: number }[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (!element || !text || seen.has(element)) continue;
      seen.add(element);
      if (
        element.closest('[hidden], [aria-hidden=true] :not(svg, svg *), option, script, style, title, .visually-hidden')
      )
        continue;
      if (element.closest(':disabled, [aria-disabled=true]')) continue;
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (rect.width === 0 || rect.height === 0 || style.visibility !== 'visible' || Number(style.opacity) === 0)
        continue;
      const svg = element instanceof SVGElement;
      let ink = parse(svg ? style.fill : style.color);
      let opacity = 1;
      for (let up: Element | null = element; up; up = up.parentElement) opacity *= Number(getComputedStyle(up).opacity);
      let background = backgroundOf(element);
      // SVG text may sit on a shape (a number inside a bar): that shape's fill is its background.
      if (svg) {
        const x = rect.left + rect.width / 2;
        const y = rect.top + rect.height / 2;
        const shape = document
          .elementsFromPoint(x, y)
          .find(
            (under) => under !== element && under instanceof SVGGeometryElement && !(under instanceof SVGTextElement),
          );
        if (shape) {
          const shapeStyle = getComputedStyle(shape);
          const fill = shapeStyle.fill === 'none' ? null : parse(shapeStyle.fill);
          if (fill)
            background = over([fill[0], fill[1], fill[2], fill[3] * Number(shapeStyle.fillOpacity)], background);
        }
      }
      ink = over([ink[0], ink[1], ink[2], ink[3] * opacity], background);
      const [light, dark] = [luminance(ink), luminance(background)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < needed)
        found.push({
          text: text.slice(0, 40),
          where: `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`,
          ratio: Math.round(ratio * 100) / 100,
          needed,
        });
    }
    // A field's edge against what it stands on (3:1, WCAG 1.4.11), and an empty field's placeholder, its
    // only visible label where it has no other, against the field (4.5:1).
    const ratioOf = (a: Rgba, b: Rgba) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
    };
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      'input:not([type=checkbox], [type=radio], [type=color], [type=file], [type=range]), select, textarea',
    )) {
      const rect = field.getBoundingClientRect();
      const style = getComputedStyle(field);
      if (field.disabled || rect.width === 0 || rect.height === 0 || style.visibility !== 'visible') continue;
      if (field.closest('[hidden], [aria-hidden=true], .visually-hidden')) continue;
      const where = `${field.tagName.toLowerCase()}[${field.getAttribute('aria-label') ?? field.id ?? ''}]`;
      const around = backgroundOf(field.parentElement ?? document.body);
      const edge = ratioOf(over(parse(style.borderTopColor), around), around);
      if (style.borderTopStyle !== 'none' && edge < 3) found.push({ text: 'its edge', where, ratio: edge, needed: 3 });
      if ('placeholder' in field && field.placeholder && field.value === '') {
        const inside = backgroundOf(field);
        const hint = ratioOf(over(parse(getComputedStyle(field, '::placeholder').color), inside), inside);
        if (hint < 4.5) found.push({ text: field.placeholder.slice(0, 40), where, ratio: hint, needed: 4.5 });
      }
    }
    return found;
  });
}
