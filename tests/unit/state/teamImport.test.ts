import { describe, expect, it } from 'vitest';
import { staysLocal } from '../../../src/lib/state/teamImport';

const file = (annotators: string[], newSpansByLayer: Record<string, number>, newDocuments = 0) => ({
  annotators,
  newSpansByLayer,
  newDocuments,
});

describe('what of an import stays in this browser with team sync on', () => {
  it('is nothing when every span goes into the member’s own layer of documents the team has', () => {
    expect(staysLocal(file(['bob'], { bob: 4 }), 'bob', 'annotator')).toBeNull();
    expect(staysLocal(file([], {}), 'bob', 'annotator')).toBeNull();
  });

  it('counts and names the spans going into a colleague’s layer, and into gold for an annotator', () => {
    const text = staysLocal(file(['ann', 'bob', 'gold'], { ann: 12, bob: 1, gold: 1 }), 'bob', 'annotator');
    expect(text).toBe(
      'With team sync on, this stays in this browser only: 12 new spans into “ann”’s layer (the server takes only ' +
        'your own layer, “bob”, from you); 1 new span into gold (only a reviewer’s decisions are shared).',
    );
  });

  it('lets a reviewer’s gold and documents through, but not a colleague’s layer', () => {
    expect(staysLocal(file(['gold', 'gold:rejected'], { gold: 3 }, 5), 'lead', 'reviewer')).toBeNull();
    expect(staysLocal(file(['ann'], {}, 5), 'lead', 'reviewer')).toBe(
      'With team sync on, this stays in this browser only: what it brings into “ann”’s layer (the server takes ' +
        'only your own layer, “lead”, from you).',
    );
  });

  it('names an annotator’s new documents, and says when the server has not listed the member’s role yet', () => {
    expect(staysLocal(file(['bob'], { bob: 2 }, 1), 'bob', null)).toBe(
      'With team sync on, this stays in this browser only: 1 new document (only a reviewer’s documents reach the ' +
        'team; your spans in them wait in colleagues’ copies until one does). The server has not said yet whether ' +
        'you are a reviewer.',
    );
  });
});
