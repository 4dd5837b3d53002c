import { describe, expect, it } from 'vitest';
import { headOf } from '../../../src/lib/model/documentHead';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import type { Span } from '../../../src/lib/model/types';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { documentOf } from '../../support/storedDocuments';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const LONG = 'long-report';
/** Sentences, each with "government" in some case: several hundred occurrences, more than one batch of requests. */
const SENTENCES = 450;

/** A long text: "government" once a sentence (every third capitalised), and words it must not match. */
function longText(): string {
  const sentences: string[] = [];
  for (let index = 0; index < SENTENCES; index++) {
    const word = index % 3 === 0 ? 'Government' : 'government';
    const around = ['the governments met', 'a subgovernment formed', 'the government-run press', 'Kyiv said'][
      index % 4
    ];
    sentences.push(`${index}. The ${word} said so; ${around}.`);
  }
  return sentences.join('\n');
}

/** Where `pattern` matches `text` (no astral characters here: UTF-16 offsets are code points). */
const placesOf = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match.index);

/** Stores the long text as a document, opens it, labels its first "government" as `claim`; `total` counts them. */
async function openLong(workbench: Workbench): Promise<{ text: string; labelled: Span; total: number }> {
  const text = longText();
  const document = documentOf(LONG, 99, text);
  const database = databaseOf(workbench);
  await database.documents.add(document);
  await database.heads.add(headOf(document));
  await until(() => workbench.corpus.documents.some((head) => head.id === LONG));
  workbench.open(LONG);
  await until(() => workbench.document.current?.id === LONG && workbench.document.viewShowsCurrent);
  const at = placesOf(text, /\bgovernment\b/gu)[0];
  const labelled = await workbench.labelling.createFromRange(workbench.document.current!, 'claim', at, at + 10, true);
  expect(labelled).not.toBeNull();
  return { text, labelled: labelled!, total: placesOf(text, /\bgovernment\b/giu).length };
}

/** The stored spans and suggestions of the open annotator's layer of the long document. */
async function storedLayer(workbench: Workbench) {
  const database = databaseOf(workbench);
  const layer = [LONG, workbench.session.annotator];
  const [spans, suggestions] = await Promise.all([
    database.spans.where('[documentId+annotator]').equals(layer).toArray(),
    database.suggestions.where('[documentId+annotator]').equals(layer).toArray(),
  ]);
  return { spans, suggestions };
}

describe('suggestions in a long document', () => {
  it('accepts nothing when another document is opened while the proposal Shift+A waits for is stored', async () => {
    const workbench = await startWorkbench();
    const { total } = await openLong(workbench);
    const proposing = workbench.suggestions.proposeOccurrences('document');
    const accepting = workbench.suggestions.acceptAll();
    // The annotator moves on before the proposal is stored.
    const other = workbench.corpus.documents.find((head) => head.id !== LONG)!.id;
    workbench.open(other);
    await proposing;
    await accepting;
    const { spans, suggestions } = await storedLayer(workbench);
    expect(spans).toHaveLength(1);
    expect(suggestions).toHaveLength(total - 1);
    expect(workbench.session.notice?.text).toBe(
      'Nothing accepted: another document was opened while the proposal was stored.',
    );
  });

  it('accepts, on Shift+A pressed while the occurrences are still being proposed, every one of them once stored', async () => {
    const workbench = await startWorkbench();
    const { text, total } = await openLong(workbench);
    const proposing = workbench.suggestions.proposeOccurrences('document');
    // Pressed at once: nothing of the proposal is stored, nor in the list, yet.
    await workbench.suggestions.acceptAll();
    await proposing;
    const { spans, suggestions } = await storedLayer(workbench);
    expect(suggestions).toHaveLength(0);
    expect(spans).toHaveLength(total);
    for (const span of spans) expect(sliceCodePoints(text, span.start, span.end).toLowerCase()).toBe('government');
    expect(workbench.session.notice?.text).toBe(`Accepted ${total - 1} suggestions.`);
    // One Ctrl+Z takes the whole acceptance back.
    await workbench.labelling.undo();
    const undone = await storedLayer(workbench);
    expect(undone.spans).toHaveLength(1);
    expect(undone.suggestions).toHaveLength(total - 1);
  });

  it('accepts every suggestion stored for the layer, also those its live list does not show yet', async () => {
    const workbench = await startWorkbench();
    const { text, total } = await openLong(workbench);
    const suggestions = workbench.suggestions;
    await suggestions.proposeOccurrences('document');
    await until(() => suggestions.list.length === total - 1);
    // More proposals stored (as a patterns file's would be); the list hears of them a moment later.
    const annotator = workbench.session.annotator;
    const said = placesOf(text, /\bsaid\b/gu).map((start) => ({
      documentId: LONG,
      annotator,
      start,
      end: start + 4,
      label: 'denial',
      source: 'pattern:said',
      text: 'said',
    }));
    expect(await workbench.store.proposeSuggestions(said, 1)).toHaveLength(said.length);
    expect(suggestions.list).toHaveLength(total - 1);
    await suggestions.acceptAll();
    const stored = await storedLayer(workbench);
    expect(stored.suggestions).toHaveLength(0);
    expect(stored.spans).toHaveLength(total + said.length);
    expect(workbench.session.notice?.text).toBe(`Accepted ${total - 1 + said.length} suggestions.`);
    await until(() => suggestions.list.length === 0);
  });

  it('proposes exactly the whole-word occurrences, in the case asked, but where a span of that label already is', async () => {
    const workbench = await startWorkbench();
    const { text, labelled } = await openLong(workbench);
    const annotator = workbench.session.annotator;
    const folded = placesOf(text, /\bgovernment\b/giu);
    const exact = placesOf(text, /\bgovernment\b/gu);
    // Some occurrences labelled already: claim (left out), and one as denial (still proposed as claim).
    const labelledAt = [labelled.start, ...folded.filter((_, index) => index % 7 === 3)];
    for (const start of labelledAt.slice(1))
      await workbench.labelling.createFromRange(workbench.document.current!, 'claim', start, start + 10, true);
    await workbench.labelling.createFromRange(workbench.document.current!, 'denial', folded[5], folded[5] + 10, true);
    // Proposing takes the span selected (not the one labelled last).
    workbench.document.selectSpan(labelled.id);
    const expectedFolded = folded.filter((start) => !labelledAt.includes(start));
    const expectedExact = exact.filter((start) => !labelledAt.includes(start));
    expect(expectedExact.length).toBeLessThan(expectedFolded.length);

    for (const [caseSensitive, expected] of [
      [true, expectedExact],
      [false, expectedFolded],
    ] as const) {
      workbench.suggestions.setCaseSensitive(caseSensitive);
      await workbench.suggestions.proposeOccurrences('document');
      const { suggestions } = await storedLayer(workbench);
      expect(suggestions.map((suggestion) => suggestion.start).sort((a, b) => a - b)).toEqual(expected);
      for (const suggestion of suggestions) {
        expect(suggestion).toMatchObject({
          annotator,
          label: 'claim',
          source: 'propagated',
          end: suggestion.start + 10,
        });
        expect(suggestion.text).toBe(sliceCodePoints(text, suggestion.start, suggestion.end));
      }
    }
    expect(workbench.session.notice?.text).toContain(
      `Proposed ${(expectedFolded.length - expectedExact.length).toLocaleString('en')} occurrences of “government” as claim in this document ` +
        `(${expectedExact.length + labelledAt.length - 1} already labelled or suggested)`,
    );
  });
});
