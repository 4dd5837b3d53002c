import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peerHues } from '../../../src/lib/model/peerHues';

const apart = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe('the hues of the faces online', () => {
  it('keeps up to nine faces shown together at least 40° apart: alice and bob are not both red (helper-206)', () => {
    const hues = peerHues(['alice', 'bob', 'rita']);
    expect(apart(hues.get('alice')!, hues.get('bob')!)).toBeGreaterThanOrEqual(40);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 9 }),
        (names) => {
          const shown = [...peerHues(names).values()];
          for (const [index, hue] of shown.entries())
            for (const other of shown.slice(index + 1)) expect(apart(hue, other)).toBeGreaterThanOrEqual(40);
        },
      ),
    );
  });

  it('gives a name the same hue on every screen where no face beside it is alike', () => {
    const alone = peerHues(['carol']).get('carol');
    expect(peerHues(['carol', 'carol']).get('carol')).toBe(alone);
    const [bob, carol] = [peerHues(['bob']).get('bob')!, peerHues(['carol']).get('carol')!];
    if (apart(bob, carol) >= 40)
      expect(peerHues(['bob', 'carol'])).toEqual(
        new Map([
          ['bob', bob],
          ['carol', carol],
        ]),
      );
  });
});
