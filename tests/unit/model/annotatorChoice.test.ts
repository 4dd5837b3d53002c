import { describe, expect, it } from 'vitest';
import { annotatorChoice } from '../../../src/lib/model/annotatorChoice';

describe('annotatorChoice', () => {
  const existing = ['ann', 'bob', 'José María'];

  it('is the same annotator, or an existing one, whatever the spaces around the name', () => {
    expect(annotatorChoice(' ann ', 'ann', existing)).toEqual({ kind: 'same' });
    expect(annotatorChoice('bob ', 'ann', existing)).toEqual({ kind: 'existing', name: 'bob' });
  });

  it('is new for a name nobody has, and names the existing one a name differs from only in case, width or spacing', () => {
    expect(annotatorChoice('carol', 'ann', existing)).toEqual({ kind: 'new', name: 'carol', similar: null });
    expect(annotatorChoice('Bob', 'ann', existing)).toEqual({ kind: 'new', name: 'Bob', similar: 'bob' });
    expect(annotatorChoice('ＢＯＢ', 'ann', existing)).toEqual({ kind: 'new', name: 'ＢＯＢ', similar: 'bob' });
    expect(annotatorChoice('josé  maría', 'ann', existing)).toEqual({
      kind: 'new',
      name: 'josé  maría',
      similar: 'José María',
    });
    // The current annotator counts too, before it has a layer.
    expect(annotatorChoice('NEW', 'new', [])).toEqual({ kind: 'new', name: 'NEW', similar: 'new' });
    // A layer a file named with spaces around it (before imports tidied names) is offered to "alice" typed.
    expect(annotatorChoice('alice', 'ann', [' alice '])).toEqual({ kind: 'new', name: 'alice', similar: ' alice ' });
  });
});
