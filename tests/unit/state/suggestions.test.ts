import { describe, expect, it, vi } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { truncate } from '../../../src/lib/state/truncate';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { exportRecords } from '../../../src/lib/storage/exporter';
import { listAnnotators } from '../../../src/lib/storage/annotators';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const FOX = '000_c25c54a9dd113007';
const COPY = '001_1588cc6f968110a1';

/** Labels the first occurrence of `phrase` in the open document (UTF-16 search, precise). */
async function label(workbench: Workbench, phrase: string, name = 'claim') {
  const current = workbench.document.current!;
  const at = current.text.indexOf(phrase);
  expect(at).toBeGreaterThanOrEqual(0);
  const span = await workbench.labelling.createFromRange(current, name, at, at + phrase.length, true);
  expect(span).not.toBeNull();
  return span!;
}

async function openAndWait(workbench: Workbench, id: string) {
  workbench.open(id);
  await until(() => workbench.document.current?.id === id && workbench.document.viewShowsCurrent);
}

async function exportAll(workbench: Workbench) {
  const { blob } = await exportRecords(databaseOf(workbench), {
    format: 'native',
    unit: 'codepoint',
    scope: 'all',
    annotator: 'all',
    unlabelled: 'none',
  });
  return (await blob.text())
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(
      (line) => JSON.parse(line) as { id: string; text: string; annotator: string; spans: Record<string, unknown>[] },
    );
}

/** A workbench on the Fox article with "Russia" labelled and its occurrences there proposed (three or more). */
async function russiaProposed() {
  const workbench = await startWorkbench();
  await openAndWait(workbench, FOX);
  await label(workbench, 'Russia');
  await workbench.suggestions.proposeOccurrences('document');
  await until(() => workbench.suggestions.list.length >= 3);
  return workbench;
}

