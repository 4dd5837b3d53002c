/**
 * The hue of each member's face in the top bar and its list: from their name, unless two of the members online would
 * look alike (helper-206: alice and bob were both red, hues 0 and 349). Then all of them are spread evenly round the
 * wheel, in the order of their own hues: nine or fewer stand 40° apart at least. A face's hue is the same on every
 * screen that shows the same members, not on one that shows others (each screen leaves its own member out).
 */

/** Degrees two faces shown together stay apart, at least (as far as the wheel allows). */
const APART = 40;

/** A name's own hue: FNV-1a over its code points, mixed, onto the wheel. */
function ownHue(name: string): number {
  let hash = 0x811c9dc5;
  for (const character of name) hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
  return ((hash ^ (hash >>> 12)) >>> 0) % 360;
}

const distance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

/** The hue of each of `names` (those shown together). */
export function peerHues(names: readonly string[]): Map<string, number> {
  const own = [...new Set(names)].map((name) => ({ name, hue: ownHue(name) })).sort((a, b) => a.hue - b.hue);
  const crowded = own.some((one, index) => index > 0 && distance(one.hue, own[index - 1].hue) < APART);
  const wraps = own.length > 1 && distance(own[0].hue, own[own.length - 1].hue) < APART;
  // Spread evenly round the wheel, in the order of their own hues, from the first: a face keeps its neighbours.
  const step = 360 / Math.max(own.length, 1);
  return new Map(
    own.map(({ name, hue }, index) => [name, crowded || wraps ? Math.round((own[0].hue + index * step) % 360) : hue]),
  );
}
