import { describe, expect, it } from 'vitest';
import {
  caseTwinsOf,
  DEFAULT_LABELS,
  LABEL_COLOURS,
  labelCaseProblem,
  lookAlikesOf,
  newLabel,
} from '../../../src/lib/model/labels';
import type { Label } from '../../../src/lib/model/types';

describe('newLabel', () => {
  it('takes a colour no label has, even after a label was deleted (colours compared without case)', () => {
    // "denial" deleted: three labels, the fourth palette colour (visit's) taken, the second free.
    const left = DEFAULT_LABELS.filter((label) => label.name !== 'denial').map((label) => ({
      ...label,
      colour: label.colour.toLowerCase(),
    }));
    const person = newLabel('person', left);
    expect(person.colour).toBe('#D55E00');
    const colours = [...left, person].map((label) => label.colour.toUpperCase());
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('gives labels added one after another, as an import does, distinct colours while the palette lasts', () => {
    const labels: Label[] = DEFAULT_LABELS.filter((label) => label.name !== 'sanction');
    const free = LABEL_COLOURS.length - labels.length;
    for (let index = 0; index < free; index++) labels.push(newLabel(`new ${index}`, labels));
    expect(new Set(labels.map((label) => label.colour)).size).toBe(LABEL_COLOURS.length);
  });

  it('falls back to the least used colour when every colour is taken', () => {
    const labels: Label[] = LABEL_COLOURS.map((colour, order) => ({
      name: `l${order}`,
      colour,
      hotkey: '',
      description: '',
      order,
    }));
    labels.push({ ...labels[0], name: 'again', colour: LABEL_COLOURS[0] });
    expect(newLabel('next', labels).colour).toBe(LABEL_COLOURS[1]);
  });
});

describe('labelCaseProblem', () => {
  it('refuses a name that differs from a label only by case, naming that label', () => {
    expect(labelCaseProblem('Claim', DEFAULT_LABELS)).toBe('A label "claim" exists already; names differ only by case');
    expect(labelCaseProblem('VISIT', DEFAULT_LABELS)).toMatch(/"visit"/u);
    const street: Label = { ...DEFAULT_LABELS[0], name: 'Straße' };
    expect(labelCaseProblem('STRASSE', [street])).toMatch(/"Straße"/u);
    expect(labelCaseProblem('ΟΔΟΣ', [{ ...street, name: 'οδος' }])).toMatch(/"οδος"/u);
  });

  it('lets a label be renamed to its own name in another case, and leaves new names alone', () => {
    expect(labelCaseProblem('Claim', DEFAULT_LABELS, 'claim')).toBeNull();
    expect(labelCaseProblem('Denial', DEFAULT_LABELS, 'claim')).toMatch(/"denial"/u);
    expect(labelCaseProblem('person', DEFAULT_LABELS)).toBeNull();
    expect(labelCaseProblem('claim', DEFAULT_LABELS)).toBeNull();
  });

  it('refuses a name that reads as a label’s in other characters, naming them, its own label’s too unless it mends it', () => {
    const spaced: Label = { ...DEFAULT_LABELS[0], name: 'claim x' };
    expect(labelCaseProblem('claim\u00a0x', [spaced])).toBe(
      'A label "claim x" exists already; names differ only by characters that read the same (U+00A0)',
    );
    expect(labelCaseProblem('vis\u200bit', DEFAULT_LABELS)).toMatch(/"visit" exists already.*U\+200B/u);
    expect(labelCaseProblem('claim\u00a0x', [spaced], 'claim x')).toBe(
      'The new name reads the same as "claim x", its name now, with U+00A0 put in',
    );
    // Renamed to itself with a zero-width space in it: refused (a change no one could see, in every export).
    expect(labelCaseProblem('vis\u200bit', DEFAULT_LABELS, 'visit')).toBe(
      'The new name reads the same as "visit", its name now, with U+200B put in',
    );
    // Taking such a character out mends a name (one an import brought): let be.
    expect(labelCaseProblem('claim x', [{ ...spaced, name: 'claim\u00a0x' }], 'claim\u00a0x')).toBeNull();
    expect(labelCaseProblem('visit', DEFAULT_LABELS, 'vis\u200bit')).toBeNull();
  });
});

describe('labels an import adds that differ only by case', () => {
  it('pairs each with the label (or the other new label, once) it differs from only by case', () => {
    expect(caseTwinsOf(['CLAIM', 'quote', 'Quote'], ['claim', 'denial'])).toEqual([
      ['CLAIM', 'claim'],
      ['quote', 'Quote'],
    ]);
    // Three spellings of one new name: each said beside the first.
    expect(caseTwinsOf(['per', 'PER', 'Per'], [])).toEqual([
      ['per', 'PER'],
      ['Per', 'per'],
    ]);
    expect(caseTwinsOf(['person'], ['claim'])).toEqual([]);
  });
});

describe('lookAlikesOf', () => {
  it('names a new label that reads as a known one but is other characters, and which characters', () => {
    expect(lookAlikesOf(['claim\u00a0x', 'per'], ['claim x', 'PER'])).toEqual([['claim\u00a0x', 'claim x', 'U+00A0']]);
    expect(lookAlikesOf(['\uff30ER'], ['PER'])).toEqual([['\uff30ER', 'PER', 'U+FF30']]);
    expect(lookAlikesOf(['vis\u200bit'], ['visit'])).toEqual([['vis\u200bit', 'visit', 'U+200B']]);
    expect(lookAlikesOf(['cafe\u0301'], ['caf\u00e9'])).toEqual([
      ['cafe\u0301', 'caf\u00e9', 'the same letters composed otherwise'],
    ]);
  });

  it('says a pair of new labels once, and leaves case alone (caseTwinsOf says it) and labels that differ', () => {
    expect(lookAlikesOf(['a b', 'a\u2009b'], [])).toEqual([['a b', 'a\u2009b', 'U+2009']]);
    expect(lookAlikesOf(['claim  x'], ['claim x'])).toEqual([['claim  x', 'claim x', 'other spacing']]);
    expect(lookAlikesOf(['CLAIM', 'person'], ['claim', 'persons'])).toEqual([]);
  });
});
