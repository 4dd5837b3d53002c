import type { Label } from './types';

/**
 * The default label set. Colours are from the Okabe–Ito palette, which stays distinguishable
 * under the common forms of colour blindness.
 * @see https://jfly.uni-koeln.de/color/
 */
export const DEFAULT_LABELS: readonly Label[] = [
  {
    name: 'claim',
    colour: '#0072B2',
    hotkey: '1',
    description:
      'An assertion presented as fact by a named or official source (e.g. "the U.S. believes North Korea is providing weapons").',
    order: 0,
  },
  {
    name: 'denial',
    colour: '#D55E00',
    hotkey: '2',
    description: 'A party rejecting or disputing a claim or accusation (e.g. "Pyongyang denied supplying arms").',
    order: 1,
  },
  {
    name: 'sanction',
    colour: '#009E73',
    hotkey: '3',
    description:
      'A penalty, restriction or embargo imposed or threatened by a state or body (e.g. "the U.S. will impose sanctions").',
    order: 2,
  },
  {
    name: 'visit',
    colour: '#CC79A7',
    hotkey: '4',
    description: 'An official trip or meeting in person, including planned ones (e.g. "Shoigu visited Pyongyang").',
    order: 3,
  },
];

/** Colours offered for new labels, in order (Okabe–Ito, then Paul Tol's muted set). */
export const LABEL_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#F0E442',
  '#332288',
  '#117733',
  '#882255',
  '#44AA99',
  '#999933',
  '#AA4499',
  '#DDCC77',
];

/** Hotkeys offered to new labels, in order; none of them is a key the keymap reserves. */
export const LABEL_HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/**
 * A new label placed after `existing`: the first colour of {@link LABEL_COLOURS} no label has (the
 * least used one when all are taken), the first hotkey of {@link LABEL_HOTKEYS} no label holds (none
 * when all are taken), no description yet. One rule for a label added in Settings and one an import brings.
 */
export function newLabel(name: string, existing: readonly Label[]): Label {
  const used = new Set(existing.map((label) => label.hotkey));
  return {
    name,
    colour: leastUsedColour(existing),
    hotkey: LABEL_HOTKEYS.find((key) => !used.has(key)) ?? '',
    description: '',
    order: existing.reduce((max, label) => Math.max(max, label.order + 1), 0),
  };
}

/** The first of {@link LABEL_COLOURS} that the fewest of `existing` have (colours compared without case). */
function leastUsedColour(existing: readonly Label[]): string {
  const uses = new Map<string, number>();
  for (const label of existing) uses.set(label.colour.toUpperCase(), (uses.get(label.colour.toUpperCase()) ?? 0) + 1);
  return LABEL_COLOURS.reduce((best, colour) => ((uses.get(colour) ?? 0) < (uses.get(best) ?? 0) ? colour : best));
}

/** A character as Unicode names it: `U+00A0`. */
const codePointName = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A label name is a non-empty string without leading/trailing whitespace or control characters. */
export function labelNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'a label name cannot be empty';
  if (name.trim() !== name) return 'a label name cannot start or end with whitespace';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/u.test(name)) return 'a label name cannot contain control characters';
  if (name.length > 64) return 'a label name is at most 64 characters';
  // Characters that show nothing (zero-width, fillers, the blank braille cell): a label of them alone reads as no name.
  if (/^[\s\p{Default_Ignorable_Code_Point}\u2800\u3164\uFFA0\u115F\u1160]+$/u.test(name)) {
    const points = [...new Set(name)].map(codePointName);
    return `a label name needs a visible character (this one holds only ${points.slice(0, 3).join(', ')}${points.length > 3 ? '…' : ''})`;
  }
  return null;
}

/** A character that reads as another or as nothing: white space but the plain space, an invisible one, a compatibility form. */
const unusual = (character: string): boolean =>
  character !== ' ' &&
  (/[\s\p{Default_Ignorable_Code_Point}]/u.test(character) || character.normalize('NFKC') !== character);

/** `name` with case folded (upper then lower case, so that "ß" meets "SS" and "ς" meets "Σ"). */
function foldCase(name: string): string {
  return name.toLocaleUpperCase().toLocaleLowerCase();
}

/**
 * Why `name` can not be given to a label (`renaming`: the label it is for, when renamed): another of
 * `existing` has a name that differs from it only by case, or reads the same in other characters
 * ({@link lookAlikesOf}). Null when none does. An exact twin is left to the storage check, which says
 * so in its own words.
 */
