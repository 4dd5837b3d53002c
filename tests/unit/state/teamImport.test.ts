import { describe, expect, it } from 'vitest';
import { staysLocal } from '../../../src/lib/state/teamImport';

const file = (
  annotators: string[],
  newSpansByLayer: Record<string, number>,
  newDocuments = 0,
  newLabels: string[] = [],
) => ({
  annotators,
  newSpansByLayer,
  newDocuments,
  newLabels,
});

describe('what of an import stays in this browser with team sync on', () => {
  it('is nothing when every span goes into the member’s own layer of documents the team has', () => {
    expect(staysLocal(file(['bob'], { bob: 4 }), 'bob', 'annotator')).toBeNull();
    expect(staysLocal(file([], {}), 'bob', 'annotator')).toBeNull();
  });

  it('counts and names the spans going into a colleague’s layer, and into gold for an annotator', () => {
    const text = staysLocal(file(['ann', 'bob', 'gold'], { ann: 12, bob: 1, gold: 1 }), 'bob', 'annotator');
    expect(text).toBe(
      'With team sync on, this stays in this browser only: 12 new spans into the layer of “ann” (the server takes only ' +
        'your own layer, “bob”, from you); 1 new span into gold (only a reviewer’s decisions are shared).',
    );
  });

  it('lets a reviewer’s gold and documents through, but not a colleague’s layer', () => {
    expect(staysLocal(file(['gold', 'gold:rejected'], { gold: 3 }, 5), 'lead', 'reviewer')).toBeNull();
    expect(staysLocal(file(['ann'], {}, 5), 'lead', 'reviewer')).toBe(
      'With team sync on, this stays in this browser only: what it brings into the layer of “ann” (the server takes ' +
        'only your own layer, “lead”, from you).',
    );
  });

  it('names an annotator’s new labels and the rejected layer, but not a reviewer’s', () => {
    expect(
      staysLocal(file(['bob', 'gold:rejected'], { bob: 1, 'gold:rejected': 2 }, 0, ['threat']), 'bob', 'annotator'),
    ).toBe(
      'With team sync on, this stays in this browser only: 2 new spans into gold:rejected (only a reviewer’s ' +
        'decisions are shared); 1 new label (only a reviewer changes the team’s labels; your spans with them reach ' +
        'the team and show there as unlisted).',
    );
    expect(staysLocal(file(['lead'], { lead: 1 }, 0, ['threat']), 'lead', 'reviewer')).toBeNull();
  });

  it('names an annotator’s new documents, and says when the server has not listed the member’s role yet', () => {
    expect(staysLocal(file(['bob'], { bob: 2 }, 1), 'bob', null)).toBe(
      'With team sync on, this stays in this browser only: 1 new document (only a reviewer’s documents reach the ' +
        'team; your spans in them wait in colleagues’ copies until one does). The server has not listed your role ' +
        'yet (or does not know this Annotator name).',
    );
  });
});
