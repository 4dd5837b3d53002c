import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countByLabel,
  eachMatch,
  matchesOf,
  matchCount,
  MatchColumnsBuilder,
  totalMatches,
  type FoundMatches,
  type MatchColumns,
  type MatchTexts,
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
        const { columns, texts } = builder.build();
        const expected = documents.flatMap(([documentId, matches]) =>
          matches.map(({ start, end, label, source, text }) => ({ documentId, start, end, label, source, text })),
        );
        expect([...matchesOf(columns, texts)]).toEqual(expected);
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
            found.push(builder.build().columns);
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

  it('give every match found with its text, the texts asked for a page at a time, at most one page ahead', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.tuple(fc.uuid(), fc.array(match, { maxLength: 4 })), { maxLength: 3 }), { maxLength: 5 }),
        async (pagesOfDocuments) => {
          const pages: MatchColumns[] = [];
          const texts: MatchTexts[] = [];
          for (const documents of pagesOfDocuments) {
            const builder = new MatchColumnsBuilder();
            for (const [id, matches] of documents) builder.add(id, matches);
            const built = builder.build();
            pages.push(built.columns);
            texts.push(built.texts);
          }
          // Where the texts are held (a Worker in the app): which pages were asked for, and when.
          const asked: number[] = [];
          const found: FoundMatches = {
            pages,
            textsOf: (index) => {
              asked.push(index);
              return Promise.resolve(texts[index]);
            },
            release: () => undefined,
          };
          const expected = pagesOfDocuments
            .flat()
            .flatMap(([documentId, matches]) =>
              matches.map(({ start, end, label, source, text }) => ({ documentId, start, end, label, source, text })),
            );
          const seen = [];
          let page = 0;
          let read = 0;
          for await (const match of eachMatch(found)) {
            while (read === pages.slice(0, page + 1).reduce((sum, columns) => sum + matchCount(columns), 0)) page++;
            // While page `page`'s matches are read, no page after the next one has been asked for.
            expect(Math.max(...asked)).toBeLessThanOrEqual(page + 1);
            seen.push(match);
            read++;
          }
          expect(seen).toEqual(expected);
          expect(totalMatches(found)).toBe(expected.length);
          expect(asked).toEqual(pages.map((_, index) => index));
        },
      ),
    );
  });

  it('stop at a page whose texts are no longer held, with that reason', async () => {
    const builder = new MatchColumnsBuilder();
    builder.add('a', [{ start: 0, end: 1, label: 'claim', source: 'pattern:a', text: 'x' }]);
    const { columns, texts } = builder.build();
    const found: FoundMatches = {
      pages: [columns, columns],
      textsOf: (index) => (index === 0 ? Promise.resolve(texts) : Promise.reject(new Error('no longer held'))),
      release: () => undefined,
    };
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const match of eachMatch(found)) seen.push(match.text);
      })(),
    ).rejects.toThrow('no longer held');
    expect(seen).toEqual(['x']);
  });
});