export function labelCaseProblem(name: string, existing: readonly Label[], renaming?: string): string | null {
  const folded = foldCase(name);
  const twin = existing.find(
    (label) => label.name !== renaming && label.name !== name && foldCase(label.name) === folded,
  );
  if (twin) return `A label "${twin.name}" exists already; names differ only by case`;
  // One that reads the same in other characters (a no-break space, a zero-width one): two labels alike everywhere.
  const others = existing.filter((label) => label.name !== renaming).map((label) => label.name);
  // Renamed to what reads as its own name with a character put in (a zero-width space): a change no one could see,
  // in every layer and export. Taking one out (a no-break space an import brought) mends the name, and is let be.
  if (renaming !== undefined && lookAlikesOf([name], [renaming]).length > 0) {
    const added = [...new Set(name)].filter((character) => unusual(character) && !renaming.includes(character));
    if (added.length > 0)
      return `The new name reads the same as "${renaming}", its name now, with ${added.map(codePointName).join(', ')} put in`;
  }
  const [alike] = lookAlikesOf([name], others);
  return alike
    ? `A label "${alike[1]}" exists already; names differ only by characters that read the same (${alike[2]})`
    : null;
}

/**
 * The names of `added` that differ from a label of `existing` (or from another of `added`, each
 * pair once) only by case, each with that other name: an import keeps a label as its file spells it, so `CLAIM`
 * beside `claim` makes two labels, which the user should hear of before confirming. Case is folded
 * as {@link labelCaseProblem} folds it, so the card and Settings agree on what differs only by case.
 */
export function caseTwinsOf(added: readonly string[], existing: readonly string[]): [string, string][] {
  const known = [...existing, ...added];
  // Two new labels twin each other: said once ("quote" differs from "Quote"), not again the other way.
  const said = new Set<string>();
  return added.flatMap((name): [string, string][] => {
    const folded = foldCase(name);
    const twin = known.find((other) => other !== name && foldCase(other) === folded);
    if (twin === undefined || said.has(name)) return [];
    said.add(twin);
    return [[name, twin]];
  });
}

/** `name` as it reads: compatibility forms folded (NFKC), invisible characters gone, every run of spaces one space. */
function asItReads(name: string): string {
  return foldCase(
    name
      .normalize('NFKC')
      .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
      .replace(/\s+/gu, ' '),
  );
}

/**
 * The names of `added` that read the same as a label of `existing` (or another of `added`, each pair once)
 * but are other characters, not case ({@link caseTwinsOf} says those): a no-break space for a space, a
 * zero-width character, a full-width letter. Each with that other name and the code points that differ
 * (`U+00A0`), as the card can not show them: the two would be two labels, alike on every page.
 */
export function lookAlikesOf(added: readonly string[], existing: readonly string[]): [string, string, string][] {
  // Each name's reading once, not once per pair compared.
  const known = [...existing, ...added].map((other) => ({ other, reads: asItReads(other), folded: foldCase(other) }));
  const said = new Set<string>();
  return added.flatMap((name): [string, string, string][] => {
    const reads = asItReads(name);
    const folded = foldCase(name);
    const twin = known.find((one) => one.other !== name && one.folded !== folded && one.reads === reads)?.other;
    if (twin === undefined || said.has(name)) return [];
    said.add(twin);
    // The characters that make the difference: spaces other than U+0020, invisible ones, compatibility forms.
    const points = [...new Set([...name, ...twin])].filter(unusual).map(codePointName);
    const otherwise =
      name.normalize('NFC') === twin.normalize('NFC') ? 'the same letters composed otherwise' : 'other spacing';
    return [[name, twin, points.length > 0 ? points.join(', ') : otherwise]];
  });
}

/**
 * What a merge into `into` did with the notes and example marks of the `dropped` spans it removed as
 * twins (a span of `into` was at their place): `carried` of them had one, and it is on that span now.
 */
export function twinMarks(carried: number, dropped: number, into: string): string {
  if (carried === dropped && carried === 1) return `its note or example mark now on the “${into}” span there`;
  const whose =
    carried === dropped ? 'their notes and example marks' : `the notes and example marks of ${carried} of them`;
  return `${whose} now on the “${into}” spans there`;
}
