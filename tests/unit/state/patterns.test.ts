import { describe, expect, it } from 'vitest';
import { searchInThisThread, type CorpusSearcher } from '../../../src/lib/state/corpusSearch';
import { PatternSuggestions, type PatternsContext } from '../../../src/lib/state/patterns.svelte';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

const file = (name: string, text: string) => ({ name, text: () => Promise.resolve(text) });
const RULES = '{"label": "claim", "pattern": "Russia"}\n';

/** Pattern suggestions over the workbench's corpus, matched by `find`; `more` of the context, as the workbench gives it. */
function patternsOf(workbench: Workbench, find: CorpusSearcher, more: Partial<PatternsContext> = {}) {
  return new PatternSuggestions(
    {
      store: workbench.store,
      session: workbench.session,
      history: workbench.labelling.history,
      documents: () => workbench.corpus.documents,
      labels: () => workbench.corpus.labels,
      ...more,
    },
    find,
  );
}

describe('pattern suggestions', () => {
  it('shows the progress of a search, and Cancel stops it with nothing stored', async () => {
    const workbench = await startWorkbench();
    let aborted = false;
    // A search that reports one document of the five done, then waits until it is cancelled.
    const slow: CorpusSearcher = (_databaseName, _search, onProgress, signal) =>
      new Promise((_resolve, reject) => {
        onProgress(1, 5);
        signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('cancelled', 'AbortError'));
        });
      });
    const patterns = patternsOf(workbench, slow);
    const loading = patterns.load(file('rules.jsonl', RULES));
    await until(() => patterns.step.kind === 'matching');
    expect(patterns.step).toEqual({ kind: 'matching', fileName: 'rules.jsonl', done: 1, total: 5 });
    patterns.cancel();
    await loading;
    expect(aborted).toBe(true);
    expect(patterns.step).toEqual({ kind: 'idle' });
    expect(workbench.session.notice?.text).toBe('Pattern matching cancelled; nothing was added.');
    expect(await databaseOf(workbench).suggestions.count()).toBe(0);
  });

  it('proposes matches for the annotator, leaving out spans they already have', async () => {
    const workbench = await startWorkbench();
    const current = workbench.document.current!;
    const at = current.text.indexOf('Russia');
    await workbench.labelling.createFromRange(current, 'claim', at, at + 'Russia'.length, true);
    const patterns = patternsOf(workbench, searchInThisThread);
    await patterns.load(file('rules.jsonl', RULES));
    const step = patterns.step;
    if (step.kind !== 'found') throw new Error(`not found: ${step.kind}`);
    // The preview counts what adding will add: the span the annotator has is left out of it.
    expect(step.fresh).toBe(step.matches - 1);
    expect(step.counts).toEqual([{ label: 'claim', matches: step.matches - 1, documents: 5, isNew: false }]);
    await patterns.add();
    const stored = await databaseOf(workbench).suggestions.toArray();
    expect(stored).toHaveLength(step.matches - 1);
    expect(stored.every((suggestion) => suggestion.annotator === workbench.session.annotator)).toBe(true);
    expect(stored.some((s) => s.documentId === current.id && s.start === at && s.end === at + 6)).toBe(false);
    expect(workbench.session.notice?.text).toMatch(
      new RegExp(
        `^Added ${stored.length} suggestions from rules\\.jsonl in 5 documents \\(1 already labelled or suggested\\)`,
      ),
    );
  });

  it('counts in its preview what adding will add: matches already spans or suggestions are left out of it', async () => {
    const workbench = await startWorkbench();
    const patterns = patternsOf(workbench, searchInThisThread);
    await patterns.load(file('rules.jsonl', RULES));
    const step = patterns.step;
    if (step.kind !== 'found') throw new Error(`not found: ${step.kind}`);
    expect(step.fresh).toBe(step.matches);
    // One match accepted as a span, the rest still suggestions: a preview of the same file counts none as new.
    await patterns.add();
    const [one] = await databaseOf(workbench).suggestions.toArray();
    await workbench.store.acceptSuggestions([one.id], 1);
    await patterns.load(file('rules.jsonl', RULES));
    expect(patterns.step).toMatchObject({ kind: 'found', matches: step.matches, fresh: 0, counts: [] });
    // Another file with the same pattern and one more: only the other's matches are new.
    await patterns.load(file('more.jsonl', `${RULES}{"label": "visit", "pattern": "Putin"}\n`));
    const more = patterns.step;
    if (more.kind !== 'found') throw new Error(`not found: ${more.kind}`);
    expect(more.counts.map((count) => count.label)).toEqual(['visit']);
    expect(more.fresh).toBe(more.matches - step.matches);
    await patterns.add();
    expect(await databaseOf(workbench).suggestions.count()).toBe(step.matches - 1 + more.fresh);
  });

  it('says plainly when nothing was added, and names the keys to step through what was as they now work', async () => {
    const workbench = await startWorkbench();
    const more = { keyName: (key: string) => `Alt+${key}`, openDocumentId: () => workbench.document.id };
    const first = patternsOf(workbench, searchInThisThread, more);
    const second = patternsOf(workbench, searchInThisThread, more);
    await first.load(file('rules.jsonl', RULES));
    await second.load(file('rules.jsonl', RULES));
    await first.add();
    expect(workbench.session.notice?.text).toMatch(
      /^Added \d+ suggestions from rules\.jsonl in 5 documents\. Alt\+J and Alt\+K step through them, Enter accepts, Backspace rejects\.$/u,
    );
    const added = await databaseOf(workbench).suggestions.count();
    // The second preview was counted before the first was added: adding it stores nothing, and says so.
    await second.add();
    expect(workbench.session.notice?.text).toBe(
      `Added no suggestions from rules.jsonl: its ${added} matches are already labelled or suggested.`,
    );
  });

  it('takes the labels the file brought back with its suggestions on undo, and brings them again on redo', async () => {
    const workbench = await startWorkbench();
    const patterns = patternsOf(workbench, searchInThisThread);
    await patterns.load(file('people.jsonl', '{"label": "person", "pattern": "Putin"}\n'));
    await patterns.add();
    const names = async () => (await databaseOf(workbench).labels.toArray()).map((label) => label.name);
    expect(await names()).toContain('person');
    const suggested = await databaseOf(workbench).suggestions.count();
    expect(suggested).toBeGreaterThan(0);
    await workbench.labelling.undo();
    expect(await databaseOf(workbench).suggestions.count()).toBe(0);
    expect(await names()).not.toContain('person');
    await workbench.labelling.redo();
    expect(await names()).toContain('person');
    expect(await databaseOf(workbench).suggestions.count()).toBe(suggested);
  });

  it('lets go of the matches’ texts where the search holds them once they are added or put away, not before', async () => {
    const workbench = await startWorkbench();
    const released: number[] = [];
    let searches = 0;
    // The search in this thread, with its texts' release recorded (a Worker holds them in the app).
    const find: CorpusSearcher = async (...search) => {
      const found = await searchInThisThread(...search);
      const id = ++searches;
      return { ...found, release: () => released.push(id) };
    };
    const patterns = patternsOf(workbench, find);
    await patterns.load(file('rules.jsonl', RULES));
    expect(patterns.step.kind).toBe('found');
    expect(released).toEqual([]);
    // Discarded: released; a second file's matches replace the first's, releasing them.
    await patterns.load(file('again.jsonl', RULES));
    expect(released).toEqual([1]);
    patterns.cancel();
    expect(released).toEqual([1, 2]);
    await patterns.load(file('rules.jsonl', RULES));
    const step = patterns.step;
    if (step.kind !== 'found') throw new Error(`not found: ${step.kind}`);
    await patterns.add();
    expect(released).toEqual([1, 2, 3]);
    const stored = await databaseOf(workbench).suggestions.toArray();
    expect(stored).toHaveLength(step.matches);
    expect(stored.every((suggestion) => suggestion.text === 'Russia')).toBe(true);
  });

  it('keeps the matches when their texts can no longer be had, stores none of them, and says why', async () => {
    const workbench = await startWorkbench();
    const find: CorpusSearcher = async (...search) => ({
      ...(await searchInThisThread(...search)),
      textsOf: () => Promise.reject(new Error('the matches’ texts are no longer held; search again')),
    });
    const patterns = patternsOf(workbench, find);
    await patterns.load(file('rules.jsonl', RULES));
    const step = patterns.step;
    await patterns.add();
    expect(patterns.step).toBe(step);
    expect(workbench.session.notice?.text).toMatch(/no longer held; search again/u);
    expect(await databaseOf(workbench).suggestions.count()).toBe(0);
  });

  it('a patterns file dropped for import is not analysed as data: it waits to be handed over, and nothing commits', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    await transfers.add([new File([RULES], 'rules.jsonl')], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'patterns');
    expect(item.format).toBe('patterns');
    expect(item.canCommit).toBe(false);
    expect(transfers.committable).toEqual([]);
    transfers.dismiss(item);
    expect(transfers.pending).toEqual([]);
    expect(transfers.dialogOpen).toBe(false);
    await item.commit();
    expect(await databaseOf(workbench).documents.count()).toBe(5);
  });
});
