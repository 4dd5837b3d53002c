import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countByLabel,
  eachMatch,
  matchCount,
  MatchColumnsBuilder,
  type MatchColumns,
} from '../../../src/lib/model/matchColumns';

const match = fc.record({
  start: fc.nat(1000),
  end: fc.nat(1000),
  label: fc.constantFrom('claim', 'visit'),
  source: fc.constantFrom('pattern:a.jsonl', 'pattern:b'),
  text: fc.string(),
});

describe('match columns', () => {
  it('give back every match of every document with matches, in order, with its label, source and text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uuid(), fc.array(match, { maxLength: 5 })), { maxLength: 8 }), (documents) => {
        const builder = new MatchColumnsBuilder();
        for (const [id, matches] of documents) builder.add(id, matches);
        const columns = builder.build();
        const expected = documents.flatMap(([documentId, matches]) =>
          matches.map(({ start, end, label, source, text }) => ({ documentId, start, end, label, source, text })),
        );
        expect([...eachMatch(columns)]).toEqual(expected);
        expect(matchCount(columns)).toBe(expected.length);
        // A document without matches takes no room; each (label, source) is stored once.
        expect(columns.documentIds).toEqual(documents.filter(([, matches]) => matches.length > 0).map(([id]) => id));
        expect(columns.kindTable.length).toBe(new Set(expected.map((m) => `${m.label} ${m.source}`)).size);
      }),
    );
  });

  it('count each label’s matches and the documents holding one, over pages of columns', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.uuid(), fc.array(match, { maxLength: 5 })), {
          selector: ([id]) => id,
          maxLength: 12,
        }),
        fc.nat(4),
        (documents, pageSize) => {
          // The documents in pages, as a search sends them, each page its own columns.
          const found: MatchColumns[] = [];
          for (let from = 0; from < documents.length; from += pageSize + 1) {
            const builder = new MatchColumnsBuilder();
            for (const [id, matches] of documents.slice(from, from + pageSize + 1)) builder.add(id, matches);
            found.push(builder.build());
          }
          const expected = new Map<string, { matches: number; documents: Set<string> }>();
          for (const [id, matches] of documents)
            for (const { label } of matches) {
              const entry = expected.get(label) ?? { matches: 0, documents: new Set<string>() };
              entry.matches++;
              entry.documents.add(id);
              expected.set(label, entry);
            }
          expect(countByLabel(found)).toEqual(
            [...expected].map(([label, { matches, documents }]) => ({ label, matches, documents: documents.size })),
          );
        },
      ),
    );
  });
});
