import { describe, expect, it } from 'vitest';
import {
  PartlyWritten,
  proposeInSlices,
  removeInSlices,
  restoreInSlices,
  SLICE,
} from '../../../src/lib/state/suggestionWrites';
import { createSpan } from '../../../src/lib/storage/spans';
import type { NewSuggestion } from '../../../src/lib/storage/store';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
/** A slice of a few batches of requests, smaller than {@link SLICE} so that a test stores several quickly. */
const SMALL = 250;

/** `count` one-character proposals spread over the corpus's documents, each at its own place. */
function proposals(documentIds: readonly string[], count: number, annotator: string): NewSuggestion[] {
  return Array.from({ length: count }, (_, index) => ({
    documentId: documentIds[index % documentIds.length],
    annotator,
    start: index,
    end: index + 1,
    label: 'claim',
    source: 'pattern:test',
    text: 'x',
  }));
}

describe('suggestions written a slice at a time', () => {
  it('stores a proposal of several slices whole, leaves out repeats across slices, and takes it all back', async () => {
    const workbench = await startWorkbench();
    const database = databaseOf(workbench);
    const ids = workbench.corpus.documents.map((document) => document.id);
    const many = proposals(ids, SMALL * 2 + 7, workbench.session.annotator);
    // The first proposal again at the very end: a later slice must see it stored by the first.
    const progress: number[] = [];
    const added = await proposeInSlices(workbench.store, [...many, many[0]], 1, (done) => progress.push(done), SMALL);
    expect(added).toHaveLength(many.length);
    expect(await database.suggestions.count()).toBe(many.length);
    expect(progress).toEqual([SMALL, SMALL * 2, SMALL * 2 + 8]);

    const removed = await removeInSlices(
      workbench.store,
      added.map((suggestion) => suggestion.id),
      SMALL,
    );
    expect(removed).toHaveLength(many.length);
    expect(await database.suggestions.count()).toBe(0);
    await restoreInSlices(workbench.store, removed, SMALL);
    expect((await database.suggestions.toArray()).sort((a, b) => a.start - b.start)).toEqual(
      [...added].sort((a, b) => a.start - b.start),
    );
  });

  it('stores the proposals of a slice in one transaction: a watcher of the layer sees none of them, then all', async () => {
    const workbench = await startWorkbench();
    const documentId = workbench.corpus.documents[0].id;
    const annotator = workbench.session.annotator;
    // Several batches of requests, fewer than a slice, all in one layer ("label all occurrences" in one text).
    const many = proposals([documentId], 450, annotator);
    expect(many.length).toBeLessThan(SLICE);
    const seen: number[] = [];
    const watch = workbench.store.watchSuggestions(documentId, annotator).subscribe({
      next: (list) => seen.push(list.length),
    });
    try {
      await until(() => seen.length > 0);
      const added = await proposeInSlices(workbench.store, many, 1);
      expect(added).toHaveLength(many.length);
      await until(() => seen.at(-1) === many.length);
      expect(seen.every((count) => count === 0 || count === many.length)).toBe(true);
    } finally {
      watch.unsubscribe();
    }
  });

  it('lets a label be stored while thousands of suggestions are being stored, not after them', async () => {
    const workbench = await startWorkbench();
    const documentId = workbench.corpus.documents[0].id;
    const annotator = workbench.session.annotator;
    const finished: string[] = [];
    const proposing = workbench.store
      .proposeSuggestions(proposals([documentId], 3000, annotator), 1)
      .then(() => finished.push('proposal'));
    const labelling = createSpan(databaseOf(workbench), {
      documentId,
      annotator,
      start: 0,
      end: 1,
      label: 'denial',
      text: workbench.document.current!.text[0],
    }).then(() => finished.push('label'));
    await Promise.all([proposing, labelling]);
    expect(finished).toEqual(['label', 'proposal']);
  });

  it('when a slice fails, says what the slices before it stored', async () => {
    const workbench = await startWorkbench();
    const ids = workbench.corpus.documents.map((document) => document.id);
    const store = workbench.store;
    const propose = store.proposeSuggestions.bind(store);
    let calls = 0;
    store.proposeSuggestions = (slice, now) =>
      ++calls === 2 ? Promise.reject(new Error('QuotaExceededError')) : propose(slice, now);
    const many = proposals(ids, SMALL * 3, workbench.session.annotator);
    const failure = await proposeInSlices(store, many, 1, undefined, SMALL).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartlyWritten);
    expect((failure as PartlyWritten<unknown>).written).toHaveLength(SMALL);
    expect(await databaseOf(workbench).suggestions.count()).toBe(SMALL);
  });

  it('counts each annotator’s suggestions by document, leaving out another annotator’s and documents without any', async () => {
    const workbench = await startWorkbench();
    const ids = workbench.corpus.documents.map((document) => document.id);
    const me = workbench.session.annotator;
    await proposeInSlices(workbench.store, proposals(ids.slice(0, 2), 5, me), 1, () => {}, SMALL);
    await proposeInSlices(workbench.store, proposals(ids.slice(1, 4), 7, 'someone-else'), 1, () => {}, SMALL);
    expect(await workbench.store.suggestionCounts(me)).toEqual(
      new Map([
        [ids[0], 3],
        [ids[1], 2],
      ]),
    );
    expect(await workbench.store.suggestionCounts('someone-else')).toEqual(
      new Map([
        [ids[1], 3],
        [ids[2], 2],
        [ids[3], 2],
      ]),
    );
    expect(await workbench.store.suggestionCounts('nobody')).toEqual(new Map());
  });
});