describe('suggestions', () => {
  it('proposes the other occurrences of a span just labelled, whole words, and reports how many', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    const text = workbench.document.current!.text;
    const labelled = await label(workbench, 'Russia');
    await workbench.suggestions.proposeOccurrences('document');
    await until(() => workbench.suggestions.list.length > 0);
    const list = workbench.suggestions.list;
    // Whole words: "Russian" is not an occurrence of "Russia".
    const expected = [...text.matchAll(/\bRussia\b/gu)].length - 1;
    expect(list).toHaveLength(expected);
    for (const suggestion of list) {
      expect(sliceCodePoints(text, suggestion.start, suggestion.end)).toBe('Russia');
      expect(suggestion).toMatchObject({
        label: 'claim',
        source: 'propagated',
        annotator: workbench.session.annotator,
      });
      expect(suggestion.start).not.toBe(labelled.start);
    }
    expect(workbench.session.notice?.text).toContain(
      `Proposed ${expected} occurrences of “Russia” as claim in this document`,
    );
    // Suggestions are nobody's spans: not in the layer, not an annotator, not exported.
    expect(workbench.document.spans).toHaveLength(1);
    expect(await listAnnotators(databaseOf(workbench))).toEqual([workbench.session.annotator]);
    const records = await exportAll(workbench);
    expect(records.flatMap((record) => record.spans)).toHaveLength(1);

    // Proposing again adds nothing: each is already suggested; the status line says so, and gives no keys to step.
    await workbench.suggestions.proposeOccurrences('document');
    expect(workbench.session.notice?.text).toBe(
      `Nothing proposed for “Russia” in this document: ${expected} other occurrences already labelled or suggested.`,
    );
  });

  it('says plainly that nothing was proposed when the span occurs nowhere else, with no keys to step through', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    await label(workbench, 'Check out what’s clicking');
    await workbench.suggestions.proposeOccurrences('corpus');
    expect(workbench.session.notice?.text).toBe(
      'Nothing proposed: “Check out what’s clicking” occurs nowhere else in the 5 documents.',
    );
    expect(workbench.suggestions.list).toHaveLength(0);
  });

  it('goes on with J (and K) to the next (previous) document that has suggestions, focusing its first (last)', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    await label(workbench, 'Russia');
    await workbench.suggestions.proposeOccurrences('document');
    await until(() => workbench.suggestions.list.length > 0);
    const proposed = workbench.suggestions.list.map((suggestion) => suggestion.id);
    expect(proposed.length).toBeGreaterThan(1);
    // In the next document there are none: J opens the one that has some, and says so.
    await openAndWait(workbench, COPY);
    workbench.suggestions.step(1);
    await until(() => workbench.document.id === FOX && workbench.suggestions.focusedId !== null);
    expect(workbench.suggestions.focusedId).toBe(workbench.suggestions.views[0].id);
    expect(workbench.session.notice?.text).toBe(
      `No suggestions in “${truncate(workbench.corpus.find(COPY)!.title)}”: opened “${truncate(workbench.corpus.find(FOX)!.title)}”, with ${proposed.length} suggestions.`,
    );
    // K from a document without any goes back round to the last of them.
    await openAndWait(workbench, COPY);
    workbench.suggestions.step(-1);
    await until(() => workbench.document.id === FOX && workbench.suggestions.focusedId !== null);
    expect(workbench.suggestions.focusedId).toBe(workbench.suggestions.views.at(-1)!.id);
  });

  it('says that reading failed, not that there are no suggestions, when J cannot read where they are', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    const suggestions = databaseOf(workbench).suggestions;
    const orderBy = vi.spyOn(suggestions, 'orderBy').mockImplementation(() => {
      throw new Error('the disk is gone');
    });
    workbench.suggestions.step(1);
    await until(() => workbench.session.notice !== null);
    expect(workbench.session.notice).toMatchObject({
      text: 'Reading storage failed: Error: the disk is gone',
      tone: 'error',
    });
    expect(workbench.document.id).toBe(FOX);
    orderBy.mockRestore();
  });

  it('names the keys as they work with single-key shortcuts off (Alt+J, Alt+O, Alt+])', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    workbench.nameKeysBy(() => 'alt');
    workbench.suggestions.step(1);
    await until(
      () =>
        workbench.session.notice?.text ===
        'No suggestions in this document or any other: press Alt+O to propose the occurrences of a span.',
    );
    await workbench.suggestions.proposeOccurrences('document');
    expect(workbench.session.notice?.text).toBe(
      'Label a span (or select one with Alt+] ) first, then press Alt+O to propose its other occurrences.',
    );
    await label(workbench, 'Russia');
    await workbench.suggestions.proposeOccurrences('document');
    expect(workbench.session.notice?.text).toMatch(
      /^Proposed \d+ occurrences of “Russia” as claim in this document\. Alt\+J and Alt\+K step through them, Enter accepts, Backspace rejects\.$/u,
    );
    // The labelling's own hints too.
    workbench.document.selectSpan(null);
    workbench.labelling.dropInHand();
    workbench.labelling.editNote();
    expect(workbench.session.notice?.text).toBe(
      'Select a span first (click it, or press Alt+] ), or label one, then press Alt+; to write its note.',
    );
    await workbench.labelling.toggleExample();
    expect(workbench.session.notice?.text).toBe(
      'Select a span first (click it, or press Alt+] ), or label one, then press Alt+E to mark it as an example.',
    );
    // Pressed alone again: the keys are named alone.
    workbench.nameKeysBy(() => 'plain');
    await workbench.labelling.undo();
    await workbench.suggestions.proposeOccurrences('document');
    expect(workbench.session.notice?.text).toContain('. J and K step through them');
  });

  it('says so when Backspace finds the suggestion gone in another tab a moment before, and moves on', async () => {
    const workbench = await russiaProposed();
    const suggestions = workbench.suggestions;
    suggestions.step(1);
    const [first, second] = suggestions.list;
    // Another tab rejects it first (straight in storage); this tab's Backspace finds nothing to reject.
    await workbench.store.removeSuggestions([first.id]);
    await suggestions.reject(first.id);
    expect(workbench.session.notice?.text).toBe(
      'Nothing to reject: the suggestion was accepted or rejected meanwhile (in another tab).',
    );
    await until(() => suggestions.focused?.id === second.id);
    expect(workbench.labelling.history.peek('undo')?.description).not.toMatch(/^reject/u);
  });

  it('goes through each suggestion once with J, Enter, J, Backspace, J: J after a decision keeps the one it moved on to (helper-182)', async () => {
    const workbench = await russiaProposed();
    const suggestions = workbench.suggestions;
    const [first, second, third] = suggestions.list;
    suggestions.step(1);
    expect(suggestions.focused?.id).toBe(first.id);
    await suggestions.accept();
    suggestions.step(1);
    expect(suggestions.focused?.id).toBe(second.id);
    // A second J moves on, as J does; K goes back.
    suggestions.step(1);
    expect(suggestions.focused?.id).toBe(third.id);
    suggestions.step(-1);
    expect(suggestions.focused?.id).toBe(second.id);
    await suggestions.reject();
    suggestions.step(1);
    expect(suggestions.focused?.id).toBe(third.id);
    expect(workbench.announcer.text).toMatch(/^Suggestion \d+ of \d+: claim “Russia”/u);
  });

  it('accepts by key order with Enter-like steps, rejects, accepts all, and undoes each like a label', async () => {
    const workbench = await russiaProposed();
    const total = workbench.suggestions.list.length;
    const suggestions = workbench.suggestions;

    suggestions.step(1);
    const first = suggestions.focused!;
    expect(first).toBe(suggestions.list[0]);
    await suggestions.accept();
    await until(() => workbench.document.spans.length === 2 && suggestions.list.length === total - 1);
    const accepted = workbench.document.spans.find((span) => span.start === first.start)!;
    expect(accepted).toMatchObject({ label: 'claim', text: 'Russia', source: 'propagated' });
    // Focus moved on to the next suggestion, read out as the first of those left; reject it.
    const second = suggestions.focused!;
    expect(second.id).toBe(suggestions.list[0].id);
    expect(workbench.announcer.text).toMatch(new RegExp(`^Suggestion 1 of ${total - 1}: `, 'u'));
    await suggestions.reject();
    expect(workbench.announcer.text).toMatch(new RegExp(`^Suggestion 1 of ${total - 2}: `, 'u'));
    await until(() => suggestions.list.length === total - 2);
    expect(workbench.document.spans).toHaveLength(2);

    // Undo the rejection, then the acceptance: back as proposed.
    await workbench.labelling.undo();
    await until(() => suggestions.list.length === total - 1);
    await workbench.labelling.undo();
    await until(() => suggestions.list.length === total && workbench.document.spans.length === 1);
    await workbench.labelling.redo();
    await until(() => suggestions.list.length === total - 1 && workbench.document.spans.length === 2);

    await suggestions.acceptAll();
    await until(() => suggestions.list.length === 0 && workbench.document.spans.length === total + 1);
    const records = await exportAll(workbench);
    const spans = records.flatMap((record) => record.spans.map((span) => ({ span, text: record.text })));
    expect(spans).toHaveLength(total + 1);
    for (const { span, text } of spans)
      expect(sliceCodePoints(text, Number(span.start), Number(span.end))).toBe(span.text);
    expect(
      spans.filter(({ span }) => (span.meta as { source?: string } | undefined)?.source === 'propagated'),
    ).toHaveLength(total);
    await workbench.labelling.undo();
    await until(() => suggestions.list.length === total - 1 && workbench.document.spans.length === 2);
  });

  it('leaves out, when the occurrences are proposed again, those rejected in this tab, and says so; an undone rejection comes back', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    await label(workbench, 'Russia');
    const suggestions = workbench.suggestions;
    await suggestions.proposeOccurrences('document');
    await until(() => suggestions.list.length >= 3);
    const total = suggestions.list.length;
    const [first, second] = suggestions.list;
    await suggestions.reject(first.id);
    await suggestions.reject(second.id);
    await until(() => suggestions.list.length === total - 2);
    // The rest are put away; proposing again brings back all but the two rejected.
    await suggestions.acceptAll();
    await until(() => suggestions.list.length === 0);
    await workbench.labelling.undo();
    await until(() => suggestions.list.length === total - 2);
    await suggestions.reject(suggestions.list[0].id);
    await until(() => suggestions.list.length === total - 3);
    await workbench.labelling.undo();
    await until(() => suggestions.list.length === total - 2);
    await suggestions.proposeOccurrences('document');
    await until(() => /rejected before/u.test(workbench.session.notice?.text ?? ''));
    expect(workbench.session.notice?.text).toMatch(
      new RegExp(
        `^Nothing proposed for “Russia” in this document: ${total - 2} other occurrences? already labelled or suggested; 2 rejected before, left out\\.$`,
        'u',
      ),
    );
    const places = suggestions.list.map((suggestion) => suggestion.start);
    expect(places).not.toContain(first.start);
    expect(places).not.toContain(second.start);
  });

  it('proposes across the corpus, matching case only when asked', async () => {
    const workbench = await startWorkbench();
    await openAndWait(workbench, FOX);
    await label(workbench, 'North Korea');
    workbench.suggestions.setCaseSensitive(true);
    await workbench.suggestions.proposeOccurrences('corpus');
    const caseSensitive = workbench.session.notice?.text ?? '';
    expect(caseSensitive).toMatch(/Proposed \d+ occurrences of “North Korea” as claim in [2-5] of 5 documents/u);
    await workbench.labelling.undo();
    workbench.suggestions.setCaseSensitive(false);
    await workbench.suggestions.proposeOccurrences('corpus');
    const folded = Number(/Proposed (\d+)/u.exec(workbench.session.notice?.text ?? '')?.[1]);
    // "NORTH KOREA" headlines count without case.
    expect(folded).toBeGreaterThan(Number(/Proposed (\d+)/u.exec(caseSensitive)?.[1]));
    await openAndWait(workbench, COPY);
    await until(() => workbench.suggestions.list.length > 0);
    expect(workbench.suggestions.list.every((suggestion) => suggestion.documentId === COPY)).toBe(true);
  });

  it('projects the spans of the near-duplicate copy onto the same words, and counts what it could not place', async () => {
    const workbench = await startWorkbench();
    await until(() => workbench.nearDuplicates.of(COPY).length > 0);
    await openAndWait(workbench, FOX);
    const phrases = ['John Kirby', 'Kim Jong Un', 'Vladimir Putin'];
    for (const phrase of phrases) await label(workbench, phrase, 'visit');
    // Only in 000: the headline's curly quotes are straight in 001.
    await label(workbench, 'Check out what’s clicking', 'claim');
    await openAndWait(workbench, COPY);
    await workbench.suggestions.projectFromCopy();
    await until(() => workbench.suggestions.list.length === 3);
    const text = workbench.document.current!.text;
    for (const suggestion of workbench.suggestions.list) {
      expect(sliceCodePoints(text, suggestion.start, suggestion.end)).toBe(suggestion.text);
      expect(suggestion.source).toBe(`near-duplicate:${FOX}`);
    }
    expect(workbench.suggestions.list.map((suggestion) => suggestion.text).sort()).toEqual([...phrases].sort());
    // "Kim Jong Un" first appears in a caption only 001 has; the projection lands on the shared sentence.
    const kim = workbench.suggestions.list.find((suggestion) => suggestion.text === 'Kim Jong Un')!;
    expect([...text].slice(kim.start - 20, kim.start).join('')).toBe('North Korean leader ');
    expect(workbench.session.notice?.text).toContain('Proposed 3 spans from the copy');
    expect(workbench.session.notice?.text).toContain('1 could not be placed');
  });

  it('keeps the keymap free of clashes and dispatches the suggestion keys', async () => {
    const workbench = await startWorkbench();
    const { KeyController } = await import('../../../src/lib/state/keyboard');
    const keys = new KeyController({ workbench, review: () => null, toggleHelp: () => undefined });
    const press = (key: string, shiftKey = false) =>
      keys.handle({ key, code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey }, 'documents');
    await openAndWait(workbench, FOX);
    await label(workbench, 'Russia');
    // Enter with nothing focused is left to the browser.
    expect(press('Enter')).toBe(false);
    expect(press('o')).toBe(true);
    await until(() => workbench.suggestions.list.length > 2);
    const total = workbench.suggestions.list.length;
    press('j');
    expect(workbench.suggestions.focusedId).toBe(workbench.suggestions.list[0].id);
    expect(press('Enter')).toBe(true);
    await until(() => workbench.document.spans.length === 2);
    press('Backspace');
    await until(() => workbench.suggestions.list.length === total - 2);
    expect(workbench.document.spans).toHaveLength(2);
    // A label key on the focused suggestion takes it as that label.
    press('j');
    expect(press('3')).toBe(true);
    await until(() => workbench.document.spans.some((span) => span.label === 'sanction'));
    expect(workbench.suggestions.list).toHaveLength(total - 3);
    press('A', true);
    await until(() => workbench.suggestions.list.length === 0 && workbench.document.spans.length === total);
  });
});
